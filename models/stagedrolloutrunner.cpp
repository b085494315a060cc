// StagedRolloutRunner: sending the stages, their outcome, pause/resume/go/cancel. What it
// watches between stages is in stagedrolloutwatch.cpp; the restart side (restore(), the
// resume-or-abandon decision, where files live) in stagedrolloutrestore.cpp.
#include "models/stagedrolloutrunner.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/formatting.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"

#include <QDateTime>

namespace drove::models {

using protocol::InstanceState;
using Status = RolloutStageRecord::Status;

namespace {

RolloutProgress initialProgress(const ClusterSession *session, const StagedRollout &plan)
{
    RolloutProgress progress;
    progress.clusterName = session ? session->clusterName() : QString();
    progress.plan = plan;
    for (int i = 0; i < plan.stageCount(); ++i)
        progress.records << RolloutStageRecord();
    return progress;
}

// "Stage 2 of 3", to begin a sentence.
QString stageTitle(int index, int count)
{
    return StagedRolloutRunner::tr("Stage %1 of %2").arg(index + 1).arg(count);
}

} // namespace

StagedRolloutRunner::StagedRolloutRunner(ClusterSession *session, const StagedRollout &plan,
                                         const QString &statePath, QObject *parent)
    : StagedRolloutRunner(session, initialProgress(session, plan), statePath, parent)
{ }

StagedRolloutRunner::StagedRolloutRunner(ClusterSession *session, const RolloutProgress &progress,
                                         const QString &statePath, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_progress(progress)
    , m_statePath(statePath)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StagedRolloutRunner::tick);
    connectSession();
}

StagedRolloutRunner::~StagedRolloutRunner() = default;

void StagedRolloutRunner::connectSession()
{
    if (!m_session)
        return;
    OperationTracker *tracker = m_session->tracker();
    connect(tracker, &OperationTracker::operationAdded, this,
            &StagedRolloutRunner::onOperationSeen);
    connect(tracker, &OperationTracker::operationUpdated, this,
            &StagedRolloutRunner::onOperationSeen);
    connect(tracker, &OperationTracker::operationFinished, this,
            &StagedRolloutRunner::onOperationFinished);
    connect(m_session->events(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onEventsInserted(first, last); });
}

void StagedRolloutRunner::setClock(std::function<qint64()> nowMs)
{
    m_clock = std::move(nowMs);
}

void StagedRolloutRunner::setTickInterval(int ms)
{
    if (ms <= 0) {
        m_timer.stop();
        m_timer.setInterval(0);
        return;
    }
    m_timer.setInterval(ms);
    if (!isFinished() && state() != State::NotStarted)
        m_timer.start();
}

qint64 StagedRolloutRunner::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 StagedRolloutRunner::soakRemainingMs() const
{
    if (state() != State::Soaking)
        return 0;
    return std::max<qint64>(0, m_progress.soakEndsAtMs - now());
}

QString StagedRolloutRunner::currentOperationId() const
{
    if (state() != State::RunningStage && state() != State::Cancelling)
        return QString();
    return m_progress.records.value(m_progress.stage).trackedId;
}

bool StagedRolloutRunner::canPause() const
{
    if (m_progress.pauseRequested)
        return false;
    return state() == State::RunningStage || state() == State::Soaking
        || state() == State::WaitingForGo;
}

bool StagedRolloutRunner::canCancel() const
{
    return !isFinished() && state() != State::Cancelling;
}

QString StagedRolloutRunner::statusText() const
{
    const int count = plan().stageCount();
    const int k = m_progress.stage;
    switch (state()) {
    case State::NotStarted:
        return tr("Not started: %n stage(s)", nullptr, count);
    case State::RunningStage: {
        QString text = stageTitle(k, count) + QStringLiteral(": ");
        std::optional<TrackedOperation> op;
        if (m_session)
            op = m_session->tracker()->operation(currentOperationId());
        text += op ? op->phaseText : tr("sending…");
        if (m_progress.pauseRequested)
            text += tr(" — pauses after this stage");
        return text;
    }
    case State::Soaking: {
        const qint64 left = soakRemainingMs();
        QString text = left > 0
            ? tr("Soaking after stage %1 of %2: %3 left")
                  .arg(k + 1)
                  .arg(count)
                  .arg(format::elapsed(left))
            : tr("Soak after stage %1 of %2 over: checking %3…").arg(k + 1).arg(count).arg(appId());
        if (m_progress.pauseRequested)
            text += tr(" — pauses after the soak");
        return text;
    }
    case State::WaitingForGo:
        return tr("Waiting for your go to start stage %1 of %2")
            .arg(m_progress.nextStage + 1)
            .arg(count);
    case State::Paused:
        return tr("Paused before stage %1 of %2").arg(m_progress.nextStage + 1).arg(count);
    case State::Checking:
        return tr("Restored after a restart: checking %1 before it can resume…").arg(appId());
    case State::Cancelling:
        return tr("Cancelling stage %1 of %2…").arg(k + 1).arg(count);
    case State::Completed:
        return tr("Completed: %n stage(s)", nullptr, count);
    case State::Failed:
        return tr("Failed at stage %1 of %2").arg(k + 1).arg(count);
    case State::Cancelled:
        return tr("Cancelled");
    case State::Abandoned:
        return tr("Abandoned");
    }
    return QString();
}

void StagedRolloutRunner::setState(State state, const QString &reason)
{
    m_progress.state = state;
    m_progress.reason = reason;
    m_progress.updatedAtMs = now();
    if (RolloutProgress::isTerminal(state))
        m_timer.stop();
    else if (m_timer.interval() > 0 && !m_timer.isActive())
        m_timer.start();
    persist();
    Q_EMIT stateChanged(state);
    Q_EMIT changed();
    if (RolloutProgress::isTerminal(state) && !m_finishedEmitted) {
        m_finishedEmitted = true;
        Q_EMIT finished(state);
    }
}

void StagedRolloutRunner::persist()
{
    if (m_statePath.isEmpty())
        return;
    QString error;
    if (m_progress.save(m_statePath, &error))
        m_persistError.clear();
    else
        m_persistError
            = tr("The rollout's state could not be saved to %1: %2").arg(m_statePath, error);
}

void StagedRolloutRunner::start()
{
    if (state() != State::NotStarted)
        return;
    const QStringList problems = plan().problems();
    if (!problems.isEmpty()) {
        fail(tr("The plan cannot run: %1").arg(problems.join(QLatin1Char(' '))));
        return;
    }
    m_progress.startedAtMs = now();
    sendStage(0);
}

void StagedRolloutRunner::go()
{
    if (state() != State::WaitingForGo || m_progress.nextStage < 0)
        return;
    sendStage(m_progress.nextStage);
}

void StagedRolloutRunner::pause()
{
    if (!canPause())
        return;
    m_progress.pauseRequested = true;
    if (state() == State::WaitingForGo) {
        setState(State::Paused, m_progress.reason);
        return;
    }
    persist();
    Q_EMIT changed();
}

void StagedRolloutRunner::resume()
{
    if (!canResume())
        return;
    m_progress.pauseRequested = false;
    if (state() != State::Paused) {
        persist();
        Q_EMIT changed();
        return;
    }
    const int next = m_progress.nextStage;
    if (plan().stages.at(next).waitForGo)
        setState(State::WaitingForGo);
    else
        sendStage(next);
}

void StagedRolloutRunner::cancel()
{
    if (!canCancel())
        return;
    const int count = plan().stageCount();
    if (state() == State::RunningStage) {
        const int k = m_progress.stage;
        setState(State::Cancelling,
                 tr("Cancel asked for stage %1 of %2: Drove stops it after the jobs in flight "
                    "finish; no later stage will start.")
                     .arg(k + 1)
                     .arg(count));
        if (!m_session)
            return;
        PendingOperation *pending = m_session->cancelOperation(appId());
        connect(pending, &PendingOperation::rejected, this,
                [this, k, count](const client::ApiError &error) {
                    if (state() != State::Cancelling)
                        return;
                    m_progress.reason = tr("The cancel of stage %1 of %2 was not accepted (%3). "
                                           "The rollout ends when that stage ends; no later "
                                           "stage will start.")
                                            .arg(k + 1)
                                            .arg(count)
                                            .arg(error.userText());
                    persist();
                    Q_EMIT changed();
                });
        return;
    }
    int next = m_progress.nextStage;
    if (state() == State::Soaking)
        next = m_progress.stage + 1;
    if (state() == State::NotStarted)
        next = 0;
    QString reason;
    if (next >= 0 && next < count)
        reason = tr("Cancelled before stage %1 of %2: nothing more was sent, and the instances of "
                    "the stages not run were left as they are.")
                     .arg(next + 1)
                     .arg(count);
    else
        reason = tr("Cancelled: nothing more was sent.");
    setState(State::Cancelled, reason);
}

void StagedRolloutRunner::tick()
{
    switch (state()) {
    case State::Soaking:
        checkLogs();
        checkSoakEnd();
        break;
    case State::WaitingForGo:
    case State::Paused:
        // Watched until the next stage is sent, like the instance events.
        checkLogs();
        break;
    case State::Checking:
        checkRestore();
        break;
    case State::RunningStage:
        Q_EMIT changed(); // the stage's elapsed time and phase
        break;
    default:
        break;
    }
}

void StagedRolloutRunner::sendStage(int index)
{
    const int count = plan().stageCount();
    if (!m_session) {
        fail(tr("The connection to the cluster is gone; stage %1 of %2 was not sent.")
                 .arg(index + 1)
                 .arg(count));
        return;
    }
    // Another operation on the app would be refused by the controller (or, by a real one,
    // silently dropped): do not send into it.
    if (const auto active = m_session->tracker()->activeOperation(appId())) {
        m_progress.nextStage = index;
        setState(State::WaitingForGo,
                 tr("%1 is busy with %2, so stage %3 of %4 was not sent. Press Go again when it "
                    "has ended.")
                     .arg(appId(), TrackedOperation::typeName(active->type))
                     .arg(index + 1)
                     .arg(count));
        return;
    }
    const RolloutStage &stage = plan().stages.at(index);
    if (plan().kind == StagedRollout::Kind::Restart) {
        // Drove skips ids it does not find; a stage that would quietly replace fewer instances
        // than planned is not what the operator agreed to.
        if (const auto instances = knownInstances(m_session, appId())) {
            for (const QString &id : stage.instanceIds) {
                const auto it = std::find_if(instances->cbegin(), instances->cend(),
                                             [&id](const auto &i) { return i.instanceId == id; });
                if (it == instances->cend() || !protocol::isHealthy(it->state)) {
                    m_progress.stage = index;
                    fail(tr("%1, planned for stage %2 of %3, is no longer a healthy instance of "
                            "%4 (%5); the rollout stops rather than send a replace that would "
                            "skip it.")
                             .arg(id)
                             .arg(index + 1)
                             .arg(count)
                             .arg(appId(),
                                  it == instances->cend() ? tr("gone")
                                                          : protocol::toString(it->state)));
                    return;
                }
            }
        }
    }

    // The watch ends before the stage is sent: the tracker announces the stage's own operation
    // from inside submitOperation(), and it is no foreign one.
    m_progress.watchFromMs = 0;
    m_progress.stage = index;
    m_progress.nextStage = -1;
    m_progress.soakStartedAtMs = m_progress.soakEndsAtMs = 0;
    const SubmitTicket ticket = m_session->submitOperation(plan().operation(index));
    RolloutStageRecord &record = m_progress.records[index];
    if (!ticket.sent()) {
        record.status = Status::Failed;
        record.outcome = ticket.rejection;
        fail(tr("Stage %1 of %2 was not sent: %3 %4")
                 .arg(index + 1)
                 .arg(count)
                 .arg(ticket.rejection, ticket.problems.join(QLatin1Char(' '))));
        return;
    }
    record.status = Status::Running;
    record.sentAtMs = now();
    record.trackedId = ticket.pending->trackedId();
    m_ownOperationIds.insert(record.trackedId);
    connect(
        ticket.pending, &PendingOperation::rejected, this,
        [this, index](const client::ApiError &error) { onStageRejected(index, error.userText()); });
    setState(State::RunningStage);
}

void StagedRolloutRunner::onStageRejected(int index, const QString &message)
{
    RolloutStageRecord &record = m_progress.records[index];
    if (record.status != Status::Running || m_progress.stage != index)
        return;
    record.status = Status::Failed;
    record.outcome = message;
    const int count = plan().stageCount();
    if (state() == State::Cancelling) {
        setState(State::Cancelled,
                 tr("Cancelled: stage %1 of %2 was not accepted (%3); nothing else was sent.")
                     .arg(index + 1)
                     .arg(count)
                     .arg(message));
        return;
    }
    fail(tr("Stage %1 of %2 was not accepted: %3").arg(index + 1).arg(count).arg(message));
}

void StagedRolloutRunner::onOperationFinished(const TrackedOperation &op)
{
    if (op.id != currentOperationId() || op.id.isEmpty())
        return;
    const int k = m_progress.stage;
    const int count = plan().stageCount();
    RolloutStageRecord &record = m_progress.records[k];
    record.finishedAtMs = op.finishedAtMs;
    record.outcome = TrackedOperation::outcomeName(op.outcome);
    if (!op.outcomeReason.isEmpty())
        record.outcome += QStringLiteral(": ") + op.outcomeReason;
    const QSet<QString> targets(op.targetInstanceIds.cbegin(), op.targetInstanceIds.cend());
    for (const auto &track : op.timeline) {
        if (track.steps.isEmpty())
            continue;
        const InstanceState last = track.steps.constLast().state;
        if (track.startedByOperation && last == InstanceState::Healthy)
            record.newInstanceIds << track.instanceId;
        else if (!track.startedByOperation && targets.contains(track.instanceId)
                 && (protocol::isOld(last) || last == InstanceState::Stopping
                     || last == InstanceState::Deprovisioning))
            record.replacedIds << track.instanceId;
    }
    const bool completed = op.outcome == TrackedOperation::Outcome::Completed;
    if (completed && plan().kind == StagedRollout::Kind::Restart)
        record.replacedIds = plan().stages.at(k).instanceIds;

    if (state() == State::Cancelling || op.outcome == TrackedOperation::Outcome::Cancelled) {
        record.status = completed ? Status::Done : Status::Cancelled;
        setState(State::Cancelled,
                 completed ? tr("Cancelled: stage %1 of %2 had completed before the cancel took "
                                "effect; no later stage was started.")
                                 .arg(k + 1)
                                 .arg(count)
                           : tr("Cancelled during stage %1 of %2 (%3); no later stage was "
                                "started.")
                                 .arg(k + 1)
                                 .arg(count)
                                 .arg(record.outcome));
        return;
    }
    if (!completed) {
        record.status = Status::Failed;
        fail(tr("Stage %1 of %2 did not complete: %3").arg(k + 1).arg(count).arg(record.outcome));
        return;
    }
    if (op.failedStarts > 0) {
        record.status = Status::Failed;
        fail(tr("Stage %1 of %2 completed, but %n new instance(s) failed to start on the way "
                "(%3).",
                nullptr, op.failedStarts)
                 .arg(k + 1)
                 .arg(count)
                 .arg(op.failureMessages.value(0)));
        return;
    }
    record.status = Status::Done;
    if (k + 1 >= count) {
        setState(State::Completed);
        return;
    }
    m_progress.soakStartedAtMs = now();
    m_progress.soakEndsAtMs = m_progress.soakStartedAtMs + plan().stages.at(k).soakMs;
    m_checkSinceMs = 0;
    setState(State::Soaking);
    // The evidence counts from the stage's end as the controller dated it.
    beginWatch(op.finishedAtMs > 0 ? op.finishedAtMs : now());
    if (state() == State::Soaking)
        checkSoakEnd();
}

void StagedRolloutRunner::fail(const QString &reason)
{
    const int count = plan().stageCount();
    const int notRun = [this] {
        int pending = 0;
        for (const auto &record : m_progress.records)
            pending += record.status == Status::Pending ? 1 : 0;
        return pending;
    }();
    QString text = reason;
    if (notRun > 0)
        text += QLatin1Char(' ')
            + tr("The rollout stopped; %n stage(s) of %1 were not started and their instances "
                 "were left as they are.",
                 nullptr, notRun)
                  .arg(count);
    setState(State::Failed, text);
}

void StagedRolloutRunner::proceed()
{
    const int next = m_progress.nextStage >= 0 ? m_progress.nextStage : m_progress.stage + 1;
    m_progress.nextStage = next;
    const int count = plan().stageCount();
    if (m_progress.pauseRequested) {
        setState(
            State::Paused,
            tr("Paused by you; stage %1 of %2 starts when you resume.").arg(next + 1).arg(count));
        return;
    }
    if (plan().stages.at(next).waitForGo) {
        setState(State::WaitingForGo);
        return;
    }
    sendStage(next);
}

} // namespace drove::models
