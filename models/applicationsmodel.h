#pragma once

#include "models/keyedtablemodel.h"
#include "protocol/appsummary.h"

#include <QList>
#include <QMap>
#include <QPointer>

namespace drove::models {

class OperationTracker;
struct TrackedOperation;

/// The applications of one cluster, one row per app id, updated incrementally from AppSummary
/// snapshots. Rows never move: sort and filter with ApplicationFilterProxyModel.
///
/// Roles: Qt::DisplayRole (formatted), SortRole (raw: QString, qint64, state as int, healthy
/// fraction for the Healthy column), Qt::ToolTipRole, Qt::TextAlignmentRole, and on the State
/// column Qt::ForegroundRole / Qt::DecorationRole (StatePalette colour). Row-level on every
/// column: AppIdRole, RowKeyRole, StateRole (ApplicationState as int, -1 when unknown),
/// StateNameRole, HealthyFractionRole (healthy / required, 1.0 when nothing is required),
/// TagsRole (QVariantMap).
class ApplicationsModel : public KeyedTableModel<protocol::AppSummary>
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        NameColumn,
        StateColumn,
        HealthyColumn, ///< "healthy/required"
        CpusColumn,
        MemoryColumn,
        TagsColumn,
        CreatedColumn,
        UpdatedColumn,
        ActiveOperationColumn, ///< from the OperationTracker, empty when idle
        ColumnCount
    };
    Q_ENUM(Column)

    explicit ApplicationsModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Shows exactly these applications (a full /applications result), incrementally.
    ApplyStats applyApplications(const QList<protocol::AppSummary> &applications);
    ApplyStats applyApplications(const QMap<QString, protocol::AppSummary> &applications);
    /// One application changed (or appeared).
    void updateApplication(const protocol::AppSummary &application);
    /// One application is gone (destroyed).
    void removeApplication(const QString &appId);
    /// Another cluster: drops every row with a reset (the only reset this model does).
    void clear();

    std::optional<protocol::AppSummary> application(const QString &appId) const;
    QStringList applicationIds() const;

    /// Fills the ActiveOperation column from `tracker` and follows its changes. May be null.
    void setOperationTracker(OperationTracker *tracker);

protected:
    const QString &rowKey(const protocol::AppSummary &row) const override { return row.id; }
    quint64 changedColumns(const protocol::AppSummary &before,
                           const protocol::AppSummary &after) const override;
    QList<int> changedRoles(int column) const override;

private:
    QVariant displayValue(const protocol::AppSummary &app, int column) const;
    QVariant sortValue(const protocol::AppSummary &app, int column) const;
    QString activeOperationText(const QString &appId) const;
    void onOperationChanged(const TrackedOperation &operation);

    QPointer<OperationTracker> m_tracker;
};

} // namespace drove::models
