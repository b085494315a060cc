// The console's data path end to end: operations sent through ClusterSession (validation,
// journal, DroveClient over HTTP) to a real embedded controller on 127.0.0.1:<ephemeral>,
// followed by the SyncEngine's events-driven refresh into the models and the OperationTracker.
// The controller runs on its real-time clock at a 20× time scale, so each test takes seconds;
// nothing sleeps, every wait is on a condition.

#include "consoleharness.h"
#include "embeddednode.h"
#include "integrationsupport.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/controllercore.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace drove;
using models::TrackedOperation;
using Outcome = TrackedOperation::Outcome;
using Phase = TrackedOperation::Phase;
using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;

namespace {
constexpr int kOpTimeoutMs = 60000; // generous: the VM is shared with parallel builds
}

class TestLiveOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void scaleIsTrackedFromAcceptanceToCompletion_data();
    void scaleIsTrackedFromAcceptanceToCompletion();
    void replaceChangesEveryInstanceId();
    void slowScaleIsCancelledAndSettles();
    void stopInstancesWithSkipRespawnLowersTheCount();

private:
    /// Submits through the session and returns the tracked id once the controller accepted.
    QString submit(const ApplicationOperation &operation);
    /// Follows a tracked operation to its end, recording every update.
    TrackedOperation follow(const QString &trackedId, QList<TrackedOperation> *updates = nullptr);
    /// CREATE with 0 instances through the session; returns the app id once the models show it.
    QString createApp();
    /// Scales to `count` and waits for completion; returns false on any other outcome.
    bool scaleTo(const QString &appId, int count, int parallelism = 4);
    QStringList activeInstanceIds() const;
    std::optional<protocol::AppSummary> shownApp(const QString &appId) const;

    std::unique_ptr<EmbeddedNode> m_node;
    std::unique_ptr<ConsoleHarness> m_console;
};

void TestLiveOperations::init()
{
    m_node = std::make_unique<EmbeddedNode>();
    QString error;
    QVERIFY2(m_node->start(EmbeddedNode::Options(), 0, &error), qPrintable(error));
    m_console = std::make_unique<ConsoleHarness>(QList<QUrl> {m_node->url()});
    m_console->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_console->sync()->connectionState(),
                              client::SyncEngine::ConnectionState::Connected, 10000);
}

void TestLiveOperations::cleanup()
{
    m_console.reset();
    m_node.reset();
}

QString TestLiveOperations::submit(const ApplicationOperation &operation)
{
    models::ClusterSession *session = m_console->session();
    const models::SubmitTicket ticket = session->submitOperation(operation);
    if (!ticket.sent()) {
        qWarning() << "rejected locally:" << ticket.rejection << ticket.problems;
        return {};
    }
    const QString id = ticket.pending->trackedId();
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    QSignalSpy rejected(ticket.pending, &models::PendingOperation::rejected);
    (void)QTest::qWaitFor([&] { return !accepted.isEmpty() || !rejected.isEmpty(); }, 15000);
    if (accepted.isEmpty()) {
        if (!rejected.isEmpty())
            qWarning() << "not accepted:"
                       << rejected.first().first().value<client::ApiError>().userText();
        return {};
    }
    return id;
}

TrackedOperation TestLiveOperations::follow(const QString &trackedId,
                                            QList<TrackedOperation> *updates)
{
    models::OperationTracker *tracker = m_console->session()->tracker();
    QSignalSpy updated(tracker, &models::OperationTracker::operationUpdated);
    const auto finished = [&] {
        const auto op = tracker->operation(trackedId);
        return op && op->isFinished();
    };
    (void)QTest::qWaitFor(finished, kOpTimeoutMs);
    if (updates) {
        for (const QList<QVariant> &args : std::as_const(updated)) {
            const auto op = args.first().value<TrackedOperation>();
            if (op.id == trackedId)
                updates->append(op);
        }
    }
    return tracker->operation(trackedId).value_or(TrackedOperation());
}

std::optional<protocol::AppSummary> TestLiveOperations::shownApp(const QString &appId) const
{
    return m_console->session()->applications()->application(appId);
}

QString TestLiveOperations::createApp()
{
    const auto spec = integration::referenceSpec();
    if (!spec)
        return {};
    const QString id = submit(
        ApplicationOperation::create(*spec, 0, ClusterOpSpec::make(Duration::minutes(5), 1)));
    if (id.isEmpty())
        return {};
    const TrackedOperation op = follow(id);
    if (op.outcome != Outcome::Completed) {
        qWarning() << "create ended" << TrackedOperation::outcomeName(op.outcome)
                   << op.outcomeReason;
        return {};
    }
    const QString appId = op.appId;
    if (!QTest::qWaitFor([&] { return shownApp(appId).has_value(); }, 10000))
        return {};
    // The instances view follows this app; that scope change is the one legitimate reset.
    m_console->session()->setInstancesApplication(appId, true);
    m_console->clearResets();
    return appId;
}

bool TestLiveOperations::scaleTo(const QString &appId, int count, int parallelism)
{
    const QString id = submit(ApplicationOperation::scale(
        appId, count, ClusterOpSpec::make(Duration::minutes(5), parallelism)));
    return !id.isEmpty() && follow(id).outcome == Outcome::Completed;
}

QStringList TestLiveOperations::activeInstanceIds() const
{
    const models::InstancesModel *model = m_console->session()->instances();
    QStringList ids;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (!index.data(models::IsOldRole).toBool())
            ids.append(index.data(models::InstanceIdRole).toString());
    }
    ids.sort();
    return ids;
}

void TestLiveOperations::scaleIsTrackedFromAcceptanceToCompletion_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<int>("parallelism");
    QTest::newRow("0-to-3-two-at-a-time") << 3 << 2;
    QTest::newRow("0-to-5-one-at-a-time") << 5 << 1;
}

void TestLiveOperations::scaleIsTrackedFromAcceptanceToCompletion()
{
    QFETCH(int, target);
    QFETCH(int, parallelism);
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    models::InstancesModel *instances = m_console->session()->instances();
    models::ApplicationsModel *apps = m_console->session()->applications();
    QSignalSpy instanceInserts(instances, &QAbstractItemModel::rowsInserted);
    QSignalSpy instanceChanges(instances, &QAbstractItemModel::dataChanged);
    QSignalSpy appChanges(apps, &QAbstractItemModel::dataChanged);

    const QString id = submit(ApplicationOperation::scale(
        appId, target, ClusterOpSpec::make(Duration::minutes(5), parallelism)));
    QVERIFY(!id.isEmpty());
    // From acceptance the operation is in the tracker and the operations model.
    const auto accepted = m_console->session()->tracker()->operation(id);
    QVERIFY(accepted);
    QCOMPARE(accepted->type, protocol::OperationType::ScaleInstances);
    QCOMPARE(accepted->origin, TrackedOperation::Origin::ThisConsole);
    QCOMPARE(accepted->targetInstances, qint64(target));
    QCOMPARE(accepted->parallelism, qint64(parallelism));
    QCOMPARE(accepted->timeoutMs, qint64(5 * 60 * 1000));
    QVERIFY(m_console->session()->operations()->rowCount() >= 1);

    QList<TrackedOperation> updates;
    const TrackedOperation done = follow(id, &updates);
    QCOMPARE(TrackedOperation::outcomeName(done.outcome),
             TrackedOperation::outcomeName(Outcome::Completed));
    QCOMPARE(done.phase, Phase::Finished);
    QCOMPARE(done.healthyInstances, qint64(target));
    QCOMPARE(done.progress, 1.0);
    QVERIFY(!done.appStates.isEmpty());
    QCOMPARE(done.appStates.first(), protocol::ApplicationState::ScalingRequested);
    QVERIFY(done.finishedAtMs >= done.acceptedAtMs);

    // Progress was reported on the way, never went backwards, and the scale-up phase was seen.
    QVERIFY2(updates.size() >= 2, qPrintable(QString::number(updates.size())));
    bool sawScalingUp = false, sawPartial = false;
    double last = 0.0;
    for (const TrackedOperation &op : std::as_const(updates)) {
        sawScalingUp |= op.phase == Phase::ScalingUp;
        sawPartial |= op.progress > 0.0 && op.progress < 1.0;
        QVERIFY2(
            op.progress + 1e-9 >= last,
            qPrintable(QStringLiteral("progress fell from %1 to %2").arg(last).arg(op.progress)));
        last = op.progress;
    }
    QVERIFY(sawScalingUp);
    QVERIFY(sawPartial);

    // The models caught up incrementally: the app row shows target/target, the instances view
    // holds exactly the healthy instances the controller has, all inserted row by row.
    QTRY_VERIFY_WITH_TIMEOUT(shownApp(appId) && shownApp(appId)->healthyInstances == target
                                 && shownApp(appId)->requiredInstances == target
                                 && shownApp(appId)->state == protocol::ApplicationState::Running,
                             10000);
    const auto controllerSide = m_node->core()->instances(appId);
    QStringList expected;
    for (const protocol::InstanceInfo &info : controllerSide) {
        QCOMPARE(info.state, protocol::InstanceState::Healthy);
        expected.append(info.instanceId);
    }
    expected.sort();
    QTRY_COMPARE_WITH_TIMEOUT(activeInstanceIds(), expected, 10000);
    QVERIFY(instanceInserts.count() >= 1);
    QVERIFY(instanceChanges.count() >= 1); // state moves PENDING → … → HEALTHY in place
    QVERIFY(appChanges.count() >= 1);
    QCOMPARE(m_console->resetCount(), 0);

    const auto entries = m_console->journal()->entries();
    QCOMPARE(entries.size(), 2); // CREATE, SCALE
    QCOMPARE(entries.last().operation, QStringLiteral("SCALE"));
    QCOMPARE(entries.last().outcome, models::OperationJournal::Outcome::Completed);
}

void TestLiveOperations::replaceChangesEveryInstanceId()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    QVERIFY(scaleTo(appId, 3));
    QTRY_COMPARE_WITH_TIMEOUT(activeInstanceIds().size(), 3, 10000);
    const QStringList before = activeInstanceIds();

    const QString id = submit(ApplicationOperation::replaceInstances(
        appId, {}, false, ClusterOpSpec::make(Duration::minutes(5), 1)));
    QVERIFY(!id.isEmpty());
    QList<TrackedOperation> updates;
    const TrackedOperation done = follow(id, &updates);
    QCOMPARE(TrackedOperation::outcomeName(done.outcome),
             TrackedOperation::outcomeName(Outcome::Completed));
    QCOMPARE(done.type, protocol::OperationType::ReplaceInstances);
    // "All" means the instances healthy at acceptance.
    QStringList targets = done.targetInstanceIds;
    targets.sort();
    QCOMPARE(targets, before);
    QCOMPARE(done.instancesStarted, 3);
    QCOMPARE(done.instancesStopped, 3);
    QCOMPARE(done.done, 3);
    QCOMPARE(done.targetsRemaining, 0);
    QCOMPARE(done.progress, 1.0);

    // One at a time (parallelism 1): at some point new and old instances ran side by side.
    bool sawMix = false, sawReplacing = false;
    for (const TrackedOperation &op : std::as_const(updates)) {
        // A replacement became healthy while its old instance still ran.
        sawMix |= op.instancesStarted > op.instancesStopped && op.targetsRemaining > 0;
        sawReplacing |= op.phase == Phase::Replacing;
        QVERIFY(op.instancesStarted <= op.instancesStopped + 1); // one start before each stop
    }
    QVERIFY(sawReplacing);
    QVERIFY(sawMix);

    QTRY_COMPARE_WITH_TIMEOUT(activeInstanceIds().size(), 3, 10000);
    const QStringList after = activeInstanceIds();
    QVERIFY2(!QSet<QString>(after.cbegin(), after.cend())
                  .intersects(QSet<QString>(before.cbegin(), before.cend())),
             qPrintable(after.join(u',')));
    // The replaced ones moved to the old rows of the same model (not dropped and re-added).
    const models::InstancesModel *instances = m_console->session()->instances();
    for (const QString &old : before) {
        QTRY_VERIFY_WITH_TIMEOUT(instances->rowOfKey(old) >= 0
                                     && instances->indexOfKey(old).data(models::IsOldRole).toBool(),
                                 10000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(shownApp(appId)->healthyInstances == 3, 10000);
    QCOMPARE(m_console->resetCount(), 0);
}

void TestLiveOperations::slowScaleIsCancelledAndSettles()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    // Slow: one instance at a time, ten of them.
    const QString id = submit(
        ApplicationOperation::scale(appId, 10, ClusterOpSpec::make(Duration::minutes(10), 1)));
    QVERIFY(!id.isEmpty());
    models::OperationTracker *tracker = m_console->session()->tracker();
    QTRY_VERIFY_WITH_TIMEOUT(tracker->operation(id)->healthyInstances >= 1, 30000);
    QVERIFY(!tracker->operation(id)->isFinished());
    QVERIFY(tracker->operation(id)->canCancel());

    QSignalSpy cancelAccepted(m_console->session()->cancelOperation(appId),
                              &models::PendingOperation::accepted);
    QVERIFY(cancelAccepted.wait(15000));
    const auto cancelling = tracker->operation(id);
    QVERIFY(cancelling->cancelRequested);
    QVERIFY(cancelling->isFinished() || cancelling->phase == Phase::Cancelling);

    const TrackedOperation done = follow(id);
    QCOMPARE(TrackedOperation::outcomeName(done.outcome),
             TrackedOperation::outcomeName(Outcome::Cancelled));
    QVERIFY(done.healthyInstances >= 1);
    QVERIFY(done.healthyInstances < 10);

    // Settled: the controller set the desired count to what was healthy; the model agrees.
    QTRY_VERIFY_WITH_TIMEOUT(!m_node->core()->activeOperation(appId).has_value(), 30000);
    const auto core = m_node->core()->appSummary(appId);
    QVERIFY(core);
    QCOMPARE(core->state, protocol::ApplicationState::Running);
    QCOMPARE(core->requiredInstances, core->healthyInstances);
    QVERIFY(core->healthyInstances < 10);
    QTRY_VERIFY_WITH_TIMEOUT(shownApp(appId) && *shownApp(appId) == *core, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(activeInstanceIds().size(), int(core->healthyInstances), 10000);
    QCOMPARE(m_console->journal()->entries().last().outcome,
             models::OperationJournal::Outcome::Cancelled);
    QCOMPARE(m_console->resetCount(), 0);
}

void TestLiveOperations::stopInstancesWithSkipRespawnLowersTheCount()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    QVERIFY(scaleTo(appId, 4));
    QTRY_COMPARE_WITH_TIMEOUT(activeInstanceIds().size(), 4, 10000);
    const QStringList all = activeInstanceIds();
    const QStringList chosen = {all.at(1), all.at(3)};

    const QString id = submit(ApplicationOperation::stopInstances(
        appId, chosen, true, ClusterOpSpec::make(Duration::minutes(5), 2)));
    QVERIFY(!id.isEmpty());
    const TrackedOperation done = follow(id);
    QCOMPARE(TrackedOperation::outcomeName(done.outcome),
             TrackedOperation::outcomeName(Outcome::Completed));
    QCOMPARE(done.type, protocol::OperationType::StopInstances);
    QStringList targets = done.targetInstanceIds;
    targets.sort();
    QStringList chosenSorted = chosen;
    chosenSorted.sort();
    QCOMPARE(targets, chosenSorted);
    QCOMPARE(done.targetsRemaining, 0);

    // Settles at 2 required, 2 healthy, no respawn: the survivors are the two not chosen.
    QTRY_VERIFY_WITH_TIMEOUT(!m_node->core()->activeOperation(appId).has_value(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(shownApp(appId) && shownApp(appId)->requiredInstances == 2
                                 && shownApp(appId)->healthyInstances == 2
                                 && shownApp(appId)->state == protocol::ApplicationState::Running,
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(activeInstanceIds(), (QStringList {all.at(0), all.at(2)}), 10000);
    QCOMPARE(m_node->core()->instances(appId).size(), 2);
    // No respawn later either: one more refresh round still shows two.
    QSignalSpy resynced(m_console->sync(), &client::SyncEngine::fullResyncFinished);
    m_console->sync()->requestFullResync();
    QVERIFY(resynced.wait(10000));
    QCOMPARE(shownApp(appId)->requiredInstances, 2);
    QCOMPARE(activeInstanceIds().size(), 2);
    QCOMPARE(m_console->resetCount(), 0);
}

QTEST_GUILESS_MAIN(TestLiveOperations)
#include "tst_liveoperations.moc"
