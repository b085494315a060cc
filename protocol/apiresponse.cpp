#include "protocol/apiresponse.h"

#include "protocol/jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace drove::protocol {

const QString ApiResponse::SuccessMessage = QStringLiteral("success");
const QString ApiResponse::CommandValidationFailure = QStringLiteral("Command validation failure");
const QString ApiResponse::JsonValidationFailure = QStringLiteral("JSON validation failure");
const QString ApiResponse::UnexpectedServerError = QStringLiteral("Unexpected Server error");
const QString ApiResponse::NotLeaderMessage
    = QStringLiteral("This node is not the leader controller");

namespace {

ApiResponse withValidationErrors(const QStringList &errors, const QString &message)
{
    QJsonObject data;
    data.insert(QStringLiteral("validationErrors"), QJsonArray::fromStringList(errors));
    ApiResponse response;
    response.status = ApiStatus::Failed;
    response.data = QJsonValue(data);
    response.message = message;
    return response;
}

} // namespace

ApiResponse ApiResponse::success(const QJsonValue &data)
{
    ApiResponse response;
    response.status = ApiStatus::Success;
    if (!data.isNull() && !data.isUndefined())
        response.data = data;
    response.message = SuccessMessage;
    return response;
}

ApiResponse ApiResponse::success()
{
    ApiResponse response;
    response.status = ApiStatus::Success;
    response.message = SuccessMessage;
    return response;
}

ApiResponse ApiResponse::failure(const QString &message)
{
    ApiResponse response;
    response.status = ApiStatus::Failed;
    response.message = message;
    return response;
}

ApiResponse ApiResponse::validationFailure(const QStringList &errors)
{
    return withValidationErrors(errors, CommandValidationFailure);
}

ApiResponse ApiResponse::jsonFailure(const QStringList &errors)
{
    return withValidationErrors(errors, JsonValidationFailure);
}

ApiResponse ApiResponse::jsonFailure(const ParseError &error)
{
    return jsonFailure(QStringList {error.toString()});
}

ApiResponse ApiResponse::serverError(const QString &failure)
{
    QJsonObject data;
    data.insert(QStringLiteral("failure"), failure);
    ApiResponse response;
    response.status = ApiStatus::Failed;
    response.data = QJsonValue(data);
    response.message = UnexpectedServerError;
    return response;
}

QStringList ApiResponse::validationErrors() const
{
    QStringList errors;
    if (!data || !data->isObject())
        return errors;
    const QJsonValue list = data->toObject().value(QStringLiteral("validationErrors"));
    const QJsonArray array = list.toArray();
    for (const QJsonValue &item : array) {
        if (item.isString())
            errors.append(item.toString());
    }
    return errors;
}

QString ApiResponse::failureText() const
{
    if (!data || !data->isObject())
        return QString();
    return data->toObject().value(QStringLiteral("failure")).toString();
}

QString ApiResponse::errorSummary() const
{
    const QStringList errors = validationErrors();
    if (!errors.isEmpty())
        return errors.join(QLatin1String("; "));
    const QString failure = failureText();
    if (!failure.isEmpty())
        return message + QLatin1String(": ") + failure;
    return message;
}

std::optional<ApiResponse> ApiResponse::fromJson(const QJsonValue &json, ParseError *error,
                                                 const QString &path)
{
    JsonReader reader(json, error, path);
    if (!reader.ok())
        return std::nullopt;
    ApiResponse response;
    const std::optional<ApiStatus> status = reader.optEnum<ApiStatus>(QStringLiteral("status"));
    if (reader.ok() && !status) {
        reader.fail(reader.childPath(QStringLiteral("status")),
                    QStringLiteral("missing envelope status"));
        return std::nullopt;
    }
    response.message = reader.string(QStringLiteral("message"));
    if (!reader.ok())
        return std::nullopt;
    response.status = *status;
    if (reader.has(QStringLiteral("data")))
        response.data = reader.raw(QStringLiteral("data"));
    return response;
}

std::optional<ApiResponse> ApiResponse::fromBytes(const QByteArray &bytes, ParseError *error)
{
    const std::optional<QJsonDocument> document = parseDocument(bytes, error);
    if (!document)
        return std::nullopt;
    if (!document->isObject()) {
        if (error)
            *error = ParseError {ParseError::Kind::Json, QString(),
                                 QStringLiteral("expected an object, got an array")};
        return std::nullopt;
    }
    return fromJson(document->object(), error);
}

QJsonObject ApiResponse::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("status"), enumToString(status));
    if (data && !data->isNull() && !data->isUndefined())
        json.insert(QStringLiteral("data"), *data);
    json.insert(QStringLiteral("message"), message);
    return json;
}

QByteArray ApiResponse::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

bool ApiResponse::operator==(const ApiResponse &other) const
{
    return status == other.status && data == other.data && message == other.message;
}

} // namespace drove::protocol
