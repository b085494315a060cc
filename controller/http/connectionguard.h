#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>

class QTcpSocket;

namespace drove::controller::http {

/// Size limits enforced before QHttpServer buffers a request.
struct ConnectionLimits
{
    qint64 maxBodyBytes = 4 * 1024 * 1024; ///< larger bodies get 413
    qint64 maxHeaderBytes = 64 * 1024;     ///< request line + headers; larger gets 431
    /// A request begun but not complete after this long gets 408 and the connection closes
    /// (slow or truncated clients, and bytes QHttpServer's parser silently stopped reading).
    qint64 incompleteRequestTimeoutMs = 30000;
};

/// Watches one client connection in front of QHttpServer's own parser.
///
/// QHttpServer 6.4 buffers every request body in full, and bytes its parser cannot use leave the
/// client waiting forever. This guard is connected to `readyRead` before the server, so it sees
/// each chunk first: it rejects bodies over the limit (from Content-Length as soon as the headers
/// arrive, or by counting for chunked bodies), oversized headers and request lines that are not
/// HTTP/1.x (binary noise, TLS to a plain port, bad methods, targets or versions), and answers
/// `Expect: 100-continue`. Rejections get an enveloped JSON error and the connection is
/// drained and closed, so the client reads the answer instead of a reset. A request that stays
/// incomplete (slow client, or bytes QHttpServer's parser stopped reading without a word) is
/// answered 408 by the periodic sweep of GuardedTcpServer.
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
    /// Answers 408 if a request has been incomplete for longer than the limit at \a nowMs
    /// (a monotonic millisecond clock).
    void checkStalled(qint64 nowMs);
    static qint64 monotonicMs();

private:
    void onReadyRead();
    void inspectHead(const QByteArray &chunk);
    void reject(int status, const QString &message);

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    RejectCallback m_onReject;
    qint64 m_requestBytes = 0;
    qint64 m_headerSize = -1; ///< bytes up to the blank line, once seen
    qint64 m_drained = 0;
    qint64 m_requestStartedMs = 0;
    QByteArray m_head;
    QByteArray m_method;
    QByteArray m_target;
    bool m_http10 = false;
    bool m_rejected = false;
};

} // namespace drove::controller::http
