#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace drove::controller {
class ControllerCore;
}

/// Fills a running core with `apps` applications of `instancesPerApp` HEALTHY instances each,
/// through the same operations a client would send (CREATE, then SCALE), for load tests
/// (drove-embedded --seed-bench). Adds executors so the cluster has room, runs the simulation
/// fast while seeding, and restores the configured time scale when done.
class BenchSeeder : public QObject
{
    Q_OBJECT

public:
    BenchSeeder(drove::controller::ControllerCore &core, int apps, int instancesPerApp,
                QObject *parent = nullptr);

    /// Starts seeding; `finished` follows (asynchronously).
    void start();

    /// The app id of bench app \a index (0-based): "BENCH_APP_<index>-1".
    static QString appId(int index);

Q_SIGNALS:
    void progress(int healthyInstances, int targetInstances);
    void finished(bool ok, const QString &message);

private:
    void poll();
    bool submitNextBatch();
    void fail(const QString &message);
    qint64 reportProgress();

    drove::controller::ControllerCore &m_core;
    int m_apps;
    int m_perApp;
    double m_savedTimeScale = 1.0;
    QTimer m_poll;
    QElapsedTimer m_elapsed;
    int m_nextApp = 0;
    int m_batchStart = 0;
};
