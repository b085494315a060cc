// The controls a rehearsal uses to copy a live cluster into the embedded controller (issue 17):
// cores and memory held by applications outside the copy (ExecutorConfig::reserved), placement
// hints (put the next instances where the source has them) and a measured start time per app.
// All in virtual time.
#include "controllertestsupport.h"

#include <QTest>

using namespace drove;
using namespace drove::controller;
using namespace drove::controller::test;

class TestRehearsalControls : public QObject
{
    Q_OBJECT

private slots:
    void reservedResourcesAreUsedAndNeverHandedOut();
    void placementHintsPutInstancesOnTheNamedHosts();
    void placementHintsNeverBendTheRules();
    void startupHintSetsHowLongAStartTakes_data();
    void startupHintSetsHowLongAStartTakes();

private:
    static QString executorIdOf(const ControllerCore &core, const QString &hostname)
    {
        for (const auto &executor : core.executors())
            if (executor.hostname == hostname)
                return executor.executorId;
        return {};
    }
    static QMap<QString, int> hostsOf(const ControllerCore &core, const QString &appId)
    {
        QMap<QString, int> hosts;
        for (const auto &instance : core.instances(appId))
            for (const auto &executor : core.executors())
                if (executor.executorId == instance.executorId)
                    hosts[executor.hostname] += 1;
        return hosts;
    }
};

void TestRehearsalControls::reservedResourcesAreUsedAndNeverHandedOut()
{
    ControllerConfig config;
    ExecutorConfig busy = ExecutorConfig::make(QStringLiteral("busy.local"), 3000, 2, 4, 8192);
    // Another application holds cores 0-2 and 6 GiB on node 0, core 4 and 1 GiB on node 1.
    busy.reserved = {{0, {0, 1, 2}, 6144}, {1, {4}, 1024}};
    config.executors = {busy};
    Harness h(config);
    const auto details
        = h.core->executorDetails(executorIdOf(*h.core, QStringLiteral("busy.local")));
    QVERIFY(details);
    QCOMPARE(details->cpus.usedCores.value(QStringLiteral("0")), (QList<int> {0, 1, 2}));
    QCOMPARE(details->cpus.freeCores.value(QStringLiteral("0")), (QList<int> {3}));
    QCOMPARE(details->cpus.usedCores.value(QStringLiteral("1")), (QList<int> {4}));
    QCOMPARE(details->memory.freeMemory.value(QStringLiteral("0")), qint64(2048));
    QCOMPARE(details->memory.freeMemory.value(QStringLiteral("1")), qint64(7168));

    // 2 cores per instance: node 0 has one free core, node 1 three: one instance fits, and only
    // on node 1's free cores.
    const QString appId
        = h.running(testSpec(QStringLiteral("two"), QStringLiteral("1"), 2, 512), 1);
    const auto instances = h.core->instances(appId);
    QCOMPARE(instances.size(), 1);
    const auto cores = instances.constFirst().resources.constFirst().cores;
    QCOMPARE(cores.keys(), QStringList {QStringLiteral("1")});
    for (int core : cores.value(QStringLiteral("1")))
        QVERIFY2(core != 4, "a reserved core was handed out");
    // Two more need 4 cores; 2 are free in all (the reserved ones do not count): refused by the
    // resource check with Drove's CPU text, as on the source.
    const OperationResult more
        = h.core->submit(protocol::ApplicationOperation::scale(appId, 3, opSpec(1)));
    QVERIFY(!more.accepted);
    QVERIFY2(more.validationErrors.join(QStringLiteral(" ")).contains(QLatin1String("CPU")),
             qPrintable(more.validationErrors.join(QStringLiteral("; "))));
    // One more passes the cluster-wide check (2 free) but no node has 2 free cores: it cannot be
    // placed, and nothing lands on a reserved core.
    QVERIFY(h.core->submit(protocol::ApplicationOperation::scale(appId, 2, opSpec(1))).accepted);
    h.settle(appId);
    QCOMPARE(h.core->appSummary(appId)->healthyInstances, qint64(1));
}

void TestRehearsalControls::placementHintsPutInstancesOnTheNamedHosts()
{
    ControllerConfig config;
    config.executors = {ExecutorConfig::make(QStringLiteral("a.local")),
                        ExecutorConfig::make(QStringLiteral("b.local")),
                        ExecutorConfig::make(QStringLiteral("c.local"))};
    Harness h(config);
    const QString appId = h.create(testSpec(QStringLiteral("hinted"))).appId;
    h.core->setPlacementHints(appId,
                              {QStringLiteral("c.local"), QStringLiteral("c.local"),
                               QStringLiteral("a.local"), QStringLiteral("c.local")});
    QVERIFY(h.core->submit(protocol::ApplicationOperation::scale(appId, 4, opSpec(1))).accepted);
    QVERIFY(h.settle(appId));
    QCOMPARE(hostsOf(*h.core, appId),
             (QMap<QString, int> {{QStringLiteral("a.local"), 1}, {QStringLiteral("c.local"), 3}}));
    // Used up: the next placement is the scheduler's own again (any host).
    QVERIFY(h.core->submit(protocol::ApplicationOperation::scale(appId, 5, opSpec(1))).accepted);
    QVERIFY(h.settle(appId));
    QCOMPARE(h.core->instances(appId).size(), 5);
}

void TestRehearsalControls::placementHintsNeverBendTheRules()
{
    ControllerConfig config;
    config.executors = {ExecutorConfig::make(QStringLiteral("a.local")),
                        ExecutorConfig::make(QStringLiteral("b.local"))};
    Harness h(config);
    auto spec = testSpec(QStringLiteral("oneperhost"));
    spec.placementPolicy
        = protocol::PlacementPolicy::ofType(protocol::PlacementPolicyType::OnePerHost);
    const QString appId = h.create(spec).appId;
    h.core->setPlacementHints(appId, {QStringLiteral("b.local"), QStringLiteral("b.local")});
    QVERIFY(h.core->submit(protocol::ApplicationOperation::scale(appId, 2, opSpec(1))).accepted);
    QVERIFY(h.settle(appId));
    QCOMPARE(hostsOf(*h.core, appId),
             (QMap<QString, int> {{QStringLiteral("a.local"), 1}, {QStringLiteral("b.local"), 1}}));
}

void TestRehearsalControls::startupHintSetsHowLongAStartTakes_data()
{
    QTest::addColumn<qint64>("hintMs");
    QTest::addColumn<qint64>("atLeastMs");
    QTest::addColumn<qint64>("atMostMs");
    // Without a hint the simulated steps take a few seconds (pull 0.5-1.5 s, start, checks).
    QTest::newRow("no hint") << qint64(0) << qint64(500) << qint64(15000);
    QTest::newRow("measured 45 s") << qint64(45000) << qint64(40000) << qint64(50000);
    // Within what Drove waits for this spec (its 100 s pull timeout plus the checks).
    QTest::newRow("measured 90 s") << qint64(90000) << qint64(80000) << qint64(100000);
}

void TestRehearsalControls::startupHintSetsHowLongAStartTakes()
{
    QFETCH(qint64, hintMs);
    QFETCH(qint64, atLeastMs);
    QFETCH(qint64, atMostMs);
    ControllerConfig config;
    config.timeScale = 1.0;
    Harness h(config);
    const QString appId = h.create(testSpec(QStringLiteral("slow"))).appId;
    h.core->setStartupHint(appId, hintMs);
    const qint64 sent = h.clock.now();
    QVERIFY(h.core->submit(protocol::ApplicationOperation::scale(appId, 3, opSpec(3))).accepted);
    QVERIFY(h.clock.runUntil([&] { return h.core->appSummary(appId)->healthyInstances == 3; },
                             10LL * 60 * 1000));
    // PENDING → HEALTHY of each start, from the instance events (CREATED is the PENDING time).
    int starts = 0;
    for (const auto &event : h.core->eventsSince(0, 10000).events) {
        if (event.type != protocol::DroveEventType::InstanceStateChange
            || event.metadataString(protocol::eventkeys::AppId) != appId
            || event.metadataString(protocol::eventkeys::CurrentState) != QLatin1String("HEALTHY"))
            continue;
        const qint64 took
            = event.time - event.metadataString(protocol::eventkeys::Created).toLongLong();
        QVERIFY2(took >= atLeastMs && took <= atMostMs,
                 qPrintable(QStringLiteral("%1 took %2 ms")
                                .arg(event.metadataString(protocol::eventkeys::InstanceId))
                                .arg(took)));
        ++starts;
    }
    QCOMPARE(starts, 3);
    Q_UNUSED(sent);
}

QTEST_GUILESS_MAIN(TestRehearsalControls)
#include "tst_rehearsalcontrols.moc"
