#include "controller/operationrecord.h"

#include <array>

namespace drove::controller {

namespace {
constexpr std::array<const char *, 5> OutcomeNames {"RUNNING", "COMPLETED", "CANCELLED",
                                                    "TIMED_OUT", "FAILED"};
}

QString outcomeName(OperationOutcome outcome)
{
    return QString::fromLatin1(OutcomeNames[std::size_t(outcome)]);
}

std::optional<OperationOutcome> operationOutcomeFromString(const QString &text)
{
    for (std::size_t i = 0; i < OutcomeNames.size(); ++i)
        if (text == QLatin1String(OutcomeNames[i]))
            return OperationOutcome(i);
    return std::nullopt;
}

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
                        {QStringLiteral("operation"), operation}};
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
    return record;
}

} // namespace drove::controller
