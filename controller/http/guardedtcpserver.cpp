#include "controller/http/guardedtcpserver.h"

#include "controller/http/httpreply.h"

#include <QTcpSocket>
#include <QtDebug>
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
    qint64 shortest = m_limits.incompleteRequestTimeoutMs;
    for (qint64 limit : {m_limits.idleTimeoutMs, m_limits.firstByteTimeoutMs})
        if (limit > 0)
            shortest = qMin(shortest, limit);
    m_sweep.setInterval(int(qBound(qint64(50), shortest / 4, qint64(1000))));
    connect(&m_sweep, &QTimer::timeout, this, &GuardedTcpServer::sweep);
    m_sweep.start();

    // Out of descriptors (EMFILE/ENFILE), QTcpServer stops accepting and says so once; without a
    // resume nobody could ever connect again. Resume after a pause, logging once per episode.
    m_resume.setSingleShot(true);
    m_resume.setInterval(1000);
    connect(&m_resume, &QTimer::timeout, this, [this] { resumeAccepting(); });
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        pauseAccepting();
        if (!m_acceptPaused)
            qWarning("drove-embedded: cannot accept connections (%s); pausing accepting for 1 s "
                     "(open connections: %d)",
                     qPrintable(errorString()), openConnections());
        m_acceptPaused = true;
        Q_UNUSED(error);
        m_resume.start();
    });
}

int GuardedTcpServer::openConnections() const
{
    return int(findChildren<ConnectionGuard *>().size());
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
    m_acceptPaused = false;
    if (openConnections() >= m_limits.maxConnections) {
        refuse(socketDescriptor);
        return;
    }
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
    // QHttpServer 6.4 never deletes a closed connection's socket; the guard count above must
    // only count open ones.
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
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

void GuardedTcpServer::refuse(qintptr socketDescriptor)
{
    // Over the cap: a 503 envelope and close. Over TLS the envelope goes after the handshake,
    // which costs the server a key exchange per refused client; at most
    // kMaxTlsRefusalsInFlight such handshakes run at once, beyond that the connection is just
    // closed (a flood must not turn the cap into a CPU sink).
    QTcpSocket *socket = nullptr;
#ifndef QT_NO_SSL
    QSslSocket *tlsSocket = nullptr;
    if (m_tls && m_tlsRefusalsInFlight < kMaxTlsRefusalsInFlight) {
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
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    if (m_onReject)
        m_onReject(503, QByteArrayLiteral("-"), QByteArrayLiteral("-"));
    const QByteArray answer = HttpReply::failed(503,
                                                QStringLiteral("Too many open connections: the "
                                                               "limit is %1")
                                                    .arg(m_limits.maxConnections))
                                  .serialize(false, true);
    const auto answerAndClose = [socket, answer] {
        socket->write(answer);
        socket->flush();
        socket->disconnectFromHost();
    };
#ifndef QT_NO_SSL
    if (tlsSocket) {
        ++m_tlsRefusalsInFlight;
        connect(tlsSocket, &QObject::destroyed, this, [this] { --m_tlsRefusalsInFlight; });
        tlsSocket->setSslConfiguration(*m_tls);
        connect(tlsSocket, &QSslSocket::encrypted, tlsSocket, answerAndClose);
        connect(tlsSocket, &QSslSocket::sslErrors, tlsSocket,
                [tlsSocket](const QList<QSslError> &) { tlsSocket->abort(); });
        connect(tlsSocket, &QAbstractSocket::errorOccurred, tlsSocket,
                [tlsSocket](QAbstractSocket::SocketError) { tlsSocket->abort(); });
        tlsSocket->startServerEncryption();
    } else if (m_tls) {
        socket->disconnectFromHost();
    } else
#endif
    {
        answerAndClose();
    }
    // A client that never reads (or never finishes its handshake) cannot hold the descriptor:
    // cut it after a moment.
    QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
}

} // namespace drove::controller::http
