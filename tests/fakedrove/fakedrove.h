#pragma once

// A second, deliberately different Drove for the console's tests: a small stateful cluster
// written from the API documentation (not the embedded controller's router), answering over
// StubHttpServer's plain QTcpServer/QSslServer. It can be started with parts of the API
// switched off (answering Dropwizard's own 404/405 JSON, not a Drove envelope), below a path
// prefix, over TLS, and with the payload shapes of an older Drove (fields that came later
// missing, envelopes without `message`) or a newer one (fields this console does not know).
// Operations sent to it (or started with scale()) run on a timer, step by step, with events
// when an event feed is switched on.

#include "stubhttpserver.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

struct FakeDroveConfig
{
    QString name = QStringLiteral("full"); ///< data tag
    bool eventsLatest = true;              ///< GET /cluster/events/latest
    bool eventsLegacy = true;              ///< GET /cluster/events (bare list)
    bool dashboard = true;                 ///< GET /cluster/dashboard
    bool endpoints = true;                 ///< GET /endpoints
    bool executorDetails = true;           ///< GET /cluster/executors/{id}
    bool logs = true;                      ///< /logfiles/...
    bool validateSpec = true;              ///< POST /applications/validate/spec
    bool maintenance = true;               ///< POST /cluster/maintenance/(un)set
    bool blacklist = true;                 ///< POST /cluster/executors/(un)blacklist
    int missingStatus = 404;               ///< what a switched-off route answers (404 or 405)
    QString prefix;                        ///< e.g. "/drove": the API is below it
    enum class Shapes { Current, Older, Newer } shapes = Shapes::Current;
    bool tls = false; ///< serve HTTPS with the certificate given to FakeDrove::start()

    /// The configurations every suite runs against (TLS needs certificates: see tls()).
    static QList<FakeDroveConfig> standard();
};

class FakeDrove : public QObject
{
    Q_OBJECT

public:
    explicit FakeDrove(const FakeDroveConfig &config, QObject *parent = nullptr);

    /// Listens on 127.0.0.1; with config.tls, on the given certificate and RSA key (PEM).
    bool start(const QString &certificateFile = {}, const QString &keyFile = {});
    /// The endpoint a profile would name: scheme, host, port and the prefix.
    QUrl url() const;
    const FakeDroveConfig &config() const { return m_config; }
    StubHttpServer &http() { return m_http; }

    /// A controller that is not the leader answers every request with Drove's "not the leader"
    /// (400 envelope), as a follower does. Default true.
    void setLeader(bool leader) { m_leader = leader; }

    /// How long each step of an operation takes (default 150 ms).
    void setStepMs(int ms) { m_steps.setInterval(ms); }

    void addExecutor(const QString &executorId, const QString &hostname, int cores, int memoryMb);
    /// A RUNNING app with `healthy` HEALTHY instances (each 1 core, 128 MB).
    void addApp(const QString &appId, int healthy);
    /// Another client's SCALE: the app goes SCALING_REQUESTED now and moves on the timer.
    void scale(const QString &appId, int requiredInstances);
    /// An event of any type now, e.g. one only a newer Drove sends (APP_DEPLOYMENT_PROMOTED);
    /// nothing else changes.
    void emitEvent(const QString &type, const QJsonObject &metadata);

    QString appState(const QString &appId) const;
    int healthyInstances(const QString &appId) const;
    /// Requests whose path (below the prefix) starts with `apiPath` ("/apis/v1/applications").
    int requestCount(const QString &apiPath) const;
    /// Whether an operation is still moving.
    bool busy() const { return m_steps.isActive(); }

private:
    struct Instance
    {
        QString id;
        QString executorId;
        QString state;
        qint64 created = 0;
        qint64 updated = 0;
    };
    struct App
    {
        QString id;
        QString name;
        QString state = QStringLiteral("RUNNING");
        int required = 0;
        QList<Instance> instances; ///< active ones
        qint64 created = 0;
        qint64 updated = 0;
    };
    struct Executor
    {
        QString id;
        QString hostname;
        int cores = 0;
        int memory = 0;
    };

    StubResponse handle(const StubRequest &request);
    StubResponse route(const QString &method, const QString &path, const StubRequest &request);
    StubResponse missing() const;
    StubResponse ok(const QJsonValue &data) const;
    StubResponse failed(int status, const QString &message) const;
    bool enabled(const QString &path, const QString &method) const;

    void step();
    void setAppState(App &app, const QString &state);
    void setInstanceState(App &app, Instance &instance, const QString &state);
    void addEvent(const QString &type, const QJsonObject &metadata);
    qint64 now();

    QJsonObject appJson(const App &app) const;
    QJsonObject instanceJson(const App &app, const Instance &instance) const;
    QJsonObject specJson(const App &app) const;
    QJsonObject executorJson(const Executor &executor) const;
    QJsonObject executorDetailsJson(const Executor &executor) const;
    QJsonObject clusterJson() const;
    QJsonArray eventsAfter(qint64 lastSyncTime, int size) const;

    FakeDroveConfig m_config;
    StubHttpServer m_http;
    QTimer m_steps;
    QList<App> m_apps;
    QList<Executor> m_executors;
    QJsonArray m_events; ///< oldest first
    qint64 m_lastTime = 0;
    int m_nextInstance = 1;
    bool m_leader = true;
};
