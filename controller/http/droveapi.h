#pragma once

#include "controller/http/router.h"

namespace drove::controller {
class ControllerCore;
}

namespace drove::controller::http {

/// Installs every Drove route served by the embedded controller (applications, operations,
/// instances, endpoints, cluster, executors, events, log files) into \a router. The core must
/// outlive the router's handlers.
void installDroveApi(Router &router, ControllerCore &core);

} // namespace drove::controller::http
