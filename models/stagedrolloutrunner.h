#pragma once

#include "models/clustersession.h"
#include "models/rolloutprogress.h"
#include "models/stagedrollout.h"
#include "protocol/droveevent.h"
#include "protocol/instanceinfo.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace drove::models {

struct TrackedOperation;

/// Runs a StagedRollout on a cluster, through `ClusterSession::submitOperation()`: every stage
/// is an ordinary Drove operation, journalled and tracked by the session's OperationTracker
/// like any other. Between stages it watches the app (the soak, and any wait for the operator's
/// go) and stops the rollout, saying why, when the evidence says the new instances are not
/// well:
///
/// - the stage's operation did not complete, or completed with failed starts;
/// - an instance of the app became UNHEALTHY or LOST or failed (INSTANCE_STATE_CHANGE events
///   from the end of the stage on), or an instance the rollout started was stopped;
/// - another operation began on the app (the controller's recovery after an instance went
///   down, or another client's);
/// - at the end of the soak, an instance the rollout started is gone or not HEALTHY, or the
///   app has fewer healthy instances than it requires.
///
/// It can be paused (nothing new starts until resumed; a stage in flight runs to its end),
/// resumed and cancelled at any point: between stages nothing is sent and the remaining
/// instances are left as they are; during a stage the controller is asked to cancel that
/// operation (which takes effect after the jobs in flight finish).
///
/// After every transition the plan and progress are written to `statePath`. restore() reads
/// such a file after a console restart and resumes the rollout only when the app still
/// matches the plan — it waits for the operator's go, since nobody watched the app meanwhile —
/// and otherwise marks it Abandoned with the reason (docs/operations.md, "Staged rollouts").
///
/// Nothing in it depends on how the session reaches its cluster, so the same plan can be run
/// against any session (a rehearsal cluster included).
class StagedRolloutRunner : public QObject
{
    Q_OBJECT

public:
    using State = RolloutProgress::State;

    /// A new rollout of `plan` on `session` (not owned; the runner stops acting when it is
    /// gone). Nothing is sent before start().
    StagedRolloutRunner(ClusterSession *session, const StagedRollout &plan,
                        const QString &statePath, QObject *parent = nullptr);
    ~StagedRolloutRunner() override;

    /// A runner for the rollout saved in `statePath`: terminal states stay as they were; any
    /// other goes to Checking and then, once the cluster's data is known, to WaitingForGo (the
    /// app still matches the plan) or Abandoned (with the reason). nullptr with `error` set
    /// when the file cannot be read.
    static StagedRolloutRunner *restore(ClusterSession *session, const QString &statePath,
                                        QString *error = nullptr, QObject *parent = nullptr);

    /// Where the console keeps a cluster's rollout files: <base>/<cluster>/, with `base` the
    /// app data location's "rollouts" folder when empty.
    static QString defaultDirectory(const QString &clusterName, const QString &base = QString());
    /// The file of `appId`'s rollout in `directory` (one rollout per app at a time).
    static QString statePathFor(const QString &directory, const QString &appId);

    /// The active instances of `appId` as the session knows them now — from the instances
    /// model when it shows that app, else from the executors' details — or nullopt when they
    /// are not known (or do not agree with the app's healthy count yet).
    static std::optional<QList<protocol::InstanceInfo>>
    knownInstances(const ClusterSession *session, const QString &appId);

    /// Epoch-ms clock (default: the system clock). Tests share the controller's virtual one.
    void setClock(std::function<qint64()> nowMs);
    /// Interval of the internal tick (soak end, restore checks); 0 stops it. Default 1000 ms.
    void setTickInterval(int ms);
    /// How long the end-of-soak check may wait for the app's instances before it hands the
    /// decision to the operator (WaitingForGo with the reason). Default 60 s.
    void setCheckPatience(qint64 ms) { m_checkPatienceMs = ms; }

    ClusterSession *session() const { return m_session; }
    const StagedRollout &plan() const { return m_progress.plan; }
    const RolloutProgress &progress() const { return m_progress; }
    State state() const { return m_progress.state; }
    bool isFinished() const { return m_progress.isFinished(); }
    QString appId() const { return m_progress.plan.appId; }
    QString statePath() const { return m_statePath; }
    /// Why it ended (or a note while it waits); empty when there is nothing to say.
    QString reason() const { return m_progress.reason; }
    /// Time left in the soak (0 when not soaking).
    qint64 soakRemainingMs() const;
    /// The tracker's id of the stage operation in flight ("" when none).
    QString currentOperationId() const;
    /// One line for people: "Stage 2 of 3: 1 of 3 replaced", "Soaking after stage 1 of 3: 4m
    /// 10s left", "Waiting for your go to start stage 2 of 3".
    QString statusText() const;
    /// The last error writing the state file ("" when the last write succeeded).
    QString persistError() const { return m_persistError; }

    bool canGo() const { return state() == State::WaitingForGo; }
    bool canPause() const;
    bool canResume() const { return state() == State::Paused || m_progress.pauseRequested; }
    bool canCancel() const;

public Q_SLOTS:
    /// Sends the first stage (from NotStarted).
    void start();
    /// The operator's go for the next stage (from WaitingForGo). Refused, with the reason in
    /// reason(), while another operation runs on the app.
    void go();
    /// Nothing new starts until resume(): a stage in flight runs to its end and its soak runs.
    void pause();
    void resume();
    /// Between stages: stops at once, nothing is sent. During a stage: asks the controller to
    /// cancel its operation, and ends when it has ended.
    void cancel();
    /// Re-evaluates the soak and restore checks (the internal timer calls it).
    void tick();

    /// What the log check does: "Log check: 120 line(s) read from 3 instance(s), none matched"
    /// or why it cannot ("" when the plan has none).
    QString logCheckText() const;

Q_SIGNALS:
    /// Anything shown changed (state, progress of the stage, reason).
    void changed();
    void stateChanged(drove::models::RolloutProgress::State state);
    /// Emitted once, when it reaches Completed, Failed, Cancelled or Abandoned.
    void finished(drove::models::RolloutProgress::State state);

private:
    StagedRolloutRunner(ClusterSession *session, const RolloutProgress &progress,
                        const QString &statePath, QObject *parent);
    void connectSession();
    qint64 now() const;
    void setState(State state, const QString &reason = QString());
    void persist();
    void sendStage(int index);
    void onStageAccepted(int index);
    void onStageRejected(int index, const QString &message);
    void onOperationFinished(const TrackedOperation &op);
    void onOperationSeen(const TrackedOperation &op);
    void onEventsInserted(int first, int last);
    void judgeEvent(const protocol::DroveEvent &event);
    void beginWatch(qint64 fromMs);
    bool isWatching() const;
    void fail(const QString &reason);
    /// After the soak passed (or a resume): the next stage, a wait for go, or a pause.
    void proceed();
    void checkSoakEnd();
    /// nullopt: not decided yet; "" passed; otherwise the reason it failed.
    std::optional<QString> soakEndVerdict();
    void checkRestore();
    std::optional<QString> restoreVerdict(int *nextStage);
    void askForInstances();
    QString describeInstance(const QString &instanceId) const;
    int stageThatStarted(const QString &instanceId) const;
    /// While watching: reads what the instances the rollout started logged since the last read
    /// and fails the rollout on a line matching the plan's logErrorPattern.
    void checkLogs();

    QPointer<ClusterSession> m_session;
    RolloutProgress m_progress;
    QString m_statePath;
    QString m_persistError;
    std::function<qint64()> m_clock;
    QTimer m_timer;
    qint64 m_checkPatienceMs = 60000;
    qint64 m_checkSinceMs = 0; ///< when the current check first could not decide
    qint64 m_askedInstancesAtMs = -1;
    QSet<QString> m_ownOperationIds; ///< the stage operations this runner sent
    State m_restoredFrom = State::NotStarted;
    bool m_finishedEmitted = false;

    /// Per instance the rollout started: which log file is read and how far.
    struct LogCursor
    {
        QString file;
        qint64 offset = 0;
        bool filesAsked = false;
        bool pending = false;
    };
    QHash<QString, LogCursor> m_logCursors;
    qint64 m_lastLogCheckMs = 0;
    int m_logLinesRead = 0;
    QString m_logNote;
    bool m_logMatched = false;
};

} // namespace drove::models
