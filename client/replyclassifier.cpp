#include "client/replyclassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace drove::client {

namespace {

ApiError::Kind networkKind(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        // DroveClient only aborts through cancel() (flagged separately) or the transfer
        // timeout, so an unflagged cancel is the timeout.
        return ApiError::Kind::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::Kind::Tls;
    default:
        return ApiError::Kind::CannotConnect;
    }
}

QString bodySnippet(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(300)).simplified();
    if (body.size() > 300)
        text += QStringLiteral("…");
    return text;
}

std::optional<QJsonObject> envelopeOf(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    QJsonObject object = document.object();
    if (!object.value(QLatin1String("status")).isString())
        return std::nullopt;
    return object;
}

} // namespace

RawReply RawReply::fromReply(QNetworkReply *reply, bool cancelledByClient)
{
    RawReply raw;
    raw.networkError = reply->error();
    raw.errorString = reply->errorString();
    raw.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    raw.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    raw.url = reply->request().url();
    raw.cancelled = cancelledByClient;
    raw.timedOut = !cancelledByClient
        && (raw.networkError == QNetworkReply::OperationCanceledError
            || raw.networkError == QNetworkReply::TimeoutError);
    if (reply->isOpen())
        raw.body = reply->readAll();
    return raw;
}

ApiError ReplyClassifier::failureFromEnvelope(const QJsonObject &envelope, int httpStatus)
{
    ApiError error;
    error.httpStatus = httpStatus;
    error.message = envelope.value(QLatin1String("message")).toString();
    error.kind = error.message == QLatin1String(kNotLeaderMessage) ? ApiError::Kind::NotLeader
                                                                   : ApiError::Kind::DroveFailure;
    const QJsonObject data = envelope.value(QLatin1String("data")).toObject();
    const QJsonArray validation = data.value(QLatin1String("validationErrors")).toArray();
    for (const QJsonValue &item : validation) {
        if (item.isString())
            error.validationErrors.append(item.toString());
    }
    const QJsonValue failure = data.value(QLatin1String("failure"));
    if (failure.isString())
        error.detail = failure.toString();
    const QString status = envelope.value(QLatin1String("status")).toString();
    if (error.message.isEmpty() && error.detail.isEmpty() && error.validationErrors.isEmpty())
        error.detail = QStringLiteral("status %1").arg(status); // nothing else to show
    return error;
}

std::optional<ApiError> ReplyClassifier::transportError(const RawReply &reply)
{
    if (reply.cancelled) {
        ApiError error = ApiError::make(ApiError::Kind::Cancelled);
        error.url = reply.url;
        return error;
    }
    if (reply.timedOut) {
        ApiError error = ApiError::make(ApiError::Kind::Timeout);
        error.detail = reply.errorString;
        error.url = reply.url;
        return error;
    }
    if (reply.httpStatus == 0) {
        ApiError error;
        error.kind = reply.networkError == QNetworkReply::NoError ? ApiError::Kind::CannotConnect
                                                                  : networkKind(reply.networkError);
        error.detail = reply.networkError == QNetworkReply::ContentReSendError
            ? QStringLiteral("the connection closed before the controller answered; the request "
                             "was not sent again, and may or may not have been applied")
            : reply.errorString;
        error.url = reply.url;
        return error;
    }
    if (reply.httpStatus >= 200 && reply.httpStatus < 300)
        return std::nullopt;

    ApiError error;
    error.httpStatus = reply.httpStatus;
    error.url = reply.url;
    if (reply.httpStatus == 401) {
        error.kind = ApiError::Kind::Unauthorized;
        error.message = bodySnippet(reply.body);
        return error;
    }
    if (reply.httpStatus == 403) {
        error.kind = ApiError::Kind::Forbidden;
        error.message = bodySnippet(reply.body);
        return error;
    }
    if (const auto envelope = envelopeOf(reply.body)) {
        error = failureFromEnvelope(*envelope, reply.httpStatus);
        error.url = reply.url;
        if (envelope->value(QLatin1String("status")).toString() == QLatin1String("SUCCESS")) {
            // A success envelope on an error status: not a Drove answer we understand.
            error.kind = ApiError::Kind::HttpStatus;
        }
        return error;
    }
    error.kind = ApiError::Kind::HttpStatus;
    // Only short plain-text bodies are worth showing; HTML error pages are noise.
    if (!reply.contentType.contains("html") && reply.body.size() <= 300)
        error.message = bodySnippet(reply.body);
    else
        error.detail = bodySnippet(reply.body);
    return error;
}

Result<QJsonValue> ReplyClassifier::decode(const RawReply &reply, ApiRequest::Payload payload)
{
    if (auto error = transportError(reply))
        return *error;

    const auto decodeError = [&reply](const QString &why) {
        ApiError error = ApiError::make(ApiError::Kind::Decode, {}, reply.httpStatus);
        error.detail = why;
        error.url = reply.url;
        return error;
    };

    if (payload == ApiRequest::Payload::Raw)
        return QJsonValue(QString::fromUtf8(reply.body));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return decodeError(reply.body.isEmpty() ? QStringLiteral("empty body")
                                                : QStringLiteral("invalid JSON at offset %1: %2")
                                                      .arg(parseError.offset)
                                                      .arg(parseError.errorString()));
    }
    if (payload == ApiRequest::Payload::BareJson) {
        if (document.isObject())
            return QJsonValue(document.object());
        return QJsonValue(document.array());
    }
    // A 200 that is not a Drove envelope (a gateway's page, another service): say what came.
    if (!document.isObject())
        return decodeError(
            QStringLiteral("not a Drove response envelope: %1").arg(bodySnippet(reply.body)));
    const QJsonObject envelope = document.object();
    const QString status = envelope.value(QLatin1String("status")).toString();
    if (status.compare(QLatin1String("SUCCESS"), Qt::CaseInsensitive) == 0)
        return envelope.value(QLatin1String("data"));
    if (status.isEmpty()) {
        return decodeError(QStringLiteral("not a Drove response envelope (no status): %1")
                               .arg(bodySnippet(reply.body)));
    }
    // FAILED, and whatever other Drove versions or gateways say (FAILURE, ERROR, …): a
    // refusal, in the controller's own words when it gave any.
    ApiError error = failureFromEnvelope(envelope, reply.httpStatus);
    error.url = reply.url;
    return error;
}

} // namespace drove::client
