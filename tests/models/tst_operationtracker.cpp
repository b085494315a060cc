#include "models/applicationsmodel.h"
#include "models/modelroles.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "modeltestsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace drove::models;
using drove::protocol::ApplicationOperation;
using drove::protocol::ApplicationState;
using drove::protocol::ClusterOpSpec;
using drove::protocol::Duration;
using drove::protocol::InstanceInfo;
using drove::protocol::InstanceState;
using drove::protocol::OperationType;
using test::app;
using test::appStateEvent;
using test::instance;
using test::instanceEvent;
using Outcome = TrackedOperation::Outcome;
using Phase = TrackedOperation::Phase;
using Origin = TrackedOperation::Origin;

namespace {
const QString App = QStringLiteral("APP-1");
ClusterOpSpec spec(qint64 timeoutSeconds = 300, qint64 parallelism = 2)
{
    return ClusterOpSpec::make(Duration::seconds(timeoutSeconds), parallelism);
}
} // namespace

class TestOperationTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void scaleTrackedFromAcceptanceToCompletion();
    void replaceCountsNewAgainstOld();
    void replaceAllWithStaleListUsesTheFirstListAfterAcceptance();
    void cancelledScaleEndsCancelled();
    void timeoutIsTheWholeOperationDeadline();
    void controllerOutcomeEventWins_data();
    void controllerOutcomeEventWins();
    void failedStartsGiveTheReason();
    void externalRecoveryIsDetectedFromEvents();
    void externalScaleByAnotherClient();
    void staleSummaryDoesNotFinishEarly();
    void noOpScaleCompletesAfterSettling();
    void destroyCompletesWhenTheAppDisappears();
    void newerOperationSupersedesTheOld();
    void operationsModelFollowsTheTracker();
    void applicationsModelShowsTheActiveOperation();

private:
    qint64 m_now = 1'000'000;
    OperationTracker *m_tracker = nullptr;
};

void TestOperationTracker::init()
{
    m_now = 1'000'000;
    m_tracker = new OperationTracker(this);
    m_tracker->setClock([this] { return m_now; });
    m_tracker->setTickInterval(0);
    m_tracker->setSettleDelay(2000);
}

void TestOperationTracker::cleanup()
{
    delete m_tracker;
    m_tracker = nullptr;
}

void TestOperationTracker::scaleTrackedFromAcceptanceToCompletion()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    QSignalSpy finished(m_tracker, &OperationTracker::operationFinished);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 4, spec()));
    auto op = m_tracker->operation(id);
    QVERIFY(op);
    QCOMPARE(op->phase, Phase::Accepted);
    QCOMPARE(op->origin, Origin::ThisConsole);
    QCOMPARE(op->timeoutMs, 300'000);
    QCOMPARE(op->targetInstances, 4);
    QVERIFY(op->canCancel());

    m_now += 1000;
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 2, 4));
    op = m_tracker->operation(id);
    QCOMPARE(op->phase, Phase::ScalingUp);
    QCOMPARE(op->phaseText, QStringLiteral("Scaling up 2/4"));
    QCOMPARE(op->progress, 0.0);

    m_now += 5000;
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 3, 4));
    op = m_tracker->operation(id);
    QCOMPARE(op->progress, 0.5);
    QCOMPARE(op->elapsedMs, 6000);
    QCOMPARE(finished.count(), 0);

    m_now += 5000;
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 4, 4));
    op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->phase, Phase::Finished);
    QCOMPARE(op->progress, 1.0);
    QCOMPARE(op->elapsedMs, 11000);
    QVERIFY(!op->canCancel());
    QCOMPARE(finished.count(), 1);
    QVERIFY(!m_tracker->activeOperation(App));
    // Later snapshots do not touch a finished operation.
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 4, 4, 5000));
    QCOMPARE(finished.count(), 1);
}

void TestOperationTracker::replaceCountsNewAgainstOld()
{
    const QList<InstanceInfo> old {
        instance(App, QStringLiteral("AI-old1"), InstanceState::Healthy, 100),
        instance(App, QStringLiteral("AI-old2"), InstanceState::Healthy, 100),
        instance(App, QStringLiteral("AI-old3"), InstanceState::Healthy, 100)};
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 3, 3));
    m_tracker->instancesSynced(App, old);
    const QString id
        = m_tracker->trackAccepted(ApplicationOperation::replaceInstances(App, {}, false, spec()));
    auto op = m_tracker->operation(id);
    QCOMPARE(op->targetInstanceIds.size(), 3); // "all" = the healthy ones at acceptance

    m_now += 1000;
    m_tracker->applicationUpdated(app(App, ApplicationState::ReplaceInstancesRequested, 3, 3));
    // A new instance created by the controller with a clock behind ours still counts as new:
    // it was not there at acceptance.
    m_tracker->instancesSynced(App,
                               old
                                   + QList<InstanceInfo> {instance(App, QStringLiteral("AI-new1"),
                                                                   InstanceState::Starting, 50)});
    op = m_tracker->operation(id);
    QCOMPARE(op->phase, Phase::Replacing);
    QCOMPARE(op->newInstances, 1);
    QCOMPARE(op->newHealthy, 0);
    QCOMPARE(op->oldInstances, 3);
    QCOMPARE(op->phaseText, QStringLiteral("Replacing 0/3"));

    m_now += 1000;
    m_tracker->instancesSynced(
        App,
        {instance(App, QStringLiteral("AI-old1"), InstanceState::Stopping, 100),
         instance(App, QStringLiteral("AI-old2"), InstanceState::Healthy, 100),
         instance(App, QStringLiteral("AI-old3"), InstanceState::Healthy, 100),
         instance(App, QStringLiteral("AI-new1"), InstanceState::Healthy, 50)});
    op = m_tracker->operation(id);
    QCOMPARE(op->newHealthy, 1);
    QCOMPARE(op->stoppingInstances, 1);
    const double midway = op->progress;
    QVERIFY(midway > 0.0 && midway < 0.5);

    m_now += 1000;
    m_tracker->instancesSynced(
        App,
        {instance(App, QStringLiteral("AI-old3"), InstanceState::Healthy, 100),
         instance(App, QStringLiteral("AI-new1"), InstanceState::Healthy, 50),
         instance(App, QStringLiteral("AI-new2"), InstanceState::Healthy, 2000),
         instance(App, QStringLiteral("AI-new3"), InstanceState::Unready, 2000)});
    op = m_tracker->operation(id);
    QCOMPARE(op->phaseText, QStringLiteral("Replacing 2/3"));
    QCOMPARE(op->oldInstances, 1);
    QCOMPARE(op->newInstances, 3);
    QVERIFY(op->progress > midway);

    m_now += 1000;
    const QList<InstanceInfo> fresh {
        instance(App, QStringLiteral("AI-new1"), InstanceState::Healthy, 50),
        instance(App, QStringLiteral("AI-new2"), InstanceState::Healthy, 2000),
        instance(App, QStringLiteral("AI-new3"), InstanceState::Healthy, 2000)};
    m_tracker->instancesSynced(App, fresh);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 3, 3));
    op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->newHealthy, 3);
    QCOMPARE(op->oldInstances, 0);
}

void TestOperationTracker::replaceAllWithStaleListUsesTheFirstListAfterAcceptance()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 3, 3));
    m_tracker->instancesSynced(App,
                               {instance(App, QStringLiteral("AI-1"), InstanceState::Healthy, 100),
                                instance(App, QStringLiteral("AI-2"), InstanceState::Ready, 200)});
    m_now += 60'000; // that list is a minute old: not a trustworthy "before" picture
    const QString id
        = m_tracker->trackAccepted(ApplicationOperation::replaceInstances(App, {}, false, spec()));
    QVERIFY(m_tracker->operation(id)->targetInstanceIds.isEmpty());
    m_now += 1000;
    m_tracker->instancesSynced(
        App,
        {instance(App, QStringLiteral("AI-1"), InstanceState::Healthy, 100),
         instance(App, QStringLiteral("AI-2"), InstanceState::Healthy, 200),
         instance(App, QStringLiteral("AI-3"), InstanceState::Healthy, 300),
         instance(App, QStringLiteral("AI-new"), InstanceState::Starting, m_now - 500)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(
        op->targetInstanceIds,
        (QStringList {QStringLiteral("AI-1"), QStringLiteral("AI-2"), QStringLiteral("AI-3")}));
    QCOMPARE(op->newInstances, 1);
    QCOMPARE(op->oldInstances, 3);
}

void TestOperationTracker::cancelledScaleEndsCancelled()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 1));
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 5, spec()));
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 2, 5));
    QVERIFY(m_tracker->operation(id)->canCancel());
    m_tracker->markCancelRequested(App);
    auto op = m_tracker->operation(id);
    QCOMPARE(op->phase, Phase::Cancelling);
    QVERIFY(op->phaseText.contains(QStringLiteral("takes effect after the jobs in flight finish")));
    QVERIFY(!op->canCancel());
    // Jobs in flight finish: one more instance becomes healthy, then the controller sets the
    // desired count to the healthy count and parks the app.
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 3, 5));
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::InFlight);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 3, 3));
    op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Cancelled);
    QCOMPARE(op->outcomeReason, QStringLiteral("3 of 5 instances healthy"));
}

void TestOperationTracker::timeoutIsTheWholeOperationDeadline()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 1));
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 3, spec(10)));
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 1, 3));
    m_now += 9000;
    m_tracker->tick();
    QCOMPARE(m_tracker->operation(id)->phase, Phase::ScalingUp);
    m_now += 2000;
    m_tracker->tick();
    auto op = m_tracker->operation(id);
    QCOMPARE(op->phase, Phase::Overdue);
    QCOMPARE(op->outcome, Outcome::InFlight);
    m_now += 3000;
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 3));
    op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::TimedOut);
    QCOMPARE(op->outcomeReason, QStringLiteral("2 of 3 instances healthy"));
    QCOMPARE(op->elapsedMs, 14000);
}

void TestOperationTracker::controllerOutcomeEventWins_data()
{
    QTest::addColumn<QString>("metadata");
    QTest::addColumn<int>("outcome");
    QTest::newRow("timed-out") << QStringLiteral("TIMED_OUT") << int(Outcome::TimedOut);
    QTest::newRow("cancelled") << QStringLiteral("CANCELLED") << int(Outcome::Cancelled);
    QTest::newRow("failed") << QStringLiteral("FAILED") << int(Outcome::Failed);
}

void TestOperationTracker::controllerOutcomeEventWins()
{
    QFETCH(QString, metadata);
    QFETCH(int, outcome);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 1));
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 3, spec()));
    m_tracker->eventsReceived(
        {appStateEvent(QStringLiteral("e2"), m_now + 500, App, ApplicationState::Running, metadata),
         appStateEvent(QStringLiteral("e1"), m_now + 100, App,
                       ApplicationState::ScalingRequested)});
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::InFlight); // summary still stale
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    QCOMPARE(int(m_tracker->operation(id)->outcome), outcome);
}

void TestOperationTracker::failedStartsGiveTheReason()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 1));
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec()));
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 1, 2));
    QList<drove::protocol::DroveEvent> events;
    for (int i = 0; i < 3; ++i)
        events.append(instanceEvent(QStringLiteral("f%1").arg(i), m_now + 100 * i, App,
                                    QStringLiteral("AI-%1").arg(i),
                                    InstanceState::ProvisioningFailed,
                                    QStringLiteral("docker pull failed: manifest unknown")));
    m_tracker->eventsReceived(events);
    m_tracker->eventsReceived(events); // a repeated poll does not count twice
    QCOMPARE(m_tracker->operation(id)->failedInstances, 3);
    m_now += 5000;
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 2));
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Failed);
    QVERIFY2(op->outcomeReason.contains(QStringLiteral("manifest unknown")),
             qPrintable(op->outcomeReason));
    QVERIFY(op->outcomeReason.contains(QStringLiteral("3 instance failure")));
    QVERIFY(op->outcomeReason.contains(QStringLiteral("1 of 2 instances healthy")));
}

void TestOperationTracker::externalRecoveryIsDetectedFromEvents()
{
    QSignalSpy added(m_tracker, &OperationTracker::operationAdded);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    QCOMPARE(added.count(), 0);
    m_tracker->eventsReceived(
        {appStateEvent(QStringLiteral("o1"), m_now, App, ApplicationState::OutageDetected)});
    QCOMPARE(added.count(), 1);
    auto op = m_tracker->activeOperation(App);
    QVERIFY(op);
    QCOMPARE(op->type, OperationType::Recover);
    QCOMPARE(op->origin, Origin::Controller);
    QVERIFY(!op->canCancel()); // not yet in its scale part
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 1, 2));
    op = m_tracker->activeOperation(App);
    QCOMPARE(op->phase, Phase::ScalingUp);
    QVERIFY(op->canCancel());
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    op = m_tracker->operation(op->id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(added.count(), 1);
}

void TestOperationTracker::externalScaleByAnotherClient()
{
    m_tracker->applicationUpdated(app(QStringLiteral("B-1"), ApplicationState::Running, 2, 2));
    m_tracker->applicationUpdated(
        app(QStringLiteral("B-1"), ApplicationState::ScalingRequested, 2, 6));
    auto op = m_tracker->activeOperation(QStringLiteral("B-1"));
    QVERIFY(op);
    QCOMPARE(op->origin, Origin::OtherClient);
    QCOMPARE(op->type, OperationType::ScaleInstances);
    QCOMPARE(op->targetInstances, 6);
    QCOMPARE(op->timeoutMs, 300'000); // the controller default, since we cannot know
    // And an outage-driven one, seen only as a summary.
    m_tracker->applicationUpdated(
        app(QStringLiteral("C-1"), ApplicationState::OutageDetected, 0, 1));
    op = m_tracker->activeOperation(QStringLiteral("C-1"));
    QCOMPARE(op->origin, Origin::Controller);
    QCOMPARE(op->phase, Phase::Recovering);
}

void TestOperationTracker::staleSummaryDoesNotFinishEarly()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 4, spec()));
    m_tracker->eventsReceived(
        {appStateEvent(QStringLiteral("s1"), m_now + 10, App, ApplicationState::ScalingRequested)});
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::InFlight);
    QVERIFY(m_tracker->operation(id)->sawOperationState);
    m_now += 10'000;
    m_tracker->tick();
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::InFlight);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 4, 4));
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::Completed);
}

void TestOperationTracker::noOpScaleCompletesAfterSettling()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec()));
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::InFlight);
    m_now += 2500;
    m_tracker->tick();
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::Completed);
    // The app's late SCALING_REQUESTED is ours, not someone else's operation.
    QSignalSpy added(m_tracker, &OperationTracker::operationAdded);
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 2, 2));
    QCOMPARE(added.count(), 0);
}

void TestOperationTracker::destroyCompletesWhenTheAppDisappears()
{
    m_tracker->applicationsSynced({app(App, ApplicationState::Monitoring, 0, 0),
                                   app(QStringLiteral("B-1"), ApplicationState::Running, 1, 1)});
    const QString destroy = m_tracker->trackAccepted(ApplicationOperation::destroy(App, spec()));
    const QString scale
        = m_tracker->trackAccepted(ApplicationOperation::scale(QStringLiteral("B-1"), 3, spec()));
    m_tracker->applicationsSynced({}); // both gone
    QCOMPARE(m_tracker->operation(destroy)->outcome, Outcome::Completed);
    QCOMPARE(m_tracker->operation(scale)->outcome, Outcome::Failed);
    QCOMPARE(m_tracker->operation(scale)->outcomeReason,
             QStringLiteral("The application was destroyed"));
}

void TestOperationTracker::newerOperationSupersedesTheOld()
{
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    const QString first = m_tracker->trackAccepted(ApplicationOperation::scale(App, 4, spec()));
    const QString second = m_tracker->trackAccepted(ApplicationOperation::scale(App, 1, spec()));
    QCOMPARE(m_tracker->operation(first)->outcome, Outcome::Failed);
    QCOMPARE(m_tracker->activeOperation(App)->id, second);
}

void TestOperationTracker::operationsModelFollowsTheTracker()
{
    OperationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTracker(m_tracker);
    QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    m_tracker->setFinishedRetention(1);

    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 1));
    m_tracker->trackAccepted(ApplicationOperation::scale(App, 3, spec(60)));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, OperationsModel::OperationColumn).data().toString(),
             QStringLiteral("SCALE"));
    QCOMPARE(model.index(0, 0).data(CanCancelRole).toBool(), true);
    QCOMPARE(model.index(0, OperationsModel::StartedByColumn).data().toString(),
             QStringLiteral("this console"));

    changed.clear();
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 2, 3));
    QVERIFY(!changed.isEmpty());
    bool progressSeen = false;
    for (const auto &args : std::as_const(changed)) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        const auto roles = args.at(2).value<QList<int>>();
        QVERIFY(tl.column() != OperationsModel::AppColumn); // unchanged columns stay quiet
        if (tl.column() <= OperationsModel::ProgressColumn
            && br.column() >= OperationsModel::ProgressColumn) {
            progressSeen = true;
            QVERIFY(roles.contains(ProgressRole));
        }
    }
    QVERIFY(progressSeen);
    QCOMPARE(model.index(0, OperationsModel::ProgressColumn).data().toString(),
             QStringLiteral("50%"));
    QCOMPARE(model.index(0, OperationsModel::ElapsedColumn).data().toString(),
             QStringLiteral("0s / 1m 00s"));

    m_tracker->markCancelRequested(App);
    QCOMPARE(model.index(0, 0).data(CanCancelRole).toBool(), false);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    QCOMPARE(model.index(0, OperationsModel::OutcomeColumn).data().toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(model.index(0, 0).data(OutcomeRole).toInt(), int(Outcome::Cancelled));

    // A second finished op pushes the first out (retention 1): a removal, not a reset.
    m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec(60)));
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 2, 2));
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2, 3000));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(resets.count(), 0);
}

void TestOperationTracker::applicationsModelShowsTheActiveOperation()
{
    ApplicationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOperationTracker(m_tracker);
    model.applyApplications(
        QList<drove::protocol::AppSummary> {app(App, ApplicationState::Running, 1, 1)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 1, 1));
    m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec()));
    QVERIFY(!changed.isEmpty());
    const auto last = changed.last();
    QCOMPARE(last.at(0).value<QModelIndex>().column(),
             int(ApplicationsModel::ActiveOperationColumn));
    QCOMPARE(model.index(0, ApplicationsModel::ActiveOperationColumn).data().toString(),
             QStringLiteral("SCALE · Accepted"));
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    m_now += 3000;
    m_tracker->tick();
    QCOMPARE(model.index(0, ApplicationsModel::ActiveOperationColumn).data().toString(), QString());
}

QTEST_GUILESS_MAIN(TestOperationTracker)
#include "tst_operationtracker.moc"
