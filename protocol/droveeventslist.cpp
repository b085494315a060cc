#include "protocol/droveeventslist.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<DroveEventsList> DroveEventsList::fromJson(const QJsonValue &json, ParseError *error,
                                                         const QString &path)
{
    JsonReader reader(json, error, path);
    DroveEventsList list;
    list.events = reader.list<DroveEvent>(QStringLiteral("events"));
    list.lastSyncTime = reader.int64(QStringLiteral("lastSyncTime"));
    if (!reader.ok())
        return std::nullopt;
    return list;
}

QJsonObject DroveEventsList::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("events"), json::toArray(events));
    json.insert(QStringLiteral("lastSyncTime"), QJsonValue(lastSyncTime));
    return json;
}

bool DroveEventsList::operator==(const DroveEventsList &other) const
{
    return events == other.events && lastSyncTime == other.lastSyncTime;
}

std::optional<QList<DroveEvent>>
DroveEventsList::listFromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    return decodeList<DroveEvent>(json, error, path);
}

QJsonArray DroveEventsList::listToJson(const QList<DroveEvent> &events)
{
    return json::toArray(events);
}

} // namespace drove::protocol
