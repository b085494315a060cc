#include "controller/http/httpreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace drove::controller::http {

namespace {

const QByteArray kJsonType = QByteArrayLiteral("application/json");

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

HttpReply HttpReply::success(const QJsonValue &data)
{
    QJsonObject envelope {{QStringLiteral("status"), QStringLiteral("SUCCESS")},
                          {QStringLiteral("message"), QStringLiteral("success")}};
    // Drove serialises with NON_NULL: a null/absent data is omitted, never written as null.
    if (!data.isUndefined() && !data.isNull())
        envelope.insert(QStringLiteral("data"), data);
    HttpReply reply;
    reply.contentType = kJsonType;
    reply.body = compact(envelope);
    return reply;
}

HttpReply HttpReply::successFromPrefixed(QByteArray &&prefixedData)
{
    HttpReply reply;
    reply.contentType = kJsonType;
    reply.body = std::move(prefixedData);
    reply.body.append(",\"message\":\"success\",\"status\":\"SUCCESS\"}");
    return reply;
}

HttpReply HttpReply::successJson(const QByteArray &data)
{
    // Keys in QJsonDocument's order, as success() writes them.
    HttpReply reply;
    reply.contentType = kJsonType;
    reply.body.reserve(data.size() + 48);
    reply.body.append("{\"data\":");
    reply.body.append(data);
    reply.body.append(",\"message\":\"success\",\"status\":\"SUCCESS\"}");
    return reply;
}

HttpReply HttpReply::failed(int status, const QString &message)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = kJsonType;
    reply.body = compact({{QStringLiteral("status"), QStringLiteral("FAILED")},
                          {QStringLiteral("message"), message}});
    return reply;
}

HttpReply HttpReply::validationFailed(const QString &message, const QStringList &errors, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = kJsonType;
    const QJsonObject data {
        {QStringLiteral("validationErrors"), QJsonArray::fromStringList(errors)}};
    reply.body = compact({{QStringLiteral("status"), QStringLiteral("FAILED")},
                          {QStringLiteral("data"), data},
                          {QStringLiteral("message"), message}});
    return reply;
}

HttpReply HttpReply::commandValidationFailure(const QStringList &errors)
{
    return validationFailed(QStringLiteral("Command validation failure"), errors);
}

HttpReply HttpReply::jsonValidationFailure(const QStringList &errors)
{
    return validationFailed(QStringLiteral("JSON validation failure"), errors);
}

HttpReply HttpReply::unexpected(const QString &failure)
{
    HttpReply reply;
    reply.status = 500;
    reply.contentType = kJsonType;
    reply.body
        = compact({{QStringLiteral("status"), QStringLiteral("FAILED")},
                   {QStringLiteral("data"), QJsonObject {{QStringLiteral("failure"), failure}}},
                   {QStringLiteral("message"), QStringLiteral("Unexpected Server error")}});
    return reply;
}

HttpReply HttpReply::rawJson(const QJsonValue &document, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = kJsonType;
    if (document.isArray())
        reply.body = QJsonDocument(document.toArray()).toJson(QJsonDocument::Compact);
    else
        reply.body = QJsonDocument(document.toObject()).toJson(QJsonDocument::Compact);
    return reply;
}

HttpReply HttpReply::text(int status, const QByteArray &body)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = QByteArrayLiteral("text/plain");
    reply.body = body;
    return reply;
}

QByteArray HttpReply::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 422:
        return QByteArrayLiteral("Unprocessable Entity");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Status");
    }
}

QByteArray HttpReply::serialize(bool headOnly, bool close) const
{
    QByteArray out;
    out.reserve(160 + headers.size() * 48 + (headOnly ? 0 : body.size()));
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    if (!contentType.isEmpty()) {
        out += "Content-Type: ";
        out += contentType;
        out += "\r\n";
    }
    out += "Content-Length: ";
    out += QByteArray::number(body.size());
    out += "\r\n";
    for (const auto &header : headers) {
        out += header.first;
        out += ": ";
        out += header.second;
        out += "\r\n";
    }
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!headOnly)
        out += body;
    return out;
}

} // namespace drove::controller::http
