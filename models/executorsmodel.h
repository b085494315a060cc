#pragma once

#include "models/keyedtablemodel.h"
#include "protocol/executorsummary.h"

#include <QHash>

namespace drove::models {

/// The cluster's executors, one row per executor id, updated incrementally from
/// GET /cluster/executors snapshots. Totals are free + used.
///
/// Roles: Qt::DisplayRole, SortRole (raw), ForegroundRole/DecorationRole on State. Row-level:
/// ExecutorIdRole, RowKeyRole, StateRole (ExecutorState as int, -1 unknown), StateNameRole,
/// TagsRole (QStringList).
class ExecutorsModel : public KeyedTableModel<protocol::ExecutorSummary>
{
    Q_OBJECT

public:
    enum Column {
        HostColumn, ///< "host:port"
        StateColumn,
        CoresFreeColumn,
        CoresUsedColumn,
        CoresTotalColumn,
        MemoryFreeColumn,
        MemoryUsedColumn,
        MemoryTotalColumn,
        TagsColumn,
        InstancesColumn, ///< from setInstanceCounts(); empty until known
        ExecutorIdColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit ExecutorsModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    ApplyStats applyExecutors(const QList<protocol::ExecutorSummary> &executors);
    /// Instances per executor id (e.g. counted from instance lists or executor details);
    /// executors absent from the map show no count.
    void setInstanceCounts(const QHash<QString, int> &counts);
    /// Another cluster: a reset.
    void clear();

    std::optional<protocol::ExecutorSummary> executor(const QString &executorId) const;

protected:
    const QString &rowKey(const protocol::ExecutorSummary &row) const override
    {
        return row.executorId;
    }
    quint64 changedColumns(const protocol::ExecutorSummary &before,
                           const protocol::ExecutorSummary &after) const override;
    QList<int> changedRoles(int column) const override;

private:
    QVariant displayValue(const protocol::ExecutorSummary &executor, int column) const;
    QVariant sortValue(const protocol::ExecutorSummary &executor, int column) const;

    QHash<QString, int> m_instanceCounts;
};

} // namespace drove::models
