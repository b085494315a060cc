#include "protocol/instanceinfo.h"

#include "protocol/jsonreader.h"
#include "protocol/jsonwriter.h"

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

void InstanceInfo::writeJson(JsonWriter &writer) const
{
    // QJsonObject's (sorted) key order at every level, so the bytes match toJson()'s.
    writer.beginObject();
    writer.key(QLatin1String("appId"));
    writer.value(appId);
    writer.key(QLatin1String("appName"));
    writer.value(appName);
    writer.key(QLatin1String("created"));
    writer.value(created);
    writer.key(QLatin1String("errorMessage"));
    writer.value(errorMessage);
    writer.key(QLatin1String("executorId"));
    writer.value(executorId);
    writer.key(QLatin1String("instanceId"));
    writer.value(instanceId);
    if (localInfo) {
        writer.key(QLatin1String("localInfo"));
        writer.beginObject();
        writer.key(QLatin1String("hostname"));
        writer.value(localInfo->hostname);
        writer.key(QLatin1String("ports"));
        writer.beginObject();
        for (auto it = localInfo->ports.cbegin(); it != localInfo->ports.cend(); ++it) {
            writer.key(it.key());
            writer.beginObject();
            writer.key(QLatin1String("containerPort"));
            writer.value(qint64(it->containerPort));
            writer.key(QLatin1String("hostPort"));
            writer.value(qint64(it->hostPort));
            if (it->portType) {
                writer.key(QLatin1String("portType"));
                writer.value(QLatin1String(EnumInfo<PortType>::names[std::size_t(*it->portType)]));
            }
            writer.endObject();
        }
        writer.endObject();
        writer.endObject();
    }
    writer.key(QLatin1String("metadata"));
    writer.beginObject();
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it) {
        writer.key(it.key());
        writer.value(it.value());
    }
    writer.endObject();
    writer.key(QLatin1String("resources"));
    writer.beginArray();
    for (const ResourceAllocation &resource : resources) {
        writer.beginObject();
        if (resource.type == ResourceType::Cpu) {
            writer.key(QLatin1String("cores"));
            writer.beginObject();
            for (auto it = resource.cores.cbegin(); it != resource.cores.cend(); ++it) {
                writer.key(it.key());
                writer.beginArray();
                for (int core : it.value())
                    writer.value(qint64(core));
                writer.endArray();
            }
            writer.endObject();
        } else {
            writer.key(QLatin1String("memoryInMB"));
            writer.beginObject();
            for (auto it = resource.memoryInMB.cbegin(); it != resource.memoryInMB.cend(); ++it) {
                writer.key(it.key());
                writer.value(it.value());
            }
            writer.endObject();
        }
        writer.key(QLatin1String("type"));
        writer.value(QLatin1String(EnumInfo<ResourceType>::names[std::size_t(resource.type)]));
        writer.endObject();
    }
    writer.endArray();
    writer.key(QLatin1String("state"));
    writer.value(QLatin1String(EnumInfo<InstanceState>::names[std::size_t(state)]));
    writer.key(QLatin1String("updated"));
    writer.value(updated);
    writer.endObject();
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
