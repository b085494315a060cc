#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QStringList>

namespace drove::controller::http {

/// One complete HTTP answer (status, headers, body), built by a route handler or by the server
/// pipeline and written to the socket in a single write. Value type, cheap to move.
struct HttpReply
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; ///< extra headers besides type and length

    /// `{"status":"SUCCESS","data":<data>,"message":"success"}`; an undefined `data` omits the
    /// key (cancel answers that way).
    /// The same envelope around `data` already serialised as compact JSON (hot routes write it
    /// with protocol::JsonWriter instead of building a QJsonObject).
    static HttpReply successJson(const QByteArray &data);
    /// The same envelope built in place, for the largest answers: write the data after
    /// successPrefix(), then successFromPrefixed() appends the rest without copying the data.
    static QByteArray successPrefix() { return QByteArrayLiteral("{\"data\":"); }
    static HttpReply successFromPrefixed(QByteArray &&prefixedData);
    static HttpReply success(const QJsonValue &data = QJsonValue(QJsonValue::Undefined));
    /// `{"status":"FAILED","message":<message>}` with HTTP `status`; never carries `data`.
    static HttpReply failed(int status, const QString &message);
    /// `{"status":"FAILED","data":{"validationErrors":[...]},"message":<message>}`.
    static HttpReply validationFailed(const QString &message, const QStringList &errors,
                                      int status = 400);
    /// 400 "Command validation failure" (bean validation, rejected operation, maintenance).
    static HttpReply commandValidationFailure(const QStringList &errors);
    /// 400 "JSON validation failure" (malformed JSON, unknown type, bad enum or duration).
    static HttpReply jsonValidationFailure(const QStringList &errors);
    /// 500 "Unexpected Server error" with `data.failure`, like Drove's catch-all handler.
    static HttpReply unexpected(const QString &failure);
    /// Any JSON document that is not enveloped (log APIs), HTTP 200.
    static HttpReply rawJson(const QJsonValue &document, int status = 200);
    /// Plain text (401, 403, 404, 405 carry no envelope in Drove).
    static HttpReply text(int status, const QByteArray &body);

    /// The serialised response: status line, Content-Type, Content-Length, extra headers and
    /// (unless `headOnly`) the body. `close` adds `Connection: close`.
    QByteArray serialize(bool headOnly = false, bool close = false) const;

    /// Reason phrase for the status codes this server uses.
    static QByteArray reasonPhrase(int status);
};

} // namespace drove::controller::http
