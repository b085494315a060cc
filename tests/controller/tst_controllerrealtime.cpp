// The production driver: a core on its own RealTimeClock, living on its own QThread as in the
// console, reached only through queued/blocking calls and signals.
#include "controllertestsupport.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace drove::controller;
using namespace drove::controller::test;
using drove::protocol::ApplicationOperation;

class TestControllerRealTime : public QObject
{
    Q_OBJECT
private slots:
    void scaleOnOwnThread()
    {
        ControllerConfig config;
        config.timeScale = 0.02; // HEALTHY in tens of milliseconds
        config.randomSeed = 3;
        auto *core = new ControllerCore(config); // no clock given: RealTimeClock
        QThread thread;
        core->moveToThread(&thread);
        connect(&thread, &QThread::finished, core, &QObject::deleteLater);
        thread.start();

        QSignalSpy finished(core, &ControllerCore::operationFinished);
        QString appId;
        QString operationId;
        bool started = false;
        QMetaObject::invokeMethod(
            core,
            [&] {
                started = core->start();
                QVERIFY(QThread::currentThread() == core->thread());
                appId = core->submit(ApplicationOperation::create(testSpec(), 0, opSpec())).appId;
                operationId
                    = core->submit(ApplicationOperation::scale(appId, 3, opSpec(3))).operationId;
            },
            Qt::BlockingQueuedConnection);
        QVERIFY(started);
        QVERIFY(!operationId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, 10000); // CREATE, then the SCALE
        qint64 healthy = 0;
        OperationOutcome outcome = OperationOutcome::Running;
        QMetaObject::invokeMethod(
            core,
            [&] {
                healthy = core->appSummary(appId)->healthyInstances;
                outcome = core->operation(operationId)->outcome;
            },
            Qt::BlockingQueuedConnection);
        QCOMPARE(healthy, qint64(3));
        QCOMPARE(outcome, OperationOutcome::Completed);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }
};

QTEST_GUILESS_MAIN(TestControllerRealTime)
#include "tst_controllerrealtime.moc"
