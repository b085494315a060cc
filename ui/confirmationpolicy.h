#pragma once

#include "client/clusterprofile.h"
#include "protocol/operationtype.h"

namespace drove::ui {

/// How much an operator must do before a dialog lets an operation go.
enum class Confirmation {
    None,                    ///< the dialog's OK is enough
    Acknowledge,             ///< tick "I understand …" (confirmCheckBox)
    TypeAppId,               ///< type the app id (confirmIdLineEdit)
    TypeAppIdAndAcknowledge, ///< both: destroying on a production cluster
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

} // namespace drove::ui
