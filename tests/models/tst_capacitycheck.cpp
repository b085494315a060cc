#include "models/capacitycheck.h"

#include <QTest>

using namespace drove;
using models::AppFootprint;
using models::CapacityCheck;
using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;
using protocol::PlacementPolicy;
using protocol::PlacementPolicyType;

Q_DECLARE_METATYPE(drove::protocol::ApplicationOperation)
Q_DECLARE_METATYPE(drove::models::AppFootprint)
Q_DECLARE_METATYPE(drove::placement::Executor)

class TestCapacityCheck : public QObject
{
    Q_OBJECT

private slots:
    void concurrentNewInstances_data();
    void concurrentNewInstances();
    void reasons_data();
    void reasons();
    void restartSuggestsLowerParallelism();
    void unknownPolicyIsSaid();
    void createUsesSpecFootprint();
};

namespace {

ClusterOpSpec opSpec(int parallelism)
{
    return ClusterOpSpec::make(Duration::minutes(5), parallelism);
}

AppFootprint footprint(qint64 healthy = 4, qint64 active = 4)
{
    AppFootprint app;
    app.coresPerInstance = 2;
    app.memoryMbPerInstance = 512;
    app.healthyInstances = healthy;
    app.activeInstances = active;
    return app;
}

/// An ACTIVE executor with `nodes` NUMA nodes of 8 cores and 16 GB, `usedPerNode` cores taken
/// on each.
placement::Executor executor(const char *id, int usedPerNode = 0, int nodes = 2)
{
    const QList<placement::NumaNodeConfig> layout = placement::uniformLayout(nodes, 8, 16384);
    placement::Executor e;
    e.hostname = QString::fromLatin1(id);
    e.id = e.hostname + QStringLiteral("-id");
    e.tags = {e.hostname};
    e.resources = placement::ExecutorResources(layout);
    for (int n = 0; n < nodes; ++n)
        e.resources.claim({n, e.resources.freeCores(n).mid(0, usedPerNode), 0});
    return e;
}

const QString kApp = QStringLiteral("APP-1");

} // namespace

void TestCapacityCheck::concurrentNewInstances_data()
{
    QTest::addColumn<ApplicationOperation>("operation");
    QTest::addColumn<qint64>("expected");
    const QStringList two {QStringLiteral("AI-1"), QStringLiteral("AI-2")};
    QTest::newRow("start 3") << ApplicationOperation::startInstances(kApp, 3, opSpec(1))
                             << qint64(3);
    QTest::newRow("scale up 4 to 10")
        << ApplicationOperation::scale(kApp, 10, opSpec(1)) << qint64(6);
    QTest::newRow("scale down") << ApplicationOperation::scale(kApp, 1, opSpec(1)) << qint64(0);
    QTest::newRow("restart all at parallelism 3")
        << ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(3)) << qint64(3);
    QTest::newRow("restart all parallelism above healthy")
        << ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(32)) << qint64(4);
    QTest::newRow("replace two at parallelism 8")
        << ApplicationOperation::replaceInstances(kApp, two, false, opSpec(8)) << qint64(2);
    QTest::newRow("restart stop first")
        << ApplicationOperation::replaceInstances(kApp, {}, true, opSpec(3)) << qint64(0);
    QTest::newRow("stop with respawn")
        << ApplicationOperation::stopInstances(kApp, two, false, opSpec(1)) << qint64(2);
    QTest::newRow("stop skip respawn")
        << ApplicationOperation::stopInstances(kApp, two, true, opSpec(1)) << qint64(0);
    QTest::newRow("suspend") << ApplicationOperation::suspend(kApp, opSpec(1)) << qint64(0);
    QTest::newRow("destroy") << ApplicationOperation::destroy(kApp, opSpec(1)) << qint64(0);
}

void TestCapacityCheck::concurrentNewInstances()
{
    QFETCH(ApplicationOperation, operation);
    QFETCH(qint64, expected);
    QCOMPARE(CapacityCheck::concurrentNewInstances(operation, footprint()), expected);
}

void TestCapacityCheck::reasons_data()
{
    QTest::addColumn<ApplicationOperation>("operation");
    QTest::addColumn<AppFootprint>("app");
    QTest::addColumn<QList<placement::Executor>>("executors");
    QTest::addColumn<QString>("expected"); ///< a part of the first warning; "" = no warning
    const QList<placement::Executor> three {executor("executor-1"), executor("executor-2"),
                                            executor("executor-3")};
    AppFootprint onePerHost = footprint(3, 3);
    onePerHost.policy = PlacementPolicy::ofType(PlacementPolicyType::OnePerHost);
    onePerHost.instancesPerExecutor = {{QStringLiteral("executor-1-id"), 1},
                                       {QStringLiteral("executor-2-id"), 1},
                                       {QStringLiteral("executor-3-id"), 1}};
    QTest::newRow("scale one-per-host to 12 on 3")
        << ApplicationOperation::scale(kApp, 12, opSpec(1)) << onePerHost << three
        << QStringLiteral("0 of 9 can be placed now: ONE_PER_HOST allows one instance per "
                          "executor and 3 executor(s) are ACTIVE");
    // The seeded checkout-web case: a restart of an app on every executor under ONE_PER_HOST.
    QTest::newRow("restart one-per-host on full cluster")
        << ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(1)) << onePerHost << three
        << QStringLiteral("0 of 1 can be placed now");
    QTest::newRow("restart stop-first needs no room")
        << ApplicationOperation::replaceInstances(kApp, {}, true, opSpec(1)) << onePerHost << three
        << QString();
    AppFootprint maxTwo = footprint(0, 0);
    maxTwo.policy = PlacementPolicy::maxNPerHost(2);
    QTest::newRow("max-n-per-host")
        << ApplicationOperation::startInstances(kApp, 7, opSpec(1)) << maxTwo << three
        << QStringLiteral("6 of 7 can be placed now: MAX_N_PER_HOST allows 2 instances per "
                          "executor");
    QList<placement::Executor> blacklisted = three;
    blacklisted[2].state = protocol::ExecutorState::Blacklisted;
    QTest::newRow("blacklisted executor")
        << ApplicationOperation::startInstances(kApp, 3, opSpec(1)) <<
        [] {
            AppFootprint app = footprint(0, 0);
            app.policy = PlacementPolicy::ofType(PlacementPolicyType::OnePerHost);
            return app;
        }()
        << blacklisted << QStringLiteral("executor-3 is blacklisted");
    AppFootprint big = footprint(0, 0);
    big.coresPerInstance = 4;
    big.policy = PlacementPolicy::any();
    // 2 nodes of 8 cores with 6 used on each: 12 cores free on the executor, 2 per node.
    QTest::newRow("numa") << ApplicationOperation::startInstances(kApp, 1, opSpec(1)) << big
                          << QList<placement::Executor> {executor("executor-2", 6)}
                          << QStringLiteral("no NUMA node has 4 free core(s) (largest: 2 on "
                                            "executor-2)");
    AppFootprint tagged = footprint(0, 0);
    tagged.policy = PlacementPolicy::matchTag(QStringLiteral("gpu"));
    QTest::newRow("tag") << ApplicationOperation::startInstances(kApp, 1, opSpec(1)) << tagged
                         << three << QStringLiteral("do not carry the tag gpu");
    QTest::newRow("fits") << ApplicationOperation::startInstances(kApp, 8, opSpec(4)) << footprint()
                          << three << QString();
    QTest::newRow("no executors") << ApplicationOperation::startInstances(kApp, 1, opSpec(1))
                                  << footprint() << QList<placement::Executor>()
                                  << QStringLiteral("no executor is registered");
    QTest::newRow("nothing started without executors")
        << ApplicationOperation::suspend(kApp, opSpec(1)) << footprint()
        << QList<placement::Executor>() << QString();
}

void TestCapacityCheck::reasons()
{
    QFETCH(ApplicationOperation, operation);
    QFETCH(AppFootprint, app);
    QFETCH(QList<placement::Executor>, executors);
    QFETCH(QString, expected);
    const QStringList warnings = CapacityCheck::warnings(operation, app, executors);
    if (expected.isEmpty()) {
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
        return;
    }
    QVERIFY(!warnings.isEmpty());
    QVERIFY2(warnings.first().contains(expected), qPrintable(warnings.first()));
    const bool pairs = operation.type == protocol::OperationType::ReplaceInstances
        || operation.type == protocol::OperationType::StopInstances;
    QVERIFY2(warnings.last().contains(pairs ? QLatin1String("stopped anyway")
                                            : QLatin1String("would wait for capacity")),
             qPrintable(warnings.last()));
}

void TestCapacityCheck::restartSuggestsLowerParallelism()
{
    // Room for 2 more instances of 2 cores (4 free on one node); parallelism 3 needs 3 at once.
    const QList<placement::Executor> executors {executor("executor-1", 4, 1)};
    AppFootprint app = footprint();
    app.policy = PlacementPolicy::any();
    const auto op = ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(3));
    const QStringList warnings = CapacityCheck::warnings(op, app, executors);
    QVERIFY2(warnings.first().contains(QLatin1String("parallelism 3")),
             qPrintable(warnings.first()));
    QVERIFY(warnings.first().contains(QLatin1String("2 of 3 can be placed now")));
    QVERIFY(warnings.join(QLatin1Char(' ')).contains(QLatin1String("lower the parallelism to 2")));
    QVERIFY(warnings.join(QLatin1Char(' ')).contains(QLatin1String("tick stopFirst")));
    QVERIFY(CapacityCheck::warnings(
                ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(2)), app, executors)
                .isEmpty());
}

void TestCapacityCheck::unknownPolicyIsSaid()
{
    const auto warnings
        = CapacityCheck::warnings(ApplicationOperation::startInstances(kApp, 1, opSpec(1)),
                                  footprint(), QList<placement::Executor>());
    QVERIFY(warnings.join(QLatin1Char(' ')).contains(QLatin1String("ANY was assumed")));
}

void TestCapacityCheck::createUsesSpecFootprint()
{
    protocol::ApplicationSpec spec;
    spec.name = QStringLiteral("BIG");
    spec.version = QStringLiteral("1");
    spec.resources
        = {protocol::ResourceRequirement::cpu(16), protocol::ResourceRequirement::memory(1024)};
    const auto op = ApplicationOperation::create(spec, 1, opSpec(1));
    const QStringList warnings
        = CapacityCheck::warnings(op, AppFootprint {}, {executor("executor-1")});
    QVERIFY(!warnings.isEmpty());
    QVERIFY2(warnings.first().contains(QLatin1String("no NUMA node has 16 free core(s)")),
             qPrintable(warnings.first()));
}

QTEST_GUILESS_MAIN(TestCapacityCheck)
#include "tst_capacitycheck.moc"
