#include "protocol/preshutdownspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<PreShutdownSpec> PreShutdownSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                         const QString &path)
{
    JsonReader reader(json, error, path);
    PreShutdownSpec spec;
    spec.hooks = reader.list<CheckModeSpec>(QStringLiteral("hooks"));
    spec.waitBeforeKill = reader.optDuration(QStringLiteral("waitBeforeKill"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject PreShutdownSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("hooks"), json::toArray(hooks));
    if (waitBeforeKill)
        json.insert(QStringLiteral("waitBeforeKill"), waitBeforeKill->toJson());
    return json;
}

bool PreShutdownSpec::operator==(const PreShutdownSpec &other) const
{
    return hooks == other.hooks && waitBeforeKill == other.waitBeforeKill;
}

} // namespace drove::protocol
