#pragma once

#include "protocol/applicationoperation.h"
#include "protocol/applicationstate.h"
#include "protocol/operationtype.h"

#include <QString>

#include <array>
#include <optional>

namespace drove::protocol {

/// What an operation's work is counted in. The console measures it from the event stream
/// (the app's INSTANCE_STATE_CHANGE events while the operation holds the app's slot); the
/// embedded controller counts the same figures in its operation record.
enum class WorkUnit {
    AppCreated,        ///< the app record exists (CREATE): 1 of 1
    InstancesStarted,  ///< new instances that reached HEALTHY
    InstancesStopped,  ///< instances the operation stopped that reached a final state
    InstancesReplaced, ///< listed instances stopped, each with a replacement that became HEALTHY
    AppRemoved,        ///< the app is gone (DESTROY): 1 of 1
};

/// The variants whose rules differ within one operation type.
enum class OperationVariant {
    Plain,
    ScaleUp,          ///< more healthy instances wanted (SCALE, START_INSTANCES, RECOVER)
    ScaleDown,        ///< fewer (SCALE, SUSPEND, RECOVER): oldest stopped first
    ReplaceAll,       ///< REPLACE_INSTANCES without ids: every instance HEALTHY when it began
    ReplaceSelected,  ///< REPLACE_INSTANCES with ids
    ReplaceStopFirst, ///< REPLACE_INSTANCES with stopFirst: each stop before its start
    StopWithRespawn,  ///< STOP_INSTANCES: replacement first, then the stop (project decision)
    StopSkipRespawn,  ///< STOP_INSTANCES with skipRespawn: stop only, required count drops
};

/// One row of the operation table. docs/operations.md has the same table for people; the
/// console's tracker reads every rule it applies from here.
struct OperationRule
{
    OperationType type;
    OperationVariant variant;
    /// The state the app enters when the operation begins. Init for CREATE: Drove never
    /// announces INIT, the app's first event is already RUNNING or MONITORING.
    ApplicationState beginState;
    WorkUnit unit;
    /// How many units of work: what `total` is, for the docs.
    const char *total;
    /// What "done" means, for the docs and the tracker's tooltips.
    const char *done;
    /// New instances are started (and so may fail to start) by this operation.
    bool startsInstances;
    /// Listed or chosen instances are stopped by this operation.
    bool stopsInstances;
};

/// The whole table, one row per (type, variant), in the order of docs/operations.md.
const std::array<OperationRule, 14> &operationRules();
/// The row for (type, variant); the type's first row when the variant does not apply to it.
const OperationRule &ruleFor(OperationType type, OperationVariant variant);
/// The variant an operation value implies, with the healthy count when it begins (only the
/// scale family needs it: up or down).
OperationVariant variantOf(const ApplicationOperation &operation, qint64 healthyAtBegin);

/// The operation an app in `state` is running, as far as the state alone tells: SCALE for
/// SCALING_REQUESTED (START_INSTANCES, SUSPEND and a RECOVER's second phase look the same),
/// RECOVER for OUTAGE_DETECTED, CREATE for INIT; nullopt for a parked or terminal state.
std::optional<OperationType> operationOfState(ApplicationState state);

/// The word after "3 of 6": "started", "stopped", "replaced", "created", "removed".
QString unitVerb(WorkUnit unit);

} // namespace drove::protocol
