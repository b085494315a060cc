#include "controller/http/connectionguard.h"

#include "controller/http/httpreply.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTimer>

namespace drove::controller::http {

namespace {

// After a rejection the client gets this long to read the answer and hang up.
constexpr int kLingerMs = 3000;
// Bytes read and discarded after a rejection before the connection is cut hard.
constexpr qint64 kMaxDrainBytes = 64 * 1024 * 1024;
constexpr int kMaxMethodLength = 16;

bool isTokenChar(char c)
{
    return (c >= 'A' && c <= 'Z');
}

bool requestLineValid(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3)
        return false;
    const QByteArray &target = parts.at(1);
    if (target.isEmpty()
        || !(target.startsWith('/') || target == "*" || target.startsWith("http://")
             || target.startsWith("https://")))
        return false;
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return false;
    }
    return parts.at(2) == "HTTP/1.1" || parts.at(2) == "HTTP/1.0";
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits,
                                 RejectCallback onReject)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_onReject(std::move(onReject))
{
    connect(m_socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
}

void ConnectionGuard::requestHandled()
{
    m_requestBytes = 0;
    m_headerSize = -1;
    m_head.clear();
}

void ConnectionGuard::onReadyRead()
{
    if (m_rejected)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    if (m_requestBytes == 0)
        m_requestStartedMs = monotonicMs();
    m_requestBytes += available;

    if (m_headerSize < 0) {
        inspectHead(m_socket->peek(qMin<qint64>(available, m_limits.maxHeaderBytes + 4)));
        if (m_rejected)
            return;
    }
    if (m_headerSize >= 0 && m_requestBytes - m_headerSize > m_limits.maxBodyBytes) {
        reject(413,
               QStringLiteral("Request body too large: the limit is %1 bytes")
                   .arg(m_limits.maxBodyBytes));
        return;
    }
}

void ConnectionGuard::inspectHead(const QByteArray &chunk)
{
    m_head += chunk;
    // http_parser skips empty lines before a request; so do we.
    qsizetype start = 0;
    while (start < m_head.size() && (m_head.at(start) == '\r' || m_head.at(start) == '\n'))
        ++start;
    // The method token must be upper-case letters followed by a space: this turns away TLS
    // handshakes sent to a plain port, binary noise and lower-case garbage at the first byte.
    qsizetype i = start;
    while (i < m_head.size() && i - start <= kMaxMethodLength && isTokenChar(m_head.at(i)))
        ++i;
    if (i < m_head.size() && (i == start || m_head.at(i) != ' ' || i - start > kMaxMethodLength)) {
        reject(400, QStringLiteral("Malformed HTTP request"));
        return;
    }

    // Once the request line is complete, check its shape: origin-form (or absolute-form) target
    // without control characters and HTTP/1.0 or 1.1. QHttpServer would otherwise drop such a
    // connection without an answer.
    const qsizetype lineEnd = m_head.indexOf('\n', start);
    if (lineEnd >= 0 && !requestLineValid(m_head.mid(start, lineEnd - start))) {
        reject(400, QStringLiteral("Malformed HTTP request"));
        return;
    }

    const qsizetype end = m_head.indexOf("\r\n\r\n", start);
    if (end < 0) {
        if (m_head.size() > m_limits.maxHeaderBytes)
            reject(431,
                   QStringLiteral("Request headers too large: the limit is %1 bytes")
                       .arg(m_limits.maxHeaderBytes));
        return;
    }
    m_headerSize = end + 4;

    const QList<QByteArray> lines = m_head.mid(start, end - start).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    m_method = requestLine.value(0);
    m_target = requestLine.value(1);
    m_target.truncate(m_target.indexOf('?') < 0 ? m_target.size() : m_target.indexOf('?'));
    m_http10 = requestLine.value(2) == "HTTP/1.0";

    qint64 contentLength = 0;
    bool expectContinue = false;
    for (qsizetype l = 1; l < lines.size(); ++l) {
        const QByteArray &line = lines.at(l);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            contentLength = value.toLongLong(&ok);
            if (!ok || contentLength < 0) {
                reject(400, QStringLiteral("Malformed HTTP request: bad Content-Length"));
                return;
            }
        } else if (name == "expect" && value.toLower() == "100-continue") {
            expectContinue = true;
        }
    }
    if (contentLength > m_limits.maxBodyBytes) {
        reject(413,
               QStringLiteral("Request body too large: the limit is %1 bytes")
                   .arg(m_limits.maxBodyBytes));
        return;
    }
    if (expectContinue && contentLength > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_head.clear();
}

qint64 ConnectionGuard::monotonicMs()
{
    return QDeadlineTimer::current(Qt::CoarseTimer).deadline();
}

void ConnectionGuard::checkStalled(qint64 nowMs)
{
    if (m_rejected || m_requestBytes == 0
        || nowMs - m_requestStartedMs < m_limits.incompleteRequestTimeoutMs)
        return;
    // Whoever owned the socket's clean-up may have let go (QHttpServer drops every connection of
    // a socket it cannot parse); make sure it is deleted once closed.
    connect(m_socket, &QTcpSocket::disconnected, m_socket, &QObject::deleteLater);
    reject(
        408,
        QStringLiteral("Request incomplete after %1 ms").arg(m_limits.incompleteRequestTimeoutMs));
}

void ConnectionGuard::reject(int status, const QString &message)
{
    m_rejected = true;
    // Stop QHttpServer from parsing (or buffering) anything more from this client.
    QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();

    if (m_onReject)
        m_onReject(status, m_method.isEmpty() ? QByteArrayLiteral("-") : m_method,
                   m_target.isEmpty() ? QByteArrayLiteral("-") : m_target);
    m_socket->write(HttpReply::failed(status, message).serialize(false, true));

    // Keep reading (and discarding) so the client is not reset while it is still sending,
    // then hang up.
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        m_drained += m_socket->readAll().size();
        if (m_drained > kMaxDrainBytes)
            m_socket->abort();
    });
    QTimer::singleShot(kLingerMs, this, [this] { m_socket->disconnectFromHost(); });
}

} // namespace drove::controller::http
