#include "controller/http/connectionguard.h"

#include "controller/http/httpreply.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace drove::controller::http {

namespace {

// After a rejection the client gets this long to read the answer and hang up.
constexpr int kLingerMs = 3000;
// Bytes read and discarded after a rejection before the connection is cut hard.
constexpr qint64 kMaxDrainBytes = 64 * 1024 * 1024;
constexpr int kMaxMethodLength = 16;

bool isMethodChar(char c)
{
    return c >= 'A' && c <= 'Z';
}

// RFC 9110 tchar: what QHttpServer's header parser accepts in a field name.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

QString malformed(const char *what)
{
    return QStringLiteral("Malformed HTTP request: %1").arg(QLatin1String(what));
}

} // namespace

// ---- RequestHeadScanner ----

qsizetype RequestHeadScanner::feed(const QByteArray &data)
{
    qsizetype used = 0;
    while (m_state == State::NeedMore && used < data.size()) {
        const qsizetype newline = data.indexOf('\n', used);
        const qsizetype end = newline < 0 ? data.size() : newline + 1;
        // Blank lines before a request line are skipped (QHttpServer does the same).
        if (!m_requestLineSeen && m_buffer.isEmpty()) {
            qsizetype skip = used;
            while (skip < data.size() && (data.at(skip) == '\r' || data.at(skip) == '\n'))
                ++skip;
            if (skip > used) {
                used = skip;
                continue;
            }
        }
        m_headBytes += end - used;
        if (m_headBytes > m_maxHeaderBytes) {
            // Counted across reads: a head that arrives in pieces has the same limit.
            reject(431,
                   QStringLiteral("Request headers too large: the limit is %1 bytes")
                       .arg(m_maxHeaderBytes));
            return used;
        }
        if (newline < 0) {
            m_buffer.append(data.constData() + used, end - used);
            // Check what can be checked before the line is complete: the method's first bytes
            // turn away TLS handshakes and binary noise at once.
            if (!m_requestLineSeen) {
                qsizetype i = 0;
                while (i < m_buffer.size() && i <= kMaxMethodLength && isMethodChar(m_buffer.at(i)))
                    ++i;
                if (i < m_buffer.size()
                    && (i == 0 || m_buffer.at(i) != ' ' || i > kMaxMethodLength))
                    reject(400, QStringLiteral("Malformed HTTP request"));
            } else if (m_buffer.size() > kMaxHeaderFieldBytes + 1) {
                reject(431,
                       QStringLiteral("Request header field too large: the limit is %1 bytes")
                           .arg(kMaxHeaderFieldBytes));
            }
            return data.size();
        }
        QByteArrayView line(data.constData() + used, end - used - 1);
        QByteArray joined;
        if (!m_buffer.isEmpty()) {
            joined = m_buffer + line.toByteArray();
            m_buffer.clear();
            line = joined;
        }
        used = end;
        if (line.endsWith('\r'))
            line.chop(1);
        if (!scanLine(line))
            return used;
    }
    return used;
}

bool RequestHeadScanner::scanLine(QByteArrayView line)
{
    if (!m_requestLineSeen) {
        m_requestLineSeen = true;
        return scanRequestLine(line);
    }
    if (line.isEmpty()) {
        m_state = State::Complete;
        return false;
    }
    return scanField(line);
}

bool RequestHeadScanner::scanRequestLine(QByteArrayView line)
{
    const QList<QByteArray> parts = line.toByteArray().split(' ');
    if (parts.size() != 3) {
        reject(400, QStringLiteral("Malformed HTTP request"));
        return false;
    }
    const QByteArray &method = parts.at(0);
    if (method.isEmpty() || method.size() > kMaxMethodLength
        || !std::all_of(method.begin(), method.end(), isMethodChar)) {
        reject(400, QStringLiteral("Malformed HTTP request"));
        return false;
    }
    const QByteArray &target = parts.at(1);
    if (target.isEmpty()
        || !(target.startsWith('/') || target == "*" || target.startsWith("http://")
             || target.startsWith("https://"))) {
        reject(400, QStringLiteral("Malformed HTTP request"));
        return false;
    }
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            reject(400, QStringLiteral("Malformed HTTP request"));
            return false;
        }
    }
    if (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0") {
        reject(400, QStringLiteral("Malformed HTTP request"));
        return false;
    }
    m_method = method;
    m_target = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
    m_http10 = parts.at(2) == "HTTP/1.0";
    return true;
}

bool RequestHeadScanner::scanField(QByteArrayView line)
{
    // QHttpServer 6.4 (QHttpHeaderParser) reads at most 100 fields, with a colon on every line;
    // anything else makes it drop every header of the request (credentials, Content-Length) and
    // go on parsing the body as the next request. Say no first, and be stricter than it where a
    // front proxy could read the head differently (folding, odd names, control characters).
    if (line.startsWith(' ') || line.startsWith('\t')) {
        reject(400, malformed("folded header lines are not accepted"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        reject(400, malformed("header line without a colon"));
        return false;
    }
    const QByteArrayView name = line.first(colon);
    if (name.isEmpty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
        reject(400, malformed("invalid header field name"));
        return false;
    }
    if (++m_fields > kMaxHeaderFields) {
        reject(431,
               QStringLiteral("Request has too many header fields: the limit is %1")
                   .arg(kMaxHeaderFields));
        return false;
    }
    if (line.size() > kMaxHeaderFieldBytes) {
        reject(431,
               QStringLiteral("Request header field too large: the limit is %1 bytes")
                   .arg(kMaxHeaderFieldBytes));
        return false;
    }
    const QByteArrayView rawValue = line.sliced(colon + 1);
    for (char c : rawValue) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f) {
            reject(400, malformed("control character in a header field"));
            return false;
        }
    }
    const QByteArray lower = name.toByteArray().toLower();
    const QByteArray value = rawValue.trimmed().toByteArray();
    if (lower == "content-length") {
        bool digits = !value.isEmpty() && value.size() <= 18;
        for (char c : value)
            digits = digits && c >= '0' && c <= '9';
        const qint64 length = digits ? value.toLongLong() : -1;
        if (!digits || (m_contentLength >= 0 && m_contentLength != length)) {
            reject(400, malformed("bad Content-Length"));
            return false;
        }
        m_contentLength = length;
    } else if (lower == "transfer-encoding") {
        if (value.toLower() != "chunked" || m_chunked) {
            reject(400, malformed("unsupported Transfer-Encoding"));
            return false;
        }
        m_chunked = true;
    } else if (lower == "expect") {
        m_expectContinue = value.toLower() == "100-continue";
    }
    if (m_chunked && m_contentLength >= 0) {
        reject(400, malformed("both Content-Length and Transfer-Encoding"));
        return false;
    }
    return true;
}

void RequestHeadScanner::reject(int status, const QString &message)
{
    m_state = State::Rejected;
    m_status = status;
    m_message = message;
}

// ---- ConnectionGuard ----

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits,
                                 RejectCallback onReject)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_onReject(std::move(onReject))
    , m_scanner(limits.maxHeaderBytes)
{
    m_connectedMs = m_lastActivityMs = monotonicMs();
    connect(m_socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this,
            [this] { m_lastActivityMs = monotonicMs(); });
}

void ConnectionGuard::requestHandled()
{
    m_requestBytes = 0;
    m_bodyBytes = 0;
    m_headDone = false;
    m_scanner = RequestHeadScanner(m_limits.maxHeaderBytes);
    m_lastActivityMs = monotonicMs();
}

void ConnectionGuard::onReadyRead()
{
    if (m_rejected || m_closing)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    m_anyByte = true;
    m_lastActivityMs = monotonicMs();
    if (m_requestBytes == 0)
        m_requestStartedMs = m_lastActivityMs;
    m_requestBytes += available;

    qint64 bodyBytes = available;
    if (!m_headDone) {
        const QByteArray chunk = m_socket->peek(available);
        bodyBytes -= m_scanner.feed(chunk);
        m_method = m_scanner.method();
        m_target = m_scanner.target();
        switch (m_scanner.state()) {
        case RequestHeadScanner::State::Rejected:
            reject(m_scanner.status(), m_scanner.message());
            return;
        case RequestHeadScanner::State::NeedMore:
            return;
        case RequestHeadScanner::State::Complete:
            break;
        }
        m_headDone = true;
        m_http10 = m_scanner.isHttp10();
        if (m_scanner.contentLength() > m_limits.maxBodyBytes) {
            reject(413,
                   QStringLiteral("Request body too large: the limit is %1 bytes")
                       .arg(m_limits.maxBodyBytes));
            return;
        }
        if (m_scanner.expectsContinue() && m_scanner.contentLength() > 0) {
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_socket->flush();
        }
    }
    // A declared length bounds the body (what follows is the next request); a chunked body is
    // counted as it comes.
    m_bodyBytes += bodyBytes;
    const qint64 body = m_scanner.isChunked()
        ? m_bodyBytes
        : qMin(m_bodyBytes, qMax<qint64>(0, m_scanner.contentLength()));
    if (body > m_limits.maxBodyBytes) {
        reject(413,
               QStringLiteral("Request body too large: the limit is %1 bytes")
                   .arg(m_limits.maxBodyBytes));
        return;
    }
}

qint64 ConnectionGuard::monotonicMs()
{
    return QDeadlineTimer::current(Qt::CoarseTimer).deadline();
}

void ConnectionGuard::checkStalled(qint64 nowMs)
{
    if (m_rejected || m_closing)
        return;
    if (m_requestBytes == 0) {
        // Between requests: an answer still going out counts as activity.
        if (m_socket->bytesToWrite() > 0) {
            m_lastActivityMs = nowMs;
            return;
        }
        const qint64 limit = m_anyByte ? m_limits.idleTimeoutMs : m_limits.firstByteTimeoutMs;
        if (limit > 0 && nowMs - (m_anyByte ? m_lastActivityMs : m_connectedMs) >= limit)
            closeIdle();
        return;
    }
    if (nowMs - m_requestStartedMs < m_limits.incompleteRequestTimeoutMs)
        return;
    // Whoever owned the socket's clean-up may have let go (QHttpServer drops every connection of
    // a socket it cannot parse); make sure it is deleted once closed.
    connect(m_socket, &QTcpSocket::disconnected, m_socket, &QObject::deleteLater);
    reject(
        408,
        QStringLiteral("Request incomplete after %1 ms").arg(m_limits.incompleteRequestTimeoutMs));
}

void ConnectionGuard::closeIdle()
{
    // Nothing is pending: close quietly, as Jetty does with an idle connection.
    m_closing = true;
    connect(m_socket, &QTcpSocket::disconnected, m_socket, &QObject::deleteLater);
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        m_socket->deleteLater();
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
    // Out now: a client that already sent its FIN would otherwise lose the answer when the
    // socket notices the end of its input.
    m_socket->flush();

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
