#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>

class QTcpSocket;

namespace drove::controller::http {

/// Size and time limits enforced before QHttpServer buffers a request.
struct ConnectionLimits
{
    qint64 maxBodyBytes = 4 * 1024 * 1024; ///< larger bodies get 413
    /// Request line + headers, counted across reads; larger gets 431.
    qint64 maxHeaderBytes = 64 * 1024;
    /// A request begun but not complete after this long gets 408 and the connection closes
    /// (slow or truncated clients, and bytes QHttpServer's parser silently stopped reading).
    qint64 incompleteRequestTimeoutMs = 30000;
    /// A keep-alive connection with no request in progress is closed after this long.
    qint64 idleTimeoutMs = 30000;
    /// A connection that has not sent a single byte is closed after this long.
    qint64 firstByteTimeoutMs = 10000;
    /// Open connections at most; beyond it a new connection gets 503 and is closed.
    /// 0 = half the process's descriptor limit (RLIMIT_NOFILE, read when listening starts),
    /// at most 10000.
    int maxConnections = 0;
};

/// Header fields QHttpServer 6.4 accepts in one request (QHttpHeaderParser's limit).
constexpr int kMaxHeaderFields = 100;
/// Bytes of one header line ("Name: value"). QHttpServer 6.4 itself takes longer lines; this is
/// the limit of later Qt versions (QHttpHeaderParser) and of Apache's LimitRequestFieldSize.
constexpr qsizetype kMaxHeaderFieldBytes = 8 * 1024;

/// The request framing, checked on raw bytes exactly as QHttpServer 6.4 will frame them, so
/// that a request has one interpretation only (no request smuggling). Incremental: feed() the
/// bytes of a request head as they arrive; it stops at the blank line that ends the head.
class RequestHeadScanner
{
public:
    enum class State { NeedMore, Complete, Rejected };

    explicit RequestHeadScanner(qint64 maxHeaderBytes = 64 * 1024)
        : m_maxHeaderBytes(maxHeaderBytes)
    { }

    /// Appends bytes and scans what is complete. Returns the number of bytes of \a data that
    /// belong to the head (all of them unless the head ended inside \a data).
    qsizetype feed(const QByteArray &data);
    State state() const { return m_state; }
    /// For Rejected: the HTTP status (400, 431) and the message.
    int status() const { return m_status; }
    QString message() const { return m_message; }

    QByteArray method() const { return m_method; }
    QByteArray target() const { return m_target; } ///< path only, query cut off
    bool isHttp10() const { return m_http10; }
    qint64 contentLength() const { return m_contentLength; }
    bool isChunked() const { return m_chunked; }
    bool expectsContinue() const { return m_expectContinue; }
    int fieldCount() const { return m_fields; }

private:
    bool scanLine(QByteArrayView line);
    bool scanRequestLine(QByteArrayView line);
    bool scanField(QByteArrayView line);
    void reject(int status, const QString &message);

    qint64 m_maxHeaderBytes;
    QByteArray m_buffer;    ///< bytes of the line being read
    qint64 m_headBytes = 0; ///< head bytes seen, leading blank lines excluded
    bool m_requestLineSeen = false;
    State m_state = State::NeedMore;
    int m_status = 0;
    QString m_message;
    QByteArray m_method;
    QByteArray m_target;
    bool m_http10 = false;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_expectContinue = false;
    int m_fields = 0;
};

/// Watches one client connection in front of QHttpServer's own parser.
///
/// QHttpServer 6.4 buffers every request body in full, serves a request whose header block its
/// parser could not read as if it had no headers (dropping credentials and Content-Length, so the
/// body is parsed as a second request), and leaves the client waiting forever on bytes it cannot
/// use. This guard is connected to `readyRead` before the server, so it sees each chunk first:
/// it frames the request head with RequestHeadScanner (malformed lines, folding, bad field names
/// or values, conflicting lengths: 400; more than 100 fields, an 8 KiB field or a head over the
/// limit counted across reads: 431), rejects bodies over the limit (from Content-Length as soon
/// as the headers arrive, or by counting for chunked bodies) and answers
/// `Expect: 100-continue`. Rejections get an enveloped JSON error, nothing after them is parsed,
/// and the connection is drained and closed, so the client reads the answer instead of a reset.
/// A request that stays incomplete is answered 408 by the periodic sweep of GuardedTcpServer,
/// which also closes idle connections.
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
    /// (a monotonic millisecond clock), and closes a connection idle for longer than allowed.
    void checkStalled(qint64 nowMs);
    static qint64 monotonicMs();

private:
    void onReadyRead();
    void reject(int status, const QString &message);
    void closeIdle();

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    RejectCallback m_onReject;
    RequestHeadScanner m_scanner;
    qint64 m_requestBytes = 0;
    qint64 m_bodyBytes = 0;
    bool m_headDone = false;
    qint64 m_drained = 0;
    qint64 m_requestStartedMs = 0;
    qint64 m_connectedMs = 0;
    qint64 m_lastActivityMs = 0;
    bool m_anyByte = false;
    QByteArray m_method;
    QByteArray m_target;
    bool m_http10 = false;
    bool m_rejected = false;
    bool m_closing = false;
};

} // namespace drove::controller::http
