#include "controller/clusteradmin.h"

#include "controller/clustermonitor.h"
#include "controller/controllerengine.h"

#include "protocol/operationvalidator.h"

namespace drove::controller {

using protocol::DroveEventType;
using protocol::InstanceState;
namespace keys = protocol::eventkeys;

ClusterAdmin::ClusterAdmin(ControllerEngine &engine, ClusterMonitor &monitor)
    : m_engine(engine)
    , m_monitor(monitor)
{ }

protocol::ClusterStateData ClusterAdmin::setClusterState(protocol::ClusterState state)
{
    protocol::ClusterStateData &current = m_engine.m_clusterState;
    const protocol::ClusterStateData before = current;
    current.state = state;
    current.updated = m_engine.m_clock->now();
    if (!m_engine.m_store.putValue(QStringLiteral("clusterState"), current.toJson())) {
        // Not stored, not changed (the caller sees the store's failure count move).
        current = before;
        return current;
    }
    m_engine.recordEvent(state == protocol::ClusterState::Maintenance
                             ? DroveEventType::MaintenanceModeSet
                             : DroveEventType::MaintenanceModeRemoved,
                         QJsonObject {{keys::Hostname, m_engine.m_config.leaderAddress}});
    emit m_engine.clusterStateChanged(current);
    return current;
}

protocol::BlacklistOperationResponse ClusterAdmin::setBlacklisted(const QStringList &ids,
                                                                  bool blacklisted)
{
    protocol::BlacklistOperationResponse response;
    if (m_engine.isInMaintenanceWindow()) {
        response.failed = ids;
        response.message = protocol::OperationValidator::maintenanceMessage();
        return response;
    }
    ClusterSimulator &sim = *m_engine.m_sim;
    int moving = 0;
    for (const QString &id : ids) {
        SimExecutor *executor = sim.executor(id);
        if (!executor || executor->state == protocol::ExecutorState::Removed) {
            response.failed.append(id);
            continue;
        }
        response.successful.append(id);
        const auto target
            = blacklisted ? protocol::ExecutorState::Blacklisted : protocol::ExecutorState::Active;
        if (executor->state == target)
            continue;
        const auto previous = executor->state;
        executor->state = target;
        if (!m_engine.m_store.putExecutor(executor->id, executor->toJson())) {
            // Not stored, not changed: reported as failed for this executor.
            executor->state = previous;
            response.successful.removeLast();
            response.failed.append(id);
            continue;
        }
        m_engine.recordEvent(blacklisted ? DroveEventType::ExecutorBlacklisted
                                         : DroveEventType::ExecutorUnBlacklisted,
                             m_engine.executorEventMetadata(*executor));
        if (blacklisted)
            for (const InstanceRuntime *runtime : sim.instancesOn(id))
                moving += runtime->info.state == InstanceState::Healthy ? 1 : 0;
    }
    if (blacklisted) {
        response.message = response.failed.isEmpty()
            ? QStringLiteral("Blacklisting successful and app movement scheduled")
            : QStringLiteral("Blacklisting failed for some executors");
        // Each move is a start plus a stop at parallelism 1 with the default op spec.
        response.approxCompletionTimeMs = qint64(moving) * qint64(6000 * sim.timeScale());
        m_monitor.moveBlacklistedInstances();
    } else {
        response.message = response.failed.isEmpty()
            ? QStringLiteral("Unblacklisting successful for all executors")
            : QStringLiteral("Unblacklisting failed for some executors");
    }
    emit m_engine.executorsChanged();
    return response;
}

QString ClusterAdmin::addExecutor(const ExecutorConfig &executor)
{
    SimExecutor node
        = SimExecutor::create(executor, m_engine.m_clock->now(), m_engine.m_config.hostPortFirst);
    if (const SimExecutor *existing = m_engine.m_sim->executor(node.id))
        if (existing->state != protocol::ExecutorState::Removed)
            return QString();
    SimExecutor &added = m_engine.m_sim->addExecutor(node);
    m_engine.m_store.putExecutor(added.id, added.toJson());
    m_engine.recordEvent(DroveEventType::ExecutorAdded, m_engine.executorEventMetadata(added));
    return added.id;
}

bool ClusterAdmin::removeExecutor(const QString &executorId)
{
    SimExecutor *executor = m_engine.m_sim->executor(executorId);
    if (!executor || executor->state == protocol::ExecutorState::Removed)
        return false;
    m_engine.removeExecutorSilently(executorId);
    m_engine.recordEvent(DroveEventType::ExecutorRemoved,
                         m_engine.executorEventMetadata(*executor));
    return true;
}

bool ClusterAdmin::disappearExecutor(const QString &executorId)
{
    QStringList ids;
    for (const InstanceRuntime *runtime : m_engine.m_sim->instancesOn(executorId))
        ids.append(runtime->info.instanceId);
    if (!m_engine.m_sim->disappearExecutor(executorId))
        return false;
    for (const QString &id : std::as_const(ids))
        if (const InstanceRuntime *runtime = m_engine.m_sim->instance(id))
            m_engine.notifyWaiters(id, runtime->info.state, true);
    return true;
}

void ClusterAdmin::setFaults(const FaultConfig &faults)
{
    m_engine.m_sim->setFaults(faults);
}

FaultConfig ClusterAdmin::faults() const
{
    return m_engine.m_sim->faults();
}

void ClusterAdmin::setTimeScale(double scale)
{
    m_engine.m_sim->setTimeScale(scale);
}

double ClusterAdmin::timeScale() const
{
    return m_engine.m_sim->timeScale();
}

bool ClusterAdmin::failInstanceHealth(const QString &appId, const QString &instanceId)
{
    const InstanceRuntime *runtime = m_engine.m_sim->instance(instanceId);
    if (!runtime || runtime->info.appId != appId)
        return false;
    return m_engine.m_sim->failHealth(instanceId);
}

void ClusterAdmin::setPlacementHints(const QString &appId, const QStringList &hostnames)
{
    if (hostnames.isEmpty())
        m_engine.m_placementHints.remove(appId);
    else
        m_engine.m_placementHints.insert(appId, hostnames);
}

void ClusterAdmin::setStartupHint(const QString &appId, qint64 ms)
{
    m_engine.m_sim->setStartupHint(appId, ms);
}

} // namespace drove::controller
