#include "models/rolloutprogress.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <array>

namespace drove::models {

namespace {

using State = RolloutProgress::State;
using Status = RolloutStageRecord::Status;

struct StateKey
{
    State state;
    const char *key;
};
const std::array<StateKey, 11> kStateKeys {{
    {State::NotStarted, "NOT_STARTED"},
    {State::RunningStage, "RUNNING_STAGE"},
    {State::Soaking, "SOAKING"},
    {State::WaitingForGo, "WAITING_FOR_GO"},
    {State::Paused, "PAUSED"},
    {State::Checking, "CHECKING"},
    {State::Cancelling, "CANCELLING"},
    {State::Completed, "COMPLETED"},
    {State::Failed, "FAILED"},
    {State::Cancelled, "CANCELLED"},
    {State::Abandoned, "ABANDONED"},
}};

const std::array<std::pair<Status, const char *>, 5> kStatusKeys {{
    {Status::Pending, "PENDING"},
    {Status::Running, "RUNNING"},
    {Status::Done, "DONE"},
    {Status::Failed, "FAILED"},
    {Status::Cancelled, "CANCELLED"},
}};

QString statusKey(Status status)
{
    for (const auto &entry : kStatusKeys)
        if (entry.first == status)
            return QLatin1String(entry.second);
    return QStringLiteral("PENDING");
}

Status statusFromKey(const QString &key)
{
    for (const auto &entry : kStatusKeys)
        if (key == QLatin1String(entry.second))
            return entry.first;
    return Status::Pending;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

} // namespace

QString RolloutStageRecord::statusName(Status status)
{
    switch (status) {
    case Status::Pending:
        return QCoreApplication::translate("drove::models::RolloutProgress", "not started");
    case Status::Running:
        return QCoreApplication::translate("drove::models::RolloutProgress", "running");
    case Status::Done:
        return QCoreApplication::translate("drove::models::RolloutProgress", "done");
    case Status::Failed:
        return QCoreApplication::translate("drove::models::RolloutProgress", "failed");
    case Status::Cancelled:
        return QCoreApplication::translate("drove::models::RolloutProgress", "cancelled");
    }
    return QString();
}

QJsonObject RolloutStageRecord::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("status"), statusKey(status));
    json.insert(QStringLiteral("sentAt"), sentAtMs);
    json.insert(QStringLiteral("finishedAt"), finishedAtMs);
    json.insert(QStringLiteral("trackedId"), trackedId);
    json.insert(QStringLiteral("outcome"), outcome);
    json.insert(QStringLiteral("replacedIds"), QJsonArray::fromStringList(replacedIds));
    json.insert(QStringLiteral("newInstanceIds"), QJsonArray::fromStringList(newInstanceIds));
    json.insert(QStringLiteral("watched"), watched);
    return json;
}

RolloutStageRecord RolloutStageRecord::fromJson(const QJsonObject &json)
{
    RolloutStageRecord record;
    record.status = statusFromKey(json.value(QStringLiteral("status")).toString());
    record.sentAtMs = json.value(QStringLiteral("sentAt")).toInteger();
    record.finishedAtMs = json.value(QStringLiteral("finishedAt")).toInteger();
    record.trackedId = json.value(QStringLiteral("trackedId")).toString();
    record.outcome = json.value(QStringLiteral("outcome")).toString();
    record.replacedIds = stringList(json.value(QStringLiteral("replacedIds")));
    record.newInstanceIds = stringList(json.value(QStringLiteral("newInstanceIds")));
    record.watched = json.value(QStringLiteral("watched")).toBool(true);
    return record;
}

bool RolloutStageRecord::operator==(const RolloutStageRecord &other) const
{
    return status == other.status && sentAtMs == other.sentAtMs
        && finishedAtMs == other.finishedAtMs && trackedId == other.trackedId
        && outcome == other.outcome && replacedIds == other.replacedIds
        && newInstanceIds == other.newInstanceIds && watched == other.watched;
}

bool RolloutProgress::isTerminal(State state)
{
    return state == State::Completed || state == State::Failed || state == State::Cancelled
        || state == State::Abandoned;
}

QString RolloutProgress::stateKey(State state)
{
    for (const auto &entry : kStateKeys)
        if (entry.state == state)
            return QLatin1String(entry.key);
    return QString();
}

QString RolloutProgress::stateName(State state)
{
    switch (state) {
    case State::NotStarted:
        return tr("Not started");
    case State::RunningStage:
        return tr("Running a stage");
    case State::Soaking:
        return tr("Soaking");
    case State::WaitingForGo:
        return tr("Waiting for your go");
    case State::Paused:
        return tr("Paused");
    case State::Checking:
        return tr("Checking after a restart");
    case State::Cancelling:
        return tr("Cancelling");
    case State::Completed:
        return tr("Completed");
    case State::Failed:
        return tr("Failed");
    case State::Cancelled:
        return tr("Cancelled");
    case State::Abandoned:
        return tr("Abandoned");
    }
    return QString();
}

QJsonObject RolloutProgress::toJson() const
{
    QJsonArray recordArray;
    for (const RolloutStageRecord &record : records)
        recordArray.append(record.toJson());
    QJsonObject json;
    json.insert(QStringLiteral("version"), kVersion);
    json.insert(QStringLiteral("cluster"), clusterName);
    json.insert(QStringLiteral("plan"), plan.toJson());
    json.insert(QStringLiteral("state"), stateKey(state));
    json.insert(QStringLiteral("stage"), stage);
    json.insert(QStringLiteral("nextStage"), nextStage);
    json.insert(QStringLiteral("pauseRequested"), pauseRequested);
    json.insert(QStringLiteral("reason"), reason);
    json.insert(QStringLiteral("watchFrom"), watchFromMs);
    json.insert(QStringLiteral("soakStartedAt"), soakStartedAtMs);
    json.insert(QStringLiteral("soakEndsAt"), soakEndsAtMs);
    json.insert(QStringLiteral("startedAt"), startedAtMs);
    json.insert(QStringLiteral("updatedAt"), updatedAtMs);
    json.insert(QStringLiteral("records"), recordArray);
    return json;
}

std::optional<RolloutProgress> RolloutProgress::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<RolloutProgress> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const int version = json.value(QStringLiteral("version")).toInt();
    if (version != kVersion)
        return fail(tr("it was written in format %1; this console reads format %2")
                        .arg(version)
                        .arg(kVersion));
    RolloutProgress progress;
    QString planError;
    const auto plan
        = StagedRollout::fromJson(json.value(QStringLiteral("plan")).toObject(), &planError);
    if (!plan)
        return fail(tr("its plan cannot be read: %1").arg(planError));
    progress.plan = *plan;
    progress.clusterName = json.value(QStringLiteral("cluster")).toString();
    const QString stateText = json.value(QStringLiteral("state")).toString();
    bool known = false;
    for (const auto &entry : kStateKeys) {
        if (stateText == QLatin1String(entry.key)) {
            progress.state = entry.state;
            known = true;
        }
    }
    if (!known)
        return fail(tr("unknown state “%1”").arg(stateText));
    progress.stage = json.value(QStringLiteral("stage")).toInt();
    progress.nextStage = json.value(QStringLiteral("nextStage")).toInt(-1);
    progress.pauseRequested = json.value(QStringLiteral("pauseRequested")).toBool();
    progress.reason = json.value(QStringLiteral("reason")).toString();
    progress.watchFromMs = json.value(QStringLiteral("watchFrom")).toInteger();
    progress.soakStartedAtMs = json.value(QStringLiteral("soakStartedAt")).toInteger();
    progress.soakEndsAtMs = json.value(QStringLiteral("soakEndsAt")).toInteger();
    progress.startedAtMs = json.value(QStringLiteral("startedAt")).toInteger();
    progress.updatedAtMs = json.value(QStringLiteral("updatedAt")).toInteger();
    for (const QJsonValue &record : json.value(QStringLiteral("records")).toArray())
        progress.records << RolloutStageRecord::fromJson(record.toObject());
    if (progress.records.size() != progress.plan.stages.size())
        return fail(tr("it has %1 stage records for %2 stages")
                        .arg(progress.records.size())
                        .arg(progress.plan.stages.size()));
    if (progress.stage < 0 || progress.stage >= progress.plan.stageCount()
        || progress.nextStage >= progress.plan.stageCount())
        return fail(tr("its stage number is out of range"));
    return progress;
}

bool RolloutProgress::save(const QString &path, QString *error) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

std::optional<RolloutProgress> RolloutProgress::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : tr("it is not a JSON object");
        return std::nullopt;
    }
    return fromJson(document.object(), error);
}

} // namespace drove::models
