#include "controller/clustermonitor.h"

#include "controller/controllerengine.h"

namespace drove::controller {

using protocol::ApplicationState;
using protocol::DroveEventType;
using protocol::InstanceState;

ClusterMonitor::ClusterMonitor(ControllerEngine &engine)
    : m_engine(engine)
{ }

ClusterMonitor::~ClusterMonitor()
{
    if (m_passTimer)
        m_engine.m_clock->cancel(m_passTimer);
    if (m_reportTimer)
        m_engine.m_clock->cancel(m_reportTimer);
}

void ClusterMonitor::start()
{
    schedulePass(m_engine.m_config.monitorInitialDelayMs);
    scheduleReports();
}

void ClusterMonitor::schedulePass(qint64 delay)
{
    if (m_passTimer)
        m_engine.m_clock->cancel(m_passTimer);
    m_passTimer = m_engine.m_clock->schedule(
        delay,
        [this] {
            m_passTimer = 0;
            runPass();
            schedulePass(m_engine.m_config.monitorPeriodMs);
        },
        &m_engine);
}

void ClusterMonitor::scheduleReports()
{
    m_reportTimer = m_engine.m_clock->schedule(
        m_engine.m_config.executorReportIntervalMs,
        [this] {
            m_engine.m_sim->refreshReports();
            scheduleReports();
        },
        &m_engine);
}

void ClusterMonitor::runPass()
{
    ControllerEngine &engine = m_engine;
    if (engine.isInMaintenanceWindow())
        return;
    const qint64 now = engine.m_clock->now();
    QStringList appIds;
    for (const auto &entry : engine.m_apps)
        appIds.append(entry.first);
    for (const QString &appId : std::as_const(appIds)) {
        AppRecord *app = engine.findApp(appId);
        if (!app || app->op)
            continue;
        // ApplicationMonitor.checkAllApps: apps not in RUNNING/MONITORING are skipped before
        // markStaleInstances, so their stale instances stay as they are.
        if (app->state != ApplicationState::Running && app->state != ApplicationState::Monitoring)
            continue;
        // Stale instances become LOST without an event, as in Drove.
        engine.m_quietInstanceEvents = true;
        for (const InstanceRuntime *runtime : engine.m_sim->instancesOfApp(appId))
            if (engine.isStale(runtime->info))
                engine.m_sim->terminate(runtime->info.instanceId, InstanceState::Lost,
                                        QStringLiteral("Instance lost"));
        engine.m_quietInstanceEvents = false;
        app = engine.findApp(appId);
        if (!app || app->op)
            continue;
        if (engine.healthyCount(appId) != app->required)
            engine.submit(protocol::ApplicationOperation::recover(appId), true);
    }
    // After the apps: a lost executor's stale instances were marked LOST above (their apps are
    // recovering); what is left on it is deleted with the executor.
    // Executors that stopped reporting are dropped once their data is stale.
    QStringList gone;
    for (const auto &entry : engine.m_sim->executors())
        if (!entry.second.reachable && entry.second.state != protocol::ExecutorState::Removed
            && entry.second.updated + engine.m_config.instanceStaleMs < now)
            gone.append(entry.first);
    for (const QString &id : std::as_const(gone)) {
        engine.removeExecutorSilently(id);
        if (const SimExecutor *executor = engine.m_sim->executor(id))
            engine.recordEvent(DroveEventType::ExecutorRemoved,
                               engine.executorEventMetadata(*executor));
    }
    for (const QString &id : engine.m_sim->pruneRemoved(engine.m_config.removedExecutorRetentionMs))
        engine.m_store.removeExecutor(id);

    moveBlacklistedInstances();
}

void ClusterMonitor::moveBlacklistedInstances()
{
    QHash<QString, QStringList> byApp;
    for (const auto &entry : m_engine.m_sim->executors()) {
        if (entry.second.state != protocol::ExecutorState::Blacklisted)
            continue;
        for (const InstanceRuntime *runtime : m_engine.m_sim->instancesOn(entry.first))
            if (runtime->info.state == InstanceState::Healthy)
                byApp[runtime->info.appId].append(runtime->info.instanceId);
    }
    for (auto it = byApp.cbegin(); it != byApp.cend(); ++it) {
        AppRecord *app = m_engine.findApp(it.key());
        if (!app || app->op || app->state != ApplicationState::Running)
            continue; // retried on the next monitor pass
        m_engine.submit(protocol::ApplicationOperation::replaceInstances(
                            it.key(), it.value(), false, m_engine.defaultOpSpec()),
                        true);
    }
}

} // namespace drove::controller
