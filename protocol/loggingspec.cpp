#include "protocol/loggingspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

LoggingSpec LoggingSpec::defaults()
{
    LoggingSpec spec;
    spec.type = LoggingType::Local;
    spec.maxSize = QStringLiteral("10m");
    spec.maxFiles = 3;
    spec.compress = true;
    return spec;
}

std::optional<LoggingSpec> LoggingSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                 const QString &path)
{
    JsonReader reader(json, error, path);
    LoggingSpec spec;
    if (const auto type = reader.discriminator<LoggingType>())
        spec.type = *type;
    if (spec.type == LoggingType::Local) {
        spec.maxSize = reader.string(QStringLiteral("maxSize"));
        spec.maxFiles = reader.int32(QStringLiteral("maxFiles"));
        spec.compress = reader.boolean(QStringLiteral("compress"));
    } else {
        spec.server = reader.string(QStringLiteral("server"));
        spec.tagPrefix = reader.optString(QStringLiteral("tagPrefix"));
        spec.tagSuffix = reader.optString(QStringLiteral("tagSuffix"));
    }
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject LoggingSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    if (type == LoggingType::Local) {
        json.insert(QStringLiteral("maxSize"), maxSize);
        json.insert(QStringLiteral("maxFiles"), maxFiles);
        json.insert(QStringLiteral("compress"), compress);
    } else {
        json.insert(QStringLiteral("server"), server);
        if (tagPrefix)
            json.insert(QStringLiteral("tagPrefix"), *tagPrefix);
        if (tagSuffix)
            json.insert(QStringLiteral("tagSuffix"), *tagSuffix);
    }
    return json;
}

bool LoggingSpec::operator==(const LoggingSpec &other) const
{
    if (type != other.type)
        return false;
    if (type == LoggingType::Local)
        return maxSize == other.maxSize && maxFiles == other.maxFiles && compress == other.compress;
    return server == other.server && tagPrefix == other.tagPrefix && tagSuffix == other.tagSuffix;
}

} // namespace drove::protocol
