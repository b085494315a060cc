#include "protocol/userspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<UserSpec> UserSpec::fromJson(const QJsonValue &json, ParseError *error,
                                           const QString &path)
{
    JsonReader reader(json, error, path);
    UserSpec spec;
    spec.user = reader.string(QStringLiteral("user"));
    spec.group = reader.optString(QStringLiteral("group"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject UserSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("user"), user);
    if (group)
        json.insert(QStringLiteral("group"), *group);
    return json;
}

bool UserSpec::operator==(const UserSpec &other) const
{
    return user == other.user && group == other.group;
}

} // namespace drove::protocol
