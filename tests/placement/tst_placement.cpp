// The placement rules shared by the embedded controller's scheduler and the console's pre-flight
// check and stuck reasons. The rules follow Drove's DefaultInstanceScheduler
// (drove-controller/src/main/java/com/phonepe/drove/controller/resourcemgmt/
// DefaultInstanceScheduler.java: selectExecutor → ensureResource/ONE_PER_HOST/MAX_N_PER_HOST/
// MATCH_TAG/NO_TAG checks on ACTIVE executors) and ControllerUtils.checkResources.
#include "placement/placement.h"

#include <QtTest>

using namespace drove;
using placement::Executor;
using placement::Refusal;
using protocol::CombinerType;
using protocol::ExecutorState;
using protocol::PlacementPolicy;
using protocol::PlacementPolicyType;

Q_DECLARE_METATYPE(drove::placement::Refusal)
Q_DECLARE_METATYPE(drove::placement::Executor)

namespace {

/// An executor with `nodes` NUMA nodes of `coresPerNode` cores and `memoryPerNode` MB, of which
/// `usedPerNode` cores and `usedMemoryPerNode` MB are taken on every node.
Executor executor(const char *id, int nodes = 2, int coresPerNode = 8, qint64 memoryPerNode = 16384,
                  int usedPerNode = 0, qint64 usedMemoryPerNode = 0,
                  const QStringList &extraTags = {}, ExecutorState state = ExecutorState::Active)
{
    const QList<placement::NumaNodeConfig> layout
        = placement::uniformLayout(nodes, coresPerNode, memoryPerNode);
    const QString name = QString::fromLatin1(id);
    Executor e;
    e.id = name + QStringLiteral("-id");
    e.hostname = name;
    e.tags = QStringList {name} + extraTags;
    e.state = state;
    e.resources = placement::ExecutorResources(layout);
    for (int n = 0; n < nodes; ++n) {
        placement::ResourceAllocation used;
        used.numaNode = n;
        used.cores = e.resources.freeCores(n).mid(0, usedPerNode);
        used.memoryMb = usedMemoryPerNode;
        if (usedPerNode > 0 || usedMemoryPerNode > 0)
            e.resources.claim(used);
    }
    return e;
}

PlacementPolicy onePerHost()
{
    return PlacementPolicy::ofType(PlacementPolicyType::OnePerHost);
}

} // namespace

class TestPlacement : public QObject
{
    Q_OBJECT

private slots:
    void refusal_data()
    {
        QTest::addColumn<Executor>("executor");
        QTest::addColumn<PlacementPolicy>("policy");
        QTest::addColumn<int>("onHost");
        QTest::addColumn<int>("cores");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<Refusal>("expected");

        const auto any = PlacementPolicy::any();
        QTest::newRow("any fits") << executor("e1") << any << 5 << 2 << qint64(1024)
                                  << Refusal::None;
        QTest::newRow("one-per-host free")
            << executor("e1") << onePerHost() << 0 << 2 << qint64(1024) << Refusal::None;
        QTest::newRow("one-per-host taken")
            << executor("e1") << onePerHost() << 1 << 2 << qint64(1024) << Refusal::HostLimit;
        QTest::newRow("max-2 below") << executor("e1") << PlacementPolicy::maxNPerHost(2) << 1 << 1
                                     << qint64(1) << Refusal::None;
        QTest::newRow("max-2 reached") << executor("e1") << PlacementPolicy::maxNPerHost(2) << 2
                                       << 1 << qint64(1) << Refusal::HostLimit;
        QTest::newRow("match-tag carried")
            << executor("e1", 2, 8, 16384, 0, 0, {QStringLiteral("gpu")})
            << PlacementPolicy::matchTag(QStringLiteral("gpu")) << 0 << 1 << qint64(1)
            << Refusal::None;
        QTest::newRow("match-tag missing")
            << executor("e1") << PlacementPolicy::matchTag(QStringLiteral("gpu")) << 0 << 1
            << qint64(1) << Refusal::Tags;
        QTest::newRow("match-tag hostname")
            << executor("e1") << PlacementPolicy::matchTag(QStringLiteral("e1")) << 0 << 1
            << qint64(1) << Refusal::None;
        // The implicit NO_TAG rule: a tagged executor takes only apps that ask for a tag.
        QTest::newRow("no-tag rule on tagged executor")
            << executor("e1", 2, 8, 16384, 0, 0, {QStringLiteral("gpu")}) << any << 0 << 1
            << qint64(1) << Refusal::Tags;
        QTest::newRow("composite or: tag or limit")
            << executor("e1", 2, 8, 16384, 0, 0, {QStringLiteral("gpu")})
            << PlacementPolicy::composite({PlacementPolicy::matchTag(QStringLiteral("gpu")),
                                           PlacementPolicy::maxNPerHost(1)},
                                          CombinerType::Or)
            << 4 << 1 << qint64(1) << Refusal::None;
        QTest::newRow("composite and: tag and limit")
            << executor("e1", 2, 8, 16384, 0, 0, {QStringLiteral("gpu")})
            << PlacementPolicy::composite({PlacementPolicy::matchTag(QStringLiteral("gpu")),
                                           PlacementPolicy::maxNPerHost(1)},
                                          CombinerType::And)
            << 1 << 1 << qint64(1) << Refusal::HostLimit;
        QTest::newRow("blacklisted")
            << executor("e1", 2, 8, 16384, 0, 0, {}, ExecutorState::Blacklisted) << any << 0 << 1
            << qint64(1) << Refusal::NotActive;
        QTest::newRow("blacklist requested")
            << executor("e1", 2, 8, 16384, 0, 0, {}, ExecutorState::BlacklistRequested) << any << 0
            << 1 << qint64(1) << Refusal::NotActive;
        QTest::newRow("unready") << executor("e1", 2, 8, 16384, 0, 0, {}, ExecutorState::Unready)
                                 << any << 0 << 1 << qint64(1) << Refusal::NotActive;
        // NUMA: 2 nodes of 8 cores, 6 used on each: 4 free cores exist, but never on one node.
        QTest::newRow("numa: cores split over nodes")
            << executor("e1", 2, 8, 16384, 6) << any << 0 << 4 << qint64(1) << Refusal::Cores;
        QTest::newRow("numa: whole node")
            << executor("e1", 2, 8, 16384) << any << 0 << 8 << qint64(1) << Refusal::None;
        QTest::newRow("numa: more than a node")
            << executor("e1", 2, 8, 16384) << any << 0 << 9 << qint64(1) << Refusal::Cores;
        QTest::newRow("memory") << executor("e1", 2, 8, 4096) << any << 0 << 1 << qint64(5000)
                                << Refusal::Memory;
        // Node 0 has the cores, node 1 the memory.
        Executor apart = executor("e1", 2, 8, 4096);
        apart.resources.claim({0, {}, 4000});
        apart.resources.claim({1, {8, 9, 10, 11, 12, 13, 14}, 0});
        QTest::newRow("cores and memory on different nodes")
            << apart << any << 0 << 4 << qint64(2048) << Refusal::CoresAndMemoryApart;
        Executor gone = executor("e1");
        gone.reachable = false;
        QTest::newRow("unreachable") << gone << any << 0 << 1 << qint64(1) << Refusal::Unreachable;
        QTest::newRow("rule-based never")
            << executor("e1") << PlacementPolicy::ofType(PlacementPolicyType::RuleBased) << 0 << 1
            << qint64(1) << Refusal::Tags;
    }
    void refusal()
    {
        QFETCH(Executor, executor);
        QFETCH(PlacementPolicy, policy);
        QFETCH(int, onHost);
        QFETCH(int, cores);
        QFETCH(qint64, memory);
        QFETCH(Refusal, expected);
        QCOMPARE(
            placement::refusal(executor, placement::effectivePolicy(policy), cores, memory, onHost),
            expected);
    }

    void simulate_data()
    {
        QTest::addColumn<QList<Executor>>("executors");
        QTest::addColumn<PlacementPolicy>("policy");
        QTest::addColumn<int>("cores");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("placeable");
        QTest::addColumn<QStringList>("reasons");

        const QList<Executor> three {executor("executor-1"), executor("executor-2"),
                                     executor("executor-3")};
        QTest::newRow("one-per-host 12 on 3")
            << three << onePerHost() << 1 << qint64(512) << 12 << 3
            << QStringList {QStringLiteral(
                   "ONE_PER_HOST allows one instance per executor and 3 executor(s) are ACTIVE")};
        QTest::newRow("max-2 7 on 3")
            << three << PlacementPolicy::maxNPerHost(2) << 1 << qint64(512) << 7 << 6
            << QStringList {QStringLiteral(
                   "MAX_N_PER_HOST allows 2 instances per executor and 3 executor(s) are ACTIVE")};
        QTest::newRow("everything fits")
            << three << PlacementPolicy::any() << 2 << qint64(1024) << 12 << 12 << QStringList();
        // 2 nodes × 8 cores × 3 executors = 6 instances of 8 cores; the 7th has no whole node.
        QTest::newRow("numa bound")
            << three << PlacementPolicy::any() << 8 << qint64(1024) << 7 << 6
            << QStringList {QStringLiteral("no NUMA node has 8 free core(s) (largest: 0 on "
                                           "executor-1)")};
        QList<Executor> withBlacklisted = three;
        withBlacklisted[2].state = ExecutorState::Blacklisted;
        QTest::newRow("blacklisted executor")
            << withBlacklisted << onePerHost() << 1 << qint64(512) << 3 << 2
            << QStringList {QStringLiteral("ONE_PER_HOST allows one "
                                           "instance per executor and 2 "
                                           "executor(s) are ACTIVE"),
                            QStringLiteral("executor-3 is blacklisted")};
        QTest::newRow("tag missing")
            << three << PlacementPolicy::matchTag(QStringLiteral("gpu")) << 1 << qint64(1) << 1 << 0
            << QStringList {QStringLiteral("3 executor(s) do not carry the tag gpu (executor-1, "
                                           "executor-2 and executor-3)")};
        QTest::newRow("no executors")
            << QList<Executor>() << PlacementPolicy::any() << 1 << qint64(1) << 1 << 0
            << QStringList {QStringLiteral("no executor is registered with the controller")};
    }
    void simulate()
    {
        QFETCH(QList<Executor>, executors);
        QFETCH(PlacementPolicy, policy);
        QFETCH(int, cores);
        QFETCH(qint64, memory);
        QFETCH(int, count);
        QFETCH(int, placeable);
        QFETCH(QStringList, reasons);
        const auto result = placement::simulate(executors, policy, cores, memory, count, {});
        QCOMPARE(result.requested, count);
        QCOMPARE(result.placeable, placeable);
        QCOMPARE(result.reasons, reasons);
        QCOMPARE(result.allPlaceable(), placeable == count);
        QCOMPARE(result.summary().isEmpty(), placeable == count);
    }

    void simulateCountsInstancesAlreadyThere()
    {
        const QList<Executor> three {executor("executor-1"), executor("executor-2"),
                                     executor("executor-3")};
        const QHash<QString, int> running {{QStringLiteral("executor-1-id"), 1},
                                           {QStringLiteral("executor-2-id"), 1}};
        const auto result = placement::simulate(three, onePerHost(), 1, 512, 3, running);
        QCOMPARE(result.placeable, 1);
        QCOMPARE(result.summary(),
                 QStringLiteral("1 of 3 can be placed now: ONE_PER_HOST allows one instance per "
                                "executor and 3 executor(s) are ACTIVE"));
        QCOMPARE(result.suggestions,
                 QStringList {QStringLiteral("add executors or relax the placement policy")});
    }

    void blacklistSuggestsUnblacklisting()
    {
        QList<Executor> executors {executor("executor-1")};
        executors[0].state = ExecutorState::Blacklisted;
        const auto result = placement::simulate(executors, PlacementPolicy::any(), 1, 1, 1, {});
        QCOMPARE(result.placeable, 0);
        QVERIFY(result.suggestions.contains(QStringLiteral("unblacklist executor-1")));
    }

    void unknownLayoutIsSaid()
    {
        QList<Executor> executors {executor("executor-1", 1, 4, 4096)};
        executors[0].layoutKnown = false;
        const auto result = placement::simulate(executors, PlacementPolicy::any(), 4, 1, 2, {});
        QCOMPARE(result.placeable, 1);
        QVERIFY2(result.summary().contains(QStringLiteral("NUMA layout of 1 executor(s) is not "
                                                          "known")),
                 qPrintable(result.summary()));
    }

    /// The §4.3 validation keeps Drove's texts (ControllerUtils.checkResources).
    void checkResourcesMessages()
    {
        const QList<Executor> three {executor("e1"), executor("e2"), executor("e3")};
        QCOMPARE(placement::checkResources(three, PlacementPolicy::any(), 48, 1, 128),
                 QStringList());
        QCOMPARE(placement::checkResources(three, PlacementPolicy::any(), 1, 9, 128),
                 QStringList {QStringLiteral("Required cores exceeds the maximum core available "
                                             "on a single NUMA node in the cluster. Required: 9 "
                                             "Max: 8")});
        QCOMPARE(placement::checkResources({}, PlacementPolicy::any(), 1, 1, 1),
                 QStringList {QStringLiteral("No executors on cluster")});
    }
};

QTEST_GUILESS_MAIN(TestPlacement)
#include "tst_placement.moc"
