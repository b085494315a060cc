#pragma once

#include <QAbstractProxyModel>
#include <QList>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QString>
#include <QVariant>

#include "models/sortvalue.h"

namespace drove::models {
class SortValueSource;
}

#include <memory>
#include <vector>

namespace drove::models {

/// A sort and filter proxy for flat tables (a source whose rows have no children) that keeps
/// its order incrementally, where QSortFilterProxyModel re-sorts.
///
/// Rows are ordered by a list of keys (column + order) on the sort role's raw values
/// (numbers numerically, anything else as case-insensitive text), ties broken by the tie-break role
/// (a stable row key), so the order is a total one and the same on every refresh. Without keys the
/// rows keep the source's order.
///
/// Why not QSortFilterProxyModel: it re-positions a changed row at once, with work linear in
/// the table for each dataChanged signal, and re-sorts everything when a secondary key changes.
/// A model applying a snapshot sends hundreds of dataChanged signals; here each one only marks
/// its rows, and one pass at the next turn of the event loop (or before any structural change
/// of the source, or flushPending()) re-filters those rows, takes the ones whose order with a
/// neighbour broke out of the order, and puts them back with a binary search each: linear in the
/// table once per burst, plus k·log n comparisons for k changed rows. The values compared are
/// cached per source row, so comparing never calls into the source model.
///
/// Signals are those of a well-behaved proxy: rows leaving or entering through the filter are
/// removed and inserted (contiguous runs at once), re-positioned rows are a layout change with
/// the persistent indexes (selections, current index) moved along, and data changes reach the
/// view at the rows' positions when they arrive.
class SortedTableProxy : public QAbstractProxyModel
{
    Q_OBJECT

public:
    using SortKey = models::SortKey;

    explicit SortedTableProxy(QObject *parent = nullptr);
    ~SortedTableProxy() override;

    void setSourceModel(QAbstractItemModel *model) override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;

    /// The primary key's column (-1 without keys) and order, as a header shows them.
    int sortColumn() const;
    Qt::SortOrder sortOrder() const;

    /// The role whose values are compared (default Qt::DisplayRole) and the role that breaks
    /// ties (default: none, then ties keep the source order).
    int sortRole() const { return m_spec.sortRole; }
    void setSortRole(int role);
    int tieBreakRole() const { return m_spec.tieBreakRole; }
    void setTieBreakRole(int role);

    /// Re-filters and re-sorts every row.
    void invalidate();
    /// Re-filters every row (the order of the rows that stay is kept).
    void invalidateFilter();
    /// Applies the re-filtering and re-positioning of changed rows now, rather than at the next
    /// turn of the event loop.
    void flushPending();
    /// Rows changed since the last flush (for tests and benchmarks).
    int pendingCount() const { return int(m_pendingRows.size()); }
    /// Rows whose sort values the source made (a SortValueSource), and rows that arrived
    /// appended in sort order and went to the end of the order without a search, since the
    /// source was set (for tests and benchmarks).
    quint64 rowsWithGivenValues() const { return m_rowsWithGivenValues; }
    quint64 rowsAppendedInOrder() const { return m_rowsAppendedInOrder; }

protected:
    /// Whether the source row is shown; every row by default.
    virtual bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const;
    /// Whether a change of these roles in these cells may change what filterAcceptsRow()
    /// answers; true by default (the changed rows are then re-filtered).
    virtual bool filterMayChange(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                 const QList<int> &roles) const;

    /// Re-filters these source rows now (their filterAcceptsRow() may answer otherwise), the
    /// rest staying as they are.
    void refilterRows(const std::vector<int> &sourceRows);

    /// Replaces the key list and re-sorts (a layout change).
    void setSortKeyList(const QList<SortKey> &keys);
    QList<SortKey> sortKeyList() const { return m_spec.keys; }

private:
    using Value = SortValue;

    void connectSource(QAbstractItemModel *model);
    void disconnectSource();
    /// Tells a SortValueSource what this proxy compares now.
    void announceSortSpec();
    /// Appends source rows [first, last] (just inserted at the end) to the order when they
    /// sort after every row there and in turn among themselves; false, changing nothing,
    /// when they do not.
    bool appendInOrder(int first, int last);

    // The whole table from the source again; with signals around it supplied by the caller.
    void rebuildAll();
    /// m_full: every source row sorted from scratch (with keys; cleared without).
    void sortFull();
    void refreshCache(int sourceRow);
    void refreshCacheAll();
    /// Strict order of two source rows under the keys (and the tie-break, then source order).
    bool rowLess(int left, int right) const;
    void rebuildProxyRows() const;
    void rebuildFullPositions() const;
    /// m_full = `sortedRest` with `sortedRows` merged in at their places (each sorted, neither
    /// holding the other's rows); `at`, when given, receives each new row's place.
    void mergeIntoFull(const std::vector<int> &sortedRest, const std::vector<int> &sortedRows,
                       std::vector<int> *at);
    /// Carries out removals deferred by onRowsAboutToBeRemoved()/onRowsRemoved() (see
    /// m_deferred); every reader of the order calls it first.
    void settle() const;
    void markPending(int first, int last, bool filter, bool sort);
    void schedule();
    /// Removes the given proxy rows (any order) with removal signals, in contiguous runs.
    void removeProxyRows(std::vector<int> proxyRows);
    /// With keys: the shown rows (as m_proxyRow says) in m_full's order.
    std::vector<int> shownInFullOrder() const;
    /// Shows the given source rows (not shown now) at their places.
    void showRows(std::vector<int> sourceRows);
    /// Without keys: inserts the given source rows (not shown now) at their places, in runs.
    void insertSourceRows(std::vector<int> sourceRows);
    /// With keys: shows the source rows marked (not shown now) at their places in m_full,
    /// found by one walk of it, without comparing anything.
    void showMarked(const std::vector<char> &marked);
    /// Inserts `rows` (in their final order) before the given positions of m_order
    /// (non-decreasing), in runs or, scattered, as one block and one layout change.
    void insertAtPoints(const std::vector<int> &rows, const std::vector<int> &points);
    /// With keys: puts the rows whose sort values changed back at their places in m_full, and
    /// lays the shown rows out again if their order changed.
    void reposition(std::vector<int> rows);
    /// A layout change around `change`, moving the persistent indexes along.
    template<typename Change>
    void layoutChange(Change &&change);

    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);
    void onHeaderDataChanged(Qt::Orientation orientation, int first, int last);
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onLayoutAboutToBeChanged();
    void onLayoutChanged();
    void onAboutToBeReset();
    void onReset();

    /// Keys, sort role and tie-break role.
    SortSpec m_spec;

    /// Proxy row → source row: the rows the filter accepts, in m_full's order with keys, in the
    /// source's without.
    std::vector<int> m_order;
    /// With keys, every source row, shown or not, in sort order (empty without keys). A filter
    /// change then shows rows at places read off this order instead of sorting them again:
    /// clearing a search that hid 10,000 rows sorted on two keys compared 140,000 pairs.
    std::vector<int> m_full;
    /// Source row → place in m_full; rebuilt lazily after m_full changes.
    mutable std::vector<int> m_fullPosition;
    /// A buffer the size of the table, reused by merges instead of allocated each time.
    std::vector<int> m_scratch;
    std::vector<int> m_scratchRest;
    mutable bool m_fullPositionDirty = true;
    /// Source row → proxy row, -1 when filtered out; rebuilt lazily after m_order changes.
    mutable std::vector<int> m_proxyRow;
    mutable bool m_proxyRowDirty = false;
    /// Per source row: the key values, then the tie-break value (m_cacheStride per row). One
    /// array per row, so a removal in the middle of 100,000 rows moves pointers, not values
    /// (a flat vector moved every later row's QStrings, once per removed run).
    std::vector<SortValues> m_cache;
    int m_cacheStride = 1;
    /// refreshCache()'s per key: a repeated text is folded once.
    std::vector<SortValueFolder> m_folders;

    /// Source rows changed since the last flush, and what to re-check for each.
    std::vector<int> m_pendingRows;
    std::vector<quint8> m_pendingFlags; ///< per source row: 1 filter, 2 sort
    bool m_flushScheduled = false;

    /// Removals the source makes from the back in a burst (a model applying a snapshot removes
    /// its runs highest first) are told to the views at once but carried out on the order in
    /// one pass when something next reads it: renumbering 100,000 rows once per removed run
    /// was most of the cost of a refresh that removed a hundred scattered rows.
    struct DeferredRemovals
    {
        bool active = false;
        int lowestSourceRow = 0;    ///< first row of the last source run (rows below it keep
                                    ///< their numbers, so the next run must be below it)
        std::vector<int> proxyRows; ///< positions in m_order removed, ascending
        std::vector<std::pair<int, int>> sourceRuns; ///< (first, last) removed from the source
    };
    DeferredRemovals m_deferred;
    quint64 m_settles = 0; ///< how many times settle() carried deferred removals out

    // Across a source layout change or move.
    QList<QPersistentModelIndex> m_layoutSourceIndexes;
    QModelIndexList m_layoutProxyIndexes;

    QList<QMetaObject::Connection> m_connections;
    /// The source, when it makes sort values (guarded: it may be deleted before this proxy).
    QPointer<QAbstractItemModel> m_valueSourceModel;
    SortValueSource *m_valueSource = nullptr;
    quint64 m_rowsWithGivenValues = 0;
    quint64 m_rowsAppendedInOrder = 0;
};

} // namespace drove::models
