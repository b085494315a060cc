// Durability: state written to SQLite comes back after a clean restart and after kill -9 of a
// child process mid-operation; the monitor settles what was in flight.
#include "controllertestsupport.h"

#include <QDateTime>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace drove::controller;
using namespace drove::controller::test;
using drove::protocol::ApplicationOperation;
using drove::protocol::ApplicationState;
using drove::protocol::InstanceState;

namespace {
const QString AppId = QStringLiteral("TEST_APP-1");

/// Everything a client can see, minus what a restart legitimately changes (app `created` and
/// `updated` are reset like a new leader's, which recreates every app with a CREATE; instance
/// `updated` is refreshed by the executors' reports).
QJsonObject snapshot(const ControllerCore &core)
{
    QJsonObject result;
    QJsonObject apps;
    const auto summaries = core.applications();
    for (auto it = summaries.cbegin(); it != summaries.cend(); ++it) {
        QJsonObject summary = it->toJson();
        summary.remove(QStringLiteral("created"));
        summary.remove(QStringLiteral("updated"));
        apps.insert(it.key(), summary);
        QJsonArray instances;
        for (auto info : core.instances(it.key())) {
            info.updated = 0;
            instances.append(info.toJson());
        }
        apps.insert(it.key() + QStringLiteral("/instances"), instances);
        QJsonArray old;
        for (const auto &info : core.oldInstances(it.key()))
            old.append(info.toJson());
        apps.insert(it.key() + QStringLiteral("/old"), old);
        apps.insert(it.key() + QStringLiteral("/spec"), core.spec(it.key())->toJson());
    }
    result.insert(QStringLiteral("apps"), apps);
    QJsonArray executors;
    for (const auto &executor : core.executors())
        executors.append(executor.toJson());
    result.insert(QStringLiteral("executors"), executors);
    QJsonArray operations;
    for (const auto &record : core.operations())
        operations.append(record.toJson());
    result.insert(QStringLiteral("operations"), operations);
    result.insert(QStringLiteral("clusterState"), core.clusterState().toJson());
    return result;
}
} // namespace

class TestControllerPersistence : public QObject
{
    Q_OBJECT
private slots:
    void restartRestoresState_data()
    {
        QTest::addColumn<bool>("synchronousFull");
        QTest::newRow("wal-normal") << false;
        QTest::newRow("wal-full") << true;
    }

    void restartRestoresState()
    {
        QFETCH(bool, synchronousFull);
        QTemporaryDir dir;
        ControllerConfig config;
        config.stateDir = dir.path();
        config.synchronousFull = synchronousFull;
        QJsonObject before;
        qint64 stoppedAt = 0;
        {
            Harness h(config);
            h.running(testSpec(), 5);
            QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 3, opSpec())).accepted);
            QVERIFY(h.settle(AppId)); // two old instances
            h.create(testSpec(QStringLiteral("IDLE"), QStringLiteral("7")));
            const QString extra = h.core->addExecutor(
                ExecutorConfig::make(QStringLiteral("added.drove.local"), 3000, 1, 4, 4096));
            QVERIFY(!extra.isEmpty());
            h.core->blacklist({extra});
            before = snapshot(*h.core);
            stoppedAt = h.clock.now();
        }
        VirtualClock clock(stoppedAt + 5000);
        ControllerCore core(config, &clock);
        QVERIFY(core.start());
        QCOMPARE(snapshot(core), before);
        // AppRecovery: ApplicationEngine.createApp makes the ApplicationInfo with updated = now.
        QCOMPARE(core.appSummary(AppId)->updated, clock.now());
        QCOMPARE(core.appSummary(AppId)->state, ApplicationState::Running);
        QCOMPARE(core.appSummary(QStringLiteral("IDLE-7"))->state, ApplicationState::Monitoring);
        // The restored state machines take operations at once.
        QVERIFY(core.submit(ApplicationOperation::scale(AppId, 4, opSpec())).accepted);
        QVERIFY(clock.runUntil([&] { return !core.activeOperation(AppId); }, 600000));
        QCOMPARE(core.appSummary(AppId)->healthyInstances, qint64(4));
    }

    void destroyedAppStaysGone()
    {
        QTemporaryDir dir;
        ControllerConfig config;
        config.stateDir = dir.path();
        qint64 stoppedAt = 0;
        {
            Harness h(config);
            h.create(testSpec());
            QVERIFY(h.core->submit(ApplicationOperation::destroy(AppId, opSpec())).accepted);
            QVERIFY(h.settle(AppId));
            stoppedAt = h.clock.now();
        }
        VirtualClock clock(stoppedAt + 1000);
        ControllerCore core(config, &clock);
        QVERIFY(core.start());
        QVERIFY(core.applications().isEmpty());
        QVERIFY(core.operations().isEmpty());
    }

    void unusableStateDirIsAnError()
    {
        ControllerConfig config;
        config.stateDir = QStringLiteral("/proc/definitely/not/writable");
        VirtualClock clock;
        ControllerCore core(config, &clock);
        QString error;
        QVERIFY(!core.start(&error));
        QVERIFY(!error.isEmpty());
    }

    void killMinusNineMidOperation()
    {
        QTemporaryDir dir;
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(
            QStringLiteral(DROVE_CRASH_HELPER),
            {dir.path(),
             QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json")});
        QVERIFY(child.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(child.canReadLine(), 20000);
        const QList<QByteArray> words = child.readLine().trimmed().split(' ');
        QCOMPARE(words.value(0), QByteArray("ACCEPTED"));
        const QString operationId = QString::fromLatin1(words.value(2));
        // Let the operation get going (two instances at a time), then SIGKILL mid-way.
        QByteArray progress;
        QTRY_VERIFY_WITH_TIMEOUT((progress += child.readAll()).contains("HEALTHY 4\n"), 20000);
        child.kill(); // SIGKILL on Unix
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        ControllerConfig config;
        config.stateDir = dir.path();
        config.randomSeed = 9;
        VirtualClock clock(QDateTime::currentMSecsSinceEpoch());
        ControllerCore core(config, &clock);
        QVERIFY(core.start());
        const auto summary = core.appSummary(AppId);
        QVERIFY(summary);
        QCOMPARE(summary->requiredInstances, qint64(20)); // acknowledged → durable
        QCOMPARE(summary->state, ApplicationState::Running);
        const auto record = core.operation(operationId);
        QVERIFY(record);
        QCOMPARE(record->outcome, OperationOutcome::Failed);
        QCOMPARE(record->reason, QStringLiteral("Interrupted by a controller restart"));
        const qint64 restored = core.instances(AppId).size();
        QVERIFY2(restored >= 4 && restored < 20, qPrintable(QString::number(restored)));
        // The monitor notices healthy != required and recovers with the default op spec.
        QVERIFY(clock.runUntil(
            [&] {
                return core.appSummary(AppId)->healthyInstances == 20
                    && !core.activeOperation(AppId);
            },
            30LL * 60 * 1000));
        QCOMPARE(core.instances(AppId).size(), 20);
        bool recovered = false;
        for (const auto &op : core.operations(AppId))
            recovered |= op.type == drove::protocol::OperationType::Recover
                && op.outcome == OperationOutcome::Completed;
        QVERIFY(recovered);
    }
};

QTEST_GUILESS_MAIN(TestControllerPersistence)
#include "tst_controllerpersistence.moc"
