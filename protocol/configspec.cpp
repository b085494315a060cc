#include "protocol/configspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

ConfigSpec ConfigSpec::inlineData(const QString &localFilename, const QByteArray &bytes)
{
    ConfigSpec spec;
    spec.type = ConfigType::Inline;
    spec.localFilename = localFilename;
    spec.data = bytes;
    return spec;
}

ConfigSpec ConfigSpec::masked() const
{
    ConfigSpec copy = *this;
    if (copy.type == ConfigType::Inline)
        copy.data.clear();
    if (copy.http)
        copy.http = copy.http->masked();
    return copy;
}

std::optional<ConfigSpec> ConfigSpec::fromJson(const QJsonValue &json, ParseError *error,
                                               const QString &path)
{
    JsonReader reader(json, error, path);
    ConfigSpec spec;
    if (const auto type = reader.discriminator<ConfigType>())
        spec.type = *type;
    spec.localFilename = reader.string(QStringLiteral("localFilename"));
    switch (spec.type) {
    case ConfigType::Inline:
        if (const auto text = reader.optString(QStringLiteral("data"))) {
            auto decoded = QByteArray::fromBase64Encoding(text->toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
            bool asciiOnly = true;
            for (QChar c : *text)
                asciiOnly = asciiOnly && c.unicode() < 128;
            if (!decoded || !asciiOnly)
                reader.fail(reader.childPath(QStringLiteral("data")),
                            QStringLiteral("Cannot decode base64 data"));
            else
                spec.data = *decoded;
        }
        break;
    case ConfigType::ExecutorLocalFile:
        spec.filePathOnHost = reader.string(QStringLiteral("filePathOnHost"));
        break;
    case ConfigType::ControllerHttpFetch:
    case ConfigType::ExecutorHttpFetch:
        spec.http = reader.optObject<HttpCallSpec>(QStringLiteral("http"));
        break;
    }
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject ConfigSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    json.insert(QStringLiteral("localFilename"), localFilename);
    switch (type) {
    case ConfigType::Inline:
        json.insert(QStringLiteral("data"), QString::fromLatin1(data.toBase64()));
        break;
    case ConfigType::ExecutorLocalFile:
        json.insert(QStringLiteral("filePathOnHost"), filePathOnHost);
        break;
    case ConfigType::ControllerHttpFetch:
    case ConfigType::ExecutorHttpFetch:
        if (http)
            json.insert(QStringLiteral("http"), http->toJson());
        break;
    }
    return json;
}

bool ConfigSpec::operator==(const ConfigSpec &other) const
{
    return type == other.type && localFilename == other.localFilename && data == other.data
        && filePathOnHost == other.filePathOnHost && http == other.http;
}

} // namespace drove::protocol
