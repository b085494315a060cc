#include "controller/http/clusterroutes.h"

#include "controller/controllercore.h"
#include "controller/http/queryparams.h"

#include <QJsonArray>
#include <QJsonObject>

#include <limits>
#include <memory>

namespace drove::controller::http {

using namespace drove::protocol;

namespace {

constexpr qint64 kIntMax = std::numeric_limits<qint32>::max();
constexpr qint64 kLongMax = std::numeric_limits<qint64>::max();

} // namespace

void ClusterRoutes::install(Router &router, ControllerCore &core)
{
    auto self = std::shared_ptr<ClusterRoutes>(new ClusterRoutes(core));
    auto bind = [self](HttpReply (ClusterRoutes::*method)(const ApiRequest &) const) {
        return [self, method](const ApiRequest &request) {
            return ((*self).*method)(request);
        };
    };
    const auto post = HttpMethod::Post;
    const auto get = HttpMethod::Get;
    router.add({get, QStringLiteral("/apis/v1/ping"), Access::AnyUser, bind(&ClusterRoutes::ping)});
    router.add(
        {get, QStringLiteral("/apis/v1/cluster"), Access::AnyUser, bind(&ClusterRoutes::cluster)});
    router.add({post, QStringLiteral("/apis/v1/cluster/maintenance/set"), Access::Maintain,
                bind(&ClusterRoutes::setMaintenance)});
    router.add({post, QStringLiteral("/apis/v1/cluster/maintenance/unset"), Access::Maintain,
                bind(&ClusterRoutes::unsetMaintenance)});
    router.add({get, QStringLiteral("/apis/v1/cluster/executors"), Access::AnyUser,
                bind(&ClusterRoutes::executors)});
    router.add({get, QStringLiteral("/apis/v1/cluster/executors/{id}"), Access::AnyUser,
                bind(&ClusterRoutes::executor)});
    router.add({post, QStringLiteral("/apis/v1/cluster/executors/blacklist"), Access::Maintain,
                bind(&ClusterRoutes::blacklistMany)});
    router.add({post, QStringLiteral("/apis/v1/cluster/executors/unblacklist"), Access::Maintain,
                bind(&ClusterRoutes::unblacklistMany)});
    router.add({post, QStringLiteral("/apis/v1/cluster/executors/{id}/blacklist"), Access::Maintain,
                bind(&ClusterRoutes::blacklistOne)});
    router.add({post, QStringLiteral("/apis/v1/cluster/executors/{id}/unblacklist"),
                Access::Maintain, bind(&ClusterRoutes::unblacklistOne)});
    router.add({get, QStringLiteral("/apis/v1/cluster/events/latest"), Access::AnyUser,
                bind(&ClusterRoutes::eventsLatest)});
    router.add({get, QStringLiteral("/apis/v1/cluster/events/summary"), Access::AnyUser,
                bind(&ClusterRoutes::eventsSummary)});
    router.add({get, QStringLiteral("/apis/v1/cluster/events"), Access::AnyUser,
                bind(&ClusterRoutes::eventsLegacy)});
}

HttpReply ClusterRoutes::ping(const ApiRequest &) const
{
    return HttpReply::success(QStringLiteral("pong"));
}

HttpReply ClusterRoutes::cluster(const ApiRequest &) const
{
    const std::optional<ClusterSummary> summary = m_core.clusterSummary();
    if (!summary)
        return HttpReply::failed(200, QStringLiteral("Could not fetch cluster summary"));
    return HttpReply::success(summary->toJson());
}

HttpReply ClusterRoutes::setMaintenance(const ApiRequest &) const
{
    return HttpReply::success(m_core.setMaintenance().toJson());
}

HttpReply ClusterRoutes::unsetMaintenance(const ApiRequest &) const
{
    return HttpReply::success(m_core.unsetMaintenance().toJson());
}

HttpReply ClusterRoutes::executors(const ApiRequest &) const
{
    QJsonArray data;
    for (const ExecutorSummary &executor : m_core.executors())
        data.append(executor.toJson());
    return HttpReply::success(data);
}

HttpReply ClusterRoutes::executor(const ApiRequest &request) const
{
    const QString id = request.param(QStringLiteral("id"));
    const std::optional<ExecutorNodeData> details = m_core.executorDetails(id);
    if (!details)
        return HttpReply::failed(200, QStringLiteral("No executor found with id: %1").arg(id));
    return HttpReply::success(details->toJson());
}

HttpReply ClusterRoutes::blacklisting(const QStringList &executorIds, bool blacklist) const
{
    // Checked here, before the engine, exactly as Drove's ResponseEngine does.
    if (m_core.isInMaintenanceWindow())
        return HttpReply::failed(200, QStringLiteral("Cluster is in maintenance mode"));
    const BlacklistOperationResponse response
        = blacklist ? m_core.blacklist(executorIds) : m_core.unblacklist(executorIds);
    return HttpReply::success(response.toJson());
}

HttpReply ClusterRoutes::blacklistMany(const ApiRequest &request) const
{
    QueryParams params(request.query);
    QStringList ids = params.all(QStringLiteral("id"));
    ids.removeDuplicates(); // a Java Set<String>
    if (ids.isEmpty())
        params.addViolation(QStringLiteral("query param id must not be empty"));
    if (auto error = params.error())
        return *error;
    return blacklisting(ids, true);
}

HttpReply ClusterRoutes::unblacklistMany(const ApiRequest &request) const
{
    QueryParams params(request.query);
    QStringList ids = params.all(QStringLiteral("id"));
    ids.removeDuplicates();
    if (ids.isEmpty())
        params.addViolation(QStringLiteral("query param id must not be empty"));
    if (auto error = params.error())
        return *error;
    return blacklisting(ids, false);
}

HttpReply ClusterRoutes::blacklistOne(const ApiRequest &request) const
{
    return blacklisting({request.param(QStringLiteral("id"))}, true);
}

HttpReply ClusterRoutes::unblacklistOne(const ApiRequest &request) const
{
    return blacklisting({request.param(QStringLiteral("id"))}, false);
}

HttpReply ClusterRoutes::eventsLatest(const ApiRequest &request) const
{
    QueryParams params(request.query);
    const qint64 lastSyncTime = params.int64(QStringLiteral("lastSyncTime"), 0, 0, kLongMax);
    const qint64 size = params.int32(QStringLiteral("size"), 1024, 0, kIntMax);
    if (auto error = params.error())
        return *error;
    return HttpReply::success(m_core.eventsSince(lastSyncTime, size).toJson());
}

HttpReply ClusterRoutes::eventsSummary(const ApiRequest &request) const
{
    QueryParams params(request.query);
    const qint64 lastSyncTime = params.int64(QStringLiteral("lastSyncTime"), 0, 0, kLongMax);
    if (auto error = params.error())
        return *error;
    return HttpReply::success(m_core.eventsSummary(lastSyncTime).toJson());
}

HttpReply ClusterRoutes::eventsLegacy(const ApiRequest &request) const
{
    QueryParams params(request.query);
    const qint64 lastSyncTime = params.int64(QStringLiteral("lastSyncTime"), 0, 0, kLongMax);
    const qint64 size = params.int32(QStringLiteral("size"), 1024, 0, kIntMax);
    if (auto error = params.error())
        return *error;
    return HttpReply::success(
        DroveEventsList::listToJson(m_core.eventsSince(lastSyncTime, size).events));
}

} // namespace drove::controller::http
