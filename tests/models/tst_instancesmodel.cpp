#include "models/instancefilterproxymodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "modeltestsupport.h"
#include "sortvalues.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace drove::models;
using drove::protocol::InstanceInfo;
using drove::protocol::InstanceState;
using test::instance;

namespace {
const QString App = QStringLiteral("APP-1");
QString id(int n)
{
    return QStringLiteral("AI-%1").arg(n, 4, 10, QLatin1Char('0'));
}

/// The instance ids in the order a full sort of the source on `keys` gives (SortRole values as
/// the proxy compares them, the row key breaking ties in the primary key's direction), of the
/// rows whose state `passes`.
template<typename Passes>
QStringList sortedByOracle(const QAbstractItemModel &source,
                           const QList<SortedTableProxy::SortKey> &keys, Passes passes)
{
    std::vector<int> rows;
    for (int r = 0; r < source.rowCount(); ++r) {
        if (passes(InstanceState(source.index(r, 0).data(StateRole).toInt())))
            rows.push_back(r);
    }
    const auto key = [&](int r) {
        return source.index(r, 0).data(RowKeyRole).toString();
    };
    const bool descending = keys.constFirst().order == Qt::DescendingOrder;
    std::sort(rows.begin(), rows.end(), [&](int l, int r) {
        for (const auto &k : keys) {
            const int order = compareSortValues(source.index(l, k.column).data(SortRole),
                                                source.index(r, k.column).data(SortRole));
            if (order != 0)
                return k.order == Qt::AscendingOrder ? order < 0 : order > 0;
        }
        const int order = QString::compare(key(l), key(r));
        return descending ? order > 0 : order < 0;
    });
    QStringList ids;
    for (int r : rows)
        ids << key(r);
    return ids;
}

QStringList idsShown(const QAbstractItemModel &proxy)
{
    QStringList ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids << proxy.index(r, 0).data(RowKeyRole).toString();
    return ids;
}
} // namespace

class TestInstancesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void snapshotsForAnotherAppAreIgnored();
    void modeSwitchIsIncremental_data();
    void modeSwitchIsIncremental();
    void instanceMovingToOldKeepsItsRow();
    void changingApplicationIsTheOnlyReset();
    void displayShowsPortsResourcesAndErrors();
    void ageUsesTheInjectedClock();
    void proxyFiltersByStateAndTextAndSortsRaw();
    void selectionSurvivesStateChanges();
    void largeSnapshotsGoInAsASlicePerTurn();
    void workerDiffsAgreeWithTheModelsOwn();
    void changingApplicationDropsWorkInFlight();
    void fullRecordsComeFromTheListsShown();
    void sortValuesFromTheWorkerAgreeWithTheProxysOwn_data();
    void sortValuesFromTheWorkerAgreeWithTheProxysOwn();

private:
    InstancesModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    QSignalSpy *m_resets = nullptr;
};

void TestInstancesModel::init()
{
    m_model = new InstancesModel(this);
    m_model->setAgeRefreshInterval(0);
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_model->setApplication(App);
    m_resets = new QSignalSpy(m_model, &QAbstractItemModel::modelAboutToBeReset);
}

void TestInstancesModel::cleanup()
{
    delete m_resets;
    delete m_tester;
    delete m_model;
}

void TestInstancesModel::snapshotsForAnotherAppAreIgnored()
{
    QVERIFY(!m_model->applyActiveInstances(
        QStringLiteral("OTHER-1"),
        {instance(QStringLiteral("OTHER-1"), id(1), InstanceState::Healthy, 10)}));
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->applyActiveInstances(App, {instance(App, id(1), InstanceState::Healthy, 10)}));
    QCOMPARE(m_model->rowCount(), 1);
}

void TestInstancesModel::modeSwitchIsIncremental_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("active-only") << int(InstancesModel::Mode::Active) << QStringList {id(1), id(2)};
    QTest::newRow("old-only") << int(InstancesModel::Mode::Old) << QStringList {id(3)};
    QTest::newRow("all") << int(InstancesModel::Mode::All) << QStringList {id(1), id(2), id(3)};
}

void TestInstancesModel::modeSwitchIsIncremental()
{
    QFETCH(int, mode);
    QFETCH(QStringList, expected);
    m_model->applyActiveInstances(App,
                                  {instance(App, id(1), InstanceState::Healthy, 10),
                                   instance(App, id(2), InstanceState::Starting, 20)});
    m_model->applyOldInstances(App, {instance(App, id(3), InstanceState::StartFailed, 5)});
    m_model->setMode(InstancesModel::Mode(mode));
    QStringList shown;
    for (int row = 0; row < m_model->rowCount(); ++row)
        shown.append(m_model->index(row, 0).data(InstanceIdRole).toString());
    shown.sort();
    QCOMPARE(shown, expected);
    QCOMPARE(m_resets->count(), 0);
}

void TestInstancesModel::instanceMovingToOldKeepsItsRow()
{
    m_model->setMode(InstancesModel::Mode::All);
    m_model->applyActiveInstances(App,
                                  {instance(App, id(1), InstanceState::Healthy, 10),
                                   instance(App, id(2), InstanceState::Healthy, 20)});
    const QPersistentModelIndex second(m_model->indexOfKey(id(2)));
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    // id(2) stops: it leaves the active list before the old list is fetched again.
    m_model->applyActiveInstances(App, {instance(App, id(1), InstanceState::Healthy, 10)});
    QCOMPARE(removed.count(), 0);
    QVERIFY(second.isValid());
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    InstanceInfo stopped = instance(App, id(2), InstanceState::Stopped, 20);
    stopped.errorMessage = QStringLiteral("Healthcheck failed: 503");
    m_model->applyOldInstances(App, {stopped});
    QCOMPARE(removed.count(), 0);
    QVERIFY(second.isValid());
    QCOMPARE(second.data(StateNameRole).toString(), QStringLiteral("STOPPED"));
    QCOMPARE(second.data(IsOldRole).toBool(), true);
    QVERIFY(changed.count() >= 1);
    // Error text is visible in the row itself for an old instance.
    QCOMPARE(m_model->index(second.row(), InstancesModel::ErrorColumn).data().toString(),
             QStringLiteral("Healthcheck failed: 503"));
    // In active-only mode the old row goes away (a removal, not a reset).
    m_model->setMode(InstancesModel::Mode::Active);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_resets->count(), 0);
}

void TestInstancesModel::changingApplicationIsTheOnlyReset()
{
    m_model->applyActiveInstances(App, {instance(App, id(1), InstanceState::Healthy, 10)});
    m_model->setApplication(App); // same scope: nothing
    QCOMPARE(m_resets->count(), 0);
    m_model->setApplication(QStringLiteral("OTHER-1"));
    QCOMPARE(m_resets->count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->applicationId(), QStringLiteral("OTHER-1"));
}

void TestInstancesModel::displayShowsPortsResourcesAndErrors()
{
    m_model->applyActiveInstances(
        App, {instance(App, id(1), InstanceState::Healthy, 10, QStringLiteral("host-a"))});
    const auto cell = [this](int column) {
        return m_model->index(0, column).data().toString();
    };
    QCOMPARE(cell(InstancesModel::HostColumn), QStringLiteral("host-a"));
    QCOMPARE(cell(InstancesModel::PortsColumn), QStringLiteral("main:32000"));
    QVERIFY2(cell(InstancesModel::ResourcesColumn).contains(QStringLiteral("NUMA 0: 3,4")),
             qPrintable(cell(InstancesModel::ResourcesColumn)));
    QVERIFY(cell(InstancesModel::ResourcesColumn).contains(QStringLiteral("512 MB")));
    QCOMPARE(cell(InstancesModel::ExecutorColumn), QStringLiteral("e-host-a"));
    // A pending instance has no localInfo yet: empty host and ports, no crash.
    m_model->applyActiveInstances(App, {instance(App, id(1), InstanceState::Pending, 10)});
    QCOMPARE(cell(InstancesModel::HostColumn), QString());
    QCOMPARE(cell(InstancesModel::PortsColumn), QString());
}

void TestInstancesModel::ageUsesTheInjectedClock()
{
    qint64 now = 10'000;
    m_model->setClock([&now] { return now; });
    m_model->applyActiveInstances(App, {instance(App, id(1), InstanceState::Healthy, 5'000)});
    QCOMPARE(m_model->index(0, InstancesModel::AgeColumn).data().toString(), QStringLiteral("5s"));
    now = 5'000 + 125'000;
    QCOMPARE(m_model->index(0, InstancesModel::AgeColumn).data().toString(),
             QStringLiteral("2m 05s"));
    QCOMPARE(m_model->index(0, InstancesModel::AgeColumn).data(SortRole).toLongLong(), 125'000);
}

void TestInstancesModel::proxyFiltersByStateAndTextAndSortsRaw()
{
    InstanceFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    InstanceInfo failed
        = instance(App, id(3), InstanceState::StartFailed, 900, QStringLiteral("h9"));
    failed.errorMessage = QStringLiteral("docker pull failed: manifest unknown");
    m_model->applyActiveInstances(
        App,
        {instance(App, id(1), InstanceState::Healthy, 100, QStringLiteral("h10")),
         instance(App, id(2), InstanceState::Starting, 20, QStringLiteral("h2"))});
    m_model->applyOldInstances(App, {failed});

    // Created sorts numerically (20 < 100 < 900), not as text.
    proxy.sort(InstancesModel::CreatedColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(InstanceIdRole).toString(), id(2));
    QCOMPARE(proxy.index(2, 0).data(InstanceIdRole).toString(), id(3));

    proxy.setAllowedStates({InstanceState::Healthy, InstanceState::StartFailed});
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setFilterText(QStringLiteral("MANIFEST"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(InstanceIdRole).toString(), id(3));
    proxy.setFilterText(QStringLiteral("h10 healthy"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(InstanceIdRole).toString(), id(1));
    proxy.setFilterText(QString());
    proxy.setAllowedStates({});
    QCOMPARE(proxy.rowCount(), 3);

    // A state change re-filters dynamically.
    proxy.setAllowedStates({InstanceState::Healthy});
    QCOMPARE(proxy.rowCount(), 1);
    m_model->applyActiveInstances(App,
                                  {instance(App, id(1), InstanceState::Healthy, 100),
                                   instance(App, id(2), InstanceState::Healthy, 20)});
    QCoreApplication::processEvents(); // changed rows are re-filtered once per burst
    QCOMPARE(proxy.rowCount(), 2);
    QCOMPARE(m_resets->count(), 0);
}

void TestInstancesModel::selectionSurvivesStateChanges()
{
    InstanceFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    proxy.sort(InstancesModel::StateColumn, Qt::AscendingOrder);
    QItemSelectionModel selection(&proxy);
    QList<InstanceInfo> list;
    for (int i = 0; i < 20; ++i)
        list.append(instance(App, id(i), InstanceState::Healthy, 100 + i));
    m_model->applyActiveInstances(App, list);
    const int selectedProxyRow = 7;
    const QString selectedId = proxy.index(selectedProxyRow, 0).data(InstanceIdRole).toString();
    selection.select(proxy.index(selectedProxyRow, 0),
                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    // Half the instances move to STOPPING (sorted elsewhere), two vanish, three appear.
    QList<InstanceInfo> next;
    for (int i = 2; i < 23; ++i)
        next.append(instance(App, id(i), i % 2 ? InstanceState::Stopping : InstanceState::Healthy,
                             100 + i));
    m_model->applyActiveInstances(App, next);
    const QModelIndexList rows = selection.selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(InstanceIdRole).toString(), selectedId);
    QCOMPARE(m_resets->count(), 0);
}

namespace {

/// Rows as (id, state name, host, updated), in model order.
QStringList rowsOf(const QAbstractItemModel &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(); ++column) {
            if (column != InstancesModel::AgeColumn)
                cells << model.index(row, column).data().toString();
        }
        cells << model.index(row, 0).data(IsOldRole).toString();
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

bool waitUntilLoaded(const InstancesModel &model)
{
    return QTest::qWaitFor([&] { return !model.isLoading(); }, 10000);
}

} // namespace

void TestInstancesModel::largeSnapshotsGoInAsASlicePerTurn()
{
    m_model->setBackgroundThreshold(0); // every snapshot through the worker
    m_model->setInsertSlice(10);
    QSignalSpy loading(m_model, &InstancesModel::loadingChanged);
    QList<InstanceInfo> list;
    for (int i = 0; i < 95; ++i)
        list.append(instance(App, id(i), InstanceState::Healthy, 100 + i));
    QVector<int> counts;
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [&] { counts << m_model->rowCount(); });

    m_model->applyActiveInstances(App, list);
    // Nothing is shown as if complete: the model says it is loading until the last row is in.
    QVERIFY(m_model->isLoading());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(loading.count(), 1);
    QCOMPARE(loading.at(0).at(0).toBool(), true);
    QVERIFY(waitUntilLoaded(*m_model));
    QCOMPARE(loading.count(), 2);
    QCOMPARE(loading.at(1).at(0).toBool(), false);
    QCOMPARE(m_model->rowCount(), 95);
    // One slice per turn of the event loop: 10, 20, … 90, 95.
    QCOMPARE(counts.size(), 10);
    QCOMPARE(counts.first(), 10);
    QCOMPARE(counts.last(), 95);
    QCOMPARE(m_model->lastApplyStats().inserted, 95);
    QCOMPARE(m_resets->count(), 0);
}

void TestInstancesModel::workerDiffsAgreeWithTheModelsOwn()
{
    // Random sequences of active and old lists, mode switches and bursts that arrive while the
    // worker is busy; after each burst the off-thread model must show exactly the rows a model
    // applying everything on the calling thread shows.
    InstancesModel reference;
    reference.setAgeRefreshInterval(0);
    reference.setBackgroundThreshold(-1);
    reference.setApplication(App);
    m_model->setBackgroundThreshold(0);
    m_model->setInsertSlice(7);
    QRandomGenerator rng(20261207);
    const auto randomList = [&](bool old) {
        QList<InstanceInfo> list;
        const int count = int(rng.bounded(60));
        for (int i = 0; i < count; ++i) {
            const int n = int(rng.bounded(80));
            const InstanceState state = old
                ? (rng.bounded(2) ? InstanceState::Stopped : InstanceState::StartFailed)
                : (rng.bounded(3) ? InstanceState::Healthy : InstanceState::Starting);
            list.append(instance(App, id(n), state, qint64(rng.bounded(5))));
        }
        return list;
    };
    for (int round = 0; round < 60; ++round) {
        const int burst = 1 + int(rng.bounded(4));
        for (int step = 0; step < burst; ++step) {
            switch (rng.bounded(5)) {
            case 0: {
                const auto mode = InstancesModel::Mode(rng.bounded(3));
                m_model->setMode(mode);
                reference.setMode(mode);
                break;
            }
            case 1: {
                const auto old = randomList(true);
                m_model->applyOldInstances(App, old);
                reference.applyOldInstances(App, old);
                break;
            }
            default: {
                const auto active = randomList(false);
                m_model->applyActiveInstances(App, active);
                reference.applyActiveInstances(App, active);
                break;
            }
            }
        }
        QVERIFY(waitUntilLoaded(*m_model));
        // The same rows; their order may differ, as snapshots that arrive while the worker
        // is busy are diffed as one (a row that left and came back keeps its place) — the
        // views sort through a proxy.
        QStringList shown = rowsOf(*m_model);
        QStringList expected = rowsOf(reference);
        shown.sort();
        expected.sort();
        QCOMPARE(shown, expected);
    }
    QCOMPARE(m_resets->count(), 0);
}

void TestInstancesModel::changingApplicationDropsWorkInFlight()
{
    m_model->setBackgroundThreshold(0);
    QList<InstanceInfo> first;
    for (int i = 0; i < 50; ++i)
        first.append(instance(App, id(i), InstanceState::Healthy, 1));
    m_model->applyActiveInstances(App, first);
    QVERIFY(m_model->isLoading());
    const QString other = QStringLiteral("OTHER-1");
    m_model->setApplication(other);
    QVERIFY(!m_model->isLoading());
    m_model->applyActiveInstances(other, {instance(other, id(7), InstanceState::Healthy, 1)});
    QVERIFY(waitUntilLoaded(*m_model));
    // Let anything the worker still posts for the first application arrive.
    QTest::qWait(50);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data(AppIdRole).toString(), other);
}

void TestInstancesModel::fullRecordsComeFromTheListsShown()
{
    InstanceInfo active = instance(App, id(1), InstanceState::Healthy, 10);
    active.errorMessage = QStringLiteral("fine");
    m_model->applyActiveInstances(App, {active});
    m_model->applyOldInstances(App,
                               {instance(App, id(2), InstanceState::Stopped, 5),
                                instance(App, id(1), InstanceState::Stopped, 3)});
    QCOMPARE(m_model->rowCount(), 2);
    // The active record wins over a stale old one with the same id.
    QCOMPARE(m_model->instance(id(1))->state, InstanceState::Healthy);
    QCOMPARE(m_model->instance(id(1))->errorMessage, QStringLiteral("fine"));
    QCOMPARE(m_model->instance(id(2))->state, InstanceState::Stopped);
    QVERIFY(!m_model->instance(id(3)));
    const int row = m_model->rowOfKey(id(2));
    QCOMPARE(m_model->instanceAt(row)->instanceId, id(2));
    QVERIFY(!m_model->instanceAt(5));
}

void TestInstancesModel::sortValuesFromTheWorkerAgreeWithTheProxysOwn_data()
{
    using Key = SortedTableProxy::SortKey;
    QTest::addColumn<QList<Key>>("keys");
    QTest::newRow("state (repeated texts, ids decide)")
        << QList<Key> {{InstancesModel::StateColumn, Qt::AscendingOrder}};
    QTest::newRow("created descending (ties)")
        << QList<Key> {{InstancesModel::CreatedColumn, Qt::DescendingOrder}};
    QTest::newRow("host in mixed case, then state descending")
        << QList<Key> {{InstancesModel::HostColumn, Qt::AscendingOrder},
                       {InstancesModel::StateColumn, Qt::DescendingOrder}};
    QTest::newRow("error, then ports")
        << QList<Key> {{InstancesModel::ErrorColumn, Qt::AscendingOrder},
                       {InstancesModel::PortsColumn, Qt::DescendingOrder}};
}

void TestInstancesModel::sortValuesFromTheWorkerAgreeWithTheProxysOwn()
{
    // A first load through the worker, with two proxies as the detail panel has them: the
    // first (active states) is handed its sort values and the rows in its order, the second
    // (old states, sorted by Updated descending) its values only. Each must show what a full
    // sort of the source by the comparison rule shows, and what it shows after re-reading and
    // re-sorting every row itself; so values or an order made on the worker that disagree with
    // the proxy's own comparison fail here.
    QFETCH(QList<SortedTableProxy::SortKey>, keys);
    m_model->setBackgroundThreshold(0);
    m_model->setInsertSlice(50);
    InstanceFilterProxyModel active;
    QAbstractItemModelTester activeTester(&active,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    active.setAllowedStates(drove::protocol::activeInstanceStates());
    active.setSourceModel(m_model);
    active.setSortKeys(keys);
    InstanceFilterProxyModel old;
    old.setAllowedStates({InstanceState::Stopped, InstanceState::StartFailed});
    old.setSourceModel(m_model);
    old.sort(InstancesModel::UpdatedColumn, Qt::DescendingOrder);
    QSignalSpy layouts(&active, &QAbstractItemModel::layoutChanged);

    QRandomGenerator rng(20261208);
    const InstanceState states[] = {InstanceState::Healthy, InstanceState::Starting,
                                    InstanceState::Unhealthy, InstanceState::Stopped};
    QList<InstanceInfo> list;
    const int count = 600;
    for (int i = 0; i < count; ++i) {
        const int host = int(rng.bounded(7));
        InstanceInfo x = instance(
            App, QStringLiteral("AI-%1").arg(rng.generate()), states[rng.bounded(4)],
            qint64(rng.bounded(20)),
            (host % 2 ? QStringLiteral("Host-%1") : QStringLiteral("host-%1")).arg(host / 2));
        if (x.localInfo)
            x.localInfo->ports.first().hostPort = int(rng.bounded(5));
        if (rng.bounded(5) == 0)
            x.errorMessage = rng.bounded(2) ? QStringLiteral("Oom") : QStringLiteral("exit 1");
        x.updated = qint64(rng.bounded(30));
        list.append(x);
    }
    m_model->applyInstances(App, list);
    QVERIFY(waitUntilLoaded(*m_model));
    QCoreApplication::processEvents();
    QCOMPARE(m_model->rowCount(), count);

    const auto isActive = [](InstanceState s) {
        return drove::protocol::isActive(s);
    };
    const auto isOld = [](InstanceState s) {
        return s == InstanceState::Stopped || s == InstanceState::StartFailed;
    };
    const QStringList activeExpected = sortedByOracle(*m_model, keys, isActive);
    const QStringList oldExpected
        = sortedByOracle(*m_model, {{InstancesModel::UpdatedColumn, Qt::DescendingOrder}}, isOld);
    QVERIFY(!activeExpected.isEmpty());
    QVERIFY(!oldExpected.isEmpty());
    QCOMPARE(idsShown(active), activeExpected);
    QCOMPARE(idsShown(old), oldExpected);
    // The path taken: every value given, every row appended in order (no layout change), and
    // the second proxy given its values too.
    QCOMPARE(active.rowsWithGivenValues(), quint64(count));
    QCOMPARE(active.rowsAppendedInOrder(), quint64(count));
    QCOMPARE(layouts.count(), 0);
    QCOMPARE(old.rowsWithGivenValues(), quint64(count));

    // The proxies' own values and order: read again from the source and sorted from scratch.
    active.invalidate();
    old.invalidate();
    QCOMPARE(idsShown(active), activeExpected);
    QCOMPARE(idsShown(old), oldExpected);

    // Later changes go through the proxy's own path and keep the order right.
    QList<InstanceInfo> changed = list;
    for (int i = 0; i < count; i += 7)
        changed[i].state = InstanceState::Stopping;
    changed.remove(3, 40);
    m_model->applyInstances(App, changed);
    QVERIFY(waitUntilLoaded(*m_model));
    QCoreApplication::processEvents();
    QCOMPARE(idsShown(active), sortedByOracle(*m_model, keys, isActive));
    QCOMPARE(m_resets->count(), 0);
}

QTEST_GUILESS_MAIN(TestInstancesModel)
#include "tst_instancesmodel.moc"
