// The run of an accepted operation: its steps, its jobs and how it settles the app.
#include "controller/operationrun.h"

#include "controller/controllerengine.h"
#include "controller/scheduler.h"

#include <algorithm>

namespace drove::controller {

using protocol::ApplicationState;
using protocol::InstanceState;
using protocol::OperationType;

std::unique_ptr<OperationRun> OperationRun::create(ControllerEngine &engine, AppRecord &app,
                                                   const protocol::ApplicationOperation &operation,
                                                   OperationRecord record, qint64 deadline,
                                                   int parallelism)
{
    OperationRun *run = nullptr;
    switch (operation.type) {
    case OperationType::StartInstances:
    case OperationType::ScaleInstances:
    case OperationType::Suspend:
    case OperationType::Recover:
        run = new ScaleRun(engine, app, operation, std::move(record), deadline, parallelism);
        break;
    case OperationType::StopInstances:
    case OperationType::ReplaceInstances:
        run = new InstancesRun(engine, app, operation, std::move(record), deadline, parallelism);
        break;
    case OperationType::Destroy:
        run = new DestroyRun(engine, app, operation, std::move(record), deadline, parallelism);
        break;
    case OperationType::Create:
        run = new CreateRun(engine, app, operation, std::move(record), deadline, parallelism);
        break;
    }
    return std::unique_ptr<OperationRun>(run);
}

OperationRun::OperationRun(ControllerEngine &engine, AppRecord &app,
                           const protocol::ApplicationOperation &operation, OperationRecord record,
                           qint64 deadline, int parallelism)
    // A child of the engine from the start, so that it moves with the core to another thread;
    // the app's slot still owns it (ControllerEngine::dispose()).
    : QObject(&engine)
    , record(std::move(record))
    , m_engine(engine)
    , m_app(app)
    , m_operation(operation)
    , m_deadline(deadline)
    , m_parallelism(parallelism)
{ }

OperationRun::~OperationRun()
{
    // The clock may keep a dead entry until it is due otherwise (VirtualClock counts them).
    if (m_timer)
        m_engine.m_clock->cancel(m_timer);
}

void OperationRun::complete()
{
    settle(OperationOutcome::Completed, QString());
}

bool OperationRun::isCancellable() const
{
    return protocol::isCancellable(record.type);
}

bool OperationRun::cancel()
{
    if (m_retired || m_cancelRequested || !isCancellable())
        return false;
    m_cancelRequested = true;
    // Queued jobs are dropped now; the window finishes (and the app settles) once the jobs in
    // flight are done. Without a window, the pending step sees the request.
    if (m_window)
        m_window->cancel();
    return true;
}

void OperationRun::retire()
{
    m_retired = true;
    if (m_timer) {
        m_engine.m_clock->cancel(m_timer);
        m_timer = 0;
    }
}

void OperationRun::scheduleStep(qint64 delayMs, std::function<void()> step)
{
    m_timer = m_engine.m_clock->schedule(
        delayMs,
        [this, step = std::move(step)] {
            m_timer = 0;
            step();
        },
        this);
}

bool OperationRun::deadlinePassed() const
{
    return (m_window && m_window->isTimedOut()) || m_engine.m_clock->now() >= m_deadline;
}

QString OperationRun::timeoutText() const
{
    return record.opSpec.timeout ? record.opSpec.timeout->toString() : QString();
}

void OperationRun::settle(OperationOutcome outcome, const QString &reason,
                          std::optional<ApplicationState> parkedState)
{
    if (m_app.op.get() != this)
        return;
    std::unique_ptr<OperationRun> self = std::move(m_app.op);
    retire();
    const ApplicationState parked
        = parkedState.value_or(m_engine.healthyCount(m_app) > 0 ? ApplicationState::Running
                                                                : ApplicationState::Monitoring);
    m_engine.finishRecord(record, outcome, reason);
    record.appStates.append(parked);
    m_engine.m_records.insert(record.operationId, record);
    m_engine.m_store.begin();
    m_engine.persistOperation(record);
    m_engine.pruneRecords(m_app.appId);
    m_engine.setAppState(m_app, parked);
    m_engine.m_store.commit();
    const OperationRecord finished = record;
    // This run may be on the stack (its window's last job ended here): deleted later.
    m_engine.dispose(std::move(self));
    emit m_engine.operationFinished(finished);
}

JobWindow *OperationRun::newWindow()
{
    if (m_window)
        m_window->deleteLater();
    m_window = new JobWindow(*m_engine.m_clock, m_parallelism, m_deadline, this);
    return m_window;
}

// ---- jobs ----

JobWindow::Job OperationRun::startJob()
{
    return [this](JobWindow::Done done) {
        startAttempt(
            [this, done](bool ok) {
                if (!m_retired)
                    countStart(ok);
                done(ok);
            },
            0);
    };
}

JobWindow::Job OperationRun::stopJob(const QString &instanceId)
{
    return [this, instanceId](JobWindow::Done done) {
        stopInstanceAndWait(instanceId, [this, done](bool ok) {
            if (!m_retired)
                countStop(ok);
            done(ok);
        });
    };
}

JobWindow::Job OperationRun::startThenStopJob(const QString &instanceId, bool stopFirst)
{
    return [this, instanceId, stopFirst](JobWindow::Done done) {
        const QPointer<JobWindow> window = m_window;
        if (stopFirst) {
            stopInstanceAndWait(instanceId, [this, done](bool stopped) {
                if (!m_retired)
                    countStop(stopped);
                startAttempt(
                    [this, done, stopped](bool started) {
                        if (!m_retired)
                            countStart(started);
                        done(stopped && started);
                    },
                    0);
            });
            return;
        }
        startAttempt(
            [this, window, instanceId, done](bool started) {
                if (!m_retired)
                    countStart(started);
                // A cancel that arrives while the start runs skips the paired stop.
                if (window && window->isCancelled())
                    return done(started);
                // If the start failed the stop still runs (Drove: a false job is no
                // exception); the monitor repairs capacity later.
                stopInstanceAndWait(instanceId, [this, done, started](bool stopped) {
                    if (!m_retired)
                        countStop(stopped);
                    done(started && stopped);
                });
            },
            0);
    };
}

void OperationRun::startAttempt(JobWindow::Done done, int attempt)
{
    if (m_retired)
        return done(false);
    const QPointer<JobWindow> window = m_window;
    auto retryOrFail = [this, window, done, attempt] {
        if (attempt < m_engine.m_config.jobRetryCount && window && !window->isStopping()
            && !m_retired) {
            m_engine.m_clock->schedule(
                m_engine.m_config.jobRetryIntervalMs,
                [this, done, attempt] { startAttempt(done, attempt + 1); }, this);
            return;
        }
        done(false);
    };

    const QString &appId = m_app.appId;
    const auto policy = m_app.spec->effectivePlacementPolicy();
    QHash<QString, int> perHost;
    if (policy.contains(protocol::PlacementPolicyType::OnePerHost)
        || policy.contains(protocol::PlacementPolicyType::MaxNPerHost))
        for (const InstanceRuntime *runtime : m_engine.liveInstances(appId))
            if (protocol::isActive(runtime->info.state))
                perHost[runtime->info.executorId] += 1;
    QList<SimExecutor *> candidates;
    for (auto &entry : m_engine.m_sim->executors())
        if (entry.second.isSchedulable())
            candidates.append(&entry.second);
    QString preferred;
    auto &hints = m_engine.m_placementHints;
    if (auto hint = hints.find(appId); hint != hints.end()) {
        preferred = hint->takeFirst();
        if (hint->isEmpty())
            hints.erase(hint);
    }
    const auto placement = Scheduler::place(
        candidates, policy, int(m_app.spec->cpuCount()), m_app.spec->memoryMb(),
        [&perHost](const SimExecutor &executor) { return perHost.value(executor.id); },
        m_engine.m_random, preferred);
    if (!placement)
        return retryOrFail();

    const QString instanceId
        = m_engine.m_sim->launch(appId, m_app.spec, *placement->executor, placement->allocation);
    auto resolved = std::make_shared<bool>(false);
    auto timer = std::make_shared<TimerId>(0);
    *timer = m_engine.m_clock->schedule(
        m_engine.startWaitMs(*m_app.spec),
        [this, resolved, retryOrFail] {
            if (*resolved)
                return;
            *resolved = true;
            if (!m_retired)
                ++record.failedStarts;
            // StartSingleInstanceJob.startInstance: when ensureInstanceState gives up, only the
            // allocation is discarded; no stop is sent, the instance is left to its executor
            // (and to the monitor, if it becomes HEALTHY later).
            retryOrFail();
        },
        this);
    m_engine.addWaiter(
        instanceId, this,
        [this, resolved, timer, done, retryOrFail](InstanceState state, bool unreachable) {
            if (*resolved)
                return true;
            if (state == InstanceState::Healthy && !unreachable) {
                *resolved = true;
                m_engine.m_clock->cancel(*timer);
                if (!m_retired)
                    ++record.instancesStarted;
                done(true);
                return true;
            }
            // ControllerUtils.ensureInstanceState gives up only on a terminal state: a failed
            // instance is waited for until its executor has cleaned it up.
            if (unreachable || protocol::isTerminal(state)) {
                *resolved = true;
                m_engine.m_clock->cancel(*timer);
                if (!m_retired)
                    ++record.failedStarts;
                retryOrFail();
                return true;
            }
            return false;
        });
}

void OperationRun::stopInstanceAndWait(const QString &instanceId, JobWindow::Done done)
{
    const InstanceRuntime *runtime = m_engine.m_sim->instance(instanceId);
    // An unknown instance counts as stopped (Drove); so does a failed one, which its executor
    // is already cleaning up.
    if (!runtime || runtime->info.appId != m_app.appId || protocol::isError(runtime->info.state))
        return done(true);
    if (runtime->frozen)
        return done(false);
    // An instance already going down by itself (UNHEALTHY, then DEPROVISIONING) is waited for,
    // but the operation did not stop it: the console's tracker sees no stop of its own either.
    const bool goingDownByItself = runtime->info.state == InstanceState::Unhealthy
        || runtime->info.state == InstanceState::Deprovisioning;
    m_engine.addWaiter(instanceId, this,
                       [this, done, goingDownByItself](InstanceState state, bool unreachable) {
                           if (unreachable) {
                               done(false);
                               return true;
                           }
                           if (protocol::isTerminal(state)) {
                               // A LOST instance was not stopped: its executor stopped reporting.
                               if (!m_retired && state != InstanceState::Lost && !goingDownByItself)
                                   ++record.instancesStopped;
                               done(true);
                               return true;
                           }
                           return false;
                       });
    m_engine.m_sim->stop(instanceId);
}

// ---- START_INSTANCES, SCALE, SUSPEND, RECOVER ----

OperationRun::Start ScaleRun::begin()
{
    if (m_operation.type == OperationType::Recover) {
        m_recovering = true;
        m_engine.setAppState(m_app, ApplicationState::OutageDetected);
        scheduleStep(0, [this] { startScale(); });
        return Start::Running;
    }
    const int healthy = m_engine.healthyCount(m_app);
    m_target = m_operation.type == OperationType::StartInstances ? healthy + m_operation.instances
        : m_operation.type == OperationType::ScaleInstances      ? m_operation.requiredInstances
                                                                 : 0;
    if (m_operation.type == OperationType::Suspend && m_app.state == ApplicationState::Monitoring
        && healthy == 0) {
        // Project decision: SUSPEND on MONITORING is accepted and only sets the desired count to
        // 0 (Drove turns SUSPEND into SCALE 0, ApplicationLifecycleManagementEngine
        // translateOp), so the monitor stops restarting a crash-looping app.
        m_engine.writeRequired(m_app, 0);
        m_engine.persistApp(m_app);
        return Start::CompleteWhenStored;
    }
    m_engine.writeRequired(m_app, m_target);
    m_engine.setAppState(m_app, ApplicationState::ScalingRequested);
    scheduleStep(0, [this] { runRound(); });
    return Start::Running;
}

bool ScaleRun::isCancellable() const
{
    return OperationRun::isCancellable()
        || (record.type == OperationType::Recover && !m_recovering);
}

void ScaleRun::startScale()
{
    // RECOVER: OUTAGE_DETECTED → SCALING_REQUESTED with the stored desired count.
    if (m_recovering) {
        m_recovering = false;
        m_target = m_app.required;
        m_engine.setAppState(m_app, ApplicationState::ScalingRequested);
    }
    runRound();
}

void ScaleRun::settleCancelled(qint64 healthy)
{
    if (m_app.required != healthy)
        m_engine.writeRequired(m_app, healthy);
    settle(OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
}

void ScaleRun::runRound()
{
    if (m_cancelRequested)
        return settleCancelled(m_engine.healthyCount(m_app));
    QList<const InstanceRuntime *> healthy;
    for (const InstanceRuntime *runtime : m_engine.liveInstances(m_app.appId))
        if (runtime->info.state == InstanceState::Healthy && !m_engine.isStale(runtime->info))
            healthy.append(runtime);
    if (healthy.size() == m_target)
        return settle(OperationOutcome::Completed, QString());
    JobWindow *window = newWindow();
    if (healthy.size() < m_target) {
        for (qint64 i = healthy.size(); i < m_target; ++i)
            window->add(startJob());
    } else {
        // Project decision: oldest instances are stopped first.
        std::sort(
            healthy.begin(), healthy.end(), [](const InstanceRuntime *a, const InstanceRuntime *b) {
                return a->info.created != b->info.created ? a->info.created < b->info.created
                                                          : a->info.instanceId < b->info.instanceId;
            });
        for (qint64 i = 0; i < healthy.size() - m_target; ++i)
            window->add(stopJob(healthy[i]->info.instanceId));
    }
    window->start([this] { roundFinished(); });
}

void ScaleRun::roundFinished()
{
    if (m_retired)
        return;
    const bool timedOut = deadlinePassed();
    const int healthy = m_engine.healthyCount(m_app);
    if (m_cancelRequested)
        return settleCancelled(healthy);
    if (healthy == m_target)
        return settle(OperationOutcome::Completed, QString());
    if (timedOut)
        return settle(OperationOutcome::TimedOut,
                      QStringLiteral("Timed out after %1 with %2 of %3 instances healthy")
                          .arg(timeoutText())
                          .arg(healthy)
                          .arg(m_target));
    // Count not reached: SCALING_REQUESTED again and another round (Drove queues a new SCALE).
    m_engine.setAppState(m_app, ApplicationState::ScalingRequested);
    scheduleStep(m_engine.m_config.jobRetryIntervalMs, [this] { runRound(); });
}

// ---- STOP_INSTANCES, REPLACE_INSTANCES ----

OperationRun::Start InstancesRun::begin()
{
    m_engine.setAppState(m_app,
                         m_operation.type == OperationType::StopInstances
                             ? ApplicationState::StopInstancesRequested
                             : ApplicationState::ReplaceInstancesRequested);
    scheduleStep(0, [this] { runJobs(); });
    return Start::Running;
}

void InstancesRun::runJobs()
{
    if (m_cancelRequested)
        return settle(OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
    JobWindow *window = newWindow();
    QStringList ids;
    for (const QString &id : m_operation.instanceIds)
        if (!ids.contains(id))
            ids.append(id);
    if (m_operation.type == OperationType::StopInstances) {
        for (const QString &id : std::as_const(ids))
            window->add(m_operation.skipRespawn
                            ? stopJob(id)
                            // Project decision: the replacement starts before the stop.
                            : startThenStopJob(id, false));
    } else {
        QList<const InstanceRuntime *> targets;
        for (const InstanceRuntime *runtime : m_engine.liveInstances(m_app.appId))
            if (runtime->info.state == InstanceState::Healthy
                && (ids.isEmpty() || ids.contains(runtime->info.instanceId)))
                targets.append(runtime);
        std::sort(targets.begin(), targets.end(),
                  [](const InstanceRuntime *a, const InstanceRuntime *b) {
                      return a->info.created < b->info.created;
                  });
        for (const InstanceRuntime *runtime : std::as_const(targets))
            window->add(startThenStopJob(runtime->info.instanceId, m_operation.stopFirst));
    }
    window->start([this] { jobsFinished(); });
}

void InstancesRun::jobsFinished()
{
    if (m_retired)
        return;
    const int skipped = m_window ? m_window->skipped() : 0;
    if (m_operation.type == OperationType::StopInstances && m_operation.skipRespawn) {
        // Drove (StopAppInstancesAction.processResult) lowers the count by the whole list when
        // every stop succeeded; a cancelled or timed-out one lowers it only by the instances
        // really stopped (project decision), so a later RECOVER does not stop others.
        const bool interrupted
            = m_cancelRequested || (m_window && m_window->isTimedOut()) || skipped > 0;
        qint64 stopped = 0;
        if (interrupted)
            stopped = m_stopSuccesses;
        else if (m_stopFailures == 0)
            stopped = m_operation.instanceIds.size();
        if (stopped > 0)
            m_engine.writeRequired(m_app, qMax<qint64>(0, m_app.required - stopped));
    }
    if (m_cancelRequested)
        return settle(OperationOutcome::Cancelled, QStringLiteral("Cancelled"));
    // One rule for every operation, which the console applies to what it sees: an operation
    // that reached its target completed, whenever that was; one that did not timed out if its
    // deadline had passed, and failed otherwise.
    const bool reached = m_stopFailures == 0 && m_startFailures == 0 && skipped == 0;
    if (reached && m_operation.type == OperationType::StopInstances) {
        // StopAppInstancesAction.processResult: a successful stop parks the app by its desired
        // count (MONITORING only when skipRespawn left it 0), not by its healthy count.
        return settle(OperationOutcome::Completed, QString(),
                      m_operation.skipRespawn && m_app.required == 0 ? ApplicationState::Monitoring
                                                                     : ApplicationState::Running);
    }
    if (reached)
        return settle(OperationOutcome::Completed, QString());
    if (deadlinePassed())
        return settle(OperationOutcome::TimedOut,
                      QStringLiteral("Timed out after %1; %2 job(s) not started")
                          .arg(timeoutText())
                          .arg(skipped));
    if (m_stopFailures > 0)
        return settle(OperationOutcome::Failed,
                      QStringLiteral("Could not stop application instances"));
    if (m_startFailures > 0)
        return settle(
            OperationOutcome::Failed,
            QStringLiteral("%1 replacement instance(s) could not be started").arg(m_startFailures));
    settle(OperationOutcome::Completed, QString());
}

// ---- DESTROY ----

OperationRun::Start DestroyRun::begin()
{
    m_engine.setAppState(m_app, ApplicationState::DestroyRequested);
    scheduleStep(0, [this] { destroy(); });
    return Start::Running;
}

void DestroyRun::destroy()
{
    // DestroyAppAction only moves the app to DESTROYED; ApplicationEngine.handleAppStateUpdate
    // then deletes the app and all its instance records (deleteAllInstancesForApp): no stop, no
    // INSTANCE_STATE_CHANGE, nothing left in the old list.
    const QString appId = m_app.appId;
    m_engine.m_quietInstanceEvents = true;
    m_engine.m_forgetEndedInstances = true;
    for (const InstanceRuntime *runtime : m_engine.liveInstances(appId))
        m_engine.m_sim->terminate(runtime->info.instanceId, InstanceState::Stopped, QString());
    m_engine.m_forgetEndedInstances = false;
    m_engine.m_quietInstanceEvents = false;
    m_app.state = ApplicationState::Destroyed;
    record.appStates.append(ApplicationState::Destroyed);
    m_engine.emitAppEvent(m_app);
    m_engine.finishRecord(record, OperationOutcome::Completed, QString());
    const OperationRecord finished = record;
    ControllerEngine &engine = m_engine;
    // Disposes of this run and the app record: neither is touched below.
    engine.removeAppCompletely(appId);
    emit engine.operationFinished(finished);
    emit engine.applicationRemoved(appId);
}

} // namespace drove::controller
