#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QString>

/// A blocking HTTP client for server tests: each call spins the event loop until the answer
/// (or a timeout) arrives, so the server under test, which runs on the same thread, serves it.
class HttpTestClient
{
public:
    struct Response
    {
        int status = 0; ///< 0 = no HTTP answer (network error or timeout)
        QByteArray body;
        QHash<QByteArray, QByteArray> headers; ///< lower-case names
        QString error;

        QJsonDocument json() const { return QJsonDocument::fromJson(body); }
        QJsonObject object() const { return json().object(); }
        QJsonValue data() const { return object().value(QStringLiteral("data")); }
        QString message() const { return object().value(QStringLiteral("message")).toString(); }
        QString envelopeStatus() const
        {
            return object().value(QStringLiteral("status")).toString();
        }
    };

    explicit HttpTestClient(quint16 port, const QString &scheme = QStringLiteral("http"));

    /// Basic credentials for the following calls (empty name: none).
    void setCredentials(const QString &name, const QString &password);

    Response get(const QString &pathAndQuery);
    Response post(const QString &pathAndQuery, const QByteArray &body,
                  const QByteArray &contentType = QByteArrayLiteral("application/json"));
    /// POST with no body and no Content-Type, like the CLI's cancel.
    Response postEmpty(const QString &pathAndQuery);
    Response send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body,
                  const QList<QPair<QByteArray, QByteArray>> &headers);

    /// Writes raw bytes on a fresh TCP connection and returns what the server answers before
    /// it closes the connection or `timeoutMs` passes.
    static QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);
    /// Status code of the first HTTP status line in raw bytes, or 0.
    static int statusOf(const QByteArray &raw);

private:
    QNetworkAccessManager m_nam;
    quint16 m_port;
    QString m_scheme;
    QByteArray m_authorization;
};
