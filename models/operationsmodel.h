#pragma once

#include "models/keyedtablemodel.h"
#include "models/trackedoperation.h"

#include <QPointer>

namespace drove::models {

class OperationTracker;

/// The Operations panel: one row per operation the OperationTracker follows (in flight and
/// recent), updated incrementally as the tracker reports changes.
///
/// Roles: Qt::DisplayRole, SortRole (raw), Qt::ToolTipRole (Phase, Outcome), ForegroundRole on
/// Outcome. Row-level on every column: RowKeyRole (operation id), AppIdRole, ProgressRole
/// (0..1), CanCancelRole, OutcomeRole (TrackedOperation::Outcome as int), OriginRole,
/// StateRole (TrackedOperation::Phase as int), TimestampRole (accepted, epoch ms).
class OperationsModel : public KeyedTableModel<TrackedOperation>
{
    Q_OBJECT

public:
    enum Column {
        AppColumn,
        OperationColumn, ///< wire type: "SCALE", "REPLACE_INSTANCES"
        PhaseColumn,     ///< "Replacing 3/8", "Cancellation requested — …"
        ProgressColumn,  ///< "45%"
        ElapsedColumn,   ///< "1m 05s / 5m 00s"
        OutcomeColumn,   ///< "", "completed", "timed out", …
        StartedByColumn, ///< "this console", "other", "controller"
        AcceptedColumn,  ///< when it was accepted (or first seen)
        ColumnCount
    };
    Q_ENUM(Column)

    explicit OperationsModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Shows `tracker`'s operations and follows it (a reset: a new scope). May be null.
    void setTracker(OperationTracker *tracker);
    std::optional<TrackedOperation> operationAt(int row) const;

protected:
    const QString &rowKey(const TrackedOperation &row) const override { return row.id; }
    quint64 changedColumns(const TrackedOperation &before,
                           const TrackedOperation &after) const override;
    QList<int> changedRoles(int column) const override;

private:
    QVariant displayValue(const TrackedOperation &op, int column) const;
    QVariant sortValue(const TrackedOperation &op, int column) const;

    QPointer<OperationTracker> m_tracker;
};

} // namespace drove::models
