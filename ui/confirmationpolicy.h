#pragma once

#include "client/clusterprofile.h"
#include "protocol/operationtype.h"

namespace drove::ui {

/// How much an operator must do before a change to the cluster goes.
enum class Confirmation {
    None,                   ///< the dialog's OK is enough
    Acknowledge,            ///< tick "I understand …" (confirmCheckBox)
    TypeName,               ///< type the target's name: the app id (confirmIdLineEdit), an
                            ///< executor's host or the cluster's name (confirmNameLineEdit)
    TypeNameAndAcknowledge, ///< both: destroying on a production cluster
};

/// Decides the confirmation for an operation on a cluster of `criticality`. `reducesCapacity` is
/// true for operations that take serving instances away (suspend, stop, scale down, restart with
/// stopFirst), which are destructive even though the app survives.
///
///   operation            LOCAL  DEVELOPMENT/INTEGRATION  PRODUCTION
///   DESTROY              type   type                     type + acknowledge
///   capacity-reducing    none   acknowledge              type
///   anything else        none   none                     none
Confirmation requiredConfirmation(protocol::OperationType type, bool reducesCapacity,
                                  client::Criticality criticality);

/// The changes to the cluster that are not application operations.
enum class ClusterAction {
    CancelOperation,
    Blacklist,   ///< executors: Drove moves their instances away (REPLACE_INSTANCES per app)
    Unblacklist, ///< executors: instances may be placed there again
    MaintenanceOn,
    MaintenanceOff,
};

/// The same policy for those, graded by criticality:
///
///   action               LOCAL        DEVELOPMENT/INTEGRATION  PRODUCTION
///   blacklist            acknowledge  acknowledge              type the name
///   maintenance on/off   acknowledge  acknowledge              type the name
///   unblacklist          none         acknowledge              acknowledge
///   cancel an operation  none         none                     acknowledge
Confirmation requiredConfirmation(ClusterAction action, client::Criticality criticality);

/// The profile's read-only guard (ClusterProfile::confirmEveryChange): nothing goes without at
/// least a tick.
Confirmation withGuard(Confirmation confirmation, bool confirmEveryChange);

} // namespace drove::ui
