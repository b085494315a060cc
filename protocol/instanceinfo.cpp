#include "protocol/instanceinfo.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

int InstanceInfo::hostPort(const QString &portName) const
{
    if (!localInfo)
        return 0;
    const auto it = localInfo->ports.constFind(portName);
    return it == localInfo->ports.constEnd() ? 0 : it->hostPort;
}

std::optional<InstanceInfo> InstanceInfo::fromJson(const QJsonValue &json, ParseError *error,
                                                   const QString &path)
{
    JsonReader reader(json, error, path);
    InstanceInfo info;
    info.appId = reader.string(QStringLiteral("appId"));
    info.appName = reader.string(QStringLiteral("appName"));
    info.instanceId = reader.string(QStringLiteral("instanceId"));
    info.executorId = reader.string(QStringLiteral("executorId"));
    info.localInfo = reader.optObject<LocalInstanceInfo>(QStringLiteral("localInfo"));
    info.resources = reader.list<ResourceAllocation>(QStringLiteral("resources"));
    if (const auto state = reader.optEnum<InstanceState>(QStringLiteral("state"))) {
        info.state = *state;
    } else if (const auto text = reader.optString(QStringLiteral("state"))) {
        info.state = InstanceState::Unknown; // tolerant decoding: a newer Drove's state
        info.stateText = *text;
    }
    info.metadata = reader.stringMap(QStringLiteral("metadata"));
    info.errorMessage = reader.string(QStringLiteral("errorMessage"));
    info.created = reader.int64(QStringLiteral("created"));
    info.updated = reader.int64(QStringLiteral("updated"));
    if (!reader.ok())
        return std::nullopt;
    return info;
}

QJsonObject InstanceInfo::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("appId"), appId);
    json.insert(QStringLiteral("appName"), appName);
    json.insert(QStringLiteral("instanceId"), instanceId);
    json.insert(QStringLiteral("executorId"), executorId);
    if (localInfo)
        json.insert(QStringLiteral("localInfo"), localInfo->toJson());
    json.insert(QStringLiteral("resources"), json::toArray(resources));
    json.insert(QStringLiteral("state"), enumToString(state));
    json.insert(QStringLiteral("metadata"), json::toObject(metadata));
    json.insert(QStringLiteral("errorMessage"),
                errorMessage.isNull() ? QLatin1String("") : errorMessage);
    json.insert(QStringLiteral("created"), QJsonValue(created));
    json.insert(QStringLiteral("updated"), QJsonValue(updated));
    return json;
}

bool InstanceInfo::operator==(const InstanceInfo &other) const
{
    return appId == other.appId && appName == other.appName && instanceId == other.instanceId
        && executorId == other.executorId && localInfo == other.localInfo
        && resources == other.resources && state == other.state && metadata == other.metadata
        && stateText == other.stateText && errorMessage == other.errorMessage
        && created == other.created && updated == other.updated;
}

std::optional<QList<InstanceInfo>>
InstanceInfo::listFromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    return decodeList<InstanceInfo>(json, error, path);
}

QJsonArray InstanceInfo::listToJson(const QList<InstanceInfo> &instances)
{
    return json::toArray(instances);
}

} // namespace drove::protocol
