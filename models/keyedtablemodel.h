#pragma once

#include "models/rowchangeset.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

#include <algorithm>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace drove::models {

/// Base of every table model here: rows identified by a string key, updated only by diffing
/// value snapshots into removals (from the back), insertions (appended) and dataChanged for the
/// columns and roles that changed. A row never moves, so selections, persistent indexes and the
/// scroll position survive refreshes; sorting belongs to a proxy.
///
/// Rows are held by pointer so that removing a run in the middle of a large table moves
/// pointers, not rows; each knows its row number, so the key index is never rewritten.
template<typename Row>
class KeyedTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    /// What one apply did; for tests, benchmarks and logging.
    struct ApplyStats
    {
        int removed = 0;
        int inserted = 0;
        int changed = 0;
        int dataChangedSignals = 0;
    };

    int rowCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

    /// The row showing `key`, or -1.
    int rowOfKey(const QString &key) const
    {
        ensureIndexed();
        const auto it = m_rowOfKey.constFind(key);
        return it == m_rowOfKey.cend() ? -1 : it.value()->row;
    }
    /// The value shown in `row`, or nullptr when out of range.
    const Row *rowAt(int row) const
    {
        return (row >= 0 && row < int(m_rows.size())) ? &m_rows[size_t(row)]->value : nullptr;
    }
    const Row *rowForKey(const QString &key) const { return rowAt(rowOfKey(key)); }
    QModelIndex indexOfKey(const QString &key, int column = 0) const
    {
        const int row = rowOfKey(key);
        return row < 0 ? QModelIndex() : index(row, column);
    }

protected:
    virtual const QString &rowKey(const Row &row) const = 0;
    /// Bit c is set when column c would show something different for `after` than for `before`.
    virtual quint64 changedColumns(const Row &before, const Row &after) const = 0;
    /// The roles whose value may differ when column `column` changes.
    virtual QList<int> changedRoles(int column) const = 0;

    /// Makes the model show exactly `incoming` (keyed by rowKey; a duplicate key keeps the last
    /// occurrence), without a reset.
    /// `incoming`: any container of Row (QList, std::vector).
    template<typename Rows>
    ApplyStats applySnapshot(const Rows &incoming)
    {
        std::vector<const Row *> rows;
        rows.reserve(size_t(incoming.size()));
        for (const Row &row : incoming)
            rows.push_back(&row);
        return applySnapshotOf(rows);
    }

    /// The same, from rows the caller holds (nothing is copied but the rows that are new or
    /// differ from what the model has: on a large table where little changed, the apply is a
    /// lookup and a comparison per row).
    ///
    /// One lookup per incoming row (SnapshotMatch): rows to keep are marked in a flag vector,
    /// so finding the removals and renumbering after them needs no further hashing.
    ApplyStats applySnapshotOf(const std::vector<const Row *> &incoming)
    {
        ApplyStats stats;
        const int oldCount = int(m_rows.size());
        ensureIndexed();
        const SnapshotMatch match(
            int(incoming.size()), oldCount,
            [&](int i) -> const QString & { return rowKey(*incoming[size_t(i)]); },
            [&](int r) -> const QString & { return rowKey(m_rows[size_t(r)]->value); },
            [&](const QString &key) {
                const auto found = m_rowOfKey.constFind(key);
                return found == m_rowOfKey.cend() ? -1 : found.value()->row;
            });
        const std::vector<int> &matched = match.matched;
        const std::vector<int> &keptBy = match.keptBy;
        // Removals, from the back in contiguous runs, so each begin…() sees the rows as they are.
        const std::vector<std::pair<int, int>> runs = match.removedRuns();
        stats.removed = removeRowRuns(runs);
        const int lowestRemoved = runs.empty() ? -1 : runs.back().first;
        // Where each surviving old row is now.
        std::vector<int> newRowOf;
        if (lowestRemoved >= 0) {
            newRowOf.assign(size_t(oldCount), -1);
            int next = 0;
            for (int r = 0; r < oldCount; ++r) {
                if (keptBy[size_t(r)] >= 0)
                    newRowOf[size_t(r)] = next++;
            }
        }

        // Changes, then insertions of the keys not shown yet (in snapshot order).
        std::vector<std::pair<int, quint64>> changes;
        std::vector<int> fresh;
        for (int i = 0; i < int(incoming.size()); ++i) {
            const int oldRow = matched[size_t(i)];
            if (oldRow == -2)
                continue;
            if (oldRow == -1) {
                fresh.push_back(i);
                continue;
            }
            const int row = newRowOf.empty() ? oldRow : newRowOf[size_t(oldRow)];
            const Row &value = *incoming[size_t(i)];
            Row &current = m_rows[size_t(row)]->value;
            if constexpr (kComparable) {
                if (current == value)
                    continue; // comparing is cheaper than copying, and most rows are unchanged
            }
            const quint64 mask = changedColumns(current, value);
            current = value;
            if (mask != 0)
                changes.emplace_back(row, mask);
        }
        stats.changed = int(changes.size());
        stats.dataChangedSignals = emitChanges(std::move(changes));

        if (!fresh.empty()) {
            std::vector<const Row *> rows;
            rows.reserve(fresh.size());
            for (int i : fresh)
                rows.push_back(incoming[size_t(i)]);
            appendRows(rows.cbegin(), rows.cend(),
                       [](const Row *row) -> const Row & { return *row; });
            stats.inserted = int(fresh.size());
        }
        return stats;
    }

    /// Applies the removals and changes of a change set computed elsewhere against the rows
    /// shown (see ShadowDiffer), and its first `appendLimit` appended rows (all with -1); the
    /// rest of the appends go in with appendChangeSetRows(). Returns what it did.
    ApplyStats applyChangeSet(RowChangeSet<Row> &set, int appendLimit = -1)
    {
        ApplyStats stats;
        stats.removed = removeRowRuns(set.removedRuns);
        std::vector<std::pair<int, quint64>> changes;
        changes.reserve(set.changed.size());
        for (auto &change : set.changed) {
            Entry &entry = *m_rows[size_t(change.row)];
            entry.value = std::move(change.value);
            if (change.columns != 0)
                changes.emplace_back(change.row, change.columns);
        }
        stats.changed = int(changes.size());
        stats.dataChangedSignals = emitChanges(std::move(changes));
        set.removedRuns.clear();
        set.changed.clear();
        stats.inserted = appendChangeSetRows(set, 0, appendLimit);
        return stats;
    }

    /// Appends `set.appended[from…from+limit)` (to the end with a negative limit); returns how
    /// many.
    int appendChangeSetRows(RowChangeSet<Row> &set, size_t from, int limit)
    {
        const size_t end
            = limit < 0 ? set.appended.size() : std::min(set.appended.size(), from + size_t(limit));
        if (from >= end)
            return 0;
        appendRows(set.appended.begin() + long(from), set.appended.begin() + long(end),
                   [](Row &row) -> Row && { return std::move(row); });
        return int(end - from);
    }

    /// Updates the row with this key, or appends it. Returns true when the model changed.
    bool upsertRow(Row value)
    {
        const QString key = rowKey(value); // a copy: `value` is moved below
        const int row = rowOfKey(key);
        if (row >= 0) {
            const quint64 mask = changedColumns(m_rows[size_t(row)]->value, value);
            m_rows[size_t(row)]->value = std::move(value);
            if (mask != 0)
                emitChanges({{row, mask}});
            return mask != 0;
        }
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first);
        appendEntry(std::move(value));
        endInsertRows();
        return true;
    }

    /// Removes the row with this key; false when there is none.
    bool removeRowByKey(const QString &key)
    {
        const int row = rowOfKey(key);
        if (row < 0)
            return false;
        beginRemoveRows(QModelIndex(), row, row);
        m_rowOfKey.remove(key);
        --m_indexed; // rowOfKey() indexed every row
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
        reindexFrom(row);
        return true;
    }

    /// Replaces every row with a model reset. Only for a change of scope (another cluster,
    /// another application), where no selection could meaningfully survive.
    void resetRows(std::vector<Row> rows)
    {
        beginResetModel();
        m_rows.clear();
        m_rowOfKey.clear();
        m_indexed = 0;
        m_rows.reserve(rows.size());
        for (Row &value : rows) {
            const QString key = rowKey(value);
            ensureIndexed(); // the rows appended so far
            const auto existing = m_rowOfKey.constFind(key);
            if (existing != m_rowOfKey.cend()) { // duplicate key: the last one wins, in place
                existing.value()->value = std::move(value);
                continue;
            }
            appendEntry(std::move(value));
        }
        endResetModel();
    }

    /// Tells views that the given columns of `row` changed for a reason outside the row value
    /// (e.g. the active operation of an application).
    void notifyColumnsChanged(int row, quint64 mask)
    {
        if (row >= 0 && row < int(m_rows.size()) && mask != 0)
            emitChanges({{row, mask}});
    }

    /// Mutable access for subclasses that update a row in place and then call
    /// notifyColumnsChanged().
    Row *mutableRowAt(int row)
    {
        return (row >= 0 && row < int(m_rows.size())) ? &m_rows[size_t(row)]->value : nullptr;
    }

private:
    template<typename T, typename = void>
    struct HasEquality : std::false_type
    { };
    template<typename T>
    struct HasEquality<
        T, std::void_t<decltype(std::declval<const T &>() == std::declval<const T &>())>>
        : std::true_type
    { };
    static constexpr bool kComparable = HasEquality<Row>::value;

    /// Appends a row (its key must not be shown yet); ensureIndexed() indexes it when a key is
    /// next looked up.
    void appendEntry(Row value)
    {
        m_rows.push_back(std::make_unique<Entry>(Entry {std::move(value), int(m_rows.size())}));
    }

    /// Puts the rows appended since the last lookup into the key index. Lazily, because a
    /// model fed change sets (which carry row numbers) may never look a key up: hashing
    /// 100,000 keys was a third of an application's first load on the GUI thread.
    void ensureIndexed() const
    {
        const int count = int(m_rows.size());
        if (m_indexed >= count)
            return;
        // QHash::reserve() rehashes every entry even when the capacity is already there,
        // so only when it is not (once per growth).
        if (m_rowOfKey.capacity() < count)
            m_rowOfKey.reserve(std::max(qsizetype(count), 2 * m_rowOfKey.capacity()));
        for (int r = m_indexed; r < count; ++r)
            m_rowOfKey.insert(rowKey(m_rows[size_t(r)]->value), m_rows[size_t(r)].get());
        m_indexed = count;
    }

    /// Removes runs of rows given highest first as (first, last), one signal pair per run;
    /// returns how many rows went.
    int removeRowRuns(const std::vector<std::pair<int, int>> &runs)
    {
        int removed = 0;
        for (const auto &[first, last] : runs) {
            beginRemoveRows(QModelIndex(), first, last);
            // Rows [0, m_indexed) are indexed: their keys go, and the prefix shrinks by them.
            const int indexedLast = std::min(last, m_indexed - 1);
            for (int r = first; r <= indexedLast; ++r)
                m_rowOfKey.remove(rowKey(m_rows[size_t(r)]->value));
            if (indexedLast >= first)
                m_indexed -= indexedLast - first + 1;
            m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
            endRemoveRows();
            removed += last - first + 1;
        }
        if (!runs.empty())
            reindexFrom(runs.back().first);
        return removed;
    }

    /// Appends the rows `take(*it)` gives for [begin, end) in one insertion; keys must be new.
    template<typename It, typename Take>
    void appendRows(It begin, It end, Take take)
    {
        const auto count = std::distance(begin, end);
        if (count <= 0)
            return;
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(count) - 1);
        const qsizetype needed = qsizetype(m_rows.size()) + qsizetype(count);
        if (m_rows.capacity() < size_t(needed))
            m_rows.reserve(std::max(size_t(needed), 2 * m_rows.capacity()));
        for (It it = begin; it != end; ++it)
            appendEntry(take(*it));
        endInsertRows();
    }

    void reindexFrom(int first)
    {
        // Rows know their number: renumbering after a removal touches no hash.
        for (int r = first; r < int(m_rows.size()); ++r)
            m_rows[size_t(r)]->row = r;
    }

    /// Emits one dataChanged per run of consecutive rows with the same changed columns and per
    /// contiguous run of those columns, carrying only those columns' roles.
    int emitChanges(std::vector<std::pair<int, quint64>> changes)
    {
        if (changes.empty())
            return 0;
        std::sort(changes.begin(), changes.end());
        int signalCount = 0;
        size_t i = 0;
        while (i < changes.size()) {
            const int firstRow = changes[i].first;
            const quint64 mask = changes[i].second;
            size_t j = i;
            while (j + 1 < changes.size() && changes[j + 1].first == changes[j].first + 1
                   && changes[j + 1].second == mask)
                ++j;
            const int lastRow = changes[j].first;
            const int columns = columnCount();
            for (int c = 0; c < columns && c < 64;) {
                if (!(mask & (quint64(1) << c))) {
                    ++c;
                    continue;
                }
                const int firstColumn = c;
                QList<int> roles;
                while (c < columns && c < 64 && (mask & (quint64(1) << c))) {
                    for (int role : changedRoles(c)) {
                        if (!roles.contains(role))
                            roles.append(role);
                    }
                    ++c;
                }
                Q_EMIT dataChanged(index(firstRow, firstColumn), index(lastRow, c - 1), roles);
                ++signalCount;
            }
            i = j + 1;
        }
        return signalCount;
    }

    /// A row and its current number (kept right by reindexFrom), so the key index holds
    /// stable pointers and never needs rewriting when rows before it go.
    struct Entry
    {
        Row value;
        int row = 0;
    };
    std::vector<std::unique_ptr<Entry>> m_rows;
    mutable QHash<QString, Entry *> m_rowOfKey; ///< rows [0, m_indexed) by key
    mutable int m_indexed = 0;
};

} // namespace drove::models
