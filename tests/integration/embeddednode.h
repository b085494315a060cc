#pragma once

// One embedded Drove controller node for integration tests: a ControllerCore on a real-time
// clock with a fast time scale, behind a real ApiServer on 127.0.0.1 (an ephemeral port unless
// one is given). A node can be stopped (its port closes, open connections drop) and brought back
// on the same port, and a follower can be promoted to leader in place: its listening socket stays,
// its routes are rebuilt over a new core that restores the cluster from the shared state dir, the
// way a new Drove leader reads the cluster from ZooKeeper.

#include "controller/controllerconfig.h"
#include "controller/http/authenticator.h"

#include <QString>
#include <QUrl>

#include <memory>

namespace drove::controller {
class ControllerCore;
namespace http {
class ControllerNode;
}
} // namespace drove::controller

class EmbeddedNode
{
public:
    struct Options
    {
        /// Instance timings × this: 0.05 makes an instance HEALTHY in about 100–250 ms.
        double timeScale = 0.05;
        bool leader = true;
        /// SQLite directory; empty keeps the cluster in memory.
        QString stateDir;
        /// Basic-auth users; empty turns authentication off.
        QList<drove::controller::http::ApiUser> users;
        quint64 randomSeed = 17;
        /// Executor report cadence and staleness (real ms); defaults keep instances fresh for
        /// the length of a test.
        qint64 executorReportIntervalMs = 20000;
        qint64 instanceStaleMs = 60000;
    };

    EmbeddedNode();
    ~EmbeddedNode();
    EmbeddedNode(const EmbeddedNode &) = delete;
    EmbeddedNode &operator=(const EmbeddedNode &) = delete;

    /// Starts the core and listens on 127.0.0.1:\a port (0 = ephemeral). False with \a error set
    /// when the core or the listener fails.
    bool start(const Options &options, quint16 port = 0, QString *error = nullptr);
    /// Closes the listener and every open connection, then destroys the core.
    void stop();
    /// Closes the HTTP side only (the core keeps running): a network outage seen from a client.
    void stopServing();
    /// Serves the running core again on the port it had.
    bool resumeServing(QString *error = nullptr);
    /// Follower → leader without closing the port: a new core on \a stateDir restores the
    /// cluster and the routes are rebuilt over it.
    bool promoteToLeader(const QString &stateDir, QString *error = nullptr);

    bool isServing() const;
    quint16 port() const { return m_port; }
    QUrl url() const;
    drove::controller::ControllerCore *core() const;

private:
    Options m_options;
    quint16 m_port = 0;
    /// The node as drove-embedded and the console assemble it (controller/http).
    std::unique_ptr<drove::controller::http::ControllerNode> m_node;
};
