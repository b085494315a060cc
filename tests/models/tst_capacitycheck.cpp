#include "models/capacitycheck.h"

#include <QTest>

using namespace drove;
using models::AppFootprint;
using models::CapacityCheck;
using models::ExecutorCapacity;
using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;

Q_DECLARE_METATYPE(drove::protocol::ApplicationOperation)
Q_DECLARE_METATYPE(drove::models::ExecutorCapacity)

class TestCapacityCheck : public QObject
{
    Q_OBJECT

private slots:
    void concurrentNewInstances_data();
    void concurrentNewInstances();
    void fitting_data();
    void fitting();
    void warnsWhenRestartSurgeDoesNotFit();
    void noWarningWhenEverythingFits();
    void noExecutors();
    void createUsesSpecFootprint();
};

namespace {

ClusterOpSpec opSpec(int parallelism)
{
    return ClusterOpSpec::make(Duration::minutes(5), parallelism);
}

AppFootprint footprint(qint64 healthy = 4, qint64 active = 4)
{
    return {2, 512, healthy, active};
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

void TestCapacityCheck::fitting_data()
{
    QTest::addColumn<QList<ExecutorCapacity>>("executors");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("expected");
    // Each instance needs 2 cores and 512 MB.
    QTest::newRow("cores bound") << QList<ExecutorCapacity> {{QStringLiteral("a"), 5, 10000}}
                                 << qint64(10) << qint64(2);
    QTest::newRow("memory bound") << QList<ExecutorCapacity> {{QStringLiteral("a"), 32, 1100}}
                                  << qint64(10) << qint64(2);
    QTest::newRow("fragmented: totals lie")
        << QList<ExecutorCapacity> {{QStringLiteral("a"), 1, 4000},
                                    {QStringLiteral("b"), 1, 4000},
                                    {QStringLiteral("c"), 1, 4000}}
        << qint64(1) << qint64(0);
    QTest::newRow("spread over executors")
        << QList<ExecutorCapacity> {{QStringLiteral("a"), 4, 1024}, {QStringLiteral("b"), 4, 1024}}
        << qint64(10) << qint64(4);
    QTest::newRow("stops at limit")
        << QList<ExecutorCapacity> {{QStringLiteral("a"), 64, 65536}} << qint64(3) << qint64(3);
}

void TestCapacityCheck::fitting()
{
    QFETCH(QList<ExecutorCapacity>, executors);
    QFETCH(qint64, limit);
    QFETCH(qint64, expected);
    QCOMPARE(CapacityCheck::fittingInstances(footprint(), executors, limit), expected);
}

void TestCapacityCheck::warnsWhenRestartSurgeDoesNotFit()
{
    // Room for 2 more instances; a restart at parallelism 3 needs 3 at once.
    const QList<ExecutorCapacity> executors {{QStringLiteral("a"), 4, 4096}};
    const auto op = ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(3));
    const QStringList warnings = CapacityCheck::warnings(op, footprint(), executors);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QLatin1String("parallelism 3")),
             qPrintable(warnings.first()));
    QVERIFY(warnings.first().contains(QLatin1String("only 2 fit")));
    // At parallelism 2 the surge fits.
    QVERIFY(
        CapacityCheck::warnings(ApplicationOperation::replaceInstances(kApp, {}, false, opSpec(2)),
                                footprint(), executors)
            .isEmpty());
}

void TestCapacityCheck::noWarningWhenEverythingFits()
{
    const QList<ExecutorCapacity> executors {{QStringLiteral("a"), 32, 65536}};
    QVERIFY(CapacityCheck::warnings(ApplicationOperation::startInstances(kApp, 8, opSpec(4)),
                                    footprint(), executors)
                .isEmpty());
}

void TestCapacityCheck::noExecutors()
{
    const auto warnings = CapacityCheck::warnings(
        ApplicationOperation::startInstances(kApp, 1, opSpec(1)), footprint(), {});
    QCOMPARE(warnings.size(), 1);
    // Nothing to start: no warning even without executors.
    QVERIFY(CapacityCheck::warnings(ApplicationOperation::suspend(kApp, opSpec(1)), footprint(), {})
                .isEmpty());
}

void TestCapacityCheck::createUsesSpecFootprint()
{
    protocol::ApplicationSpec spec;
    spec.name = QStringLiteral("BIG");
    spec.version = QStringLiteral("1");
    spec.resources
        = {protocol::ResourceRequirement::cpu(16), protocol::ResourceRequirement::memory(1024)};
    const QList<ExecutorCapacity> executors {{QStringLiteral("a"), 8, 65536}};
    const auto op = ApplicationOperation::create(spec, 1, opSpec(1));
    QCOMPARE(CapacityCheck::warnings(op, AppFootprint {}, executors).size(), 1);
}

QTEST_GUILESS_MAIN(TestCapacityCheck)
#include "tst_capacitycheck.moc"
