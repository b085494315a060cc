#include "models/instancefilterproxymodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "modeltestsupport.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QItemSelectionModel>
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

QTEST_GUILESS_MAIN(TestInstancesModel)
#include "tst_instancesmodel.moc"
