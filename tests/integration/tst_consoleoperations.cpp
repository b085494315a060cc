// The real client and models against the real embedded controller on 127.0.0.1:<ephemeral>:
// operations sent through ClusterSession are tracked from acceptance to their outcome.
// The controller runs on a virtual clock (the tracker shares it); HTTP and the sync loop run on
// the real event loop.

#include "virtualcluster.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/droveapi.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "protocol/applicationspec.h"
#include "ui/operationtimeline.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace drove;
using models::TrackedOperation;
using Outcome = TrackedOperation::Outcome;

Q_DECLARE_METATYPE(drove::protocol::PlacementPolicy)

class TestConsoleOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void scaleAndReplaceAreTrackedToCompletion();
    void cancelIsTrackedToItsOutcome();
    void executorDetailsCountInstancesAndFollowTheScope();
    void answersReachTheCallerOnlyWhileItLives();
    void stuckOperationSaysWhyAndClears_data();
    void stuckOperationSaysWhyAndClears();
    void replaceTimelineShowsEachNewHealthyBeforeAnOldStops();

private:
    /// Advances virtual time in steps, letting HTTP and the sync loop run, until `done`.
    bool drive(const std::function<bool()> &done, int maxSteps = 600, qint64 stepMs = 500);
    QString createApp(const std::optional<protocol::PlacementPolicy> &policy = std::nullopt);
    std::optional<TrackedOperation> sendAndFollow(const protocol::ApplicationOperation &op);

    VirtualCluster m_cluster;
    std::unique_ptr<QAbstractItemModelTester> m_appsTester, m_opsTester;
};

void TestConsoleOperations::init()
{
    QString error;
    QVERIFY2(m_cluster.start(11, &error), qPrintable(error));
    m_appsTester = std::make_unique<QAbstractItemModelTester>(
        m_cluster.session->applications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_opsTester = std::make_unique<QAbstractItemModelTester>(
        m_cluster.session->operations(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_cluster.sync->start();
}

void TestConsoleOperations::cleanup()
{
    m_opsTester.reset();
    m_appsTester.reset();
    m_cluster.stop();
}

bool TestConsoleOperations::drive(const std::function<bool()> &done, int maxSteps, qint64 stepMs)
{
    for (int i = 0; i < maxSteps; ++i) {
        if (done())
            return true;
        m_cluster.clock->advance(stepMs);
        m_cluster.session->tracker()->tick();
        QTest::qWait(15);
    }
    return done();
}

QString TestConsoleOperations::createApp(const std::optional<protocol::PlacementPolicy> &policy)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    auto spec
        = protocol::ApplicationSpec::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!spec)
        return QString();
    if (policy)
        spec->placementPolicy = *policy;
    const auto op = sendAndFollow(protocol::ApplicationOperation::create(
        *spec, 0, protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
    return op && op->outcome == Outcome::Completed ? op->appId : QString();
}

std::optional<TrackedOperation>
TestConsoleOperations::sendAndFollow(const protocol::ApplicationOperation &op)
{
    const models::SubmitTicket ticket = m_cluster.session->submitOperation(op);
    if (!ticket.sent())
        return std::nullopt;
    const QString id = ticket.pending->trackedId();
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    QSignalSpy rejected(ticket.pending, &models::PendingOperation::rejected);
    if (!drive([&] { return !accepted.isEmpty() || !rejected.isEmpty(); }, 200, 0))
        return std::nullopt;
    if (accepted.isEmpty()) {
        qWarning() << "rejected:" << rejected.first().first().value<client::ApiError>().userText();
        return std::nullopt;
    }
    drive([&] { return m_cluster.session->tracker()->operation(id)->isFinished(); });
    return m_cluster.session->tracker()->operation(id);
}

void TestConsoleOperations::scaleAndReplaceAreTrackedToCompletion()
{
    QSignalSpy resets(m_cluster.session->applications(), &QAbstractItemModel::modelAboutToBeReset);
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    QVERIFY(drive([&] { return m_cluster.session->applications()->rowOfKey(appId) >= 0; }));

    const auto scale = sendAndFollow(protocol::ApplicationOperation::scale(
        appId, 3, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 2)));
    QVERIFY(scale);
    QCOMPARE(scale->outcome, Outcome::Completed);
    QCOMPARE(scale->type, protocol::OperationType::ScaleInstances);
    QCOMPARE(scale->targetInstances, 3);
    QCOMPARE(scale->healthyInstances, 3);
    QCOMPARE(scale->progress, 1.0);
    QCOMPARE(scale->appStates.first(), protocol::ApplicationState::ScalingRequested);
    QVERIFY(drive([&] {
        const auto app = m_cluster.session->applications()->application(appId);
        return app && app->healthyInstances == 3;
    }));

    const auto replace = sendAndFollow(protocol::ApplicationOperation::replaceInstances(
        appId, {}, false, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 2)));
    QVERIFY(replace);
    QCOMPARE(replace->outcome, Outcome::Completed);
    QCOMPARE(replace->targetInstanceIds.size(), 3);
    QCOMPARE(replace->instancesStarted, 3);
    QCOMPARE(replace->instancesStopped, 3);
    QCOMPARE(replace->targetsRemaining, 0);

    // The journal recorded what was sent and how it ended.
    const auto entries = m_cluster.journal->entries();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.at(1).operation, QStringLiteral("SCALE"));
    QCOMPARE(entries.at(1).outcome, models::OperationJournal::Outcome::Completed);
    QCOMPARE(entries.at(2).outcome, models::OperationJournal::Outcome::Completed);
    QCOMPARE(entries.at(2).cluster, QStringLiteral("embedded"));
    QCOMPARE(resets.count(), 0);
}

void TestConsoleOperations::cancelIsTrackedToItsOutcome()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    const models::SubmitTicket ticket
        = m_cluster.session->submitOperation(protocol::ApplicationOperation::scale(
            appId, 8, protocol::ClusterOpSpec::make(protocol::Duration::minutes(30), 1)));
    QVERIFY(ticket.sent());
    const QString id = ticket.pending->trackedId();
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    QVERIFY(drive([&] { return !accepted.isEmpty(); }, 200, 0));
    // Let the first instance come up, then cancel.
    QVERIFY(
        drive([&] { return m_cluster.session->tracker()->operation(id)->healthyInstances >= 1; }));
    QVERIFY(m_cluster.session->tracker()->operation(id)->canCancel());
    QSignalSpy cancelled(m_cluster.session->cancelOperation(appId),
                         &models::PendingOperation::accepted);
    QVERIFY(drive([&] { return !cancelled.isEmpty(); }, 200, 0));
    auto op = m_cluster.session->tracker()->operation(id);
    QVERIFY(op->isFinished() || op->phase == TrackedOperation::Phase::Cancelling);
    QVERIFY(drive([&] { return m_cluster.session->tracker()->operation(id)->isFinished(); }));
    op = m_cluster.session->tracker()->operation(id);
    QCOMPARE(op->outcome, Outcome::Cancelled);
    QVERIFY(op->healthyInstances < 8);
    QCOMPARE(m_cluster.journal->entries().last().outcome,
             models::OperationJournal::Outcome::Cancelled);
}

void TestConsoleOperations::executorDetailsCountInstancesAndFollowTheScope()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    const auto scale = sendAndFollow(protocol::ApplicationOperation::scale(
        appId, 3, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 3)));
    QVERIFY(scale && scale->outcome == Outcome::Completed);

    models::ExecutorsModel *executors = m_cluster.session->executors();
    QAbstractItemModelTester executorsTester(
        executors, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester instancesTester(
        m_cluster.session->executorInstances(),
        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(
        drive([&] { return executors->rowCount() == int(m_cluster.core->executors().size()); }));
    const auto countsSum = [executors]() -> int {
        int sum = 0;
        for (int row = 0; row < executors->rowCount(); ++row) {
            const QVariant count
                = executors->index(row, models::ExecutorsModel::InstancesColumn).data();
            if (!count.isValid())
                return -1; // not known yet
            sum += count.toInt();
        }
        return sum;
    };
    // Fetched while an operation is in flight (its stuck reasons need the NUMA layouts), so the
    // scale left every executor counted ...
    QVERIFY(drive([&] { return countsSum() == 3; }));
    // ... and on for the Executors page they stay fresh.
    m_cluster.session->setExecutorDetailsEnabled(true);
    QVERIFY(drive([&] { return countsSum() == 3; }));

    // The scope: the instances on one executor, whatever their app.
    const auto instances = m_cluster.core->instances(appId);
    const QString executorId = instances.constFirst().executorId;
    QSet<QString> expected;
    for (const auto &instance : instances) {
        if (instance.executorId == executorId)
            expected.insert(instance.instanceId);
    }
    QSignalSpy resets(m_cluster.session->executorInstances(),
                      &QAbstractItemModel::modelAboutToBeReset);
    m_cluster.session->setExecutorInstancesScope(executorId);
    QCOMPARE(m_cluster.session->executorInstancesScope(), executorId);
    // What the session keeps of every executor lacks the ports: the scope waits for its own
    // fetch, and says it has not had it (no row is not "no instance" yet).
    QVERIFY(!m_cluster.session->executorInstances()->isLoaded());
    QCOMPARE(m_cluster.session->executorInstances()->rowCount(), 0);
    const auto shown = [this] {
        QSet<QString> ids;
        const auto *model = m_cluster.session->executorInstances();
        for (int row = 0; row < model->rowCount(); ++row)
            ids.insert(model->index(row, 0).data(models::InstanceIdRole).toString());
        return ids;
    };
    QVERIFY(drive([&] { return shown() == expected; }));
    QVERIFY(m_cluster.session->executorInstances()->isLoaded());
    QCOMPARE(m_cluster.session->instancesOnExecutor(executorId).size(), expected.size());
    const auto *scope = m_cluster.session->executorInstances();
    for (int row = 0; row < scope->rowCount(); ++row) // the full records: ports included
        QVERIFY(!scope->index(row, models::ExecutorInstancesModel::PortsColumn)
                     .data()
                     .toString()
                     .isEmpty());

    // Instances leave: instance events refetch the details; counts and the scope follow without
    // another executor list.
    const auto down = sendAndFollow(protocol::ApplicationOperation::scale(
        appId, 0, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 3)));
    QVERIFY(down && down->outcome == Outcome::Completed);
    QVERIFY(drive([&] { return countsSum() == 0 && shown().isEmpty(); }));
    QCOMPARE(resets.count(), 1); // only the change of scope

    // Another cluster is another session: it starts with nothing of this one.
    client::ClusterProfile other;
    other.name = QStringLiteral("other");
    models::ClusterSession next(m_cluster.client.get(), nullptr, other, false, nullptr);
    QVERIFY(next.executorInstancesScope().isEmpty());
    QVERIFY(next.instancesOnExecutor(executorId).isEmpty());
    QCOMPARE(next.applications()->rowCount(), 0);
    QCOMPARE(next.executors()->rowCount(), 0);
}

void TestConsoleOperations::answersReachTheCallerOnlyWhileItLives()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    // One channel per request: the pending answer says accepted or rejected, once, later than
    // the call (here: a refusal, nothing to cancel).
    models::PendingOperation *cancel = m_cluster.session->cancelOperation(appId);
    QSignalSpy cancelAccepted(cancel, &models::PendingOperation::accepted);
    QSignalSpy cancelRejected(cancel, &models::PendingOperation::rejected);
    QVERIFY(cancelRejected.isEmpty()); // never inside the call
    QVERIFY(drive([&] { return !cancelAccepted.isEmpty() || !cancelRejected.isEmpty(); }, 200, 0));
    QCOMPARE(cancelRejected.size(), 1);
    QCOMPARE(cancelAccepted.size(), 0);

    // A listener gone before the answer (a closed window) hears nothing; the session still
    // tracks the operation.
    auto gone = std::make_unique<QObject>();
    bool called = false;
    const models::SubmitTicket ticket
        = m_cluster.session->submitOperation(protocol::ApplicationOperation::scale(
            appId, 1, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 1)));
    QVERIFY(ticket.sent());
    QVERIFY(ticket.rejection.isEmpty());
    connect(ticket.pending, &models::PendingOperation::accepted, gone.get(),
            [&] { called = true; });
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    gone.reset();
    QVERIFY(drive([&] { return !accepted.isEmpty(); }, 200, 0));
    QVERIFY(!called);
    QVERIFY(m_cluster.session->tracker()->activeOperation(appId).has_value()
            || m_cluster.session->tracker()->operations().constLast().appId == appId);

    // A locally invalid operation is refused at once, with its problems, not sent and not
    // journalled.
    const int journalled = int(m_cluster.journal->entries().size());
    const models::SubmitTicket invalid
        = m_cluster.session->submitOperation(protocol::ApplicationOperation::scale(
            appId, -2, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 1)));
    QVERIFY(!invalid.sent());
    QVERIFY(!invalid.rejection.isEmpty());
    QVERIFY(!invalid.problems.isEmpty());
    QCOMPARE(int(m_cluster.journal->entries().size()), journalled);
}

void TestConsoleOperations::stuckOperationSaysWhyAndClears_data()
{
    QTest::addColumn<protocol::PlacementPolicy>("policy");
    QTest::addColumn<int>("scaleTo");
    QTest::addColumn<bool>("blacklistOne");
    QTest::addColumn<QString>("reason");
    using protocol::PlacementPolicy;
    // DefaultInstanceScheduler.java: ONE_PER_HOST / MAX_N_PER_HOST refuse executors already
    // holding the app; a BLACKLISTED executor is not a candidate at all. The embedded cluster
    // starts with 3 executors.
    QTest::newRow("ONE_PER_HOST to 12 on 3")
        << PlacementPolicy::ofType(protocol::PlacementPolicyType::OnePerHost) << 12 << false
        << QStringLiteral("ONE_PER_HOST allows one instance per executor and 3 executor(s) are "
                          "ACTIVE");
    QTest::newRow("MAX_N_PER_HOST 2 to 8 on 3")
        << PlacementPolicy::maxNPerHost(2) << 8 << false
        << QStringLiteral("MAX_N_PER_HOST allows 2 instances per executor and 3 executor(s) are "
                          "ACTIVE");
    QTest::newRow("blacklisted executor")
        << PlacementPolicy::ofType(protocol::PlacementPolicyType::OnePerHost) << 3 << true
        << QStringLiteral("is blacklisted");
}

void TestConsoleOperations::stuckOperationSaysWhyAndClears()
{
    QFETCH(protocol::PlacementPolicy, policy);
    QFETCH(int, scaleTo);
    QFETCH(bool, blacklistOne);
    QFETCH(QString, reason);
    const qint64 grace = 10000;
    m_cluster.session->tracker()->setStuckThresholds(120000, grace);
    const QString appId = createApp(policy);
    QVERIFY(!appId.isEmpty());
    QString blacklisted;
    if (blacklistOne) {
        blacklisted = m_cluster.core->executors().constLast().executorId;
        m_cluster.core->blacklist({blacklisted});
    }

    const models::SubmitTicket ticket
        = m_cluster.session->submitOperation(protocol::ApplicationOperation::scale(
            appId, scaleTo,
            protocol::ClusterOpSpec::make(protocol::Duration::minutes(30), scaleTo)));
    QVERIFY(ticket.sent());
    const QString id = ticket.pending->trackedId();
    const qint64 sentAt = m_cluster.clock->now();
    auto op = [&] {
        return *m_cluster.session->tracker()->operation(id);
    };
    QVERIFY2(drive([&] { return op().isStuck() || op().isFinished(); }, 400),
             qPrintable(op().phaseText));
    QVERIFY2(!op().isFinished(), qPrintable(op().phaseText));
    // Within the stuck threshold of the last progress (virtual time, 0.5 s steps).
    QVERIFY2(m_cluster.clock->now() - sentAt <= 4 * grace,
             qPrintable(QString::number(m_cluster.clock->now() - sentAt)));
    QVERIFY2(op().stuckReason.contains(reason), qPrintable(op().stuckReason));
    QVERIFY(!op().stuckSuggestion.isEmpty());
    // The same text in the Operations panel and on the application's row.
    QVERIFY(op().phaseText.startsWith(QLatin1String("stuck: ")));
    const QModelIndex appRow = m_cluster.session->applications()->indexOfKey(
        appId, models::ApplicationsModel::ActiveOperationColumn);
    QVERIFY2(appRow.data().toString().contains(reason), qPrintable(appRow.data().toString()));

    // What the Simulation controls do: add executors (or unblacklist): the reason clears and
    // the operation proceeds.
    if (blacklistOne) {
        m_cluster.core->unblacklist({blacklisted});
    } else {
        for (int i = 0; i < scaleTo; ++i)
            m_cluster.core->addExecutor(
                controller::ExecutorConfig::make(QStringLiteral("added-%1.local").arg(i)));
    }
    QVERIFY2(drive([&] { return !op().isStuck(); }, 400), qPrintable(op().stuckReason));
    QVERIFY(op().stuckHistory.size() >= 2);
    QVERIFY(op().stuckHistory.constFirst().reason.contains(reason));
    QVERIFY(op().stuckHistory.constLast().reason.isEmpty());
    QVERIFY2(drive([&] { return op().isFinished(); }, 1200), qPrintable(op().phaseText));
    QCOMPARE(op().outcome, Outcome::Completed);
}

void TestConsoleOperations::replaceTimelineShowsEachNewHealthyBeforeAnOldStops()
{
    const QString appId = createApp();
    QVERIFY(!appId.isEmpty());
    m_cluster.session->setInstancesApplication(appId);
    const auto scale = sendAndFollow(protocol::ApplicationOperation::scale(
        appId, 4, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 4)));
    QVERIFY(scale && scale->outcome == Outcome::Completed);
    // Every instance listed HEALTHY before the restart, so all four are its targets.
    QVERIFY(drive([&] { return m_cluster.session->instances()->rowCount() >= 4; }));

    const auto replace = sendAndFollow(protocol::ApplicationOperation::replaceInstances(
        appId, {}, false, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 2)));
    QVERIFY(replace);
    QCOMPARE(replace->outcome, Outcome::Completed);
    QCOMPARE(replace->timeline.size(), 8);
    QList<qint64> healthyAt;
    QList<qint64> stoppingAt;
    for (const auto &track : replace->timeline) {
        QVERIFY2(!track.steps.isEmpty(), qPrintable(track.instanceId));
        for (const auto &step : track.steps) {
            if (track.startedByOperation && step.state == protocol::InstanceState::Healthy)
                healthyAt << step.atMs;
            if (!track.startedByOperation && step.state == protocol::InstanceState::Stopping)
                stoppingAt << step.atMs;
        }
        // Old instances start as HEALTHY, new ones end as HEALTHY.
        if (track.startedByOperation)
            QCOMPARE(track.steps.constLast().state, protocol::InstanceState::Healthy);
        else
            QCOMPARE(track.steps.constFirst().state, protocol::InstanceState::Healthy);
    }
    QCOMPARE(healthyAt.size(), 4);
    QCOMPARE(stoppingAt.size(), 4);
    std::sort(healthyAt.begin(), healthyAt.end());
    std::sort(stoppingAt.begin(), stoppingAt.end());
    // The k-th old instance stops only after k new ones are HEALTHY (Drove's replace starts a
    // new instance, waits for it, then stops an old one).
    for (int k = 0; k < 4; ++k)
        QVERIFY2(healthyAt.at(k) <= stoppingAt.at(k),
                 qPrintable(QStringLiteral("%1: healthy %2 stopping %3")
                                .arg(k)
                                .arg(healthyAt.at(k))
                                .arg(stoppingAt.at(k))));

    // Drawn: one row per instance, saved as PNG and SVG.
    ui::OperationTimeline timeline;
    timeline.setOperation(*replace);
    timeline.resize(timeline.sizeHint());
    QCOMPARE(timeline.rowCount(), 8);
    QVERIFY(timeline.axisStart() <= replace->beganAtMs);
    QVERIFY(timeline.axisEnd() >= replace->finishedAtMs);
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("timeline.png"));
    const QString svg = dir.filePath(QStringLiteral("timeline.svg"));
    QString error;
    QVERIFY2(timeline.savePng(png, &error), qPrintable(error));
    QVERIFY2(timeline.saveSvg(svg, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.height() >= 8 * 22);
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    QVERIFY(svgFile.readAll().contains("<svg"));
    if (!qEnvironmentVariableIsEmpty("DROVE_UI_SCREENSHOT_DIR"))
        timeline.savePng(qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR")
                         + QStringLiteral("/operation-timeline.png"));
}

QTEST_MAIN(TestConsoleOperations)
#include "tst_consoleoperations.moc"
