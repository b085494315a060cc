#include "controller/operationrecord.h"

#include <QJsonArray>

namespace drove::controller {

QJsonObject OperationRecord::toJson() const
{
    return QJsonObject {{QStringLiteral("operationId"), operationId},
                        {QStringLiteral("type"), protocol::enumName(type)},
                        {QStringLiteral("appId"), appId},
                        {QStringLiteral("internal"), internal},
                        {QStringLiteral("opSpec"), opSpec.toJson()},
                        {QStringLiteral("acceptedAt"), acceptedAt},
                        {QStringLiteral("finishedAt"), finishedAt},
                        {QStringLiteral("outcome"), outcomeName(outcome)},
                        {QStringLiteral("reason"), reason},
                        {QStringLiteral("operation"), operation},
                        {QStringLiteral("instancesStarted"), instancesStarted},
                        {QStringLiteral("instancesStopped"), instancesStopped},
                        {QStringLiteral("failedStarts"), failedStarts},
                        {QStringLiteral("appStates"), [this] {
                             QJsonArray states;
                             for (const auto state : appStates)
                                 states.append(protocol::toString(state));
                             return states;
                         }()}};
}

std::optional<OperationRecord> OperationRecord::fromJson(const QJsonObject &json)
{
    OperationRecord record;
    record.operationId = json.value(QStringLiteral("operationId")).toString();
    const auto type
        = protocol::operationTypeFromEnumName(json.value(QStringLiteral("type")).toString());
    const auto outcome
        = operationOutcomeFromString(json.value(QStringLiteral("outcome")).toString());
    if (record.operationId.isEmpty() || !type || !outcome)
        return std::nullopt;
    record.type = *type;
    record.outcome = *outcome;
    record.appId = json.value(QStringLiteral("appId")).toString();
    record.internal = json.value(QStringLiteral("internal")).toBool();
    record.opSpec = protocol::ClusterOpSpec::fromJson(json.value(QStringLiteral("opSpec")))
                        .value_or(protocol::ClusterOpSpec::defaults());
    record.acceptedAt = json.value(QStringLiteral("acceptedAt")).toInteger();
    record.finishedAt = json.value(QStringLiteral("finishedAt")).toInteger();
    record.reason = json.value(QStringLiteral("reason")).toString();
    record.operation = json.value(QStringLiteral("operation")).toObject();
    record.instancesStarted = json.value(QStringLiteral("instancesStarted")).toInt();
    record.instancesStopped = json.value(QStringLiteral("instancesStopped")).toInt();
    record.failedStarts = json.value(QStringLiteral("failedStarts")).toInt();
    for (const QJsonValue &state : json.value(QStringLiteral("appStates")).toArray())
        if (const auto parsed = protocol::applicationStateFromString(state.toString()))
            record.appStates.append(*parsed);
    return record;
}

} // namespace drove::controller
