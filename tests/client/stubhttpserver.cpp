#include "stubhttpserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>

StubResponse StubResponse::json(int status, const QByteArray &body)
{
    StubResponse response;
    response.status = status;
    response.body = body;
    return response;
}

StubResponse StubResponse::success(const QByteArray &dataJson)
{
    return json(200, "{\"status\":\"SUCCESS\",\"data\":" + dataJson + ",\"message\":\"success\"}");
}

StubResponse StubResponse::failed(int status, const QString &message,
                                  const QStringList &validationErrors)
{
    QJsonObject envelope {{QStringLiteral("status"), QStringLiteral("FAILED")},
                          {QStringLiteral("message"), message}};
    if (!validationErrors.isEmpty()) {
        envelope.insert(QStringLiteral("data"),
                        QJsonObject {{QStringLiteral("validationErrors"),
                                      QJsonArray::fromStringList(validationErrors)}});
    }
    return json(status, QJsonDocument(envelope).toJson(QJsonDocument::Compact));
}

StubResponse StubResponse::notLeader()
{
    return failed(400, QStringLiteral("This node is not the leader controller"));
}

StubResponse StubResponse::hang()
{
    StubResponse response;
    response.action = Action::Hang;
    return response;
}

StubResponse StubResponse::close()
{
    StubResponse response;
    response.action = Action::Close;
    return response;
}

StubResponse StubResponse::text(int status, const QByteArray &body, const QByteArray &type)
{
    StubResponse response;
    response.status = status;
    response.body = body;
    response.contentType = type;
    return response;
}

StubHttpServer::StubHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<QTcpServer>())
{
    connect(m_server.get(), &QTcpServer::newConnection, this, &StubHttpServer::onNewConnection);
    m_handler = [](const StubRequest &) {
        return StubResponse::text(404, "Not Found");
    };
}

StubHttpServer::~StubHttpServer()
{
    stop();
}

bool StubHttpServer::enableTls(const QString &certificateFile, const QString &keyFile)
{
    QFile certFile(certificateFile);
    QFile keyData(keyFile);
    if (!certFile.open(QIODevice::ReadOnly) || !keyData.open(QIODevice::ReadOnly))
        return false;
    const QSslCertificate certificate(&certFile, QSsl::Pem);
    const QSslKey key(&keyData, QSsl::Rsa, QSsl::Pem);
    if (certificate.isNull() || key.isNull())
        return false;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(configuration);
    m_server = std::move(server);
    // Qt 6.4's QSslServer queues a socket after its handshake and announces it with
    // pendingConnectionAvailable; newConnection only comes with the next TCP connection.
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &StubHttpServer::onNewConnection);
    m_tls = true;
    return true;
}

bool StubHttpServer::start(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server->serverPort();
    return true;
}

void StubHttpServer::stop()
{
    m_server->close();
    const auto sockets = m_sockets;
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (socket) {
            socket->abort();
            socket->deleteLater();
        }
    }
    m_sockets.clear();
    m_buffers.clear();
}

QUrl StubHttpServer::url() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

void StubHttpServer::setResponse(const QString &path, const StubResponse &response)
{
    m_responses.insert(path, response);
}

void StubHttpServer::enqueue(const QString &path, const StubResponse &response)
{
    m_queued[path].enqueue(response);
}

int StubHttpServer::count(const QString &path) const
{
    int n = 0;
    for (const StubRequest &request : m_requests)
        n += request.path == path ? 1 : 0;
    return n;
}

void StubHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        // A TLS socket is handed over after its handshake; the request may already be here.
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void StubHttpServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        StubRequest request;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() < 2) {
            socket->abort();
            return;
        }
        request.method = requestLine.at(0);
        const QUrl target(QString::fromLatin1(requestLine.at(1)));
        request.path = target.path();
        request.query = target.query(QUrl::FullyEncoded);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.insert(line.left(colon).trimmed().toLower(),
                                       line.mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        m_requests.append(request);
        emit requestReceived(request);
        answer(socket, request);
        if (!m_buffers.contains(socket))
            return;
    }
}

void StubHttpServer::answer(QTcpSocket *socket, const StubRequest &request)
{
    StubResponse response;
    auto queued = m_queued.find(request.path);
    if (queued != m_queued.end() && !queued->isEmpty())
        response = queued->dequeue();
    else if (m_responses.contains(request.path))
        response = m_responses.value(request.path);
    else
        response = m_handler(request);

    switch (response.action) {
    case StubResponse::Action::Hang:
        return;
    case StubResponse::Action::Close:
        m_buffers.remove(socket);
        socket->abort();
        return;
    case StubResponse::Action::Respond:
        break;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " Stub\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &header : response.headers)
        out += header.first + ": " + header.second + "\r\n";
    out += "Connection: keep-alive\r\n\r\n";
    out += response.body;
    socket->write(out);
}
