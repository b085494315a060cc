#pragma once

#include "models/trackedoperation.h"
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

/// Follows every application operation from acceptance to its outcome. No Drove API reports
/// progress, so it is derived (drove-api.md §4–6): the app state (SCALING_REQUESTED, …), healthy
/// vs required, which active instances are new or were there at acceptance, instance failures
/// from INSTANCE_STATE_CHANGE events, and the elapsed time against the operation's timeout
/// (a whole-operation deadline in this project).
///
/// Operations sent here are registered with trackAccepted(). Operations started elsewhere (an
/// app entering a *_REQUESTED or OUTAGE_DETECTED state with nothing tracked) are picked up and
/// marked OtherClient or Controller. Feed it the sync engine's snapshots; it never fetches.
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
    /// Timeout assumed for operations started elsewhere (the controller default: 300 s).
    void setDefaultTimeout(qint64 ms) { m_defaultTimeoutMs = ms; }
    /// How many finished operations are kept (oldest dropped first). Default 100.
    void setFinishedRetention(int count);
    /// An op whose goal is already met without the app ever entering the operation's state is
    /// declared complete only after this long (so a late *_REQUESTED is not mistaken for
    /// someone else's operation). Default 2000 ms.
    void setSettleDelay(qint64 ms) { m_settleDelayMs = ms; }
    /// An instance list older than this at acceptance is not trusted as the "before" picture;
    /// the first list after acceptance is used instead. Default 5000 ms.
    void setBaselineFreshness(qint64 ms) { m_baselineFreshMs = ms; }

    /// Registers an operation this console sent and the controller accepted; returns its id.
    /// An operation still in flight for the same app is finished as Failed ("superseded").
    QString trackAccepted(const protocol::ApplicationOperation &operation,
                          const QString &journalId = QString());
    /// The controller accepted a cancel for this app's operation.
    void markCancelRequested(const QString &appId);
    /// The controller refused the cancel; the message is kept on the operation.
    void markCancelRejected(const QString &appId, const QString &message);

    // Inputs: value snapshots from the sync engine.
    void applicationsSynced(const QList<protocol::AppSummary> &applications);
    void applicationUpdated(const protocol::AppSummary &application);
    void applicationRemoved(const QString &appId);
    /// Active instances of one app (GET …/instances).
    void instancesSynced(const QString &appId, const QList<protocol::InstanceInfo> &instances);
    void eventsReceived(const QList<protocol::DroveEvent> &events);
    /// Re-evaluates elapsed time and deadlines (the internal timer calls it).
    void tick();

    /// In-flight and recent operations, oldest first.
    QList<TrackedOperation> operations() const { return m_operations; }
    std::optional<TrackedOperation> operation(const QString &id) const;
    /// The in-flight operation of an app, if any.
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
    };
    struct AppSeen
    {
        std::optional<protocol::AppSummary> summary;
        std::optional<QHash<QString, InstanceSeen>> instances; ///< active, by id
        bool outageSeen = false;  ///< last APP_STATE_CHANGE was OUTAGE_DETECTED
        quint64 summarySeq = 0;   ///< bumped on every summary, to tell stale from fresh
        qint64 instancesAtMs = 0; ///< when the instance list was received
        quint64 listedInSync = 0; ///< the last full applications list that had this app
    };
    /// Updates the app's record from a summary; returns the record.
    AppSeen &recordSummary(const protocol::AppSummary &application);
    /// Counts full applications lists, to find apps a list no longer has without a set of ids.
    quint64 m_syncGeneration = 0;
    /// Per-operation bookkeeping that is not part of the public value.
    struct Aux
    {
        bool baselineFromSnapshot = false; ///< false: "old" falls back to created < accepted
        QSet<QString> baselineIds;         ///< active instances that existed at acceptance
        QSet<QString> baselineHealthyIds;
        bool replaceAll = false;     ///< REPLACE with no ids: targets = healthy at acceptance
        qint64 startIncrement = -1;  ///< START_INSTANCES: target = healthy at start + this
        bool instancesSeen = false;  ///< an instance snapshot arrived after acceptance
        bool targetsSettled = false; ///< replace-all targets checked against a fresh list
        qint64 parkedSinceMs = 0;    ///< app back in RUNNING/MONITORING after the op state
        bool instancesAfterParked = false;
        quint64 opStateSeq = 0; ///< summarySeq when the op state was last seen
        std::optional<TrackedOperation::Outcome> eventOutcome; ///< OPERATION_OUTCOME event
    };

    qint64 now() const;
    int indexOf(const QString &id) const;
    int activeIndex(const QString &appId) const;
    void addOperation(TrackedOperation operation);
    void observeApp(const QString &appId);
    void maybeDetectExternal(const QString &appId);
    void recount(TrackedOperation &op, Aux &aux);
    void captureBaseline(const TrackedOperation &op, Aux &aux) const;
    void decide(TrackedOperation &op, const Aux &aux);
    QString failureReason(const TrackedOperation &op) const;
    void evaluate(int index);
    void finish(TrackedOperation &op, TrackedOperation::Outcome outcome, const QString &reason);
    bool goalReached(const TrackedOperation &op, const Aux &aux) const;
    void updatePhase(TrackedOperation &op, const Aux &aux) const;
    void pruneFinished();
    bool isOperationState(const TrackedOperation &op, protocol::ApplicationState state) const;

    std::function<qint64()> m_clock;
    QTimer m_timer;
    qint64 m_defaultTimeoutMs = 300000;
    qint64 m_settleDelayMs = 2000;
    qint64 m_baselineFreshMs = 5000;
    int m_retention = 100;
    quint64 m_nextId = 1;

    QList<TrackedOperation> m_operations;
    QHash<QString, QString> m_activeByApp; ///< appId → op id in flight
    QHash<QString, Aux> m_aux;             ///< op id → bookkeeping
    QHash<QString, AppSeen> m_apps;
    QSet<QString> m_seenEventIds;
};

} // namespace drove::models
