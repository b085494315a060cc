#include "protocol/checkmodespec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

CheckModeSpec CheckModeSpec::http(const QString &portName, const QString &path, HttpVerb verb,
                                  QList<int> successCodes)
{
    CheckModeSpec spec;
    spec.type = CheckModeType::Http;
    spec.protocol = Protocol::Http;
    spec.portName = portName;
    spec.path = path;
    spec.verb = verb;
    spec.successCodes = std::move(successCodes);
    return spec;
}

CheckModeSpec CheckModeSpec::cmd(const QString &command)
{
    CheckModeSpec spec;
    spec.type = CheckModeType::Cmd;
    spec.command = command;
    return spec;
}

std::optional<CheckModeSpec> CheckModeSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                     const QString &path)
{
    JsonReader reader(json, error, path);
    CheckModeSpec spec;
    if (const auto type = reader.discriminator<CheckModeType>())
        spec.type = *type;
    if (spec.type == CheckModeType::Http) {
        spec.protocol = reader.optEnum<Protocol>(QStringLiteral("protocol"));
        spec.portName = reader.string(QStringLiteral("portName"));
        spec.path = reader.string(QStringLiteral("path"));
        spec.verb = reader.optEnum<HttpVerb>(QStringLiteral("verb"));
        spec.successCodes = reader.intList(QStringLiteral("successCodes"));
        spec.payload = reader.optString(QStringLiteral("payload"));
        spec.connectionTimeout = reader.optDuration(QStringLiteral("connectionTimeout"));
        spec.insecure = reader.boolean(QStringLiteral("insecure"));
    } else {
        spec.command = reader.string(QStringLiteral("command"));
        spec.shellDisabled = reader.boolean(QStringLiteral("shellDisabled"));
    }
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject CheckModeSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    if (type == CheckModeType::Http) {
        if (protocol)
            json.insert(QStringLiteral("protocol"), enumToString(*protocol));
        json.insert(QStringLiteral("portName"), portName);
        json.insert(QStringLiteral("path"), path);
        if (verb)
            json.insert(QStringLiteral("verb"), enumToString(*verb));
        json.insert(QStringLiteral("successCodes"), json::toArray(successCodes));
        if (payload)
            json.insert(QStringLiteral("payload"), *payload);
        if (connectionTimeout)
            json.insert(QStringLiteral("connectionTimeout"), connectionTimeout->toJson());
        json.insert(QStringLiteral("insecure"), insecure);
    } else {
        json.insert(QStringLiteral("command"), command);
        json.insert(QStringLiteral("shellDisabled"), shellDisabled);
    }
    return json;
}

bool CheckModeSpec::operator==(const CheckModeSpec &other) const
{
    if (type != other.type)
        return false;
    if (type == CheckModeType::Http)
        return protocol == other.protocol && portName == other.portName && path == other.path
            && verb == other.verb && successCodes == other.successCodes && payload == other.payload
            && connectionTimeout == other.connectionTimeout && insecure == other.insecure;
    return command == other.command && shellDisabled == other.shellDisabled;
}

} // namespace drove::protocol
