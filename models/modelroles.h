#pragma once

#include <Qt>

namespace drove::models {

/// Custom item roles shared by every model in this layer, so views, delegates and proxies can
/// ask any model the same question. Row-level roles (ids, state) are answered on every column;
/// their change notifications arrive on the column that shows them.
enum ModelRole : int {
    /// The raw value behind a cell (qint64, double, QString, enum as int), for sorting.
    SortRole = Qt::UserRole + 1,
    /// The row's state as the protocol enum's int value (ApplicationState, InstanceState,
    /// ExecutorState, or OperationTracker::Phase for operations).
    StateRole,
    /// The row's state as Drove writes it ("RUNNING", "HEALTHY").
    StateNameRole,
    /// The application id of the row (applications, instances, events, operations).
    AppIdRole,
    /// The instance id (instances).
    InstanceIdRole,
    /// The executor id (executors, instances).
    ExecutorIdRole,
    /// healthy / required as a double in 0..1 (applications), for a bar delegate.
    HealthyFractionRole,
    /// The stable key of the row (app id, instance id, executor id, event id, operation id).
    RowKeyRole,
    /// Tags as a QVariantMap (applications) or a QStringList (executors).
    TagsRole,
    /// The instance's error message ("" when fine).
    ErrorMessageRole,
    /// true for an instance in a non-active ("old") state.
    IsOldRole,
    /// Operation progress as a double in 0..1.
    ProgressRole,
    /// true when the operation in the row may be cancelled now.
    CanCancelRole,
    /// OperationTracker::Outcome as int.
    OutcomeRole,
    /// OperationTracker::Origin as int.
    OriginRole,
    /// Epoch milliseconds of the row's main timestamp (events: time; operations: accepted).
    TimestampRole,
    /// Drove event type name ("INSTANCE_STATE_CHANGE").
    EventTypeRole,
    /// Every metadata value of an event as text (QStringList), for free-text filters.
    EventMetadataTextsRole,
};

} // namespace drove::models
