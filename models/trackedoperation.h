#pragma once

#include "protocol/applicationstate.h"
#include "protocol/operationtype.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::models {

/// What the console knows about one application operation, derived by the OperationTracker
/// from the app's state, its healthy/required counts, its instances and events, and the time
/// elapsed against the operation's timeout. A plain value: copy it freely.
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
        Settling,   ///< the goal is reached; waiting for the app to leave the operation state
        Cancelling, ///< cancel requested; takes effect after the jobs in flight finish
        Overdue,    ///< past its timeout; waiting for the jobs in flight to finish
        Finished,
    };
    enum class Outcome {
        InFlight,
        Completed,
        Cancelled,
        TimedOut,
        Failed,
    };

    QString id; ///< local id, unique per tracker
    QString appId;
    protocol::OperationType type = protocol::OperationType::ScaleInstances;
    Origin origin = Origin::ThisConsole;
    QString journalId; ///< OperationJournal entry of an operation sent here

    qint64 acceptedAtMs = 0;
    qint64 finishedAtMs = 0; ///< 0 while in flight
    qint64 timeoutMs = 0;    ///< whole-operation deadline (opSpec.timeout)
    qint64 parallelism = 0;

    qint64 targetInstances = -1; ///< required count the op aims for; -1 when not applicable
    qint64 healthyAtStart = -1;  ///< healthy count when first seen after acceptance
    qint64 healthyInstances = 0;
    qint64 requiredInstances = 0;
    /// STOP_INSTANCES / REPLACE_INSTANCES: the instances to go (a replace of "all" is filled with
    /// the instances healthy when the operation was accepted).
    QStringList targetInstanceIds;
    int targetsRemaining = 0;  ///< of targetInstanceIds, still active
    int newInstances = 0;      ///< active instances created after acceptance
    int newHealthy = 0;        ///< of those, HEALTHY
    int oldInstances = 0;      ///< active instances that existed at acceptance
    int stoppingInstances = 0; ///< active instances in STOPPING or DEPROVISIONING
    int failedInstances = 0;   ///< instances that failed (start, readiness, health, lost) since
    QString lastInstanceError;

    std::optional<protocol::ApplicationState> appState;
    bool sawOperationState = false; ///< the app was seen in the operation's *_REQUESTED state
    bool cancelRequested = false;
    qint64 cancelRequestedAtMs = 0;
    QString cancelRejection; ///< the controller's answer when a cancel was refused

    Phase phase = Phase::Accepted;
    QString phaseText; ///< "Replacing 3/8", "Cancellation requested — …"
    double progress = 0.0;
    Outcome outcome = Outcome::InFlight;
    QString outcomeReason;
    qint64 elapsedMs = 0; ///< now − accepted (frozen when finished)

    bool isFinished() const { return outcome != Outcome::InFlight; }
    /// In flight, not already cancelling, and of a kind the controller can cancel.
    bool canCancel() const;

    static QString typeName(protocol::OperationType type); ///< wire name: "SCALE"
    static QString originName(Origin origin); ///< "this console", "other", "controller"
    static QString phaseName(Phase phase);
    static QString outcomeName(Outcome outcome);
};

} // namespace drove::models

Q_DECLARE_METATYPE(drove::models::TrackedOperation)
