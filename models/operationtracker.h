#pragma once

#include "models/trackedoperation.h"
#include "placement/placement.h"
#include "protocol/applicationoperation.h"
#include "protocol/appsummary.h"
#include "protocol/droveevent.h"
#include "protocol/instanceinfo.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace drove::models {

/// Follows every application operation from acceptance to its outcome. No Drove API reports an
/// operation's progress, so it is measured, by the rules of protocol::operationRules(), from
/// the evidence the controller publishes:
///
/// - An operation begins when its app enters the operation's state (APP_STATE_CHANGE to
///   SCALING_REQUESTED, REPLACE_INSTANCES_REQUESTED, …, OUTAGE_DETECTED) and ends when the app
///   is parked again (RUNNING, MONITORING) or DESTROYED. Drove runs one operation per app, so
///   every instance change of the app in between belongs to it.
/// - Its work is counted from INSTANCE_STATE_CHANGE events: new instances that reached HEALTHY,
///   instances it stopped, starts that failed (with their error messages).
/// - Its outcome is decided when it ends: completed when the rule's target was reached;
///   cancelled when this console's cancel was accepted; timed out when the end came after the
///   opSpec deadline; otherwise failed, with the counts as the reason. For an operation sent
///   elsewhere the console cannot know a cancel or a deadline, and says so (causeKnown).
///
/// Operations sent here are registered with trackAccepted(); every other operation is picked up
/// from its first event, once, however short it was. Without an event feed
/// (setEventFeedAvailable(false)), snapshots are turned into the same transitions, at the
/// granularity of the polls. Feed it the sync engine's values; it never fetches.
class OperationTracker : public QObject
{
    Q_OBJECT

public:
    explicit OperationTracker(QObject *parent = nullptr);
    ~OperationTracker() override;

    /// Epoch-ms clock; defaults to the system clock. Tests inject a virtual one.
    void setClock(std::function<qint64()> nowMs);
    /// Interval of the internal tick (elapsed time, deadlines); 0 stops it. Default 1000 ms.
    void setTickInterval(int ms);
    /// Timeout of the controller's own operations (its default op spec: 300 s in Drove).
    void setDefaultTimeout(qint64 ms) { m_defaultTimeoutMs = ms; }
    /// Says how many of `count` new instances of `appId` the cluster can place now and why not
    /// (the session binds the placement rules to its executors); nullopt when not known.
    using PlacementProbe
        = std::function<std::optional<placement::Simulation>(const QString &appId, int count)>;
    void setPlacementProbe(PlacementProbe probe) { m_placementProbe = std::move(probe); }
    /// An operation is stuck when no instance of it entered a new state for `noProgressMs`, or,
    /// after `placementGraceMs` without progress, when none of the instances it needs can be
    /// placed. Defaults 120 s and 10 s.
    void setStuckThresholds(qint64 noProgressMs, qint64 placementGraceMs)
    {
        m_noProgressMs = noProgressMs;
        m_placementGraceMs = placementGraceMs;
    }
    /// How long an instance of `appId` may legitimately stay in one state (the longest step its
    /// spec allows: image pull, readiness or health checks, wait before kill); nullopt when the
    /// spec is not known. The no-progress rule waits at least that long, and says when it had to
    /// judge without the spec.
    using QuietAllowance = std::function<std::optional<qint64>(const QString &appId)>;
    void setQuietAllowance(QuietAllowance allowance) { m_quietAllowance = std::move(allowance); }
    /// How many finished operations are kept (oldest dropped first). Default 100.
    void setFinishedRetention(int count);
    /// Whether the controller serves an event feed. Without one, app and instance snapshots are
    /// the only evidence and are turned into transitions. Default true.
    void setEventFeedAvailable(bool available)
    {
        if (available != m_eventFeed)
            m_examineAll = true; // the next list is read in full, the new way
        m_eventFeed = available;
    }
    bool eventFeedAvailable() const { return m_eventFeed; }

    /// Registers an operation this console is about to send; returns its id. Registering it
    /// before the request goes out means events that arrive before the controller's answer are
    /// attributed to it. Follow with confirmAccepted() or withdrawRejected().
    QString trackSubmitted(const protocol::ApplicationOperation &operation,
                           const QString &journalId = QString());
    /// The controller accepted the submitted operation.
    void confirmAccepted(const QString &id);
    /// The controller refused it: it is forgotten (operationRemoved), unless events were already
    /// attributed to it, in which case they were another client's operation and it is kept as
    /// that.
    void withdrawRejected(const QString &id);
    /// trackSubmitted() and confirmAccepted() at once, for an operation already accepted.
    QString trackAccepted(const protocol::ApplicationOperation &operation,
                          const QString &journalId = QString());
    /// The controller accepted a cancel for this app's operation.
    void markCancelRequested(const QString &appId);
    /// The controller refused the cancel; the message is kept on the operation.
    void markCancelRejected(const QString &appId, const QString &message);

    /// What one full applications list made the tracker do (for tests and benchmarks).
    struct ListStats
    {
        int examined = 0; ///< apps looked at (new, changed, or with something to follow)
        int gone = 0;     ///< apps found gone
        int followed = 0; ///< apps known apart from the list (operations, events, instances)
    };

    // Inputs: value snapshots and events from the sync engine.
    /// A full applications list. Apps listed as in the previous list, with nothing told of them
    /// since and no operation to follow, are not looked at again.
    ListStats applicationsSynced(const QList<protocol::AppSummary> &applications);
    void applicationUpdated(const protocol::AppSummary &application);
    void applicationRemoved(const QString &appId);
    /// Instances of one app (GET …/instances): active ones, and old ones when asked for.
    void instancesSynced(const QString &appId, const QList<protocol::InstanceInfo> &instances);
    /// Oldest first, as the sync engine hands them on (the events API lists them newest first).
    /// They are replayed by time; events of the same millisecond keep the order given.
    void eventsReceived(const QList<protocol::DroveEvent> &events);
    /// Re-evaluates elapsed time and deadlines (the internal timer calls it).
    void tick();

    /// In-flight and recent operations, oldest first.
    QList<TrackedOperation> operations() const { return m_operations; }
    std::optional<TrackedOperation> operation(const QString &id) const;
    /// The in-flight operation of an app, if any (the one holding the app's slot, or the first
    /// one sent here that the controller has not begun yet).
    std::optional<TrackedOperation> activeOperation(const QString &appId) const;
    int inFlightCount() const;

Q_SIGNALS:
    void operationAdded(const drove::models::TrackedOperation &operation);
    void operationUpdated(const drove::models::TrackedOperation &operation);
    /// Emitted once, after the operationUpdated that carries the outcome.
    void operationFinished(const drove::models::TrackedOperation &operation);
    void operationRemoved(const QString &id);

private:
    struct InstanceSeen
    {
        qint64 created = 0;
        protocol::InstanceState state = protocol::InstanceState::Pending;
        bool everHealthy = false;
        bool stoppedFromHealthy = false; ///< entered STOPPING straight from HEALTHY
        bool failureCounted = false;
        bool unhealthySeen = false; ///< went UNHEALTHY: it goes down by itself, whoever waits
        qint64 lastChangeMs = 0;    ///< tracker time of the last event or list that set it
    };
    struct AppSeen
    {
        std::optional<protocol::AppSummary> summary;
        std::optional<protocol::ApplicationState> state; ///< last known, from events or polls
        QHash<QString, InstanceSeen> instances;          ///< by id, active and recently ended
        bool instancesKnown = false;                     ///< a snapshot of the instances arrived
        QSet<QString> ended;      ///< instances events saw end (an older list may still show them)
        quint64 listedInSync = 0; ///< the last full applications list that had this app
        quint64 summarySeq = 0;   ///< counts the summaries received
    };
    /// Per-operation bookkeeping that is not part of the public value.
    struct Aux
    {
        std::optional<protocol::ApplicationOperation> sent; ///< operations sent here
        QSet<QString> targets;                              ///< instances to stop / replace
        QSet<QString> started;                              ///< counted in instancesStarted
        QSet<QString> stopped;                              ///< counted in instancesStopped
        QSet<QString> selfEnded; ///< targets that ended by themselves (failed, lost)
        bool begun = false;
        bool confirmed = true;       ///< false while a submitted operation awaits the answer
        qint64 updatedAtSubmit = -1; ///< the app's `updated` when it was sent (polling)
        quint64 summarySeqAtBegin = 0;
        qint64 endedAtMs = 0;
        qint64 probedAtMs = -1; ///< the last placement probe (at most one a second)
        std::optional<placement::Simulation> placement;
    };
    struct Transition
    {
        qint64 time = 0;
        QString appId;
        bool isApp = true;
        protocol::ApplicationState appState = protocol::ApplicationState::Init;
        QString instanceId;
        protocol::InstanceState instanceState = protocol::InstanceState::Pending;
        qint64 created = 0;
        QString error;
        QString executorId;
    };

    qint64 now() const;
    void syncListedApp(const protocol::AppSummary &app, bool first, quint64 generation,
                       bool listedBefore);
    /// The app's entry in the last full list, unless it was removed since (nullptr).
    const protocol::AppSummary *listedSummary(const QString &appId) const;
    /// What is known of an app, made from the last list the first time it is needed: apps
    /// nothing is followed of are not kept apart from the list (10,000 of them cost the first
    /// resync ~15 ms of the GUI thread, most of it faulting in fresh memory).
    AppSeen &seenOf(const QString &appId);
    int indexOf(const QString &id) const;
    int headIndex(const QString &appId) const;
    TrackedOperation *head(const QString &appId, Aux **aux = nullptr);
    QString addOperation(TrackedOperation op, Aux aux);
    void apply(const Transition &transition);
    void applyAppState(const Transition &transition);
    void applyInstanceState(const Transition &transition);
    void startExternal(const QString &appId, protocol::ApplicationState state, qint64 time,
                       bool beganBeforeConnect);
    void begin(TrackedOperation &op, Aux &aux, protocol::ApplicationState state, qint64 time);
    void end(TrackedOperation &op, Aux &aux, std::optional<protocol::ApplicationState> state,
             qint64 time);
    void decide(TrackedOperation &op, Aux &aux);
    /// Decides the ended operations that wait for a summary (of `appId`, or of every app).
    void decideWaiting(const QString &appId, qint64 olderThanMs = 0);
    void recount(TrackedOperation &op, const Aux &aux) const;
    qint64 healthyCount(const QString &appId) const;
    void updatePhase(TrackedOperation &op, const Aux &aux) const;
    /// New instances the operation needs now that do not exist yet (0 when none or unknown).
    int instancesNeededNow(const TrackedOperation &op, const Aux &aux) const;
    void updateStuck(TrackedOperation &op, Aux &aux);
    /// An instance a list no longer has: the transition to `state` the list implies.
    void applyVanished(const QString &appId, const QString &instanceId,
                       protocol::InstanceState state, const QString &error);
    void recordStep(TrackedOperation &op, const Transition &t, bool isNew,
                    std::optional<protocol::InstanceState> before);
    void publish(TrackedOperation &op);
    void finish(TrackedOperation &op, TrackedOperation::Outcome outcome, const QString &reason,
                bool causeKnown = true);
    void addFailure(TrackedOperation &op, const QString &message);
    void pruneFinished();
    void forgetEndedInstances(const QString &appId);

    std::function<qint64()> m_clock;
    PlacementProbe m_placementProbe;
    qint64 m_noProgressMs = 120000;
    QuietAllowance m_quietAllowance;
    qint64 m_placementGraceMs = 10000;
    QTimer m_timer;
    qint64 m_defaultTimeoutMs = 300000;
    int m_retention = 100;
    quint64 m_nextId = 1;
    bool m_eventFeed = true;
    quint64 m_syncGeneration = 0; ///< counts full applications lists
    /// The last full list, ordered by id (the sync engine's list, shared), and what was said of
    /// apps since: the next list looks only at apps that differ from it or were told of.
    QList<protocol::AppSummary> m_listed;
    quint64 m_listedGeneration = 0;
    bool m_examineAll = false; ///< the next list looks at every app
    QSet<QString> m_touchedApps;
    /// Apps removed since the last list: not to be read from it.
    QSet<QString> m_removedSinceList;
    /// Apps found gone by a list that stayed (a CREATE of the same id sent here).
    QStringList m_lingering;

    QList<TrackedOperation> m_operations;
    QHash<QString, QStringList> m_queue; ///< appId → unfinished op ids, the slot holder first
    QHash<QString, Aux> m_aux;           ///< op id → bookkeeping (unfinished ops)
    QHash<QString, AppSeen> m_apps;
    QStringList m_undecided; ///< ended, waiting for the app's summary to tell the target
    QSet<QString> m_seenEventIds;
};

} // namespace drove::models
