#include "controller/http/droveapi.h"

#include "controller/http/applicationroutes.h"
#include "controller/http/clusterroutes.h"
#include "controller/http/logfileroutes.h"

namespace drove::controller::http {

void installDroveApi(Router &router, ControllerCore &core)
{
    ClusterRoutes::install(router, core);
    ApplicationRoutes::install(router, core);
    LogFileRoutes::install(router, core);
}

} // namespace drove::controller::http
