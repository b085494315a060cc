// Staged rollouts end to end: StagedRolloutRunner sends each stage through the real
// ClusterSession, client and HTTP API to the real embedded controller, on a virtual clock that
// the controller, the tracker and the runner share (the setup of tst_consoleoperations). The
// app has 8 HEALTHY instances; the plan restarts them as 1 / 3 / 4 with a wait for the
// operator's go after the first stage and a 60 s soak between stages.

#include "virtualcluster.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/droveapi.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/instancesmodel.h"
#include "models/operationjournal.h"
#include "models/operationtracker.h"
#include "models/stagedrolloutrunner.h"
#include "protocol/applicationspec.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace drove;
using models::RolloutProgress;
using models::RolloutStageRecord;
using models::StagedRollout;
using models::StagedRolloutRunner;
using models::TrackedOperation;
using State = RolloutProgress::State;

class TestStagedRolloutRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void stagesReplaceTheirInstancesAndWaitForGo();
    void healthFailureDuringTheSoakStopsTheRollout_data();
    void healthFailureDuringTheSoakStopsTheRollout();
    void logErrorsDuringTheSoakStopTheRollout_data();
    void logErrorsDuringTheSoakStopTheRollout();
    void cancelLeavesTheRemainingInstancesUntouched_data();
    void cancelLeavesTheRemainingInstancesUntouched();
    void consoleRestartResumesOrAbandons_data();
    void consoleRestartResumesOrAbandons();
    void stagedScaleStepsThroughItsTargets();

private:
    static constexpr qint64 kSoakMs = 60000;

    /// Advances virtual time in steps, letting HTTP, the sync loop, the tracker and the runner
    /// run, until `done`.
    bool drive(const std::function<bool()> &done, int maxSteps = 600, qint64 stepMs = 500);
    bool createAppWithEightInstances();
    std::optional<TrackedOperation> sendAndFollow(const protocol::ApplicationOperation &op);
    StagedRollout plan123(StagedRollout::Gates gates = StagedRollout::Gates::AfterFirstStage) const;
    StagedRolloutRunner *makeRunner(const StagedRollout &plan);
    StagedRolloutRunner *restoreRunner(QString *error = nullptr);
    /// Ids of the app's active instances, from the controller itself.
    QSet<QString> activeIds() const;
    /// REPLACE_INSTANCES operations this test's app saw in the tracker.
    int replaceOperations() const;
    QString statePath() const { return m_cluster.dir->filePath(QStringLiteral("rollout.json")); }

    VirtualCluster m_cluster;
    QPointer<StagedRolloutRunner> m_runner;
    QString m_appId;
    QStringList m_ordered; ///< the 8 instances in the order the plan takes them
};

void TestStagedRolloutRunner::init()
{
    cleanup(); // after a failed init QtTest does not call cleanup()
    QString error;
    QVERIFY2(m_cluster.start(23, &error), qPrintable(error));
    m_cluster.sync->start();
    QVERIFY(createAppWithEightInstances());
}

void TestStagedRolloutRunner::cleanup()
{
    delete m_runner;
    m_cluster.stop();
}

bool TestStagedRolloutRunner::drive(const std::function<bool()> &done, int maxSteps, qint64 stepMs)
{
    for (int i = 0; i < maxSteps; ++i) {
        if (done())
            return true;
        m_cluster.clock->advance(stepMs);
        m_cluster.session->tracker()->tick();
        if (m_runner)
            m_runner->tick();
        QTest::qWait(15);
    }
    return done();
}

std::optional<TrackedOperation>
TestStagedRolloutRunner::sendAndFollow(const protocol::ApplicationOperation &op)
{
    const models::SubmitTicket ticket = m_cluster.session->submitOperation(op);
    if (!ticket.sent())
        return std::nullopt;
    const QString id = ticket.pending->trackedId();
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    if (!drive([&] { return !accepted.isEmpty(); }, 200, 0))
        return std::nullopt;
    drive([&] { return m_cluster.session->tracker()->operation(id)->isFinished(); });
    return m_cluster.session->tracker()->operation(id);
}

bool TestStagedRolloutRunner::createAppWithEightInstances()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const auto spec
        = protocol::ApplicationSpec::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!spec)
        return false;
    const auto opSpec = protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 8);
    const auto created = sendAndFollow(protocol::ApplicationOperation::create(*spec, 0, opSpec));
    if (!created || created->outcome != TrackedOperation::Outcome::Completed) {
        qWarning() << "create:" << (created ? created->outcomeReason : QStringLiteral("not sent"));
        return false;
    }
    m_appId = created->appId;
    // The detail panel would show it: the session's instances model follows this app.
    m_cluster.session->setInstancesApplication(m_appId);
    const auto scaled = sendAndFollow(protocol::ApplicationOperation::scale(m_appId, 8, opSpec));
    if (!scaled || scaled->outcome != TrackedOperation::Outcome::Completed) {
        qWarning() << "scale:" << (scaled ? scaled->outcomeReason : QStringLiteral("not sent"));
        return false;
    }
    if (!drive([this] {
            const auto known
                = StagedRolloutRunner::knownInstances(m_cluster.session.get(), m_appId);
            return known && StagedRollout::restartOrder(*known).size() == 8;
        })) {
        const auto app = m_cluster.session->applications()->application(m_appId);
        qWarning() << "instances never known:" << (app ? app->healthyInstances : -1)
                   << m_cluster.session->instances()->rowCount()
                   << m_cluster.session->instances()->applicationId()
                   << m_cluster.core->instances(m_appId).size();
        return false;
    }
    m_ordered = StagedRollout::restartOrder(
        *StagedRolloutRunner::knownInstances(m_cluster.session.get(), m_appId));
    return m_ordered.size() == 8;
}

StagedRollout TestStagedRolloutRunner::plan123(StagedRollout::Gates gates) const
{
    return StagedRollout::restart(m_appId, m_ordered, {1, 3, 4},
                                  protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 1),
                                  false, kSoakMs, gates);
}

StagedRolloutRunner *TestStagedRolloutRunner::makeRunner(const StagedRollout &plan)
{
    auto *runner = new StagedRolloutRunner(m_cluster.session.get(), plan, statePath());
    runner->setClock([this] { return m_cluster.clock->now(); });
    runner->setTickInterval(0); // drive() ticks it
    m_runner = runner;
    return runner;
}

StagedRolloutRunner *TestStagedRolloutRunner::restoreRunner(QString *error)
{
    StagedRolloutRunner *runner
        = StagedRolloutRunner::restore(m_cluster.session.get(), statePath(), error);
    if (runner) {
        runner->setClock([this] { return m_cluster.clock->now(); });
        runner->setTickInterval(0);
    }
    m_runner = runner;
    return runner;
}

QSet<QString> TestStagedRolloutRunner::activeIds() const
{
    QSet<QString> ids;
    for (const auto &instance : m_cluster.core->instances(m_appId))
        ids.insert(instance.instanceId);
    return ids;
}

int TestStagedRolloutRunner::replaceOperations() const
{
    int count = 0;
    for (const auto &op : m_cluster.session->tracker()->operations())
        count += op.appId == m_appId && op.type == protocol::OperationType::ReplaceInstances;
    return count;
}

namespace {

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

} // namespace

void TestStagedRolloutRunner::stagesReplaceTheirInstancesAndWaitForGo()
{
    const StagedRollout plan = plan123();
    QCOMPARE(plan.stages.at(0).instanceIds, m_ordered.mid(0, 1));
    QCOMPARE(plan.stages.at(1).instanceIds, m_ordered.mid(1, 3));
    QCOMPARE(plan.stages.at(2).instanceIds, m_ordered.mid(4, 4));
    StagedRolloutRunner *runner = makeRunner(plan);
    QSignalSpy states(runner, &StagedRolloutRunner::stateChanged);
    runner->start();
    QCOMPARE(runner->state(), State::RunningStage);

    // Stage 1 replaces the canary and nothing else, then the app is watched for the soak.
    QVERIFY2(drive([&] { return runner->state() != State::RunningStage; }),
             qPrintable(runner->statusText()));
    QCOMPARE(runner->state(), State::Soaking);
    const qint64 soakStarted = m_cluster.clock->now();
    const RolloutStageRecord first = runner->progress().records.at(0);
    QCOMPARE(first.status, RolloutStageRecord::Status::Done);
    const auto stage1 = m_cluster.session->tracker()->operation(first.trackedId);
    QVERIFY(stage1);
    QCOMPARE(stage1->outcome, TrackedOperation::Outcome::Completed);
    QCOMPARE(toSet(stage1->targetInstanceIds), toSet(plan.stages.at(0).instanceIds));
    QCOMPARE(first.replacedIds, plan.stages.at(0).instanceIds);
    QCOMPARE(first.newInstanceIds.size(), 1);
    QVERIFY(!activeIds().contains(m_ordered.at(0)));
    for (const QString &id : m_ordered.mid(1))
        QVERIFY2(activeIds().contains(id), qPrintable(id));

    // The soak runs its full length, then stage 2 waits for the go.
    QVERIFY(drive([&] { return runner->state() != State::Soaking; }));
    QCOMPARE(runner->state(), State::WaitingForGo);
    QVERIFY(m_cluster.clock->now() - soakStarted >= kSoakMs);
    QCOMPARE(runner->progress().nextStage, 1);

    // Waiting means waiting: ten minutes later nothing more was sent.
    drive([] { return false; }, 1200);
    QCOMPARE(runner->state(), State::WaitingForGo);
    QCOMPARE(replaceOperations(), 1);
    for (const QString &id : m_ordered.mid(1))
        QVERIFY2(activeIds().contains(id), qPrintable(id));

    // The go: stage 2 replaces its three, soaks, and stage 3 (no go asked) follows by itself.
    runner->go();
    QCOMPARE(runner->state(), State::RunningStage);
    QCOMPARE(runner->progress().stage, 1);
    QVERIFY(drive([&] { return runner->state() != State::RunningStage; }));
    QCOMPARE(runner->state(), State::Soaking);
    const QSet<QString> afterStage2 = activeIds();
    for (const QString &id : plan.stages.at(1).instanceIds)
        QVERIFY2(!afterStage2.contains(id), qPrintable(id));
    for (const QString &id : plan.stages.at(2).instanceIds)
        QVERIFY2(afterStage2.contains(id), qPrintable(id)); // stage 3's are still there
    const qint64 soak2Started = m_cluster.clock->now();

    QVERIFY2(drive([&] { return runner->isFinished(); }, 1200), qPrintable(runner->statusText()));
    QCOMPARE(runner->state(), State::Completed);
    QVERIFY(runner->progress().records.at(2).sentAtMs - soak2Started >= kSoakMs);

    // Each stage's operation replaced exactly that stage's instances.
    QSet<QString> started;
    for (int i = 0; i < 3; ++i) {
        const RolloutStageRecord record = runner->progress().records.at(i);
        QCOMPARE(record.status, RolloutStageRecord::Status::Done);
        const auto op = m_cluster.session->tracker()->operation(record.trackedId);
        QVERIFY(op);
        QCOMPARE(op->type, protocol::OperationType::ReplaceInstances);
        QCOMPARE(toSet(op->targetInstanceIds), toSet(plan.stages.at(i).instanceIds));
        QCOMPARE(op->instancesStarted, plan.stageSize(i));
        QCOMPARE(record.newInstanceIds.size(), plan.stageSize(i));
        for (const QString &id : record.newInstanceIds)
            started.insert(id);
    }
    QCOMPARE(replaceOperations(), 3);
    QCOMPARE(activeIds(), started);
    QCOMPARE(int(m_cluster.core->instances(m_appId, {protocol::InstanceState::Healthy}).size()), 8);

    // Every transition, in order; the file was written at each and now says it completed.
    QList<State> seen;
    for (const auto &args : states)
        seen << args.at(0).value<State>();
    const QList<State> expected {State::RunningStage, State::Soaking, State::WaitingForGo,
                                 State::RunningStage, State::Soaking, State::RunningStage,
                                 State::Completed};
    QCOMPARE(seen, expected);
    const auto saved = RolloutProgress::load(statePath());
    QVERIFY(saved);
    QCOMPARE(saved->state, State::Completed);
    QCOMPARE(saved->plan, plan);
    QCOMPARE(saved->records, runner->progress().records);
}

void TestStagedRolloutRunner::healthFailureDuringTheSoakStopsTheRollout_data()
{
    QTest::addColumn<bool>("failTheCanary");
    QTest::addColumn<QString>("named");
    QTest::newRow("the new canary instance") << true << QStringLiteral("started by stage 1");
    QTest::newRow("an instance not restarted yet") << false << QStringLiteral("not restarted yet");
}

void TestStagedRolloutRunner::healthFailureDuringTheSoakStopsTheRollout()
{
    QFETCH(bool, failTheCanary);
    QFETCH(QString, named);
    const StagedRollout plan = plan123(StagedRollout::Gates::Never);
    StagedRolloutRunner *runner = makeRunner(plan);
    runner->start();
    QVERIFY(drive([&] { return runner->state() == State::Soaking || runner->isFinished(); }));
    QCOMPARE(runner->state(), State::Soaking);

    // Half-way through the soak an instance fails its health checks (what Simulation ▸ Inject
    // health failures does, aimed).
    drive([] { return false; }, int(kSoakMs / 2 / 500));
    QCOMPARE(runner->state(), State::Soaking);
    const QString victim = failTheCanary ? runner->progress().records.at(0).newInstanceIds.value(0)
                                         : plan.stages.at(2).instanceIds.at(0);
    QVERIFY(m_cluster.core->failInstanceHealth(m_appId, victim));

    QVERIFY(drive([&] { return runner->isFinished(); }, 200));
    QCOMPARE(runner->state(), State::Failed);
    QVERIFY2(runner->reason().contains(victim), qPrintable(runner->reason()));
    QVERIFY2(runner->reason().contains(QLatin1String("UNHEALTHY")), qPrintable(runner->reason()));
    QVERIFY2(runner->reason().contains(named), qPrintable(runner->reason()));
    QVERIFY2(runner->reason().contains(QLatin1String("2 stage(s) of 3 were not started")),
             qPrintable(runner->reason()));
    QCOMPARE(runner->progress().records.at(1).status, RolloutStageRecord::Status::Pending);

    // Stopped means stopped: whatever the controller does about the failure, the rollout sends
    // nothing more, and the instances of stages 2 and 3 are left alone.
    drive([] { return false; }, 600);
    QCOMPARE(runner->state(), State::Failed);
    QCOMPARE(replaceOperations(), 1);
    const QSet<QString> active = activeIds();
    for (const QString &id : m_ordered.mid(1))
        if (id != victim)
            QVERIFY2(active.contains(id), qPrintable(id));
    const auto saved = RolloutProgress::load(statePath());
    QVERIFY(saved);
    QCOMPARE(saved->state, State::Failed);
    QCOMPARE(saved->reason, runner->reason());
}

void TestStagedRolloutRunner::logErrorsDuringTheSoakStopTheRollout_data()
{
    QTest::addColumn<QString>("errorsFrom");
    QTest::newRow("the canary logs exceptions during the soak") << QStringLiteral("soak");
    QTest::newRow("the canary logs exceptions while the go is awaited") << QStringLiteral("go");
    QTest::newRow("clean logs") << QString();
}

void TestStagedRolloutRunner::logErrorsDuringTheSoakStopTheRollout()
{
    QFETCH(QString, errorsFrom);
    StagedRollout plan = plan123(StagedRollout::Gates::AfterFirstStage);
    plan.logErrorPattern = QStringLiteral("\\b(ERROR|FATAL)\\b|Exception\\b");
    StagedRolloutRunner *runner = makeRunner(plan);
    runner->start();
    QVERIFY(drive([&] { return runner->state() == State::Soaking || runner->isFinished(); }));
    QCOMPARE(runner->state(), State::Soaking);
    const QString canary = runner->progress().records.at(0).newInstanceIds.value(0);
    QVERIFY(!canary.isEmpty());

    // Healthy all along: its health checks pass, only its log says something is wrong (what
    // Simulation ▸ Inject log errors does).
    const auto logErrors = [this] {
        controller::FaultConfig faults = m_cluster.core->faults();
        faults.logError = 0.5;
        m_cluster.core->setFaults(faults);
    };
    if (errorsFrom == QLatin1String("soak"))
        logErrors();
    QVERIFY(drive([&] { return runner->state() != State::Soaking; }, 400));
    if (errorsFrom == QLatin1String("go")) {
        // The soak passed; the app is still watched while the go is awaited.
        QCOMPARE(runner->state(), State::WaitingForGo);
        logErrors();
        QVERIFY(drive([&] { return runner->isFinished(); }, 200));
    }
    if (!errorsFrom.isEmpty()) {
        QCOMPARE(runner->state(), State::Failed);
        QVERIFY2(runner->reason().contains(canary), qPrintable(runner->reason()));
        QVERIFY2(runner->reason().contains(QLatin1String("started by stage 1")),
                 qPrintable(runner->reason()));
        QVERIFY2(runner->reason().contains(QLatin1String("IllegalStateException")),
                 qPrintable(runner->reason()));
        // Never "none matched" after a match (seen in the window once).
        QVERIFY2(runner->logCheckText().contains(QLatin1String("a line matched")),
                 qPrintable(runner->logCheckText()));
        QCOMPARE(replaceOperations(), 1);
        QCOMPARE(m_cluster.core->instances(m_appId, {protocol::InstanceState::Healthy}).size(), 8);
    } else {
        // The soak passed with the logs read, and says so.
        QCOMPARE(runner->state(), State::WaitingForGo);
        QVERIFY2(runner->logCheckText().contains(QLatin1String("none matched")),
                 qPrintable(runner->logCheckText()));
        QVERIFY2(!runner->logCheckText().contains(QLatin1String(" 0 line(s)")),
                 qPrintable(runner->logCheckText()));
    }
    // The pattern is part of the plan kept on disk.
    const auto saved = RolloutProgress::load(statePath());
    QVERIFY(saved);
    QCOMPARE(saved->plan.logErrorPattern, plan.logErrorPattern);
}

void TestStagedRolloutRunner::cancelLeavesTheRemainingInstancesUntouched_data()
{
    QTest::addColumn<bool>("duringAStage");
    QTest::newRow("between stages") << false;
    QTest::newRow("during stage 2") << true;
}

void TestStagedRolloutRunner::cancelLeavesTheRemainingInstancesUntouched()
{
    QFETCH(bool, duringAStage);
    const StagedRollout plan = plan123();
    StagedRolloutRunner *runner = makeRunner(plan);
    runner->start();
    QVERIFY(drive([&] { return runner->state() == State::WaitingForGo || runner->isFinished(); }));
    QCOMPARE(runner->state(), State::WaitingForGo);

    if (!duringAStage) {
        runner->cancel();
        QCOMPARE(runner->state(), State::Cancelled);
        QVERIFY2(runner->reason().contains(QLatin1String("before stage 2 of 3")),
                 qPrintable(runner->reason()));
    } else {
        runner->go();
        // Cancel once the stage has replaced one of its three (parallelism 1).
        QVERIFY(drive([&] {
            const auto op = m_cluster.session->tracker()->operation(runner->currentOperationId());
            return op && op->done >= 1;
        }));
        runner->cancel();
        QCOMPARE(runner->state(), State::Cancelling);
        QVERIFY(drive([&] { return runner->isFinished(); }));
        QCOMPARE(runner->state(), State::Cancelled);
        const auto op
            = m_cluster.session->tracker()->operation(runner->progress().records.at(1).trackedId);
        QVERIFY(op);
        QVERIFY(op->cancelRequested);
        QCOMPARE(op->outcome, TrackedOperation::Outcome::Cancelled);
        QCOMPARE(runner->progress().records.at(1).status, RolloutStageRecord::Status::Cancelled);
    }

    // However long one waits, the rollout sends nothing more.
    drive([] { return false; }, 600);
    QCOMPARE(runner->state(), State::Cancelled);
    QCOMPARE(replaceOperations(), duringAStage ? 2 : 1);
    QCOMPARE(runner->progress().records.at(2).status, RolloutStageRecord::Status::Pending);
    QCOMPARE(RolloutProgress::load(statePath())->state, State::Cancelled);
    if (duringAStage)
        return; // a cancelled pair may leave an extra instance that Drove's monitor scales back
    // Between stages: the instances of the stages not run are exactly as they were.
    const QSet<QString> active = activeIds();
    for (const QString &id : m_ordered.mid(1))
        QVERIFY2(active.contains(id), qPrintable(id));
    QCOMPARE(int(m_cluster.core->instances(m_appId, {protocol::InstanceState::Healthy}).size()), 8);
}

void TestStagedRolloutRunner::consoleRestartResumesOrAbandons_data()
{
    QTest::addColumn<QString>("when");
    QTest::addColumn<bool>("removePlannedInstance");
    QTest::addColumn<State>("expected");
    QTest::addColumn<int>("nextStage");
    QTest::newRow("waiting for go, app unchanged: resumes")
        << QStringLiteral("waiting") << false << State::WaitingForGo << 1;
    QTest::newRow("waiting for go, a planned instance gone: abandoned")
        << QStringLiteral("waiting") << true << State::Abandoned << -1;
    QTest::newRow("closed during stage 1, which then ended: resumes after it")
        << QStringLiteral("running") << false << State::WaitingForGo << 1;
}

void TestStagedRolloutRunner::consoleRestartResumesOrAbandons()
{
    QFETCH(QString, when);
    QFETCH(bool, removePlannedInstance);
    QFETCH(State, expected);
    QFETCH(int, nextStage);
    const StagedRollout plan = plan123(StagedRollout::Gates::Never);
    StagedRolloutRunner *runner = makeRunner(plan);
    runner->start();
    if (when == QLatin1String("waiting")) {
        // A pause before stage 2 stands in for any wait between stages.
        runner->pause();
        QVERIFY(drive([&] { return runner->state() == State::Paused || runner->isFinished(); }));
        QCOMPARE(runner->state(), State::Paused);
    } else {
        QCOMPARE(runner->state(), State::RunningStage);
    }
    const QString stage1Op = runner->progress().records.at(0).trackedId;

    // The console goes away: the runner with it. Its file stays.
    delete runner;
    QVERIFY(!m_runner);
    // While it is closed, the stage in flight ends, and perhaps an instance disappears.
    drive([&] { return m_cluster.session->tracker()->operation(stage1Op)->isFinished(); });
    const QString victim = plan.stages.at(2).instanceIds.at(1);
    if (removePlannedInstance) {
        const auto killed = sendAndFollow(protocol::ApplicationOperation::stopInstances(
            m_appId, {victim}, true,
            protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
        QVERIFY(killed && killed->outcome == TrackedOperation::Outcome::Completed);
        QVERIFY(drive([&] {
            const auto known
                = StagedRolloutRunner::knownInstances(m_cluster.session.get(), m_appId);
            return known && known->size() == 7;
        }));
    }
    const int replacesBefore = replaceOperations();

    QString error;
    runner = restoreRunner(&error);
    QVERIFY2(runner, qPrintable(error));
    QCOMPARE(runner->state(), State::Checking);
    QVERIFY(drive([&] { return runner->state() != State::Checking; }));
    QCOMPARE(runner->state(), expected);
    QCOMPARE(replaceOperations(), replacesBefore); // deciding sends nothing
    QCOMPARE(RolloutProgress::load(statePath())->state, expected);

    if (expected == State::Abandoned) {
        QVERIFY2(runner->reason().contains(victim), qPrintable(runner->reason()));
        QVERIFY2(runner->reason().contains(QLatin1String("planned for stage 3 of 3")),
                 qPrintable(runner->reason()));
        return;
    }
    QCOMPARE(runner->progress().nextStage, nextStage);
    QVERIFY2(runner->reason().contains(QLatin1String("Restored after a restart")),
             qPrintable(runner->reason()));
    const RolloutStageRecord first = runner->progress().records.at(0);
    QCOMPARE(first.status, RolloutStageRecord::Status::Done);
    // A stage that ended while nobody watched is marked so.
    QCOMPARE(first.watched, when == QLatin1String("waiting"));

    // A restored rollout never continues by itself: it waits for the go.
    drive([] { return false; }, 240);
    QCOMPARE(runner->state(), State::WaitingForGo);
    QCOMPARE(replaceOperations(), replacesBefore);
    runner->go();
    QVERIFY2(drive([&] { return runner->isFinished(); }, 1500), qPrintable(runner->statusText()));
    QCOMPARE(runner->state(), State::Completed);
    const QSet<QString> active = activeIds();
    for (const QString &id : m_ordered)
        QVERIFY2(!active.contains(id), qPrintable(id));
    QCOMPARE(replaceOperations(), 3);
}

void TestStagedRolloutRunner::stagedScaleStepsThroughItsTargets()
{
    QString error;
    const auto sizes = StagedRollout::parseStageSizes(QStringLiteral("1, 50%, rest"), 4, &error);
    QVERIFY2(sizes, qPrintable(error));
    const StagedRollout plan = StagedRollout::scale(
        m_appId, 8, 12, *sizes, protocol::ClusterOpSpec::make(protocol::Duration::minutes(10), 2),
        10000, StagedRollout::Gates::Never);
    QCOMPARE(plan.stages.at(0).targetInstances, 9);
    QCOMPARE(plan.stages.at(1).targetInstances, 11);
    QCOMPARE(plan.stages.at(2).targetInstances, 12);
    StagedRolloutRunner *runner = makeRunner(plan);
    runner->start();
    QVERIFY2(drive([&] { return runner->isFinished(); }), qPrintable(runner->statusText()));
    QCOMPARE(runner->state(), State::Completed);
    for (int i = 0; i < 3; ++i) {
        const auto op
            = m_cluster.session->tracker()->operation(runner->progress().records.at(i).trackedId);
        QVERIFY(op);
        QCOMPARE(op->type, protocol::OperationType::ScaleInstances);
        QCOMPARE(op->targetInstances, plan.stages.at(i).targetInstances);
        QCOMPARE(runner->progress().records.at(i).newInstanceIds.size(), plan.stageSize(i));
    }
    QCOMPARE(int(m_cluster.core->instances(m_appId, {protocol::InstanceState::Healthy}).size()),
             12);
}

QTEST_MAIN(TestStagedRolloutRunner)
#include "tst_stagedrolloutrunner.moc"
