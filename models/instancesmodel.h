#pragma once

#include "models/keyedtablemodel.h"
#include "protocol/instanceinfo.h"

#include <QTimer>

#include <functional>

namespace drove::models {

/// The instances of one application, active and old together or apart (a mode), updated
/// incrementally from instance-list snapshots. Changing the application in scope is the only
/// reset; changing the mode inserts/removes rows.
///
/// An instance that leaves the active list is kept as old (with its last known data) until the
/// next old-instances list says otherwise, so its row — and a selection on it — survives the
/// move from active to old.
///
/// Roles: Qt::DisplayRole, SortRole (raw), Qt::ToolTipRole (State, Error), TextAlignment,
/// Qt::ForegroundRole / DecorationRole on State (StatePalette), ForegroundRole on Error.
/// Row-level on every column: InstanceIdRole, RowKeyRole, AppIdRole, ExecutorIdRole,
/// StateRole (InstanceState as int), StateNameRole, ErrorMessageRole, IsOldRole.
class InstancesModel : public KeyedTableModel<protocol::InstanceInfo>
{
    Q_OBJECT

public:
    enum Column {
        InstanceIdColumn,
        StateColumn,
        HostColumn,
        PortsColumn, ///< "name:hostPort, …"
        ExecutorColumn,
        ResourcesColumn, ///< cores with their NUMA node, memory
        ErrorColumn,
        CreatedColumn,
        UpdatedColumn,
        AgeColumn, ///< now − created; refreshed by a timer
        ColumnCount
    };
    Q_ENUM(Column)

    enum class Mode { Active, Old, All };
    Q_ENUM(Mode)

    explicit InstancesModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString applicationId() const { return m_appId; }
    /// Shows another application's instances (empty: none). The only reset of this model.
    void setApplication(const QString &appId);

    Mode mode() const { return m_mode; }
    /// Active only, old only, or both. Incremental (rows inserted/removed), never a reset.
    void setMode(Mode mode);

    /// Snapshots for the application in scope; those for another app are ignored (false).
    bool applyActiveInstances(const QString &appId, const QList<protocol::InstanceInfo> &active);
    bool applyOldInstances(const QString &appId, const QList<protocol::InstanceInfo> &old);
    /// Active and old from one list, split by state (e.g. an executor's view or a test).
    bool applyInstances(const QString &appId, const QList<protocol::InstanceInfo> &instances);
    /// Last result of the most recent apply (for benchmarks and logs).
    ApplyStats lastApplyStats() const { return m_lastStats; }

    std::optional<protocol::InstanceInfo> instance(const QString &instanceId) const;

    /// Epoch-ms clock for the Age column (tests inject one).
    void setClock(std::function<qint64()> nowMs);
    /// How often the Age column is refreshed; 0 stops it. Default 10 s.
    void setAgeRefreshInterval(int ms);

protected:
    const QString &rowKey(const protocol::InstanceInfo &row) const override
    {
        return row.instanceId;
    }
    quint64 changedColumns(const protocol::InstanceInfo &before,
                           const protocol::InstanceInfo &after) const override;
    QList<int> changedRoles(int column) const override;

private:
    void rebuild();
    void refreshAges();
    QVariant displayValue(const protocol::InstanceInfo &instance, int column) const;
    QVariant sortValue(const protocol::InstanceInfo &instance, int column) const;

    QString m_appId;
    Mode m_mode = Mode::All;
    QList<protocol::InstanceInfo> m_active;
    QList<protocol::InstanceInfo> m_old;
    ApplyStats m_lastStats;
    std::function<qint64()> m_clock;
    QTimer m_ageTimer;
};

} // namespace drove::models
