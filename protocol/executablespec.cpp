#include "protocol/executablespec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<ExecutableSpec> ExecutableSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                       const QString &path)
{
    JsonReader reader(json, error, path);
    ExecutableSpec spec;
    // DOCKER is the default implementation, so the discriminator may be omitted.
    if (reader.ok() && reader.has(QStringLiteral("type"))) {
        if (const auto type = reader.discriminator<ExecutableType>())
            spec.type = *type;
    }
    spec.url = reader.string(QStringLiteral("url"));
    spec.dockerPullTimeout = reader.optDuration(QStringLiteral("dockerPullTimeout"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject ExecutableSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    json.insert(QStringLiteral("url"), url);
    if (dockerPullTimeout)
        json.insert(QStringLiteral("dockerPullTimeout"), dockerPullTimeout->toJson());
    return json;
}

bool ExecutableSpec::operator==(const ExecutableSpec &other) const
{
    return type == other.type && url == other.url && dockerPullTimeout == other.dockerPullTimeout;
}

} // namespace drove::protocol
