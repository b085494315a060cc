#pragma once

#include "controller/http/connectionguard.h"

#include <QTcpServer>
#include <QTimer>
#ifndef QT_NO_SSL
#include <QSslConfiguration>
#endif

#include <optional>

namespace drove::controller::http {

/// The listening socket behind ApiServer. It creates each client socket itself (plain or TLS)
/// so that a ConnectionGuard is attached before QHttpServer connects its parser, caps the open
/// connections (503 beyond ConnectionLimits::maxConnections, after the handshake over TLS), sweeps
/// them for stalled requests and idle time, and pauses (never spins) when accept() runs out of
/// descriptors.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const ConnectionLimits &limits, ConnectionGuard::RejectCallback onReject,
                     QObject *parent = nullptr);
#ifndef QT_NO_SSL
    /// Serve TLS with this configuration (certificate and key set).
    void setTlsConfiguration(const QSslConfiguration &configuration);
#endif

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void sweep();
    void refuse(qintptr socketDescriptor);
    int openConnections() const;

    ConnectionLimits m_limits;
    ConnectionGuard::RejectCallback m_onReject;
    QTimer m_sweep;
    QTimer m_resume;
    bool m_acceptPaused = false;
#ifndef QT_NO_SSL
    static constexpr int kMaxTlsRefusalsInFlight = 16;
    int m_tlsRefusalsInFlight = 0;
    std::optional<QSslConfiguration> m_tls;
#endif
};

} // namespace drove::controller::http
