#pragma once

#include "controller/http/authenticator.h"
#include "controller/http/connectionguard.h"
#include "controller/http/router.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#ifndef QT_NO_SSL
#include <QSslConfiguration>
#endif

#include <optional>

namespace drove::controller::http {

class GuardedTcpServer;

/// One line of the request log. Every text field is already escaped with escaped().
struct RequestLogEntry
{
    /// \a bytes for a log line: control characters, backslashes and bytes that are not UTF-8
    /// become `\xHH`.
    static QString escaped(const QByteArray &bytes);

    QByteArray method;
    QString path;
    int status = 0;
    double elapsedMs = 0;
    QString user; ///< "-" when the request was not authenticated
    QHostAddress peer;
};

/// The HTTP front of the embedded controller: QAbstractHttpServer with its own dispatcher.
///
/// Every request goes through one pipeline, in Drove's filter order: route match (404 unknown
/// path, 405 known path with another method), authentication (401 with `WWW-Authenticate`),
/// role check (403), leader check (400 "This node is not the leader controller"), then the
/// route handler, which does JSON parsing, validation and the engine call. Using our own
/// dispatcher instead of QHttpServer::route() gives full control of those statuses (QHttpServer
/// 6.4 answers a wrong method with 404 and cannot express auth before routing) and lets one
/// place log every request and catch every exception. Handlers answer synchronously on the
/// server's thread, which is the engine's thread.
class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit ApiServer(QObject *parent = nullptr);
    ~ApiServer() override;

    Router &router() { return m_router; }
    const Router &router() const { return m_router; }

    void setAuthenticator(const Authenticator &authenticator) { m_auth = authenticator; }
    const Authenticator &authenticator() const { return m_auth; }
    /// A follower answers every routed /apis request with 400 after authentication.
    void setLeader(bool leader) { m_leader = leader; }
    bool isLeader() const { return m_leader; }
    /// Applies to listeners started afterwards.
    void setLimits(const ConnectionLimits &limits) { m_limits = limits; }
    const ConnectionLimits &limits() const { return m_limits; }
#ifndef QT_NO_SSL
    /// Serve HTTPS on the next listen(); call before listen.
    void setTlsConfiguration(const QSslConfiguration &configuration)
    {
        m_tls = configuration;
    }
#endif

    /// Starts listening on exactly `address` (never "any" unless asked). Returns the bound port
    /// (useful with port 0), or 0 with *error set.
    quint16 listenOn(const QHostAddress &address, quint16 port, QString *error = nullptr);
    /// Stops accepting new connections (open ones finish their current request).
    void stopListening();

    /// Runs the pipeline for an already-parsed request; used by handleRequest and by tests.
    HttpReply dispatch(HttpMethod method, const QByteArray &encodedPath, const QUrlQuery &query,
                       const QByteArray &authorization, const QByteArray &body,
                       const QByteArray &contentType, QString *user = nullptr) const;
    /// Whether a Content-Type names JSON (parameters such as charset ignored).
    static bool isJsonMediaType(const QByteArray &contentType);

Q_SIGNALS:
    /// Emitted once per answered request (including requests rejected by the connection guard).
    void requestFinished(const drove::controller::http::RequestLogEntry &entry);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Router m_router;
    Authenticator m_auth;
    ConnectionLimits m_limits;
    bool m_leader = true;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> m_tls;
#endif
    QList<QPointer<GuardedTcpServer>> m_listeners;
};

} // namespace drove::controller::http

Q_DECLARE_METATYPE(drove::controller::http::RequestLogEntry)
