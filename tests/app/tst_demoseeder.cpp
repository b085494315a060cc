// The first-run seed must give a new user a real cluster: apps in different states, reached
// through ordinary operations, with one operation still under way right after seeding.

#include "app/common/demoseeder.h"
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "protocol/applicationstate.h"

#include <QTemporaryDir>
#include <QTest>

using namespace drove;

class TestDemoSeeder : public QObject
{
    Q_OBJECT

private slots:
    void seedsAppsInDifferentStates()
    {
        controller::VirtualClock clock;
        controller::ControllerConfig config;
        config.randomSeed = 7;
        controller::ControllerCore core(config, &clock);
        QString error;
        QVERIFY2(core.start(&error), qPrintable(error));

        const app::DemoSeedResult result = app::seedDemoCluster(core);
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        QCOMPARE(
            result.appIds,
            QStringList({QStringLiteral("payments-api-3"), QStringLiteral("ledger-worker-12"),
                         QStringLiteral("search-indexer-5"), QStringLiteral("checkout-web-7")}));

        // Right after seeding, the scale-ups are in flight and the MONITORING app is idle.
        QVERIFY(core.activeOperation(QStringLiteral("search-indexer-5")).has_value());
        QCOMPARE(core.appSummary(QStringLiteral("ledger-worker-12"))->state.value(),
                 protocol::ApplicationState::Monitoring);

        // Twenty virtual seconds on: the quick scale-ups are done, the parallelism-1 one is not.
        clock.advance(20'000);
        const auto payments = core.appSummary(QStringLiteral("payments-api-3"));
        QVERIFY(payments);
        QCOMPARE(payments->state.value(), protocol::ApplicationState::Running);
        QCOMPARE(payments->healthyInstances, qint64(4));
        QCOMPARE(core.appSummary(QStringLiteral("checkout-web-7"))->healthyInstances, qint64(3));
        const auto indexer = core.appSummary(QStringLiteral("search-indexer-5"));
        QCOMPARE(indexer->state.value(), protocol::ApplicationState::ScalingRequested);
        QVERIFY(indexer->healthyInstances < 10);

        // It completes on its own.
        QVERIFY(clock.runUntil(
            [&] { return !core.activeOperation(QStringLiteral("search-indexer-5")).has_value(); },
            10 * 60 * 1000));
        QCOMPARE(core.appSummary(QStringLiteral("search-indexer-5"))->healthyInstances, qint64(10));
        QCOMPARE(core.appSummary(QStringLiteral("search-indexer-5"))->state.value(),
                 protocol::ApplicationState::Running);
    }

    void freshStateDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(app::isFreshStateDirectory(dir.path() + QStringLiteral("/missing")));
        QVERIFY(app::isFreshStateDirectory(dir.path()));
        QFile marker(dir.path() + QStringLiteral("/state.sqlite"));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        QVERIFY(!app::isFreshStateDirectory(dir.path()));
    }
};

QTEST_GUILESS_MAIN(TestDemoSeeder)
#include "tst_demoseeder.moc"
