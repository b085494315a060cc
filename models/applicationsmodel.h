#pragma once

#include "models/keyedtablemodel.h"
#include "protocol/appsummary.h"

#include <QList>
#include <QMap>
#include <QPointer>
#include <QSet>
#include <QTimer>

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
///
/// A list that brings many new rows at once (the first list of a large cluster) can be put in
/// over several turns of the event loop (setInsertBatchSize()), so that no turn inserts more
/// than a batch into the model, its proxies and views. While that lasts the model isLoading():
/// its rows are only part of the cluster's, and whoever counts or summarises them must say so.
/// A list or summary arriving meanwhile is the newest word: later batches put in its values, and
/// an app it removed is never put back by an older list.
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

    /// Shows exactly these applications (a full /applications result), incrementally. When it
    /// brings more new rows than the insert batch size they are put in a batch per turn of the
    /// event loop, starting on the next turn (the stats then say nothing was applied yet).
    ApplyStats applyApplications(const QList<protocol::AppSummary> &applications);
    ApplyStats applyApplications(const QMap<QString, protocol::AppSummary> &applications);
    /// One application changed (or appeared).
    void updateApplication(const protocol::AppSummary &application);
    /// One application is gone (destroyed).
    void removeApplication(const QString &appId);
    /// Another cluster: drops every row with a reset (the only reset this model does).
    void clear();

    /// The app as last known: shown, or (while loading) in the list being put in.
    std::optional<protocol::AppSummary> application(const QString &appId) const;
    /// Every app of the last list and since (while loading, also those not shown yet).
    QStringList applicationIds() const;

    /// Rows put in per turn of the event loop when a list brings more new rows than this;
    /// 0 (the default) puts every list in at once.
    void setInsertBatchSize(int rows) { m_batchSize = qMax(0, rows); }
    int insertBatchSize() const { return m_batchSize; }
    /// Whether a list is still being put in: rowCount() is then not the cluster's count.
    bool isLoading() const { return m_loading; }
    /// While loading: how many apps the list has, and how many of them are shown.
    int loadingTotal() const { return m_loading ? int(m_pending.size()) : rowCount(); }
    int loadedCount() const
    {
        return m_loading ? int(m_loadCursor + m_shownAhead.size()) : rowCount();
    }

    /// Fills the ActiveOperation column from `tracker` and follows its changes. May be null.
    void setOperationTracker(OperationTracker *tracker);

Q_SIGNALS:
    /// Loading began, a batch was put in, or it ended (see isLoading()).
    void loadingChanged();

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
    void startLoading(const QList<protocol::AppSummary> &applications);
    void loadNextBatch();
    void stopLoading();
    qsizetype pendingIndexOf(const QString &appId) const;

    QPointer<OperationTracker> m_tracker;
    int m_batchSize = 0;
    bool m_loading = false;
    /// While loading: the list to show (the newest, with the summaries and removals since).
    /// Its rows before m_loadCursor are shown; of the others, those in m_shownAhead.
    QList<protocol::AppSummary> m_pending;
    qsizetype m_loadCursor = 0;
    QSet<QString> m_shownAhead;
    QTimer m_loadTimer;
};

} // namespace drove::models
