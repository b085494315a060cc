// StagedRolloutRunner after a console restart: reading the state file and deciding, from what
// the cluster shows now, whether the rollout can resume (it then waits for the operator's go)
// or is abandoned with the reason. Also where the files live and the instance view the runner
// and the dialog share. The rules are documented in docs/operations.md ("Staged rollouts").
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationtracker.h"
#include "models/stagedrolloutrunner.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>

namespace drove::models {

using Status = RolloutStageRecord::Status;

StagedRolloutRunner *StagedRolloutRunner::restore(ClusterSession *session, const QString &statePath,
                                                  QString *error, QObject *parent)
{
    QString why;
    const auto progress = RolloutProgress::load(statePath, &why);
    if (!progress) {
        if (error)
            *error = tr("The rollout in %1 cannot be read: %2").arg(statePath, why);
        return nullptr;
    }
    auto *runner = new StagedRolloutRunner(session, *progress, statePath, parent);
    runner->m_finishedEmitted = progress->isFinished();
    runner->m_restoredFrom = progress->state;
    switch (progress->state) {
    case State::Completed:
    case State::Failed:
    case State::Cancelled:
    case State::Abandoned:
        break;
    case State::NotStarted:
        runner->setState(State::Abandoned, tr("It was saved before it started."));
        break;
    case State::Cancelling:
        runner->setState(State::Cancelled,
                         tr("The console closed while the cancel of stage %1 of %2 was in "
                            "progress; the rollout stays cancelled and no later stage will "
                            "start.")
                             .arg(progress->stage + 1)
                             .arg(progress->plan.stageCount()));
        break;
    case State::RunningStage:
    case State::Soaking:
    case State::WaitingForGo:
    case State::Paused:
    case State::Checking:
        runner->m_progress.watchFromMs = 0;
        runner->setState(State::Checking,
                         tr("Restored after a restart: checking that %1 still matches the plan.")
                             .arg(progress->plan.appId));
        break;
    }
    return runner;
}

QString StagedRolloutRunner::defaultDirectory(const QString &clusterName, const QString &base)
{
    const QString root = !base.isEmpty()
        ? base
        : QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
              .filePath(QStringLiteral("rollouts"));
    // Profile names may hold anything; the folder name must not.
    const QString folder = QString::fromLatin1(QUrl::toPercentEncoding(clusterName, " "));
    return QDir(root).filePath(folder);
}

QString StagedRolloutRunner::statePathFor(const QString &directory, const QString &appId)
{
    return QDir(directory).filePath(QString::fromLatin1(QUrl::toPercentEncoding(appId))
                                    + QStringLiteral(".json"));
}

std::optional<QList<protocol::InstanceInfo>>
StagedRolloutRunner::knownInstances(const ClusterSession *session, const QString &appId)
{
    if (!session)
        return std::nullopt;
    const auto summary = session->applications()->application(appId);
    if (!summary)
        return std::nullopt;
    // A view agrees with the app when it lists as many HEALTHY instances as the summary counts;
    // otherwise one of the two is older than the other and the next refresh decides.
    const auto agrees = [&summary](const QList<protocol::InstanceInfo> &list) {
        qint64 healthy = 0;
        for (const auto &instance : list)
            healthy += protocol::isHealthy(instance.state) ? 1 : 0;
        return healthy == summary->healthyInstances;
    };

    const InstancesModel *model = session->instances();
    if (model->applicationId() == appId) {
        QList<protocol::InstanceInfo> active;
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(IsOldRole).toBool())
                continue;
            if (const protocol::InstanceInfo *instance = model->instanceAt(row))
                active << *instance;
        }
        if (agrees(active))
            return active;
    }

    const ExecutorsModel *executors = session->executors();
    if (executors->rowCount() == 0)
        return std::nullopt;
    QList<protocol::InstanceInfo> active;
    for (int row = 0; row < executors->rowCount(); ++row) {
        const protocol::ExecutorSummary *executor = executors->rowAt(row);
        if (!executor || executor->state == protocol::ExecutorState::Removed)
            continue;
        if (!session->hasExecutorDetails(executor->executorId))
            return std::nullopt;
        // The compact records: ids, host, state and times are what a rollout reads.
        const CompactInstanceList onExecutor = session->instancesOnExecutor(executor->executorId);
        for (qsizetype i = 0; i < onExecutor.size(); ++i)
            if (onExecutor.appId(i) == appId && protocol::isActive(onExecutor.state(i)))
                active << onExecutor.instance(i);
    }
    if (agrees(active))
        return active;
    return std::nullopt;
}

void StagedRolloutRunner::checkRestore()
{
    int next = -1;
    const auto verdict = restoreVerdict(&next);
    if (!verdict) {
        askForInstances();
        return;
    }
    const int count = plan().stageCount();
    if (!verdict->isEmpty()) {
        setState(State::Abandoned,
                 *verdict + QLatin1Char(' ')
                     + tr("Nothing was sent; start a new plan from the app as it is now."));
        return;
    }
    m_checkSinceMs = 0;
    if (next >= count) {
        setState(State::Completed,
                 tr("The last stage finished while the console was not running; its outcome "
                    "was not watched."));
        return;
    }
    m_progress.nextStage = next;
    m_progress.pauseRequested = false;
    m_progress.soakStartedAtMs = m_progress.soakEndsAtMs = 0;
    setState(State::WaitingForGo,
             tr("Restored after a restart. Nobody watched %1 while the console was closed; "
                "stage %2 of %3 is next. Press Go to run it, or Cancel.")
                 .arg(appId())
                 .arg(next + 1)
                 .arg(count));
    beginWatch(now());
}

std::optional<QString> StagedRolloutRunner::restoreVerdict(int *nextStage)
{
    if (!m_session)
        return tr("The connection to the cluster is gone.");
    const QString app = appId();
    const int count = plan().stageCount();
    const auto summary = m_session->applications()->application(app);
    if (!summary) {
        // Not listed: gone, or the list has not arrived yet (single apps named by events can be
        // listed before the first full list). Still missing a while after the first successful
        // sync means gone.
        if (!m_session->lastSuccess().isValid())
            return std::nullopt;
        if (m_checkSinceMs == 0)
            m_checkSinceMs = now();
        if (now() - m_checkSinceMs >= m_checkPatienceMs)
            return tr("%1 is not on %2 any more.").arg(app, m_session->clusterName());
        return std::nullopt;
    }
    // Wait for an operation in flight (the interrupted stage itself, perhaps) to end.
    if (m_session->tracker()->activeOperation(app) || !summary->state
        || !protocol::isParked(*summary->state)) {
        const QString note
            = tr("Restored after a restart: waiting for the operation running on %1 to end "
                 "before deciding whether the rollout can resume.")
                  .arg(app);
        if (m_progress.reason != note) {
            m_progress.reason = note;
            Q_EMIT changed();
        }
        return std::nullopt;
    }

    const int k = m_progress.stage;
    RolloutStageRecord &record = m_progress.records[k];
    const bool interrupted = record.status == Status::Running;
    int next = m_progress.nextStage >= 0 ? m_progress.nextStage : k + 1;

    if (plan().kind == StagedRollout::Kind::Scale) {
        const qint64 required = summary->requiredInstances;
        if (interrupted) {
            const qint64 before = plan().countBefore(k);
            const qint64 target = plan().stages.at(k).targetInstances;
            if (required == target) {
                next = k + 1;
            } else if (required == before) {
                next = k;
            } else {
                return tr("Stage %1 of %2 was interrupted while the console was closed: %3 now "
                          "requires %4 instances, neither the %5 before the stage nor the %6 it "
                          "aimed for.")
                    .arg(k + 1)
                    .arg(count)
                    .arg(app)
                    .arg(required)
                    .arg(before)
                    .arg(target);
            }
        } else if (next < count && required != plan().countBefore(next)) {
            return tr("%1 now requires %2 instances; the plan left it at %3.")
                .arg(app)
                .arg(required)
                .arg(plan().countBefore(next));
        }
        if (summary->healthyInstances < required)
            return tr("Only %1 of the %2 instances %3 requires are healthy.")
                .arg(summary->healthyInstances)
                .arg(required)
                .arg(app);
    } else {
        const auto instances = knownInstances(m_session, app);
        if (!instances)
            return std::nullopt;
        QSet<QString> healthy;
        for (const auto &instance : *instances)
            if (protocol::isHealthy(instance.state))
                healthy.insert(instance.instanceId);
        if (interrupted) {
            const QStringList &ids = plan().stages.at(k).instanceIds;
            int present = 0;
            for (const QString &id : ids)
                present += healthy.contains(id) ? 1 : 0;
            if (present == 0) {
                next = k + 1;
            } else if (present == int(ids.size())) {
                next = k;
            } else {
                return tr("Stage %1 of %2 was interrupted part-way while the console was closed: "
                          "%3 of its %4 instances were replaced.")
                    .arg(k + 1)
                    .arg(count)
                    .arg(int(ids.size()) - present)
                    .arg(ids.size());
            }
        }
        for (int i = next; i < count; ++i) {
            for (const QString &id : plan().stages.at(i).instanceIds)
                if (!healthy.contains(id))
                    return tr("%1, planned for stage %2 of %3, is no longer a healthy instance "
                              "of %4.")
                        .arg(id)
                        .arg(i + 1)
                        .arg(count)
                        .arg(app);
        }
        for (int i = 0; i < std::min(next, count); ++i) {
            for (const QString &id : m_progress.records.at(i).newInstanceIds)
                if (!healthy.contains(id))
                    return tr("%1, started by stage %2 of %3, is no longer a healthy instance "
                              "of %4.")
                        .arg(id)
                        .arg(i + 1)
                        .arg(count)
                        .arg(app);
        }
    }

    // Decided: the interrupted stage is either done (unwatched) or to be run again.
    if (interrupted) {
        if (next > k) {
            record.status = Status::Done;
            record.watched = false;
            record.outcome = tr("ended while the console was not running; its outcome was not "
                                "seen");
            if (plan().kind == StagedRollout::Kind::Restart)
                record.replacedIds = plan().stages.at(k).instanceIds;
        } else {
            record = RolloutStageRecord();
        }
    }
    *nextStage = next;
    return QString();
}

} // namespace drove::models
