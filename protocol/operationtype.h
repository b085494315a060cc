#pragma once

#include "protocol/applicationstate.h"
#include "protocol/enuminfo.h"

#include <QList>
#include <QString>

#include <optional>

namespace drove::protocol {

/// The eight application operations (drove-api.md §4.2). Declaration order is irrelevant for
/// messages: allowed-op lists are sorted by enum name.
enum class OperationType {
    Create,
    StartInstances,
    ScaleInstances,
    Suspend,
    StopInstances,
    ReplaceInstances,
    Destroy,
    Recover,
};

/// Names here are the *Java enum* names ("SCALE_INSTANCES"); the wire names differ for SCALE.
template<>
struct EnumInfo<OperationType>
{
    static constexpr const char *typeName = "ApplicationOperationType";
    static constexpr std::array<const char *, 8> names {
        "CREATE",         "START_INSTANCES",   "SCALE_INSTANCES", "SUSPEND",
        "STOP_INSTANCES", "REPLACE_INSTANCES", "DESTROY",         "RECOVER"};
};

/// The `type` discriminator on the wire: "SCALE" for ScaleInstances, otherwise the enum name.
QString wireName(OperationType type);
/// The Java enum name used in validator messages: "SCALE_INSTANCES".
QString enumName(OperationType type);
/// Case-sensitive wire discriminator → type ("SCALE" ok, "SCALE_INSTANCES"/"scale" → nullopt).
std::optional<OperationType> operationTypeFromWireName(QStringView text);
/// Case-insensitive enum name → type ("scale_instances" ok).
std::optional<OperationType> operationTypeFromEnumName(QStringView text);
QList<OperationType> allOperationTypes();

/// The validator's state table (ApplicationCommandValidator.VALID_OPS_TABLE), with this
/// project's one change: SUSPEND is also allowed from MONITORING (a no-op there).
///   INIT: none; MONITORING: START_INSTANCES, SCALE_INSTANCES, SUSPEND, DESTROY, RECOVER;
///   RUNNING: START_INSTANCES, STOP_INSTANCES, SCALE_INSTANCES, REPLACE_INSTANCES, SUSPEND,
///   RECOVER; SCALING_REQUESTED: SCALE_INSTANCES; every other state: none.
/// CREATE is never in the table: it only requires that the app does not exist.
/// Note SCALING_REQUESTED → SCALE_INSTANCES is kept as in the real table, but this project rejects
/// any second operation while one is active; the controller checks "busy" *before* this table
/// (see busyMessage() in OperationValidator), so in practice a SCALE there gets the busy message.
/// Result is sorted by enum name.
QList<OperationType> allowedOperations(ApplicationState state);
bool isOperationAllowed(ApplicationState state, OperationType type);

/// Project decision: operations that run jobs can be cancelled: SCALE_INSTANCES, START_INSTANCES,
/// SUSPEND, REPLACE_INSTANCES, STOP_INSTANCES. CREATE, DESTROY, RECOVER cannot.
bool isCancellable(OperationType type);

} // namespace drove::protocol
