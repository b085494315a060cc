#pragma once

#include <QString>

#include <optional>

namespace drove::protocol {

/// How an application operation ended, or that it has not yet. One vocabulary for the embedded
/// controller's operation record, the console's tracker and its journal. It is never put on the
/// wire: real Drove events carry no outcome (drove-api.md, project decisions), so the console
/// derives it from the event stream and the snapshots.
enum class OperationOutcome {
    Running,   ///< accepted, jobs may be in flight
    Completed, ///< reached its target
    Cancelled, ///< cancel requested and accepted; queued jobs were skipped
    TimedOut,  ///< the opSpec.timeout deadline passed; no new jobs were started after it
    Failed,    ///< ended without reaching its target for another reason; see the reason text
};

/// "RUNNING", "COMPLETED", "CANCELLED", "TIMED_OUT", "FAILED".
QString outcomeName(OperationOutcome outcome);
/// Inverse of outcomeName(); nullopt for anything else.
std::optional<OperationOutcome> operationOutcomeFromString(const QString &text);

} // namespace drove::protocol
