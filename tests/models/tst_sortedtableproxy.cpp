// SortedTableProxy against an oracle: after every random burst of source changes (values,
// insertions, removals, resets, moves), the proxy must show exactly the rows a full filter and
// stable sort of the source would show, in that order; persistent indexes (what selections and
// the current index are made of) must still point at the same source rows; and the whole run is
// under QAbstractItemModelTester.
#include "models/modelroles.h"
#include "models/sortedtableproxy.h"
#include "sortvalues.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace drove::models;

namespace {

constexpr int Columns = 3;

/// Rows of (text, number, number); the key of a row is in RowKeyRole, the filter hides rows
/// whose column 2 is negative when enabled.
class TestProxy : public SortedTableProxy
{
public:
    using SortedTableProxy::SortedTableProxy;
    void setKeys(const QList<SortKey> &keys) { setSortKeyList(keys); }
    void setHideNegative(bool hide)
    {
        m_hideNegative = hide;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &) const override
    {
        return !m_hideNegative || sourceModel()->index(sourceRow, 2).data(SortRole).toInt() >= 0;
    }

private:
    bool m_hideNegative = false;
};

/// A proxy sorting on SortRole with row keys as tie-break, over an empty source, under a model
/// tester for its whole life.
struct TestedProxy
{
    QStandardItemModel source {0, Columns};
    TestProxy proxy;
    QAbstractItemModelTester tester {&proxy,
                                     QAbstractItemModelTester::FailureReportingMode::QtTest};
    TestedProxy()
    {
        proxy.setSortRole(SortRole);
        proxy.setTieBreakRole(RowKeyRole);
        proxy.setSourceModel(&source);
    }
};

QList<QStandardItem *> makeRow(const QString &key, const QString &text, int a, int b)
{
    QList<QStandardItem *> row;
    const QVariant values[Columns] = {text, a, b};
    for (int c = 0; c < Columns; ++c) {
        auto *item = new QStandardItem(values[c].toString());
        item->setData(values[c], SortRole);
        item->setData(key, RowKeyRole);
        row << item;
    }
    return row;
}

QString keyOf(const QAbstractItemModel &model, int row)
{
    return model.index(row, 0).data(RowKeyRole).toString();
}

/// The rows the proxy should show, by a full filter and stable sort of the source.
QStringList oracle(const QStandardItemModel &source, const QList<SortedTableProxy::SortKey> &keys,
                   bool hideNegative)
{
    std::vector<int> rows;
    for (int r = 0; r < source.rowCount(); ++r) {
        if (!hideNegative || source.index(r, 2).data(SortRole).toInt() >= 0)
            rows.push_back(r);
    }
    if (!keys.isEmpty()) {
        const bool descending = keys.constFirst().order == Qt::DescendingOrder;
        std::stable_sort(rows.begin(), rows.end(), [&](int l, int r) {
            for (const auto &key : keys) {
                const int order = compareSortValues(source.index(l, key.column).data(SortRole),
                                                    source.index(r, key.column).data(SortRole));
                if (order != 0)
                    return key.order == Qt::AscendingOrder ? order < 0 : order > 0;
            }
            const int order = QString::compare(keyOf(source, l), keyOf(source, r));
            if (order != 0)
                return descending ? order > 0 : order < 0;
            return descending ? l > r : l < r;
        });
    }
    QStringList keysShown;
    for (int r : rows)
        keysShown << keyOf(source, r);
    return keysShown;
}

QStringList shown(const QAbstractItemModel &proxy)
{
    QStringList keys;
    for (int r = 0; r < proxy.rowCount(); ++r)
        keys << keyOf(proxy, r);
    return keys;
}

} // namespace

class TestSortedTableProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesAFullSortAfterEveryBurst_data();
    void matchesAFullSortAfterEveryBurst();
    void aChangeThatKeepsTheOrderIsNoLayoutChange();
    void secondaryKeyChangeMovesOnlyItsRows();
    void rowsScatteredOverTheOrderGoInAsOneBlock();
    void rowsAppendedInOrderGoToTheEndWithoutALayoutChange();
};

void TestSortedTableProxy::matchesAFullSortAfterEveryBurst_data()
{
    QTest::addColumn<quint32>("seed");
    // Without a tester nothing reads the proxy between the removals of a burst, so removals
    // from the back stay deferred until the next read (the path a snapshot apply takes).
    QTest::addColumn<bool>("tester");
    // A reader of the proxy between the source's rowsAboutToBeRemoved and rowsRemoved (another
    // view of the same source, say) settles the deferred removal halfway.
    QTest::addColumn<bool>("readerInRemoval");
    for (quint32 seed : {1u, 2u, 3u, 17u, 99u, 2026u}) {
        QTest::addRow("seed %u", seed) << seed << true << false;
        QTest::addRow("seed %u, no reader between signals", seed) << seed << false << false;
        QTest::addRow("seed %u, a reader between the source's removal signals", seed)
            << seed << true << true;
    }
}

void TestSortedTableProxy::matchesAFullSortAfterEveryBurst()
{
    QFETCH(quint32, seed);
    QFETCH(bool, tester);
    QFETCH(bool, readerInRemoval);
    QRandomGenerator rng(seed);
    QStandardItemModel source(0, Columns);
    TestProxy proxy;
    std::unique_ptr<QAbstractItemModelTester> modelTester;
    if (tester)
        modelTester = std::make_unique<QAbstractItemModelTester>(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSortRole(SortRole);
    proxy.setTieBreakRole(RowKeyRole);
    proxy.setSourceModel(&source);
    if (readerInRemoval) // connected after the proxy: runs after its onRowsAboutToBeRemoved
        connect(&source, &QAbstractItemModel::rowsAboutToBeRemoved, &proxy,
                [&proxy] { (void)proxy.index(0, 0); });

    int nextKey = 0;
    const auto randomRow = [&] {
        const QString key = QStringLiteral("k%1").arg(nextKey++, 4, 10, QLatin1Char('0'));
        // Few distinct values, so ties (and the tie-break) matter.
        return makeRow(key, QStringLiteral("t%1").arg(rng.bounded(5)), int(rng.bounded(6)),
                       int(rng.bounded(7)) - 2);
    };
    for (int i = 0; i < 60; ++i)
        source.appendRow(randomRow());

    QList<SortedTableProxy::SortKey> keys;
    bool hideNegative = false;
    for (int round = 0; round < 150; ++round) {
        // Now and then another key list or filter.
        const int what = int(rng.bounded(20));
        if (what == 0) {
            keys.clear();
            const int count = int(rng.bounded(4)); // 0..3 keys
            QList<int> columns {0, 1, 2};
            for (int k = 0; k < count; ++k) {
                const int column = columns.takeAt(int(rng.bounded(columns.size())));
                keys << SortedTableProxy::SortKey {
                    column, rng.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder};
            }
            proxy.setKeys(keys);
        } else if (what == 1) {
            hideNegative = !hideNegative;
            proxy.setHideNegative(hideNegative);
        }

        // Persistent indexes on a few shown rows, to see they follow their rows.
        QList<QPersistentModelIndex> held;
        QStringList heldKeys;
        for (int i = 0; i < 5 && proxy.rowCount() > 0; ++i) {
            const QModelIndex index
                = proxy.index(int(rng.bounded(proxy.rowCount())), int(rng.bounded(Columns)));
            held << index;
            heldKeys << index.data(RowKeyRole).toString();
        }
        QStringList removedKeys;
        bool filteredDuringBurst = false;

        // A burst: value changes, insertions, removals, sometimes a move or a reset, and now
        // and then the filter switched in the middle (rows hidden meanwhile may have changed
        // their sort values: they come back at their places in the full order).
        const int changes = 1 + int(rng.bounded(8));
        for (int c = 0; c < changes && source.rowCount() > 0; ++c) {
            if (rng.bounded(12) == 0) {
                hideNegative = !hideNegative;
                proxy.setHideNegative(hideNegative);
                filteredDuringBurst = true;
            }
            const int kind = int(rng.bounded(10));
            const int row = int(rng.bounded(source.rowCount()));
            if (kind < 6) {
                const int column = int(rng.bounded(Columns));
                const QVariant value = column == 0
                    ? QVariant(QStringLiteral("t%1").arg(rng.bounded(5)))
                    : QVariant(int(rng.bounded(7)) - (column == 2 ? 2 : 0));
                source.item(row, column)->setData(value, SortRole);
            } else if (kind < 8) {
                source.insertRow(int(rng.bounded(source.rowCount() + 1)), randomRow());
            } else if (kind < 9) {
                // (Bursts of runs only while the table is large: on a table of a few rows a
                // row is often filtered out and back in within one burst, which rightly ends
                // the persistent indexes on it and would confuse the check below.)
                if (source.rowCount() < 40 || rng.bounded(2)) {
                    removedKeys << keyOf(source, row);
                    source.removeRow(row);
                } else {
                    // Several runs, highest first, as a snapshot apply removes them.
                    int at = source.rowCount();
                    for (int run = 0; run < 4 && at > 0; ++run) {
                        const int count = 1 + int(rng.bounded(3));
                        const int first = int(rng.bounded(at));
                        const int n = std::min(count, at - first);
                        for (int r = first; r < first + n; ++r)
                            removedKeys << keyOf(source, r);
                        source.removeRows(first, n);
                        at = first;
                    }
                }
            } else if (rng.bounded(10) == 0) {
                const int to = int(rng.bounded(source.rowCount()));
                source.moveRow(QModelIndex(), row, QModelIndex(), to > row ? to + 1 : to);
            }
        }
        if (rng.bounded(30) == 0)
            source.sort(int(rng.bounded(Columns))); // a source layout change
        if (rng.bounded(2))
            QCoreApplication::processEvents();
        else
            proxy.flushPending();
        QCOMPARE(proxy.pendingCount(), 0);

        QCOMPARE(shown(proxy), oracle(source, keys, hideNegative));
        // (A row hidden and shown again within the burst rightly lost its persistent indexes.)
        for (int i = 0; i < held.size() && !filteredDuringBurst; ++i) {
            const QPersistentModelIndex &index = held.at(i);
            if (removedKeys.contains(heldKeys.at(i)))
                continue;
            const bool stillShown = shown(proxy).contains(heldKeys.at(i));
            QCOMPARE(index.isValid(), stillShown);
            if (stillShown)
                QCOMPARE(index.data(RowKeyRole).toString(), heldKeys.at(i));
        }
    }
}

void TestSortedTableProxy::aChangeThatKeepsTheOrderIsNoLayoutChange()
{
    QStandardItemModel source(0, Columns);
    for (int i = 0; i < 10; ++i)
        source.appendRow(makeRow(QStringLiteral("k%1").arg(i), QStringLiteral("t"), i * 10, 0));
    TestProxy proxy;
    proxy.setSortRole(SortRole);
    proxy.setTieBreakRole(RowKeyRole);
    proxy.setSourceModel(&source);
    proxy.setKeys({{1, Qt::AscendingOrder}});
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy data(&proxy, &QAbstractItemModel::dataChanged);
    source.item(4, 1)->setData(41, SortRole); // between 30 and 50: stays
    QCOMPARE(data.count(), 1);
    proxy.flushPending();
    QCOMPARE(layouts.count(), 0);
    source.item(4, 1)->setData(95, SortRole); // past 90: moves to the end
    proxy.flushPending();
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(keyOf(proxy, 9), QStringLiteral("k4"));
}

void TestSortedTableProxy::secondaryKeyChangeMovesOnlyItsRows()
{
    // Sorted by text then number: a change of the number re-positions the row within its text.
    QStandardItemModel source(0, Columns);
    for (int i = 0; i < 6; ++i)
        source.appendRow(
            makeRow(QStringLiteral("k%1").arg(i), QStringLiteral("t%1").arg(i % 2), i, 0));
    TestProxy proxy;
    proxy.setSortRole(SortRole);
    proxy.setTieBreakRole(RowKeyRole);
    proxy.setSourceModel(&source);
    proxy.setKeys({{0, Qt::AscendingOrder}, {1, Qt::DescendingOrder}});
    QCOMPARE(shown(proxy), QStringLiteral("k4 k2 k0 k5 k3 k1").split(QLatin1Char(' ')));
    const QPersistentModelIndex selected = proxy.index(4, 0); // k3
    source.item(0, 1)->setData(9, SortRole);
    QCoreApplication::processEvents();
    QCOMPARE(shown(proxy), QStringLiteral("k0 k4 k2 k5 k3 k1").split(QLatin1Char(' ')));
    QCOMPARE(selected.row(), 4);
    QCOMPARE(selected.data(RowKeyRole).toString(), QStringLiteral("k3"));
}

void TestSortedTableProxy::rowsScatteredOverTheOrderGoInAsOneBlock()
{
    // Every other row hidden, then shown again: 100 rows, each with its own place among the
    // 100 shown. They go in as one block at the end and one layout change puts them in place;
    // the order is that of a full sort and persistent indexes stay on their rows.
    TestedProxy tested;
    QStandardItemModel &source = tested.source;
    TestProxy &proxy = tested.proxy;
    for (int i = 0; i < 200; ++i)
        source.appendRow(makeRow(QStringLiteral("k%1").arg(i, 4, 10, QLatin1Char('0')),
                                 QStringLiteral("t%1").arg(i % 7), i % 5, i % 2 ? -1 : 1));
    const QList<SortedTableProxy::SortKey> keys {{0, Qt::AscendingOrder}};
    proxy.setKeys(keys);
    proxy.setHideNegative(true);
    QCOMPARE(proxy.rowCount(), 100);
    const QPersistentModelIndex held = proxy.index(37, 1);
    const QString heldKey = held.data(RowKeyRole).toString();
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);

    proxy.setHideNegative(false);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(shown(proxy), oracle(source, keys, false));
    QVERIFY(held.isValid());
    QCOMPARE(held.data(RowKeyRole).toString(), heldKey);
    QCOMPARE(held.column(), 1);
}

void TestSortedTableProxy::rowsAppendedInOrderGoToTheEndWithoutALayoutChange()
{
    // A source appending rows that sort after every row shown, in order among themselves (what
    // InstancesModel does for the proxy it orders a first load for): one insertion at the end
    // each, no layout change; a run that is not in order takes the general path and the order
    // is still that of a full sort.
    TestedProxy tested;
    QStandardItemModel &source = tested.source;
    TestProxy &proxy = tested.proxy;
    const QList<SortedTableProxy::SortKey> keys {{1, Qt::DescendingOrder}, {0, Qt::AscendingOrder}};
    proxy.setKeys(keys);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    // Column 1 descending, then the text, then the key (descending, as the primary key is).
    for (int i = 0; i < 30; ++i)
        source.appendRow(makeRow(QStringLiteral("k%1").arg(29 - i, 2, 10, QLatin1Char('0')),
                                 QStringLiteral("t%1").arg(i % 3), 100 - i / 3, 1));
    QCOMPARE(proxy.rowsAppendedInOrder(), quint64(30));
    QCOMPARE(inserted.count(), 30);
    for (const auto &signal : std::as_const(inserted))
        QCOMPARE(signal.at(1).toInt(), signal.at(2).toInt()); // each at its own end
    QCOMPARE(inserted.last().at(1).toInt(), 29);
    QCOMPARE(layouts.count(), 0);
    QCOMPARE(shown(proxy), oracle(source, keys, false));

    // Two rows in one insertion, the second before the first: not in order.
    QList<QStandardItem *> a = makeRow(QStringLiteral("x1"), QStringLiteral("b"), 1, 1);
    QList<QStandardItem *> b = makeRow(QStringLiteral("x2"), QStringLiteral("a"), 1, 1);
    source.insertRows(source.rowCount(), 2);
    for (int c = 0; c < Columns; ++c) {
        source.setItem(30, c, a.at(c));
        source.setItem(31, c, b.at(c));
    }
    QCoreApplication::processEvents();
    QCOMPARE(shown(proxy), oracle(source, keys, false));
    // A row landing in the middle: not at the end.
    const quint64 before = proxy.rowsAppendedInOrder();
    source.appendRow(makeRow(QStringLiteral("m"), QStringLiteral("same"), 95, 1));
    QCOMPARE(proxy.rowsAppendedInOrder(), before);
    QCOMPARE(shown(proxy), oracle(source, keys, false));
}

QTEST_GUILESS_MAIN(TestSortedTableProxy)
#include "tst_sortedtableproxy.moc"
