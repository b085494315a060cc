#pragma once

#include "protocol/applicationstate.h"
#include "protocol/instancestate.h"
#include "protocol/operationoutcome.h"
#include "protocol/operationprogress.h"
#include "protocol/operationtype.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace drove::models {

/// What the console knows about one application operation, derived by the OperationTracker from
/// the event stream and the snapshots by the rules of protocol::operationRules(). A plain value:
/// copy it freely. Every figure in it is measured, never estimated; where the console cannot
/// know something (who cancelled another client's operation), it says so in outcomeReason and
/// sets causeKnown = false.
struct TrackedOperation
{
    /// Who started it.
    enum class Origin {
        ThisConsole, ///< sent and accepted here
        OtherClient, ///< seen from state changes: another console, the CLI, a script
        Controller,  ///< the controller's own recovery (OUTAGE_DETECTED)
    };
    enum class Phase {
        Accepted, ///< accepted; the app has not entered the operation's state yet
        ScalingUp,
        ScalingDown,
        Replacing,
        Stopping,   ///< STOP_INSTANCES
        Recovering, ///< OUTAGE_DETECTED
        Destroying,
        Creating,
        Cancelling, ///< cancel requested; takes effect after the jobs in flight finish
        Overdue,    ///< past its timeout; waiting for the jobs in flight to finish
        Finished,
    };
    using Outcome = protocol::OperationOutcome;

    QString id; ///< local id, unique per tracker
    QString appId;
    protocol::OperationType type = protocol::OperationType::ScaleInstances;
    protocol::OperationVariant variant = protocol::OperationVariant::Plain;
    Origin origin = Origin::ThisConsole;
    QString journalId; ///< OperationJournal entry of an operation sent here
    /// Sent elsewhere as a SCALING_REQUESTED: SCALE, START_INSTANCES and SUSPEND look the same
    /// on the wire; the type shown is SCALE and the text says so.
    bool typeInferred = false;
    /// It was already running when the console connected: its start and its work before that
    /// are unknown, and the counts cover only what happened since.
    bool beganBeforeConnect = false;

    qint64 acceptedAtMs = 0; ///< when accepted here, or when first seen
    qint64 beganAtMs = 0;    ///< event time of the app entering the operation's state; 0: not yet
    qint64 finishedAtMs = 0; ///< 0 while in flight
    qint64 timeoutMs = 0;    ///< whole-operation deadline (opSpec.timeout); 0 when unknown
    qint64 parallelism = 0;

    /// The units of work (protocol::WorkUnit of the rule) and how many are done. total is -1
    /// until it is known (the healthy count when the operation began). done never decreases and
    /// never exceeds total.
    int total = -1;
    int done = 0;
    /// Measured from the event stream while the operation held the app's slot.
    int instancesStarted = 0;    ///< new instances that reached HEALTHY
    int instancesStopped = 0;    ///< instances stopped by the operation
    int failedStarts = 0;        ///< new instances that failed before HEALTHY (each retry counts)
    int otherFailures = 0;       ///< instances that became UNHEALTHY or LOST meanwhile
    QStringList failureMessages; ///< "AI-…: <error>", newest last, at most 20

    /// One state an instance entered while the operation held the app (event time).
    struct InstanceStep
    {
        qint64 atMs = 0;
        protocol::InstanceState state = protocol::InstanceState::Pending;
        QString error;
    };
    /// An instance the operation started or stopped, or that failed while it ran, with every
    /// state it went through (an old instance's first step is its state when the operation
    /// began).
    struct InstanceTrack
    {
        QString instanceId;
        QString executorId;
        bool startedByOperation = false;
        QList<InstanceStep> steps;
    };
    /// In the order the instances were first seen to change; at most 2,000.
    QList<InstanceTrack> timeline;

    /// Why the operation makes no progress ("" while it does): the cluster cannot place the
    /// instances it needs (with the placement rules' reason), or no instance changed state for
    /// a while. Re-evaluated as the cluster changes; cleared when progress resumes.
    QString stuckReason;
    QString stuckSuggestion; ///< what would let it proceed ("" when nothing to suggest)
    qint64 stuckSinceMs = 0;
    struct StuckNote
    {
        qint64 atMs = 0;
        QString reason; ///< "" = progress resumed
    };
    QList<StuckNote> stuckHistory;
    /// When an instance of the operation last entered a new state (or when it began).
    qint64 lastProgressMs = 0;

    qint64 targetInstances = -1; ///< scale family: the healthy count aimed for
    qint64 healthyAtBegin = -1;
    qint64 healthyInstances = 0; ///< now (from the instances seen)
    qint64 requiredInstances = 0;
    /// STOP_INSTANCES / REPLACE_INSTANCES: the instances to go (for a replace of all, those
    /// HEALTHY when it began).
    QStringList targetInstanceIds;
    int targetsRemaining = 0; ///< of targetInstanceIds, still active

    std::optional<protocol::ApplicationState> appState;
    /// Every application state the operation moved the app through, in order, ending with the
    /// state it left the app in. The controller's operation record keeps the same list.
    QList<protocol::ApplicationState> appStates;
    bool cancelRequested = false;
    qint64 cancelRequestedAtMs = 0;
    QString cancelRejection; ///< the controller's answer when a cancel was refused

    Phase phase = Phase::Accepted;
    QString phaseText;     ///< "Replacing: 3 of 8 replaced", "Cancellation requested — …"
    double progress = 0.0; ///< done / total; 1.0 only when completed
    Outcome outcome = Outcome::Running;
    /// False when the console saw the operation end short of its target but cannot tell why
    /// (another client's cancel or timeout): outcome is then Failed and outcomeReason says so.
    bool causeKnown = true;
    QString outcomeReason;
    qint64 elapsedMs = 0; ///< now − accepted (frozen when finished)

    bool isFinished() const { return outcome != Outcome::Running; }
    bool isStuck() const { return !stuckReason.isEmpty(); }
    /// Whether `progress` measures anything: the total is known (or the operation completed).
    /// An operation that began before the console connected has no known total; its progress
    /// is shown as unknown, never as 0 %.
    bool progressKnown() const { return total >= 0 || outcome == Outcome::Completed; }
    /// In flight, not already cancelling, and of a kind the controller can cancel.
    bool canCancel() const;
    /// "3 of 6 replaced", "? of 6 started" style text of done/total ("" when not applicable).
    QString countText() const;

    static QString typeName(protocol::OperationType type); ///< wire name: "SCALE"
    static QString originName(Origin origin); ///< "this console", "other", "controller"
    static QString phaseName(Phase phase);
    static QString outcomeName(Outcome outcome);
};

} // namespace drove::models

Q_DECLARE_METATYPE(drove::models::TrackedOperation)
