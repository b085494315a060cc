#include "controller/http/apiserver.h"

#include "controller/http/guardedtcpserver.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QMetaMethod>
#include <QTcpSocket>

#include <exception>

#include <sys/resource.h>

namespace drove::controller::http {

namespace {

HttpMethod toMethod(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return HttpMethod::Get;
    case QHttpServerRequest::Method::Post:
        return HttpMethod::Post;
    case QHttpServerRequest::Method::Put:
        return HttpMethod::Put;
    case QHttpServerRequest::Method::Delete:
        return HttpMethod::Delete;
    case QHttpServerRequest::Method::Head:
        return HttpMethod::Head;
    case QHttpServerRequest::Method::Options:
        return HttpMethod::Options;
    case QHttpServerRequest::Method::Patch:
        return HttpMethod::Patch;
    default:
        return HttpMethod::Other;
    }
}

HttpReply notFound()
{
    return HttpReply::text(404, QByteArrayLiteral("HTTP 404 Not Found"));
}

// The connection cap when none is configured: half the descriptors this process may open.
int defaultMaxConnections()
{
    struct rlimit limit
    { };
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return 10000;
    return int(qBound<rlim_t>(8, limit.rlim_cur / 2, 10000));
}

} // namespace

QString RequestLogEntry::escaped(const QByteArray &bytes)
{
    // One request, one log line: control characters (CR, LF, NUL, ESC...), backslashes and bytes
    // that are not UTF-8 are written as \xHH, so no client can forge or corrupt a line.
    QByteArray out;
    out.reserve(bytes.size());
    const auto hex = [&out](unsigned char c) {
        static const char digits[] = "0123456789abcdef";
        out.append("\\x");
        out.append(digits[c >> 4]);
        out.append(digits[c & 0xf]);
    };
    for (qsizetype i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes.at(i));
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f || c == '\\')
                hex(c);
            else
                out.append(char(c));
            ++i;
            continue;
        }
        // A complete, shortest-form UTF-8 sequence outside the C1 controls is kept as it is.
        int length = c >= 0xc2 && c <= 0xdf ? 2
            : c >= 0xe0 && c <= 0xef        ? 3
            : c >= 0xf0 && c <= 0xf4        ? 4
                                            : 0;
        bool valid = length > 0 && i + length <= bytes.size();
        for (int k = 1; valid && k < length; ++k)
            valid = (static_cast<unsigned char>(bytes.at(i + k)) & 0xc0) == 0x80;
        if (valid) {
            const auto c1 = static_cast<unsigned char>(bytes.at(i + 1));
            if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90)
                || (c == 0xf4 && c1 >= 0x90) || (c == 0xc2 && c1 < 0xa0))
                valid = false; // overlong, surrogate, beyond U+10FFFF, or a C1 control
        }
        if (!valid) {
            hex(c);
            ++i;
            continue;
        }
        out.append(bytes.constData() + i, length);
        i += length;
    }
    return QString::fromUtf8(out);
}

ApiServer::ApiServer(QObject *parent)
    : QAbstractHttpServer(parent)
{
    qRegisterMetaType<RequestLogEntry>();
}

ApiServer::~ApiServer() = default;

quint16 ApiServer::listenOn(const QHostAddress &address, quint16 port, QString *error)
{
    auto onReject = [this](int status, const QByteArray &method, const QByteArray &path) {
        static const QMetaMethod signal = QMetaMethod::fromSignal(&ApiServer::requestFinished);
        if (!isSignalConnected(signal))
            return;
        RequestLogEntry entry;
        entry.method = RequestLogEntry::escaped(method).toLatin1();
        entry.path = RequestLogEntry::escaped(QByteArray::fromPercentEncoding(path));
        entry.status = status;
        entry.user = QStringLiteral("-");
        Q_EMIT requestFinished(entry);
    };
    ConnectionLimits limits = m_limits;
    if (limits.maxConnections <= 0)
        limits.maxConnections = defaultMaxConnections();
    auto *listener = new GuardedTcpServer(limits, onReject, this);
#ifndef QT_NO_SSL
    if (m_tls)
        listener->setTlsConfiguration(*m_tls);
#endif
    if (!listener->listen(address, port)) {
        if (error)
            *error = listener->errorString();
        delete listener;
        return 0;
    }
    bind(listener);
    m_listeners.append(listener);
    return listener->serverPort();
}

void ApiServer::stopListening()
{
    for (const QPointer<GuardedTcpServer> &listener : std::as_const(m_listeners)) {
        if (listener)
            listener->close();
    }
}

bool ApiServer::isJsonMediaType(const QByteArray &contentType)
{
    // "application/json", "application/json; charset=UTF-8", "application/merge+json"...
    const QByteArray type = contentType.split(';').constFirst().trimmed().toLower();
    return type == "application/json"
        || (type.startsWith("application/") && type.endsWith("+json"));
}

HttpReply ApiServer::dispatch(HttpMethod method, const QByteArray &encodedPath,
                              const QUrlQuery &query, const QByteArray &authorization,
                              const QByteArray &body, const QByteArray &contentType,
                              QString *user) const
{
    QStringList segments;
    if (!Router::splitPath(encodedPath, &segments))
        return notFound();
    const Router::Match match = m_router.match(method, segments);
    if (match.kind == Router::Match::Kind::NotFound)
        return notFound();
    if (match.kind == Router::Match::Kind::WrongMethod) {
        HttpReply reply = HttpReply::text(405, QByteArrayLiteral("HTTP 405 Method Not Allowed"));
        QByteArray allow;
        for (HttpMethod m : match.allowed) {
            if (!allow.isEmpty())
                allow += ", ";
            allow += Router::methodName(m);
            if (m == HttpMethod::Get)
                allow += ", HEAD";
        }
        reply.headers.append({QByteArrayLiteral("Allow"), allow});
        return reply;
    }

    const std::optional<Principal> principal = m_auth.authenticate(authorization);
    if (!principal) {
        HttpReply reply = HttpReply::text(
            401, QByteArrayLiteral("Credentials are required to access this resource."));
        reply.headers.append(
            {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"realm\"")});
        return reply;
    }
    if (user)
        *user = principal->name;
    if (!roleAllows(principal->role, match.route->access))
        return HttpReply::text(403, QByteArrayLiteral("HTTP 403 Forbidden"));
    if (!m_leader)
        return HttpReply::failed(400, QStringLiteral("This node is not the leader controller"));
    // The resources @Consume application/json: Jersey refuses any other entity with 415 (a
    // script that works here must work against a real controller, e.g. `curl -d` without
    // -H 'Content-Type: application/json'). Body-less POSTs (cancel, maintenance) take any type.
    if (method == HttpMethod::Post && !body.trimmed().isEmpty() && !isJsonMediaType(contentType))
        return HttpReply::failed(
            415,
            QStringLiteral("HTTP 415 Unsupported Media Type: send the body with Content-Type: "
                           "application/json"));

    ApiRequest request;
    request.method = method;
    request.pathParams = match.params;
    request.query = query;
    request.body = body;
    request.contentType = contentType;
    request.principal = *principal;
    try {
        return match.route->handler(request);
    } catch (const std::exception &e) {
        return HttpReply::unexpected(QString::fromUtf8(e.what()));
    } catch (...) {
        return HttpReply::unexpected(QStringLiteral("unknown error"));
    }
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();

    auto *guard = socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
    if (guard)
        guard->requestHandled();

    const HttpMethod method = toMethod(request.method());
    const QUrl url = request.url();
    const QByteArray encodedPath = url.path(QUrl::FullyEncoded).toLatin1();
    QString user = QStringLiteral("-");
    const HttpReply reply = dispatch(
        method, encodedPath, request.query(), request.value(QByteArrayLiteral("authorization")),
        request.body(), request.value(QByteArrayLiteral("content-type")), &user);

    const QByteArray connection = request.value(QByteArrayLiteral("connection")).toLower();
    const bool close = connection.contains("close")
        || (guard && guard->isHttp10() && !connection.contains("keep-alive"));
    socket->write(reply.serialize(method == HttpMethod::Head, close));
    // Out now, not on the next write notification: a client that sent its request and at once
    // its FIN (half-close, `nc -N`) makes the socket close as soon as it reads the end of input,
    // and whatever is still buffered then is lost.
    socket->flush();
    if (close)
        socket->disconnectFromHost();

    static const QMetaMethod signal = QMetaMethod::fromSignal(&ApiServer::requestFinished);
    if (isSignalConnected(signal)) {
        RequestLogEntry entry;
        entry.method = Router::methodName(method);
        if (method == HttpMethod::Other)
            entry.method = QByteArrayLiteral("?");
        entry.path = RequestLogEntry::escaped(QByteArray::fromPercentEncoding(encodedPath));
        entry.status = reply.status;
        entry.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
        entry.user = RequestLogEntry::escaped(user.toUtf8());
        entry.peer = request.remoteAddress();
        Q_EMIT requestFinished(entry);
    }
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Never reached: handleRequest answers everything. Kept total so no request goes unanswered.
    Q_UNUSED(request);
    socket->write(notFound().serialize());
}

} // namespace drove::controller::http
