#include "httptestclient.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

HttpTestClient::HttpTestClient(quint16 port, const QString &scheme)
    : m_port(port)
    , m_scheme(scheme)
{ }

void HttpTestClient::setCredentials(const QString &name, const QString &password)
{
    if (name.isEmpty())
        m_authorization.clear();
    else
        m_authorization = "Basic " + (name + QLatin1Char(':') + password).toUtf8().toBase64();
}

HttpTestClient::Response HttpTestClient::get(const QString &pathAndQuery)
{
    return send("GET", pathAndQuery, QByteArray(), {});
}

HttpTestClient::Response HttpTestClient::post(const QString &pathAndQuery, const QByteArray &body,
                                              const QByteArray &contentType)
{
    return send("POST", pathAndQuery, body, {{QByteArrayLiteral("Content-Type"), contentType}});
}

HttpTestClient::Response HttpTestClient::postEmpty(const QString &pathAndQuery)
{
    return send("POST", pathAndQuery, QByteArray(), {});
}

HttpTestClient::Response HttpTestClient::send(const QByteArray &verb, const QString &pathAndQuery,
                                              const QByteArray &body,
                                              const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const QUrl url(
        QStringLiteral("%1://127.0.0.1:%2%3").arg(m_scheme).arg(m_port).arg(pathAndQuery));
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);

    QBuffer buffer;
    buffer.setData(body);
    buffer.open(QIODevice::ReadOnly);
    QNetworkReply *reply = nullptr;
    if (verb == "GET")
        reply = m_nam.get(request);
    else if (verb == "POST" && body.isEmpty())
        reply = m_nam.sendCustomRequest(request, verb);
    else
        reply = m_nam.sendCustomRequest(request, verb, &buffer);

    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();

    Response response;
    if (!reply->isFinished()) {
        reply->abort();
        response.error = QStringLiteral("timeout");
    }
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        response.headers.insert(pair.first.toLower(), pair.second);
    if (reply->error() != QNetworkReply::NoError && response.status == 0)
        response.error = reply->errorString();
    delete reply;
    return response;
}

QByteArray HttpTestClient::rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return QByteArray();
    socket.write(bytes);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        answer += socket.readAll();
        // Stop after one complete response when the server keeps the connection open.
        const qsizetype headerEnd = answer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QByteArray head = answer.left(headerEnd).toLower();
        const qsizetype cl = head.indexOf("content-length:");
        if (cl < 0)
            return;
        const qsizetype eol = head.indexOf("\r\n", cl);
        const qint64 length
            = head.mid(cl + 15, eol < 0 ? -1 : eol - cl - 15).trimmed().toLongLong();
        if (answer.size() >= headerEnd + 4 + length)
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    answer += socket.readAll();
    return answer;
}

int HttpTestClient::statusOf(const QByteArray &raw)
{
    qsizetype start = raw.indexOf("HTTP/1.");
    // Skip interim "100 Continue" answers.
    while (start >= 0 && raw.mid(start + 9, 3) == "100")
        start = raw.indexOf("HTTP/1.", start + 1);
    if (start < 0)
        return 0;
    return raw.mid(start + 9, 3).toInt();
}
