// Issue 15: places where the embedded controller answered differently from a real Drove
// controller (PhonePe/drove 1.33.3). Each case names the Java source it follows.
#include "controllertestsupport.h"

#include <QtTest>

using namespace drove::controller;
using namespace drove::controller::test;
using drove::protocol::ApplicationOperation;
using drove::protocol::ApplicationState;
using drove::protocol::DroveEventType;
using drove::protocol::InstanceState;

namespace {
const QString AppId = QStringLiteral("TEST_APP-1");
} // namespace

class TestControllerParity : public QObject
{
    Q_OBJECT
private slots:
    void appEventsCarryOnlyDroveKeys_data();
    void appEventsCarryOnlyDroveKeys();
    void suspendOnMonitoringZeroesDesiredCount_data();
    void suspendOnMonitoringZeroesDesiredCount();
    void cancelledStopWithSkipRespawn_data();
    void cancelledStopWithSkipRespawn();
    void resourceMessages_data();
    void resourceMessages();
    void stopInstancesParksByDesiredCount_data();
    void stopInstancesParksByDesiredCount();
    void removedExecutorDeletesInstancesSilently();
    void monitorLeavesBusyAppsStaleInstances();
    void maintenanceTail_data();
    void maintenanceTail();
    void failedInstancesAreCleanedUp_data();
    void failedInstancesAreCleanedUp();
};

// drove-models events/events/datatags/AppEventDataTag.java (11 keys) and
// drove-controller utils/EventUtils.java appMetadata(): nothing else is ever put in the map, so a
// Java consumer deserialising Map<AppEventDataTag, Object> fails on any other key.
// CURRENT_INSTANCES is StateData.getData().getInstances(), the ApplicationInfo the state machine
// was created with (ApplicationLifecycleManagementEngine.createDeployable; StateData.from/errorFrom
// keep the data), so after a CREATE with 0 instances it stays 0 through scale and replace.
void TestControllerParity::appEventsCarryOnlyDroveKeys_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<OperationOutcome>("outcome");
    QTest::newRow("cancelled scale") << QStringLiteral("cancel") << OperationOutcome::Cancelled;
    QTest::newRow("timed-out scale") << QStringLiteral("timeout") << OperationOutcome::TimedOut;
    QTest::newRow("failed replace") << QStringLiteral("failReplace") << OperationOutcome::Failed;
    QTest::newRow("completed replace") << QStringLiteral("replace") << OperationOutcome::Completed;
}

void TestControllerParity::appEventsCarryOnlyDroveKeys()
{
    QFETCH(QString, scenario);
    QFETCH(OperationOutcome, outcome);
    Harness h;
    QString operationId;
    if (scenario == QLatin1String("cancel")) {
        h.create(testSpec());
        operationId = h.core->submit(ApplicationOperation::scale(AppId, 20, opSpec(2))).operationId;
        h.clock.advance(1000);
        QVERIFY(h.core->cancel(AppId).cancelled);
    } else if (scenario == QLatin1String("timeout")) {
        h.create(testSpec());
        operationId
            = h.core->submit(ApplicationOperation::scale(AppId, 40, opSpec(1, 10))).operationId;
    } else {
        h.running(testSpec(), 3);
        if (scenario == QLatin1String("failReplace")) {
            FaultConfig faults;
            faults.startFailure = 1.0;
            h.core->setFaults(faults);
        }
        operationId = h.core
                          ->submit(ApplicationOperation::replaceInstances(
                              AppId, h.instanceIds(AppId), false, opSpec(3)))
                          .operationId;
    }
    QVERIFY(!operationId.isEmpty());
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->operation(operationId)->outcome, outcome);

    QSet<QString> droveKeys;
    for (const char *key :
         {"APP_ID", "APP_NAME", "APP_VERSION", "EXECUTABLE", "PLACEMENT_POLICY", "CPU_COUNT",
          "MEMORY", "PORTS", "VHOST", "CURRENT_INSTANCES", "CURRENT_STATE"})
        droveKeys.insert(QLatin1String(key));
    int appEvents = 0;
    for (const auto &event : h.core->eventsSince(0, 100000).events) {
        if (event.type != DroveEventType::AppStateChange)
            continue;
        ++appEvents;
        for (auto it = event.metadata.constBegin(); it != event.metadata.constEnd(); ++it)
            QVERIFY2(droveKeys.contains(it.key()), qPrintable(it.key()));
        QCOMPARE(event.metadata.value(QStringLiteral("CURRENT_INSTANCES")).toInteger(), 0);
    }
    QVERIFY(appEvents >= 3);
}

// ApplicationLifecycleManagementEngine.translateOp: SUSPEND becomes SCALE 0, whose
// handleStateUpdate(SCALING_REQUESTED) calls stateDB.updateInstanceCount(appId, 0); the project
// allows it from MONITORING (drove-api.md decisions), where it must still leave the count 0 or
// ApplicationMonitor.checkAllApps keeps issuing RECOVER for a crash-looping app.
void TestControllerParity::suspendOnMonitoringZeroesDesiredCount_data()
{
    QTest::addColumn<qint64>("required");
    QTest::newRow("1 wanted") << qint64(1);
    QTest::newRow("3 wanted") << qint64(3);
}

void TestControllerParity::suspendOnMonitoringZeroesDesiredCount()
{
    QFETCH(qint64, required);
    ControllerConfig config;
    config.faults.startFailure = 1.0; // every start fails: the app crash-loops
    Harness h(config);
    QVERIFY(h.create(testSpec(), required).accepted);
    QVERIFY(h.clock.runUntil(
        [&] {
            const auto summary = h.core->appSummary(AppId);
            return h.idle(AppId) && summary->state == ApplicationState::Monitoring
                && h.core->operations(AppId).size() > 1;
        },
        30LL * 60 * 1000));
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, required);
    const auto suspend = h.core->submit(ApplicationOperation::suspend(AppId, opSpec()));
    QVERIFY(suspend.accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(0));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Monitoring);
    const qsizetype before = h.core->operations(AppId).size();
    h.clock.advance(3 * config.monitorPeriodMs);
    QCOMPARE(h.core->operations(AppId).size(), before); // no more RECOVER
}

// StopAppInstancesAction.processResult lowers the desired count by the whole list only when every
// stop succeeded; the project's cancel lowers it by the instances really stopped
// (drove-api.md decisions, "cancel" row), so the next RECOVER does not stop more of them.
void TestControllerParity::cancelledStopWithSkipRespawn_data()
{
    QTest::addColumn<int>("parallelism");
    QTest::newRow("one in flight") << 1;
    QTest::newRow("two in flight") << 2;
}

void TestControllerParity::cancelledStopWithSkipRespawn()
{
    QFETCH(int, parallelism);
    Harness h;
    h.running(testSpec(), 5);
    const QStringList victims = h.instanceIds(AppId).mid(0, 4);
    QVERIFY(
        h.core
            ->submit(ApplicationOperation::stopInstances(AppId, victims, true, opSpec(parallelism)))
            .accepted);
    h.clock.advance(100); // the first `parallelism` stops are in flight
    QVERIFY(h.core->cancel(AppId).cancelled);
    QVERIFY(h.settle(AppId));
    const qint64 left = 5 - parallelism;
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, left);
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, left);
    h.clock.advance(2 * ControllerConfig().monitorPeriodMs);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, left);
}

// ControllerUtils.checkResources: the NUMA message compares the cores per instance with the
// largest physical node (layout cores) of the eligible executors, so a full cluster only gets
// the CPU message.
void TestControllerParity::resourceMessages_data()
{
    QTest::addColumn<qint64>("fillCores");
    QTest::addColumn<qint64>("askCores");
    QTest::addColumn<QStringList>("errors");
    QTest::newRow("full cluster, 1 core")
        << qint64(8) << qint64(1)
        << QStringList {
               QStringLiteral("Cluster does not have enough CPU. Required: 1 Available: 0")};
    QTest::newRow("empty cluster, 9 cores per instance")
        << qint64(0) << qint64(9)
        << QStringList {QStringLiteral("Required cores exceeds the maximum core available on a "
                                       "single NUMA node in the cluster. Required: 9 Max: 8")};
}

void TestControllerParity::resourceMessages()
{
    QFETCH(qint64, fillCores);
    QFETCH(qint64, askCores);
    QFETCH(QStringList, errors);
    Harness h;
    if (fillCores > 0) // 3 executors x 2 nodes x 8 cores
        h.running(testSpec(QStringLiteral("FILL"), QStringLiteral("1"), fillCores), 6);
    QVERIFY(h.create(testSpec(QStringLiteral("ASK"), QStringLiteral("1"), askCores)).accepted);
    const auto result
        = h.core->submit(ApplicationOperation::scale(QStringLiteral("ASK-1"), 1, opSpec()));
    QVERIFY(!result.accepted);
    QCOMPARE(result.validationErrors, errors);
}

// StopAppInstancesAction.processResult: on success RUNNING, or MONITORING when skipRespawn left
// the desired count 0 — whatever the healthy count is.
void TestControllerParity::stopInstancesParksByDesiredCount_data()
{
    QTest::addColumn<int>("broken");
    QTest::addColumn<int>("stopped");
    QTest::addColumn<ApplicationState>("parked");
    QTest::newRow("last healthy of 3 wanted") << 2 << 1 << ApplicationState::Running;
    QTest::newRow("all of 3") << 0 << 3 << ApplicationState::Monitoring;
}

void TestControllerParity::stopInstancesParksByDesiredCount()
{
    QFETCH(int, broken);
    QFETCH(int, stopped);
    QFETCH(ApplicationState, parked);
    Harness h;
    h.running(testSpec(), 3);
    QStringList ids = h.instanceIds(AppId);
    for (int i = 0; i < broken; ++i)
        QVERIFY(h.core->failInstanceHealth(AppId, ids.takeFirst()));
    QVERIFY(h.clock.runUntil([&] { return h.instanceIds(AppId).size() == 3 - broken; }, 10000));
    const auto result = h.core->submit(
        ApplicationOperation::stopInstances(AppId, ids.mid(0, stopped), true, opSpec()));
    QVERIFY2(result.accepted, qPrintable(result.validationErrors.join(QLatin1Char(';'))));
    QVERIFY(h.clock.runUntil([&] { return h.idle(AppId); }, 25000));
    QCOMPARE(h.core->operation(result.operationId)->appStates.last(), parked);
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(3 - stopped));
}

// StateUpdater (RemoveExecutorUpdateData): a removed executor's instances are deleted from the
// instance DB (deleteInstanceState): no LOST state, no INSTANCE_STATE_CHANGE, no old instance.
void TestControllerParity::removedExecutorDeletesInstancesSilently()
{
    Harness h;
    h.running(testSpec(), 3);
    const auto victim = h.core->instances(AppId).first();
    const qint64 before = h.core->eventsSince(0, 100000).lastSyncTime;
    QVERIFY(h.core->removeExecutor(victim.executorId));
    QVERIFY(!h.core->instance(AppId, victim.instanceId));
    for (const auto &old : h.core->oldInstances(AppId))
        QVERIFY(old.instanceId != victim.instanceId);
    for (const auto &event : h.core->eventsSince(before, 100000).events)
        QVERIFY(event.metadataString(QStringLiteral("INSTANCE_ID")) != victim.instanceId);
    QVERIFY(h.settle(AppId));
}

// ApplicationMonitor.checkAllApps returns before markStaleInstances for apps that are not
// RUNNING/MONITORING: a stale instance of an app in the middle of an operation stays as it is.
void TestControllerParity::monitorLeavesBusyAppsStaleInstances()
{
    ControllerConfig config;
    config.timeScale = 5.0; // slow starts: the scale below is still running after the checks
    Harness h(config);
    h.running(testSpec(), 3);
    const auto victim = h.core->instances(AppId).first();
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 30, opSpec(1, 600))).accepted);
    QVERIFY(h.core->disappearExecutor(victim.executorId));
    h.clock.advance(ControllerConfig().instanceStaleMs + 2 * ControllerConfig().monitorPeriodMs);
    QVERIFY(!h.idle(AppId));
    // Not marked LOST; once its executor is dropped the record goes with it.
    const auto info = h.core->instance(AppId, victim.instanceId);
    QVERIFY(!info || info->state == InstanceState::Healthy);
}

// drove-common CommonUtils.isInMaintenanceWindow: MAINTENANCE, or now before updated + 2 x
// EXECUTOR_REFRESH_INTERVAL (20 s) = 40 s after any change, unset included. /cluster's `state`
// is ClusterStateDB's state (ControllerUtils.computeClusterSummary): NORMAL during the tail.
void TestControllerParity::maintenanceTail_data()
{
    QTest::addColumn<qint64>("afterUnsetMs");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("at unset") << qint64(0) << false;
    QTest::newRow("39.999 s") << qint64(39999) << false;
    QTest::newRow("40 s") << qint64(40000) << true;
}

void TestControllerParity::maintenanceTail()
{
    QFETCH(qint64, afterUnsetMs);
    QFETCH(bool, accepted);
    Harness h;
    h.create(testSpec());
    h.core->setMaintenance();
    QCOMPARE(h.core->clusterSummary()->state, drove::protocol::ClusterState::Maintenance);
    h.clock.advance(5000);
    h.core->unsetMaintenance();
    QCOMPARE(h.core->clusterSummary()->state, drove::protocol::ClusterState::Normal);
    h.clock.advance(afterUnsetMs);
    QCOMPARE(h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec())).accepted, accepted);
}

// drove-executor statemachine/application/ApplicationInstanceStateMachine.java lines 61-72 (at
// 2ac73af): PROVISIONING_FAILED and START_FAILED go on through ApplicationInstanceDestroyAction,
// READINESS_CHECK_FAILED through ApplicationInstanceStopAction, to DEPROVISIONING, and
// ApplicationExecutableCleanupAction then to STOPPED. Every step is StateData.from(current, next)
// (drove-statemachine StateData.java), which keeps the error, so STOPPED still says why. The
// controller keeps one record per instance (StateUpdater.updateInstanceInfo), so the old list
// shows the instance once, in its latest state.
void TestControllerParity::failedInstancesAreCleanedUp_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<InstanceState>("failed");
    QTest::newRow("pull fails") << QStringLiteral("provisioning")
                                << InstanceState::ProvisioningFailed;
    QTest::newRow("run fails") << QStringLiteral("start") << InstanceState::StartFailed;
    QTest::newRow("never ready") << QStringLiteral("readiness")
                                 << InstanceState::ReadinessCheckFailed;
}

void TestControllerParity::failedInstancesAreCleanedUp()
{
    QFETCH(QString, fault);
    QFETCH(InstanceState, failed);
    Harness h;
    QVERIFY(h.create(testSpec()).accepted);
    FaultConfig faults;
    (fault == QLatin1String("provisioning") ? faults.provisioningFailure
         : fault == QLatin1String("start")  ? faults.startFailure
                                            : faults.readinessFailure)
        = 1.0;
    h.core->setFaults(faults);
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec(1))).accepted);
    QString instanceId;
    QVERIFY(h.clock.runUntil(
        [&] {
            for (const auto &old : h.core->oldInstances(AppId))
                if (old.state == InstanceState::Stopped) {
                    instanceId = old.instanceId;
                    return true;
                }
            return false;
        },
        60000));

    QList<InstanceState> states;
    QString stoppedError;
    const auto events = h.core->eventsSince(0, 100000).events; // newest first
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->type != DroveEventType::InstanceStateChange
            || it->metadataString(QStringLiteral("INSTANCE_ID")) != instanceId)
            continue;
        states.append(*drove::protocol::instanceStateFromString(
            it->metadataString(QStringLiteral("CURRENT_STATE"))));
        if (states.last() == InstanceState::Stopped)
            stoppedError = it->metadataString(QStringLiteral("ERROR"));
    }
    QVERIFY(states.size() >= 3);
    QCOMPARE(
        states.mid(states.size() - 3),
        (QList<InstanceState> {failed, InstanceState::Deprovisioning, InstanceState::Stopped}));

    int listed = 0;
    for (const auto &old : h.core->oldInstances(AppId)) {
        if (old.instanceId != instanceId)
            continue;
        ++listed;
        QCOMPARE(old.state, InstanceState::Stopped);
        QVERIFY(!old.errorMessage.isEmpty());
        QCOMPARE(old.errorMessage, stoppedError);
    }
    QCOMPARE(listed, 1);
    for (const auto &info : h.core->instances(AppId))
        QVERIFY(info.instanceId != instanceId);
}

QTEST_GUILESS_MAIN(TestControllerParity)
#include "tst_controllerparity.moc"
