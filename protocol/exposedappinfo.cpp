#include "protocol/exposedappinfo.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

namespace {

struct HostCodec
{
    ExposedAppInfo::Host host;

    static std::optional<HostCodec> fromJson(const QJsonValue &json, ParseError *error,
                                             const QString &path)
    {
        JsonReader reader(json, error, path);
        HostCodec codec;
        codec.host.host = reader.string(QStringLiteral("host"));
        codec.host.port = reader.int32(QStringLiteral("port"));
        codec.host.portType = reader.optEnum<PortType>(QStringLiteral("portType"));
        if (!reader.ok())
            return std::nullopt;
        return codec;
    }

    QJsonObject toJson() const
    {
        QJsonObject json;
        json.insert(QStringLiteral("host"), host.host);
        json.insert(QStringLiteral("port"), host.port);
        if (host.portType)
            json.insert(QStringLiteral("portType"), enumToString(*host.portType));
        return json;
    }
};

} // namespace

bool ExposedAppInfo::Host::operator==(const Host &other) const
{
    return host == other.host && port == other.port && portType == other.portType;
}

std::optional<ExposedAppInfo> ExposedAppInfo::fromJson(const QJsonValue &json, ParseError *error,
                                                       const QString &path)
{
    JsonReader reader(json, error, path);
    ExposedAppInfo info;
    info.appName = reader.optString(QStringLiteral("appName"));
    info.appId = reader.string(QStringLiteral("appId"));
    info.vhost = reader.string(QStringLiteral("vhost"));
    info.tags = reader.stringMap(QStringLiteral("tags"));
    for (const HostCodec &codec : reader.list<HostCodec>(QStringLiteral("hosts")))
        info.hosts.append(codec.host);
    if (!reader.ok())
        return std::nullopt;
    return info;
}

QJsonObject ExposedAppInfo::toJson() const
{
    QJsonObject json;
    if (appName)
        json.insert(QStringLiteral("appName"), *appName);
    json.insert(QStringLiteral("appId"), appId);
    json.insert(QStringLiteral("vhost"), vhost);
    json.insert(QStringLiteral("tags"), json::toObject(tags));
    QJsonArray hostsJson;
    for (const Host &host : hosts)
        hostsJson.append(HostCodec {host}.toJson());
    json.insert(QStringLiteral("hosts"), hostsJson);
    return json;
}

bool ExposedAppInfo::operator==(const ExposedAppInfo &other) const
{
    return appName == other.appName && appId == other.appId && vhost == other.vhost
        && tags == other.tags && hosts == other.hosts;
}

std::optional<QList<ExposedAppInfo>>
ExposedAppInfo::listFromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    return decodeList<ExposedAppInfo>(json, error, path);
}

QJsonArray ExposedAppInfo::listToJson(const QList<ExposedAppInfo> &apps)
{
    return json::toArray(apps);
}

} // namespace drove::protocol
