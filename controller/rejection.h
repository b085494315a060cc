#pragma once

namespace drove::controller {

/// Why the core refused a command. The core knows nothing of HTTP: controller/http maps each
/// value to Drove's status code and envelope in one place (rejectionreply.h).
enum class Rejection {
    /// Not refused: accepted (a command) or cancelled (a cancel).
    None,
    /// Refused by the command validator (state table, busy app, unknown app, resources, bean
    /// rules, maintenance window): Drove's "Command validation failure" with validationErrors.
    InvalidCommand,
    /// A cancel with nothing to cancel: "Current operation could not be cancelled".
    NotCancellable,
    /// Accepted, then the state store failed to write it: it was rolled back, never acknowledged.
    NotStored,
    /// Refused up front while the state store is degraded (its last write failed).
    StoreUnavailable,
};

} // namespace drove::controller
