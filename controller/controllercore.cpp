#include "controller/controllercore.h"

#include "controller/controllerengine.h"

namespace drove::controller {

ControllerCore::ControllerCore(const ControllerConfig &config, Clock *clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ControllerEngine>(*this, config, clock))
{ }

ControllerCore::~ControllerCore() = default;

bool ControllerCore::start(QString *error)
{
    return d->start(error);
}

bool ControllerCore::isStarted() const
{
    return d->m_started;
}

const ControllerConfig &ControllerCore::config() const
{
    return d->m_config;
}

Clock &ControllerCore::clock() const
{
    return *d->m_clock;
}

bool ControllerCore::isLeader() const
{
    return d->m_config.leader;
}

OperationResult ControllerCore::submit(const protocol::ApplicationOperation &operation)
{
    return d->submit(operation, false);
}

CancelResult ControllerCore::cancel(const QString &appId)
{
    return d->cancel(appId);
}

OperationResult ControllerCore::validateSpec(const protocol::ApplicationSpec &spec)
{
    return d->validateSpec(spec);
}

protocol::BlacklistOperationResponse ControllerCore::blacklist(const QStringList &executorIds)
{
    return d->setBlacklisted(executorIds, true);
}

protocol::BlacklistOperationResponse ControllerCore::unblacklist(const QStringList &executorIds)
{
    return d->setBlacklisted(executorIds, false);
}

protocol::ClusterStateData ControllerCore::setMaintenance()
{
    return d->changeClusterState(protocol::ClusterState::Maintenance);
}

protocol::ClusterStateData ControllerCore::unsetMaintenance()
{
    return d->changeClusterState(protocol::ClusterState::Normal);
}

protocol::ClusterStateData ControllerCore::clusterState() const
{
    return d->m_clusterState;
}

bool ControllerCore::isInMaintenanceWindow() const
{
    return d->m_clusterState.state == protocol::ClusterState::Maintenance
        || (d->m_clusterState.updated > 0
            && d->m_clock->now() < d->m_clusterState.updated + d->m_config.maintenanceTailMs);
}

bool ControllerCore::ensureStorable(QString *reason)
{
    return d->storeWritable(reason);
}

quint64 ControllerCore::storeFailureCount() const
{
    return d->m_store.failureCount();
}

QString ControllerCore::storeFailure() const
{
    return d->m_store.failure().isEmpty() ? d->m_store.errorString() : d->m_store.failure();
}

QString ControllerCore::addExecutor(const ExecutorConfig &executor)
{
    SimExecutor node = SimExecutor::create(executor, d->m_clock->now(), d->m_config.hostPortFirst);
    if (const SimExecutor *existing = d->m_sim->executor(node.id))
        if (existing->state != protocol::ExecutorState::Removed)
            return QString();
    SimExecutor &added = d->m_sim->addExecutor(node);
    d->m_store.putExecutor(added.id, added.toJson());
    d->recordEvent(protocol::DroveEventType::ExecutorAdded, d->executorEventMetadata(added));
    return added.id;
}

bool ControllerCore::removeExecutor(const QString &executorId)
{
    SimExecutor *executor = d->m_sim->executor(executorId);
    if (!executor || executor->state == protocol::ExecutorState::Removed)
        return false;
    const QList<const InstanceRuntime *> affected = d->m_sim->instancesOn(executorId);
    QStringList ids;
    for (const InstanceRuntime *runtime : affected)
        ids.append(runtime->info.instanceId);
    d->removeExecutorSilently(executorId);
    d->recordEvent(protocol::DroveEventType::ExecutorRemoved, d->executorEventMetadata(*executor));
    return true;
}

bool ControllerCore::disappearExecutor(const QString &executorId)
{
    QStringList ids;
    for (const InstanceRuntime *runtime : d->m_sim->instancesOn(executorId))
        ids.append(runtime->info.instanceId);
    if (!d->m_sim->disappearExecutor(executorId))
        return false;
    for (const QString &id : std::as_const(ids))
        if (const InstanceRuntime *runtime = d->m_sim->instance(id))
            d->notifyWaiters(id, runtime->info.state, true);
    return true;
}

void ControllerCore::setFaults(const FaultConfig &faults)
{
    d->m_sim->setFaults(faults);
}

FaultConfig ControllerCore::faults() const
{
    return d->m_sim->faults();
}

void ControllerCore::setTimeScale(double scale)
{
    d->m_sim->setTimeScale(scale);
}

double ControllerCore::timeScale() const
{
    return d->m_sim->timeScale();
}

bool ControllerCore::failInstanceHealth(const QString &appId, const QString &instanceId)
{
    const InstanceRuntime *runtime = d->m_sim->instance(instanceId);
    if (!runtime || runtime->info.appId != appId)
        return false;
    return d->m_sim->failHealth(instanceId);
}

void ControllerCore::runMonitorNow()
{
    d->monitorPass();
}

void ControllerCore::setPlacementHints(const QString &appId, const QStringList &hostnames)
{
    if (hostnames.isEmpty())
        d->m_placementHints.remove(appId);
    else
        d->m_placementHints.insert(appId, hostnames);
}

void ControllerCore::setStartupHint(const QString &appId, qint64 ms)
{
    d->m_sim->setStartupHint(appId, ms);
}

} // namespace drove::controller
