#pragma once

#include <QString>
#include <QStringList>

#include <array>

namespace drove::protocol {

/// Every path of the Drove API (PhonePe/drove 1.33.3, drove-api.md §2) that this project serves
/// or calls: the one table behind the embedded controller's router, the console's request
/// builders and the commands it prints ("Copy as curl").
enum class ApiPath {
    Ping,
    Cluster,
    ClusterDashboard,
    MaintenanceSet,
    MaintenanceUnset,
    Executors,
    Executor,
    BlacklistExecutors,
    UnblacklistExecutors,
    BlacklistExecutor,
    UnblacklistExecutor,
    EventsLatest,
    EventsSummary,
    EventsLegacy,
    SubmitOperation,
    SubmitOperationShort, ///< /apis/v1/operations, an alias the real controller also serves
    CancelOperation,
    CancelOperationShort,
    ValidateSpec,
    Applications,
    Application,
    ApplicationSpec,
    Instances,
    OldInstances,
    Instance,
    Endpoints,
    AppEndpoints,
    LogList,
    LogRead,
    LogDownload,
};

enum class ApiMethod { Get, Post };

/// One row: the method and the path template; `{name}` stands for one path segment.
struct ApiPathInfo
{
    ApiPath path;
    ApiMethod method;
    const char *pattern;
};

/// The table, one row per ApiPath, in enum order.
const std::array<ApiPathInfo, 30> &apiPaths();

/// The template ("/apis/v1/applications/{appId}/instances").
QString apiPathTemplate(ApiPath path);
ApiMethod apiMethod(ApiPath path);

/// The path with its `{…}` segments replaced, in order, by \a args percent-encoded (so an id
/// with '/' stays one segment). Missing args leave the template's segment as it is.
QString apiPath(ApiPath path, const QStringList &args = {});

} // namespace drove::protocol
