// Unit tests of the controller's building blocks: name UUIDs, NUMA resources, placement,
// the job window and the virtual clock.
#include "controller/clock.h"
#include "controller/controllerconfig.h"
#include "controller/eventstore.h"
#include "controller/jobwindow.h"
#include "controller/nameuuid.h"
#include "controller/scheduler.h"
#include "controller/simexecutor.h"
#include "placement/executorresources.h"

#include <QJsonDocument>
#include <QtTest>

using namespace drove::controller;
using drove::protocol::PlacementPolicy;
using drove::protocol::PlacementPolicyType;

class TestControllerUnits : public QObject
{
    Q_OBJECT
private slots:
    void javaNameUuid_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QString>("expected");
        // Values of java.util.UUID.nameUUIDFromBytes(name.getBytes()).
        QTest::newRow("hello") << QByteArray("hello")
                               << QStringLiteral("5d41402a-bc4b-3a76-b971-9d911017c592");
        QTest::newRow("empty") << QByteArray()
                               << QStringLiteral("d41d8cd9-8f00-3204-a980-0998ecf8427e");
    }
    void javaNameUuid()
    {
        QFETCH(QByteArray, name);
        QFETCH(QString, expected);
        QCOMPARE(drove::controller::javaNameUuid(name), expected);
    }

    void executorIdIsNameUuidOfHostPort()
    {
        const auto executor
            = SimExecutor::create(ExecutorConfig::make(QStringLiteral("host-a"), 3000), 0, 32768);
        QCOMPARE(executor.id, drove::controller::javaNameUuid("host-a:3000"));
        QCOMPARE(executor.tags(), QStringList {QStringLiteral("host-a")});
    }

    void numaLocalAllocation_data()
    {
        QTest::addColumn<int>("cores");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<int>("expectedNode");
        QTest::newRow("fits-node-0") << 4 << qint64(1024) << 0;
        QTest::newRow("whole-node") << 8 << qint64(1024) << 0;
        QTest::newRow("too-many-cores") << 9 << qint64(1024) << -1;
        QTest::newRow("too-much-memory") << 1 << qint64(20000) << -1;
    }
    void numaLocalAllocation()
    {
        QFETCH(int, cores);
        QFETCH(qint64, memory);
        QFETCH(int, expectedNode);
        ExecutorResources resources(ExecutorConfig::make(QStringLiteral("h")).numaNodes);
        const auto allocation = resources.allocate(cores, memory);
        QCOMPARE(allocation.numaNode, expectedNode);
        if (expectedNode >= 0) {
            QCOMPARE(allocation.cores.size(), cores);
            QCOMPARE(resources.freeCoreCount(), 16 - cores);
            resources.release(allocation);
            QCOMPARE(resources.freeCoreCount(), 16);
            QCOMPARE(resources.freeMemory(), qint64(32768));
        }
    }

    void allocationNeverSpansNodes()
    {
        ExecutorResources resources(ExecutorConfig::make(QStringLiteral("h")).numaNodes);
        QVERIFY(resources.allocate(6, 10).isValid());  // node 0: 2 left
        const auto second = resources.allocate(6, 10); // must go to node 1
        QCOMPARE(second.numaNode, 1);
        QCOMPARE(second.cores, (QList<int> {8, 9, 10, 11, 12, 13}));
        QVERIFY(!resources.allocate(3, 10).isValid()); // 2 + 2 free, but on different nodes
        QVERIFY(resources.claim({0, {6, 7}, 0}));
        QVERIFY(!resources.claim({0, {6}, 0}));
    }

    void placementPolicies_data()
    {
        QTest::addColumn<PlacementPolicy>("policy");
        QTest::addColumn<QStringList>("extraTags");
        QTest::addColumn<int>("onHost");
        QTest::addColumn<bool>("expected");
        QTest::newRow("any-untagged") << PlacementPolicy::any() << QStringList() << 5 << true;
        QTest::newRow("any-tagged-implicit-no-tag")
            << PlacementPolicy::any() << QStringList {QStringLiteral("gpu")} << 0 << false;
        QTest::newRow("one-per-host-free")
            << PlacementPolicy::ofType(PlacementPolicyType::OnePerHost) << QStringList() << 0
            << true;
        QTest::newRow("one-per-host-taken")
            << PlacementPolicy::ofType(PlacementPolicyType::OnePerHost) << QStringList() << 1
            << false;
        QTest::newRow("max-2-below")
            << PlacementPolicy::maxNPerHost(2) << QStringList() << 1 << true;
        QTest::newRow("max-2-full")
            << PlacementPolicy::maxNPerHost(2) << QStringList() << 2 << false;
        QTest::newRow("match-tag") << PlacementPolicy::matchTag(QStringLiteral("gpu"))
                                   << QStringList {QStringLiteral("gpu")} << 3 << true;
        QTest::newRow("match-tag-missing")
            << PlacementPolicy::matchTag(QStringLiteral("gpu")) << QStringList() << 0 << false;
        QTest::newRow("match-hostname")
            << PlacementPolicy::matchTag(QStringLiteral("h")) << QStringList() << 0 << true;
        QTest::newRow("composite-or") << PlacementPolicy::composite(
            {PlacementPolicy::matchTag(QStringLiteral("gpu")), PlacementPolicy::maxNPerHost(1)},
            drove::protocol::CombinerType::Or)
                                      << QStringList {QStringLiteral("gpu")} << 4 << true;
        QTest::newRow("composite-and") << PlacementPolicy::composite(
            {PlacementPolicy::matchTag(QStringLiteral("gpu")), PlacementPolicy::maxNPerHost(1)},
            drove::protocol::CombinerType::And)
                                       << QStringList {QStringLiteral("gpu")} << 1 << false;
        auto rule = PlacementPolicy::ofType(PlacementPolicyType::RuleBased);
        QTest::newRow("rule-based-never") << rule << QStringList() << 0 << false;
    }
    void placementPolicies()
    {
        QFETCH(PlacementPolicy, policy);
        QFETCH(QStringList, extraTags);
        QFETCH(int, onHost);
        QFETCH(bool, expected);
        const auto executor = SimExecutor::create(
            ExecutorConfig::make(QStringLiteral("h"), 3000, 2, 8, 16384, extraTags), 0, 32768);
        QCOMPARE(Scheduler::matches(Scheduler::effectivePolicy(policy), executor, onHost),
                 expected);
    }

    void resourceCheckMessages()
    {
        QList<SimExecutor> nodes;
        for (int i = 0; i < 3; ++i)
            nodes.append(
                SimExecutor::create(ExecutorConfig::make(QStringLiteral("e%1").arg(i)), 0, 32768));
        QList<const SimExecutor *> active;
        for (const auto &node : nodes)
            active.append(&node);
        const auto any = PlacementPolicy::any();
        QCOMPARE(Scheduler::checkResources(active, any, 48, 1, 128), QStringList());
        QCOMPARE(Scheduler::checkResources(active, any, 7, 8, 128),
                 QStringList {QStringLiteral(
                     "Cluster does not have enough CPU. Required: 56 Available: 48")});
        QCOMPARE(Scheduler::checkResources(active, any, 1, 9, 128),
                 QStringList {QStringLiteral("Required cores exceeds the maximum core available "
                                             "on a single NUMA node in the cluster. Required: 9 "
                                             "Max: 8")});
        QCOMPARE(Scheduler::checkResources(active, any, 2, 1, 50000),
                 QStringList {QStringLiteral("Cluster does not have enough Memory. Required: "
                                             "100000 Available: 98304")});
        QCOMPARE(Scheduler::checkResources({}, any, 1, 1, 1),
                 QStringList {QStringLiteral("No executors on cluster")});
        QCOMPARE(Scheduler::checkResources(active, PlacementPolicy::matchTag(QStringLiteral("x")),
                                           1, 1, 1)
                     .value(0),
                 QStringLiteral("Cluster does not have enough CPU. Required: 1 Available: 0"));
    }

    void virtualClockOrdersTimers()
    {
        VirtualClock clock(1000);
        QList<int> order;
        clock.schedule(20, [&] { order.append(2); });
        clock.schedule(10, [&] { order.append(1); });
        const TimerId cancelled = clock.schedule(15, [&] { order.append(99); });
        clock.schedule(20, [&] { order.append(3); });
        clock.cancel(cancelled);
        clock.advance(19);
        QCOMPARE(order, QList<int> {1});
        QCOMPARE(clock.now(), qint64(1019));
        clock.advance(1);
        QCOMPARE(order, (QList<int> {1, 2, 3}));
        {
            QObject context;
            clock.schedule(
                5, [&] { order.append(4); }, &context);
        }
        clock.advance(10);
        QCOMPARE(order.size(), 3); // context died: not run
    }

    void jobWindowNeverExceedsParallelism_data()
    {
        QTest::addColumn<int>("parallelism");
        QTest::addColumn<int>("jobs");
        QTest::newRow("1x5") << 1 << 5;
        QTest::newRow("3x10") << 3 << 10;
        QTest::newRow("32x100") << 32 << 100;
        QTest::newRow("8x3") << 8 << 3;
    }
    void jobWindowNeverExceedsParallelism()
    {
        QFETCH(int, parallelism);
        QFETCH(int, jobs);
        VirtualClock clock;
        JobWindow window(clock, parallelism, clock.now() + 1000000);
        int running = 0;
        int maxRunning = 0;
        for (int i = 0; i < jobs; ++i)
            window.add([&, i](JobWindow::Done done) {
                maxRunning = qMax(maxRunning, ++running);
                clock.schedule(100 + (i % 7) * 13, [&, done] {
                    --running;
                    done(true);
                });
            });
        bool finished = false;
        window.start([&] { finished = true; });
        clock.runUntil([&] { return finished; }, 10000000);
        QVERIFY(finished);
        QCOMPARE(maxRunning, qMin(parallelism, jobs));
        QCOMPARE(window.maxInFlight(), qMin(parallelism, jobs));
        QCOMPARE(window.succeeded(), jobs);
    }

    void jobWindowCancelSkipsQueued()
    {
        VirtualClock clock;
        JobWindow window(clock, 2, clock.now() + 1000000);
        int started = 0;
        for (int i = 0; i < 10; ++i)
            window.add([&](JobWindow::Done done) {
                ++started;
                clock.schedule(100, [done] { done(true); });
            });
        bool finished = false;
        window.start([&] { finished = true; });
        clock.advance(50);
        window.cancel();
        QVERIFY(!finished); // the two in flight still run
        clock.advance(100);
        QVERIFY(finished);
        QCOMPARE(started, 2);
        QCOMPARE(window.succeeded(), 2);
        QCOMPARE(window.skipped(), 8);
    }

    void jobWindowDeadlineStopsNewJobs()
    {
        VirtualClock clock;
        JobWindow window(clock, 1, clock.now() + 250);
        int started = 0;
        for (int i = 0; i < 10; ++i)
            window.add([&](JobWindow::Done done) {
                ++started;
                clock.schedule(100, [done] { done(true); });
            });
        bool finished = false;
        window.start([&] { finished = true; });
        clock.runUntil([&] { return finished; }, 100000);
        QVERIFY(window.isTimedOut());
        QCOMPARE(started, 3); // at 0, 100, 200; the one at 300 is past the deadline
        QCOMPARE(clock.now() - VirtualClock().now(), qint64(300));
    }

    void eventStoreNewestFirstAndRetention()
    {
        EventStore store(1000);
        for (int i = 0; i < 5; ++i) {
            drove::protocol::DroveEvent event;
            event.time = 100 * i;
            event.id = QString::number(i);
            store.record(event);
        }
        auto list = store.since(100, 10);
        QCOMPARE(list.lastSyncTime, qint64(400));
        QCOMPARE(list.events.size(), 3);
        QCOMPARE(list.events.first().id, QStringLiteral("4"));
        QCOMPARE(store.since(0, 2).events.size(), 2);
        QCOMPARE(store.since(400, 10).events.size(), 0);
        drove::protocol::DroveEvent late;
        late.time = 1250;
        store.record(late);
        QCOMPARE(store.size(), 3); // 0, 100 and 200 dropped (older than 1250 - 1000)
        QCOMPARE(store.summary(0).eventsCount.value(QStringLiteral("APP_STATE_CHANGE")), qint64(3));
        EventStore empty;
        QCOMPARE(empty.since(77, 10).lastSyncTime, qint64(77));
    }
};

QTEST_GUILESS_MAIN(TestControllerUnits)
#include "tst_controllerunits.moc"
