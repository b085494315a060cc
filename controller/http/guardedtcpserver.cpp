#include "controller/http/guardedtcpserver.h"

#include <QTcpSocket>
#ifndef QT_NO_SSL
#include <QSslSocket>
#endif

namespace drove::controller::http {

GuardedTcpServer::GuardedTcpServer(const ConnectionLimits &limits,
                                   ConnectionGuard::RejectCallback onReject, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_onReject(std::move(onReject))
{
    // One coarse sweep over every connection costs less than a timer per request.
    m_sweep.setInterval(
        int(qBound(qint64(50), m_limits.incompleteRequestTimeoutMs / 4, qint64(1000))));
    connect(&m_sweep, &QTimer::timeout, this, &GuardedTcpServer::sweep);
    m_sweep.start();
}

void GuardedTcpServer::sweep()
{
    const qint64 now = ConnectionGuard::monotonicMs();
    const QList<ConnectionGuard *> guards = findChildren<ConnectionGuard *>();
    for (ConnectionGuard *guard : guards)
        guard->checkStalled(now);
}

#ifndef QT_NO_SSL
void GuardedTcpServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}
#endif

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = nullptr;
#ifndef QT_NO_SSL
    QSslSocket *tlsSocket = nullptr;
    if (m_tls) {
        tlsSocket = new QSslSocket(this);
        socket = tlsSocket;
    } else
#endif
    {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    new ConnectionGuard(socket, m_limits, m_onReject);
#ifndef QT_NO_SSL
    if (tlsSocket) {
        tlsSocket->setSslConfiguration(*m_tls);
        // A failed handshake (plain HTTP to a TLS port, bad client) just closes the connection.
        connect(tlsSocket, &QSslSocket::sslErrors, tlsSocket,
                [tlsSocket](const QList<QSslError> &) { tlsSocket->disconnectFromHost(); });
        connect(tlsSocket, &QAbstractSocket::errorOccurred, tlsSocket,
                [tlsSocket](QAbstractSocket::SocketError) { tlsSocket->abort(); });
        tlsSocket->startServerEncryption();
    }
#endif
    addPendingConnection(socket);
}

} // namespace drove::controller::http
