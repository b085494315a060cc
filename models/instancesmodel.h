#pragma once

#include "models/instancerow.h"
#include "models/keyedtablemodel.h"
#include "models/sortvaluesource.h"
#include "protocol/instanceinfo.h"

#include <QStringList>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

namespace drove::models {

/// The instances of one application, active and old together or apart (a mode), updated
/// incrementally from instance-list snapshots. Changing the application in scope is the only
/// reset; changing the mode inserts/removes rows.
///
/// An instance that leaves the active list is kept as old (with its last known data) until the
/// next old-instances list says otherwise, so its row — and a selection on it — survives the
/// move from active to old.
///
/// Rows are InstanceRow: the columns' texts and numbers, made from the instance lists the model
/// keeps (shared with the session), so an application with 100,000 instances is not held twice.
///
/// Large snapshots are diffed on a worker thread against a copy of the rows shown (ShadowDiffer)
/// and the change set applied here — removals and changes at once, new rows a slice per turn of
/// the event loop — so opening or refreshing a huge application never stalls the thread that
/// paints for long, and the first rows show at once. While a snapshot is not fully shown,
/// isLoading() says so (loadingChanged()); the rows shown then are the previous snapshot's plus
/// part of the new one, never a mix the user could take for complete. Small snapshots (below
/// backgroundThreshold()) are applied before apply*() returns, as before.
///
/// Sort values: as a SortValueSource, the worker also makes the sort values of the new rows
/// for each proxy sorting on SortRole (every column but Age, whose value moves with the clock),
/// and puts the rows of a first load in the order of the first such proxy, so that proxy takes
/// them in at the end of its order, slice by slice, without a comparison of its own beyond one
/// per row.
///
/// Roles: Qt::DisplayRole, SortRole (raw), Qt::ToolTipRole (State, Error), TextAlignment,
/// Qt::ForegroundRole / DecorationRole on State (StatePalette), ForegroundRole on Error.
/// Row-level on every column: InstanceIdRole, RowKeyRole, AppIdRole, ExecutorIdRole,
/// StateRole (InstanceState as int), StateNameRole, ErrorMessageRole, IsOldRole.
class InstancesModel
    : public KeyedTableModel<InstanceRow>
    , public SortValueSource
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
    ~InstancesModel() override;

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

    /// The full record of an instance shown (from the lists the rows were made from).
    std::optional<protocol::InstanceInfo> instance(const QString &instanceId) const;
    /// The lists the rows shown were made from, as shared copies (no instance is copied): the
    /// active list and/or the old one, as the mode shows them. An old record may repeat the id
    /// of an active one (the row shows the active one).
    QList<QList<protocol::InstanceInfo>> shownInstanceLists() const;
    /// The ids of the rows shown whose state is not an old one, in row order.
    QStringList activeInstanceIds() const;
    /// The full record behind `row`, or nullptr.
    const protocol::InstanceInfo *instanceAt(int row) const;

    /// True while the rows shown are not yet those of the last snapshot: it is being diffed on
    /// the worker thread or its new rows are still going in.
    bool isLoading() const;
    /// Snapshots of at least this many instances (with the rows shown) are diffed on a worker
    /// thread; 0: every one; negative: none (everything on the calling thread). Default 1,000.
    void setBackgroundThreshold(int rows) { m_backgroundThreshold = rows; }
    int backgroundThreshold() const { return m_backgroundThreshold; }
    /// At most this many new rows are inserted per turn of the event loop. Default 2,000.
    void setInsertSlice(int rows) { m_insertSlice = std::max(1, rows); }

    /// Epoch-ms clock for the Age column (tests inject one).
    void setClock(std::function<qint64()> nowMs);
    /// How often the Age column is refreshed; 0 stops it. Default 10 s.
    void setAgeRefreshInterval(int ms);

    /// Bit c is set when column c shows something else for `after` than for `before`.
    static quint64 rowChangedColumns(const InstanceRow &before, const InstanceRow &after);

    /// SortRole's value of `column` for `row`, for every column but Age (whose value moves
    /// with the clock): a pure function of the row, so the worker makes sort values with it.
    static QVariant rowSortValue(const InstanceRow &row, int column);

    // SortValueSource
    void setSortRequest(const QObject *proxy, const std::optional<SortSpec> &spec) override;
    std::vector<SortValues> takeSortValues(const SortSpec &spec, int first, int last) override;

Q_SIGNALS:
    void loadingChanged(bool loading);

protected:
    const QString &rowKey(const InstanceRow &row) const override { return row.instanceId; }
    quint64 changedColumns(const InstanceRow &before, const InstanceRow &after) const override
    {
        return rowChangedColumns(before, after);
    }
    QList<int> changedRoles(int column) const override;

private:
    struct Snapshot;
    struct Pending;
    class Differ;

    void rebuild();
    void startWorker(std::shared_ptr<const Snapshot> snapshot);
    void workerDone(quint64 generation, std::shared_ptr<Pending> pending, bool last);
    void pump();
    void schedulePump();
    /// Hands what the worker allocated back to it to be freed (a no-op without a worker).
    void dispose(std::shared_ptr<void> spent);
    void updateLoading();
    void refreshAges();
    QVariant displayValue(const InstanceRow &row, int column) const;
    QVariant sortValue(const InstanceRow &row, int column) const;

    QString m_appId;
    Mode m_mode = Mode::All;
    QList<protocol::InstanceInfo> m_active;
    QList<protocol::InstanceInfo> m_old;
    ApplyStats m_lastStats;
    std::function<qint64()> m_clock;
    QTimer m_ageTimer;

    // The lists of the snapshot whose rows are shown (or going in): what instance() reads.
    std::shared_ptr<const Snapshot> m_shown;
    mutable QHash<QString, const protocol::InstanceInfo *> m_shownById; ///< built when asked
    mutable bool m_shownByIdDirty = true;

    // Diffing: one differ per application shown (its shadow is what the rows will be once
    // every pending change set is in); a new generation drops what the worker still returns.
    std::shared_ptr<Differ> m_differ;
    quint64 m_generation = 0;
    bool m_workerBusy = false;
    bool m_rebuildWanted = false; ///< the lists changed while the worker was busy
    std::deque<std::shared_ptr<Pending>> m_pending;
    bool m_pumpScheduled = false;
    bool m_loading = false;
    int m_backgroundThreshold = 1000;
    int m_insertSlice = 2000;
    /// What each proxy asking (setSortRequest) compares, the first one's order first.
    std::vector<std::pair<const QObject *, SortSpec>> m_sortRequests;
    /// The change set whose appended rows [m_insertingFrom, …) are going in as rows
    /// m_insertingRow…, while they do (what takeSortValues() reads).
    Pending *m_inserting = nullptr;
    size_t m_insertingFrom = 0;
    int m_insertingRow = 0;
    class QThread *m_thread = nullptr;
    QObject *m_worker = nullptr;
};

} // namespace drove::models
