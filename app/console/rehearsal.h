#pragma once

#include "client/clusterprofile.h"
#include "controller/controllerconfig.h"
#include "models/rehearsalsnapshot.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace drove::models {
class ClusterSession;
class OperationJournal;
} // namespace drove::models
namespace drove::ui {
class MainWindow;
} // namespace drove::ui

namespace drove::console {

class EmbeddedCluster;

/// The embedded controller configuration of a rehearsal: the snapshot's executors with their
/// NUMA layout, tags and what other applications hold there (reserved), in memory, seeded
/// with nothing (RehearsalCluster places the apps).
controller::ControllerConfig rehearsalConfig(const models::RehearsalSnapshot &snapshot);

/// A rehearsal's cluster: an embedded controller core on its own thread, shaped like the source
/// (rehearsalConfig), into which the selected applications are created with their real specs
/// and brought to their current instance counts, healthy, on the executors they run on where
/// the rules allow. Placing runs fast (time scale 0.02) and is reported by seeded(); after it
/// the time scale is the one asked for (1: the source's timings) and each app's instances
/// start as long as measured on the source.
class RehearsalCluster : public QObject
{
    Q_OBJECT

public:
    explicit RehearsalCluster(const models::RehearsalSnapshot &snapshot, QObject *parent = nullptr);
    ~RehearsalCluster() override;

    /// Starts the copy's controller (127.0.0.1, a free port, session credentials) and begins
    /// placing the applications. False with the reason when it cannot start.
    bool start(QString *error = nullptr);
    /// The time scale once placed (default 1).
    void setTimeScale(double scale) { m_timeScale = scale; }
    /// How long placing may take (real time) before it is given up, said as a problem.
    void setSeedTimeoutMs(int ms) { m_seedTimeoutMs = ms; }

    EmbeddedCluster *cluster() const { return m_cluster.get(); }
    const models::RehearsalSnapshot &snapshot() const { return m_snapshot; }
    /// The profile the rehearsal window connects with ("REHEARSAL of <source>", LOCAL).
    client::ClusterProfile profile() const;
    QString password() const;
    bool isSeeded() const { return m_seeded; }
    /// What placing could not reproduce (apps refused, instances short or elsewhere).
    QStringList problems() const { return m_problems; }

Q_SIGNALS:
    void seeded(const QStringList &problems);

private:
    void poll();
    void finishSeeding(bool timedOut);

    models::RehearsalSnapshot m_snapshot;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    QStringList m_problems;
    QStringList m_created;
    QTimer m_poll;
    QElapsedTimer m_seedClock;
    double m_timeScale = 1.0;
    int m_seedTimeoutMs = 60000;
    bool m_seeded = false;
};

/// Rehearse…: builds a rehearsal of the chosen applications of the cluster a window shows and
/// opens it in its own window (a MainWindow marked REHEARSAL, with the Simulation menu for
/// time scale and faults and a Rehearsal dock with Run on <cluster>…). Rehearsals end when
/// their window closes.
class Rehearsals : public QObject
{
    Q_OBJECT

public:
    /// `sourceSession` returns the session of the source window's cluster now (it changes when
    /// the operator switches cluster; Run on needs the same profile).
    Rehearsals(ui::MainWindow *sourceWindow,
               std::function<models::ClusterSession *()> sourceSession,
               QNetworkAccessManager *network, QObject *parent = nullptr);
    ~Rehearsals() override;

    /// Reads the copy from the current session and opens the rehearsal window when ready.
    void rehearse(const QStringList &appIds);
    /// Opens a rehearsal window of a snapshot taken already (tests; rehearse() ends here).
    ui::MainWindow *open(const models::RehearsalSnapshot &snapshot, QString *error = nullptr);
    QList<ui::MainWindow *> windows() const;
    /// For tests: the time scale new rehearsals run at once placed (default 1).
    void setTimeScale(double scale) { m_timeScale = scale; }

Q_SIGNALS:
    void opened(drove::ui::MainWindow *window);
    void failed(const QString &reason);

private:
    ui::MainWindow *m_sourceWindow;
    std::function<models::ClusterSession *()> m_sourceSession;
    QNetworkAccessManager *m_network;
    QList<QPointer<ui::MainWindow>> m_windows;
    double m_timeScale = 1.0;
    int m_count = 0;
};

} // namespace drove::console
