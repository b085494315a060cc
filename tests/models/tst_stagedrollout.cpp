// The staged rollout plan as a value: stage sizes, the order instances are taken in, gates,
// validation, the state file's round trip, and an estimate that says "not known" unless this
// console measured something to estimate from.

#include "models/rolloutprogress.h"
#include "models/stagedrollout.h"

#include <QTemporaryDir>
#include <QTest>

using namespace drove;
using models::RolloutEstimate;
using models::RolloutProgress;
using models::RolloutStageRecord;
using models::StagedRollout;
using models::TrackedOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;

Q_DECLARE_METATYPE(drove::models::StagedRollout::Gates)
Q_DECLARE_METATYPE(drove::models::StagedRollout)

class TestStagedRollout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stageSizes_data();
    void stageSizes();
    void restartOrderTakesTheSelectionFirstThenTheOldest();
    void restartPlanSplitsTheInstances_data();
    void restartPlanSplitsTheInstances();
    void scalePlanStepsTowardTheTarget();
    void problemsAreFound_data();
    void problemsAreFound();
    void planAndProgressSurviveTheFile();
    void aFileOfAnotherFormatIsNotRead();
    void estimateIsNotKnownWithoutAMeasurement();
    void estimateComesFromTheLastMeasuredOperation();
};

namespace {

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list << QString::fromUtf8(item);
    return list;
}

ClusterOpSpec spec(qint64 parallelism = 1)
{
    return ClusterOpSpec::make(Duration::minutes(5), parallelism);
}

QStringList ids(int count)
{
    QStringList list;
    for (int i = 1; i <= count; ++i)
        list << QStringLiteral("AI-%1").arg(i);
    return list;
}

protocol::InstanceInfo instance(const QString &id, qint64 created,
                                protocol::InstanceState state = protocol::InstanceState::Healthy)
{
    protocol::InstanceInfo info;
    info.appId = QStringLiteral("APP-1");
    info.instanceId = id;
    info.created = created;
    info.state = state;
    return info;
}

TrackedOperation measuredReplace(const QString &appId, qint64 tookMs, int done, int parallelism)
{
    TrackedOperation op;
    op.id = QStringLiteral("op");
    op.appId = appId;
    op.type = protocol::OperationType::ReplaceInstances;
    op.variant = protocol::OperationVariant::ReplaceSelected;
    op.outcome = TrackedOperation::Outcome::Completed;
    op.beganAtMs = 1000000;
    op.finishedAtMs = op.beganAtMs + tookMs;
    op.done = done;
    op.total = done;
    op.parallelism = parallelism;
    return op;
}

} // namespace

void TestStagedRollout::stageSizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("total");
    QTest::addColumn<QList<int>>("sizes");
    QTest::addColumn<QString>("error");
    QTest::newRow("1 / 3 / rest of 8") << "1, 3, rest" << 8 << QList<int> {1, 3, 4} << "";
    QTest::newRow("canary, 25%, rest of 8") << "1, 25%, rest" << 8 << QList<int> {1, 2, 5} << "";
    QTest::newRow("25% rounds up") << "1, 25%, rest" << 10 << QList<int> {1, 3, 6} << "";
    QTest::newRow("percentages clip to what is left") << "50%, 50%" << 5 << QList<int> {3, 2} << "";
    QTest::newRow("counts that add up") << "2,2" << 4 << QList<int> {2, 2} << "";
    QTest::newRow("spaces and case") << " 1 ,  REST " << 3 << QList<int> {1, 2} << "";
    QTest::newRow("one stage") << "rest" << 6 << QList<int> {6} << "";
    QTest::newRow("small percentage is at least 1") << "1%, rest" << 8 << QList<int> {1, 7} << "";
    QTest::newRow("nothing to roll out") << "1, rest" << 0 << QList<int>() << "nothing to roll out";
    QTest::newRow("empty") << "" << 8 << QList<int>() << "Give the stage sizes";
    QTest::newRow("rest not last") << "1, rest, 2" << 8 << QList<int>() << "only be the last";
    QTest::newRow("not covering") << "1, 3" << 8 << QList<int>() << "take 4 of 8";
    QTest::newRow("zero") << "0, rest" << 8 << QList<int>() << "has 0 instances";
    QTest::newRow("words") << "one, rest" << 8 << QList<int>() << "“one” is not a stage size";
    QTest::newRow("a stage left empty")
        << "1, 8, rest" << 8 << QList<int>() << "Stage 3 would be empty";
    QTest::newRow("over 100%") << "150%" << 8 << QList<int>() << "1–100%";
    QTest::newRow("double comma") << "1,,rest" << 8 << QList<int>() << "Stage 2 is empty";
}

void TestStagedRollout::stageSizes()
{
    QFETCH(QString, text);
    QFETCH(int, total);
    QFETCH(QList<int>, sizes);
    QFETCH(QString, error);
    QString why;
    const auto parsed = StagedRollout::parseStageSizes(text, total, &why);
    if (error.isEmpty()) {
        QVERIFY2(parsed, qPrintable(why));
        QCOMPARE(*parsed, sizes);
    } else {
        QVERIFY(!parsed);
        QVERIFY2(why.contains(error), qPrintable(why));
    }
}

void TestStagedRollout::restartOrderTakesTheSelectionFirstThenTheOldest()
{
    const QList<protocol::InstanceInfo> instances {
        instance(QStringLiteral("AI-c"), 300),
        instance(QStringLiteral("AI-a"), 100),
        instance(QStringLiteral("AI-sick"), 50, protocol::InstanceState::Unhealthy),
        instance(QStringLiteral("AI-b2"), 200),
        instance(QStringLiteral("AI-b1"), 200),
        instance(QStringLiteral("AI-new"), 400, protocol::InstanceState::Starting),
    };
    QCOMPARE(StagedRollout::restartOrder(instances), strings({"AI-a", "AI-b1", "AI-b2", "AI-c"}));
    // The selection goes first (an unhealthy or unknown one is not restarted by the plan).
    QCOMPARE(
        StagedRollout::restartOrder(instances, strings({"AI-c", "AI-sick", "AI-gone", "AI-b2"})),
        strings({"AI-c", "AI-b2", "AI-a", "AI-b1"}));
}

void TestStagedRollout::restartPlanSplitsTheInstances_data()
{
    QTest::addColumn<StagedRollout::Gates>("gates");
    QTest::addColumn<QList<bool>>("waits");
    QTest::newRow("go after the canary")
        << StagedRollout::Gates::AfterFirstStage << QList<bool> {false, true, false};
    QTest::newRow("go before every stage")
        << StagedRollout::Gates::BeforeEachStage << QList<bool> {false, true, true};
    QTest::newRow("never wait") << StagedRollout::Gates::Never << QList<bool> {false, false, false};
}

void TestStagedRollout::restartPlanSplitsTheInstances()
{
    QFETCH(StagedRollout::Gates, gates);
    QFETCH(QList<bool>, waits);
    const QStringList all = ids(8);
    const StagedRollout plan = StagedRollout::restart(QStringLiteral("APP-1"), all, {1, 3, 4},
                                                      spec(2), false, 60000, gates);
    QCOMPARE(plan.stageCount(), 3);
    QCOMPARE(plan.stages.at(0).instanceIds, all.mid(0, 1));
    QCOMPARE(plan.stages.at(1).instanceIds, all.mid(1, 3));
    QCOMPARE(plan.stages.at(2).instanceIds, all.mid(4, 4));
    QCOMPARE(plan.allInstanceIds(), all);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(plan.stages.at(i).waitForGo, waits.at(i));
        QCOMPARE(plan.stageSize(i), int(plan.stages.at(i).instanceIds.size()));
    }
    // Soaks run between stages only.
    QCOMPARE(plan.stages.at(2).soakMs, 0);
    QCOMPARE(plan.totalSoakMs(), 120000);
    QVERIFY(plan.problems().isEmpty());
    QVERIFY(!plan.reducesCapacity());

    const auto op = plan.operation(1);
    QCOMPARE(op.type, protocol::OperationType::ReplaceInstances);
    QCOMPARE(op.instanceIds, all.mid(1, 3));
    QCOMPARE(op.opSpec, spec(2));
    QVERIFY(!op.stopFirst);
    // stopFirst takes serving capacity away: the confirmation policy asks more.
    QVERIFY(StagedRollout::restart(QStringLiteral("APP-1"), all, {8}, spec(), true, 0, gates)
                .reducesCapacity());
}

void TestStagedRollout::scalePlanStepsTowardTheTarget()
{
    const StagedRollout up = StagedRollout::scale(QStringLiteral("APP-1"), 4, 10, {1, 3, 2}, spec(),
                                                  30000, StagedRollout::Gates::Never);
    QCOMPARE(up.stages.at(0).targetInstances, 5);
    QCOMPARE(up.stages.at(1).targetInstances, 8);
    QCOMPARE(up.stages.at(2).targetInstances, 10);
    QCOMPARE(up.countBefore(1), 5);
    QCOMPARE(up.stageSize(1), 3);
    QCOMPARE(up.finalInstances(), 10);
    QCOMPARE(up.operation(2).type, protocol::OperationType::ScaleInstances);
    QCOMPARE(up.operation(2).requiredInstances, 10);
    QVERIFY(up.problems().isEmpty());
    QVERIFY(!up.reducesCapacity());

    const StagedRollout down = StagedRollout::scale(QStringLiteral("APP-1"), 10, 4, {2, 4}, spec(),
                                                    0, StagedRollout::Gates::Never);
    QCOMPARE(down.stages.at(0).targetInstances, 8);
    QCOMPARE(down.stages.at(1).targetInstances, 4);
    QVERIFY(down.reducesCapacity());
    QVERIFY(down.problems().isEmpty());
}

void TestStagedRollout::problemsAreFound_data()
{
    QTest::addColumn<StagedRollout>("plan");
    QTest::addColumn<QString>("problem");
    const QStringList all = ids(4);
    StagedRollout twice = StagedRollout::restart(QStringLiteral("APP-1"), all, {2, 2}, spec(),
                                                 false, 0, StagedRollout::Gates::Never);
    twice.stages[1].instanceIds[0] = all.at(0);
    QTest::newRow("an instance in two stages") << twice << "AI-1 is in stage 1 and stage 2";
    StagedRollout empty = twice;
    empty.stages[1].instanceIds.clear();
    QTest::newRow("an empty stage") << empty << "stage 2 of 2 replaces no instance";
    QTest::newRow("no stage") << StagedRollout() << "no stage";
    StagedRollout parallelism = StagedRollout::restart(QStringLiteral("APP-1"), all, {4}, spec(40),
                                                       false, 0, StagedRollout::Gates::Never);
    QTest::newRow("a stage's op spec") << parallelism << "stage 1 of 1: ";
    StagedRollout back = StagedRollout::scale(QStringLiteral("APP-1"), 4, 8, {2, 2}, spec(), 0,
                                              StagedRollout::Gates::Never);
    back.stages[0].targetInstances = 3;
    QTest::newRow("a step against the direction") << back << "against the direction";
    StagedRollout still = back;
    still.stages[0].targetInstances = 4;
    QTest::newRow("a step that changes nothing") << still << "does not change the count";
}

void TestStagedRollout::problemsAreFound()
{
    QFETCH(StagedRollout, plan);
    QFETCH(QString, problem);
    const QStringList problems = plan.problems();
    QVERIFY2(problems.join(QLatin1Char('\n')).contains(problem, Qt::CaseInsensitive),
             qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestStagedRollout::planAndProgressSurviveTheFile()
{
    StagedRollout plan = StagedRollout::restart(QStringLiteral("APP-1"), ids(8), {1, 3, 4}, spec(2),
                                                true, 90000, StagedRollout::Gates::AfterFirstStage);
    plan.stages[2].opSpec.parallelism = 4;
    plan.plannedAtMs = 1700000000000;
    QString error;
    const auto copy = StagedRollout::fromJson(plan.toJson(), &error);
    QVERIFY2(copy, qPrintable(error));
    QCOMPARE(*copy, plan);

    RolloutProgress progress;
    progress.clusterName = QStringLiteral("stage blr");
    progress.plan = plan;
    progress.state = RolloutProgress::State::Soaking;
    progress.stage = 0;
    progress.reason = QStringLiteral("note");
    progress.watchFromMs = 5;
    progress.soakStartedAtMs = 6;
    progress.soakEndsAtMs = 96;
    for (int i = 0; i < 3; ++i)
        progress.records << RolloutStageRecord();
    progress.records[0].status = RolloutStageRecord::Status::Done;
    progress.records[0].replacedIds = {QStringLiteral("AI-1")};
    progress.records[0].newInstanceIds = {QStringLiteral("AI-9")};
    progress.records[0].trackedId = QStringLiteral("op-3");
    progress.records[0].watched = false;

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("deep/er/APP-1.json"));
    QVERIFY2(progress.save(path, &error), qPrintable(error));
    const auto loaded = RolloutProgress::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->toJson(), progress.toJson());
    QCOMPARE(loaded->records, progress.records);
    QCOMPARE(loaded->state, RolloutProgress::State::Soaking);
    QCOMPARE(loaded->plan, plan);
}

void TestStagedRollout::aFileOfAnotherFormatIsNotRead()
{
    RolloutProgress progress;
    progress.plan = StagedRollout::restart(QStringLiteral("APP-1"), ids(2), {2}, spec(), false, 0,
                                           StagedRollout::Gates::Never);
    progress.records << RolloutStageRecord();
    QJsonObject json = progress.toJson();
    json.insert(QStringLiteral("version"), 99);
    QString error;
    QVERIFY(!RolloutProgress::fromJson(json, &error));
    QVERIFY2(error.contains(QLatin1String("format 99")), qPrintable(error));
    json = progress.toJson();
    json.insert(QStringLiteral("stage"), 7);
    QVERIFY(!RolloutProgress::fromJson(json, &error));
    QVERIFY2(error.contains(QLatin1String("out of range")), qPrintable(error));

    QTemporaryDir dir;
    QVERIFY(!RolloutProgress::load(dir.filePath(QStringLiteral("missing.json")), &error));
    QVERIFY(!error.isEmpty());
}

void TestStagedRollout::estimateIsNotKnownWithoutAMeasurement()
{
    const StagedRollout plan
        = StagedRollout::restart(QStringLiteral("APP-1"), ids(8), {1, 3, 4}, spec(), false, 60000,
                                 StagedRollout::Gates::AfterFirstStage);
    // Nothing measured, another app's restart, one that began before the console connected,
    // and one that failed: none of them says how long APP-1 takes.
    TrackedOperation other = measuredReplace(QStringLiteral("APP-2"), 60000, 4, 2);
    TrackedOperation early = measuredReplace(QStringLiteral("APP-1"), 60000, 4, 2);
    early.beganBeforeConnect = true;
    TrackedOperation failed = measuredReplace(QStringLiteral("APP-1"), 60000, 4, 2);
    failed.outcome = TrackedOperation::Outcome::Failed;
    for (const auto &history :
         {QList<TrackedOperation>(), QList<TrackedOperation> {other, early, failed}}) {
        const RolloutEstimate estimate = RolloutEstimate::of(plan, history);
        QVERIFY(!estimate.workKnown);
        QCOMPARE(estimate.soakMs, 120000);
        QCOMPARE(estimate.gates, 1);
        const QString text = estimate.text();
        QVERIFY2(text.startsWith(QLatin1String("Not known")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("has not measured a restart of APP-1")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("soaks alone take 2m 00s")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("not counted")), qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("About")));
    }
}

void TestStagedRollout::estimateComesFromTheLastMeasuredOperation()
{
    const StagedRollout plan
        = StagedRollout::restart(QStringLiteral("APP-1"), ids(8), {1, 3, 4}, spec(1), false, 60000,
                                 StagedRollout::Gates::Never);
    // 4 replaced at parallelism 2 in 60 s: 30 s a round. Stages at parallelism 1: 8 rounds.
    TrackedOperation older = measuredReplace(QStringLiteral("APP-1"), 400000, 4, 1);
    older.finishedAtMs = older.beganAtMs + 400000;
    TrackedOperation recent = measuredReplace(QStringLiteral("APP-1"), 60000, 4, 2);
    recent.beganAtMs = 5000000;
    recent.finishedAtMs = recent.beganAtMs + 60000;
    const RolloutEstimate estimate = RolloutEstimate::of(plan, {older, recent});
    QVERIFY(estimate.workKnown);
    QCOMPARE(estimate.workMs, 8 * 30000);
    QCOMPARE(estimate.soakMs, 120000);
    QCOMPARE(estimate.gates, 0);
    const QString text = estimate.text();
    QVERIFY2(text.startsWith(QLatin1String("About 6m 00s (an estimate")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("4 instance(s) in 1m 00s at parallelism 2")),
             qPrintable(text));

    // A stopFirst plan is not estimated from a restart that started first.
    StagedRollout stopFirst = plan;
    stopFirst.stopFirst = true;
    QVERIFY(!RolloutEstimate::of(stopFirst, {recent}).workKnown);
}

QTEST_MAIN(TestStagedRollout)
#include "tst_stagedrollout.moc"
