#include "protocol/httpcallspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

namespace {
const QString Masked = QStringLiteral("***");
} // namespace

HttpCallSpec HttpCallSpec::masked() const
{
    HttpCallSpec copy = *this;
    if (copy.username)
        copy.username = Masked;
    if (copy.password)
        copy.password = Masked;
    if (copy.authHeader)
        copy.authHeader = Masked;
    return copy;
}

std::optional<HttpCallSpec> HttpCallSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                   const QString &path)
{
    JsonReader reader(json, error, path);
    HttpCallSpec spec;
    spec.protocol = reader.optEnum<Protocol>(QStringLiteral("protocol"));
    spec.hostname = reader.string(QStringLiteral("hostname"));
    spec.port = reader.int32(QStringLiteral("port"));
    spec.path = reader.optString(QStringLiteral("path"));
    spec.verb = reader.optEnum<HttpVerb>(QStringLiteral("verb"));
    if (reader.has(QStringLiteral("successCodes")))
        spec.successCodes = reader.intList(QStringLiteral("successCodes"));
    spec.payload = reader.optString(QStringLiteral("payload"));
    spec.connectionTimeout = reader.optDuration(QStringLiteral("connectionTimeout"));
    spec.operationTimeout = reader.optDuration(QStringLiteral("operationTimeout"));
    spec.username = reader.optString(QStringLiteral("username"));
    spec.password = reader.optString(QStringLiteral("password"));
    spec.authHeader = reader.optString(QStringLiteral("authHeader"));
    if (reader.has(QStringLiteral("headers")))
        spec.headers = reader.stringMap(QStringLiteral("headers"));
    spec.insecure = reader.boolean(QStringLiteral("insecure"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject HttpCallSpec::toJson() const
{
    QJsonObject json;
    if (protocol)
        json.insert(QStringLiteral("protocol"), enumToString(*protocol));
    json.insert(QStringLiteral("hostname"), hostname);
    json.insert(QStringLiteral("port"), port);
    if (path)
        json.insert(QStringLiteral("path"), *path);
    if (verb)
        json.insert(QStringLiteral("verb"), enumToString(*verb));
    if (successCodes)
        json.insert(QStringLiteral("successCodes"), json::toArray(*successCodes));
    if (payload)
        json.insert(QStringLiteral("payload"), *payload);
    if (connectionTimeout)
        json.insert(QStringLiteral("connectionTimeout"), connectionTimeout->toJson());
    if (operationTimeout)
        json.insert(QStringLiteral("operationTimeout"), operationTimeout->toJson());
    if (username)
        json.insert(QStringLiteral("username"), *username);
    if (password)
        json.insert(QStringLiteral("password"), *password);
    if (authHeader)
        json.insert(QStringLiteral("authHeader"), *authHeader);
    if (headers)
        json.insert(QStringLiteral("headers"), json::toObject(*headers));
    json.insert(QStringLiteral("insecure"), insecure);
    return json;
}

bool HttpCallSpec::operator==(const HttpCallSpec &other) const
{
    return protocol == other.protocol && hostname == other.hostname && port == other.port
        && path == other.path && verb == other.verb && successCodes == other.successCodes
        && payload == other.payload && connectionTimeout == other.connectionTimeout
        && operationTimeout == other.operationTimeout && username == other.username
        && password == other.password && authHeader == other.authHeader && headers == other.headers
        && insecure == other.insecure;
}

} // namespace drove::protocol
