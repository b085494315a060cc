// StagedRolloutRunner between stages: what it watches from the end of a stage until the next
// one is sent (instance events, other operations on the app) and the check at the end of the
// soak. The rules are documented in docs/operations.md ("When a rollout stops").
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/formatting.h"
#include "models/operationtracker.h"
#include "models/stagedrolloutrunner.h"
#include "models/trackedoperation.h"

#include <QDateTime>
#include <QPointer>
#include <QRegularExpression>

namespace drove::models {

using protocol::InstanceState;
using Status = RolloutStageRecord::Status;

void StagedRolloutRunner::onOperationSeen(const TrackedOperation &op)
{
    if (op.id == currentOperationId()) {
        Q_EMIT changed();
        return;
    }
    if (op.appId != appId() || op.isFinished() || m_ownOperationIds.contains(op.id)
        || !isWatching())
        return;
    const QString after
        = tr("after stage %1 of %2").arg(m_progress.stage + 1).arg(plan().stageCount());
    if (op.origin == TrackedOperation::Origin::Controller)
        fail(tr("The controller began recovering %1 %2: an instance went down.")
                 .arg(appId(), after));
    else
        fail(tr("A %1 sent by %2 began on %3 %4; the rollout stops so that the two do not mix.")
                 .arg(TrackedOperation::typeName(op.type), TrackedOperation::originName(op.origin),
                      appId(), after));
}

bool StagedRolloutRunner::isWatching() const
{
    return m_progress.watchFromMs > 0
        && (state() == State::Soaking || state() == State::WaitingForGo
            || state() == State::Paused);
}

void StagedRolloutRunner::beginWatch(qint64 fromMs)
{
    m_progress.watchFromMs = fromMs;
    persist();
    if (!m_session)
        return;
    // Events that arrived before the stage's end was seen but are dated after it.
    const EventsModel *events = m_session->events();
    for (int row = events->rowCount() - 1; row >= 0 && isWatching(); --row) {
        if (const protocol::DroveEvent *event = events->eventAt(row))
            judgeEvent(*event);
    }
}

void StagedRolloutRunner::onEventsInserted(int first, int last)
{
    if (!isWatching() || !m_session)
        return;
    const EventsModel *events = m_session->events();
    for (int row = last; row >= first && isWatching(); --row) {
        if (const protocol::DroveEvent *event = events->eventAt(row))
            judgeEvent(*event);
    }
}

void StagedRolloutRunner::judgeEvent(const protocol::DroveEvent &event)
{
    if (!event.isKnownType() || event.type != protocol::DroveEventType::InstanceStateChange
        || event.time < m_progress.watchFromMs
        || event.metadataString(protocol::eventkeys::AppId) != appId())
        return;
    const QString stateText = event.metadataString(protocol::eventkeys::CurrentState);
    const auto state = protocol::instanceStateFromString(stateText);
    if (!state)
        return;
    const QString id = event.metadataString(protocol::eventkeys::InstanceId);
    const QString error = event.metadataString(protocol::eventkeys::Error);
    const QString at = format::timestamp(event.time);
    if (*state == InstanceState::Unhealthy || *state == InstanceState::Lost
        || protocol::isError(*state)) {
        fail(tr("%1 became %2 at %3%4.")
                 .arg(describeInstance(id), stateText, at,
                      error.isEmpty() ? QString() : QStringLiteral(": ") + error));
        return;
    }
    if (stageThatStarted(id) >= 0
        && (*state == InstanceState::Stopping || *state == InstanceState::Deprovisioning
            || *state == InstanceState::Stopped)) {
        fail(tr("%1 was stopped at %2 (%3).").arg(describeInstance(id), at, stateText));
    }
}

int StagedRolloutRunner::stageThatStarted(const QString &instanceId) const
{
    for (int i = 0; i < m_progress.records.size(); ++i)
        if (m_progress.records.at(i).newInstanceIds.contains(instanceId))
            return i;
    return -1;
}

QString StagedRolloutRunner::describeInstance(const QString &instanceId) const
{
    const int count = plan().stageCount();
    if (const int started = stageThatStarted(instanceId); started >= 0)
        return tr("%1 (started by stage %2 of %3)").arg(instanceId).arg(started + 1).arg(count);
    for (int i = 0; i < count; ++i) {
        if (plan().stages.at(i).instanceIds.contains(instanceId)
            && m_progress.records.at(i).status == Status::Pending)
            return tr("%1 (not restarted yet, planned for stage %2 of %3)")
                .arg(instanceId)
                .arg(i + 1)
                .arg(count);
    }
    return tr("%1 (an instance of %2 the rollout did not start)").arg(instanceId, appId());
}

void StagedRolloutRunner::checkSoakEnd()
{
    if (state() != State::Soaking || now() < m_progress.soakEndsAtMs)
        return;
    const auto verdict = soakEndVerdict();
    if (!verdict) {
        if (m_checkSinceMs == 0)
            m_checkSinceMs = now();
        askForInstances();
        Q_EMIT changed();
        if (now() - m_checkSinceMs < m_checkPatienceMs)
            return;
        m_progress.nextStage = m_progress.stage + 1;
        m_checkSinceMs = 0;
        setState(State::WaitingForGo,
                 tr("The soak ended, but the console could not see %1's instances to check them. "
                    "Look at the app, then press Go to continue or Cancel.")
                     .arg(appId()));
        return;
    }
    m_checkSinceMs = 0;
    if (!verdict->isEmpty()) {
        fail(*verdict);
        return;
    }
    proceed();
}

std::optional<QString> StagedRolloutRunner::soakEndVerdict()
{
    if (!m_session)
        return tr("The connection to the cluster is gone.");
    const auto summary = m_session->applications()->application(appId());
    if (!summary)
        return std::nullopt;
    if (!summary->state || !protocol::isParked(*summary->state))
        return std::nullopt; // an older summary, or an operation the tracker will name
    const auto instances = knownInstances(m_session, appId());
    if (!instances)
        return std::nullopt;
    const int k = m_progress.stage;
    for (int i = 0; i <= k; ++i) {
        for (const QString &id : m_progress.records.at(i).newInstanceIds) {
            const auto it = std::find_if(instances->cbegin(), instances->cend(),
                                         [&id](const auto &inst) { return inst.instanceId == id; });
            if (it == instances->cend())
                return tr("%1 is no longer running at the end of the soak.")
                    .arg(describeInstance(id));
            if (!protocol::isHealthy(it->state))
                return tr("%1 is %2 at the end of the soak.")
                    .arg(describeInstance(id), protocol::toString(it->state));
        }
    }
    qint64 healthy = 0;
    for (const auto &instance : *instances)
        healthy += protocol::isHealthy(instance.state) ? 1 : 0;
    if (healthy < summary->requiredInstances)
        return tr("%1 has %2 healthy instances of the %3 it requires at the end of the soak.")
            .arg(appId())
            .arg(healthy)
            .arg(summary->requiredInstances);
    return QString();
}

void StagedRolloutRunner::askForInstances()
{
    if (!m_session)
        return;
    const qint64 t = now();
    if (m_askedInstancesAtMs >= 0 && t - m_askedInstancesAtMs < 10000)
        return;
    m_askedInstancesAtMs = t;
    m_session->refreshPlacementData();
}

} // namespace drove::models

namespace drove::models {

namespace {

/// How often the started instances' logs are read while soaking, and how much at a time.
constexpr qint64 kLogCheckEveryMs = 5000;
constexpr qint64 kLogReadBytes = 256 * 1024;

} // namespace

QString StagedRolloutRunner::logCheckText() const
{
    if (plan().logErrorPattern.isEmpty())
        return {};
    if (!m_logNote.isEmpty())
        return m_logNote;
    int followed = 0;
    for (const LogCursor &cursor : m_logCursors)
        followed += cursor.file.isEmpty() ? 0 : 1;
    if (m_logMatched)
        return tr("Log check (%1): a line matched after %n line(s) read from %2 started "
                  "instance(s).",
                  nullptr, m_logLinesRead)
            .arg(plan().logErrorPattern)
            .arg(followed);
    return tr("Log check (%1): %n line(s) read from %2 started instance(s), none matched.", nullptr,
              m_logLinesRead)
        .arg(plan().logErrorPattern)
        .arg(followed);
}

void StagedRolloutRunner::checkLogs()
{
    if (plan().logErrorPattern.isEmpty() || !m_session || !isWatching())
        return;
    if (m_session->capabilities().isAbsent(client::Feature::Logs)) {
        m_logNote = tr("Log check: this controller offers no instance logs; only states and "
                       "health are watched.");
        return;
    }
    const qint64 at = now();
    if (m_lastLogCheckMs > 0 && at - m_lastLogCheckMs < kLogCheckEveryMs)
        return;
    m_lastLogCheckMs = at;
    const QRegularExpression pattern(plan().logErrorPattern);
    QStringList started;
    for (const RolloutStageRecord &record : std::as_const(m_progress.records))
        started += record.newInstanceIds;
    const QPointer<StagedRolloutRunner> self(this);
    for (const QString &id : std::as_const(started)) {
        LogCursor &cursor = m_logCursors[id];
        if (cursor.pending)
            continue;
        if (cursor.file.isEmpty()) {
            if (cursor.filesAsked)
                continue;
            cursor.filesAsked = true;
            cursor.pending = true;
            m_session->instanceLogFiles(
                appId(), id, this, [this, self, id](const client::Result<QStringList> &files) {
                    if (!self)
                        return;
                    LogCursor &c = m_logCursors[id];
                    c.pending = false;
                    if (!files || files.value().isEmpty())
                        return;
                    // Drove's executors write output.log; take it when it is there.
                    c.file = files.value().contains(QStringLiteral("output.log"))
                        ? QStringLiteral("output.log")
                        : files.value().constFirst();
                });
            continue;
        }
        cursor.pending = true;
        m_session->readInstanceLog(
            appId(), id, cursor.file, cursor.offset, kLogReadBytes, this,
            [this, self, id, pattern](const client::Result<client::LogChunk> &chunk) {
                if (!self)
                    return;
                LogCursor &c = m_logCursors[id];
                c.pending = false;
                if (!chunk || !isWatching())
                    return;
                const QByteArray bytes = chunk.value().data.toUtf8();
                // Whole lines only; a line still being written is read next time.
                const qsizetype end = bytes.lastIndexOf('\n');
                if (end < 0) {
                    // A single line longer than a read: judge it as it is and move on.
                    if (bytes.size() < kLogReadBytes)
                        return;
                }
                const QByteArray complete = end < 0 ? bytes : bytes.left(end + 1);
                c.offset = chunk.value().offset + complete.size();
                const QList<QByteArray> lines = complete.split('\n');
                for (const QByteArray &raw : lines) {
                    if (raw.isEmpty())
                        continue;
                    ++m_logLinesRead;
                    const QString line = QString::fromUtf8(raw).trimmed();
                    if (pattern.match(line).hasMatch()) {
                        m_logMatched = true;
                        fail(tr("%1 logged a line matching the rollout's log check (%2) in %3: "
                                "“%4”.")
                                 .arg(describeInstance(id), plan().logErrorPattern, c.file,
                                      line.left(300)));
                        return;
                    }
                }
                Q_EMIT changed();
            });
    }
}

} // namespace drove::models
