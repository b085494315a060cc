#pragma once

#include <QByteArray>
#include <QMetaObject>
#include <QObject>

#include <functional>

class QTcpSocket;

namespace drove::controller::http {

/// Size limits enforced before QHttpServer buffers a request.
struct ConnectionLimits
{
    qint64 maxBodyBytes = 4 * 1024 * 1024; ///< larger bodies get 413
    qint64 maxHeaderBytes = 64 * 1024;     ///< request line + headers; larger gets 431
};

/// Watches one client connection in front of QHttpServer's own parser.
///
/// QHttpServer 6.4 buffers every request body in full and, on a parse error, silently detaches
/// from the socket, leaving the client waiting forever. This guard is connected to `readyRead`
/// before the server, so it sees each chunk first: it rejects bodies over the limit (from
/// Content-Length as soon as the headers arrive, or by counting for chunked bodies), oversized
/// headers and bytes that cannot be an HTTP request, answers `Expect: 100-continue`, and notices
/// when the server's parser gave up. Rejections get an enveloped JSON error and the connection is
/// drained and closed, so the client reads the answer instead of a reset.
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    /// Called on every rejection with (status, method, path) for the request log.
    using RejectCallback = std::function<void(int, const QByteArray &, const QByteArray &)>;

    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits, RejectCallback onReject);

    /// The server finished a request on this connection; the next bytes start a new one.
    void requestHandled();
    /// The request being handled came as HTTP/1.0 (close after answering unless keep-alive).
    bool isHttp10() const { return m_http10; }

private:
    void onReadyRead();
    void checkParser();
    void inspectHead(const QByteArray &chunk);
    void reject(int status, const QString &message);

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    RejectCallback m_onReject;
    qint64 m_requestBytes = 0;
    qint64 m_headerSize = -1; ///< bytes up to the blank line, once seen
    qint64 m_drained = 0;
    QByteArray m_head;
    QByteArray m_method;
    QByteArray m_target;
    bool m_http10 = false;
    bool m_rejected = false;
    bool m_checkQueued = false;
    QMetaObject::Connection m_sentinel;
};

} // namespace drove::controller::http
