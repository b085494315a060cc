#pragma once

#include "controller/controllerconfig.h"
#include "controller/http/authenticator.h"
#include "controller/http/connectionguard.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QUrl>

#include <functional>
#include <memory>

namespace drove::controller {
class ControllerCore;
} // namespace drove::controller

namespace drove::console {

class EmbeddedWorker;

/// The embedded controller core and its Drove HTTP API on their own thread, listening on
/// 127.0.0.1 on a free port with credentials made for this session (user "console", role
/// EXTERNAL_ROOT, random password). The console talks to it over HTTP like to any cluster.
class EmbeddedCluster : public QObject
{
    Q_OBJECT

public:
    explicit EmbeddedCluster(const controller::ControllerConfig &config, QObject *parent = nullptr);
    ~EmbeddedCluster() override;

    /// Seed the cluster with the sample applications once the core has started (first run).
    void setSeedOnStart(bool seed) { m_seedOnStart = seed; }
    /// Where the API listens (before start()); default 127.0.0.1 on a free port.
    void setListenAddress(const QHostAddress &address, quint16 port)
    {
        m_listenAddress = address;
        m_listenPort = port;
    }
    /// Users accepted besides the console's session user (from --config's userAuth), so other
    /// tools (the drove CLI, scripts) can use the cluster while the console runs it. A user
    /// named like the session user is ignored (the console's own credentials win).
    void setExtraUsers(const QList<controller::http::ApiUser> &users) { m_extraUsers = users; }
    void setLimits(const controller::http::ConnectionLimits &limits) { m_limits = limits; }
    /// Starts the thread, the core and the listener; blocks until listening or failed.
    bool start(QString *error = nullptr);
    /// Problems the first-run seeding met (refused operations); empty when it went through.
    QStringList seedErrors() const { return m_seedErrors; }
    QUrl endpoint() const { return m_endpoint; }
    QString username() const { return QStringLiteral("console"); }
    QString password() const { return m_password; }
    /// Writes the session user's credentials as a netrc file readable by the user only (0600),
    /// for copied curl commands (`curl --netrc-file <path>`); rewritten at every start, as the
    /// password is new each run. False with the reason when it cannot be written.
    bool writeNetrc(const QString &path, QString *error = nullptr) const;

    // Simulation controls (run on the controller's thread; they never touch a real cluster).
    QStringList executorIds() const;
    QString addExecutor();
    bool removeExecutor(const QString &executorId);
    bool disappearExecutor(const QString &executorId);
    void setStartFailureRate(double rate);
    void setHealthFailureRate(double rate);
    void setLogErrorRate(double rate);
    void setTimeScale(double scale);
    double timeScale() const;
    /// Runs `work` with the core on the controller's thread and waits for it (a rehearsal
    /// seeds its copy this way). Nothing runs before start() succeeded.
    void runOnCore(const std::function<void(controller::ControllerCore &)> &work);

private:
    controller::ControllerConfig m_config;
    QThread m_thread;
    EmbeddedWorker *m_worker = nullptr;
    QUrl m_endpoint;
    QString m_password;
    int m_addedExecutors = 0;
    bool m_seedOnStart = false;
    QHostAddress m_listenAddress = QHostAddress::LocalHost;
    quint16 m_listenPort = 0;
    QList<controller::http::ApiUser> m_extraUsers;
    controller::http::ConnectionLimits m_limits;
    QStringList m_seedErrors;
};

} // namespace drove::console
