#include "protocol/blacklistoperationresponse.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<BlacklistOperationResponse>
BlacklistOperationResponse::fromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    BlacklistOperationResponse response;
    response.successful = reader.stringList(QStringLiteral("successful"));
    response.failed = reader.stringList(QStringLiteral("failed"));
    response.approxCompletionTimeMs = reader.int64(QStringLiteral("approxCompletionTimeMs"));
    response.message = reader.optString(QStringLiteral("message"));
    if (!reader.ok())
        return std::nullopt;
    return response;
}

QJsonObject BlacklistOperationResponse::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("successful"), json::toArray(successful));
    json.insert(QStringLiteral("failed"), json::toArray(failed));
    json.insert(QStringLiteral("approxCompletionTimeMs"), QJsonValue(approxCompletionTimeMs));
    if (message)
        json.insert(QStringLiteral("message"), *message);
    return json;
}

bool BlacklistOperationResponse::operator==(const BlacklistOperationResponse &other) const
{
    return successful == other.successful && failed == other.failed
        && approxCompletionTimeMs == other.approxCompletionTimeMs && message == other.message;
}

} // namespace drove::protocol
