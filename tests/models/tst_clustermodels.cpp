#include "models/clusteroverview.h"
#include "models/eventfilterproxymodel.h"
#include "models/eventsmodel.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/modelroles.h"
#include "modeltestsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace drove::models;
using drove::protocol::ApplicationState;
using drove::protocol::ExecutorState;
using drove::protocol::ExecutorSummary;
using drove::protocol::InstanceState;
using test::appStateEvent;
using test::instanceEvent;

namespace {
ExecutorSummary executor(const QString &id, int freeCores, int usedCores,
                         ExecutorState state = ExecutorState::Active)
{
    ExecutorSummary e;
    e.executorId = id;
    e.hostname = QStringLiteral("host-") + id;
    e.port = 3000;
    e.freeCores = freeCores;
    e.usedCores = usedCores;
    e.freeMemory = 1024 * freeCores;
    e.usedMemory = 1024 * usedCores;
    e.tags = {e.hostname};
    e.state = state;
    return e;
}
} // namespace

class TestClusterModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void executorsDiffAndTotals();
    void executorInstanceCountsNotifyOnlyChangedRows();
    void eventsNewestFirstBoundedAndDeduplicated();
    void lateEventsGoWhereTheirTimeSaysAndFilter();
    void clusterOverviewNotifiesOnChange();
    void executorInstancesAcrossApplications();
};

void TestClusterModels::executorsDiffAndTotals()
{
    ExecutorsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
    model.applyExecutors(
        {executor(QStringLiteral("a"), 6, 2), executor(QStringLiteral("b"), 8, 0)});
    QCOMPARE(model.index(0, ExecutorsModel::CoresTotalColumn).data().toInt(), 8);
    QCOMPARE(model.index(0, ExecutorsModel::MemoryTotalColumn).data(SortRole).toLongLong(), 8192);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyExecutors({executor(QStringLiteral("a"), 6, 2, ExecutorState::Blacklisted),
                          executor(QStringLiteral("b"), 7, 1)});
    QCOMPARE(model.index(0, 0).data(StateNameRole).toString(), QStringLiteral("BLACKLISTED"));
    // Row a: only the state column; row b: cores and memory columns (free/used, not totals).
    QCOMPARE(changed.count(), 3);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(ExecutorsModel::StateColumn));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), int(ExecutorsModel::StateColumn));
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>().column(),
             int(ExecutorsModel::CoresFreeColumn));
    QCOMPARE(changed.at(1).at(1).value<QModelIndex>().column(),
             int(ExecutorsModel::CoresUsedColumn));
    QCOMPARE(changed.at(2).at(0).value<QModelIndex>().column(),
             int(ExecutorsModel::MemoryFreeColumn));
    QCOMPARE(changed.at(2).at(1).value<QModelIndex>().column(),
             int(ExecutorsModel::MemoryUsedColumn));
    model.applyExecutors({executor(QStringLiteral("b"), 7, 1)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(resets.count(), 0);
}

void TestClusterModels::executorInstanceCountsNotifyOnlyChangedRows()
{
    ExecutorsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyExecutors(
        {executor(QStringLiteral("a"), 6, 2), executor(QStringLiteral("b"), 8, 0)});
    QCOMPARE(model.index(0, ExecutorsModel::InstancesColumn).data(), QVariant());
    model.setInstanceCounts({{QStringLiteral("a"), 2}, {QStringLiteral("b"), 0}});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setInstanceCounts({{QStringLiteral("a"), 3}, {QStringLiteral("b"), 0}});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(model.index(0, ExecutorsModel::InstancesColumn).data().toInt(), 3);
}

void TestClusterModels::eventsNewestFirstBoundedAndDeduplicated()
{
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
    model.setCapacity(3);
    QCOMPARE(model.addEvents({appStateEvent(QStringLiteral("e1"), 100, QStringLiteral("A-1"),
                                            ApplicationState::Running),
                              appStateEvent(QStringLiteral("e2"), 200, QStringLiteral("A-1"),
                                            ApplicationState::ScalingRequested)}),
             2);
    QCOMPARE(model.index(0, 0).data(RowKeyRole).toString(), QStringLiteral("e2"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // Overlapping poll: e2 again plus two newer ones; capacity drops the oldest (e1).
    QCOMPARE(model.addEvents({instanceEvent(QStringLiteral("e4"), 400, QStringLiteral("B-1"),
                                            QStringLiteral("AI-9"), InstanceState::StartFailed,
                                            QStringLiteral("boom")),
                              instanceEvent(QStringLiteral("e3"), 300, QStringLiteral("B-1"),
                                            QStringLiteral("AI-9"), InstanceState::Starting),
                              appStateEvent(QStringLiteral("e2"), 200, QStringLiteral("A-1"),
                                            ApplicationState::ScalingRequested)}),
             2);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QStringList order;
    for (int row = 0; row < model.rowCount(); ++row)
        order.append(model.index(row, 0).data(RowKeyRole).toString());
    QCOMPARE(order,
             (QStringList {QStringLiteral("e4"), QStringLiteral("e3"), QStringLiteral("e2")}));
    QCOMPARE(model.index(0, EventsModel::DetailsColumn).data().toString(), QStringLiteral("boom"));
    QCOMPARE(model.index(0, EventsModel::SubjectColumn).data().toString(), QStringLiteral("AI-9"));
    QCOMPARE(resets.count(), 0);
}

void TestClusterModels::lateEventsGoWhereTheirTimeSaysAndFilter()
{
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addEvents(
        {appStateEvent(QStringLiteral("e3"), 300, QStringLiteral("A-1"), ApplicationState::Running),
         appStateEvent(QStringLiteral("e1"), 100, QStringLiteral("B-1"),
                       ApplicationState::Running)});
    model.addEvents({appStateEvent(QStringLiteral("e2"), 200, QStringLiteral("A-1"),
                                   ApplicationState::ScalingRequested)});
    QCOMPARE(model.index(1, 0).data(RowKeyRole).toString(), QStringLiteral("e2"));

    EventFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setAppId(QStringLiteral("A-1"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setTypes({drove::protocol::DroveEventType::InstanceStateChange});
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setTypes({});
    proxy.setAppId(QString());
    QCOMPARE(proxy.rowCount(), 3);

    // Free text over what the rows show and the events' metadata, with the app filter.
    proxy.setFilterText(QStringLiteral("scaling"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(RowKeyRole).toString(), QStringLiteral("e2"));
    proxy.setFilterText(QStringLiteral("b-1 running"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(RowKeyRole).toString(), QStringLiteral("e1"));
    proxy.setAppId(QStringLiteral("A-1"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setAppId(QString());
    // Metadata keys are not values: "appId" is in every event's metadata, as a key only.
    proxy.setFilterText(QStringLiteral("appId"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 3);

    // A time window (an operation's detail): from ≤ time ≤ to, `to` 0 meaning no end.
    proxy.setAppId(QStringLiteral("A-1"));
    proxy.setTimeWindow(250, 0);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(RowKeyRole).toString(), QStringLiteral("e3"));
    proxy.setTimeWindow(150, 250);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(RowKeyRole).toString(), QStringLiteral("e2"));
    proxy.setTimeWindow(0, 0);
    QCOMPARE(proxy.rowCount(), 2);
}

void TestClusterModels::clusterOverviewNotifiesOnChange()
{
    ClusterOverview overview;
    QSignalSpy changed(&overview, &ClusterOverview::summaryChanged);
    QSignalSpy fresh(&overview, &ClusterOverview::freshnessChanged);
    drove::protocol::ClusterSummary s;
    s.leader = QStringLiteral("ctl-1:10000");
    s.totalCores = 8;
    s.usedCores = 2;
    s.totalMemory = 4096;
    s.usedMemory = 1024;
    overview.setSummary(s);
    overview.setSummary(s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(overview.coreUsage(), 0.25);
    QCOMPARE(overview.property("memoryUsage").toDouble(), 0.25);
    QCOMPARE(overview.property("leader").toString(), QStringLiteral("ctl-1:10000"));
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(5000, Qt::UTC);
    overview.setStale(true, when);
    QCOMPARE(fresh.count(), 1);
    QVERIFY(overview.isStale());
    QCOMPARE(overview.lastSuccess(), when);
    overview.setStale(false);
    QCOMPARE(overview.lastSuccess(), when);
    QCOMPARE(fresh.count(), 2);
}

void TestClusterModels::executorInstancesAcrossApplications()
{
    using test::instance;
    ExecutorInstancesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString executorId = QStringLiteral("e-exec-1");
    // Nothing in scope: lists are ignored.
    QVERIFY(!model.applyInstances(executorId, {}));
    model.setExecutor(executorId);
    QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
    QVERIFY(model.applyInstances(
        executorId,
        {instance(QStringLiteral("WEB-1"), QStringLiteral("i1"), InstanceState::Healthy, 10),
         instance(QStringLiteral("API-1"), QStringLiteral("i2"), InstanceState::Starting, 20)}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ExecutorInstancesModel::AppColumn).data().toString(),
             QStringLiteral("WEB-1"));
    QCOMPARE(model.index(1, ExecutorInstancesModel::StateColumn).data().toString(),
             QStringLiteral("STARTING"));
    QCOMPARE(model.index(1, 0).data(AppIdRole).toString(), QStringLiteral("API-1"));
    QCOMPARE(model.index(0, ExecutorInstancesModel::CoresColumn).data().toInt(), 2);

    // i2 turns healthy, i1 leaves, i3 arrives: incremental, only the state column of i2.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyInstances(
        executorId,
        {instance(QStringLiteral("API-1"), QStringLiteral("i2"), InstanceState::Healthy, 20),
         instance(QStringLiteral("API-1"), QStringLiteral("i3"), InstanceState::Pending, 30)});
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data(InstanceIdRole).toString(), QStringLiteral("i2"));
    QCOMPARE(model.index(0, 0).data(StateRole).toInt(), int(InstanceState::Healthy));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(),
             int(ExecutorInstancesModel::StateColumn));

    // Another executor's list is not this one's; another executor is a reset.
    QVERIFY(!model.applyInstances(QStringLiteral("e-other"), {}));
    QCOMPARE(model.rowCount(), 2);
    model.setExecutor(QStringLiteral("e-other"));
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestClusterModels)
#include "tst_clustermodels.moc"
