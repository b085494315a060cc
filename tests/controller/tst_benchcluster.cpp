// The benchmarks' controller (bench/client BenchCluster, what `bench_clientsync --serve` runs):
// seeded in virtual time, then driven by operations as a console drives it.
//
// Regression (session 10): `bench_clientsync --serve` segfaulted after about 20 SCALEs (10 <-> 11
// on random apps, one every 500 ms, from bench_consolephases' steady phase; also after a few
// hundred SCALEs and cancels posted over HTTP), destroying `OperationRecord finished` at the end of
// OperationRun::settle() (ScaleRun::roundFinished ← JobWindow::finishIfIdle ←
// ControllerEngine::notifyWaiters), its appId's data pointer "already freed". The controller was
// not at fault: BenchCluster::seed() counted finished operations with a lambda that captured a
// local `int` by reference and was connected with the cluster itself as context, so the
// connection outlived seed(). Every operation finishing after seeding incremented a word of a
// dead stack frame. Under gdb (RelWithDebInfo) settle()'s `finished.appId` sat at 0x...b470 and
// seed()'s dead `finished` at 0x...b474: each finished operation added 1 to the upper half of
// that pointer. Under ASan with detect_stack_use_after_return the first SCALE finished after
// seeding is a stack-use-after-return in that lambda.
#include "bench/client/benchcluster.h"

#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"
#include "protocol/clusteropspec.h"

#include <QSignalSpy>
#include <QtTest>

#if defined(__SANITIZE_ADDRESS__)
// Off by default in GCC's ASan: without it a write into a returned function's frame is silent.
extern "C" const char *__asan_default_options();
extern "C" const char *__asan_default_options()
{
    return "detect_stack_use_after_return=1";
}
#endif

using namespace drove;
using namespace drove::controller;

class TestBenchCluster : public QObject
{
    Q_OBJECT
private slots:
    void operationsAfterSeedingTouchNothingOfSeed()
    {
        constexpr int kApps = 4;
        constexpr int kPerApp = 2;
        BenchCluster cluster(kApps, kPerApp);
        QString error;
        QVERIFY2(cluster.seed(&error), qPrintable(error));
        ControllerCore *const core = cluster.core();
        auto *const clock = dynamic_cast<VirtualClock *>(&core->clock());
        QVERIFY(clock);

        // The console's steady phase (bench_consolephases, 3.): SCALEs up and down by one on
        // each app, each one finishing through ScaleRun::roundFinished; one more SCALE of an app
        // while its own runs (refused) and a cancel of a running one, as the churn sent them.
        QSignalSpy finished(core, &ControllerCore::operationFinished);
        int expectedFinished = 0;
        qint64 expectedHealthy = kPerApp;
        for (int round = 0; round < 6; ++round) {
            expectedHealthy = round % 2 == 0 ? kPerApp + 1 : kPerApp;
            for (int i = 0; i < kApps; ++i) {
                const QString appId = BenchCluster::appId(i);
                const auto scaled = core->submit(protocol::ApplicationOperation::scale(
                    appId, expectedHealthy,
                    protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
                QVERIFY2(scaled.accepted, qPrintable(scaled.validationErrors.join(u';')));
                ++expectedFinished;
            }
            const auto busy = core->submit(protocol::ApplicationOperation::scale(
                BenchCluster::appId(0), kPerApp + 5,
                protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
            QVERIFY(!busy.accepted);
            QVERIFY(clock->runUntil([&] { return finished.count() >= expectedFinished; },
                                    30LL * 60 * 1000));
        }
        QCOMPARE(finished.count(), expectedFinished);
        for (const QVariantList &arguments : std::as_const(finished))
            QCOMPARE(arguments.at(0).value<OperationRecord>().outcome, OperationOutcome::Completed);
        for (int i = 0; i < kApps; ++i)
            QCOMPARE(core->appSummary(BenchCluster::appId(i))->healthyInstances, expectedHealthy);

        const QString appId = BenchCluster::appId(1);
        const auto scaled = core->submit(protocol::ApplicationOperation::scale(
            appId, kPerApp + 4, protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
        QVERIFY(scaled.accepted);
        QVERIFY(core->cancel(appId).cancelled);
        QVERIFY(
            clock->runUntil([&] { return finished.count() > expectedFinished; }, 30LL * 60 * 1000));
        QCOMPARE(core->operation(scaled.operationId)->outcome, OperationOutcome::Cancelled);

        // Nothing seed() connected may outlive it: its counter lived on seed()'s stack. (This is
        // what a build without ASan can check; with ASan the operations above already failed.)
        QVERIFY(!QObject::disconnect(core, &ControllerCore::operationFinished, &cluster, nullptr));
    }
};

QTEST_GUILESS_MAIN(TestBenchCluster)
#include "tst_benchcluster.moc"
