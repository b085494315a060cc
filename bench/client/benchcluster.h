#pragma once

#include "controller/clock.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace drove::controller {
class ControllerCore;
namespace http {
class ApiServer;
class ControllerNode;
} // namespace http
} // namespace drove::controller

/// The controller side of the client benchmark, meant to run in its own process so that the
/// measuring process holds only the console's data: a ControllerCore seeded with `apps`
/// applications of `perApp` HEALTHY instances each, in virtual time (seeding 100,000 instances
/// in real time would take many minutes), then served over HTTP on 127.0.0.1 with virtual time
/// following the wall clock, so health checks, reports and operations run as in a live cluster.
class BenchCluster : public QObject
{
    Q_OBJECT

public:
    /// `bigApp` > 0 adds one more application, appId(apps), with that many instances (the
    /// "largest app" a console opens).
    BenchCluster(int apps, int perApp, QObject *parent = nullptr, int bigApp = 0);
    ~BenchCluster() override;

    /// Seeds (synchronously) and listens; returns the port, or 0 with *error set.
    quint16 start(QString *error);
    /// The seeding part of start() alone (bench/server times the routes on the seeded core).
    bool seed(QString *error);

    drove::controller::ControllerCore *core() const;
    drove::controller::http::ApiServer *server() const;

    static QString appId(int index);

private:
    void followWallClock();

    int m_apps;
    int m_perApp;
    int m_bigApp = 0;
    drove::controller::VirtualClock m_clock;
    /// Core, API and listener, assembled as drove-embedded does (controller/http).
    std::unique_ptr<drove::controller::http::ControllerNode> m_node;
    QTimer m_tick;
    QElapsedTimer m_wall;
    qint64 m_wallSeen = 0;
};
