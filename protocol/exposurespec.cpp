#include "protocol/exposurespec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<ExposureSpec> ExposureSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                   const QString &path)
{
    JsonReader reader(json, error, path);
    ExposureSpec spec;
    spec.vhost = reader.string(QStringLiteral("vhost"));
    spec.portName = reader.string(QStringLiteral("portName"));
    spec.mode = reader.optEnum<ExposureMode>(QStringLiteral("mode"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject ExposureSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("vhost"), vhost);
    json.insert(QStringLiteral("portName"), portName);
    if (mode)
        json.insert(QStringLiteral("mode"), enumToString(*mode));
    return json;
}

bool ExposureSpec::operator==(const ExposureSpec &other) const
{
    return vhost == other.vhost && portName == other.portName && mode == other.mode;
}

} // namespace drove::protocol
