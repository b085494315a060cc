#pragma once

#include <QHash>
#include <QString>

#include <utility>
#include <vector>

namespace drove::models {

/// What turns the rows a table shows into the rows of a new snapshot, in the terms a
/// KeyedTableModel applies: removals, then changes, then appends. Computed by a ShadowDiffer,
/// possibly on another thread, and applied on the model's thread (KeyedTableModel::
/// applyChangeSet), so the thread that paints only does work in proportion to what changed.
template<typename Row>
struct RowChangeSet
{
    struct Change
    {
        int row = 0;         ///< numbering after the removals
        quint64 columns = 0; ///< bit c: column c shows something else (0: nothing visible)
        Row value;
    };
    /// Runs of rows to remove, as (first, last) in the numbering before any removal, highest
    /// first, so each run's numbers are still right when it is removed.
    std::vector<std::pair<int, int>> removedRuns;
    /// Rows whose value changed, ascending.
    std::vector<Change> changed;
    /// New rows, in snapshot order, appended after the kept ones.
    std::vector<Row> appended;

    bool isEmpty() const { return removedRuns.empty() && changed.empty() && appended.empty(); }
    int removedCount() const
    {
        int count = 0;
        for (const auto &run : removedRuns)
            count += run.second - run.first + 1;
        return count;
    }
};

/// Which shown row each snapshot row lands on: `matched[i]` is the row of snapshot row i (-1:
/// new, -2: a later duplicate supersedes it) and `keptBy[r]` the snapshot row keeping row r (-1:
/// removed). One lookup per snapshot row; snapshots mostly list rows in the order they were added,
/// so the row after the last match is tried before `findRow` (a string comparison instead of a
/// hash lookup with its cache misses on a large table).
struct SnapshotMatch
{
    std::vector<int> matched;
    std::vector<int> keptBy;

    /// `keyOf(i)`: snapshot row i's key; `keyAt(r)`: shown row r's key; `findRow(key)`: the shown
    /// row with that key or -1.
    template<typename KeyOf, typename KeyAt, typename FindRow>
    SnapshotMatch(int incomingCount, int shownCount, KeyOf keyOf, KeyAt keyAt, FindRow findRow)
        : matched(size_t(incomingCount), -1)
        , keptBy(size_t(shownCount), -1)
    {
        QHash<QString, int> freshIndex; // new keys only, to catch duplicates
        int next = 0;
        for (int i = 0; i < incomingCount; ++i) {
            const QString &key = keyOf(i);
            const int row = (next < shownCount && keyAt(next) == key) ? next : findRow(key);
            if (row >= 0) {
                next = row + 1;
                if (keptBy[size_t(row)] >= 0)
                    matched[size_t(keptBy[size_t(row)])] = -2;
                keptBy[size_t(row)] = i;
                matched[size_t(i)] = row;
            } else {
                const auto dup = freshIndex.constFind(key);
                if (dup != freshIndex.cend())
                    matched[size_t(dup.value())] = -2;
                freshIndex.insert(key, i);
            }
        }
    }

    /// The shown rows no snapshot row keeps, as (first, last) runs, highest first.
    std::vector<std::pair<int, int>> removedRuns() const
    {
        std::vector<std::pair<int, int>> runs;
        for (int row = int(keptBy.size()) - 1; row >= 0;) {
            if (keptBy[size_t(row)] >= 0) {
                --row;
                continue;
            }
            const int last = row;
            while (row - 1 >= 0 && keptBy[size_t(row - 1)] < 0)
                --row;
            runs.emplace_back(row, last);
            --row;
        }
        return runs;
    }
};

/// Diffs snapshots against a copy of the rows a model shows (the shadow), kept in the model's
/// row order, so the diff can run away from the model: the shadow is what the model will show
/// once every change set handed out has been applied, in order.
///
/// Same rules as KeyedTableModel::applySnapshot: rows identified by Traits::key(row); a
/// duplicate key keeps the last occurrence; kept rows keep their place, new ones are appended.
/// Traits: `static const QString &key(const Row &)`, `static quint64 changedColumns(const Row
/// &before, const Row &after)`; Row needs operator==.
template<typename Row, typename Traits>
class ShadowDiffer
{
public:
    int size() const { return int(m_rows.size()); }
    const std::vector<Row> &rows() const { return m_rows; }

    /// The change set from the shadow to `incoming`; the shadow becomes `incoming` (as the
    /// model will show it).
    RowChangeSet<Row> diff(std::vector<Row> incoming)
    {
        RowChangeSet<Row> set;
        const int oldCount = int(m_rows.size());
        const SnapshotMatch match(
            int(incoming.size()), oldCount,
            [&](int i) -> const QString & { return Traits::key(incoming[size_t(i)]); },
            [&](int r) -> const QString & { return Traits::key(m_rows[size_t(r)]); },
            [&](const QString &key) {
                const auto found = m_index.constFind(key);
                return found == m_index.cend() ? -1 : found.value();
            });
        const std::vector<int> &keptBy = match.keptBy;
        set.removedRuns = match.removedRuns();

        // The new shadow: kept rows in their order with their new values, then the new ones.
        std::vector<Row> rows;
        rows.reserve(incoming.size());
        const bool removed = !set.removedRuns.empty();
        for (int old = 0; old < oldCount; ++old) {
            const int i = keptBy[size_t(old)];
            if (i < 0)
                continue;
            const int row = int(rows.size());
            Row &value = incoming[size_t(i)];
            Row &current = m_rows[size_t(old)];
            if (!(current == value)) {
                set.changed.push_back({row, Traits::changedColumns(current, value), value});
                rows.push_back(std::move(value));
            } else {
                rows.push_back(std::move(current));
            }
            if (removed && row != old)
                m_index[Traits::key(rows.back())] = row;
        }
        for (const auto &run : set.removedRuns) {
            for (int old = run.first; old <= run.second; ++old)
                m_index.remove(Traits::key(m_rows[size_t(old)]));
        }
        for (int i = 0; i < int(incoming.size()); ++i) {
            if (match.matched[size_t(i)] != -1)
                continue;
            m_index.insert(Traits::key(incoming[size_t(i)]), int(rows.size()));
            set.appended.push_back(incoming[size_t(i)]);
            rows.push_back(std::move(incoming[size_t(i)]));
        }
        m_rows = std::move(rows);
        return set;
    }

    /// When every row's key is new (to the shadow and among them): appends them to the shadow
    /// and to `set` (as appends) and returns true. Otherwise changes nothing and returns false.
    /// An application's first rows, a slice at a time, without diffing what came before again.
    bool appendNew(std::vector<Row> &rows, RowChangeSet<Row> &set)
    {
        const int first = int(m_rows.size());
        for (int i = 0; i < int(rows.size()); ++i) {
            const QString &key = Traits::key(rows[size_t(i)]);
            if (m_index.contains(key)) {
                for (int j = 0; j < i; ++j) // undo
                    m_index.remove(Traits::key(rows[size_t(j)]));
                return false;
            }
            m_index.insert(key, first + i);
        }
        set.appended = rows;
        m_rows.insert(m_rows.end(), std::make_move_iterator(rows.begin()),
                      std::make_move_iterator(rows.end()));
        return true;
    }

private:
    std::vector<Row> m_rows;
    QHash<QString, int> m_index;
};

} // namespace drove::models
