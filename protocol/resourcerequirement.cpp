#include "protocol/resourcerequirement.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<ResourceRequirement>
ResourceRequirement::fromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    ResourceRequirement requirement;
    if (const auto type = reader.discriminator<ResourceType>())
        requirement.type = *type;
    if (requirement.type == ResourceType::Cpu)
        requirement.count = reader.int64(QStringLiteral("count"));
    else
        requirement.sizeInMB = reader.int64(QStringLiteral("sizeInMB"));
    if (!reader.ok())
        return std::nullopt;
    return requirement;
}

QJsonObject ResourceRequirement::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    if (type == ResourceType::Cpu)
        json.insert(QStringLiteral("count"), QJsonValue(count));
    else
        json.insert(QStringLiteral("sizeInMB"), QJsonValue(sizeInMB));
    return json;
}

bool ResourceRequirement::operator==(const ResourceRequirement &other) const
{
    if (type != other.type)
        return false;
    return type == ResourceType::Cpu ? count == other.count : sizeInMB == other.sizeInMB;
}

} // namespace drove::protocol
