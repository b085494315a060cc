// SyncEngine against a local HTTP stub playing a cluster: start-up order, events naming an
// app refetch only that app, gaps trigger a full resync, offline → stale → recovery.
#include "client/droveclient.h"
#include "client/syncengine.h"

#include "stubhttpserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace drove::client;
using drove::protocol::AppSummary;

namespace {

QByteArray appJson(const QString &id, int healthy)
{
    return QStringLiteral("{\"id\":\"%1\",\"name\":\"%2\",\"requiredInstances\":%3,"
                          "\"healthyInstances\":%3,\"totalCPUs\":%3,\"totalMemory\":128,"
                          "\"state\":\"RUNNING\",\"created\":1,\"updated\":2}")
        .arg(id, id.section(QLatin1Char('-'), 0, 0))
        .arg(healthy)
        .toUtf8();
}

QByteArray eventJson(const char *type, const QString &appId, qint64 time)
{
    return QStringLiteral(
               "{\"type\":\"%1\",\"id\":\"e-%2\",\"time\":%2,\"metadata\":{\"APP_ID\":\"%3\"}}")
        .arg(QLatin1String(type))
        .arg(time)
        .arg(appId)
        .toUtf8();
}

StubResponse events(const QList<QByteArray> &newestFirst, qint64 lastSyncTime)
{
    QByteArray list;
    for (const QByteArray &e : newestFirst)
        list += (list.isEmpty() ? "" : ",") + e;
    return StubResponse::success("{\"events\":[" + list
                                 + "],\"lastSyncTime\":" + QByteArray::number(lastSyncTime) + "}");
}

const QString kEvents = QStringLiteral("/apis/v1/cluster/events/latest");
const QString kLegacyEvents = QStringLiteral("/apis/v1/cluster/events");
/// Dropwizard's answer for a route it does not have (JSON, but no Drove envelope).
StubResponse noSuchRoute()
{
    return StubResponse::json(404, R"({"code":404,"message":"HTTP 404 Not Found"})");
}
const QString kApps = QStringLiteral("/apis/v1/applications");
const QString kCluster = QStringLiteral("/apis/v1/cluster");
const QString kExecutors = QStringLiteral("/apis/v1/cluster/executors");

QString appPath(const char *id)
{
    return kApps + QLatin1Char('/') + QLatin1String(id);
}

QString instancesPath(const char *id)
{
    return appPath(id) + QStringLiteral("/instances");
}

/// `data` of a real Drove answer from tests/data/drove-reference.
QByteArray referenceData(const char *name)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject data
        = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("data")).toObject();
    return QJsonDocument(data).toJson(QJsonDocument::Compact);
}

QByteArray instanceEventJson(const QString &appId, const QString &executorId, qint64 time)
{
    return QStringLiteral("{\"type\":\"INSTANCE_STATE_CHANGE\",\"id\":\"i-%1\",\"time\":%1,"
                          "\"metadata\":{\"APP_ID\":\"%2\",\"EXECUTOR_ID\":\"%3\"}}")
        .arg(time)
        .arg(appId, executorId)
        .toUtf8();
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startTakesCursorThenResyncs();
    void eventsRefetchOnlyNamedApps();
    void destroyedAppIsRemoved();
    void gaps_data();
    void gaps();
    void periodicResync();
    void offlineThenRecovery();
    void scopeKeepsInstancesFresh();
    void stopSilencesEverything();
    void shorterRefreshIntervalAppliesToTheWaitingPoll();
    void instanceEventsRefetchClusterAndExecutors();
    void executorDetailsFollowScopeAndEvents();
    void executorDetailsDoNotQueueAheadOfInstances();
    void sameMillisecondEventsAreDeliveredOnce();
    void fallsBackToLegacyEventsThenPolling();
    void pollingRefetchesOnlyChangedApps();
    void slowBeforeStale();

private:
    void serveCluster();
    void startAndSettle();

    QNetworkAccessManager *m_network = nullptr;
    StubHttpServer *m_server = nullptr;
    DroveClient *m_client = nullptr;
    SyncEngine *m_engine = nullptr;
    qint64 m_cursor = 1000;
};

void TestSyncEngine::init()
{
    m_network = new QNetworkAccessManager(this);
    m_server = new StubHttpServer(this);
    QVERIFY(m_server->start());
    m_client = new DroveClient(m_network, this);
    RetryPolicy noRetry = RetryPolicy::none();
    m_client->setRetryPolicy(noRetry);
    ConnectionSettings settings;
    settings.endpoints = {m_server->url()};
    settings.requestTimeoutMs = 1000;
    m_client->setConnectionSettings(settings);
    m_engine = new SyncEngine(m_client, this);
    m_engine->setRefreshInterval(30);
    m_engine->setMaxBackoff(120);
    m_engine->setFullResyncInterval(60000);
    m_cursor = 1000;
    serveCluster();
}

void TestSyncEngine::cleanup()
{
    delete m_engine;
    delete m_client;
    delete m_server;
    delete m_network;
}

void TestSyncEngine::serveCluster()
{
    m_server->setResponse(kApps,
                          StubResponse::success("{\"A-1\":" + appJson(QStringLiteral("A-1"), 1)
                                                + ",\"B-1\":" + appJson(QStringLiteral("B-1"), 2)
                                                + "}"));
    m_server->setResponse(appPath("A-1"), StubResponse::success(appJson(QStringLiteral("A-1"), 3)));
    m_server->setResponse(appPath("B-1"), StubResponse::success(appJson(QStringLiteral("B-1"), 2)));
    m_server->setResponse(instancesPath("A-1"), StubResponse::success("[]"));
    m_server->setResponse(instancesPath("B-1"), StubResponse::success("[]"));
    m_server->setResponse(
        kCluster,
        StubResponse::success("{\"leader\":\"ctl1:10000\",\"state\":\"NORMAL\","
                              "\"numExecutors\":1,\"numApplications\":2,"
                              "\"numActiveApplications\":2,\"freeCores\":4,\"usedCores\":4,"
                              "\"totalCores\":8,\"freeMemory\":1024,\"usedMemory\":1024,"
                              "\"totalMemory\":2048}"));
    m_server->setResponse(kExecutors, StubResponse::success("[]"));
    // Default events answer: nothing new, cursor unchanged.
    m_server->setHandler([this](const StubRequest &request) {
        if (request.path == kEvents)
            return events({}, m_cursor);
        return StubResponse::text(404, "Not Found");
    });
}

void TestSyncEngine::startAndSettle()
{
    QSignalSpy finished(m_engine, &SyncEngine::fullResyncFinished);
    m_engine->start();
    QVERIFY(finished.wait(3000));
    m_server->clearRequests();
}

void TestSyncEngine::startTakesCursorThenResyncs()
{
    m_server->enqueue(kEvents,
                      events({eventJson("APP_STATE_CHANGE", QStringLiteral("A-1"), 900),
                              eventJson("INSTANCE_STATE_CHANGE", QStringLiteral("A-1"), 800)},
                             m_cursor));
    QSignalSpy state(m_engine, &SyncEngine::connectionStateChanged);
    QSignalSpy history(m_engine, &SyncEngine::eventsReceived);
    QSignalSpy apps(m_engine, &SyncEngine::applicationsSynced);
    QSignalSpy cluster(m_engine, &SyncEngine::clusterSynced);
    QSignalSpy executors(m_engine, &SyncEngine::executorsSynced);
    QSignalSpy started(m_engine, &SyncEngine::fullResyncStarted);
    QSignalSpy finished(m_engine, &SyncEngine::fullResyncFinished);
    QSignalSpy updated(m_engine, &SyncEngine::applicationUpdated);

    m_engine->start();
    QCOMPARE(m_engine->connectionState(), SyncEngine::ConnectionState::Connecting);
    QVERIFY(finished.wait(3000));

    // The cursor comes first: the first request is the events poll from 0.
    QCOMPARE(m_server->requests().first().path, kEvents);
    QVERIFY(m_server->requests().first().query.contains(QLatin1String("lastSyncTime=0")));
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().first().value<SyncEngine::ResyncReason>(),
             SyncEngine::ResyncReason::Start);
    QCOMPARE(history.size(), 1);
    const auto delivered = history.first().first().value<QList<drove::protocol::DroveEvent>>();
    QCOMPARE(delivered.size(), 2);
    QCOMPARE(delivered.first().time, qint64(800)); // oldest first
    QCOMPARE(apps.size(), 1);
    QCOMPARE(apps.first().first().value<QList<AppSummary>>().size(), 2);
    QCOMPARE(cluster.size(), 1);
    QCOMPARE(executors.size(), 1);
    QCOMPARE(updated.size(), 0); // history is covered by the resync, not refetched app by app
    QCOMPARE(m_engine->connectionState(), SyncEngine::ConnectionState::Connected);
    QVERIFY(m_engine->lastSuccess().isValid());
    QCOMPARE(m_engine->lastSyncTime(), m_cursor);
    QCOMPARE(state.first().first().value<SyncEngine::ConnectionState>(),
             SyncEngine::ConnectionState::Connecting);
}

void TestSyncEngine::eventsRefetchOnlyNamedApps()
{
    m_engine->setInstancesScope(QStringLiteral("A-1"));
    startAndSettle();
    QSignalSpy updated(m_engine, &SyncEngine::applicationUpdated);
    QSignalSpy instances(m_engine, &SyncEngine::instancesSynced);
    QSignalSpy started(m_engine, &SyncEngine::fullResyncStarted);

    m_cursor = 1100;
    m_server->enqueue(kEvents,
                      events({eventJson("INSTANCE_STATE_CHANGE", QStringLiteral("A-1"), 1100),
                              eventJson("APP_STATE_CHANGE", QStringLiteral("A-1"), 1050)},
                             m_cursor));
    QVERIFY(updated.wait(3000));
    QTRY_COMPARE(instances.size(), 1);
    QCOMPARE(updated.first().first().value<AppSummary>().id, QStringLiteral("A-1"));
    QCOMPARE(updated.first().first().value<AppSummary>().healthyInstances, qint64(3));
    QCOMPARE(instances.first().first().toString(), QStringLiteral("A-1"));
    QTest::qWait(100);                            // a few more polls
    QCOMPARE(m_server->count(appPath("A-1")), 1); // once, though named twice
    QCOMPARE(m_server->count(instancesPath("A-1")), 1);
    QCOMPARE(m_server->count(appPath("B-1")), 0);
    QCOMPARE(m_server->count(instancesPath("B-1")), 0);
    QCOMPARE(m_server->count(kApps), 0);
    QCOMPARE(started.size(), 0);
    QCOMPARE(updated.size(), 1);
    // Later polls carry the new cursor.
    // The cursor is 1100; the poll asks from one millisecond earlier so that events stored later
    // in millisecond 1100 are not lost (repeats are dropped by id).
    QVERIFY(m_server->requests().constLast().query.contains(QLatin1String("lastSyncTime=1099")));

    // An app that is not watched gets its summary, not its instances.
    m_cursor = 1200;
    m_server->enqueue(
        kEvents,
        events({eventJson("INSTANCE_STATE_CHANGE", QStringLiteral("B-1"), 1200)}, m_cursor));
    QVERIFY(updated.wait(3000));
    QCOMPARE(m_server->count(appPath("B-1")), 1);
    QCOMPARE(m_server->count(instancesPath("B-1")), 0);

    // Watched apps get instances too.
    m_engine->watchInstances(QStringLiteral("B-1"));
    QTRY_COMPARE(m_server->count(instancesPath("B-1")), 1);
}

void TestSyncEngine::destroyedAppIsRemoved()
{
    startAndSettle();
    QSignalSpy removed(m_engine, &SyncEngine::applicationRemoved);
    m_server->setResponse(appPath("B-1"),
                          StubResponse::failed(200, QStringLiteral("App B-1 not found")));
    m_cursor = 1300;
    m_server->enqueue(
        kEvents, events({eventJson("APP_STATE_CHANGE", QStringLiteral("B-1"), 1300)}, m_cursor));
    QVERIFY(removed.wait(3000));
    QCOMPARE(removed.first().first().toString(), QStringLiteral("B-1"));
    QCOMPARE(m_engine->connectionState(), SyncEngine::ConnectionState::Connected);
}

void TestSyncEngine::gaps_data()
{
    QTest::addColumn<QByteArray>("eventsBody");
    QTest::addColumn<qint64>("newCursor");
    QTest::addColumn<int>("batch");

    QTest::newRow("lastSyncTime goes backwards (store restarted)")
        << QByteArray() << qint64(10) << 1024;
    QTest::newRow("leadership event")
        << QByteArray("{\"type\":\"LEADERSHIP_ACQUIRED\",\"id\":\"x\",\"time\":1500,\"metadata\":{"
                      "\"HOSTNAME\":\"ctl2\"}}")
        << qint64(1500) << 1024;
    QTest::newRow("full batch may hide older events")
        << eventJson("APP_STATE_CHANGE", QStringLiteral("A-1"), 1500) << qint64(1500) << 1;
}

void TestSyncEngine::gaps()
{
    QFETCH(QByteArray, eventsBody);
    QFETCH(qint64, newCursor);
    QFETCH(int, batch);

    m_engine->setEventBatchSize(batch);
    startAndSettle();
    QSignalSpy started(m_engine, &SyncEngine::fullResyncStarted);
    QSignalSpy apps(m_engine, &SyncEngine::applicationsSynced);
    m_cursor = newCursor;
    m_server->enqueue(
        kEvents,
        events(eventsBody.isEmpty() ? QList<QByteArray> {} : QList<QByteArray> {eventsBody},
               newCursor));
    QVERIFY(apps.wait(3000));
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().first().value<SyncEngine::ResyncReason>(),
             SyncEngine::ResyncReason::EventGap);
    QCOMPARE(m_engine->lastSyncTime(), newCursor);
}

void TestSyncEngine::periodicResync()
{
    m_engine->setFullResyncInterval(150);
    startAndSettle();
    QSignalSpy started(m_engine, &SyncEngine::fullResyncStarted);
    QTRY_VERIFY_WITH_TIMEOUT(started.size() >= 2, 3000);
    QCOMPARE(started.first().first().value<SyncEngine::ResyncReason>(),
             SyncEngine::ResyncReason::Periodic);
}

void TestSyncEngine::offlineThenRecovery()
{
    startAndSettle();
    QSignalSpy state(m_engine, &SyncEngine::connectionStateChanged);
    QSignalSpy failures(m_engine, &SyncEngine::syncFailed);
    QSignalSpy apps(m_engine, &SyncEngine::applicationsSynced);
    QSignalSpy removed(m_engine, &SyncEngine::applicationRemoved);
    const QDateTime lastGood = m_engine->lastSuccess();
    const quint16 port = m_server->port();

    m_server->stop();
    QVERIFY(state.wait(3000));
    QCOMPARE(m_engine->connectionState(), SyncEngine::ConnectionState::Stale);
    QCOMPARE(state.last().at(1).toDateTime(), lastGood); // time of the last success
    QCOMPARE(m_engine->lastError().kind, ApiError::Kind::CannotConnect);
    QVERIFY(!failures.isEmpty());
    QCOMPARE(apps.size(), 0); // nothing cleared or re-sent while offline
    QCOMPARE(removed.size(), 0);

    // Failed polls back off (30, 60, 120 ms cap) instead of hammering; let a few pass.
    QTest::qWait(300);
    const int failedPolls = int(failures.size());
    QVERIFY2(failedPolls <= 8, qPrintable(QString::number(failedPolls)));

    QVERIFY(m_server->start(port));
    QSignalSpy started(m_engine, &SyncEngine::fullResyncStarted);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->connectionState(), SyncEngine::ConnectionState::Connected,
                              3000);
    QTRY_VERIFY_WITH_TIMEOUT(!apps.isEmpty(), 3000); // recovered: full resync, no restart
    QCOMPARE(started.first().first().value<SyncEngine::ResyncReason>(),
             SyncEngine::ResyncReason::Recovered);
    QVERIFY(m_engine->lastSuccess() > lastGood);
}

void TestSyncEngine::scopeKeepsInstancesFresh()
{
    startAndSettle();
    QSignalSpy instances(m_engine, &SyncEngine::instancesSynced);
    QSignalSpy old(m_engine, &SyncEngine::oldInstancesSynced);
    m_server->setResponse(instancesPath("A-1") + QStringLiteral("/old"),
                          StubResponse::success("[]"));
    m_engine->setInstancesScope(QStringLiteral("A-1"), true);
    QTRY_COMPARE(instances.size(), 1);
    QTRY_COMPARE(old.size(), 1);
    m_engine->requestFullResync();
    QTRY_COMPARE(instances.size(), 2); // the scope is part of every full resync
    QTRY_COMPARE(old.size(), 2);
    m_engine->setInstancesScope(QString());
    m_engine->requestFullResync();
    QSignalSpy finished(m_engine, &SyncEngine::fullResyncFinished);
    QVERIFY(finished.wait(3000));
    QCOMPARE(instances.size(), 2);
}

void TestSyncEngine::stopSilencesEverything()
{
    m_server->setResponse(kApps, StubResponse::hang());
    QSignalSpy apps(m_engine, &SyncEngine::applicationsSynced);
    QSignalSpy started(m_engine, &SyncEngine::fullResyncStarted);
    m_engine->start();
    QVERIFY(started.wait(3000));
    m_engine->stop();
    QCOMPARE(m_engine->connectionState(), SyncEngine::ConnectionState::Idle);
    QCOMPARE(m_client->pendingCount(), 0);
    QTest::qWait(50); // requests sent before stop() may still reach the stub
    const int polls = m_server->count(kEvents);
    QTest::qWait(150);
    QCOMPARE(m_server->count(kEvents), polls); // no more polls
    QCOMPARE(apps.size(), 0);
}

void TestSyncEngine::shorterRefreshIntervalAppliesToTheWaitingPoll()
{
    m_engine->setRefreshInterval(60000);
    startAndSettle();
    QCOMPARE(m_server->count(kEvents), 0); // the next poll waits a minute
    m_engine->setRefreshInterval(30);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->count(kEvents) >= 1, 3000);
}

void TestSyncEngine::instanceEventsRefetchClusterAndExecutors()
{
    // The cluster bar's used cores and the executors' free resources move with instances: an
    // instance event refetches the cluster summary and the executor list (once per poll).
    startAndSettle();
    QSignalSpy cluster(m_engine, &SyncEngine::clusterSynced);
    QSignalSpy executors(m_engine, &SyncEngine::executorsSynced);
    m_cursor = 1100;
    m_server->enqueue(kEvents,
                      events({eventJson("INSTANCE_STATE_CHANGE", QStringLiteral("A-1"), 1100),
                              eventJson("INSTANCE_STATE_CHANGE", QStringLiteral("B-1"), 1090)},
                             m_cursor));
    QVERIFY(cluster.wait(3000));
    QTRY_COMPARE(executors.size(), 1);
    QTest::qWait(100);
    QCOMPARE(m_server->count(kCluster), 1);
    QCOMPARE(m_server->count(kExecutors), 1);

    // An app state change alone does not: it moves no resources.
    m_server->clearRequests();
    m_cursor = 1200;
    m_server->enqueue(
        kEvents, events({eventJson("APP_STATE_CHANGE", QStringLiteral("A-1"), 1200)}, m_cursor));
    QTRY_COMPARE(m_server->count(appPath("A-1")), 1);
    QTest::qWait(100);
    QCOMPARE(m_server->count(kCluster), 0);
    QCOMPARE(m_server->count(kExecutors), 0);
}

void TestSyncEngine::executorDetailsFollowScopeAndEvents()
{
    const QByteArray details = referenceData("resp-executor-details.json");
    QVERIFY(!details.isEmpty());
    const QString e1 = QStringLiteral("E-1");
    const QString e2 = QStringLiteral("E-2");
    const QString detailsPath1 = kExecutors + QStringLiteral("/E-1");
    const QString detailsPath2 = kExecutors + QStringLiteral("/E-2");
    m_server->setResponse(
        kExecutors,
        StubResponse::success(
            "[{\"executorId\":\"E-1\",\"hostname\":\"h1\",\"state\":\"ACTIVE\"},"
            "{\"executorId\":\"E-2\",\"hostname\":\"h2\",\"state\":\"ACTIVE\"}]"));
    m_server->setResponse(detailsPath1, StubResponse::success(details));
    m_server->setResponse(detailsPath2, StubResponse::success(details));
    m_engine->setExecutorDetailsDelay(20);
    QSignalSpy synced(m_engine, &SyncEngine::executorDetailsSynced);

    // Off by default: the executor list costs no details requests.
    startAndSettle();
    QTest::qWait(100);
    QCOMPARE(synced.size(), 0);

    // One executor in scope: fetched now, and again for events naming it (not for others).
    m_engine->setExecutorDetailsScope(e1);
    QVERIFY(synced.wait(3000));
    QCOMPARE(synced.first().first().toString(), e1);
    QCOMPARE(synced.first().at(1).value<drove::protocol::ExecutorNodeData>().instances.size(), 1);
    m_server->clearRequests();
    m_cursor = 1100;
    m_server->enqueue(kEvents,
                      events({instanceEventJson(QStringLiteral("A-1"), e1, 1100),
                              instanceEventJson(QStringLiteral("A-1"), e1, 1099),
                              instanceEventJson(QStringLiteral("B-1"), e2, 1098)},
                             m_cursor));
    QTRY_COMPARE(m_server->count(detailsPath1), 1); // coalesced: one burst, one request
    QTest::qWait(150);
    QCOMPARE(m_server->count(detailsPath1), 1);
    QCOMPARE(m_server->count(detailsPath2), 0);

    // On: every executor.
    m_server->clearRequests();
    synced.clear();
    m_engine->setExecutorDetailsEnabled(true);
    QTRY_COMPARE(synced.size(), 2);
    QCOMPARE(m_server->count(detailsPath1), 1);
    QCOMPARE(m_server->count(detailsPath2), 1);

    // A failing details call says so and leaves the connection Connected.
    QSignalSpy failed(m_engine, &SyncEngine::executorDetailsFailed);
    m_server->setResponse(detailsPath2,
                          StubResponse::failed(404, QStringLiteral("No executor found")));
    m_engine->refreshExecutorDetails(e2);
    QVERIFY(failed.wait(3000));
    QCOMPARE(failed.first().first().toString(), e2);
    QCOMPARE(m_engine->connectionState(), SyncEngine::ConnectionState::Connected);
}

void TestSyncEngine::executorDetailsDoNotQueueAheadOfInstances()
{
    // A large cluster: with details on, asking every executor at once filled the client's six
    // connections and queued the rest in front of what the operator asked for next (the
    // console took 38 s to show an app's instances on 800 executors while operations ran).
    // Details go at most two at a time; the instances request is sent at once.
    constexpr int kExecutorCount = 12;
    QByteArray list = "[";
    for (int i = 1; i <= kExecutorCount; ++i) {
        list += QStringLiteral("%1{\"executorId\":\"E-%2\",\"hostname\":\"h%2\","
                               "\"state\":\"ACTIVE\"}")
                    .arg(i > 1 ? QStringLiteral(",") : QString())
                    .arg(i)
                    .toUtf8();
        // Slow executors: the details never come back during the test.
        m_server->setResponse(kExecutors + QStringLiteral("/E-%1").arg(i), StubResponse::hang());
    }
    list += "]";
    m_server->setResponse(kExecutors, StubResponse::success(list));
    startAndSettle();
    m_server->clearRequests();
    m_engine->setExecutorDetailsEnabled(true);
    QTest::qWait(300);
    int detailRequests = 0;
    for (const StubRequest &request : m_server->requests())
        detailRequests += request.path.startsWith(kExecutors + QLatin1Char('/')) ? 1 : 0;
    QCOMPARE(detailRequests, 2);
    m_engine->setInstancesScope(QStringLiteral("A-1"));
    QTRY_COMPARE(m_server->count(instancesPath("A-1")), 1);
}

void TestSyncEngine::sameMillisecondEventsAreDeliveredOnce()
{
    // Drove lists events with time > lastSyncTime; the engine asks from one millisecond before
    // its cursor so that an event stored later in that millisecond is not lost, and drops the
    // ones it already delivered.
    startAndSettle();
    QSignalSpy received(m_engine, &SyncEngine::eventsReceived);
    m_cursor = 1100;
    const QByteArray first = eventJson("APP_STATE_CHANGE", QStringLiteral("A-1"), 1100);
    m_server->enqueue(kEvents, events({first}, m_cursor));
    QVERIFY(received.wait(3000));
    QCOMPARE(received.first().first().value<QList<drove::protocol::DroveEvent>>().size(), 1);

    // The next poll (from 1099) sees the same event again and a new one of the same millisecond.
    const QByteArray second = QByteArray("{\"type\":\"APP_STATE_CHANGE\",\"id\":\"late\","
                                         "\"time\":1100,\"metadata\":{\"APP_ID\":\"B-1\"}}");
    m_server->enqueue(kEvents, events({second, first}, m_cursor));
    QVERIFY(received.wait(3000));
    const auto delivered = received.at(1).first().value<QList<drove::protocol::DroveEvent>>();
    QCOMPARE(delivered.size(), 1);
    QCOMPARE(delivered.first().id, QStringLiteral("late"));

    // And once more: nothing new.
    m_server->enqueue(kEvents, events({second, first}, m_cursor));
    QTest::qWait(150);
    QCOMPARE(received.size(), 2);
}

void TestSyncEngine::fallsBackToLegacyEventsThenPolling()
{
    QSignalSpy feeds(m_engine, &SyncEngine::eventFeedChanged);
    QSignalSpy received(m_engine, &SyncEngine::eventsReceived);
    QSignalSpy state(m_engine, &SyncEngine::connectionStateChanged);
    m_server->setResponse(kEvents, noSuchRoute());
    m_server->setResponse(
        kLegacyEvents,
        StubResponse::success("[" + eventJson("APP_STATE_CHANGE", QStringLiteral("A-1"), 900)
                              + "]"));
    startAndSettle();
    QCOMPARE(m_engine->eventFeed(), EventFeed::Legacy);
    QCOMPARE(feeds.size(), 1);
    QCOMPARE(received.size(), 1);            // the history, from the bare list
    QCOMPARE(m_engine->lastSyncTime(), 900); // the cursor is the newest event seen
    // The next polls ask from the cursor (one millisecond earlier, see poll()).
    QTRY_VERIFY(m_server->count(kLegacyEvents) >= 1);
    QVERIFY(m_server->requests().constLast().query.contains(QLatin1String("lastSyncTime=899")));

    // The older feed goes away too: snapshots from now on.
    m_server->setResponse(kLegacyEvents, noSuchRoute());
    QTRY_COMPARE(m_engine->eventFeed(), EventFeed::Polling);
    QCOMPARE(feeds.size(), 2);
    m_server->clearRequests();
    QTRY_VERIFY(m_server->count(kApps) >= 2);
    QCOMPARE(m_server->count(kEvents) + m_server->count(kLegacyEvents), 0);
    // A missing route never made the data stale.
    for (const auto &args : std::as_const(state)) {
        QVERIFY(args.at(0).value<ConnectionState>() != ConnectionState::Stale);
        QVERIFY(args.at(0).value<ConnectionState>() != ConnectionState::Offline);
    }
    QCOMPARE(m_engine->connectionState(), ConnectionState::Connected);
}

void TestSyncEngine::pollingRefetchesOnlyChangedApps()
{
    m_server->setResponse(kEvents, noSuchRoute());
    m_server->setResponse(kLegacyEvents, StubResponse::json(405, "{\"code\":405}"));
    m_engine->setRefreshInterval(50);
    QSignalSpy apps(m_engine, &SyncEngine::applicationsSynced);
    QSignalSpy instances(m_engine, &SyncEngine::instancesSynced);
    startAndSettle();
    QCOMPARE(m_engine->eventFeed(), EventFeed::Polling);
    QTRY_VERIFY(apps.size() >= 3);
    // Nothing changed: no instance lists (no app is watched), executors only now and then.
    QCOMPARE(m_server->count(instancesPath("A-1")) + m_server->count(instancesPath("B-1")), 0);
    QVERIFY(m_server->count(kExecutors) < m_server->count(kApps));

    // A-1 changes (scaled by someone): its instances are fetched and handed on before the list
    // that shows the change.
    QSignalSpy order(m_engine, &SyncEngine::applicationsSynced);
    instances.clear();
    m_server->setResponse(kApps,
                          StubResponse::success("{\"A-1\":" + appJson(QStringLiteral("A-1"), 3)
                                                + ",\"B-1\":" + appJson(QStringLiteral("B-1"), 2)
                                                + "}"));
    connect(m_engine, &SyncEngine::instancesSynced, &order, [&order] { QVERIFY(order.isEmpty()); });
    QTRY_VERIFY(!instances.isEmpty());
    QCOMPARE(instances.first().at(0).toString(), QStringLiteral("A-1"));
    QCOMPARE(m_server->count(instancesPath("B-1")), 0);
    QTRY_VERIFY(!order.isEmpty());
}

void TestSyncEngine::slowBeforeStale()
{
    m_engine->setSlowThreshold(100);
    startAndSettle();
    QSignalSpy slow(m_engine, &SyncEngine::slowChanged);
    QSignalSpy state(m_engine, &SyncEngine::connectionStateChanged);
    // The controller stops answering: "slow" first, stale only when the request times out.
    m_server->setHandler([](const StubRequest &) { return StubResponse::hang(); });
    QTRY_COMPARE(slow.size(), 1);
    QCOMPARE(slow.first().at(0).toBool(), true);
    QVERIFY(state.isEmpty());
    QVERIFY(m_engine->isSlow());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->connectionState(), ConnectionState::Stale, 3000);
    QCOMPARE(slow.size(), 2); // the answer (a timeout) ended the wait
    QVERIFY(!m_engine->isSlow());
}

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
