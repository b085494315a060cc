#include "protocol/apipaths.h"

#include <QUrl>

namespace drove::protocol {

namespace {

constexpr ApiMethod Get = ApiMethod::Get;
constexpr ApiMethod Post = ApiMethod::Post;

// drove-controller resources/{ApplicationResource,ClusterResource,LogFileResource}.java.
constexpr std::array<ApiPathInfo, 30> kPaths {{
    {ApiPath::Ping, Get, "/apis/v1/ping"},
    {ApiPath::Cluster, Get, "/apis/v1/cluster"},
    {ApiPath::ClusterDashboard, Get, "/apis/v1/cluster/dashboard"},
    {ApiPath::MaintenanceSet, Post, "/apis/v1/cluster/maintenance/set"},
    {ApiPath::MaintenanceUnset, Post, "/apis/v1/cluster/maintenance/unset"},
    {ApiPath::Executors, Get, "/apis/v1/cluster/executors"},
    {ApiPath::Executor, Get, "/apis/v1/cluster/executors/{id}"},
    {ApiPath::BlacklistExecutors, Post, "/apis/v1/cluster/executors/blacklist"},
    {ApiPath::UnblacklistExecutors, Post, "/apis/v1/cluster/executors/unblacklist"},
    {ApiPath::BlacklistExecutor, Post, "/apis/v1/cluster/executors/{id}/blacklist"},
    {ApiPath::UnblacklistExecutor, Post, "/apis/v1/cluster/executors/{id}/unblacklist"},
    {ApiPath::EventsLatest, Get, "/apis/v1/cluster/events/latest"},
    {ApiPath::EventsSummary, Get, "/apis/v1/cluster/events/summary"},
    {ApiPath::EventsLegacy, Get, "/apis/v1/cluster/events"},
    {ApiPath::SubmitOperation, Post, "/apis/v1/applications/operations"},
    {ApiPath::SubmitOperationShort, Post, "/apis/v1/operations"},
    {ApiPath::CancelOperation, Post, "/apis/v1/applications/operations/{appId}/cancel"},
    {ApiPath::CancelOperationShort, Post, "/apis/v1/operations/{appId}/cancel"},
    {ApiPath::ValidateSpec, Post, "/apis/v1/applications/validate/spec"},
    {ApiPath::Applications, Get, "/apis/v1/applications"},
    {ApiPath::Application, Get, "/apis/v1/applications/{id}"},
    {ApiPath::ApplicationSpec, Get, "/apis/v1/applications/{id}/spec"},
    {ApiPath::Instances, Get, "/apis/v1/applications/{id}/instances"},
    {ApiPath::OldInstances, Get, "/apis/v1/applications/{id}/instances/old"},
    {ApiPath::Instance, Get, "/apis/v1/applications/{id}/instances/{instanceId}"},
    {ApiPath::Endpoints, Get, "/apis/v1/endpoints"},
    {ApiPath::AppEndpoints, Get, "/apis/v1/endpoints/app/{appName}"},
    {ApiPath::LogList, Get, "/apis/v1/logfiles/applications/{appId}/{instanceId}/list"},
    {ApiPath::LogRead, Get, "/apis/v1/logfiles/applications/{appId}/{instanceId}/read/{file}"},
    {ApiPath::LogDownload, Get,
     "/apis/v1/logfiles/applications/{appId}/{instanceId}/download/{file}"},
}};

constexpr bool inEnumOrder()
{
    for (std::size_t i = 0; i < kPaths.size(); ++i) {
        if (std::size_t(kPaths[i].path) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(), "kPaths must list every ApiPath once, in enum order");

} // namespace

const std::array<ApiPathInfo, 30> &apiPaths()
{
    return kPaths;
}

QString apiPathTemplate(ApiPath path)
{
    return QString::fromLatin1(kPaths[std::size_t(path)].pattern);
}

ApiMethod apiMethod(ApiPath path)
{
    return kPaths[std::size_t(path)].method;
}

QString apiPath(ApiPath path, const QStringList &args)
{
    const QString pattern = apiPathTemplate(path);
    QString result;
    result.reserve(pattern.size() + 64);
    qsizetype next = 0;
    qsizetype at = 0;
    while (at < pattern.size()) {
        const qsizetype open = pattern.indexOf(QLatin1Char('{'), at);
        if (open < 0 || next >= args.size()) {
            result += QStringView(pattern).mid(at);
            break;
        }
        const qsizetype close = pattern.indexOf(QLatin1Char('}'), open);
        result += QStringView(pattern).mid(at, open - at);
        result += QString::fromLatin1(QUrl::toPercentEncoding(args.at(next++)));
        at = close + 1;
    }
    return result;
}

} // namespace drove::protocol
