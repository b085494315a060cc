#pragma once

#include "controller/clock.h"
#include "controller/jobwindow.h"
#include "controller/operationrecord.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationstate.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace drove::controller {

class ControllerEngine;
struct AppRecord;

/// One accepted operation while it holds its app's slot: its record, op spec limits, job window,
/// pending timer and counters. It is the context of every callback it schedules (timers on the
/// clock, waits on instance states, its jobs), so deleting it cancels them; no callback looks the
/// operation up again. One subclass per kind of work, chosen once by create().
class OperationRun : public QObject
{
    Q_OBJECT
public:
    /// What begin() left: the run goes on through its scheduled steps, or it has nothing to do
    /// and is finished by complete() once its acceptance is stored.
    enum class Start { Running, CompleteWhenStored };

    /// The run for \a operation on \a app (CREATE gets a run with no steps: createApp finishes it
    /// before answering).
    static std::unique_ptr<OperationRun> create(ControllerEngine &engine, AppRecord &app,
                                                const protocol::ApplicationOperation &operation,
                                                OperationRecord record, qint64 deadline,
                                                int parallelism);
    OperationRun(ControllerEngine &engine, AppRecord &app,
                 const protocol::ApplicationOperation &operation, OperationRecord record,
                 qint64 deadline, int parallelism);
    ~OperationRun() override;

    /// Takes the app into the operation's first state and schedules the first step (inside the
    /// transaction that stores the acceptance).
    virtual Start begin() = 0;
    /// Ends a run that begin() said needs nothing more.
    void complete();
    /// Asks the run to stop: queued jobs are skipped, jobs in flight finish, then the app settles.
    /// False when this kind of operation (or this phase of it) cannot be cancelled.
    bool cancel();
    /// Out of the slot (finished or rolled back): its callbacks do nothing more. The engine
    /// deletes it later, since it may be on the stack.
    void retire();
    bool isRetired() const { return m_retired; }

    const protocol::ApplicationOperation &operation() const { return m_operation; }

    /// The operation's record as its jobs count it; copied into the engine's records when the
    /// run ends.
    OperationRecord record;

protected:
    virtual bool isCancellable() const;
    /// Runs \a step after \a delayMs, unless the run is deleted first (it is the timer's context).
    void scheduleStep(qint64 delayMs, std::function<void()> step);
    /// Ends the operation; the app parks in \a parked, or by its healthy count if not given.
    void settle(OperationOutcome outcome, const QString &reason,
                std::optional<protocol::ApplicationState> parked = std::nullopt);
    /// A fresh window for the next round of jobs (the previous one is dropped).
    JobWindow *newWindow();
    bool deadlinePassed() const;
    QString timeoutText() const;

    JobWindow::Job startJob();
    JobWindow::Job stopJob(const QString &instanceId);
    JobWindow::Job startThenStopJob(const QString &instanceId, bool stopFirst);
    void startAttempt(JobWindow::Done done, int attempt);
    void stopInstanceAndWait(const QString &instanceId, JobWindow::Done done);
    void countStop(bool ok) { ok ? ++m_stopSuccesses : ++m_stopFailures; }
    void countStart(bool ok) { m_startFailures += ok ? 0 : 1; }

    ControllerEngine &m_engine;
    AppRecord &m_app;
    const protocol::ApplicationOperation m_operation;
    const qint64 m_deadline;
    const int m_parallelism;
    QPointer<JobWindow> m_window;
    TimerId m_timer = 0;
    bool m_cancelRequested = false;
    bool m_retired = false;
    int m_startFailures = 0;
    int m_stopSuccesses = 0;
    int m_stopFailures = 0;
};

/// START_INSTANCES, SCALE, SUSPEND and RECOVER: rounds of start or stop jobs towards a count,
/// until it is reached, the deadline passes or it is cancelled.
class ScaleRun : public OperationRun
{
    Q_OBJECT
public:
    using OperationRun::OperationRun;
    Start begin() override;

private:
    bool isCancellable() const override;
    void startScale();
    void runRound();
    void roundFinished();
    /// ScaleAppAction.processResult: a cancelled scale that missed its count rolls it back to
    /// what is there now; one that reached it writes nothing.
    void settleCancelled(qint64 healthy);

    qint64 m_target = 0;
    /// RECOVER: still in OUTAGE_DETECTED (not cancellable yet).
    bool m_recovering = false;
};

/// STOP_INSTANCES and REPLACE_INSTANCES: one job per named (or every healthy) instance.
class InstancesRun : public OperationRun
{
    Q_OBJECT
public:
    using OperationRun::OperationRun;
    Start begin() override;

private:
    void runJobs();
    void jobsFinished();
};

/// DESTROY: the app and its instance records go at once (no jobs).
class DestroyRun : public OperationRun
{
    Q_OBJECT
public:
    using OperationRun::OperationRun;
    Start begin() override;

private:
    void destroy();
};

/// CREATE: finished by ControllerEngine::createApp before the answer; it only holds the slot
/// while the app is being stored.
class CreateRun : public OperationRun
{
    Q_OBJECT
public:
    using OperationRun::OperationRun;
    Start begin() override { return Start::Running; }
};

} // namespace drove::controller
