#pragma once

#include "controller/http/router.h"

namespace drove::controller {
class ControllerCore;
}

namespace drove::controller::http {

/// Installs every Drove route served by the embedded controller into \a router. The core must
/// outlive the router's handlers. Routes (roles per drove-api.md §0.3; any = any authenticated):
///   GET  /apis/v1/ping                                              any
///   POST /apis/v1/applications/operations, /apis/v1/operations       READ_WRITE, ROOT
///   POST /apis/v1/applications/operations/{appId}/cancel,
///        /apis/v1/operations/{appId}/cancel                         READ_WRITE, ROOT
///   POST /apis/v1/applications/validate/spec                        any
///   GET  /apis/v1/applications[?from&size]                          any
///   GET  /apis/v1/applications/{id}[/spec|/instances[?state..]|/instances/old[?start&size]]
///   GET  /apis/v1/applications/{id}/instances/{instanceId}          any
///   GET  /apis/v1/endpoints[?app=..], /apis/v1/endpoints/app/{appName}
///   GET  /apis/v1/cluster, /cluster/executors, /cluster/executors/{id}
///   POST /apis/v1/cluster/maintenance/{set,unset}                   MAINTENANCE, ROOT
///   POST /apis/v1/cluster/executors/{blacklist,unblacklist}?id=..,
///        /apis/v1/cluster/executors/{id}/{blacklist,unblacklist}    MAINTENANCE, ROOT
///   GET  /apis/v1/cluster/events/latest, /cluster/events/summary, /cluster/events (deprecated)
///   GET  /apis/v1/logfiles/applications/{appId}/{instanceId}/{list,read/{file},download/{file}}
///                                                                   ROOT, READ_ONLY, READ_WRITE
/// HEAD works on every GET route; another method on a known path is 405.
void installDroveApi(Router &router, ControllerCore &core);

} // namespace drove::controller::http
