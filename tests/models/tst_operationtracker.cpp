// The operation tracker, fed by hand with the events and snapshots a Drove controller publishes.
// Each case is one of the ways the console used to misreport an operation (issue "tracking that
// tells the truth"); tests/integration/tst_trackeroracle compares it with the embedded
// controller's own records over hundreds of random operations.

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
using drove::protocol::DroveEvent;
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

/// A controller's event stream for one app, with ids and times that advance.
class Stream
{
public:
    explicit Stream(qint64 *now)
        : m_now(now)
    { }
    DroveEvent app(ApplicationState state) { return appStateEvent(nextId(), *m_now, App, state); }
    DroveEvent inst(const QString &id, InstanceState state, qint64 created,
                    const QString &error = QString())
    {
        DroveEvent e = instanceEvent(nextId(), *m_now, App, id, state, error);
        e.metadata.insert(drove::protocol::eventkeys::Created, created);
        return e;
    }
    /// The lifecycle of a new instance to HEALTHY, one state per millisecond.
    QList<DroveEvent> startHealthy(const QString &id)
    {
        const qint64 created = *m_now;
        QList<DroveEvent> events;
        for (const auto state :
             {InstanceState::Pending, InstanceState::Provisioning, InstanceState::Starting,
              InstanceState::Unready, InstanceState::Ready, InstanceState::Healthy}) {
            events.append(inst(id, state, created));
            ++*m_now;
        }
        return events;
    }
    QList<DroveEvent> stop(const QString &id, qint64 created)
    {
        QList<DroveEvent> events;
        for (const auto state :
             {InstanceState::Stopping, InstanceState::Deprovisioning, InstanceState::Stopped}) {
            events.append(inst(id, state, created));
            ++*m_now;
        }
        return events;
    }
    QList<DroveEvent> failStart(const QString &id, const QString &error)
    {
        const qint64 created = *m_now;
        QList<DroveEvent> events {inst(id, InstanceState::Pending, created),
                                  inst(id, InstanceState::Provisioning, created),
                                  inst(id, InstanceState::Starting, created)};
        ++*m_now;
        events.append(inst(id, InstanceState::StartFailed, created, error));
        ++*m_now;
        return events;
    }

private:
    QString nextId() { return QStringLiteral("ev-%1").arg(++m_id); }
    qint64 *m_now;
    int m_id = 0;
};

QList<InstanceInfo> healthyInstances(int count, qint64 created = 500)
{
    QList<InstanceInfo> list;
    for (int i = 1; i <= count; ++i)
        list.append(
            instance(App, QStringLiteral("AI-old-%1").arg(i), InstanceState::Healthy, created));
    return list;
}
} // namespace

class TestOperationTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void replaceAllCompletesWhenEveryInstanceIsReplaced();
    void progressAgreesWithTheCountAndNeverFalls();
    void recoveryIsNotTimedOutBeforeItsDeadline();
    void retriedFailedStartsStillComplete();
    void replacementThatNeverStartsFails();
    void timedOutOnlyAfterTheDeadline();
    void cancelledFromThisConsole();
    void noPhantomOperationsOnConnect();
    void operationRunningAtConnectIsFollowedOnce();
    void createWithInstancesIsItsOwnOperation();
    void everyOperationBetweenTwoPollsIsShown();
    void anotherClientsShortOperationSaysWhatItCannotKnow();
    void eventsBeforeTheAnswerBelongToTheSubmittedOperation();
    void rejectedSubmissionIsForgotten();
    void skipRespawnCountsStops();
    void listedInstanceFailingByItselfIsNotCountedAsStopped();
    void pollingWithoutAnEventFeed();
    void instancesDeletedWithoutAnEventAreNotCountedHealthy();
    void operationsModelFollowsTheTracker();
    void applicationsModelShowsTheActiveOperation();
    void noProgressWaitsForTheLongestStepOfTheSpec();
    void resyncLooksOnlyAtWhatChanged();
    void resyncReplacesASummaryReceivedBetweenLists();
    void resyncOfAnUnsortedListFindsTheAppsGone();
    void appsNothingIsFollowedOfAreReadFromTheList();

private:
    void connectWith(const QList<InstanceInfo> &instances, ApplicationState state, qint64 required);
    void feed(const QList<DroveEvent> &events) { m_tracker->eventsReceived(events); }

    qint64 m_now = 1'000'000;
    OperationTracker *m_tracker = nullptr;
};

void TestOperationTracker::init()
{
    m_now = 1'000'000;
    m_tracker = new OperationTracker(this);
    m_tracker->setClock([this] { return m_now; });
    m_tracker->setTickInterval(0);
}

void TestOperationTracker::cleanup()
{
    delete m_tracker;
    m_tracker = nullptr;
}

void TestOperationTracker::noProgressWaitsForTheLongestStepOfTheSpec()
{
    // A spec whose health check may take 5 minutes before the first success: an instance READY
    // for 3 minutes is not stuck. Without the spec the rule says it judged without it.
    std::optional<qint64> allowance;
    m_tracker->setQuietAllowance([&allowance](const QString &) { return allowance; });
    m_tracker->setStuckThresholds(120000, 10000);
    connectWith(healthyInstances(2), ApplicationState::Running, 2);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 3, spec(3600, 1)));
    feed({s.app(ApplicationState::ScalingRequested)});
    const qint64 created = m_now;
    for (const auto state : {InstanceState::Pending, InstanceState::Provisioning,
                             InstanceState::Starting, InstanceState::Unready, InstanceState::Ready})
        feed({s.inst(QStringLiteral("AI-slow"), state, created)});

    allowance = 5 * 60 * 1000 + 30000;
    m_now += 3 * 60 * 1000;
    m_tracker->tick();
    QVERIFY2(m_tracker->operation(id)->stuckReason.isEmpty(),
             qPrintable(m_tracker->operation(id)->stuckReason));
    m_now += 3 * 60 * 1000; // 6 minutes quiet: beyond what the spec allows
    m_tracker->tick();
    QString reason = m_tracker->operation(id)->stuckReason;
    QVERIFY2(reason.contains(QLatin1String("over 5 minute(s)")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("spec allows")), qPrintable(reason));

    // Spec unknown: the default 2 minutes, and the reason says what it could not consider.
    allowance.reset();
    m_tracker->tick();
    reason = m_tracker->operation(id)->stuckReason;
    QVERIFY2(reason.contains(QLatin1String("over 2 minute(s)")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("spec is not known")), qPrintable(reason));

    // Progress clears it.
    feed({s.inst(QStringLiteral("AI-slow"), InstanceState::Healthy, created)});
    QVERIFY(m_tracker->operation(id)->stuckReason.isEmpty());
}

void TestOperationTracker::connectWith(const QList<InstanceInfo> &instances, ApplicationState state,
                                       qint64 required)
{
    qint64 healthy = 0;
    for (const auto &i : instances)
        healthy += i.state == InstanceState::Healthy ? 1 : 0;
    m_tracker->applicationsSynced({app(App, state, healthy, required)});
    m_tracker->instancesSynced(App, instances);
}

void TestOperationTracker::replaceAllCompletesWhenEveryInstanceIsReplaced()
{
    // Every successful restart used to end "failed: 6 of 6 instances replaced" at 92 %.
    connectWith(healthyInstances(6), ApplicationState::Running, 6);
    Stream s(&m_now);
    const QString id
        = m_tracker->trackAccepted(ApplicationOperation::replaceInstances(App, {}, false, spec()));
    feed({s.app(ApplicationState::ReplaceInstancesRequested)});
    auto op = m_tracker->operation(id);
    QCOMPARE(op->total, 6);
    QCOMPARE(op->targetInstanceIds.size(), 6);
    for (int i = 1; i <= 6; ++i) {
        feed(s.startHealthy(QStringLiteral("AI-new-%1").arg(i)));
        feed(s.stop(QStringLiteral("AI-old-%1").arg(i), 500));
        op = m_tracker->operation(id);
        QCOMPARE(op->done, i);
    }
    feed({s.app(ApplicationState::Running)});
    op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->progress, 1.0);
    QCOMPARE(op->countText(), QStringLiteral("6 of 6 replaced"));
    QCOMPARE(op->instancesStarted, 6);
    QCOMPARE(op->instancesStopped, 6);
    QCOMPARE(op->phaseText, QStringLiteral("completed"));
    QCOMPARE(op->appStates,
             (QList<ApplicationState> {ApplicationState::ReplaceInstancesRequested,
                                       ApplicationState::Running}));
}

void TestOperationTracker::progressAgreesWithTheCountAndNeverFalls()
{
    // "Replacing 3/6" showed 42 % and "5/6" 75 %.
    connectWith(healthyInstances(6), ApplicationState::Running, 6);
    Stream s(&m_now);
    const QString id
        = m_tracker->trackAccepted(ApplicationOperation::replaceInstances(App, {}, false, spec()));
    double last = 0.0;
    int updates = 0;
    connect(m_tracker, &OperationTracker::operationUpdated, this, [&](const TrackedOperation &op) {
        if (op.id != id || op.total <= 0)
            return;
        ++updates;
        QVERIFY(op.progress + 1e-12 >= last);
        last = op.progress;
        if (!op.isFinished())
            QCOMPARE(op.progress, double(op.done) / double(op.total));
        QVERIFY(op.phaseText.contains(op.countText()) || op.isFinished());
    });
    feed({s.app(ApplicationState::ReplaceInstancesRequested)});
    for (int i = 1; i <= 6; ++i) {
        feed(s.startHealthy(QStringLiteral("AI-new-%1").arg(i)));
        feed(s.stop(QStringLiteral("AI-old-%1").arg(i), 500));
        if (i == 3) {
            const auto op = m_tracker->operation(id);
            QCOMPARE(op->progress, 0.5);
            QCOMPARE(op->phaseText, QStringLiteral("Replacing: 3 of 6 replaced"));
        }
    }
    QVERIFY(updates > 6);
}

void TestOperationTracker::recoveryIsNotTimedOutBeforeItsDeadline()
{
    // A controller RECOVER showed "timed out" 52 s into a 5-minute timeout.
    m_tracker->setDefaultTimeout(300'000);
    connectWith(healthyInstances(1), ApplicationState::Running, 2);
    Stream s(&m_now);
    feed({s.app(ApplicationState::OutageDetected)});
    auto ops = m_tracker->operations();
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.first().type, OperationType::Recover);
    QCOMPARE(ops.first().origin, Origin::Controller);
    const QString id = ops.first().id;
    feed({s.app(ApplicationState::ScalingRequested)});
    m_now += 52'000;
    m_tracker->tick();
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::Running);
    QVERIFY(!m_tracker->operation(id)->phaseText.contains(QStringLiteral("timeout")));
    feed(s.startHealthy(QStringLiteral("AI-new-1")));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->countText(), QStringLiteral("1 of 1 started"));
    QCOMPARE(
        op->appStates,
        (QList<ApplicationState> {ApplicationState::OutageDetected,
                                  ApplicationState::ScalingRequested, ApplicationState::Running}));
}

void TestOperationTracker::retriedFailedStartsStillComplete()
{
    // A SCALE whose starts failed six times said plain "completed".
    connectWith({}, ApplicationState::Monitoring, 0);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec()));
    feed({s.app(ApplicationState::ScalingRequested)});
    for (int i = 1; i <= 6; ++i)
        feed(s.failStart(QStringLiteral("AI-bad-%1").arg(i), QStringLiteral("image pull failed")));
    feed(s.startHealthy(QStringLiteral("AI-good-1")));
    feed(s.startHealthy(QStringLiteral("AI-good-2")));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->failedStarts, 6);
    QCOMPARE(op->outcomeReason, QStringLiteral("with 6 failed start(s)"));
    QCOMPARE(op->failureMessages.size(), 6);
    QCOMPARE(op->failureMessages.first(),
             QStringLiteral("AI-bad-1 did not start: image pull failed"));
    QCOMPARE(op->countText(), QStringLiteral("2 of 2 started"));
}

void TestOperationTracker::replacementThatNeverStartsFails()
{
    connectWith(healthyInstances(2), ApplicationState::Running, 2);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(
        ApplicationOperation::replaceInstances(App, {QStringLiteral("AI-old-1")}, false, spec()));
    feed({s.app(ApplicationState::ReplaceInstancesRequested)});
    for (int i = 1; i <= 3; ++i)
        feed(s.failStart(QStringLiteral("AI-bad-%1").arg(i), QStringLiteral("no space")));
    feed(s.stop(QStringLiteral("AI-old-1"), 500));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Failed);
    QVERIFY(op->causeKnown);
    QCOMPARE(op->done, 0);
    QCOMPARE(op->outcomeReason, QStringLiteral("0 of 1 replaced; 3 failed start(s)"));
}

void TestOperationTracker::timedOutOnlyAfterTheDeadline()
{
    connectWith({}, ApplicationState::Monitoring, 0);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 3, spec(20)));
    feed({s.app(ApplicationState::ScalingRequested)});
    feed(s.startHealthy(QStringLiteral("AI-1")));
    m_now += 10'000;
    m_tracker->tick();
    QCOMPARE(m_tracker->operation(id)->phase, Phase::ScalingUp);
    m_now += 15'000;
    m_tracker->tick();
    QCOMPARE(m_tracker->operation(id)->phase, Phase::Overdue);
    QCOMPARE(m_tracker->operation(id)->outcome, Outcome::Running); // a timer decides nothing
    feed(s.startHealthy(QStringLiteral("AI-2")));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::TimedOut);
    QCOMPARE(op->outcomeReason, QStringLiteral("2 of 3 started; 2 of 3 healthy"));
    QCOMPARE(op->progress, 2.0 / 3.0);
}

void TestOperationTracker::cancelledFromThisConsole()
{
    connectWith(healthyInstances(4), ApplicationState::Running, 4);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 0, spec()));
    feed({s.app(ApplicationState::ScalingRequested)});
    feed(s.stop(QStringLiteral("AI-old-1"), 500));
    m_tracker->markCancelRequested(App);
    QCOMPARE(m_tracker->operation(id)->phase, Phase::Cancelling);
    QVERIFY(!m_tracker->operation(id)->canCancel());
    feed(s.stop(QStringLiteral("AI-old-2"), 500));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Cancelled);
    QCOMPARE(op->countText(), QStringLiteral("2 of 4 stopped"));
    QCOMPARE(op->progress, 0.5);
}

void TestOperationTracker::noPhantomOperationsOnConnect()
{
    // Every connect added "RECOVER completed 0s" rows: the first poll lists the store's history.
    Stream s(&m_now);
    feed({s.app(ApplicationState::OutageDetected), s.app(ApplicationState::ScalingRequested),
          s.app(ApplicationState::Running)});
    QCOMPARE(m_tracker->operations().size(), 0);
    connectWith(healthyInstances(2), ApplicationState::Running, 2);
    QCOMPARE(m_tracker->operations().size(), 0);
    // Resyncs neither.
    for (int i = 0; i < 3; ++i)
        m_tracker->applicationsSynced({app(App, ApplicationState::Running, 2, 2, 2000 + i)});
    QCOMPARE(m_tracker->operations().size(), 0);
}

void TestOperationTracker::operationRunningAtConnectIsFollowedOnce()
{
    connectWith(healthyInstances(1), ApplicationState::ScalingRequested, 3);
    QCOMPARE(m_tracker->operations().size(), 1);
    auto op = m_tracker->operations().first();
    QVERIFY(op.beganBeforeConnect);
    QCOMPARE(op.total, -1); // its work before the connect is unknown
    QVERIFY(op.phaseText.contains(QStringLiteral("before the console connected")));
    // What is measured is said: the healthy count against the target, never "? of ?" at 0 %.
    QVERIFY2(op.phaseText.contains(QStringLiteral("1 of 3 healthy")), qPrintable(op.phaseText));
    QVERIFY(!op.progressKnown());
    OperationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTracker(m_tracker);
    const QModelIndex progress = model.index(0, OperationsModel::ProgressColumn);
    QCOMPARE(progress.data().toString(), QStringLiteral("unknown"));
    QVERIFY(!progress.data(ProgressRole).isValid()); // no bar is drawn
    QVERIFY(progress.data(Qt::ToolTipRole).toString().contains(QStringLiteral("before")));
    m_tracker->applicationsSynced({app(App, ApplicationState::ScalingRequested, 2, 3)});
    m_tracker->applicationsSynced({app(App, ApplicationState::ScalingRequested, 2, 3)});
    QCOMPARE(m_tracker->operations().size(), 1);
    Stream s(&m_now);
    feed(s.startHealthy(QStringLiteral("AI-2")));
    feed(s.startHealthy(QStringLiteral("AI-3")));
    feed({s.app(ApplicationState::Running)});
    op = m_tracker->operations().first();
    QCOMPARE(op.outcome, Outcome::Completed);
    QCOMPARE(op.instancesStarted, 2);
    QCOMPARE(m_tracker->operations().size(), 1);
    QCOMPARE(model.index(0, OperationsModel::ProgressColumn).data().toString(),
             QStringLiteral("100%"));
}

void TestOperationTracker::createWithInstancesIsItsOwnOperation()
{
    // A CREATE with 3 instances said "completed" at 0/3: it completes when the app exists, and
    // the controller starts the instances in an operation of its own.
    m_tracker->applicationsSynced({});
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::create(
        [] {
            drove::protocol::ApplicationSpec spec;
            spec.name = QStringLiteral("APP");
            spec.version = QStringLiteral("1");
            return spec;
        }(),
        3, spec()));
    QCOMPARE(m_tracker->operation(id)->appId, App);
    feed({s.app(ApplicationState::Running)});
    auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->countText(), QStringLiteral("1 of 1 created"));
    QCOMPARE(op->appStates, QList<ApplicationState> {ApplicationState::Running});
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 0, 3));
    feed({s.app(ApplicationState::OutageDetected)});
    QCOMPARE(m_tracker->operations().size(), 2);
    QCOMPARE(m_tracker->operations().last().type, OperationType::Recover);
}

void TestOperationTracker::everyOperationBetweenTwoPollsIsShown()
{
    // With another client running SCALE, REPLACE all, REPLACE one and STOP with skipRespawn, the
    // Operations panel showed none of them.
    connectWith(healthyInstances(2), ApplicationState::Running, 2);
    Stream s(&m_now);
    QList<DroveEvent> poll;
    poll << s.app(ApplicationState::ScalingRequested) << s.startHealthy(QStringLiteral("AI-3"))
         << s.app(ApplicationState::Running);
    poll << s.app(ApplicationState::ReplaceInstancesRequested)
         << s.startHealthy(QStringLiteral("AI-4")) << s.stop(QStringLiteral("AI-old-1"), 500)
         << s.startHealthy(QStringLiteral("AI-5")) << s.stop(QStringLiteral("AI-old-2"), 500)
         << s.app(ApplicationState::Running);
    poll << s.app(ApplicationState::StopInstancesRequested) << s.stop(QStringLiteral("AI-3"), 0)
         << s.app(ApplicationState::Running);
    feed(poll);
    // The scale's target is only in the summary the sync engine fetches after these events.
    QCOMPARE(m_tracker->operations().first().outcome, Outcome::Running);
    QVERIFY(m_tracker->operations().first().phaseText.contains(QStringLiteral("summary")));
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 3, 3));
    const auto ops = m_tracker->operations();
    QCOMPARE(ops.size(), 3);
    QCOMPARE(ops.at(0).type, OperationType::ScaleInstances);
    QVERIFY(ops.at(0).typeInferred);
    QCOMPARE(ops.at(0).outcome, Outcome::Completed);
    QCOMPARE(ops.at(0).instancesStarted, 1);
    QCOMPARE(ops.at(1).type, OperationType::ReplaceInstances);
    QCOMPARE(ops.at(1).outcome, Outcome::Completed);
    QCOMPARE(ops.at(1).instancesStopped, 2);
    QCOMPARE(ops.at(2).type, OperationType::StopInstances);
    QCOMPARE(ops.at(2).instancesStopped, 1);
    for (const auto &op : ops)
        QCOMPARE(op.origin, Origin::OtherClient);
}

void TestOperationTracker::anotherClientsShortOperationSaysWhatItCannotKnow()
{
    // The cancelled SCALE of another client showed "cancelled: 8 of 8 instances" at 100 %.
    connectWith({}, ApplicationState::Monitoring, 0);
    m_tracker->applicationUpdated(app(App, ApplicationState::Monitoring, 0, 8));
    Stream s(&m_now);
    feed({s.app(ApplicationState::ScalingRequested)});
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 0, 8));
    feed(s.startHealthy(QStringLiteral("AI-1")));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operations().last();
    QCOMPARE(op.outcome, Outcome::Failed);
    QVERIFY(!op.causeKnown);
    QVERIFY(op.outcomeReason.contains(QStringLiteral("does not say")));
    QVERIFY(op.progress < 1.0);
}

void TestOperationTracker::eventsBeforeTheAnswerBelongToTheSubmittedOperation()
{
    connectWith(healthyInstances(1), ApplicationState::Running, 1);
    Stream s(&m_now);
    const QString id = m_tracker->trackSubmitted(ApplicationOperation::scale(App, 2, spec()));
    feed({s.app(ApplicationState::ScalingRequested)});
    feed(s.startHealthy(QStringLiteral("AI-2")));
    m_tracker->confirmAccepted(id);
    feed({s.app(ApplicationState::Running)});
    QCOMPARE(m_tracker->operations().size(), 1);
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->origin, Origin::ThisConsole);
    QCOMPARE(op->outcome, Outcome::Completed);
}

void TestOperationTracker::rejectedSubmissionIsForgotten()
{
    connectWith(healthyInstances(1), ApplicationState::Running, 1);
    QSignalSpy removed(m_tracker, &OperationTracker::operationRemoved);
    const QString id = m_tracker->trackSubmitted(ApplicationOperation::scale(App, 2, spec()));
    QCOMPARE(m_tracker->operation(id)->phaseText,
             QStringLiteral("Accepted — waiting for the controller to begin"));
    m_tracker->withdrawRejected(id);
    QVERIFY(!m_tracker->operation(id));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_tracker->inFlightCount(), 0);
}

void TestOperationTracker::skipRespawnCountsStops()
{
    connectWith(healthyInstances(3), ApplicationState::Running, 3);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::stopInstances(
        App, {QStringLiteral("AI-old-1"), QStringLiteral("AI-old-2")}, true, spec()));
    feed({s.app(ApplicationState::StopInstancesRequested)});
    feed(s.stop(QStringLiteral("AI-old-2"), 500));
    QCOMPARE(m_tracker->operation(id)->countText(), QStringLiteral("1 of 2 stopped"));
    feed(s.stop(QStringLiteral("AI-old-1"), 500));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->instancesStopped, 2);
    QCOMPARE(op->instancesStarted, 0);
}

void TestOperationTracker::listedInstanceFailingByItselfIsNotCountedAsStopped()
{
    // The 3,000-operation oracle run (bench/README.md): a listed instance failed its health
    // check after the STOP_INSTANCES was accepted but before the app entered
    // STOP_INSTANCES_REQUESTED, and went down by itself (UNHEALTHY → DEPROVISIONING → STOPPED,
    // no STOPPING). The engine's record does not count it as stopped by the operation
    // (ControllerEngine::stopInstanceAndWait); neither may the console, and the operation still
    // completes: nothing is left for it to stop.
    connectWith(healthyInstances(2), ApplicationState::Running, 2);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::stopInstances(
        App, {QStringLiteral("AI-old-1"), QStringLiteral("AI-old-2")}, true, spec()));
    feed({s.inst(QStringLiteral("AI-old-1"), InstanceState::Unhealthy, 500,
                 QStringLiteral("Healthcheck failed"))});
    ++m_now;
    feed({s.app(ApplicationState::StopInstancesRequested)});
    ++m_now;
    feed({s.inst(QStringLiteral("AI-old-1"), InstanceState::Deprovisioning, 500),
          s.inst(QStringLiteral("AI-old-1"), InstanceState::Stopped, 500)});
    feed(s.stop(QStringLiteral("AI-old-2"), 500));
    feed({s.app(ApplicationState::Running)});
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->instancesStopped, 1);
}

void TestOperationTracker::pollingWithoutAnEventFeed()
{
    m_tracker->setEventFeedAvailable(false);
    connectWith(healthyInstances(1), ApplicationState::Running, 1);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec()));
    m_now += 1000;
    m_tracker->applicationUpdated(app(App, ApplicationState::ScalingRequested, 1, 2));
    QCOMPARE(m_tracker->operation(id)->phase, Phase::ScalingUp);
    QList<InstanceInfo> list = healthyInstances(1);
    list.append(instance(App, QStringLiteral("AI-new"), InstanceState::Healthy, m_now));
    m_now += 1000;
    m_tracker->instancesSynced(App, list);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 2, 2));
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->outcome, Outcome::Completed);
    QCOMPARE(op->instancesStarted, 1);
}

void TestOperationTracker::instancesDeletedWithoutAnEventAreNotCountedHealthy()
{
    // Seen under Xvfb: removing an executor (Drove deletes its instances' records with no
    // event, StateUpdater.RemoveExecutorUpdateData) left them HEALTHY in the tracker, and the
    // controller's recovery showed "7 of 4 healthy". With an event feed, an instance that a
    // list no longer has and that changed nothing for 10 s is gone.
    connectWith(healthyInstances(3), ApplicationState::Running, 3);
    Stream s(&m_now);
    const QString id = m_tracker->trackAccepted(ApplicationOperation::scale(App, 4, spec()));
    feed({s.app(ApplicationState::ScalingRequested)});
    feed(s.startHealthy(QStringLiteral("AI-new")));
    QList<InstanceInfo> listed = healthyInstances(3).mid(1); // AI-old-1 went with its executor
    listed.append(instance(App, QStringLiteral("AI-new"), InstanceState::Healthy, m_now - 6));
    // A list right after a change could predate it: nothing is dropped yet.
    m_tracker->instancesSynced(App, listed);
    QCOMPARE(m_tracker->operation(id)->healthyInstances, qint64(4));
    m_now += 11000;
    m_tracker->instancesSynced(App, listed);
    const auto op = m_tracker->operation(id);
    QCOMPARE(op->healthyInstances, qint64(3));
    QCOMPARE(op->otherFailures, 1);
    QVERIFY2(op->failureMessages.join(QLatin1Char(' ')).contains(QLatin1String("no longer listed")),
             qPrintable(op->failureMessages.join(QLatin1Char(' '))));
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
    connectWith(healthyInstances(1), ApplicationState::Running, 1);
    Stream s(&m_now);

    m_tracker->trackAccepted(ApplicationOperation::scale(App, 3, spec(60)));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, OperationsModel::OperationColumn).data().toString(),
             QStringLiteral("SCALE"));
    QCOMPARE(model.index(0, 0).data(CanCancelRole).toBool(), true);
    QCOMPARE(model.index(0, OperationsModel::StartedByColumn).data().toString(),
             QStringLiteral("this console"));

    feed({s.app(ApplicationState::ScalingRequested)});
    changed.clear();
    feed(s.startHealthy(QStringLiteral("AI-2")));
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

    m_tracker->markCancelRequested(App);
    QCOMPARE(model.index(0, 0).data(CanCancelRole).toBool(), false);
    feed({s.app(ApplicationState::Running)});
    QCOMPARE(model.index(0, OperationsModel::OutcomeColumn).data().toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(model.index(0, 0).data(OutcomeRole).toInt(), int(Outcome::Cancelled));

    // A second finished op pushes the first out (retention 1): a removal, not a reset.
    m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec(60)));
    feed({s.app(ApplicationState::ScalingRequested), s.app(ApplicationState::Running)});
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
    connectWith(healthyInstances(1), ApplicationState::Running, 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Stream s(&m_now);
    m_tracker->trackAccepted(ApplicationOperation::scale(App, 2, spec()));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<QModelIndex>().column(),
             int(ApplicationsModel::ActiveOperationColumn));
    QCOMPARE(model.index(0, ApplicationsModel::ActiveOperationColumn).data().toString(),
             QStringLiteral("SCALE · Accepted — waiting for the controller to begin"));
    feed({s.app(ApplicationState::ScalingRequested)});
    QCOMPARE(model.index(0, ApplicationsModel::ActiveOperationColumn).data().toString(),
             QStringLiteral("SCALE · Scaling up: 0 of 1 started"));
    feed(s.startHealthy(QStringLiteral("AI-2")));
    feed({s.app(ApplicationState::Running)});
    QCOMPARE(model.index(0, ApplicationsModel::ActiveOperationColumn).data().toString(), QString());
}

namespace {
QList<drove::protocol::AppSummary> manyApps(int count, qint64 updated = 1000)
{
    QList<drove::protocol::AppSummary> apps;
    for (int i = 0; i < count; ++i)
        apps.append(app(QStringLiteral("APP-%1").arg(i, 5, 10, QLatin1Char('0')),
                        ApplicationState::Running, 2, 2, updated));
    return apps;
}
} // namespace

void TestOperationTracker::resyncLooksOnlyAtWhatChanged()
{
    // A full resync of 10,000 apps every 30 s looked at every app again (~6 ms of the GUI
    // thread); only new and changed apps, and apps an operation is about, need a look.
    QList<drove::protocol::AppSummary> apps = manyApps(1000);
    QCOMPARE(m_tracker->applicationsSynced(apps).examined, 1000);
    QCOMPARE(m_tracker->applicationsSynced(apps).examined, 0);

    apps[10].healthyInstances = 1;
    apps.append(app(QStringLiteral("APP-99999"), ApplicationState::Running, 1, 1));
    apps.removeAt(500);
    const auto stats = m_tracker->applicationsSynced(apps);
    QCOMPARE(stats.examined, 2);
    QCOMPARE(stats.gone, 1);

    // An app with an operation in flight is looked at with every list.
    m_tracker->trackAccepted(ApplicationOperation::scale(apps[20].id, 3, spec()));
    QCOMPARE(m_tracker->applicationsSynced(apps).examined, 1);
    // So is one the event stream or a fetch told of since the last list.
    m_tracker->applicationUpdated(apps[30]);
    QCOMPARE(m_tracker->applicationsSynced(apps).examined, 2);
    QCOMPARE(m_tracker->applicationsSynced(apps).examined, 1);
}

void TestOperationTracker::resyncReplacesASummaryReceivedBetweenLists()
{
    // The list is the newest word on an app, even when it says what the previous list said
    // and a summary fetched in between said something else.
    const auto listed
        = QList<drove::protocol::AppSummary> {app(App, ApplicationState::Running, 2, 2)};
    m_tracker->applicationsSynced(listed);
    m_tracker->applicationUpdated(app(App, ApplicationState::Running, 5, 5, 2000));
    m_tracker->applicationsSynced(listed);
    const QString id
        = m_tracker->trackAccepted(ApplicationOperation::startInstances(App, 1, spec()));
    QCOMPARE(m_tracker->operation(id)->targetInstances, 3); // 2 healthy + 1, not 5 + 1
}

void TestOperationTracker::resyncOfAnUnsortedListFindsTheAppsGone()
{
    // Lists are compared in id order; a list in any other order is read the same.
    const auto a = app(QStringLiteral("A-1"), ApplicationState::Running, 1, 1);
    const auto b = app(QStringLiteral("B-1"), ApplicationState::Running, 1, 1);
    const auto c = app(QStringLiteral("C-1"), ApplicationState::Running, 1, 1);
    m_tracker->applicationsSynced({c, a, b});
    const auto stats = m_tracker->applicationsSynced({c, a});
    QCOMPARE(stats.examined, 0);
    QCOMPARE(stats.gone, 1);
    // B is forgotten: a summary of it now is of an app the tracker knows nothing of.
    QCOMPARE(m_tracker->applicationsSynced({c, a}).gone, 0);
}

void TestOperationTracker::appsNothingIsFollowedOfAreReadFromTheList()
{
    // The first list of 10,000 apps made 10,000 entries (~15 ms of the GUI thread, most of it
    // faulting in fresh memory); only the apps something is followed of need one, and the
    // others answer from the list.
    QList<drove::protocol::AppSummary> apps = manyApps(1000);
    apps[7].state = ApplicationState::ScalingRequested; // an operation under way: followed
    apps[8].healthyInstances = 1;
    auto stats = m_tracker->applicationsSynced(apps);
    QCOMPARE(stats.followed, 1);
    QCOMPARE(m_tracker->operations().size(), 1);

    // What the list says of an app is what the tracker knows of it.
    const QString id
        = m_tracker->trackAccepted(ApplicationOperation::startInstances(apps[8].id, 2, spec()));
    QCOMPARE(m_tracker->operation(id)->targetInstances, 3); // 1 healthy + 2

    // An app's first event after the list: an operation of another client, from its state.
    feed({appStateEvent(QStringLiteral("ev-9"), m_now, apps[9].id,
                        ApplicationState::ScalingRequested)});
    QCOMPARE(m_tracker->operations().size(), 3);
    QVERIFY(m_tracker->activeOperation(apps[9].id));
    QCOMPARE(m_tracker->activeOperation(apps[9].id)->healthyAtBegin, 2);

    // A removed app is not read from the list again: a later event does not find it parked
    // and known, and a later list does not find it gone again.
    m_tracker->applicationRemoved(apps[10].id);
    stats = m_tracker->applicationsSynced(apps.mid(0, 10) + apps.mid(11));
    QCOMPARE(stats.gone, 0);
    // Nor does a list without an app it never followed miss it.
    stats = m_tracker->applicationsSynced(apps.mid(0, 10) + apps.mid(12));
    QCOMPARE(stats.gone, 1);
    QCOMPARE(m_tracker->applicationsSynced(apps.mid(0, 10) + apps.mid(12)).gone, 0);
}

QTEST_GUILESS_MAIN(TestOperationTracker)
#include "tst_operationtracker.moc"
