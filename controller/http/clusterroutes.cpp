#include "controller/http/clusterroutes.h"

#include "controller/controllercore.h"
#include "controller/http/queryparams.h"
#include "controller/http/rejectionreply.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace drove::controller::http {

using namespace drove::protocol;

namespace {

constexpr qint64 kIntMax = std::numeric_limits<qint32>::max();
constexpr qint64 kLongMax = std::numeric_limits<qint64>::max();
constexpr int kTopListSize = 5; // DashboardDataSource.MAX_ELEMENTS_IN_TOP_LIST

/// Every value of a state enum with a zero count, as the real dashboard's EnumMaps start.
QJsonObject zeroCounts(std::initializer_list<const char *> names)
{
    QJsonObject counts;
    for (const char *name : names)
        counts.insert(QLatin1String(name), 0);
    return counts;
}

template<typename E>
QJsonObject zeroCounts()
{
    QJsonObject counts;
    for (const E value : enumValues<E>())
        counts.insert(protocol::toString(value), 0);
    return counts;
}

void increment(QJsonObject &counts, const QString &key)
{
    counts.insert(key, counts.value(key).toInteger() + 1);
}

/// The app's dominant share of the cluster (CPU or memory, whichever is larger), in millionths:
/// the ordering of the real dashboard's "top apps".
qint64 dominantShare(const AppSummary &app, const ClusterSummary &cluster)
{
    const qint64 cpu = qint64(app.totalCPUs) * 1'000'000 / qMax(1, cluster.totalCores);
    const qint64 memory = app.totalMemory * 1'000'000 / qMax<qint64>(1, cluster.totalMemory);
    return qMax(cpu, memory);
}

QJsonObject executorStats(const QList<ExecutorSummary> &executors)
{
    QJsonObject byState = zeroCounts<ExecutorState>();
    QList<double> utilizations;
    double highest = 0;
    double lowest = 0;
    for (const ExecutorSummary &executor : executors) {
        if (executor.state)
            increment(byState, protocol::toString(*executor.state));
        const qint64 cores = qint64(executor.usedCores) + executor.freeCores;
        const qint64 memory = executor.usedMemory + executor.freeMemory;
        // Dominant utilisation: an executor is as full as its fullest resource.
        const double utilization
            = qMax(cores > 0 ? double(executor.usedCores) / double(cores) : 0.0,
                   memory > 0 ? double(executor.usedMemory) / double(memory) : 0.0);
        utilizations.append(utilization);
        highest = qMax(highest, utilization);
        lowest = lowest == 0.0 ? utilization : qMin(lowest, utilization);
    }
    double average = 0;
    for (const double utilization : utilizations)
        average += utilization;
    average = utilizations.isEmpty() ? 0.0 : average / double(utilizations.size());
    // Balance: coefficient of variation of the utilisations (lower is more even). The real
    // controller divides by a zero mean on an idle cluster (NaN); JSON has no NaN, so 0.
    double variance = 0;
    for (const double utilization : utilizations)
        variance += (utilization - average) * (utilization - average);
    variance = utilizations.isEmpty() ? 0.0 : variance / double(utilizations.size());
    const double balance = average > 0 ? std::sqrt(variance) / average : 0.0;
    return {{QStringLiteral("executorCountByState"), byState},
            {QStringLiteral("utilization"),
             QJsonObject {{QStringLiteral("averageUtilization"), average},
                          {QStringLiteral("highestUtilization"), highest},
                          {QStringLiteral("lowestUtilization"), lowest},
                          {QStringLiteral("balanceScore"), balance}}}};
}

} // namespace

void ClusterRoutes::install(Router &router, ControllerCore &core)
{
    auto self = std::shared_ptr<ClusterRoutes>(new ClusterRoutes(core));
    auto bind = [self](HttpReply (ClusterRoutes::*method)(const ApiRequest &) const) {
        return [self, method](const ApiRequest &request) {
            return ((*self).*method)(request);
        };
    };
    router.add(ApiPath::Ping, Access::AnyUser, bind(&ClusterRoutes::ping));
    router.add(ApiPath::Cluster, Access::AnyUser, bind(&ClusterRoutes::cluster));
    router.add(ApiPath::ClusterDashboard, Access::AnyUser, bind(&ClusterRoutes::dashboard));
    router.add(ApiPath::MaintenanceSet, Access::Maintain, bind(&ClusterRoutes::setMaintenance));
    router.add(ApiPath::MaintenanceUnset, Access::Maintain, bind(&ClusterRoutes::unsetMaintenance));
    router.add(ApiPath::Executors, Access::AnyUser, bind(&ClusterRoutes::executors));
    router.add(ApiPath::Executor, Access::AnyUser, bind(&ClusterRoutes::executor));
    router.add(ApiPath::BlacklistExecutors, Access::Maintain, bind(&ClusterRoutes::blacklistMany));
    router.add(ApiPath::UnblacklistExecutors, Access::Maintain,
               bind(&ClusterRoutes::unblacklistMany));
    router.add(ApiPath::BlacklistExecutor, Access::Maintain, bind(&ClusterRoutes::blacklistOne));
    router.add(ApiPath::UnblacklistExecutor, Access::Maintain,
               bind(&ClusterRoutes::unblacklistOne));
    router.add(ApiPath::EventsLatest, Access::AnyUser, bind(&ClusterRoutes::eventsLatest));
    router.add(ApiPath::EventsSummary, Access::AnyUser, bind(&ClusterRoutes::eventsSummary));
    router.add(ApiPath::EventsLegacy, Access::AnyUser, bind(&ClusterRoutes::eventsLegacy));
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

HttpReply ClusterRoutes::dashboard(const ApiRequest &) const
{
    // The real controller caches this aggregate for 30 s; the core computes it on demand, so it
    // is never stale and never "not yet available".
    const std::optional<ClusterSummary> cluster = m_core.clusterSummary();
    if (!cluster)
        return HttpReply::failed(200, QStringLiteral("Could not fetch dashboard data"));
    const QMap<QString, AppSummary> apps = m_core.applications();
    QJsonObject appCounts = zeroCounts<ApplicationState>();
    qint64 totalHealthy = 0;
    QList<std::pair<qint64, const AppSummary *>> scored;
    for (const AppSummary &app : apps) {
        if (app.state)
            increment(appCounts, protocol::toString(*app.state));
        totalHealthy += app.healthyInstances;
        if (app.requiredInstances > 0)
            scored.append({dominantShare(app, *cluster), &app});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QJsonArray topApps;
    for (qsizetype i = 0; i < qMin<qsizetype>(kTopListSize, scored.size()); ++i)
        topApps.append(scored.at(i).second->toJson());

    // Tasks and local services are not part of this core: their counts are all zero.
    const QJsonObject taskStats {
        {QStringLiteral("taskCountByState"),
         zeroCounts({"PENDING", "PROVISIONING", "PROVISIONING_FAILED", "STARTING", "RUNNING",
                     "RUN_COMPLETED", "DEPROVISIONING", "STOPPED", "LOST", "UNKNOWN"})},
        {QStringLiteral("topTasks"), QJsonArray()}};
    const QJsonObject serviceStats {
        {QStringLiteral("serviceCountByState"),
         zeroCounts({"INIT", "ACTIVATION_REQUESTED", "CONFIG_TESTING_REQUESTED",
                     "DEACTIVATION_REQUESTED", "EMERGENCY_DEACTIVATION_REQUESTED", "INACTIVE",
                     "ACTIVE", "CONFIG_TESTING", "ADJUSTING_INSTANCES", "DEPLOYING_TEST_INSTANCE",
                     "REPLACING_INSTANCES", "STOPPING_INSTANCES", "UPDATING_INSTANCES_COUNT",
                     "DESTROY_REQUESTED", "DESTROYED"})},
        {QStringLiteral("serviceCountByActivationState"),
         zeroCounts({"ACTIVE", "CONFIG_TESTING", "INACTIVE"})},
        {QStringLiteral("topServices"), QJsonArray()},
        {QStringLiteral("totalHealthyInstances"), 0}};
    return HttpReply::success(
        QJsonObject {{QStringLiteral("clusterSummary"), cluster->toJson()},
                     {QStringLiteral("appStats"),
                      QJsonObject {{QStringLiteral("appCountByState"), appCounts},
                                   {QStringLiteral("topApps"), topApps},
                                   {QStringLiteral("totalHealthyInstances"), totalHealthy}}},
                     {QStringLiteral("taskStats"), taskStats},
                     {QStringLiteral("serviceStats"), serviceStats},
                     {QStringLiteral("executorStats"), executorStats(m_core.executors())},
                     {QStringLiteral("generatedAt"), m_core.clock().now()}});
}

HttpReply ClusterRoutes::storedOrFailed(const std::function<QJsonValue()> &change) const
{
    // Degraded store: refused with the reason (503) until a write succeeds again. A write that
    // fails during the change is never acknowledged: 500 with Drove's catch-all envelope.
    QString reason;
    if (!m_core.ensureStorable(&reason))
        return rejectionReply(Rejection::StoreUnavailable, reason);
    const quint64 failures = m_core.storeFailureCount();
    const QJsonValue data = change();
    if (m_core.storeFailureCount() != failures)
        return rejectionReply(
            Rejection::NotStored,
            QStringLiteral("The change could not be stored: %1").arg(m_core.storeFailure()));
    return HttpReply::success(data);
}

HttpReply ClusterRoutes::setMaintenance(const ApiRequest &) const
{
    return storedOrFailed([this] { return QJsonValue(m_core.setMaintenance().toJson()); });
}

HttpReply ClusterRoutes::unsetMaintenance(const ApiRequest &) const
{
    return storedOrFailed([this] { return QJsonValue(m_core.unsetMaintenance().toJson()); });
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
    QString reason;
    if (!m_core.ensureStorable(&reason))
        return rejectionReply(Rejection::StoreUnavailable, reason);
    // An executor whose change could not be stored is listed as failed, unchanged.
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
