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
    explicit EngineView(const ControllerEngine &engine)
        : m_engine(engine)
    { }

    bool inMaintenanceWindow() const override { return m_engine.isInMaintenanceWindow(); }
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
};

} // namespace

OperationResult ControllerEngine::validateSpec(const protocol::ApplicationSpec &spec)
{
    const AdmissionDecision decision = Admission::admitSpec(spec, EngineView(*this));
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
    const EngineView view(*this);
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

    // Accepted: the op takes the slot and its first step happens before we answer.
    const AppSnapshot before {app->required, app->state, app->updated};
    m_store.begin();
    OperationRun &run = beginOperation(*app, operation, internal);
    OperationResult result;
    result.accepted = true;
    result.appId = appId;
    result.operationId = run.record.operationId;
    result.message = protocol::ApiResponse::SuccessMessage;
    const OperationRun::Start start = run.begin();
    // Never acknowledge what was not stored.
    if (!m_store.commit())
        return rollBackOperation(*app, before);
    if (start == OperationRun::Start::CompleteWhenStored)
        run.complete();
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
    OperationRun &op = beginOperation(record, operation, internal);
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
        emit applicationRemoved(createdId);
        return notStored(createdId, finished);
    }
    emit operationFinished(finished);
    return result;
}

OperationRun &ControllerEngine::beginOperation(AppRecord &app,
                                               const protocol::ApplicationOperation &operation,
                                               bool internal)
{
    OperationRecord record;
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
    const qint64 deadline
        = saturatingAdd(record.acceptedAt,
                        record.opSpec.timeout ? record.opSpec.timeout->toMilliseconds()
                                              : m_config.defaultOpTimeoutMs);
    const int parallelism = int(qBound<qint64>(qint64(1), record.opSpec.parallelism, qint64(512)));
    m_records.insert(record.operationId, record);
    m_recordOrder.append(record.operationId);
    persistOperation(record);
    app.op = OperationRun::create(*this, app, operation, record, deadline, parallelism);
    emit operationAccepted(record);
    return *app.op;
}

void ControllerEngine::dispose(std::unique_ptr<OperationRun> run)
{
    run->retire();
    // Still the engine's child: the engine's destructor deletes it before the clock if the
    // event loop does not get to it first.
    run.release()->deleteLater();
}

void ControllerEngine::setAppState(AppRecord &app, ApplicationState state)
{
    if (app.op)
        app.op->record.appStates.append(state);
    // The state lives in the state machine, not in the app record: `updated` stays as it is.
    app.state = state;
    persistApp(app);
    emitAppEvent(app);
    emit applicationChanged(app.appId);
}

void ControllerEngine::writeRequired(AppRecord &app, qint64 required)
{
    app.required = required;
    app.updated = m_clock->now();
}

void ControllerEngine::finishRecord(OperationRecord &record, OperationOutcome outcome,
                                    const QString &reason)
{
    record.outcome = outcome;
    record.reason = reason;
    record.finishedAt = m_clock->now();
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
        if (it->second->op)
            dispose(std::move(it->second->op));
        m_apps.erase(it);
        appsChanged();
    }
}

CancelResult ControllerEngine::cancel(const QString &appId)
{
    CancelResult result;
    AppRecord *app = findApp(appId);
    OperationRun *run = app ? app->op.get() : nullptr;
    // Read first: the run may end within cancel() when no job is in flight.
    const QString operationId = run ? run->record.operationId : QString();
    if (!run || !run->cancel()) {
        result.cancelled = false;
        result.rejection = Rejection::NotCancellable;
        result.message = OperationValidator::cancelFailedMessage();
        return result;
    }
    result.cancelled = true;
    result.message = protocol::ApiResponse::SuccessMessage;
    result.operationId = operationId;
    return result;
}

void ControllerEngine::addWaiter(const QString &instanceId, QObject *context,
                                 std::function<bool(InstanceState, bool)> waiter)
{
    m_waiters[instanceId].append(Waiter {context, std::move(waiter)});
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
        // A waiter whose run was deleted is dropped with it.
        if (waiter.context && !waiter.wait(state, unreachable))
            remaining.append(std::move(waiter));
    if (!remaining.isEmpty() && !protocol::isTerminal(state) && !unreachable)
        m_waiters[instanceId] += remaining;
}

} // namespace drove::controller
