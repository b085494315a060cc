// Issue 15: places where the embedded controller answered differently from a real Drove
// controller (PhonePe/drove 1.33.3). Each case names the Java source it follows.
#include "controllertestsupport.h"

#include <QTemporaryDir>
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
    void appEventMetadataValues_data();
    void appEventMetadataValues();
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
    void destroyDeletesInstanceRecordsSilently();
    void lostExecutorInstancesGoLostWhenStale();
    void slowStartIsLeftToTheExecutor();
    void updatedMovesOnlyWithTheAppRecord_data();
    void updatedMovesOnlyWithTheAppRecord();
    void appIdValidation_data();
    void appIdValidation();
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

// Every value of APP_STATE_CHANGE metadata as drove-controller utils/EventUtils.java appMetadata()
// (lines 52-95) builds it from the app's spec and the state machine's StateData:
// - CURRENT_INSTANCES (EventUtils.java:67-70) is newState.getData().getInstances(). The data is
//   the ApplicationInfo made by ApplicationLifecycleManagementEngine.createDeployable (line 129:
//   `new ApplicationInfo(appId, appSpec, create.getInstances(), now, now)`) and every action
//   passes it on unchanged (StateData.from / errorFrom in drove-statemachine StateData.java:69-86;
//   ScaleAppAction.processResult, ReplaceInstancesAppAction.processResult,
//   AppAsyncAction.handleEmptyTopology, CreateAppAction.commandReceived all use them). So it is
//   the CREATE's `instances` for the app's whole life on one leader, and the stored count after
//   a leader change (AppRecovery: `new ApplicationCreateOperation(spec, info.getInstances(), …)`).
//   The real capture drove-reference/resp-events-legacy-list.json shows CURRENT_INSTANCES 0 on
//   RUNNING after REPLACE_INSTANCES_REQUESTED for an app created with 0 and scaled.
// - PLACEMENT_POLICY is the policy's type or ANY (lines 61-64); PORTS is name:port:type
//   (lowercase) joined by ',' in spec order (lines 86-92); VHOST only with an exposureSpec
//   (lines 93-94).
void TestControllerParity::appEventMetadataValues_data()
{
    QTest::addColumn<qint64>("createdWith");
    QTest::addColumn<QString>("then");
    QTest::addColumn<bool>("twoPortsOnePerHost");
    QTest::addColumn<qint64>("currentInstances");
    QTest::newRow("created with 0, scaled to 3, replaced")
        << qint64(0) << QStringLiteral("scale3replace") << false << qint64(0);
    QTest::newRow("created with 3, replaced")
        << qint64(3) << QStringLiteral("replace") << false << qint64(3);
    QTest::newRow("created with 3, scaled to 5")
        << qint64(3) << QStringLiteral("scale5") << false << qint64(3);
    QTest::newRow("created with 2, two ports, ONE_PER_HOST, no vhost")
        << qint64(2) << QStringLiteral("replace") << true << qint64(2);
    QTest::newRow("created with 0, scaled to 3, leader restart")
        << qint64(0) << QStringLiteral("scale3restart") << false << qint64(3);
}

void TestControllerParity::appEventMetadataValues()
{
    QFETCH(qint64, createdWith);
    QFETCH(QString, then);
    QFETCH(bool, twoPortsOnePerHost);
    QFETCH(qint64, currentInstances);
    QTemporaryDir dir;
    ControllerConfig config;
    config.stateDir = dir.path();
    auto h = std::make_unique<Harness>(config);
    auto spec = testSpec();
    QString expectedPorts = QStringLiteral("main:8000:http");
    if (twoPortsOnePerHost) {
        spec.exposedPorts.append(drove::protocol::PortSpec {QStringLiteral("admin"), 8001,
                                                            drove::protocol::PortType::Tcp});
        spec.placementPolicy = drove::protocol::PlacementPolicy::ofType(
            drove::protocol::PlacementPolicyType::OnePerHost);
        spec.exposureSpec.reset();
        expectedPorts += QStringLiteral(",admin:8001:tcp");
    }
    QVERIFY(h->create(spec, createdWith).accepted);
    QVERIFY(h->settle(AppId));
    if (then.startsWith(QLatin1String("scale"))) {
        const qint64 target = then.startsWith(QLatin1String("scale3")) ? 3 : 5;
        QVERIFY(h->core->submit(ApplicationOperation::scale(AppId, target, opSpec())).accepted);
        QVERIFY(h->settle(AppId));
    }
    if (then.endsWith(QLatin1String("replace"))) {
        QVERIFY(h->core->submit(ApplicationOperation::replaceInstances(AppId, {}, false, opSpec()))
                    .accepted);
        QVERIFY(h->settle(AppId));
    }
    if (then.endsWith(QLatin1String("restart"))) {
        h.reset();
        h = std::make_unique<Harness>(config);
        // The recovered app is checked by the monitor; a scale makes it step its machine.
        QVERIFY(h->core->submit(ApplicationOperation::scale(AppId, 4, opSpec())).accepted);
        QVERIFY(h->settle(AppId));
    }

    int appEvents = 0;
    for (const auto &event : h->core->eventsSince(0, 100000).events) {
        if (event.type != DroveEventType::AppStateChange)
            continue;
        ++appEvents;
        const QJsonObject &m = event.metadata;
        QCOMPARE(m.value(QStringLiteral("APP_ID")).toString(), AppId);
        QCOMPARE(m.value(QStringLiteral("APP_NAME")).toString(), spec.name);
        QCOMPARE(m.value(QStringLiteral("APP_VERSION")).toString(), spec.version);
        QCOMPARE(m.value(QStringLiteral("EXECUTABLE")).toString(), spec.executable->url);
        QCOMPARE(m.value(QStringLiteral("PLACEMENT_POLICY")).toString(),
                 twoPortsOnePerHost ? QStringLiteral("ONE_PER_HOST") : QStringLiteral("ANY"));
        QCOMPARE(m.value(QStringLiteral("CPU_COUNT")).toInteger(), qint64(1));
        QCOMPARE(m.value(QStringLiteral("MEMORY")).toInteger(), qint64(128));
        QCOMPARE(m.value(QStringLiteral("PORTS")).toString(), expectedPorts);
        QCOMPARE(m.contains(QStringLiteral("VHOST")), !twoPortsOnePerHost);
        QCOMPARE(m.value(QStringLiteral("CURRENT_INSTANCES")).toInteger(), currentInstances);
        QVERIFY(!m.value(QStringLiteral("CURRENT_STATE")).toString().isEmpty());
    }
    QVERIFY(appEvents >= 2);
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
    h.core->setFaults(certainFault(fault));
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

// statemachine/applications/actions/DestroyAppAction.java only moves the app to DESTROYED;
// engine/ApplicationEngine.java handleAppStateUpdate then calls stateDB.deleteApplicationState and
// instanceInfoDB.deleteAllInstancesForApp: the records go without a stop and without an event.
// An app can only be destroyed in MONITORING, so what is left is an instance its executor no
// longer reports (here: a lost executor's, not yet stale when the scale to 0 ended).
void TestControllerParity::destroyDeletesInstanceRecordsSilently()
{
    Harness h;
    h.running(testSpec(), 3);
    const auto victim = h.core->instances(AppId).first();
    QVERIFY(h.core->disappearExecutor(victim.executorId));
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 0, opSpec())).accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Monitoring);
    QCOMPARE(h.core->instance(AppId, victim.instanceId)->state, InstanceState::Healthy);
    auto instanceEvents = [&] {
        int count = 0;
        for (const auto &event : h.core->eventsSince(0, 100000).events)
            count += event.type == DroveEventType::InstanceStateChange ? 1 : 0;
        return count;
    };
    const int before = instanceEvents();
    QVERIFY(h.core->submit(ApplicationOperation::destroy(AppId, opSpec())).accepted);
    QVERIFY(h.clock.runUntil([&] { return !h.core->appSummary(AppId); }, 10000));
    QCOMPARE(instanceEvents(), before);
    QVERIFY(!h.core->instance(AppId, victim.instanceId));
}

// An executor that stops reporting: its instances' records are no longer refreshed (executor
// snapshots every 20 s, StateUpdater). statedb/ApplicationInstanceInfoDB.java
// MAX_ACCEPTABLE_UPDATE_INTERVAL = 1 minute: reads hide them once older than that
// (ZkApplicationInstanceInfoDB.instances, skipStaleCheck false), and
// managed/ApplicationMonitor.java checkAllApps (every 30 s) calls markStaleInstances, which
// rewrites them LOST ("Instance lost") straight in the instance DB, so no INSTANCE_STATE_CHANGE is
// published, and counts the app short in the same pass (RECOVER). So HEALTHY for up to a minute
// after the last report, LOST at most one monitor period later.
void TestControllerParity::lostExecutorInstancesGoLostWhenStale()
{
    const ControllerConfig config;
    Harness h;
    h.running(testSpec(), 6);
    const auto victim = h.core->instances(AppId).first();
    const qint64 lastReport = victim.updated;
    auto victimEvents = [&] {
        int count = 0;
        for (const auto &event : h.core->eventsSince(0, 100000).events)
            count += event.metadataString(QStringLiteral("INSTANCE_ID")) == victim.instanceId;
        return count;
    };
    const int before = victimEvents();
    QVERIFY(h.core->disappearExecutor(victim.executorId));
    auto listed = [&] {
        for (const auto &info : h.core->instances(AppId))
            if (info.instanceId == victim.instanceId)
                return true;
        return false;
    };
    h.clock.advance(lastReport + config.instanceStaleMs - h.clock.now() - 1);
    QVERIFY(listed());
    QCOMPARE(h.core->instance(AppId, victim.instanceId)->state, InstanceState::Healthy);
    h.clock.advance(2);
    QVERIFY(!listed());
    h.clock.advance(config.monitorPeriodMs);
    const auto info = h.core->instance(AppId, victim.instanceId);
    QVERIFY(info);
    QCOMPARE(info->state, InstanceState::Lost);
    QCOMPARE(info->errorMessage, QStringLiteral("Instance lost"));
    QCOMPARE(victimEvents(), before);
    QCOMPARE(h.core->operations(AppId).last().type, drove::protocol::OperationType::Recover);
}

// engine/jobs/StartSingleInstanceJob.java startInstance (at beeb6dd): when ensureInstanceState
// gives up on HEALTHY, the finally block only discards the allocation; no stop message is sent,
// so the instance is left to its executor (and becomes HEALTHY later if it can), while the job
// retries with a new instance.
void TestControllerParity::slowStartIsLeftToTheExecutor()
{
    ControllerConfig config;
    config.timeScale = 40; // an instance takes 35-85 s to become HEALTHY; the job waits 30 s
    Harness h(config);
    auto spec = testSpec();
    spec.executable->dockerPullTimeout = drove::protocol::Duration::milliseconds(1);
    for (auto *check : {&*spec.healthcheck, &*spec.readiness}) {
        check->timeout = drove::protocol::Duration::milliseconds(1);
        check->interval = drove::protocol::Duration::milliseconds(1);
        check->attempts = 1;
    }
    const auto created = h.create(spec);
    QVERIFY2(created.accepted, qPrintable(created.validationErrors.join(QLatin1Char(';'))));
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec(1, 900)));
    QVERIFY(result.accepted);
    QVERIFY(h.settle(AppId));
    QVERIFY(h.core->operation(result.operationId)->failedStarts >= 1);

    QHash<QString, QList<InstanceState>> states;
    QStringList order;
    const auto events = h.core->eventsSince(0, 100000).events; // newest first
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->type != DroveEventType::InstanceStateChange)
            continue;
        const QString id = it->metadataString(QStringLiteral("INSTANCE_ID"));
        if (!states.contains(id))
            order.append(id);
        states[id].append(*drove::protocol::instanceStateFromString(
            it->metadataString(QStringLiteral("CURRENT_STATE"))));
    }
    QVERIFY(!order.isEmpty());
    const auto first = states.value(order.first());
    QVERIFY2(first.contains(InstanceState::Healthy), qPrintable(QString::number(first.size())));
    QVERIFY(first.indexOf(InstanceState::Healthy) < qMax(0, first.indexOf(InstanceState::Stopping))
            || !first.contains(InstanceState::Stopping));
}

// The app record (ApplicationInfo) is written at CREATE and by ApplicationStateDB
// .updateInstanceCount only (statedb/ApplicationStateDB.java, which stamps updated = now):
// SCALING_REQUESTED with a SCALE (ApplicationEngine.handleAppStateUpdate), a cancelled scale's
// roll-back and a STOP_INSTANCES with skipRespawn (ScaleAppAction / StopAppInstancesAction
// processResult). The app's state lives in its state machine, so other operations leave
// AppSummary.updated alone.
void TestControllerParity::updatedMovesOnlyWithTheAppRecord_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<bool>("moves");
    QTest::newRow("replace") << QStringLiteral("replace") << false;
    QTest::newRow("stop, respawn") << QStringLiteral("stop") << false;
    QTest::newRow("stop, skipRespawn") << QStringLiteral("stopSkip") << true;
    QTest::newRow("scale") << QStringLiteral("scale") << true;
}

void TestControllerParity::updatedMovesOnlyWithTheAppRecord()
{
    QFETCH(QString, operation);
    QFETCH(bool, moves);
    Harness h;
    h.running(testSpec(), 2);
    h.clock.advance(1000);
    const qint64 before = h.core->appSummary(AppId)->updated;
    const QStringList ids = h.instanceIds(AppId);
    const qint64 acceptedAt = h.clock.now();
    OperationResult result;
    if (operation == QLatin1String("replace"))
        result = h.core->submit(ApplicationOperation::replaceInstances(AppId, {}, false, opSpec()));
    else if (operation == QLatin1String("stop"))
        result = h.core->submit(
            ApplicationOperation::stopInstances(AppId, ids.mid(0, 1), false, opSpec()));
    else if (operation == QLatin1String("stopSkip"))
        result = h.core->submit(
            ApplicationOperation::stopInstances(AppId, ids.mid(0, 1), true, opSpec()));
    else
        result = h.core->submit(ApplicationOperation::scale(AppId, 3, opSpec()));
    QVERIFY(result.accepted);
    QVERIFY(h.clock.runUntil([&] { return h.idle(AppId); }, 25000)); // before any RECOVER
    const qint64 after = h.core->appSummary(AppId)->updated;
    if (moves)
        QVERIFY(after >= acceptedAt);
    else
        QCOMPARE(after, before);
}

// Bean validation of the operation (drove-models operation/ops/*.java): SCALE and SUSPEND carry
// `@NotNull String appId`, every other operation `@NotEmpty String appId`
// (ApplicationStartInstancesOperation, ApplicationStopInstancesOperation,
// ApplicationReplaceInstancesOperation, ApplicationDestroyOperation, ApplicationRecoverOperation).
// An empty appId that passes them is caught by ApplicationCommandValidator.validate:
// "no app id found in operation".
void TestControllerParity::appIdValidation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const QByteArray spec = R"("opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"})";
    QTest::newRow("SCALE, no appId")
        << QByteArray(R"({"type":"SCALE","requiredInstances":1,)" + spec + "}")
        << QStringLiteral("appId must not be null");
    QTest::newRow("SCALE, empty appId")
        << QByteArray(R"({"type":"SCALE","appId":"","requiredInstances":1,)" + spec + "}")
        << QStringLiteral("no app id found in operation");
    QTest::newRow("SUSPEND, no appId") << QByteArray(R"({"type":"SUSPEND",)" + spec + "}")
                                       << QStringLiteral("appId must not be null");
    QTest::newRow("SUSPEND, empty appId")
        << QByteArray(R"({"type":"SUSPEND","appId":"",)" + spec + "}")
        << QStringLiteral("no app id found in operation");
    QTest::newRow("START_INSTANCES, empty appId")
        << QByteArray(R"({"type":"START_INSTANCES","appId":"","instances":1,)" + spec + "}")
        << QStringLiteral("appId must not be empty");
    QTest::newRow("DESTROY, no appId") << QByteArray(R"({"type":"DESTROY",)" + spec + "}")
                                       << QStringLiteral("appId must not be empty");
    QTest::newRow("RECOVER, empty appId") << QByteArray(R"({"type":"RECOVER","appId":""})")
                                          << QStringLiteral("appId must not be empty");
}

void TestControllerParity::appIdValidation()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Harness h;
    const auto operation = ApplicationOperation::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(operation);
    const auto result = h.core->submit(*operation);
    QVERIFY(!result.accepted);
    QCOMPARE(result.rejection, Rejection::InvalidCommand);
    QCOMPARE(result.validationErrors, QStringList {error});
}

QTEST_GUILESS_MAIN(TestControllerParity)
#include "tst_controllerparity.moc"
