#include "protocol/droveeventssummary.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

qint64 DroveEventsSummary::count(DroveEventType type) const
{
    return eventsCount.value(toString(type), 0);
}

std::optional<DroveEventsSummary>
DroveEventsSummary::fromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    DroveEventsSummary summary;
    summary.eventsCount = reader.int64Map(QStringLiteral("eventsCount"));
    summary.lastSyncTime = reader.int64(QStringLiteral("lastSyncTime"));
    if (!reader.ok())
        return std::nullopt;
    return summary;
}

QJsonObject DroveEventsSummary::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("eventsCount"), json::toObject(eventsCount));
    json.insert(QStringLiteral("lastSyncTime"), QJsonValue(lastSyncTime));
    return json;
}

bool DroveEventsSummary::operator==(const DroveEventsSummary &other) const
{
    return eventsCount == other.eventsCount && lastSyncTime == other.lastSyncTime;
}

} // namespace drove::protocol
