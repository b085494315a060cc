#include "protocol/appidresponse.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<AppIdResponse> AppIdResponse::fromJson(const QJsonValue &json, ParseError *error,
                                                     const QString &path)
{
    JsonReader reader(json, error, path);
    AppIdResponse response;
    response.appId = reader.string(QStringLiteral("appId"));
    if (!reader.ok())
        return std::nullopt;
    return response;
}

QJsonObject AppIdResponse::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("appId"), appId);
    return json;
}

} // namespace drove::protocol
