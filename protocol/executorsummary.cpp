#include "protocol/executorsummary.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<ExecutorSummary> ExecutorSummary::fromJson(const QJsonValue &json, ParseError *error,
                                                         const QString &path)
{
    JsonReader reader(json, error, path);
    ExecutorSummary summary;
    summary.executorId = reader.string(QStringLiteral("executorId"));
    summary.hostname = reader.string(QStringLiteral("hostname"));
    summary.port = reader.int32(QStringLiteral("port"));
    summary.transportType = reader.optEnum<TransportType>(QStringLiteral("transportType"));
    summary.freeCores = reader.int32(QStringLiteral("freeCores"));
    summary.usedCores = reader.int32(QStringLiteral("usedCores"));
    summary.freeMemory = reader.int64(QStringLiteral("freeMemory"));
    summary.usedMemory = reader.int64(QStringLiteral("usedMemory"));
    summary.tags = reader.stringList(QStringLiteral("tags"));
    summary.state = reader.optEnum<ExecutorState>(QStringLiteral("state"));
    if (!reader.ok())
        return std::nullopt;
    return summary;
}

QJsonObject ExecutorSummary::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("executorId"), executorId);
    json.insert(QStringLiteral("hostname"), hostname);
    json.insert(QStringLiteral("port"), port);
    if (transportType)
        json.insert(QStringLiteral("transportType"), enumToString(*transportType));
    json.insert(QStringLiteral("freeCores"), freeCores);
    json.insert(QStringLiteral("usedCores"), usedCores);
    json.insert(QStringLiteral("freeMemory"), QJsonValue(freeMemory));
    json.insert(QStringLiteral("usedMemory"), QJsonValue(usedMemory));
    json.insert(QStringLiteral("tags"), json::toArray(tags));
    if (state)
        json.insert(QStringLiteral("state"), enumToString(*state));
    return json;
}

bool ExecutorSummary::operator==(const ExecutorSummary &other) const
{
    return executorId == other.executorId && hostname == other.hostname && port == other.port
        && transportType == other.transportType && freeCores == other.freeCores
        && usedCores == other.usedCores && freeMemory == other.freeMemory
        && usedMemory == other.usedMemory && tags == other.tags && state == other.state;
}

std::optional<QList<ExecutorSummary>>
ExecutorSummary::listFromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    return decodeList<ExecutorSummary>(json, error, path);
}

QJsonArray ExecutorSummary::listToJson(const QList<ExecutorSummary> &executors)
{
    return json::toArray(executors);
}

} // namespace drove::protocol
