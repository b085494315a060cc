#include "protocol/localinstanceinfo.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<LocalInstanceInfo> LocalInstanceInfo::fromJson(const QJsonValue &json,
                                                             ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    LocalInstanceInfo info;
    info.hostname = reader.string(QStringLiteral("hostname"));
    const QJsonObject ports = reader.objectAt(QStringLiteral("ports"));
    const QString portsPath = reader.childPath(QStringLiteral("ports"));
    for (auto it = ports.constBegin(); it != ports.constEnd() && reader.ok(); ++it) {
        std::optional<InstancePort> port
            = InstancePort::fromJson(*it, error, JsonReader::childPath(portsPath, it.key()));
        if (!port)
            return std::nullopt;
        info.ports.insert(it.key(), *port);
    }
    if (!reader.ok())
        return std::nullopt;
    return info;
}

QJsonObject LocalInstanceInfo::toJson() const
{
    QJsonObject portsJson;
    for (auto it = ports.constBegin(); it != ports.constEnd(); ++it)
        portsJson.insert(it.key(), it->toJson());
    QJsonObject json;
    json.insert(QStringLiteral("hostname"), hostname);
    json.insert(QStringLiteral("ports"), portsJson);
    return json;
}

bool LocalInstanceInfo::operator==(const LocalInstanceInfo &other) const
{
    return hostname == other.hostname && ports == other.ports;
}

} // namespace drove::protocol
