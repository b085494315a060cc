#pragma once

#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/applicationstate.h"
#include "protocol/clusteropspec.h"
#include "protocol/operationtype.h"

#include <QString>
#include <QStringList>

namespace drove::protocol {

/// Controller options that change the semantic spec checks (drove-api.md §3.6).
struct SpecValidationOptions
{
    /// When non-empty, every volume pathOnHost must start with one of these.
    QStringList allowedMountDirs;
    bool disableCmdlArgs = false;
    bool enableRawDeviceAccess = false;
};

/// Validation rules shared by the controller (server side) and the console (client side).
/// Stage 1 (Jackson) is fromJson; this is stage 2 (bean validation, 400 "Command validation
/// failure") and stage 3 (semantic checks and the state table, also "Command validation failure").
/// Every function returns all messages at once; empty = valid.
class OperationValidator
{
public:
    static constexpr qint64 MinParallelism = 1;
    /// Project decision (real Drove: 512).
    static constexpr qint64 MaxParallelism = 32;
    static constexpr qint64 MaxCreateInstances = 2048;
    static constexpr qint64 MaxStartInstances = 1024;
    static constexpr qint64 MaxScaleInstances = 2048;
    static constexpr int MaxArgsLength = 2048;

    /// (a) Bean-level rules of an operation, messages naming the field: appId non-empty; opSpec
    /// required except RECOVER; opSpec.timeout required; "opSpec.parallelism must be between 1 and
    /// 32"; "opSpec.failureStrategy ROLLBACK is not supported: only STOP is"; instances ranges;
    /// STOP_INSTANCES instanceIds non-empty; for CREATE the spec's bean rules.
    static QStringList validate(const ApplicationOperation &operation);
    /// opSpec rules only; `prefix` names the field ("opSpec").
    static QStringList validateOpSpec(const ClusterOpSpec &opSpec,
                                      const QString &prefix = QStringLiteral("opSpec"));
    /// Bean rules of a spec (§3.2, §3.3), e.g. "- Application name is mandatory".
    /// `prefix` is prepended to field names ("spec.").
    static QStringList validateSpecFields(const ApplicationSpec &spec,
                                          const QString &prefix = QString());
    /// (b) Semantic checks with the exact §3.6 messages (ports, resources, mounts, args, devices,
    /// LOCAL placement).
    static QStringList validateSpecSemantics(const ApplicationSpec &spec,
                                             const SpecValidationOptions &options = {});
    /// What the console calls before sending: the same bean rules as validate(), plus the spec
    /// semantics that need no controller options (ports, CPU/memory, args length, LOCAL).
    static QStringList validateForSend(const ApplicationOperation &operation);

    // (c) State-table and lookup messages (exact Drove text).
    /// "No operations allowed for <appId> as it is in <STATE> state" or
    /// "Only [<sorted enum names>] allowed for app <appId> as it is in <STATE> state".
    static QString stateRejectionMessage(const QString &appId, ApplicationState state);
    /// Empty if `type` is allowed in `state` per allowedOperations(), else the rejection message.
    static QString checkState(const QString &appId, ApplicationState state, OperationType type);
    /// "No state found for app: <appId>"
    static QString noStateMessage(const QString &appId);
    /// "App <appId> already exists"
    static QString alreadyExistsMessage(const QString &appId);
    /// "App <appId> not found" (200 FAILED on GET summary/spec).
    static QString appNotFoundMessage(const QString &appId);
    /// Project busy rule: "Operation <WIRE_TYPE> is already in progress for app <appId>; wait for
    /// it to finish or cancel it". `activeType` is the operation currently running.
    static QString busyMessage(const QString &appId, OperationType activeType);
    /// "Current operation could not be cancelled"
    static QString cancelFailedMessage();
    /// "Cluster is in maintenance mode"
    static QString maintenanceMessage();
};

} // namespace drove::protocol
