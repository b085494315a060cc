#include "controller/controllercore.h"

#include "controller/clusteradmin.h"
#include "controller/clustermonitor.h"
#include "controller/controllerengine.h"
#include "controller/controllerqueries.h"

namespace drove::controller {

ControllerCore::ControllerCore(const ControllerConfig &config, Clock *clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ControllerEngine>(config, clock, this))
    , m_monitor(std::make_unique<ClusterMonitor>(*d))
    , m_admin(std::make_unique<ClusterAdmin>(*d, *m_monitor))
    , m_queries(std::make_unique<ControllerQueries>(*d))
{
    ClusterMonitor *monitor = m_monitor.get();
    connect(d.get(), &ControllerEngine::started, this, [monitor] { monitor->start(); });
    connect(d.get(), &ControllerEngine::eventRecorded, this, &ControllerCore::eventRecorded);
    connect(d.get(), &ControllerEngine::applicationChanged, this,
            &ControllerCore::applicationChanged);
    connect(d.get(), &ControllerEngine::applicationRemoved, this,
            &ControllerCore::applicationRemoved);
    connect(d.get(), &ControllerEngine::instanceChanged, this, &ControllerCore::instanceChanged);
    connect(d.get(), &ControllerEngine::executorsChanged, this, &ControllerCore::executorsChanged);
    connect(d.get(), &ControllerEngine::clusterStateChanged, this,
            &ControllerCore::clusterStateChanged);
    connect(d.get(), &ControllerEngine::operationAccepted, this,
            &ControllerCore::operationAccepted);
    connect(d.get(), &ControllerEngine::operationFinished, this,
            &ControllerCore::operationFinished);
}

ControllerCore::~ControllerCore() = default;

// ---- lifecycle and store (the engine) ----

bool ControllerCore::start(QString *error)
{
    return d->start(error);
}

bool ControllerCore::isStarted() const
{
    return d->isStarted();
}

const ControllerConfig &ControllerCore::config() const
{
    return d->config();
}

Clock &ControllerCore::clock() const
{
    return d->clock();
}

bool ControllerCore::isLeader() const
{
    return d->config().leader;
}

bool ControllerCore::ensureStorable(QString *reason)
{
    return d->storeWritable(reason);
}

quint64 ControllerCore::storeFailureCount() const
{
    return d->storeFailureCount();
}

QString ControllerCore::storeFailure() const
{
    return d->storeFailure();
}

// ---- commands (the engine) ----

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

// ---- cluster administration ----

protocol::BlacklistOperationResponse ControllerCore::blacklist(const QStringList &executorIds)
{
    return m_admin->setBlacklisted(executorIds, true);
}

protocol::BlacklistOperationResponse ControllerCore::unblacklist(const QStringList &executorIds)
{
    return m_admin->setBlacklisted(executorIds, false);
}

protocol::ClusterStateData ControllerCore::setMaintenance()
{
    return m_admin->setClusterState(protocol::ClusterState::Maintenance);
}

protocol::ClusterStateData ControllerCore::unsetMaintenance()
{
    return m_admin->setClusterState(protocol::ClusterState::Normal);
}

protocol::ClusterStateData ControllerCore::clusterState() const
{
    return d->clusterState();
}

bool ControllerCore::isInMaintenanceWindow() const
{
    return d->isInMaintenanceWindow();
}

QString ControllerCore::addExecutor(const ExecutorConfig &executor)
{
    return m_admin->addExecutor(executor);
}

bool ControllerCore::removeExecutor(const QString &executorId)
{
    return m_admin->removeExecutor(executorId);
}

bool ControllerCore::disappearExecutor(const QString &executorId)
{
    return m_admin->disappearExecutor(executorId);
}

void ControllerCore::setFaults(const FaultConfig &faults)
{
    m_admin->setFaults(faults);
}

FaultConfig ControllerCore::faults() const
{
    return m_admin->faults();
}

void ControllerCore::setTimeScale(double scale)
{
    m_admin->setTimeScale(scale);
}

double ControllerCore::timeScale() const
{
    return m_admin->timeScale();
}

bool ControllerCore::failInstanceHealth(const QString &appId, const QString &instanceId)
{
    return m_admin->failInstanceHealth(appId, instanceId);
}

void ControllerCore::setPlacementHints(const QString &appId, const QStringList &hostnames)
{
    m_admin->setPlacementHints(appId, hostnames);
}

void ControllerCore::setStartupHint(const QString &appId, qint64 ms)
{
    m_admin->setStartupHint(appId, ms);
}

// ---- the monitor ----

void ControllerCore::runMonitorNow()
{
    m_monitor->runPass();
}

// ---- queries ----

QMap<QString, protocol::AppSummary> ControllerCore::applications(qint64 from, qint64 size) const
{
    return m_queries->applications(from, size);
}

void ControllerCore::writeApplications(QByteArray *out, qint64 from, qint64 size) const
{
    m_queries->writeApplications(out, from, size);
}

int ControllerCore::applicationCount() const
{
    return m_queries->applicationCount();
}

std::optional<protocol::AppSummary> ControllerCore::appSummary(const QString &appId) const
{
    return m_queries->appSummary(appId);
}

std::optional<protocol::ApplicationSpec> ControllerCore::spec(const QString &appId) const
{
    return m_queries->spec(appId);
}

QList<protocol::InstanceInfo>
ControllerCore::instances(const QString &appId, const QList<protocol::InstanceState> &states) const
{
    return m_queries->instances(appId, states);
}

QList<protocol::InstanceInfo> ControllerCore::oldInstances(const QString &appId, qint64 start,
                                                           qint64 size) const
{
    return m_queries->oldInstances(appId, start, size);
}

std::optional<protocol::InstanceInfo> ControllerCore::instance(const QString &appId,
                                                               const QString &instanceId) const
{
    return m_queries->instance(appId, instanceId);
}

QList<protocol::ExposedAppInfo> ControllerCore::endpoints(const QStringList &appNames) const
{
    return m_queries->endpoints(appNames);
}

std::optional<protocol::ClusterSummary> ControllerCore::clusterSummary() const
{
    return m_queries->clusterSummary();
}

QList<protocol::ExecutorSummary> ControllerCore::executors() const
{
    return m_queries->executors();
}

std::optional<protocol::ExecutorNodeData>
ControllerCore::executorDetails(const QString &executorId) const
{
    return m_queries->executorDetails(executorId);
}

protocol::DroveEventsList ControllerCore::eventsSince(qint64 lastSyncTime, qint64 size) const
{
    return m_queries->eventsSince(lastSyncTime, size);
}

protocol::DroveEventsSummary ControllerCore::eventsSummary(qint64 lastSyncTime) const
{
    return m_queries->eventsSummary(lastSyncTime);
}

QStringList ControllerCore::logFiles(const QString &appId, const QString &instanceId) const
{
    return m_queries->logFiles(appId, instanceId);
}

std::optional<LogChunk> ControllerCore::readLog(const QString &appId, const QString &instanceId,
                                                const QString &file, qint64 offset,
                                                qint64 length) const
{
    return m_queries->readLog(appId, instanceId, file, offset, length);
}

std::optional<QByteArray> ControllerCore::logContent(const QString &appId,
                                                     const QString &instanceId,
                                                     const QString &file) const
{
    return m_queries->logContent(appId, instanceId, file);
}

QList<OperationRecord> ControllerCore::operations(const QString &appId) const
{
    return m_queries->operations(appId);
}

std::optional<OperationRecord> ControllerCore::operation(const QString &operationId) const
{
    return m_queries->operation(operationId);
}

std::optional<OperationRecord> ControllerCore::activeOperation(const QString &appId) const
{
    return m_queries->activeOperation(appId);
}

} // namespace drove::controller
