#include "models/stagedrollout.h"

#include "models/formatting.h"
#include "protocol/operationvalidator.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace drove::models {

using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;

namespace {

const QString kKind = QStringLiteral("kind");
const QString kAppId = QStringLiteral("appId");
const QString kStopFirst = QStringLiteral("stopFirst");
const QString kInitial = QStringLiteral("initialInstances");
const QString kPlannedAt = QStringLiteral("plannedAt");
const QString kStages = QStringLiteral("stages");
const QString kInstanceIds = QStringLiteral("instanceIds");
const QString kTarget = QStringLiteral("targetInstances");
const QString kOpSpec = QStringLiteral("opSpec");
const QString kWaitForGo = QStringLiteral("waitForGo");
const QString kSoakMs = QStringLiteral("soakMs");

qint64 ceilDiv(qint64 a, qint64 b)
{
    return b <= 0 ? a : (a + b - 1) / b;
}

bool waitsForGo(StagedRollout::Gates gates, int index)
{
    switch (gates) {
    case StagedRollout::Gates::BeforeEachStage:
        return index > 0;
    case StagedRollout::Gates::AfterFirstStage:
        return index == 1;
    case StagedRollout::Gates::Never:
        return false;
    }
    return true;
}

} // namespace

bool RolloutStage::operator==(const RolloutStage &other) const
{
    return instanceIds == other.instanceIds && targetInstances == other.targetInstances
        && opSpec == other.opSpec && waitForGo == other.waitForGo && soakMs == other.soakMs;
}

ApplicationOperation StagedRollout::operation(int index) const
{
    const RolloutStage &stage = stages.at(index);
    if (kind == Kind::Scale)
        return ApplicationOperation::scale(appId, stage.targetInstances, stage.opSpec);
    return ApplicationOperation::replaceInstances(appId, stage.instanceIds, stopFirst,
                                                  stage.opSpec);
}

qint64 StagedRollout::countBefore(int index) const
{
    if (index <= 0)
        return initialInstances;
    return stages.at(index - 1).targetInstances;
}

int StagedRollout::stageSize(int index) const
{
    if (kind == Kind::Restart)
        return int(stages.at(index).instanceIds.size());
    return int(qAbs(stages.at(index).targetInstances - countBefore(index)));
}

qint64 StagedRollout::finalInstances() const
{
    if (kind == Kind::Restart)
        return allInstanceIds().size();
    return stages.isEmpty() ? initialInstances : stages.constLast().targetInstances;
}

QStringList StagedRollout::allInstanceIds() const
{
    QStringList ids;
    for (const RolloutStage &stage : stages)
        ids << stage.instanceIds;
    return ids;
}

qint64 StagedRollout::totalSoakMs() const
{
    qint64 total = 0;
    for (int i = 0; i + 1 < stageCount(); ++i)
        total += stages.at(i).soakMs;
    return total;
}

bool StagedRollout::reducesCapacity() const
{
    if (kind == Kind::Restart)
        return stopFirst;
    return finalInstances() < initialInstances;
}

QString StagedRollout::stageName(int index, int count)
{
    return tr("stage %1 of %2").arg(index + 1).arg(count);
}

QString StagedRollout::kindName() const
{
    return kind == Kind::Restart ? tr("Restart") : tr("Scale");
}

QStringList StagedRollout::problems() const
{
    QStringList problems;
    if (appId.isEmpty())
        problems << tr("No application is named.");
    if (stages.isEmpty()) {
        problems << tr("The plan has no stage.");
        return problems;
    }
    QHash<QString, int> stageOf;
    for (int i = 0; i < stageCount(); ++i) {
        const RolloutStage &stage = stages.at(i);
        const QString name = stageName(i, stageCount());
        if (kind == Kind::Restart) {
            if (stage.instanceIds.isEmpty())
                problems << tr("%1 replaces no instance.").arg(name);
            for (const QString &id : stage.instanceIds) {
                const auto seen = stageOf.constFind(id);
                if (seen != stageOf.cend())
                    problems
                        << tr("%1 is in stage %2 and stage %3.").arg(id).arg(*seen + 1).arg(i + 1);
                else
                    stageOf.insert(id, i);
            }
        } else {
            const qint64 before = countBefore(i);
            const qint64 last = stages.constLast().targetInstances;
            const bool up = last > initialInstances;
            if (stage.targetInstances < 0)
                problems << tr("%1 has no target count.").arg(name);
            else if (stage.targetInstances == before)
                problems << tr("%1 does not change the count (%2).").arg(name).arg(before);
            else if ((stage.targetInstances > before) != up)
                problems << tr("%1 goes from %2 to %3, against the direction of the plan.")
                                .arg(name)
                                .arg(before)
                                .arg(stage.targetInstances);
        }
        if (stage.soakMs < 0)
            problems << tr("%1 has a negative soak time.").arg(name);
        for (const QString &problem : protocol::OperationValidator::validateForSend(operation(i)))
            problems << tr("%1: %2").arg(name, problem);
    }
    return problems;
}

QJsonObject StagedRollout::toJson() const
{
    QJsonArray stageArray;
    for (const RolloutStage &stage : stages) {
        QJsonObject json;
        if (kind == Kind::Restart)
            json.insert(kInstanceIds, QJsonArray::fromStringList(stage.instanceIds));
        else
            json.insert(kTarget, stage.targetInstances);
        json.insert(kOpSpec, stage.opSpec.toJson());
        json.insert(kWaitForGo, stage.waitForGo);
        json.insert(kSoakMs, stage.soakMs);
        stageArray.append(json);
    }
    QJsonObject json;
    json.insert(kKind, kind == Kind::Restart ? QStringLiteral("RESTART") : QStringLiteral("SCALE"));
    json.insert(kAppId, appId);
    if (kind == Kind::Restart)
        json.insert(kStopFirst, stopFirst);
    json.insert(kInitial, initialInstances);
    json.insert(kPlannedAt, plannedAtMs);
    if (!logErrorPattern.isEmpty())
        json.insert(QStringLiteral("logErrorPattern"), logErrorPattern);
    json.insert(kStages, stageArray);
    return json;
}

std::optional<StagedRollout> StagedRollout::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<StagedRollout> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    StagedRollout plan;
    const QString kindText = json.value(kKind).toString();
    if (kindText == QLatin1String("RESTART"))
        plan.kind = Kind::Restart;
    else if (kindText == QLatin1String("SCALE"))
        plan.kind = Kind::Scale;
    else
        return fail(tr("unknown rollout kind “%1”").arg(kindText));
    plan.appId = json.value(kAppId).toString();
    if (plan.appId.isEmpty())
        return fail(tr("no appId"));
    plan.stopFirst = json.value(kStopFirst).toBool();
    plan.initialInstances = json.value(kInitial).toInteger();
    plan.plannedAtMs = json.value(kPlannedAt).toInteger();
    plan.logErrorPattern = json.value(QStringLiteral("logErrorPattern")).toString();
    if (!plan.logErrorPattern.isEmpty() && !QRegularExpression(plan.logErrorPattern).isValid())
        return fail(tr("the log check's pattern is not a valid regular expression"));
    const QJsonArray stageArray = json.value(kStages).toArray();
    for (qsizetype i = 0; i < stageArray.size(); ++i) {
        const QJsonObject stageJson = stageArray.at(i).toObject();
        RolloutStage stage;
        for (const QJsonValue &id : stageJson.value(kInstanceIds).toArray())
            stage.instanceIds << id.toString();
        stage.targetInstances = stageJson.value(kTarget).toInteger(-1);
        protocol::ParseError parseError;
        const auto opSpec = ClusterOpSpec::fromJson(stageJson.value(kOpSpec), &parseError);
        if (!opSpec)
            return fail(tr("stage %1: %2").arg(i + 1).arg(parseError.toString()));
        stage.opSpec = *opSpec;
        stage.waitForGo = stageJson.value(kWaitForGo).toBool();
        stage.soakMs = stageJson.value(kSoakMs).toInteger();
        plan.stages << stage;
    }
    if (plan.stages.isEmpty())
        return fail(tr("no stages"));
    return plan;
}

bool StagedRollout::operator==(const StagedRollout &other) const
{
    return kind == other.kind && appId == other.appId && stopFirst == other.stopFirst
        && initialInstances == other.initialInstances && stages == other.stages
        && plannedAtMs == other.plannedAtMs && logErrorPattern == other.logErrorPattern;
}

std::optional<QList<int>> StagedRollout::parseStageSizes(const QString &text, int total,
                                                         QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<QList<int>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (total <= 0)
        return fail(tr("There is nothing to roll out."));
    const QStringList items = text.split(QLatin1Char(','), Qt::KeepEmptyParts);
    if (text.trimmed().isEmpty())
        return fail(tr("Give the stage sizes, e.g. “1, 25%, rest”."));
    static const QRegularExpression countPattern(QStringLiteral("^(\\d{1,6})$"));
    static const QRegularExpression percentPattern(QStringLiteral("^(\\d{1,3})\\s*%$"));
    QList<int> sizes;
    int left = total;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString item = items.at(i).trimmed().toLower();
        if (item.isEmpty())
            return fail(tr("Stage %1 is empty: remove the extra comma.").arg(i + 1));
        int size = 0;
        if (item == QLatin1String("rest")) {
            if (i + 1 != items.size())
                return fail(tr("“rest” can only be the last stage."));
            size = left;
        } else if (const auto count = countPattern.match(item); count.hasMatch()) {
            size = count.captured(1).toInt();
            if (size == 0)
                return fail(tr("Stage %1 has 0 instances.").arg(i + 1));
        } else if (const auto percent = percentPattern.match(item); percent.hasMatch()) {
            const int p = percent.captured(1).toInt();
            if (p <= 0 || p > 100)
                return fail(tr("Stage %1: a percentage must be 1–100%.").arg(i + 1));
            size = std::max(1, int(ceilDiv(qint64(total) * p, 100)));
        } else {
            return fail(tr("“%1” is not a stage size: use a number, a percentage or “rest”.")
                            .arg(items.at(i).trimmed()));
        }
        size = std::min(size, left);
        if (size == 0)
            return fail(tr("Stage %1 would be empty: the stages before it already take all %2.")
                            .arg(i + 1)
                            .arg(total));
        sizes << size;
        left -= size;
    }
    if (left > 0)
        return fail(tr("The stages take %1 of %2; end with “rest” to include the others.")
                        .arg(total - left)
                        .arg(total));
    return sizes;
}

QStringList StagedRollout::restartOrder(const QList<protocol::InstanceInfo> &instances,
                                        const QStringList &first)
{
    QList<protocol::InstanceInfo> healthy;
    for (const auto &instance : instances)
        if (protocol::isHealthy(instance.state))
            healthy << instance;
    std::sort(healthy.begin(), healthy.end(), [](const auto &a, const auto &b) {
        return a.created != b.created ? a.created < b.created : a.instanceId < b.instanceId;
    });
    QStringList order;
    for (const QString &id : first) {
        const bool isHealthy = std::any_of(healthy.cbegin(), healthy.cend(),
                                           [&id](const auto &i) { return i.instanceId == id; });
        if (isHealthy && !order.contains(id))
            order << id;
    }
    for (const auto &instance : std::as_const(healthy))
        if (!order.contains(instance.instanceId))
            order << instance.instanceId;
    return order;
}

StagedRollout StagedRollout::restart(const QString &appId, const QStringList &orderedIds,
                                     const QList<int> &sizes, const ClusterOpSpec &opSpec,
                                     bool stopFirst, qint64 soakMs, Gates gates)
{
    StagedRollout plan;
    plan.kind = Kind::Restart;
    plan.appId = appId;
    plan.stopFirst = stopFirst;
    plan.initialInstances = orderedIds.size();
    qsizetype offset = 0;
    for (int i = 0; i < sizes.size(); ++i) {
        RolloutStage stage;
        stage.instanceIds = orderedIds.mid(offset, sizes.at(i));
        offset += sizes.at(i);
        stage.opSpec = opSpec;
        stage.waitForGo = waitsForGo(gates, i);
        stage.soakMs = i + 1 < sizes.size() ? soakMs : 0;
        plan.stages << stage;
    }
    return plan;
}

StagedRollout StagedRollout::scale(const QString &appId, qint64 fromRequired, qint64 toRequired,
                                   const QList<int> &sizes, const ClusterOpSpec &opSpec,
                                   qint64 soakMs, Gates gates)
{
    StagedRollout plan;
    plan.kind = Kind::Scale;
    plan.appId = appId;
    plan.initialInstances = fromRequired;
    const qint64 direction = toRequired >= fromRequired ? 1 : -1;
    qint64 count = fromRequired;
    for (int i = 0; i < sizes.size(); ++i) {
        RolloutStage stage;
        count += direction * sizes.at(i);
        stage.targetInstances = count;
        stage.opSpec = opSpec;
        stage.waitForGo = waitsForGo(gates, i);
        stage.soakMs = i + 1 < sizes.size() ? soakMs : 0;
        plan.stages << stage;
    }
    return plan;
}

RolloutEstimate RolloutEstimate::of(const StagedRollout &plan,
                                    const QList<TrackedOperation> &history)
{
    RolloutEstimate estimate;
    estimate.soakMs = plan.totalSoakMs();
    for (int i = 1; i < plan.stageCount(); ++i)
        estimate.gates += plan.stages.at(i).waitForGo ? 1 : 0;

    const bool restart = plan.kind == StagedRollout::Kind::Restart;
    const bool up = !restart && plan.finalInstances() > plan.initialInstances;
    const TrackedOperation *basis = nullptr;
    for (const TrackedOperation &op : history) {
        if (op.appId != plan.appId || op.outcome != TrackedOperation::Outcome::Completed
            || op.beganBeforeConnect || op.beganAtMs <= 0 || op.finishedAtMs <= op.beganAtMs
            || op.parallelism <= 0 || op.done <= 0)
            continue;
        const bool sameKind = restart ? op.type == protocol::OperationType::ReplaceInstances
                && (op.variant == protocol::OperationVariant::ReplaceStopFirst) == plan.stopFirst
                                      : (op.type == protocol::OperationType::ScaleInstances
                                         || op.type == protocol::OperationType::StartInstances)
                && (up ? op.instancesStarted > 0 : op.instancesStopped > 0);
        if (sameKind && (!basis || op.finishedAtMs > basis->finishedAtMs))
            basis = &op;
    }
    const QString what = restart ? tr("a restart") : up ? tr("a scale up") : tr("a scale down");
    if (!basis) {
        estimate.basis = tr("this console has not measured %1 of %2 yet").arg(what, plan.appId);
        return estimate;
    }
    const qint64 took = basis->finishedAtMs - basis->beganAtMs;
    const qint64 rounds = ceilDiv(basis->done, basis->parallelism);
    const qint64 perRound = took / std::max<qint64>(1, rounds);
    for (int i = 0; i < plan.stageCount(); ++i) {
        const qint64 parallelism = std::max<qint64>(1, plan.stages.at(i).opSpec.parallelism);
        estimate.workMs += ceilDiv(plan.stageSize(i), parallelism) * perRound;
    }
    estimate.workKnown = true;
    estimate.basis = tr("%1 of %2 finished at %3: %4 in %5 at parallelism %6")
                         .arg(TrackedOperation::typeName(basis->type), plan.appId,
                              format::timestamp(basis->finishedAtMs),
                              tr("%n instance(s)", nullptr, basis->done), format::elapsed(took))
                         .arg(basis->parallelism);
    return estimate;
}

QString RolloutEstimate::text() const
{
    QString text;
    if (workKnown) {
        text
            = tr("About %1 (an estimate from the %2)").arg(format::elapsed(workMs + soakMs), basis);
        if (soakMs > 0)
            text += tr(", of which %1 is soak").arg(format::elapsed(soakMs));
    } else {
        text = tr("Not known: %1.").arg(basis);
        if (soakMs > 0)
            text += QLatin1Char(' ') + tr("The soaks alone take %1.").arg(format::elapsed(soakMs));
    }
    if (gates > 0)
        text += QLatin1Char(' ') + tr("%n wait(s) for your go are not counted.", nullptr, gates);
    return text;
}

} // namespace drove::models
