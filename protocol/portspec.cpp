#include "protocol/portspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<PortSpec> PortSpec::fromJson(const QJsonValue &json, ParseError *error,
                                           const QString &path)
{
    JsonReader reader(json, error, path);
    PortSpec spec;
    spec.name = reader.string(QStringLiteral("name"));
    spec.port = reader.int32(QStringLiteral("port"));
    spec.type = reader.optEnum<PortType>(QStringLiteral("type"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject PortSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("name"), name);
    json.insert(QStringLiteral("port"), port);
    if (type)
        json.insert(QStringLiteral("type"), enumToString(*type));
    return json;
}

bool PortSpec::operator==(const PortSpec &other) const
{
    return name == other.name && port == other.port && type == other.type;
}

} // namespace drove::protocol
