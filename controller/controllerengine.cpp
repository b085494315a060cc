#include "controller/controllerengine.h"

#include "protocol/operationvalidator.h"

#include <QJsonArray>
#include <QUuid>

namespace drove::controller {

using protocol::ApplicationState;
using protocol::DroveEventType;
using protocol::InstanceState;
namespace keys = protocol::eventkeys;

ControllerEngine::ControllerEngine(const ControllerConfig &config, Clock *clock, QObject *parent)
    // A child of the core, so moving the core to its own thread moves the whole engine (and the
    // owned clock and simulator below) with it.
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_random(config.randomSeed
                   ? QRandomGenerator(quint32(config.randomSeed) ^ quint32(config.randomSeed >> 32))
                   : QRandomGenerator(QRandomGenerator::global()->generate()))
    , m_events(config.eventRetentionMs)
{
    if (!m_clock) {
        m_ownedClock = std::make_unique<RealTimeClock>(this);
        m_clock = m_ownedClock.get();
    }
    if (m_config.executors.isEmpty())
        m_config.executors = ControllerConfig::defaultCluster();
    m_sim = std::make_unique<ClusterSimulator>(*m_clock, m_random, m_config, this);
    m_sim->onInstanceChanged = [this](InstanceRuntime &runtime, InstanceState previous) {
        onInstanceChanged(runtime, previous);
    };
    m_sim->onExecutorChanged = [this](const SimExecutor &executor) {
        onExecutorChanged(executor);
    };
}

ControllerEngine::~ControllerEngine()
{
    // Runs (with their job windows) cancel their timers on the clock, which may be ours: they
    // go first, those in a slot and those disposed of but not deleted yet.
    for (auto &entry : m_apps)
        entry.second->op.reset();
    qDeleteAll(findChildren<OperationRun *>(Qt::FindDirectChildrenOnly));
    m_sim->onInstanceChanged = nullptr;
    m_sim->onExecutorChanged = nullptr;
    m_sim.reset();
}

bool ControllerEngine::start(QString *error)
{
    if (m_started)
        return true;
    if (!m_config.stateDir.isEmpty()
        && !m_store.open(m_config.stateDir, m_config.synchronousFull)) {
        if (error)
            *error = m_store.errorString();
        return false;
    }
    if (const QString unreadable = unreadableStoredRows(); !unreadable.isEmpty()) {
        if (error)
            *error = unreadable;
        return false;
    }
    const qint64 now = m_clock->now();

    // Cluster state (maintenance) survives restarts.
    const QJsonObject cluster = m_store.value(QStringLiteral("clusterState"));
    if (!cluster.isEmpty())
        m_clusterState = protocol::ClusterStateData::fromJson(cluster).value_or(m_clusterState);

    // Executors: stored ones win (runtime additions/removals survive); else the configuration.
    const auto storedExecutors = m_store.executors();
    m_store.begin();
    if (storedExecutors.isEmpty()) {
        for (const auto &config : std::as_const(m_config.executors)) {
            SimExecutor &executor
                = m_sim->addExecutor(SimExecutor::create(config, now, m_config.hostPortFirst));
            m_store.putExecutor(executor.id, executor.toJson());
            recordEvent(DroveEventType::ExecutorAdded, executorEventMetadata(executor));
        }
    } else {
        for (const auto &json : storedExecutors) {
            SimExecutor executor = SimExecutor::fromJson(json, m_config.hostPortFirst);
            if (executor.reachable)
                executor.updated = now;
            m_sim->addExecutor(executor);
        }
    }

    // Apps come back the way a new leader recreates them: CREATE with the stored desired count.
    const auto storedApps = m_store.apps();
    for (auto it = storedApps.cbegin(); it != storedApps.cend(); ++it) {
        const QJsonObject json = it.value();
        auto spec = protocol::ApplicationSpec::fromJson(json.value(QStringLiteral("spec")));
        if (!spec)
            continue;
        auto app = std::make_unique<AppRecord>();
        app->appId = it.key();
        app->spec = std::make_shared<const protocol::ApplicationSpec>(*spec);
        app->required = json.value(QStringLiteral("required")).toInteger();
        // AppRecovery recreates every app with an ApplicationCreateOperation, whose
        // ApplicationInfo is made with created = updated = now (ApplicationEngine.createApp).
        app->created = now;
        app->updated = now;
        app->smInstances = app->required;
        app->state = app->required > 0 ? ApplicationState::Running : ApplicationState::Monitoring;
        m_apps.emplace(app->appId, std::move(app));
        appsChanged();
    }
    for (const QJsonObject &json : m_store.instances()) {
        auto info = protocol::InstanceInfo::fromJson(json);
        if (!info)
            continue;
        AppRecord *app = findApp(info->appId);
        if (!app) {
            m_store.removeInstance(info->instanceId);
            continue;
        }
        m_sim->reserveInstanceId(info->instanceId);
        if (protocol::isActive(info->state)) {
            if (!m_sim->restore(*info, app->spec)) {
                info->state = InstanceState::Lost;
                info->errorMessage = QStringLiteral("Instance lost");
                m_store.putInstance(info->appId, info->instanceId, false, info->toJson());
                app->old.prepend(OldInstance {*info, {}});
            }
        } else {
            app->old.prepend(OldInstance {*info, {}});
        }
    }
    for (const QJsonObject &json : m_store.operations()) {
        auto record = OperationRecord::fromJson(json);
        if (!record)
            continue;
        if (!record->isFinished()) {
            // The new leader does not resume jobs; the monitor reconciles the app instead.
            finishRecord(*record, OperationOutcome::Failed,
                         QStringLiteral("Interrupted by a controller restart"));
            persistOperation(*record);
        }
        m_recordOrder.append(record->operationId);
        m_records.insert(record->operationId, *record);
    }
    for (auto &entry : m_apps) {
        recountInstances(*entry.second);
        persistApp(*entry.second);
        emitAppEvent(*entry.second);
    }
    if (!m_store.commit()) {
        if (error)
            *error = QStringLiteral("cannot write the state store: ") + m_store.errorString();
        return false;
    }
    recordEvent(DroveEventType::LeadershipAcquired,
                QJsonObject {{keys::Hostname, m_config.leaderAddress}});
    m_started = true;
    emit started();
    return true;
}

QJsonObject ControllerEngine::appToJson(const AppRecord &app) const
{
    return QJsonObject {{QStringLiteral("appId"), app.appId},
                        {QStringLiteral("spec"), app.spec->toJson()},
                        {QStringLiteral("required"), app.required},
                        {QStringLiteral("state"), protocol::toString(app.state)},
                        {QStringLiteral("created"), app.created},
                        {QStringLiteral("updated"), app.updated}};
}

// In-memory mode skips building the JSON at all: it is most of the cost of a write.
void ControllerEngine::persistApp(const AppRecord &app)
{
    if (m_store.isOpen())
        m_store.putApp(app.appId, appToJson(app));
}

void ControllerEngine::persistOperation(const OperationRecord &record)
{
    if (m_store.isOpen())
        m_store.putOperation(record.operationId, record.appId, record.toJson());
}

void ControllerEngine::recordEvent(DroveEventType type, const QJsonObject &metadata)
{
    protocol::DroveEvent event;
    event.type = type;
    event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.time = m_clock->now();
    event.metadata = metadata;
    m_events.record(event);
    emit eventRecorded(event);
}

void ControllerEngine::emitAppEvent(const AppRecord &app)
{
    const auto &spec = *app.spec;
    QStringList ports;
    for (const auto &port : spec.exposedPorts)
        ports.append(QStringLiteral("%1:%2:%3")
                         .arg(port.name)
                         .arg(port.port)
                         .arg(protocol::enumToString(port.type.value_or(protocol::PortType::Http))
                                  .toLower()));
    QJsonObject metadata {
        {keys::AppId, app.appId},
        {keys::AppName, spec.name},
        {keys::AppVersion, spec.version},
        {keys::Executable, spec.executable ? spec.executable->url : QString()},
        {keys::PlacementPolicy, protocol::enumToString(spec.effectivePlacementPolicy().type)},
        {keys::CpuCount, spec.cpuCount()},
        {keys::Memory, spec.memoryMb()},
        {keys::Ports, ports.join(QLatin1Char(','))},
        {keys::CurrentInstances, app.smInstances},
        {keys::CurrentState, protocol::toString(app.state)},
    };
    if (spec.exposureSpec)
        metadata.insert(keys::Vhost, spec.exposureSpec->vhost);
    recordEvent(DroveEventType::AppStateChange, metadata);
}

void ControllerEngine::onInstanceChanged(InstanceRuntime &runtime, InstanceState previous)
{
    const auto &info = runtime.info;
    AppRecord *app = findApp(info.appId);
    const bool active = protocol::isActive(info.state);
    const bool isNew = previous == InstanceState::Pending && info.state == InstanceState::Pending;
    if (app) {
        if (isNew) {
            ++app->active;
        } else if (previous != info.state) {
            app->healthy += (info.state == InstanceState::Healthy ? 1 : 0)
                - (previous == InstanceState::Healthy ? 1 : 0);
            app->active += (active ? 1 : 0) - (protocol::isActive(previous) ? 1 : 0);
        }
        if (active) {
            if (m_store.isOpen())
                m_store.putInstance(info.appId, info.instanceId, true, info.toJson());
            // A failed instance being cleaned up (DEPROVISIONING) is active again: Drove keeps one
            // record per instance, so it leaves the old list until it is STOPPED.
            if (protocol::isError(previous))
                removeOldInstance(*app, info.instanceId);
        } else if (m_forgetEndedInstances) {
            m_store.removeInstance(info.instanceId);
            removeOldInstance(*app, info.instanceId);
        } else {
            m_store.begin();
            if (m_store.isOpen())
                m_store.putInstance(info.appId, info.instanceId, false, info.toJson());
            addOldInstance(*app, OldInstance {info, runtime.log});
            m_store.commit();
        }
    }
    if ((previous != info.state || isNew) && !m_quietInstanceEvents) {
        QJsonObject metadata {{keys::AppId, info.appId},
                              {keys::AppName, info.appName},
                              {keys::InstanceId, info.instanceId},
                              {keys::ExecutorId, info.executorId},
                              {keys::Created, info.created},
                              {keys::CurrentState, protocol::toString(info.state)}};
        if (info.localInfo) {
            metadata.insert(keys::ExecutorHost, info.localInfo->hostname);
            QStringList ports;
            for (auto it = info.localInfo->ports.cbegin(); it != info.localInfo->ports.cend(); ++it)
                ports.append(
                    QStringLiteral("%1:%2:%3")
                        .arg(it.key())
                        .arg(it->hostPort)
                        .arg(protocol::enumToString(it->portType.value_or(protocol::PortType::Http))
                                 .toLower()));
            metadata.insert(keys::Ports, ports.join(QLatin1Char(',')));
        }
        if (!info.errorMessage.isEmpty())
            metadata.insert(keys::Error, info.errorMessage);
        recordEvent(DroveEventType::InstanceStateChange, metadata);
    }
    const QString appId = info.appId;
    const QString instanceId = info.instanceId;
    const InstanceState state = info.state;
    emit instanceChanged(appId, instanceId);
    if (app)
        emit applicationChanged(appId);
    notifyWaiters(instanceId, state, false);
}

void ControllerEngine::removeOldInstance(AppRecord &app, const QString &instanceId)
{
    app.old.removeIf([&](const OldInstance &old) { return old.info.instanceId == instanceId; });
}

void ControllerEngine::addOldInstance(AppRecord &app, const OldInstance &old)
{
    removeOldInstance(app, old.info.instanceId);
    app.old.prepend(old);
    while (app.old.size() > m_config.maxOldInstances) {
        m_store.removeInstance(app.old.last().info.instanceId);
        app.old.removeLast();
    }
}

void ControllerEngine::onExecutorChanged(const SimExecutor &executor)
{
    if (!m_started)
        return;
    m_store.putExecutor(executor.id, executor.toJson());
    emit executorsChanged();
}

QJsonObject ControllerEngine::executorEventMetadata(const SimExecutor &executor) const
{
    return QJsonObject {
        {keys::ExecutorId, executor.id},
        {keys::Hostname, executor.config.hostname},
        {keys::Port, executor.config.port},
        {keys::Blacklisted, executor.state == protocol::ExecutorState::Blacklisted}};
}

bool ControllerEngine::isStale(const protocol::InstanceInfo &info) const
{
    return info.updated + m_config.instanceStaleMs < m_clock->now();
}

void ControllerEngine::removeExecutorSilently(const QString &executorId)
{
    // StateUpdater RemoveExecutorUpdateData: the executor's instance records are deleted
    // (deleteInstanceState) with no event and no LOST state; the monitor then recovers the apps.
    m_quietInstanceEvents = true;
    m_forgetEndedInstances = true;
    m_sim->removeExecutor(executorId, QStringLiteral("Instance lost"));
    m_forgetEndedInstances = false;
    m_quietInstanceEvents = false;
}

bool ControllerEngine::isInMaintenanceWindow() const
{
    return m_clusterState.state == protocol::ClusterState::Maintenance
        || (m_clusterState.updated > 0
            && m_clock->now() < m_clusterState.updated + m_config.maintenanceTailMs);
}

} // namespace drove::controller
