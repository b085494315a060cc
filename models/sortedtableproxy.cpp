#include "models/sortedtableproxy.h"

#include "models/sortvaluesource.h"

#include <QMetaObject>

#include <algorithm>
#include <numeric>

namespace drove::models {

SortedTableProxy::SortedTableProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

SortedTableProxy::~SortedTableProxy()
{
    if (m_valueSourceModel)
        m_valueSource->setSortRequest(this, std::nullopt);
}

// ---- the source ----

void SortedTableProxy::setSourceModel(QAbstractItemModel *model)
{
    if (model == sourceModel())
        return;
    beginResetModel();
    disconnectSource();
    QAbstractProxyModel::setSourceModel(model);
    connectSource(model);
    rebuildAll();
    endResetModel();
    announceSortSpec();
}

void SortedTableProxy::announceSortSpec()
{
    if (!m_valueSourceModel)
        return;
    m_valueSource->setSortRequest(
        this, m_spec.keys.isEmpty() ? std::nullopt : std::optional<SortSpec>(m_spec));
}

void SortedTableProxy::disconnectSource()
{
    if (m_valueSourceModel)
        m_valueSource->setSortRequest(this, std::nullopt);
    m_valueSourceModel = nullptr;
    m_valueSource = nullptr;
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

void SortedTableProxy::connectSource(QAbstractItemModel *model)
{
    if (!model)
        return;
    m_valueSource = dynamic_cast<SortValueSource *>(model);
    if (m_valueSource)
        m_valueSourceModel = model;
    m_rowsWithGivenValues = 0;
    m_rowsAppendedInOrder = 0;
    using M = QAbstractItemModel;
    const auto beginReset = [this] {
        onAboutToBeReset();
    };
    const auto endReset = [this] {
        onReset();
    };
    m_connections
        << connect(model, &M::dataChanged, this, &SortedTableProxy::onDataChanged)
        << connect(model, &M::headerDataChanged, this, &SortedTableProxy::onHeaderDataChanged)
        << connect(model, &M::rowsAboutToBeInserted, this,
                   &SortedTableProxy::onRowsAboutToBeInserted)
        << connect(model, &M::rowsInserted, this, &SortedTableProxy::onRowsInserted)
        << connect(model, &M::rowsAboutToBeRemoved, this, &SortedTableProxy::onRowsAboutToBeRemoved)
        << connect(model, &M::rowsRemoved, this, &SortedTableProxy::onRowsRemoved)
        << connect(model, &M::layoutAboutToBeChanged, this, [this] { onLayoutAboutToBeChanged(); })
        << connect(model, &M::layoutChanged, this, [this] { onLayoutChanged(); })
        << connect(model, &M::rowsAboutToBeMoved, this, [this] { onLayoutAboutToBeChanged(); })
        << connect(model, &M::rowsMoved, this, [this] { onLayoutChanged(); })
        << connect(model, &M::modelAboutToBeReset, this, beginReset)
        << connect(model, &M::modelReset, this, endReset)
        // A table's columns do not change in this project; when they do, start again.
        << connect(model, &M::columnsAboutToBeInserted, this, beginReset)
        << connect(model, &M::columnsInserted, this, endReset)
        << connect(model, &M::columnsAboutToBeRemoved, this, beginReset)
        << connect(model, &M::columnsRemoved, this, endReset)
        << connect(model, &M::columnsAboutToBeMoved, this, beginReset)
        << connect(model, &M::columnsMoved, this, endReset);
}

void SortedTableProxy::rebuildAll()
{
    m_deferred = {}; // everything is read again from the source
    QAbstractItemModel *model = sourceModel();
    const int rows = model ? model->rowCount() : 0;
    m_pendingRows.clear();
    m_pendingFlags.assign(size_t(rows), 0);
    refreshCacheAll();
    sortFull();
    m_order.clear();
    m_order.reserve(size_t(rows));
    if (m_spec.keys.isEmpty()) {
        for (int row = 0; row < rows; ++row) {
            if (filterAcceptsRow(row, QModelIndex()))
                m_order.push_back(row);
        }
    } else {
        for (int row : m_full) {
            if (filterAcceptsRow(row, QModelIndex()))
                m_order.push_back(row);
        }
    }
    m_proxyRowDirty = true;
}

void SortedTableProxy::sortFull()
{
    m_full.clear();
    m_fullPositionDirty = true;
    if (m_spec.keys.isEmpty())
        return;
    m_full.resize(m_pendingFlags.size());
    std::iota(m_full.begin(), m_full.end(), 0);
    // rowLess is a strict total order (source rows break the last ties): no stable sort needed.
    std::sort(m_full.begin(), m_full.end(),
              [this](int left, int right) { return rowLess(left, right); });
}

// ---- sort values ----

void SortedTableProxy::refreshCache(int sourceRow)
{
    const QAbstractItemModel *model = sourceModel();
    Value *values = m_cache[size_t(sourceRow)].get();
    if (m_folders.size() != size_t(m_spec.keys.size()))
        m_folders.resize(size_t(m_spec.keys.size()));
    for (int k = 0; k < m_spec.keys.size(); ++k) {
        values[k] = m_folders[size_t(k)].of(
            model->index(sourceRow, m_spec.keys.at(k).column).data(m_spec.sortRole));
    }
    if (m_spec.tieBreakRole >= 0) {
        Value &tie = values[m_spec.keys.size()];
        tie.kind = Value::Text;
        tie.text = model->index(sourceRow, 0).data(m_spec.tieBreakRole).toString();
    }
}

void SortedTableProxy::refreshCacheAll()
{
    const int rows = int(m_pendingFlags.size());
    m_cacheStride = int(m_spec.keys.size()) + (m_spec.tieBreakRole >= 0 ? 1 : 0);
    m_cache.clear();
    m_cache.resize(size_t(rows));
    if (m_cacheStride == 0)
        return;
    for (int row = 0; row < rows; ++row) {
        m_cache[size_t(row)] = std::make_unique<Value[]>(size_t(m_cacheStride));
        refreshCache(row);
    }
}

bool SortedTableProxy::rowLess(int left, int right) const
{
    const int order = m_spec.compareRows(m_cache[size_t(left)].get(), m_cache[size_t(right)].get());
    if (order != 0)
        return order < 0;
    return m_spec.descending() ? left > right : left < right;
}

namespace {

/// `positions[row]` = the place of `row` in `order`, -1 for rows of [0, rows) not in it. Grown
/// geometrically: a table filled a slice at a time reallocated (and page-faulted in) the whole
/// vector once per slice.
void placesOf(const std::vector<int> &order, size_t rows, std::vector<int> &positions)
{
    if (positions.capacity() < rows)
        positions.reserve(std::max(rows, 2 * positions.capacity()));
    positions.assign(rows, -1);
    for (size_t p = 0; p < order.size(); ++p)
        positions[size_t(order[p])] = int(p);
}

} // namespace

void SortedTableProxy::rebuildProxyRows() const
{
    if (!m_proxyRowDirty && m_proxyRow.size() == m_pendingFlags.size())
        return;
    placesOf(m_order, m_pendingFlags.size(), m_proxyRow);
    m_proxyRowDirty = false;
}

void SortedTableProxy::rebuildFullPositions() const
{
    if (!m_fullPositionDirty && m_fullPosition.size() == m_full.size())
        return;
    placesOf(m_full, m_full.size(), m_fullPosition);
    m_fullPositionDirty = false;
}

void SortedTableProxy::mergeIntoFull(const std::vector<int> &sortedRest,
                                     const std::vector<int> &sortedRows, std::vector<int> *at)
{
    // Written into a buffer the proxy keeps: a fresh 100,000-int vector per slice of a large
    // first load was a fifth of it in page faults.
    std::vector<int> &merged = m_scratch;
    merged.clear();
    merged.reserve(sortedRest.size() + sortedRows.size());
    auto from = sortedRest.cbegin();
    for (int row : sortedRows) {
        const auto place = std::upper_bound(from, sortedRest.cend(), row,
                                            [this](int a, int b) { return rowLess(a, b); });
        merged.insert(merged.end(), from, place);
        if (at)
            at->push_back(int(merged.size()));
        merged.push_back(row);
        from = place;
    }
    merged.insert(merged.end(), from, sortedRest.cend());
    m_full.swap(merged);
    m_fullPositionDirty = true;
}

void SortedTableProxy::settle() const
{
    if (!m_deferred.active)
        return;
    auto *self = const_cast<SortedTableProxy *>(this);
    ++self->m_settles;
    DeferredRemovals deferred = std::move(self->m_deferred);
    self->m_deferred = {};
    // Old source row → new one (-1: removed).
    const int oldCount = int(m_pendingFlags.size());
    std::vector<int> newRow(size_t(oldCount), 0);
    for (const auto &[first, last] : deferred.sourceRuns) {
        for (int r = first; r <= last && r < oldCount; ++r)
            newRow[size_t(r)] = -1;
    }
    int next = 0;
    for (int r = 0; r < oldCount; ++r) {
        if (newRow[size_t(r)] == 0)
            newRow[size_t(r)] = next++;
    }
    std::vector<int> order;
    order.reserve(m_order.size() - deferred.proxyRows.size());
    size_t k = 0;
    for (size_t p = 0; p < m_order.size(); ++p) {
        if (k < deferred.proxyRows.size() && deferred.proxyRows[k] == int(p)) {
            ++k;
            continue;
        }
        const int row = newRow[size_t(m_order[p])];
        Q_ASSERT(row >= 0); // a removed source row was taken out of the order when it went
        order.push_back(row);
    }
    self->m_order.swap(order);
    if (!m_full.empty()) {
        std::vector<int> full;
        full.reserve(m_full.size());
        for (int row : m_full) {
            if (newRow[size_t(row)] >= 0)
                full.push_back(newRow[size_t(row)]);
        }
        self->m_full.swap(full);
        m_fullPositionDirty = true;
    }
    // The per-source-row vectors lose the removed rows, keeping their order.
    size_t to = 0;
    for (int r = 0; r < oldCount; ++r) {
        if (newRow[size_t(r)] < 0)
            continue;
        self->m_pendingFlags[to] = m_pendingFlags[size_t(r)];
        self->m_cache[to] = std::move(self->m_cache[size_t(r)]);
        ++to;
    }
    self->m_pendingFlags.resize(to);
    self->m_cache.resize(to);
    m_proxyRowDirty = true;
}

// ---- the proxy's structure ----

QModelIndex SortedTableProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this || !sourceModel())
        return QModelIndex();
    settle();
    const int row = proxyIndex.row();
    if (row < 0 || row >= int(m_order.size()))
        return QModelIndex();
    return sourceModel()->index(m_order[size_t(row)], proxyIndex.column());
}

QModelIndex SortedTableProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel()
        || sourceIndex.parent().isValid())
        return QModelIndex();
    settle();
    rebuildProxyRows();
    const int row = sourceIndex.row();
    if (row < 0 || row >= int(m_proxyRow.size()) || m_proxyRow[size_t(row)] < 0)
        return QModelIndex();
    return createIndex(m_proxyRow[size_t(row)], sourceIndex.column());
}

QModelIndex SortedTableProxy::index(int row, int column, const QModelIndex &parent) const
{
    settle();
    if (parent.isValid() || row < 0 || row >= int(m_order.size()) || column < 0
        || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex SortedTableProxy::parent(const QModelIndex &) const
{
    return QModelIndex();
}

QModelIndex SortedTableProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int SortedTableProxy::rowCount(const QModelIndex &parent) const
{
    // Rows whose removal is deferred are gone already.
    return parent.isValid() ? 0 : int(m_order.size() - m_deferred.proxyRows.size());
}

int SortedTableProxy::columnCount(const QModelIndex &parent) const
{
    return (parent.isValid() || !sourceModel()) ? 0 : sourceModel()->columnCount();
}

bool SortedTableProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

// ---- keys, roles, invalidation ----

int SortedTableProxy::sortColumn() const
{
    return m_spec.keys.isEmpty() ? -1 : m_spec.keys.constFirst().column;
}

Qt::SortOrder SortedTableProxy::sortOrder() const
{
    return m_spec.keys.isEmpty() ? Qt::AscendingOrder : m_spec.keys.constFirst().order;
}

void SortedTableProxy::setSortRole(int role)
{
    if (role == m_spec.sortRole)
        return;
    m_spec.sortRole = role;
    setSortKeyList(m_spec.keys);
}

void SortedTableProxy::setTieBreakRole(int role)
{
    if (role == m_spec.tieBreakRole)
        return;
    m_spec.tieBreakRole = role;
    setSortKeyList(m_spec.keys);
}

template<typename Change>
void SortedTableProxy::layoutChange(Change &&change)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> sourceRows;
    sourceRows.reserve(size_t(from.size()));
    for (const QModelIndex &index : from) {
        const bool inRange = index.isValid() && index.row() < int(m_order.size());
        sourceRows.push_back(inRange ? m_order[size_t(index.row())] : -1);
    }
    change();
    m_proxyRowDirty = true;
    rebuildProxyRows();
    QModelIndexList to;
    to.reserve(from.size());
    for (int i = 0; i < from.size(); ++i) {
        const int source = sourceRows[size_t(i)];
        const int row = source >= 0 ? m_proxyRow[size_t(source)] : -1;
        to << (row >= 0 ? createIndex(row, from.at(i).column()) : QModelIndex());
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void SortedTableProxy::setSortKeyList(const QList<SortKey> &keys)
{
    settle();
    flushPending();
    layoutChange([&] {
        rebuildProxyRows(); // which rows are shown: the same under the new keys
        m_spec.keys = keys;
        refreshCacheAll();
        sortFull();
        if (m_spec.keys.isEmpty())
            std::sort(m_order.begin(), m_order.end()); // the source's order
        else
            m_order = shownInFullOrder();
    });
    announceSortSpec();
}

void SortedTableProxy::invalidate()
{
    invalidateFilter();
    setSortKeyList(m_spec.keys);
}

void SortedTableProxy::invalidateFilter()
{
    settle();
    flushPending();
    rebuildProxyRows();
    std::vector<int> hide;
    std::vector<int> show;
    for (int row = 0; row < int(m_pendingFlags.size()); ++row) {
        const bool visible = m_proxyRow[size_t(row)] >= 0;
        const bool accepted = filterAcceptsRow(row, QModelIndex());
        if (visible && !accepted)
            hide.push_back(m_proxyRow[size_t(row)]);
        else if (!visible && accepted)
            show.push_back(row);
    }
    removeProxyRows(std::move(hide));
    showRows(std::move(show));
}

void SortedTableProxy::refilterRows(const std::vector<int> &sourceRows)
{
    settle();
    for (int row : sourceRows)
        markPending(row, row, true, false);
    flushPending();
}

bool SortedTableProxy::filterAcceptsRow(int, const QModelIndex &) const
{
    return true;
}

bool SortedTableProxy::filterMayChange(const QModelIndex &, const QModelIndex &,
                                       const QList<int> &) const
{
    return true;
}

// ---- removing and inserting proxy rows ----

void SortedTableProxy::removeProxyRows(std::vector<int> proxyRows)
{
    if (proxyRows.empty())
        return;
    std::sort(proxyRows.begin(), proxyRows.end(), std::greater<int>());
    size_t i = 0;
    while (i < proxyRows.size()) {
        const int last = proxyRows[i];
        int first = last;
        while (i + 1 < proxyRows.size() && proxyRows[i + 1] == first - 1)
            first = proxyRows[++i];
        ++i;
        beginRemoveRows(QModelIndex(), first, last);
        m_order.erase(m_order.begin() + first, m_order.begin() + last + 1);
        m_proxyRowDirty = true;
        endRemoveRows();
    }
}

std::vector<int> SortedTableProxy::shownInFullOrder() const
{
    rebuildProxyRows();
    std::vector<int> order;
    order.reserve(m_order.size());
    for (int row : m_full) {
        if (m_proxyRow[size_t(row)] >= 0)
            order.push_back(row);
    }
    return order;
}

void SortedTableProxy::showRows(std::vector<int> sourceRows)
{
    if (m_spec.keys.isEmpty()) {
        insertSourceRows(std::move(sourceRows));
        return;
    }
    if (sourceRows.empty())
        return;
    std::vector<char> marked(m_pendingFlags.size(), 0);
    for (int row : sourceRows)
        marked[size_t(row)] = 1;
    showMarked(marked);
}

void SortedTableProxy::insertSourceRows(std::vector<int> sourceRows)
{
    Q_ASSERT(m_spec.keys.isEmpty()); // with keys, places come from m_full (showMarked)
    if (sourceRows.empty())
        return;
    std::sort(sourceRows.begin(), sourceRows.end());
    // Each row's place among the rows shown now (the source's order).
    std::vector<int> points(sourceRows.size());
    for (size_t i = 0; i < sourceRows.size(); ++i)
        points[i] = int(std::lower_bound(m_order.begin(), m_order.end(), sourceRows[i])
                        - m_order.begin());
    insertAtPoints(sourceRows, points);
}

void SortedTableProxy::showMarked(const std::vector<char> &marked)
{
    rebuildProxyRows();
    std::vector<int> rows;
    std::vector<int> points;
    int shownBefore = 0;
    for (int row : m_full) {
        if (marked[size_t(row)]) {
            Q_ASSERT(m_proxyRow[size_t(row)] < 0);
            rows.push_back(row);
            points.push_back(shownBefore);
        } else if (m_proxyRow[size_t(row)] >= 0) {
            ++shownBefore;
        }
    }
    insertAtPoints(rows, points);
}

void SortedTableProxy::insertAtPoints(const std::vector<int> &sourceRows,
                                      const std::vector<int> &points)
{
    if (sourceRows.empty())
        return;
    // Rows with the same place form one block.
    size_t blocks = 0;
    for (size_t i = 0; i < points.size(); ++i)
        blocks += (i == 0 || points[i] != points[i - 1]) ? 1 : 0;
    if (blocks > 16 && !m_order.empty()) {
        // Scattered over a large table (an application's next slice of instances, sorted by
        // id): one insertion per place would move the whole order once per place. Instead the
        // rows go in at the end as one block, and one layout change merges them into place.
        const int first = int(m_order.size());
        beginInsertRows(QModelIndex(), first, first + int(sourceRows.size()) - 1);
        m_order.insert(m_order.end(), sourceRows.cbegin(), sourceRows.cend());
        m_proxyRowDirty = true;
        endInsertRows();
        layoutChange([&] {
            std::vector<int> &merged = m_scratch;
            merged.clear();
            merged.reserve(m_order.size());
            size_t j = 0;
            for (int i = 0; i < first; ++i) {
                while (j < sourceRows.size() && points[j] == i)
                    merged.push_back(sourceRows[j++]);
                merged.push_back(m_order[size_t(i)]);
            }
            while (j < sourceRows.size())
                merged.push_back(sourceRows[j++]);
            m_order.swap(merged);
        });
        return;
    }
    // From the back, so the places before stay right.
    size_t end = sourceRows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && points[begin - 1] == points[end - 1])
            --begin;
        const int at = points[end - 1];
        beginInsertRows(QModelIndex(), at, at + int(end - begin) - 1);
        m_order.insert(m_order.begin() + at, sourceRows.begin() + long(begin),
                       sourceRows.begin() + long(end));
        m_proxyRowDirty = true;
        endInsertRows();
        end = begin;
    }
}

// ---- pending changes ----

void SortedTableProxy::markPending(int first, int last, bool filter, bool sort)
{
    const quint8 flags = quint8((filter ? 1 : 0) | (sort ? 2 : 0));
    if (flags == 0)
        return;
    last = std::min(last, int(m_pendingFlags.size()) - 1);
    for (int row = std::max(first, 0); row <= last; ++row) {
        if (m_pendingFlags[size_t(row)] == 0)
            m_pendingRows.push_back(row);
        m_pendingFlags[size_t(row)] |= flags;
    }
    schedule();
}

void SortedTableProxy::schedule()
{
    if (m_flushScheduled || m_pendingRows.empty())
        return;
    m_flushScheduled = true;
    // A posted call, so it runs before the paint the views' updates asked for.
    QMetaObject::invokeMethod(this, &SortedTableProxy::flushPending, Qt::QueuedConnection);
}

void SortedTableProxy::flushPending()
{
    m_flushScheduled = false;
    if (m_pendingRows.empty())
        return; // (and deferred removals stay deferred)
    settle();
    const std::vector<int> rows = std::move(m_pendingRows);
    m_pendingRows.clear();
    rebuildProxyRows();
    std::vector<int> hide;
    std::vector<int> show;
    std::vector<int> moved;
    for (int row : rows) {
        const quint8 flags = m_pendingFlags[size_t(row)];
        m_pendingFlags[size_t(row)] = 0;
        if ((flags & 2) && m_cacheStride > 0)
            refreshCache(row);
        const int proxyRow = m_proxyRow[size_t(row)];
        const bool accepted = (flags & 1) ? filterAcceptsRow(row, QModelIndex()) : proxyRow >= 0;
        if (proxyRow >= 0 && !accepted)
            hide.push_back(proxyRow);
        else if (proxyRow < 0 && accepted)
            show.push_back(row);
        // With keys every row has a place in m_full, shown or not.
        if ((flags & 2) && !m_spec.keys.isEmpty())
            moved.push_back(row);
    }
    removeProxyRows(std::move(hide));
    if (!moved.empty())
        reposition(std::move(moved));
    showRows(std::move(show));
}

void SortedTableProxy::reposition(std::vector<int> moved)
{
    // With every row shown (no filter hides any) the shown order is m_full itself: its
    // positions are the proxy rows, and it is copied rather than walked.
    const bool allShown = m_order.size() == m_full.size();
    const std::vector<int> *positions = &m_fullPosition;
    if (allShown) {
        rebuildProxyRows();
        positions = &m_proxyRow;
    } else {
        rebuildFullPositions();
    }
    // The order holds unless a changed row now sorts before its predecessor or after its
    // successor: the unchanged rows compare as they did.
    const int count = int(m_full.size());
    const bool broken = std::any_of(moved.cbegin(), moved.cend(), [&](int row) {
        const int p = (*positions)[size_t(row)];
        return (p > 0 && rowLess(row, m_full[size_t(p - 1)]))
            || (p + 1 < count && rowLess(m_full[size_t(p + 1)], row));
    });
    if (!broken)
        return;
    // Take every changed row out (the rest stays sorted), sort them, and put each back at its
    // place in the rest (both in reused buffers: no fresh table-sized vector per change).
    std::vector<char> isMoved(m_pendingFlags.size(), 0);
    for (int row : moved)
        isMoved[size_t(row)] = 1;
    std::vector<int> &rest = m_scratchRest;
    rest.clear();
    rest.reserve(m_full.size());
    for (int row : m_full) {
        if (!isMoved[size_t(row)])
            rest.push_back(row);
    }
    std::sort(moved.begin(), moved.end(), [this](int a, int b) { return rowLess(a, b); });
    mergeIntoFull(rest, moved, nullptr);
    if (allShown) {
        layoutChange([&] { m_order = m_full; });
        return;
    }
    // The shown rows in the new order; a layout change only if it differs.
    std::vector<int> order = shownInFullOrder();
    if (order != m_order)
        layoutChange([&] { m_order.swap(order); });
}

// ---- source signals ----

void SortedTableProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                     const QList<int> &roles)
{
    settle();
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = std::min(bottomRight.row(), int(m_pendingFlags.size()) - 1);
    if (last < first)
        return;
    // To the views at the rows' places now.
    rebuildProxyRows();
    const int left = topLeft.column();
    const int right = bottomRight.column();
    if (last - first < 32) {
        int runFirst = -1;
        int runLast = -1;
        const auto emitRun = [&] {
            if (runFirst >= 0)
                Q_EMIT dataChanged(index(runFirst, left), index(runLast, right), roles);
        };
        for (int row = first; row <= last; ++row) {
            const int p = m_proxyRow[size_t(row)];
            if (p < 0)
                continue;
            if (runFirst >= 0 && p == runLast + 1) {
                runLast = p;
                continue;
            }
            emitRun();
            runFirst = runLast = p;
        }
        emitRun();
    } else {
        // Many rows: one signal spanning their places (rows between repaint for nothing).
        int low = int(m_order.size());
        int high = -1;
        for (int row = first; row <= last; ++row) {
            const int p = m_proxyRow[size_t(row)];
            if (p < 0)
                continue;
            low = std::min(low, p);
            high = std::max(high, p);
        }
        if (high >= 0)
            Q_EMIT dataChanged(index(low, left), index(high, right), roles);
    }

    const bool filter = filterMayChange(topLeft, bottomRight, roles);
    bool sort = false;
    if (!m_spec.keys.isEmpty()
        && (roles.isEmpty() || roles.contains(m_spec.sortRole)
            || (m_spec.tieBreakRole >= 0 && roles.contains(m_spec.tieBreakRole)))) {
        sort = std::any_of(
                   m_spec.keys.cbegin(), m_spec.keys.cend(),
                   [&](const SortKey &key) { return key.column >= left && key.column <= right; })
            || (m_spec.tieBreakRole >= 0
                && (roles.isEmpty() || roles.contains(m_spec.tieBreakRole)));
    }
    markPending(first, last, filter, sort);
}

void SortedTableProxy::onHeaderDataChanged(Qt::Orientation orientation, int first, int last)
{
    if (orientation == Qt::Horizontal)
        Q_EMIT headerDataChanged(orientation, first, last);
    else if (rowCount() > 0)
        Q_EMIT headerDataChanged(orientation, 0, rowCount() - 1);
}

void SortedTableProxy::onRowsAboutToBeInserted(const QModelIndex &parent, int, int)
{
    settle();
    if (!parent.isValid())
        flushPending();
}

void SortedTableProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    settle();
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    Q_ASSERT(m_pendingRows.empty()); // flushed when the rows were about to be inserted
    const bool append = first >= int(m_pendingFlags.size());
    if (!append) {
        for (int &row : m_order) {
            if (row >= first)
                row += count;
        }
        for (int &row : m_full) {
            if (row >= first)
                row += count;
        }
    }
    m_pendingFlags.insert(m_pendingFlags.begin() + first, size_t(count), 0);
    // Values the source made for this spec (off the GUI thread), or read and made here.
    std::vector<SortValues> added;
    if (m_valueSourceModel && !m_spec.keys.isEmpty())
        added = m_valueSource->takeSortValues(m_spec, first, last);
    const bool given = added.size() == size_t(count);
    if (!given) {
        added.clear();
        added.resize(size_t(count));
        if (m_cacheStride > 0) {
            for (auto &values : added)
                values = std::make_unique<Value[]>(size_t(m_cacheStride));
        }
    }
    m_cache.insert(m_cache.begin() + first, std::make_move_iterator(added.begin()),
                   std::make_move_iterator(added.end()));
    if (given) {
        m_rowsWithGivenValues += quint64(count);
    } else if (m_cacheStride > 0) {
        for (int row = first; row <= last; ++row)
            refreshCache(row);
    }
    m_proxyRowDirty = true;
    const auto acceptedRows = [&] {
        std::vector<int> accepted;
        for (int row = first; row <= last; ++row) {
            if (filterAcceptsRow(row, QModelIndex()))
                accepted.push_back(row);
        }
        return accepted;
    };
    if (m_spec.keys.isEmpty()) {
        showRows(acceptedRows());
        return;
    }
    if (append && appendInOrder(first, last))
        return;
    // Every new row into m_full at its place (sorted among themselves, then merged).
    std::vector<int> newRows(static_cast<size_t>(count));
    std::iota(newRows.begin(), newRows.end(), first);
    std::sort(newRows.begin(), newRows.end(), [this](int a, int b) { return rowLess(a, b); });
    // Every row shown so far (no filter hides any): a new row's place among the shown rows is
    // its place in the merge less the new rows before it, with no walk of the whole order.
    const bool allShown = m_order.size() == m_full.size();
    std::vector<int> mergedAt;
    mergedAt.reserve(newRows.size());
    m_scratchRest.swap(m_full); // the rows so far, merged with the new ones back into m_full
    mergeIntoFull(m_scratchRest, newRows, &mergedAt);
    if (allShown) {
        std::vector<int> rows;
        std::vector<int> points;
        for (size_t i = 0; i < newRows.size(); ++i) {
            if (filterAcceptsRow(newRows[i], QModelIndex())) {
                rows.push_back(newRows[i]);
                points.push_back(mergedAt[i] - int(i));
            }
        }
        insertAtPoints(rows, points);
        return;
    }
    showRows(acceptedRows());
}

bool SortedTableProxy::appendInOrder(int first, int last)
{
    // One comparison per row: a source that appends a first load in this proxy's order (see
    // SortValueSource) costs no sort, no binary search and no layout change, and a view shows
    // the top of the table first.
    if (!m_full.empty() && !rowLess(m_full.back(), first))
        return false;
    for (int row = first; row < last; ++row) {
        if (!rowLess(row, row + 1))
            return false;
    }
    // After every row in the order, so after every row shown.
    std::vector<int> shown;
    shown.reserve(size_t(last - first + 1));
    for (int row = first; row <= last; ++row) {
        m_full.push_back(row);
        if (filterAcceptsRow(row, QModelIndex()))
            shown.push_back(row);
    }
    m_fullPositionDirty = true;
    m_rowsAppendedInOrder += quint64(last - first + 1);
    if (shown.empty())
        return true;
    const int at = int(m_order.size());
    beginInsertRows(QModelIndex(), at, at + int(shown.size()) - 1);
    m_order.insert(m_order.end(), shown.cbegin(), shown.cend());
    m_proxyRowDirty = true;
    endInsertRows();
    return true;
}

void SortedTableProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // A run above (or overlapping) one already deferred renumbers rows deferred ones refer to.
    if (m_deferred.active && last >= m_deferred.lowestSourceRow)
        settle();
    flushPending();
    last = std::min(last, int(m_pendingFlags.size()) - 1);
    // One run at a time, from the back as the views see the rows, so each signal's numbers are
    // right when it is sent — and worked out again after each: a view may read the order in
    // between and so settle what was deferred.
    for (;;) {
        if (!m_deferred.active) {
            rebuildProxyRows(); // valid from here to settle(): deferring does not touch it
            m_deferred.active = true;
        }
        m_deferred.lowestSourceRow = first;
        std::vector<std::pair<int, int>> rows; // (position now, position in m_order)
        for (int row = first; row <= last; ++row) {
            const int at = m_proxyRow[size_t(row)];
            if (at < 0)
                continue;
            const auto before
                = std::lower_bound(m_deferred.proxyRows.cbegin(), m_deferred.proxyRows.cend(), at);
            if (before != m_deferred.proxyRows.cend() && *before == at)
                continue; // removed by an earlier turn of this loop
            rows.emplace_back(at - int(before - m_deferred.proxyRows.cbegin()), at);
        }
        if (rows.empty())
            return;
        std::sort(rows.begin(), rows.end(), std::greater<>());
        size_t j = 0;
        while (j + 1 < rows.size() && rows[j + 1].first == rows[j].first - 1)
            ++j;
        const quint64 settles = m_settles;
        beginRemoveRows(QModelIndex(), rows[j].first, rows[0].first);
        const bool settled = m_settles != settles; // a view read the order just now
        if (settled) {
            // The order is compact again: the positions now are the positions in m_order.
            rebuildProxyRows();
            m_deferred.active = true;
            m_deferred.lowestSourceRow = first;
        }
        for (size_t k = 0; k <= j; ++k) {
            const int at = settled ? rows[k].first : rows[k].second;
            m_deferred.proxyRows.insert(
                std::lower_bound(m_deferred.proxyRows.begin(), m_deferred.proxyRows.end(), at), at);
        }
        endRemoveRows();
    }
}

void SortedTableProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (m_deferred.active) {
        m_deferred.sourceRuns.emplace_back(first, last);
        return;
    }
    // Something read the order between the two signals and settled it: renumber now.
    const int count = last - first + 1;
    for (int &row : m_order) {
        if (row > last)
            row -= count;
    }
    if (!m_full.empty()) {
        // Still here (the proxy rows went when the order was settled; m_full had no run yet).
        m_full.erase(std::remove_if(m_full.begin(), m_full.end(),
                                    [&](int row) { return row >= first && row <= last; }),
                     m_full.end());
        for (int &row : m_full) {
            if (row > last)
                row -= count;
        }
        m_fullPositionDirty = true;
    }
    m_pendingFlags.erase(m_pendingFlags.begin() + first, m_pendingFlags.begin() + last + 1);
    m_cache.erase(m_cache.begin() + first, m_cache.begin() + last + 1);
    m_proxyRowDirty = true;
}

void SortedTableProxy::onLayoutAboutToBeChanged()
{
    settle();
    flushPending();
    Q_EMIT layoutAboutToBeChanged();
    m_layoutProxyIndexes = persistentIndexList();
    m_layoutSourceIndexes.clear();
    for (const QModelIndex &index : std::as_const(m_layoutProxyIndexes))
        m_layoutSourceIndexes << QPersistentModelIndex(mapToSource(index));
}

void SortedTableProxy::onLayoutChanged()
{
    rebuildAll();
    QModelIndexList to;
    to.reserve(m_layoutSourceIndexes.size());
    for (const QPersistentModelIndex &source : std::as_const(m_layoutSourceIndexes))
        to << mapFromSource(source);
    changePersistentIndexList(m_layoutProxyIndexes, to);
    m_layoutProxyIndexes.clear();
    m_layoutSourceIndexes.clear();
    Q_EMIT layoutChanged();
}

void SortedTableProxy::onAboutToBeReset()
{
    beginResetModel();
}

void SortedTableProxy::onReset()
{
    rebuildAll();
    endResetModel();
}

} // namespace drove::models
