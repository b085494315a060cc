// Operations: the A1 validation pipeline, the per-app state machine and the job engine.
#include "controller/admission.h"
#include "controller/controllerengine.h"
#include "controller/scheduler.h"

#include "protocol/apiresponse.h"
#include "protocol/operationvalidator.h"

#include <QUuid>

#include <algorithm>

namespace drove::controller {

using protocol::ApplicationState;
using protocol::InstanceState;
using protocol::OperationType;
using protocol::OperationValidator;

namespace {
QString ruleBasedMessage()
{
    return QStringLiteral("Placement policy RULE_BASED is not supported by the embedded "
                          "controller; use ANY, ONE_PER_HOST, MAX_N_PER_HOST, MATCH_TAG, NO_TAG "
                          "or COMPOSITE");
}
} // namespace

AppRecord *ControllerEngine::findApp(const QString &appId) const
{
    const auto it = m_apps.find(appId);
    return it == m_apps.end() ? nullptr : it->second.get();
}

ActiveOperation *ControllerEngine::currentOp(const QString &appId, quint64 serial) const
{
    AppRecord *app = findApp(appId);
    return app && app->op && app->op->serial == serial ? app->op.get() : nullptr;
}

QList<const InstanceRuntime *> ControllerEngine::liveInstances(const QString &appId) const
{
    return m_sim->instancesOfApp(appId);
}

int ControllerEngine::healthyCount(const QString &appId) const
{
    const AppRecord *app = findApp(appId);
    return app ? healthyCount(*app) : 0;
}

int ControllerEngine::healthyCount(const AppRecord &app) const
{
    // Only an instance whose executor stopped reporting can be stale (the others are refreshed
    // every report interval, well inside the stale period): the counter is exact without one.
    if (!m_sim->hasFrozenInstances(app.appId)
        && m_config.executorReportIntervalMs < m_config.instanceStaleMs)
        return app.healthy;
    int count = 0;
    m_sim->forEachInstanceOf(app.appId, [this, &count](const InstanceRuntime *runtime) {
        if (runtime->info.state == InstanceState::Healthy && !isStale(runtime->info))
            ++count;
    });
    return count;
}

void ControllerEngine::recountInstances(AppRecord &app)
{
    app.healthy = 0;
    app.active = 0;
    m_sim->forEachInstanceOf(app.appId, [&app](const InstanceRuntime *runtime) {
        app.healthy += runtime->info.state == InstanceState::Healthy ? 1 : 0;
        app.active += protocol::isActive(runtime->info.state) ? 1 : 0;
    });
}

protocol::ClusterOpSpec ControllerEngine::defaultOpSpec() const
{
    return protocol::ClusterOpSpec::make(
        protocol::Duration::fromMilliseconds(m_config.defaultOpTimeoutMs),
        qMax(1, m_config.defaultOpParallelism));
}

qint64 ControllerEngine::startWaitMs(const protocol::ApplicationSpec &spec) const
{
    // Drove waits max(timeout, pull + checks); here the op deadline is separate, so this only
    // guards against an instance that never settles.
    qint64 minimum = spec.executable && spec.executable->dockerPullTimeout
        ? spec.executable->dockerPullTimeout->toMilliseconds()
        : 0;
    if (spec.healthcheck)
        minimum = saturatingAdd(minimum, spec.healthcheck->worstCaseMilliseconds());
    if (spec.readiness)
        minimum = saturatingAdd(minimum, spec.readiness->worstCaseMilliseconds());
    const double scaled = double(minimum) * m_sim->timeScale();
    return scaled >= 9.0e18 ? std::numeric_limits<qint64>::max()
                            : qMax<qint64>(30000, qint64(scaled));
}

OperationResult ControllerEngine::reject(const QString &appId, const QStringList &errors) const
{
    OperationResult result;
    result.accepted = false;
    result.appId = appId;
    result.rejection = Rejection::InvalidCommand;
    result.message = protocol::ApiResponse::CommandValidationFailure;
    result.validationErrors = errors;
    return result;
}

QStringList ControllerEngine::specChecks(const protocol::ApplicationSpec &spec) const
{
    protocol::SpecValidationOptions options;
    options.allowedMountDirs = m_config.allowedMountDirs;
    options.disableCmdlArgs = m_config.disableCmdlArgs;
    options.enableRawDeviceAccess = m_config.enableRawDeviceAccess;
    QStringList errors = OperationValidator::validateSpecSemantics(spec, options);
    if (spec.placementPolicy
        && spec.placementPolicy->contains(protocol::PlacementPolicyType::RuleBased))
        errors.append(ruleBasedMessage());
    return errors;
}

QStringList ControllerEngine::resourceChecks(const AppRecord &app, qint64 instances) const
{
    QList<const SimExecutor *> active;
    for (const auto &entry : m_sim->executors())
        if (entry.second.isSchedulable())
            active.append(&entry.second);
    return Scheduler::checkResources(active, app.spec->effectivePlacementPolicy(), instances,
                                     app.spec->cpuCount(), app.spec->memoryMb());
}

namespace {

/// The engine's records as admission sees them: read-only.
class EngineView : public ClusterView
{
public:
    EngineView(const ControllerEngine &engine, const ControllerCore &core)
        : m_engine(engine)
        , m_core(core)
    { }

    bool inMaintenanceWindow() const override { return m_core.isInMaintenanceWindow(); }
    std::optional<App> app(const QString &appId) const override
    {
        const AppRecord *record = m_engine.findApp(appId);
        if (!record)
            return std::nullopt;
        App app;
        app.state = record->state;
        if (record->op)
            app.busyWith = record->op->record.type;
        return app;
    }
    std::optional<Instance> instance(const QString &instanceId) const override
    {
        const InstanceRuntime *runtime = m_engine.simulator().instance(instanceId);
        if (!runtime)
            return std::nullopt;
        return Instance {runtime->info.appId, runtime->info.state, m_engine.isStale(runtime->info)};
    }
    qint64 startingOrHealthy(const QString &appId) const override
    {
        qint64 starting = 0;
        for (const InstanceRuntime *runtime : m_engine.liveInstances(appId)) {
            switch (runtime->info.state) {
            case InstanceState::Pending:
            case InstanceState::Provisioning:
            case InstanceState::Starting:
            case InstanceState::Unready:
            case InstanceState::Ready:
            case InstanceState::Healthy:
                ++starting;
                break;
            default:
                break;
            }
        }
        return starting;
    }
    QStringList resourceProblems(const QString &appId, qint64 count) const override
    {
        const AppRecord *record = m_engine.findApp(appId);
        return record ? m_engine.resourceChecks(*record, count) : QStringList();
    }
    QStringList specProblems(const protocol::ApplicationSpec &spec) const override
    {
        return m_engine.specChecks(spec);
    }

private:
    const ControllerEngine &m_engine;
    const ControllerCore &m_core;
};

} // namespace

OperationResult ControllerEngine::validateSpec(const protocol::ApplicationSpec &spec)
{
    const AdmissionDecision decision = Admission::admitSpec(spec, EngineView(*this, m_core));
    if (!decision.accepted())
        return reject(spec.appId(), decision.errors);
    OperationResult result;
    result.accepted = true;
    result.appId = spec.appId();
    result.message = protocol::ApiResponse::SuccessMessage;
    return result;
}

OperationResult ControllerEngine::submit(const protocol::ApplicationOperation &operation,
                                         bool internal)
{
    const QString appId = operation.appIdOrDerived();
    const EngineView view(*this, m_core);
    AdmissionDecision decision = Admission::admitRequest(operation, internal, view);
    if (!decision.accepted())
        return reject(appId, decision.errors);
    if (!internal) {
        // Degraded (the last write failed): refuse with the reason until a write succeeds.
        // Probing may write, so it is not part of admission.
        QString storeProblem;
        if (!storeWritable(&storeProblem))
            return storeRefusal(appId, Rejection::StoreUnavailable, storeProblem);
    }
    decision = Admission::admit(operation, view);
    if (!decision.accepted())
        return reject(appId, decision.errors);
    if (operation.type == OperationType::Create)
        return createApp(operation, internal);
    AppRecord *app = findApp(appId);

    // Accepted: the op takes the slot and the router step happens before we answer.
    const AppSnapshot before {app->required, app->state, app->updated};
    m_store.begin();
    ActiveOperation &op = beginOperation(*app, operation, internal);
    const quint64 serial = op.serial;
    OperationResult result;
    result.accepted = true;
    result.appId = appId;
    result.operationId = op.record.operationId;
    result.message = protocol::ApiResponse::SuccessMessage;
    switch (operation.type) {
    case OperationType::StartInstances:
    case OperationType::ScaleInstances:
    case OperationType::Suspend: {
        const int healthy = healthyCount(appId);
        op.scaleTarget = operation.type == OperationType::StartInstances
            ? healthy + operation.instances
            : operation.type == OperationType::ScaleInstances ? operation.requiredInstances
                                                              : 0;
        if (operation.type == OperationType::Suspend && app->state == ApplicationState::Monitoring
            && healthy == 0) {
            // Project decision: SUSPEND on MONITORING is accepted and only sets the desired count
            // to 0 (Drove turns SUSPEND into SCALE 0, ApplicationLifecycleManagementEngine
            // translateOp), so the monitor stops restarting a crash-looping app.
            writeRequired(*app, 0);
            persistApp(*app);
            if (!m_store.commit())
                return rollBackOperation(*app, before);
            settle(*app, OperationOutcome::Completed, QString());
            return result;
        }
        writeRequired(*app, op.scaleTarget);
        setAppState(*app, ApplicationState::ScalingRequested);
        op.timer = m_clock->schedule(
            0, [this, appId, serial] { runScaleRound(appId, serial); }, this);
        break;
    }
    case OperationType::Recover:
        op.recovering = true;
        setAppState(*app, ApplicationState::OutageDetected);
        op.timer = m_clock->schedule(
            0, [this, appId, serial] { startScale(appId, serial); }, this);
        break;
    case OperationType::StopInstances:
        setAppState(*app, ApplicationState::StopInstancesRequested);
        op.timer = m_clock->schedule(
            0, [this, appId, serial] { runInstanceJobs(appId, serial); }, this);
        break;
    case OperationType::ReplaceInstances:
        setAppState(*app, ApplicationState::ReplaceInstancesRequested);
        op.timer = m_clock->schedule(
            0, [this, appId, serial] { runInstanceJobs(appId, serial); }, this);
        break;
    case OperationType::Destroy:
        setAppState(*app, ApplicationState::DestroyRequested);
        op.timer = m_clock->schedule(
            0, [this, appId, serial] { runDestroy(appId, serial); }, this);
        break;
    case OperationType::Create:
        break;
    }
    // Never acknowledge what was not stored.
    if (!m_store.commit())
        return rollBackOperation(*app, before);
    return result;
}

OperationResult ControllerEngine::createApp(const protocol::ApplicationOperation &operation,
                                            bool internal)
{
    const qint64 now = m_clock->now();
    auto app = std::make_unique<AppRecord>();
    app->appId = operation.appIdOrDerived();
    app->spec = std::make_shared<const protocol::ApplicationSpec>(*operation.spec);
    app->required = operation.instances;
    app->created = now;
    app->updated = now;
    app->smInstances = operation.instances;
    AppRecord &record = *app;
    m_apps.emplace(app->appId, std::move(app));
    appsChanged();

    m_store.begin();
    ActiveOperation &op = beginOperation(record, operation, internal);
    OperationResult result;
    result.accepted = true;
    result.appId = record.appId;
    result.operationId = op.record.operationId;
    result.message = protocol::ApiResponse::SuccessMessage;
    // INIT is never announced; the create action stores the app and parks it.
    const ApplicationState parked
        = record.required > 0 ? ApplicationState::Running : ApplicationState::Monitoring;
    const OperationRecord finished = [&] {
        finishRecord(op.record, OperationOutcome::Completed, QString());
        op.record.appStates.append(parked);
        return op.record;
    }();
    record.op.reset();
    m_records.insert(finished.operationId, finished);
    persistOperation(finished);
    setAppState(record, parked);
    if (!m_store.commit()) {
        // Not stored: the app does not exist.
        const QString createdId = record.appId;
        m_records.remove(finished.operationId);
        m_recordOrder.removeOne(finished.operationId);
        m_apps.erase(createdId);
        appsChanged();
        emit m_core.applicationRemoved(createdId);
        return notStored(createdId, finished);
    }
    emit m_core.operationFinished(finished);
    return result;
}

ActiveOperation &ControllerEngine::beginOperation(AppRecord &app,
                                                  const protocol::ApplicationOperation &operation,
                                                  bool internal)
{
    auto op = std::make_unique<ActiveOperation>();
    op->serial = m_nextSerial++;
    op->operation = operation;
    auto &record = op->record;
    record.operationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.type = operation.type;
    record.appId = app.appId;
    record.internal = internal;
    record.opSpec = operation.opSpec && operation.type != OperationType::Recover ? *operation.opSpec
                                                                                 : defaultOpSpec();
    record.acceptedAt = m_clock->now();
    record.operation = operation.toJson();
    if (operation.type == OperationType::Create
        && record.operation.contains(QStringLiteral("spec")))
        record.operation.insert(QStringLiteral("spec"), app.spec->masked().toJson());
    // Saturated: an enormous timeout is a deadline that never comes, as in Drove.
    op->deadline = saturatingAdd(record.acceptedAt,
                                 record.opSpec.timeout ? record.opSpec.timeout->toMilliseconds()
                                                       : m_config.defaultOpTimeoutMs);
    op->parallelism = int(qBound<qint64>(qint64(1), record.opSpec.parallelism, qint64(512)));
    m_records.insert(record.operationId, record);
    m_recordOrder.append(record.operationId);
    persistOperation(record);
    app.op = std::move(op);
    emit m_core.operationAccepted(record);
    return *app.op;
}

void ControllerEngine::setAppState(AppRecord &app, ApplicationState state)
{
    if (app.op)
        app.op->record.appStates.append(state);
    // The state lives in the state machine, not in the app record: `updated` stays as it is.
    app.state = state;
    persistApp(app);
    emitAppEvent(app);
    emit m_core.applicationChanged(app.appId);
}

void ControllerEngine::writeRequired(AppRecord &app, qint64 required)
{
    app.required = required;
    app.updated = m_clock->now();
}

void ControllerEngine::rollBackRequired(AppRecord &app, qint64 healthy)
{
    // ScaleAppAction.processResult: a cancelled scale that missed its count rolls it back to what
    // is there now; one that reached it writes nothing.
    if (app.required != healthy)
        writeRequired(app, healthy);
}

void ControllerEngine::finishRecord(OperationRecord &record, OperationOutcome outcome,
                                    const QString &reason)
{
    record.outcome = outcome;
    record.reason = reason;
    record.finishedAt = m_clock->now();
}

void ControllerEngine::settle(AppRecord &app, OperationOutcome outcome, const QString &reason,
                              std::optional<ApplicationState> parkedState)
{
    std::unique_ptr<ActiveOperation> op = std::move(app.op);
    if (!op)
        return;
    if (op->timer)
        m_clock->cancel(op->timer);
    if (op->window) {
        op->maxInFlight = qMax(op->maxInFlight, op->window->maxInFlight());
        op->window->deleteLater();
    }
    const ApplicationState parked = parkedState.value_or(
        healthyCount(app.appId) > 0 ? ApplicationState::Running : ApplicationState::Monitoring);
    finishRecord(op->record, outcome, reason);
    op->record.appStates.append(parked);
    m_records.insert(op->record.operationId, op->record);
    m_store.begin();
    persistOperation(op->record);
    pruneRecords(app.appId);
    setAppState(app, parked);
    m_store.commit();
    emit m_core.operationFinished(op->record);
}

void ControllerEngine::pruneRecords(const QString &appId)
{
    // A stuck app gets a RECOVER every monitor period; keep its history bounded.
    QStringList ofApp;
    for (const QString &id : std::as_const(m_recordOrder))
        if (m_records.value(id).appId == appId && m_records.value(id).isFinished())
            ofApp.append(id);
    for (qsizetype i = 0; i + m_config.maxOperationRecordsPerApp < ofApp.size(); ++i) {
        m_records.remove(ofApp[i]);
        m_recordOrder.removeOne(ofApp[i]);
        m_store.removeOperation(ofApp[i]);
    }
}

JobWindow *ControllerEngine::newWindow(AppRecord &app)
{
    ActiveOperation &op = *app.op;
    if (op.window) {
        op.maxInFlight = qMax(op.maxInFlight, op.window->maxInFlight());
        op.window->deleteLater();
    }
    op.window = new JobWindow(*m_clock, op.parallelism, op.deadline, this);
    return op.window;
}

void ControllerEngine::startScale(const QString &appId, quint64 serial)
{
    ActiveOperation *op = currentOp(appId, serial);
    if (!op)
        return;
    op->timer = 0;
    AppRecord *app = findApp(appId);
    // RECOVER: OUTAGE_DETECTED → SCALING_REQUESTED with the stored desired count.
    if (op->recovering) {
        op->recovering = false;
        op->scaleTarget = app->required;
        setAppState(*app, ApplicationState::ScalingRequested);
    }
    runScaleRound(appId, serial);
}

void ControllerEngine::runScaleRound(const QString &appId, quint64 serial)
{
    ActiveOperation *op = currentOp(appId, serial);
    if (!op)
        return;
    op->timer = 0;
    AppRecord *app = findApp(appId);
    if (op->cancelRequested) {
        rollBackRequired(*app, healthyCount(appId));
        return settle(*app, OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
    }
    QList<const InstanceRuntime *> healthy;
    for (const InstanceRuntime *runtime : liveInstances(appId))
        if (runtime->info.state == InstanceState::Healthy && !isStale(runtime->info))
            healthy.append(runtime);
    const qint64 target = op->scaleTarget;
    if (healthy.size() == target)
        return settle(*app, OperationOutcome::Completed, QString());
    JobWindow *window = newWindow(*app);
    QPointer<JobWindow> guard(window);
    if (healthy.size() < target) {
        for (qint64 i = healthy.size(); i < target; ++i)
            window->add(startJob(appId, serial, guard));
    } else {
        // Project decision: oldest instances are stopped first.
        std::sort(
            healthy.begin(), healthy.end(), [](const InstanceRuntime *a, const InstanceRuntime *b) {
                return a->info.created != b->info.created ? a->info.created < b->info.created
                                                          : a->info.instanceId < b->info.instanceId;
            });
        for (qint64 i = 0; i < healthy.size() - target; ++i)
            window->add(stopJob(appId, serial, healthy[i]->info.instanceId));
    }
    window->start([this, appId, serial] { scaleRoundFinished(appId, serial); });
}

void ControllerEngine::scaleRoundFinished(const QString &appId, quint64 serial)
{
    ActiveOperation *op = currentOp(appId, serial);
    if (!op)
        return;
    AppRecord *app = findApp(appId);
    const bool timedOut
        = (op->window && op->window->isTimedOut()) || m_clock->now() >= op->deadline;
    const int healthy = healthyCount(appId);
    if (op->cancelRequested) {
        rollBackRequired(*app, healthy);
        return settle(*app, OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
    }
    if (healthy == op->scaleTarget)
        return settle(*app, OperationOutcome::Completed, QString());
    if (timedOut)
        return settle(
            *app, OperationOutcome::TimedOut,
            QStringLiteral("Timed out after %1 with %2 of %3 instances healthy")
                .arg(op->record.opSpec.timeout ? op->record.opSpec.timeout->toString() : QString())
                .arg(healthy)
                .arg(op->scaleTarget));
    // Count not reached: SCALING_REQUESTED again and another round (Drove queues a new SCALE).
    ++op->rounds;
    setAppState(*app, ApplicationState::ScalingRequested);
    op->timer = m_clock->schedule(
        m_config.jobRetryIntervalMs, [this, appId, serial] { runScaleRound(appId, serial); }, this);
}

void ControllerEngine::runInstanceJobs(const QString &appId, quint64 serial)
{
    ActiveOperation *op = currentOp(appId, serial);
    if (!op)
        return;
    op->timer = 0;
    AppRecord *app = findApp(appId);
    if (op->cancelRequested)
        return settle(*app, OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
    JobWindow *window = newWindow(*app);
    QPointer<JobWindow> guard(window);
    const auto &operation = op->operation;
    QStringList ids;
    for (const QString &id : operation.instanceIds)
        if (!ids.contains(id))
            ids.append(id);
    if (operation.type == OperationType::StopInstances) {
        for (const QString &id : std::as_const(ids))
            window->add(operation.skipRespawn
                            ? stopJob(appId, serial, id)
                            // Project decision: the replacement starts before the stop.
                            : pairJob(appId, serial, guard, id, false));
    } else {
        QList<const InstanceRuntime *> targets;
        for (const InstanceRuntime *runtime : liveInstances(appId))
            if (runtime->info.state == InstanceState::Healthy
                && (ids.isEmpty() || ids.contains(runtime->info.instanceId)))
                targets.append(runtime);
        std::sort(targets.begin(), targets.end(),
                  [](const InstanceRuntime *a, const InstanceRuntime *b) {
                      return a->info.created < b->info.created;
                  });
        for (const InstanceRuntime *runtime : std::as_const(targets))
            window->add(
                pairJob(appId, serial, guard, runtime->info.instanceId, operation.stopFirst));
    }
    window->start([this, appId, serial] { instanceJobsFinished(appId, serial); });
}

void ControllerEngine::instanceJobsFinished(const QString &appId, quint64 serial)
{
    ActiveOperation *op = currentOp(appId, serial);
    if (!op)
        return;
    AppRecord *app = findApp(appId);
    const auto &operation = op->operation;
    if (operation.type == OperationType::StopInstances && operation.skipRespawn) {
        // Drove (StopAppInstancesAction.processResult) lowers the count by the whole list when
        // every stop succeeded; a cancelled or timed-out one lowers it only by the instances
        // really stopped (project decision), so a later RECOVER does not stop others.
        const bool interrupted = op->cancelRequested
            || (op->window && (op->window->isTimedOut() || op->window->skipped() > 0));
        qint64 stopped = 0;
        if (interrupted)
            stopped = op->stopSuccesses;
        else if (op->stopFailures == 0)
            stopped = operation.instanceIds.size();
        if (stopped > 0)
            writeRequired(*app, qMax<qint64>(0, app->required - stopped));
    }
    if (op->cancelRequested)
        return settle(*app, OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
    // One rule for every operation, which the console applies to what it sees: an operation
    // that reached its target completed, whenever that was; one that did not timed out if its
    // deadline had passed, and failed otherwise.
    const bool reached = op->stopFailures == 0 && op->startFailures == 0
        && !(op->window && op->window->skipped() > 0);
    if (reached && operation.type == OperationType::StopInstances) {
        // StopAppInstancesAction.processResult: a successful stop parks the app by its desired
        // count (MONITORING only when skipRespawn left it 0), not by its healthy count.
        return settle(*app, OperationOutcome::Completed, QString(),
                      operation.skipRespawn && app->required == 0 ? ApplicationState::Monitoring
                                                                  : ApplicationState::Running);
    }
    if (reached)
        return settle(*app, OperationOutcome::Completed, QString());
    if ((op->window && op->window->isTimedOut()) || m_clock->now() >= op->deadline)
        return settle(
            *app, OperationOutcome::TimedOut,
            QStringLiteral("Timed out after %1; %2 job(s) not started")
                .arg(op->record.opSpec.timeout ? op->record.opSpec.timeout->toString() : QString())
                .arg(op->window ? op->window->skipped() : 0));
    if (op->stopFailures > 0)
        return settle(*app, OperationOutcome::Failed,
                      QStringLiteral("Could not stop application instances"));
    if (op->startFailures > 0)
        return settle(*app, OperationOutcome::Failed,
                      QStringLiteral("%1 replacement instance(s) could not be started")
                          .arg(op->startFailures));
    settle(*app, OperationOutcome::Completed, QString());
}

void ControllerEngine::runDestroy(const QString &appId, quint64 serial)
{
    ActiveOperation *op = currentOp(appId, serial);
    if (!op)
        return;
    op->timer = 0;
    AppRecord *app = findApp(appId);
    // DestroyAppAction only moves the app to DESTROYED; ApplicationEngine.handleAppStateUpdate
    // then deletes the app and all its instance records (deleteAllInstancesForApp): no stop, no
    // INSTANCE_STATE_CHANGE, nothing left in the old list.
    m_quietInstanceEvents = true;
    m_forgetEndedInstances = true;
    for (const InstanceRuntime *runtime : liveInstances(appId))
        m_sim->terminate(runtime->info.instanceId, InstanceState::Stopped, QString());
    m_forgetEndedInstances = false;
    m_quietInstanceEvents = false;
    app->state = ApplicationState::Destroyed;
    op->record.appStates.append(ApplicationState::Destroyed);
    emitAppEvent(*app);
    finishRecord(op->record, OperationOutcome::Completed, QString());
    const OperationRecord record = op->record;
    removeAppCompletely(appId);
    emit m_core.operationFinished(record);
    emit m_core.applicationRemoved(appId);
}

void ControllerEngine::removeAppCompletely(const QString &appId)
{
    m_store.begin();
    m_store.removeApp(appId);
    m_store.removeInstancesOfApp(appId);
    m_store.removeOperationsOfApp(appId);
    m_store.commit();
    for (auto it = m_records.begin(); it != m_records.end();) {
        if (it->appId == appId) {
            m_recordOrder.removeOne(it.key());
            it = m_records.erase(it);
        } else {
            ++it;
        }
    }
    const auto it = m_apps.find(appId);
    if (it != m_apps.end()) {
        if (it->second->op && it->second->op->timer)
            m_clock->cancel(it->second->op->timer);
        m_apps.erase(it);
        appsChanged();
    }
}

CancelResult ControllerEngine::cancel(const QString &appId)
{
    CancelResult result;
    AppRecord *app = findApp(appId);
    ActiveOperation *op = app ? app->op.get() : nullptr;
    const bool cancellable = op && !op->cancelRequested
        && (protocol::isCancellable(op->record.type)
            || (op->record.type == OperationType::Recover && !op->recovering));
    if (!cancellable) {
        result.cancelled = false;
        result.rejection = Rejection::NotCancellable;
        result.message = OperationValidator::cancelFailedMessage();
        return result;
    }
    result.cancelled = true;
    result.message = protocol::ApiResponse::SuccessMessage;
    result.operationId = op->record.operationId;
    op->cancelRequested = true;
    // Queued jobs are dropped now; the window finishes (and the app settles) once the jobs in
    // flight are done. Without a window, the pending round sees cancelRequested.
    if (op->window)
        op->window->cancel();
    return result;
}

// ---- jobs ----

JobWindow::Job ControllerEngine::startJob(const QString &appId, quint64 serial,
                                          QPointer<JobWindow> window)
{
    return [this, appId, serial, window](JobWindow::Done done) {
        startAttempt(
            appId, serial, window,
            [this, appId, serial, done](bool ok) {
                if (!ok)
                    if (ActiveOperation *op = currentOp(appId, serial))
                        ++op->startFailures;
                done(ok);
            },
            0);
    };
}

JobWindow::Job ControllerEngine::stopJob(const QString &appId, quint64 serial,
                                         const QString &instanceId)
{
    return [this, appId, serial, instanceId](JobWindow::Done done) {
        stopInstanceAndWait(appId, instanceId, [this, appId, serial, done](bool ok) {
            if (ActiveOperation *op = currentOp(appId, serial))
                ok ? ++op->stopSuccesses : ++op->stopFailures;
            done(ok);
        });
    };
}

JobWindow::Job ControllerEngine::pairJob(const QString &appId, quint64 serial,
                                         QPointer<JobWindow> window, const QString &instanceId,
                                         bool stopFirst)
{
    return [this, appId, serial, window, instanceId, stopFirst](JobWindow::Done done) {
        auto countStop = [this, appId, serial](bool ok) {
            if (ActiveOperation *op = currentOp(appId, serial))
                ok ? ++op->stopSuccesses : ++op->stopFailures;
        };
        auto countStart = [this, appId, serial](bool ok) {
            if (!ok)
                if (ActiveOperation *op = currentOp(appId, serial))
                    ++op->startFailures;
        };
        if (stopFirst) {
            stopInstanceAndWait(
                appId, instanceId,
                [this, appId, serial, window, done, countStop, countStart](bool stopped) {
                    countStop(stopped);
                    startAttempt(
                        appId, serial, window,
                        [done, stopped, countStart](bool started) {
                            countStart(started);
                            done(stopped && started);
                        },
                        0);
                });
            return;
        }
        startAttempt(
            appId, serial, window,
            [this, appId, window, instanceId, done, countStop, countStart](bool started) {
                countStart(started);
                // A cancel that arrives while the start runs skips the paired stop.
                if (window && window->isCancelled())
                    return done(started);
                // If the start failed the stop still runs (Drove: a false job is no
                // exception); the monitor repairs capacity later.
                stopInstanceAndWait(appId, instanceId, [done, started, countStop](bool stopped) {
                    countStop(stopped);
                    done(started && stopped);
                });
            },
            0);
    };
}

void ControllerEngine::startAttempt(const QString &appId, quint64 serial,
                                    QPointer<JobWindow> window, JobWindow::Done done, int attempt)
{
    AppRecord *app = findApp(appId);
    if (!app || !currentOp(appId, serial))
        return done(false);
    auto retryOrFail = [this, appId, serial, window, done, attempt] {
        if (attempt < m_config.jobRetryCount && window && !window->isStopping()
            && currentOp(appId, serial)) {
            m_clock->schedule(
                m_config.jobRetryIntervalMs,
                [this, appId, serial, window, done, attempt] {
                    startAttempt(appId, serial, window, done, attempt + 1);
                },
                this);
            return;
        }
        done(false);
    };

    const auto policy = app->spec->effectivePlacementPolicy();
    QHash<QString, int> perHost;
    if (policy.contains(protocol::PlacementPolicyType::OnePerHost)
        || policy.contains(protocol::PlacementPolicyType::MaxNPerHost))
        for (const InstanceRuntime *runtime : liveInstances(appId))
            if (protocol::isActive(runtime->info.state))
                perHost[runtime->info.executorId] += 1;
    QList<SimExecutor *> candidates;
    for (auto &entry : m_sim->executors())
        if (entry.second.isSchedulable())
            candidates.append(&entry.second);
    QString preferred;
    if (auto hints = m_placementHints.find(appId); hints != m_placementHints.end()) {
        preferred = hints->takeFirst();
        if (hints->isEmpty())
            m_placementHints.erase(hints);
    }
    const auto placement = Scheduler::place(
        candidates, policy, int(app->spec->cpuCount()), app->spec->memoryMb(),
        [&perHost](const SimExecutor &executor) { return perHost.value(executor.id); }, m_random,
        preferred);
    if (!placement)
        return retryOrFail();

    const QString instanceId
        = m_sim->launch(appId, app->spec, *placement->executor, placement->allocation);
    auto resolved = std::make_shared<bool>(false);
    auto timer = std::make_shared<TimerId>(0);
    *timer = m_clock->schedule(
        startWaitMs(*app->spec),
        [this, appId, serial, resolved, retryOrFail] {
            if (*resolved)
                return;
            *resolved = true;
            if (ActiveOperation *op = currentOp(appId, serial))
                ++op->record.failedStarts;
            // StartSingleInstanceJob.startInstance: when ensureInstanceState gives up, only the
            // allocation is discarded; no stop is sent, the instance is left to its executor
            // (and to the monitor, if it becomes HEALTHY later).
            retryOrFail();
        },
        this);
    addWaiter(instanceId,
              [this, appId, serial, resolved, timer, done, retryOrFail](InstanceState state,
                                                                        bool unreachable) {
                  if (*resolved)
                      return true;
                  if (state == InstanceState::Healthy && !unreachable) {
                      *resolved = true;
                      m_clock->cancel(*timer);
                      if (ActiveOperation *op = currentOp(appId, serial))
                          ++op->record.instancesStarted;
                      done(true);
                      return true;
                  }
                  // ControllerUtils.ensureInstanceState gives up only on a terminal state: a
                  // failed instance is waited for until its executor has cleaned it up.
                  if (unreachable || protocol::isTerminal(state)) {
                      *resolved = true;
                      m_clock->cancel(*timer);
                      if (ActiveOperation *op = currentOp(appId, serial))
                          ++op->record.failedStarts;
                      retryOrFail();
                      return true;
                  }
                  return false;
              });
}

void ControllerEngine::stopInstanceAndWait(const QString &appId, const QString &instanceId,
                                           JobWindow::Done done)
{
    const InstanceRuntime *runtime = m_sim->instance(instanceId);
    // An unknown instance counts as stopped (Drove); so does a failed one, which its executor
    // is already cleaning up.
    if (!runtime || runtime->info.appId != appId || protocol::isError(runtime->info.state))
        return done(true);
    if (runtime->frozen)
        return done(false);
    // An instance already going down by itself (UNHEALTHY, then DEPROVISIONING) is waited for,
    // but the operation did not stop it: the console's tracker sees no stop of its own either.
    const bool goingDownByItself = runtime->info.state == InstanceState::Unhealthy
        || runtime->info.state == InstanceState::Deprovisioning;
    addWaiter(instanceId,
              [this, appId, done, goingDownByItself](InstanceState state, bool unreachable) {
                  if (unreachable) {
                      done(false);
                      return true;
                  }
                  if (protocol::isTerminal(state)) {
                      // A LOST instance was not stopped: its executor stopped reporting.
                      if (AppRecord *app = findApp(appId);
                          app && app->op && state != InstanceState::Lost && !goingDownByItself)
                          ++app->op->record.instancesStopped;
                      done(true);
                      return true;
                  }
                  return false;
              });
    m_sim->stop(instanceId);
}

void ControllerEngine::addWaiter(const QString &instanceId,
                                 std::function<bool(InstanceState, bool)> waiter)
{
    m_waiters[instanceId].append(std::move(waiter));
}

void ControllerEngine::notifyWaiters(const QString &instanceId, InstanceState state,
                                     bool unreachable)
{
    auto it = m_waiters.find(instanceId);
    if (it == m_waiters.end())
        return;
    auto waiters = std::move(it.value());
    m_waiters.erase(it);
    decltype(waiters) remaining;
    for (auto &waiter : waiters)
        if (!waiter(state, unreachable))
            remaining.append(std::move(waiter));
    if (!remaining.isEmpty() && !protocol::isTerminal(state) && !unreachable)
        m_waiters[instanceId] += remaining;
}

} // namespace drove::controller
