#include "protocol/instanceport.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<InstancePort> InstancePort::fromJson(const QJsonValue &json, ParseError *error,
                                                   const QString &path)
{
    JsonReader reader(json, error, path);
    InstancePort port;
    port.containerPort = reader.int32(QStringLiteral("containerPort"));
    port.hostPort = reader.int32(QStringLiteral("hostPort"));
    port.portType = reader.optEnum<PortType>(QStringLiteral("portType"));
    if (!reader.ok())
        return std::nullopt;
    return port;
}

QJsonObject InstancePort::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("containerPort"), containerPort);
    json.insert(QStringLiteral("hostPort"), hostPort);
    if (portType)
        json.insert(QStringLiteral("portType"), enumToString(*portType));
    return json;
}

bool InstancePort::operator==(const InstancePort &other) const
{
    return containerPort == other.containerPort && hostPort == other.hostPort
        && portType == other.portType;
}

} // namespace drove::protocol
