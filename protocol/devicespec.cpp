#include "protocol/devicespec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<DeviceSpec> DeviceSpec::fromJson(const QJsonValue &json, ParseError *error,
                                               const QString &path)
{
    JsonReader reader(json, error, path);
    DeviceSpec spec;
    if (const auto type = reader.discriminator<DeviceType>())
        spec.type = *type;
    if (spec.type == DeviceType::Direct) {
        spec.pathOnHost = reader.string(QStringLiteral("pathOnHost"));
        spec.pathInContainer = reader.optString(QStringLiteral("pathInContainer"));
        spec.permissions = reader.optEnum<DevicePermissions>(QStringLiteral("permissions"));
    } else {
        spec.driver = reader.optString(QStringLiteral("driver"));
        spec.count = reader.optInt32(QStringLiteral("count"));
        if (reader.has(QStringLiteral("deviceIds")))
            spec.deviceIds = reader.stringList(QStringLiteral("deviceIds"));
        if (reader.has(QStringLiteral("capabilities"))) {
            const QString capabilitiesPath = reader.childPath(QStringLiteral("capabilities"));
            const QJsonArray outer = reader.arrayAt(QStringLiteral("capabilities"));
            QList<QStringList> capabilities;
            for (qsizetype i = 0; i < outer.size() && reader.ok(); ++i) {
                QJsonObject wrapper {{QStringLiteral("v"), outer.at(i)}};
                ParseError itemError;
                JsonReader item(wrapper, &itemError, QString());
                const QStringList values = item.stringList(QStringLiteral("v"));
                if (!item.ok()) {
                    reader.fail(JsonReader::indexPath(capabilitiesPath, i) + itemError.field.mid(1),
                                itemError.message);
                    break;
                }
                capabilities.append(values);
            }
            spec.capabilities = capabilities;
        }
        if (reader.has(QStringLiteral("options")))
            spec.options = reader.stringMap(QStringLiteral("options"));
    }
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject DeviceSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    if (type == DeviceType::Direct) {
        json.insert(QStringLiteral("pathOnHost"), pathOnHost);
        if (pathInContainer)
            json.insert(QStringLiteral("pathInContainer"), *pathInContainer);
        if (permissions)
            json.insert(QStringLiteral("permissions"), enumToString(*permissions));
    } else {
        if (driver)
            json.insert(QStringLiteral("driver"), *driver);
        if (count)
            json.insert(QStringLiteral("count"), *count);
        if (deviceIds)
            json.insert(QStringLiteral("deviceIds"), json::toArray(*deviceIds));
        if (capabilities) {
            QJsonArray outer;
            for (const QStringList &inner : *capabilities)
                outer.append(json::toArray(inner));
            json.insert(QStringLiteral("capabilities"), outer);
        }
        if (options)
            json.insert(QStringLiteral("options"), json::toObject(*options));
    }
    return json;
}

bool DeviceSpec::operator==(const DeviceSpec &other) const
{
    if (type != other.type)
        return false;
    if (type == DeviceType::Direct)
        return pathOnHost == other.pathOnHost && pathInContainer == other.pathInContainer
            && permissions == other.permissions;
    return driver == other.driver && count == other.count && deviceIds == other.deviceIds
        && capabilities == other.capabilities && options == other.options;
}

} // namespace drove::protocol
