// ControllerCore behaviour in virtual time: the A1 pipeline for every operation in every app
// state, each operation's lifecycle, the job engine (window, deadline, cancel), placement and
// resources, executor loss, events, maintenance, blacklisting, faults and logs.
#include "controllertestsupport.h"

#include "protocol/operationvalidator.h"

#include <QSignalSpy>
#include <QtTest>

using namespace drove::controller;
using namespace drove::controller::test;
using drove::protocol::ApplicationOperation;
using drove::protocol::ApplicationState;
using drove::protocol::InstanceState;
using drove::protocol::OperationType;

namespace {
const QString AppId = QStringLiteral("TEST_APP-1");

ApplicationOperation opNamed(const QString &name, const QString &appId, const QStringList &ids)
{
    if (name == QLatin1String("START_INSTANCES"))
        return ApplicationOperation::startInstances(appId, 1, opSpec());
    if (name == QLatin1String("SCALE"))
        return ApplicationOperation::scale(appId, 3, opSpec());
    if (name == QLatin1String("SUSPEND"))
        return ApplicationOperation::suspend(appId, opSpec());
    if (name == QLatin1String("STOP_INSTANCES"))
        return ApplicationOperation::stopInstances(
            appId, ids.isEmpty() ? QStringList {QStringLiteral("AI-none")} : ids.mid(0, 1), true,
            opSpec());
    if (name == QLatin1String("REPLACE_INSTANCES"))
        return ApplicationOperation::replaceInstances(appId, {}, false, opSpec());
    if (name == QLatin1String("DESTROY"))
        return ApplicationOperation::destroy(appId, opSpec());
    if (name == QLatin1String("RECOVER"))
        return ApplicationOperation::recover(appId);
    return ApplicationOperation::create(testSpec(), 0, opSpec());
}

QString onlyMessage(const QString &ops, const QString &state)
{
    return QStringLiteral("Only [%1] allowed for app TEST_APP-1 as it is in %2 state")
        .arg(ops, state);
}

QString busy(const QString &wireType)
{
    return QStringLiteral("Operation %1 is already in progress for app TEST_APP-1; wait for it "
                          "to finish or cancel it")
        .arg(wireType);
}
} // namespace

class TestControllerCore : public QObject
{
    Q_OBJECT
private slots:
    void operationInEveryState_data();
    void operationInEveryState();
    void createIsParkedBeforeSubmitReturns_data();
    void createIsParkedBeforeSubmitReturns();
    void scaleUpReachesHealthyThroughAllStates();
    void parallelismWindowNeverExceeded_data();
    void parallelismWindowNeverExceeded();
    void scaleDownStopsOldestFirst();
    void startInstancesAddsToHealthy();
    void suspendStopsEverything_data();
    void suspendStopsEverything();
    void stopInstancesSkipRespawn();
    void stopInstancesRespawnsBeforeStopping();
    void replaceProducesNewIds_data();
    void replaceProducesNewIds();
    void destroyObliteratesApp();
    void deadlineStopsNewJobs();
    void cancelSkipsQueuedJobs();
    void cancelWithNothingToCancel_data();
    void cancelWithNothingToCancel();
    void resourceRejections_data();
    void resourceRejections();
    void placementOnePerHostCapsInstances();
    void ruleBasedPlacementRefused();
    void failedStartsAreRetriedWithNewIds();
    void executorLostMidOperation();
    void monitorRecoversAfterHealthFailure();
    void appStateEventsCarryMetadata();
    void eventsSinceNewestFirst();
    void maintenanceBlocksCommands();
    void blacklistMovesInstances();
    void logsGrowWhileRunning();
    void queriesMatchDroveShapes();
    void healthyCounterMatchesInstances();
    void applicationListBytes_data();
    void applicationListBytes();
    void faultsEndStoppedWithTheirError_data();
    void faultsEndStoppedWithTheirError();
    void healthFailureProbabilityStopsInstances();
    void timeScaleSpeedsUpInstances_data();
    void timeScaleSpeedsUpInstances();
    void executorAddedAndRemovedAtRunTime();
    void cancelReplaceSkipsPairedStop();
    void placementRespectsTags_data();
    void placementRespectsTags();
};

void TestControllerCore::operationInEveryState_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("op");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("message");
    const QStringList ops {QStringLiteral("START_INSTANCES"),   QStringLiteral("SCALE"),
                           QStringLiteral("SUSPEND"),           QStringLiteral("STOP_INSTANCES"),
                           QStringLiteral("REPLACE_INSTANCES"), QStringLiteral("DESTROY"),
                           QStringLiteral("RECOVER"),           QStringLiteral("CREATE")};
    const QString monitoringOps
        = QStringLiteral("DESTROY, RECOVER, SCALE_INSTANCES, START_INSTANCES, SUSPEND");
    const QString runningOps = QStringLiteral("RECOVER, REPLACE_INSTANCES, SCALE_INSTANCES, "
                                              "START_INSTANCES, STOP_INSTANCES, SUSPEND");
    const QString exists = QStringLiteral("App TEST_APP-1 already exists");
    auto row = [](const QString &state, const QString &op, bool accepted, const QString &message) {
        QTest::addRow("%s/%s", qPrintable(state), qPrintable(op))
            << state << op << accepted << message;
    };
    for (const QString &op : ops) {
        // MONITORING
        const bool monitoringOk = monitoringOps.contains(
            op == QLatin1String("SCALE") ? QStringLiteral("SCALE_INSTANCES") : op);
        if (op == QLatin1String("CREATE"))
            row(QStringLiteral("MONITORING"), op, false, exists);
        else
            row(QStringLiteral("MONITORING"), op, monitoringOk,
                monitoringOk ? QString()
                             : onlyMessage(monitoringOps, QStringLiteral("MONITORING")));
        // RUNNING
        const bool runningOk = op != QLatin1String("DESTROY") && op != QLatin1String("CREATE");
        row(QStringLiteral("RUNNING"), op, runningOk,
            op == QLatin1String("CREATE")
                ? exists
                : (runningOk ? QString() : onlyMessage(runningOps, QStringLiteral("RUNNING"))));
        // Busy states: the slot is taken, so every operation names the active one.
        const QList<QPair<QString, QString>> busyStates {
            {QStringLiteral("SCALING_REQUESTED"), QStringLiteral("SCALE")},
            {QStringLiteral("OUTAGE_DETECTED"), QStringLiteral("RECOVER")},
            {QStringLiteral("STOP_INSTANCES_REQUESTED"), QStringLiteral("STOP_INSTANCES")},
            {QStringLiteral("REPLACE_INSTANCES_REQUESTED"), QStringLiteral("REPLACE_INSTANCES")},
            {QStringLiteral("DESTROY_REQUESTED"), QStringLiteral("DESTROY")}};
        for (const auto &[state, active] : busyStates)
            row(state, op, false, op == QLatin1String("CREATE") ? exists : busy(active));
        // No app at all.
        row(QStringLiteral("NONE"), op, op == QLatin1String("CREATE"),
            op == QLatin1String("CREATE") ? QString()
                                          : QStringLiteral("No state found for app: TEST_APP-1"));
    }
}

void TestControllerCore::operationInEveryState()
{
    QFETCH(QString, state);
    QFETCH(QString, op);
    QFETCH(bool, accepted);
    QFETCH(QString, message);

    Harness h;
    if (state != QLatin1String("NONE")) {
        if (state == QLatin1String("MONITORING") || state == QLatin1String("DESTROY_REQUESTED"))
            QVERIFY(h.create(testSpec()).accepted);
        else
            h.running(testSpec(), 2);
        const QStringList healthy = h.instanceIds(AppId);
        ApplicationOperation toBusy;
        if (state == QLatin1String("SCALING_REQUESTED"))
            toBusy = ApplicationOperation::scale(AppId, 4, opSpec());
        else if (state == QLatin1String("OUTAGE_DETECTED"))
            toBusy = ApplicationOperation::recover(AppId);
        else if (state == QLatin1String("STOP_INSTANCES_REQUESTED"))
            toBusy = ApplicationOperation::stopInstances(AppId, healthy.mid(0, 1), true, opSpec());
        else if (state == QLatin1String("REPLACE_INSTANCES_REQUESTED"))
            toBusy = ApplicationOperation::replaceInstances(AppId, {}, false, opSpec());
        else if (state == QLatin1String("DESTROY_REQUESTED"))
            toBusy = ApplicationOperation::destroy(AppId, opSpec());
        if (!toBusy.appId.isEmpty())
            QVERIFY(h.core->submit(toBusy).accepted);
        QCOMPARE(drove::protocol::toString(*h.core->appSummary(AppId)->state), state);
    }
    const OperationResult result = h.core->submit(opNamed(op, AppId, h.instanceIds(AppId)));
    QCOMPARE(result.accepted, accepted);
    if (accepted) {
        QCOMPARE(result.rejection, Rejection::None);
        QCOMPARE(result.appId, AppId);
        QVERIFY(!result.operationId.isEmpty());
        QVERIFY(h.core->operation(result.operationId).has_value());
    } else {
        QCOMPARE(result.rejection, Rejection::InvalidCommand);
        QCOMPARE(result.message, QStringLiteral("Command validation failure"));
        QCOMPARE(result.validationErrors, QStringList {message});
    }
}

void TestControllerCore::createIsParkedBeforeSubmitReturns_data()
{
    QTest::addColumn<qint64>("instances");
    QTest::addColumn<QString>("state");
    QTest::newRow("zero-monitoring") << qint64(0) << QStringLiteral("MONITORING");
    QTest::newRow("three-running") << qint64(3) << QStringLiteral("RUNNING");
}

void TestControllerCore::createIsParkedBeforeSubmitReturns()
{
    QFETCH(qint64, instances);
    QFETCH(QString, state);
    Harness h;
    const auto result = h.create(testSpec(), instances);
    QVERIFY(result.accepted);
    QCOMPARE(result.appId, AppId);
    const auto summary = h.core->appSummary(AppId);
    QVERIFY(summary);
    QCOMPARE(drove::protocol::toString(*summary->state), state);
    QCOMPARE(summary->requiredInstances, instances);
    // The next operation is accepted at once.
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec())).accepted);
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Completed);
}

void TestControllerCore::scaleUpReachesHealthyThroughAllStates()
{
    Harness h;
    h.create(testSpec());
    QList<InstanceState> seen;
    QString firstId;
    connect(h.core.get(), &ControllerCore::instanceChanged, this,
            [&](const QString &, const QString &instanceId) {
                if (firstId.isEmpty())
                    firstId = instanceId;
                if (instanceId == firstId)
                    if (auto info = h.core->instance(AppId, instanceId))
                        seen.append(info->state);
            });
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 5, opSpec(5)));
    QVERIFY(result.accepted);
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::ScalingRequested);
    const qint64 begin = h.clock.now();
    QVERIFY(h.settle(AppId));
    QVERIFY(h.clock.now() - begin <= 6000); // HEALTHY within ~2-5 s at time scale 1
    QCOMPARE(seen,
             (QList<InstanceState> {InstanceState::Pending, InstanceState::Provisioning,
                                    InstanceState::Starting, InstanceState::Unready,
                                    InstanceState::Ready, InstanceState::Healthy}));
    const auto summary = h.core->appSummary(AppId);
    QCOMPARE(summary->state, ApplicationState::Running);
    QCOMPARE(summary->healthyInstances, qint64(5));
    QCOMPARE(summary->totalCPUs, qint64(5));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Completed);
    for (const auto &info : h.core->instances(AppId)) {
        QVERIFY(info.instanceId.startsWith(QLatin1String("AI-")));
        QVERIFY(info.localInfo);
        QVERIFY(info.localInfo->ports.value(QStringLiteral("main")).hostPort >= 32768);
        QCOMPARE(info.resources.size(), 2);
        QCOMPARE(info.resources[0].coreCount(), qint64(1));
        QCOMPARE(info.errorMessage, QString());
    }
}

void TestControllerCore::parallelismWindowNeverExceeded_data()
{
    QTest::addColumn<int>("parallelism");
    QTest::addColumn<int>("instances");
    QTest::newRow("p1") << 1 << 6;
    QTest::newRow("p4") << 4 << 20;
    QTest::newRow("p7") << 7 << 40;
    QTest::newRow("p32") << 32 << 45;
}

void TestControllerCore::parallelismWindowNeverExceeded()
{
    QFETCH(int, parallelism);
    QFETCH(int, instances);
    Harness h;
    h.create(testSpec());
    // Jobs in flight = instances on their way to HEALTHY (each start job waits for one).
    int maxStarting = 0;
    connect(h.core.get(), &ControllerCore::instanceChanged, this, [&] {
        int starting = 0;
        for (const auto &info : h.core->instances(AppId))
            starting += info.state != InstanceState::Healthy ? 1 : 0;
        maxStarting = qMax(maxStarting, starting);
    });
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, instances, opSpec(parallelism)))
                .accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(maxStarting, qMin(parallelism, instances));
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(instances));

    // Scale down: stops in flight are bounded the same way.
    int maxStopping = 0;
    disconnect(h.core.get(), &ControllerCore::instanceChanged, this, nullptr);
    connect(h.core.get(), &ControllerCore::instanceChanged, this, [&] {
        int stopping = 0;
        for (const auto &info : h.core->instances(AppId))
            stopping += info.state != InstanceState::Healthy ? 1 : 0;
        maxStopping = qMax(maxStopping, stopping);
    });
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 0, opSpec(parallelism))).accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(maxStopping, qMin(parallelism, instances));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Monitoring);
}

void TestControllerCore::scaleDownStopsOldestFirst()
{
    Harness h;
    h.running(testSpec(), 6, 1); // parallelism 1: distinct creation times
    auto infos = h.core->instances(AppId);
    std::sort(infos.begin(), infos.end(), [](auto &a, auto &b) { return a.created < b.created; });
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 2, opSpec(2))).accepted);
    QVERIFY(h.settle(AppId));
    QStringList remaining = h.instanceIds(AppId);
    std::sort(remaining.begin(), remaining.end());
    QStringList newest {infos[4].instanceId, infos[5].instanceId};
    std::sort(newest.begin(), newest.end());
    QCOMPARE(remaining, newest);
    QCOMPARE(h.core->oldInstances(AppId).size(), 4);
    for (const auto &old : h.core->oldInstances(AppId))
        QCOMPARE(old.state, InstanceState::Stopped);
}

void TestControllerCore::startInstancesAddsToHealthy()
{
    Harness h;
    h.running(testSpec(), 2);
    QVERIFY(h.core->submit(ApplicationOperation::startInstances(AppId, 3, opSpec())).accepted);
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(5));
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(5));
}

void TestControllerCore::suspendStopsEverything_data()
{
    QTest::addColumn<int>("healthy");
    QTest::addColumn<int>("expectedEvents");
    QTest::newRow("running") << 3 << 2;    // SCALING_REQUESTED, MONITORING
    QTest::newRow("monitoring") << 0 << 1; // no-op: MONITORING only
}

void TestControllerCore::suspendStopsEverything()
{
    QFETCH(int, healthy);
    QFETCH(int, expectedEvents);
    Harness h;
    if (healthy)
        h.running(testSpec(), healthy);
    else
        h.create(testSpec());
    const qint64 since = h.clock.now();
    h.clock.advance(1);
    const auto result = h.core->submit(ApplicationOperation::suspend(AppId, opSpec()));
    QVERIFY(result.accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Monitoring);
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(0));
    QCOMPARE(h.core->instances(AppId).size(), 0);
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Completed);
    int appEvents = 0;
    for (const auto &event : h.core->eventsSince(since, 10000).events)
        appEvents += event.type == drove::protocol::DroveEventType::AppStateChange ? 1 : 0;
    QCOMPARE(appEvents, expectedEvents);
}

void TestControllerCore::stopInstancesSkipRespawn()
{
    Harness h;
    h.running(testSpec(), 4);
    const QStringList victims = h.instanceIds(AppId).mid(0, 2);
    QVERIFY(h.core->submit(ApplicationOperation::stopInstances(AppId, victims, true, opSpec()))
                .accepted);
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::StopInstancesRequested);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(2));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Running);
    for (const QString &id : victims) {
        QVERIFY(!h.instanceIds(AppId).contains(id));
        QCOMPARE(h.core->instance(AppId, id)->state, InstanceState::Stopped);
    }
    // Stopping the rest with skipRespawn empties the app.
    QVERIFY(h.core
                ->submit(ApplicationOperation::stopInstances(AppId, h.instanceIds(AppId), true,
                                                             opSpec()))
                .accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Monitoring);
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(0));
}

void TestControllerCore::stopInstancesRespawnsBeforeStopping()
{
    Harness h;
    h.running(testSpec(), 3);
    const QString victim = h.instanceIds(AppId).first();
    // Record the order: a new HEALTHY instance must appear before the victim starts stopping.
    QStringList order;
    connect(h.core.get(), &ControllerCore::instanceChanged, this,
            [&](const QString &, const QString &id) {
                const auto info = h.core->instance(AppId, id);
                if (id == victim && info->state == InstanceState::Stopping)
                    order.append(QStringLiteral("victim-stopping"));
                if (id != victim && info->state == InstanceState::Healthy)
                    order.append(QStringLiteral("replacement-healthy"));
            });
    QVERIFY(h.core->submit(ApplicationOperation::stopInstances(AppId, {victim}, false, opSpec()))
                .accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(
        order,
        (QStringList {QStringLiteral("replacement-healthy"), QStringLiteral("victim-stopping")}));
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(3));
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(3));
    QVERIFY(!h.instanceIds(AppId).contains(victim));
}

void TestControllerCore::replaceProducesNewIds_data()
{
    QTest::addColumn<bool>("all");
    QTest::addColumn<bool>("stopFirst");
    QTest::newRow("all-start-first") << true << false;
    QTest::newRow("all-stop-first") << true << true;
    QTest::newRow("listed") << false << false;
}

void TestControllerCore::replaceProducesNewIds()
{
    QFETCH(bool, all);
    QFETCH(bool, stopFirst);
    Harness h;
    h.running(testSpec(), 4);
    const QStringList before = h.instanceIds(AppId);
    const QStringList targets = all ? QStringList() : before.mid(0, 2);
    const auto result = h.core->submit(
        ApplicationOperation::replaceInstances(AppId, targets, stopFirst, opSpec(2)));
    QVERIFY(result.accepted);
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::ReplaceInstancesRequested);
    QVERIFY(h.settle(AppId));
    const QStringList after = h.instanceIds(AppId);
    QCOMPARE(after.size(), 4);
    const QStringList replaced = all ? before : targets;
    for (const QString &id : replaced)
        QVERIFY(!after.contains(id));
    for (const QString &id : before)
        if (!replaced.contains(id))
            QVERIFY(after.contains(id));
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(4));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Completed);
    // Unknown or non-healthy ids are refused.
    const auto bad = h.core->submit(ApplicationOperation::replaceInstances(
        AppId, {QStringLiteral("AI-x"), QStringLiteral("AI-y")}, false, opSpec()));
    QCOMPARE(bad.validationErrors,
             QStringList {QStringLiteral("There are no replaceable healthy instances with ids: "
                                         "[AI-x, AI-y]")});
}

void TestControllerCore::destroyObliteratesApp()
{
    Harness h;
    h.running(testSpec(), 2);
    QVERIFY(h.core->submit(ApplicationOperation::suspend(AppId, opSpec())).accepted);
    QVERIFY(h.settle(AppId));
    QSignalSpy removed(h.core.get(), &ControllerCore::applicationRemoved);
    QVERIFY(h.core->submit(ApplicationOperation::destroy(AppId, opSpec())).accepted);
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::DestroyRequested);
    QVERIFY(h.settle(AppId));
    QCOMPARE(removed.count(), 1);
    QVERIFY(!h.core->appSummary(AppId));
    QVERIFY(h.core->oldInstances(AppId).isEmpty());
    QVERIFY(h.core->operations(AppId).isEmpty());
    QVERIFY(h.core->applications().isEmpty());
    bool sawDestroyed = false;
    for (const auto &event : h.core->eventsSince(0, 100000).events)
        sawDestroyed
            |= event.metadataString(QStringLiteral("CURRENT_STATE")) == QLatin1String("DESTROYED");
    QVERIFY(sawDestroyed);
    QVERIFY(h.create(testSpec()).accepted); // the id is reusable
}

void TestControllerCore::deadlineStopsNewJobs()
{
    Harness h;
    h.create(testSpec());
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 40, opSpec(1, 10)));
    QVERIFY(result.accepted);
    const qint64 deadline = h.clock.now() + 10000;
    QVERIFY(h.settle(AppId));
    const auto record = h.core->operation(result.operationId);
    QCOMPARE(record->outcome, OperationOutcome::TimedOut);
    QVERIFY(!record->reason.isEmpty());
    const auto summary = h.core->appSummary(AppId);
    QCOMPARE(summary->state, ApplicationState::Running);
    QVERIFY(summary->healthyInstances > 0);
    QVERIFY(summary->healthyInstances < 10);
    for (const auto &info : h.core->instances(AppId))
        QVERIFY(info.created <= deadline);
    // The outcome lives in the record only: real events carry no outcome key (issue 15).
    for (const auto &event : h.core->eventsSince(0, 100000).events)
        QVERIFY(!event.metadata.contains(QStringLiteral("OPERATION_OUTCOME")));
}

void TestControllerCore::cancelSkipsQueuedJobs()
{
    Harness h;
    h.create(testSpec());
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 20, opSpec(2)));
    QVERIFY(result.accepted);
    h.clock.advance(1000); // the first two starts are in flight
    const CancelResult cancel = h.core->cancel(AppId);
    QVERIFY(cancel.cancelled);
    QCOMPARE(cancel.rejection, Rejection::None);
    QCOMPARE(cancel.operationId, result.operationId);
    QVERIFY(!h.idle(AppId)); // jobs in flight still finish
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Cancelled);
    const auto summary = h.core->appSummary(AppId);
    QCOMPARE(summary->healthyInstances, qint64(2));
    QCOMPARE(summary->requiredInstances, qint64(2)); // desired := healthy after a cancelled scale
    QCOMPARE(summary->state, ApplicationState::Running);
}

void TestControllerCore::cancelWithNothingToCancel_data()
{
    QTest::addColumn<QString>("situation");
    QTest::newRow("unknown-app") << QStringLiteral("unknown");
    QTest::newRow("idle-app") << QStringLiteral("idle");
    QTest::newRow("destroy-running") << QStringLiteral("destroy");
    QTest::newRow("recover-outage-phase") << QStringLiteral("recover");
}

void TestControllerCore::cancelWithNothingToCancel()
{
    QFETCH(QString, situation);
    Harness h;
    if (situation != QLatin1String("unknown"))
        h.create(testSpec());
    if (situation == QLatin1String("destroy"))
        h.core->submit(ApplicationOperation::destroy(AppId, opSpec()));
    if (situation == QLatin1String("recover"))
        h.core->submit(ApplicationOperation::recover(AppId));
    const CancelResult result = h.core->cancel(AppId);
    QVERIFY(!result.cancelled);
    QCOMPARE(result.rejection, Rejection::NotCancellable);
    QCOMPARE(result.message, QStringLiteral("Current operation could not be cancelled"));
}

void TestControllerCore::resourceRejections_data()
{
    QTest::addColumn<qint64>("cpu");
    QTest::addColumn<qint64>("memory");
    QTest::addColumn<qint64>("instances");
    QTest::addColumn<QStringList>("errors");
    QTest::newRow("cpu") << qint64(8) << qint64(128) << qint64(7)
                         << QStringList {QStringLiteral(
                                "Cluster does not have enough CPU. Required: 56 Available: 48")};
    QTest::newRow("memory") << qint64(1) << qint64(40000) << qint64(3)
                            << QStringList {QStringLiteral("Cluster does not have enough Memory. "
                                                           "Required: 120000 Available: 98304")};
    QTest::newRow("numa") << qint64(9) << qint64(128) << qint64(1)
                          << QStringList {QStringLiteral("Required cores exceeds the maximum core "
                                                         "available on a single NUMA node in the "
                                                         "cluster. Required: 9 Max: 8")};
    QTest::newRow("fits") << qint64(8) << qint64(128) << qint64(6) << QStringList();
}

void TestControllerCore::resourceRejections()
{
    QFETCH(qint64, cpu);
    QFETCH(qint64, memory);
    QFETCH(qint64, instances);
    QFETCH(QStringList, errors);
    Harness h;
    QVERIFY(
        h.create(testSpec(QStringLiteral("TEST_APP"), QStringLiteral("1"), cpu, memory)).accepted);
    for (const auto &op : {ApplicationOperation::scale(AppId, instances, opSpec()),
                           ApplicationOperation::startInstances(AppId, instances, opSpec())}) {
        const auto result = h.core->submit(op);
        QCOMPARE(result.validationErrors, errors);
        if (result.accepted) {
            h.core->cancel(AppId);
            QVERIFY(h.settle(AppId));
            h.core->submit(ApplicationOperation::scale(AppId, 0, opSpec()));
            QVERIFY(h.settle(AppId));
        }
    }
}

void TestControllerCore::placementOnePerHostCapsInstances()
{
    Harness h;
    auto spec = testSpec();
    spec.placementPolicy = drove::protocol::PlacementPolicy::ofType(
        drove::protocol::PlacementPolicyType::OnePerHost);
    h.create(spec);
    // The resource check passes (placement is not evaluated there); only 3 hosts exist.
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 4, opSpec(4, 30)));
    QVERIFY(result.accepted);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::TimedOut);
    const auto instances = h.core->instances(AppId);
    QCOMPARE(instances.size(), 3);
    QSet<QString> hosts;
    for (const auto &info : instances)
        hosts.insert(info.executorId);
    QCOMPARE(hosts.size(), 3);
}

void TestControllerCore::ruleBasedPlacementRefused()
{
    Harness h;
    auto spec = testSpec();
    auto rule
        = drove::protocol::PlacementPolicy::ofType(drove::protocol::PlacementPolicyType::RuleBased);
    rule.rule = QStringLiteral("true");
    rule.ruleType = drove::protocol::RuleType::Hope;
    spec.placementPolicy = rule;
    const auto result = h.create(spec);
    QVERIFY(!result.accepted);
    QVERIFY(result.validationErrors.last().contains(QLatin1String("RULE_BASED is not supported")));
    QVERIFY(!h.core->validateSpec(spec).accepted);
    QVERIFY(h.core->validateSpec(testSpec()).accepted);
}

void TestControllerCore::failedStartsAreRetriedWithNewIds()
{
    ControllerConfig config;
    config.faults.startFailure = 1.0;
    Harness h(config);
    h.create(testSpec());
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec(1, 20)));
    // Three attempts, 1 s apart, each failing in STARTING and cleaned up by its executor.
    h.clock.advance(10000);
    QCOMPARE(h.core->oldInstances(AppId).size(), 3);
    QSet<QString> ids;
    for (const auto &old : h.core->oldInstances(AppId)) {
        QCOMPARE(old.state, InstanceState::Stopped);
        QVERIFY(old.errorMessage.contains(QLatin1String("simulated start failure")));
        ids.insert(old.instanceId);
    }
    QCOMPARE(ids.size(), 3);
    h.core->setFaults({});
    QVERIFY(h.settle(AppId));
    // The next round (SCALING_REQUESTED again) succeeds once faults are gone.
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Completed);
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(1));
}

void TestControllerCore::executorLostMidOperation()
{
    Harness h;
    h.create(testSpec());
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 9, opSpec(9)));
    h.clock.advance(700); // all nine are provisioning
    const QString lost = h.core->instances(AppId).first().executorId;
    int onLost = 0;
    for (const auto &info : h.core->instances(AppId))
        onLost += info.executorId == lost ? 1 : 0;
    QVERIFY(onLost > 0);
    QVERIFY(h.core->disappearExecutor(lost));
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Completed);
    int healthyElsewhere = 0;
    for (const auto &info : h.core->instances(AppId, {InstanceState::Healthy}))
        healthyElsewhere += info.executorId != lost ? 1 : 0;
    QCOMPARE(healthyElsewhere, 9);
    // After the staleness period the monitor removes the executor and its frozen instances.
    h.clock.advance(120000);
    bool removed = false;
    for (const auto &executor : h.core->executors())
        removed |= executor.executorId == lost
            && executor.state == drove::protocol::ExecutorState::Removed;
    QVERIFY(removed);
    QVERIFY(!h.core->executorDetails(lost));
    QCOMPARE(h.core->instances(AppId).size(), 9);
    QCOMPARE(h.core->clusterSummary()->numExecutors, 2);
    bool sawLost = false;
    for (const auto &old : h.core->oldInstances(AppId))
        sawLost |= old.state == InstanceState::Lost
            && old.errorMessage == QLatin1String("Instance lost");
    QVERIFY(sawLost);
}

void TestControllerCore::monitorRecoversAfterHealthFailure()
{
    Harness h;
    h.running(testSpec(), 3);
    const QString sick = h.instanceIds(AppId).first();
    QSignalSpy accepted(h.core.get(), &ControllerCore::operationAccepted);
    QVERIFY(h.core->failInstanceHealth(AppId, sick));
    QCOMPARE(h.core->instance(AppId, sick)->state, InstanceState::Unhealthy);
    h.clock.advance(2000);
    QCOMPARE(h.core->instance(AppId, sick)->state, InstanceState::Stopped);
    h.clock.advance(31000); // at most one monitor period
    QVERIFY(accepted.count() >= 1);
    const auto record = accepted.first().first().value<OperationRecord>();
    QCOMPARE(record.type, OperationType::Recover);
    QVERIFY(record.internal);
    QCOMPARE(record.opSpec.parallelism, qint64(1));
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(3));
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Running);
}

void TestControllerCore::appStateEventsCarryMetadata()
{
    Harness h;
    h.create(testSpec());
    const auto events = h.core->eventsSince(0, 1000).events;
    const auto it = std::find_if(events.cbegin(), events.cend(), [](const auto &event) {
        return event.type == drove::protocol::DroveEventType::AppStateChange;
    });
    QVERIFY(it != events.cend());
    const auto &m = it->metadata;
    QCOMPARE(m.value(QStringLiteral("APP_ID")).toString(), AppId);
    QCOMPARE(m.value(QStringLiteral("APP_NAME")).toString(), QStringLiteral("TEST_APP"));
    QCOMPARE(m.value(QStringLiteral("APP_VERSION")).toString(), QStringLiteral("1"));
    QCOMPARE(m.value(QStringLiteral("EXECUTABLE")).toString(),
             QStringLiteral("ghcr.io/appform-io/perf-test-server-httplib"));
    QCOMPARE(m.value(QStringLiteral("PLACEMENT_POLICY")).toString(), QStringLiteral("ANY"));
    QCOMPARE(m.value(QStringLiteral("CPU_COUNT")).toInteger(), qint64(1));
    QCOMPARE(m.value(QStringLiteral("MEMORY")).toInteger(), qint64(128));
    QCOMPARE(m.value(QStringLiteral("PORTS")).toString(), QStringLiteral("main:8000:http"));
    QCOMPARE(m.value(QStringLiteral("VHOST")).toString(), QStringLiteral("testapp.local"));
    QCOMPARE(m.value(QStringLiteral("CURRENT_INSTANCES")).toInteger(), qint64(0));
    QCOMPARE(m.value(QStringLiteral("CURRENT_STATE")).toString(), QStringLiteral("MONITORING"));
    h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec()));
    QVERIFY(h.settle(AppId));
    bool instanceEvent = false;
    for (const auto &event : h.core->eventsSince(0, 1000).events)
        if (event.type == drove::protocol::DroveEventType::InstanceStateChange
            && event.metadataString(QStringLiteral("CURRENT_STATE")) == QLatin1String("HEALTHY")) {
            instanceEvent = true;
            QVERIFY(event.metadata.value(QStringLiteral("INSTANCE_ID"))
                        .toString()
                        .startsWith(QLatin1String("AI-")));
            QVERIFY(event.metadata.contains(QStringLiteral("EXECUTOR_HOST")));
            QVERIFY(event.metadata.value(QStringLiteral("PORTS"))
                        .toString()
                        .startsWith(QLatin1String("main:")));
            QVERIFY(!event.metadata.contains(QStringLiteral("ERROR")));
        }
    QVERIFY(instanceEvent);
}

void TestControllerCore::eventsSinceNewestFirst()
{
    Harness h;
    h.running(testSpec(), 2);
    const auto all = h.core->eventsSince(0, 100000);
    QVERIFY(all.events.size() > 10);
    for (int i = 1; i < all.events.size(); ++i)
        QVERIFY(all.events[i - 1].time >= all.events[i].time);
    QCOMPARE(all.lastSyncTime, all.events.first().time);
    QCOMPARE(h.core->eventsSince(all.lastSyncTime, 1024).events.size(), 0);
    QCOMPARE(h.core->eventsSince(0, 3).events.size(), 3);
    const auto summary = h.core->eventsSummary(0);
    QCOMPARE(summary.eventsCount.value(QStringLiteral("EXECUTOR_ADDED")), qint64(3));
    QVERIFY(summary.eventsCount.value(QStringLiteral("INSTANCE_STATE_CHANGE")) >= 12);
}

void TestControllerCore::maintenanceBlocksCommands()
{
    Harness h;
    h.create(testSpec());
    const auto state = h.core->setMaintenance();
    QCOMPARE(state.state, drove::protocol::ClusterState::Maintenance);
    QVERIFY(h.core->isInMaintenanceWindow());
    const auto rejected = h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec()));
    QCOMPARE(rejected.validationErrors,
             QStringList {QStringLiteral("Cluster is in maintenance mode")});
    QCOMPARE(h.core->blacklist({h.core->executors().first().executorId}).failed.size(), 1);
    h.core->unsetMaintenance();
    QVERIFY(h.core->isInMaintenanceWindow()); // 40 s tail
    h.clock.advance(39000);
    QVERIFY(!h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec())).accepted);
    h.clock.advance(1001);
    QVERIFY(!h.core->isInMaintenanceWindow());
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec())).accepted);
}

void TestControllerCore::blacklistMovesInstances()
{
    Harness h;
    h.running(testSpec(), 6);
    const QString target = h.core->instances(AppId).first().executorId;
    const auto response = h.core->blacklist({target, QStringLiteral("no-such-executor")});
    QCOMPARE(response.successful, QStringList {target});
    QCOMPARE(response.failed, QStringList {QStringLiteral("no-such-executor")});
    QVERIFY(h.core->activeOperation(AppId)); // REPLACE_INSTANCES with the default op spec
    QCOMPARE(h.core->activeOperation(AppId)->type, OperationType::ReplaceInstances);
    QVERIFY(h.settle(AppId));
    for (const auto &info : h.core->instances(AppId))
        QVERIFY(info.executorId != target);
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(6));
    QCOMPARE(h.core->clusterSummary()->numExecutors, 2);
    const auto unblack = h.core->unblacklist({target});
    QCOMPARE(unblack.message.value_or(QString()),
             QStringLiteral("Unblacklisting successful for all executors"));
    QCOMPARE(h.core->clusterSummary()->numExecutors, 3);
}

void TestControllerCore::logsGrowWhileRunning()
{
    Harness h;
    h.running(testSpec(), 1);
    const QString id = h.instanceIds(AppId).first();
    QCOMPARE(h.core->logFiles(AppId, id), QStringList {QStringLiteral("output.log")});
    const auto first = h.core->readLog(AppId, id, QStringLiteral("output.log"), -1, -1);
    QVERIFY(first);
    QVERIFY(first->offset > 0);
    h.clock.advance(30000);
    const auto grown = h.core->readLog(AppId, id, QStringLiteral("output.log"), first->offset, -1);
    QVERIFY(grown);
    QCOMPARE(grown->offset, first->offset);
    QVERIFY(grown->data.contains("HTTP/1.1"));
    const auto all = h.core->logContent(AppId, id, QStringLiteral("output.log"));
    QVERIFY(all->contains("HEALTHY"));
    QVERIFY(!h.core->readLog(AppId, id, QStringLiteral("nope.log"), 0, 10));
    QVERIFY(h.core->logFiles(AppId, QStringLiteral("AI-unknown")).isEmpty());
    const auto slice = h.core->readLog(AppId, id, QStringLiteral("output.log"), 5, 10);
    QCOMPARE(slice->data, all->mid(5, 10));
}

void TestControllerCore::queriesMatchDroveShapes()
{
    Harness h;
    h.running(testSpec(), 2);
    h.create(testSpec(QStringLiteral("OTHER")));
    const auto apps = h.core->applications();
    QCOMPARE(apps.keys(), (QStringList {QStringLiteral("OTHER-1"), AppId}));
    QCOMPARE(h.core->applications(1, 5).keys(), QStringList {AppId});
    const auto spec = h.core->spec(AppId);
    QCOMPARE(spec->configs->first().data, QByteArray()); // masked
    QVERIFY(!h.core->appSummary(QStringLiteral("nope")));
    const auto endpoints = h.core->endpoints();
    QCOMPARE(endpoints.size(), 1);
    QCOMPARE(endpoints.first().vhost, QStringLiteral("testapp.local"));
    QCOMPARE(endpoints.first().hosts.size(), 2);
    QVERIFY(h.core->endpoints({QStringLiteral("OTHER")}).isEmpty());
    const auto cluster = h.core->clusterSummary();
    QCOMPARE(cluster->numExecutors, 3);
    QCOMPARE(cluster->totalCores, 48);
    QCOMPARE(cluster->usedCores, 2);
    QCOMPARE(cluster->numApplications, 2);
    QCOMPARE(cluster->numActiveApplications, 1);
    const auto executor = h.core->executorDetails(h.core->instances(AppId).first().executorId);
    QVERIFY(executor);
    QVERIFY(!executor->instances.isEmpty());
    QCOMPARE(executor->cpus.freeCores.size(), 2);
    QVERIFY(h.core->instances(AppId, {InstanceState::Stopped}).isEmpty());
    QCOMPARE(h.core->instances(QStringLiteral("nope")).size(), 0);
}

// Summaries read per-app counters kept on every instance state change (issue 15 performance);
// they must agree with the instances through failures, a lost and a removed executor.
void TestControllerCore::healthyCounterMatchesInstances()
{
    ControllerConfig config;
    config.faults.startFailure = 0.2;
    config.faults.healthFailure = 0.01;
    Harness h(config);
    h.running(testSpec(), 6);
    for (int step = 0; step < 60; ++step) {
        h.clock.advance(2500);
        const auto summary = h.core->appSummary(AppId);
        QCOMPARE(summary->healthyInstances, qint64(h.instanceIds(AppId).size()));
        const auto instances = h.core->instances(AppId);
        if (step == 10 && !instances.isEmpty())
            QVERIFY(h.core->disappearExecutor(instances.first().executorId));
        if (step == 40 && !instances.isEmpty())
            h.core->removeExecutor(instances.last().executorId);
    }
}

void TestControllerCore::applicationListBytes_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("size");
    QTest::newRow("all") << qint64(0) << qint64(1000);
    QTest::newRow("page 2..3") << qint64(1) << qint64(2);
    QTest::newRow("past the end") << qint64(10) << qint64(5);
    QTest::newRow("none") << qint64(0) << qint64(0);
}

void TestControllerCore::applicationListBytes()
{
    // GET /applications is written by writeApplications() from cached pieces: its bytes must be
    // QJsonDocument's of applications() (A4), tags, escapes and counts included.
    QFETCH(qint64, from);
    QFETCH(qint64, size);
    Harness h;
    auto plain = testSpec(QStringLiteral("PLAIN"));
    plain.tags.reset();
    auto tagged = testSpec(QStringLiteral("TAGGED"), QStringLiteral("2"));
    tagged.tags = QMap<QString, QString> {{QStringLiteral("team"), QStringLiteral("a\"b\\c")},
                                          {QStringLiteral("Zone"), QStringLiteral("eu-1")}};
    auto empty = testSpec(QStringLiteral("EMPTY_TAGS"));
    empty.tags = QMap<QString, QString>();
    QVERIFY(h.create(plain).accepted);
    h.running(tagged, 3);
    QVERIFY(h.create(empty, 2).accepted);
    QVERIFY(h.settle(QStringLiteral("EMPTY_TAGS-1")));
    QByteArray written;
    h.core->writeApplications(&written, from, size);
    QJsonObject expected;
    const auto summaries = h.core->applications(from, size);
    for (auto it = summaries.cbegin(); it != summaries.cend(); ++it)
        expected.insert(it.key(), it->toJson());
    QCOMPARE(written, QJsonDocument(expected).toJson(QJsonDocument::Compact));
    // A second list reads the cached pieces.
    QByteArray again;
    h.core->writeApplications(&again, from, size);
    QCOMPARE(again, written);
    // Removing an app (and creating one) renews the order the list walks.
    QVERIFY(h.core->submit(ApplicationOperation::destroy(QStringLiteral("PLAIN-1"), opSpec()))
                .accepted);
    QVERIFY(h.settle(QStringLiteral("PLAIN-1")));
    QVERIFY(h.create(testSpec(QStringLiteral("AFTER"))).accepted);
    QByteArray changed;
    h.core->writeApplications(&changed, from, size);
    QJsonObject expectedAfter;
    const auto after = h.core->applications(from, size);
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        expectedAfter.insert(it.key(), it->toJson());
    QCOMPARE(changed, QJsonDocument(expectedAfter).toJson(QJsonDocument::Compact));
}

void TestControllerCore::faultsEndStoppedWithTheirError_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("hasLocalInfo");
    QTest::newRow("provisioning") << QStringLiteral("provisioning")
                                  << QStringLiteral("simulated pull failure") << false;
    QTest::newRow("start") << QStringLiteral("start") << QStringLiteral("simulated start failure")
                           << false;
    QTest::newRow("readiness") << QStringLiteral("readiness")
                               << QStringLiteral("Readiness check failed") << true;
}

void TestControllerCore::faultsEndStoppedWithTheirError()
{
    QFETCH(QString, fault);
    QFETCH(QString, error);
    QFETCH(bool, hasLocalInfo);
    Harness h;
    h.create(testSpec());
    h.core->setFaults(certainFault(fault));
    const auto result = h.core->submit(ApplicationOperation::scale(AppId, 1, opSpec(1, 6)));
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::TimedOut);
    const auto old = h.core->oldInstances(AppId);
    QVERIFY(old.size() >= 2); // retried with new ids until the deadline
    for (const auto &info : old) {
        // The failure state is passed on the way: DEPROVISIONING, then STOPPED with its error.
        QCOMPARE(info.state, InstanceState::Stopped);
        QVERIFY2(info.errorMessage.contains(error), qPrintable(info.errorMessage));
        QCOMPARE(info.localInfo.has_value(), hasLocalInfo);
    }
    QCOMPARE(h.core->appSummary(AppId)->state, ApplicationState::Monitoring);
    QCOMPARE(h.core->clusterSummary()->usedCores, 0); // resources released
}

void TestControllerCore::healthFailureProbabilityStopsInstances()
{
    Harness h;
    h.running(testSpec(), 2);
    FaultConfig faults;
    faults.healthFailure = 1.0; // every check interval: checks start failing at once
    h.core->setFaults(faults);
    // Instances already HEALTHY keep their schedule; a new one picks the fault up.
    QVERIFY(h.core->submit(ApplicationOperation::startInstances(AppId, 1, opSpec())).accepted);
    QVERIFY(h.settle(AppId));
    h.core->setFaults({});
    h.clock.advance(25000); // 1 interval + 3 failed attempts × 5 s, then stop
    bool unhealthyEvent = false;
    for (const auto &event : h.core->eventsSince(0, 100000).events)
        if (event.metadataString(QStringLiteral("CURRENT_STATE")) == QLatin1String("UNHEALTHY"))
            unhealthyEvent = event.metadataString(QStringLiteral("ERROR"))
                                 .startsWith(QLatin1String("Healthcheck failed"));
    QVERIFY(unhealthyEvent);
    QVERIFY(h.core->appSummary(AppId)->healthyInstances < 3);
}

void TestControllerCore::timeScaleSpeedsUpInstances_data()
{
    QTest::addColumn<double>("scale");
    QTest::addColumn<qint64>("maxMs");
    QTest::newRow("x1") << 1.0 << qint64(5000);
    QTest::newRow("x0.1") << 0.1 << qint64(500);
    QTest::newRow("x0") << 0.0 << qint64(0);
}

void TestControllerCore::timeScaleSpeedsUpInstances()
{
    QFETCH(double, scale);
    QFETCH(qint64, maxMs);
    Harness h;
    h.core->setTimeScale(scale);
    QCOMPARE(h.core->timeScale(), scale);
    h.create(testSpec());
    const qint64 begin = h.clock.now();
    h.core->submit(ApplicationOperation::scale(AppId, 3, opSpec(3)));
    QVERIFY(h.settle(AppId));
    QVERIFY(h.clock.now() - begin <= maxMs);
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(3));
}

void TestControllerCore::executorAddedAndRemovedAtRunTime()
{
    Harness h;
    const QString id = h.core->addExecutor(ExecutorConfig::make(
        QStringLiteral("extra.drove.local"), 3000, 1, 4, 8192, {QStringLiteral("gpu")}));
    QVERIFY(!id.isEmpty());
    QVERIFY(
        h.core->addExecutor(ExecutorConfig::make(QStringLiteral("extra.drove.local"))).isEmpty());
    QCOMPARE(h.core->clusterSummary()->numExecutors, 4);
    auto spec = testSpec();
    spec.placementPolicy = drove::protocol::PlacementPolicy::matchTag(QStringLiteral("gpu"));
    h.create(spec);
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, 2, opSpec())).accepted);
    QVERIFY(h.settle(AppId));
    for (const auto &info : h.core->instances(AppId))
        QCOMPARE(info.executorId, id);
    // MATCH_TAG capacity is this executor only: 4 cores.
    QCOMPARE(
        h.core->submit(ApplicationOperation::scale(AppId, 7, opSpec())).validationErrors,
        QStringList {QStringLiteral("Cluster does not have enough CPU. Required: 5 Available: 2")});
    QVERIFY(h.core->removeExecutor(id));
    QCOMPARE(h.core->instances(AppId).size(), 0);
    // Drove deletes a removed executor's instance records (StateUpdater): no LOST old instance.
    QVERIFY(h.core->oldInstances(AppId).isEmpty());
    QVERIFY(!h.core->executorDetails(id));
    QVERIFY(!h.core->removeExecutor(id));
    QCOMPARE(h.core->executors().size(), 4); // REMOVED stays listed for a while
}

void TestControllerCore::cancelReplaceSkipsPairedStop()
{
    Harness h;
    h.running(testSpec(), 4);
    const QStringList before = h.instanceIds(AppId);
    const auto result
        = h.core->submit(ApplicationOperation::replaceInstances(AppId, {}, false, opSpec(1)));
    h.clock.advance(1000); // the first replacement is starting
    QVERIFY(h.core->cancel(AppId).cancelled);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->operation(result.operationId)->outcome, OperationOutcome::Cancelled);
    // The replacement became healthy after the cancel, so its paired stop was skipped.
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(5));
    QCOMPARE(h.core->appSummary(AppId)->requiredInstances, qint64(4));
    int kept = 0;
    for (const QString &id : before)
        kept += h.instanceIds(AppId).contains(id) ? 1 : 0;
    QCOMPARE(kept, 4);
    // The monitor scales the extra instance away (oldest first).
    h.clock.advance(31000);
    QVERIFY(h.settle(AppId));
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(4));
    QVERIFY(!h.instanceIds(AppId).contains(before.first()));
}

void TestControllerCore::placementRespectsTags_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<int>("instances");
    QTest::addColumn<bool>("onTagged");
    QTest::newRow("any-avoids-tagged") << QStringLiteral("ANY") << 30 << false;
    QTest::newRow("match-tag-only-tagged") << QStringLiteral("MATCH_TAG") << 3 << true;
    QTest::newRow("max-2-per-host") << QStringLiteral("MAX_N_PER_HOST") << 6 << false;
}

void TestControllerCore::placementRespectsTags()
{
    QFETCH(QString, policy);
    QFETCH(int, instances);
    QFETCH(bool, onTagged);
    Harness h;
    const QString tagged = h.core->addExecutor(ExecutorConfig::make(
        QStringLiteral("gpu.drove.local"), 3000, 2, 8, 16384, {QStringLiteral("gpu")}));
    auto spec = testSpec();
    if (policy == QLatin1String("MATCH_TAG"))
        spec.placementPolicy = drove::protocol::PlacementPolicy::matchTag(QStringLiteral("gpu"));
    else if (policy == QLatin1String("MAX_N_PER_HOST"))
        spec.placementPolicy = drove::protocol::PlacementPolicy::maxNPerHost(2);
    h.create(spec);
    QVERIFY(h.core->submit(ApplicationOperation::scale(AppId, instances, opSpec(8))).accepted);
    QVERIFY(h.settle(AppId));
    QHash<QString, int> perHost;
    for (const auto &info : h.core->instances(AppId)) {
        QCOMPARE(info.executorId == tagged, onTagged);
        perHost[info.executorId] += 1;
    }
    QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(instances));
    if (policy == QLatin1String("MAX_N_PER_HOST")) {
        QCOMPARE(perHost.size(), 3);
        for (int count : std::as_const(perHost))
            QCOMPARE(count, 2);
    }
}

QTEST_GUILESS_MAIN(TestControllerCore)
#include "tst_controllercore.moc"
