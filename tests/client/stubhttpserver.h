#pragma once

// A tiny deterministic HTTP/1.1 server on 127.0.0.1:0 for client tests: canned answers per
// path, answers that never come (timeouts), dropped connections, and a stop() that makes the
// port refuse connections, all through the real QNetworkAccessManager stack.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;

struct StubRequest
{
    QByteArray method;
    QString path;                         ///< decoded path, without query
    QString query;                        ///< encoded query string
    QMap<QByteArray, QByteArray> headers; ///< lower-case names
    QByteArray body;
};

struct StubResponse
{
    enum class Action { Respond, Hang, Close };
    Action action = Action::Respond;
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;

    static StubResponse json(int status, const QByteArray &body);
    /// `{"status":"SUCCESS","data":<data>,"message":"success"}`
    static StubResponse success(const QByteArray &dataJson);
    static StubResponse failed(int status, const QString &message,
                               const QStringList &validationErrors = {});
    static StubResponse notLeader();
    static StubResponse hang();
    static StubResponse close();
    static StubResponse text(int status, const QByteArray &body,
                             const QByteArray &type = "text/plain");
};

class StubHttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<StubResponse(const StubRequest &)>;

    explicit StubHttpServer(QObject *parent = nullptr);
    ~StubHttpServer() override;

    /// Serve HTTPS with this certificate and key (PEM files); call before start().
    bool enableTls(const QString &certificateFile, const QString &keyFile);
    /// Listens on 127.0.0.1 (port 0 = any free port; a fixed port to restart a stopped one).
    bool start(quint16 port = 0);
    /// Stops listening and drops every connection: later requests are refused.
    void stop();
    quint16 port() const { return m_port; }
    QUrl url() const;

    /// The answer for every request to `path` (exact decoded path, any method).
    void setResponse(const QString &path, const StubResponse &response);
    /// One-shot answers for `path`, used before the setResponse() one.
    void enqueue(const QString &path, const StubResponse &response);
    /// Fallback for paths without an answer (default: 404 text).
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    const QList<StubRequest> &requests() const { return m_requests; }
    int count(const QString &path) const;
    void clearRequests() { m_requests.clear(); }

signals:
    void requestReceived(const StubRequest &request);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const StubRequest &request);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    quint16 m_port = 0;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QPointer<QTcpSocket>> m_sockets;
    QHash<QString, StubResponse> m_responses;
    QHash<QString, QQueue<StubResponse>> m_queued;
    Handler m_handler;
    QList<StubRequest> m_requests;
};
