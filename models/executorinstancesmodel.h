#pragma once

#include "models/keyedtablemodel.h"
#include "protocol/instanceinfo.h"

namespace drove::models {

/// The instances placed on one executor, whatever their application (the lower pane of the
/// Executors view), from the executor details call (GET /cluster/executors/{id}). One row per
/// instance id, updated incrementally; another executor is a reset.
///
/// Roles: Qt::DisplayRole, SortRole (raw), ForegroundRole on State. Row-level: RowKeyRole and
/// InstanceIdRole (instance id), AppIdRole, ExecutorIdRole, StateRole (InstanceState as int),
/// StateNameRole, ErrorMessageRole.
class ExecutorInstancesModel : public KeyedTableModel<protocol::InstanceInfo>
{
    Q_OBJECT

public:
    enum Column {
        AppColumn,
        InstanceIdColumn,
        StateColumn,
        PortsColumn,
        CoresColumn,
        MemoryColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit ExecutorInstancesModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString executorId() const { return m_executorId; }
    /// Shows another executor (empty: none). The only reset of this model.
    void setExecutor(const QString &executorId);
    /// The instances of the executor in scope; a list for another executor is ignored (false).
    bool applyInstances(const QString &executorId, const QList<protocol::InstanceInfo> &instances);
    /// Whether the executor in scope has had its list since it came into scope (until then no
    /// row does not mean no instance).
    bool isLoaded() const { return m_loaded; }

Q_SIGNALS:
    /// The first list of the executor in scope arrived (isLoaded() is now true).
    void loaded();

protected:
    const QString &rowKey(const protocol::InstanceInfo &row) const override
    {
        return row.instanceId;
    }
    quint64 changedColumns(const protocol::InstanceInfo &before,
                           const protocol::InstanceInfo &after) const override;
    QList<int> changedRoles(int column) const override;

private:
    QVariant displayValue(const protocol::InstanceInfo &instance, int column) const;
    QVariant sortValue(const protocol::InstanceInfo &instance, int column) const;

    QString m_executorId;
    bool m_loaded = false;
};

} // namespace drove::models
