#pragma once

#include "controller/controllerconfig.h"
#include "controller/http/authenticator.h"
#include "controller/http/connectionguard.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

#ifndef QT_NO_SSL
#include <QSslConfiguration>
#endif

QT_BEGIN_NAMESPACE
class QObject;
class QThread;
QT_END_NAMESPACE

namespace drove::controller {
class Clock;
class ControllerCore;
namespace http {
class ApiServer;

/// What an embedded node is made of.
struct NodeSettings
{
    ControllerConfig controller;
    /// The core's clock (must outlive the node); null: the core's own real-time clock.
    Clock *clock = nullptr;
    QHostAddress address = QHostAddress::LocalHost;
    /// 0: a free port (see ControllerNode::port()).
    quint16 port = 0;
    /// Authentication on: requests are checked against `users` (none: every request gets 401).
    /// Off: every request runs as EXTERNAL_ROOT, as in the real controller.
    bool authEnabled = false;
    QList<ApiUser> users;
    ConnectionLimits limits;
#ifndef QT_NO_SSL
    /// Serve HTTPS with this configuration.
    std::optional<QSslConfiguration> tls;
#endif
};

/// One embedded Drove controller node, assembled in one place for drove-embedded, the console's
/// embedded cluster, the benches and the tests: a ControllerCore, the Drove HTTP API over it
/// (ApiServer, its routes, the Authenticator, leader or follower as the configuration says) and
/// its listener.
///
/// Everything lives either on the thread that calls start() / startCore(), or on a thread of
/// the node's own (startOnThread()); core() and server() are used on that thread, run() gets
/// there from any other. Destroying the node closes the listener and its connections, then
/// destroys the server and the core on their thread.
class ControllerNode
{
public:
    explicit ControllerNode(NodeSettings settings);
    ~ControllerNode();
    ControllerNode(const ControllerNode &) = delete;
    ControllerNode &operator=(const ControllerNode &) = delete;

    /// Creates and starts the core and the API server over it, not listening yet (for work on
    /// the core first, such as seeding). False with \a error set when the core cannot start.
    bool startCore(QString *error = nullptr);
    /// Listens on the settings' address and port (after startCore()); the bound port, or 0
    /// with \a error set.
    quint16 listen(QString *error = nullptr);
    /// startCore() and listen().
    bool start(QString *error = nullptr);
    /// start() on a new thread that the node owns; blocks until listening or failed.
    bool startOnThread(QString *error = nullptr);

    /// Stops accepting connections; open ones finish their current request.
    void stopListening();
    /// Drops the API server and every connection it holds (an outage seen from clients); the
    /// core keeps running. resumeServing() builds the server again on the same port.
    void stopServing();
    bool resumeServing(QString *error = nullptr);
    bool isServing() const { return m_serving; }
    /// A new core over \a config (same clock) in place of the running one, behind the same
    /// listener: the routes are rebuilt over it and the old core is destroyed (a follower
    /// promoted to leader, restoring the cluster from the shared state directory).
    bool replaceCore(const ControllerConfig &config, QString *error = nullptr);

    /// Runs \a work on the node's thread and waits for it (directly when already there).
    void run(const std::function<void()> &work) const;

    ControllerCore *core() const { return m_core.get(); }
    ApiServer *server() const { return m_server.get(); }
    /// The bound port (0 before listen()).
    quint16 port() const { return m_port; }
    /// Where a client on this machine reaches the node: http(s)://127.0.0.1:<port>, or [::1]
    /// when listening on IPv6.
    QUrl url() const;
    const NodeSettings &settings() const { return m_settings; }

private:
    std::unique_ptr<ApiServer> makeServer() const;

    NodeSettings m_settings;
    std::unique_ptr<QThread> m_thread;
    QObject *m_threadContext = nullptr;
    std::unique_ptr<ControllerCore> m_core;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
    bool m_serving = false;
};

} // namespace http
} // namespace drove::controller
