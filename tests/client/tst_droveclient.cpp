// DroveClient over the real QNetworkAccessManager against local HTTP stubs: every error kind,
// retry with backoff for reads and none for operations, context binding, cancel, auth headers,
// off-thread decoding, leader discovery and failover.
#include "client/droveclient.h"

#include "stubhttpserver.h"

#include <QBuffer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QSslSocket>
#include <QThread>
#include <QtTest>

using namespace drove::client;
using drove::protocol::AppSummary;
using drove::protocol::InstanceInfo;

namespace {

QByteArray referenceFile(const char *name)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QString kPing = QStringLiteral("/apis/v1/ping");
const QString kApps = QStringLiteral("/apis/v1/applications");
const QString kOps = QStringLiteral("/apis/v1/applications/operations");

RetryPolicy fastRetries(int attempts = 4)
{
    RetryPolicy policy;
    policy.maxAttempts = attempts;
    policy.initialDelayMs = 10;
    policy.maxDelayMs = 40;
    policy.jitter = 0;
    return policy;
}

template<typename T>
struct Capture
{
    int calls = 0;
    std::optional<Result<T>> result;
    QThread *thread = nullptr;
    Callback<T> callback()
    {
        return [this](const Result<T> &r) {
            ++calls;
            result = r;
            thread = QThread::currentThread();
        };
    }
};

QByteArray manyApplications(int count)
{
    QByteArray map = "{";
    for (int i = 0; i < count; ++i) {
        const QByteArray id = "APP_" + QByteArray::number(i) + "-1";
        if (i)
            map += ',';
        map += "\"" + id + "\":{\"id\":\"" + id
            + "\",\"name\":\"APP\",\"requiredInstances\":3,\"healthyInstances\":3,"
              "\"totalCPUs\":3,\"totalMemory\":384,\"state\":\"RUNNING\","
              "\"created\":1719826995764,\"updated\":1719892126096}";
    }
    return map + "}";
}

drove::protocol::ApplicationOperation scaleOp()
{
    drove::protocol::ClusterOpSpec opSpec;
    opSpec.parallelism = 1;
    return drove::protocol::ApplicationOperation::scale(QStringLiteral("TEST_APP-1"), 3, opSpec);
}

} // namespace

class TestDroveClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void errorKinds_data();
    void errorKinds();
    void decodesReferencePayloads();
    void readsRetryWithBackoff();
    void readsGiveUpAfterMaxAttempts();
    void operationsAreNeverRetried_data();
    void operationsAreNeverRetried();
    void failedEnvelopeCarriesValidationErrors();
    void sendsAuthAndJson();
    void contextDeathSuppressesCallback();
    void cancelDeliversCancelled();
    void largeBodiesDecodeOffThread();
    void unchangedAppsShareThePreviousList();
    void largeBodiesArriveWholeInSlices();
    void downloadStreamsToDevice();
    void leaderDiscoveryPicksTheLeader();
    void failoverWhenLeaderStops();
    void failoverOnNotLeader();
    void discoveryFailureReportsWorstError();
    void tlsVerification();
    void proxyIsSetOnTheClientsManager();

private:
    ConnectionSettings settingsFor(const QList<QUrl> &endpoints, int timeoutMs = 2000) const
    {
        ConnectionSettings settings;
        settings.endpoints = endpoints;
        settings.requestTimeoutMs = timeoutMs;
        settings.probeTimeoutMs = 1000;
        return settings;
    }

    QNetworkAccessManager *m_network = nullptr;
    StubHttpServer *m_a = nullptr;
    StubHttpServer *m_b = nullptr;
    DroveClient *m_client = nullptr;
};

void TestDroveClient::init()
{
    m_network = new QNetworkAccessManager(this);
    m_a = new StubHttpServer(this);
    m_b = new StubHttpServer(this);
    QVERIFY(m_a->start());
    QVERIFY(m_b->start());
    m_client = new DroveClient(m_network, this);
    m_client->setRetryPolicy(fastRetries());
    m_client->setConnectionSettings(settingsFor({m_a->url()}));
}

void TestDroveClient::cleanup()
{
    delete m_client;
    delete m_a;
    delete m_b;
    delete m_network;
}

void TestDroveClient::errorKinds_data()
{
    QTest::addColumn<StubResponse>("response");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("expectedRequests"); // a read: transient errors are retried
    QTest::addColumn<QString>("message");

    using K = ApiError::Kind;
    StubResponse unauthorized
        = StubResponse::text(401, "Credentials are required to access this resource.");
    unauthorized.headers.append(
        qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Basic realm=\"realm\"")));
    QTest::newRow("401") << unauthorized << int(K::Unauthorized) << 1
                         << "Credentials are required to access this resource.";
    QTest::newRow("403") << StubResponse::text(403, "") << int(K::Forbidden) << 1 << "";
    QTest::newRow("not leader (single endpoint retries)")
        << StubResponse::notLeader() << int(K::NotLeader) << 4
        << "This node is not the leader controller";
    QTest::newRow("200 FAILED lookup")
        << StubResponse::failed(200, QStringLiteral("App X-1 not found")) << int(K::DroveFailure)
        << 1 << "App X-1 not found";
    QTest::newRow("500 envelope") << StubResponse::failed(500,
                                                          QStringLiteral("Unexpected Server error"))
                                  << int(K::DroveFailure) << 1 << "Unexpected Server error";
    QTest::newRow("503 gateway, retried")
        << StubResponse::text(503, "<html>busy</html>", "text/html") << int(K::HttpStatus) << 4
        << "";
    QTest::newRow("404 plain") << StubResponse::text(404, "Not Found") << int(K::HttpStatus) << 1
                               << "Not Found";
    QTest::newRow("bad JSON") << StubResponse::json(200, "{\"status\": \"SUCC") << int(K::Decode)
                              << 1 << "";
    QTest::newRow("wrong data shape")
        << StubResponse::success("[1,2,3]") << int(K::Decode) << 1 << "";
    // Refused by the fast /applications decoder, then worded by the regular one.
    QTest::newRow("fractional count")
        << StubResponse::success(R"({"A-1":{"id":"A-1","totalCPUs":1.5}})") << int(K::Decode) << 1
        << "";
    QTest::newRow("connection dropped, retried")
        << StubResponse::close() << int(K::CannotConnect) << 4 << "";
    QTest::newRow("timeout, retried") << StubResponse::hang() << int(K::Timeout) << 4 << "";
}

void TestDroveClient::errorKinds()
{
    QFETCH(StubResponse, response);
    QFETCH(int, kind);
    QFETCH(int, expectedRequests);
    QFETCH(QString, message);

    // Only the row that never answers needs a short timeout; a loaded machine must not turn
    // the others into timeouts.
    const bool hangs = response.action == StubResponse::Action::Hang;
    m_client->setConnectionSettings(settingsFor({m_a->url()}, hangs ? 150 : 5000));
    m_a->setResponse(kApps, response);
    QSignalSpy failed(m_client, &DroveClient::requestFailed);
    Capture<QList<AppSummary>> capture;
    m_client->applications(this, capture.callback());
    QTRY_COMPARE_WITH_TIMEOUT(capture.calls, 1, 20000);
    QVERIFY(!capture.result->ok());
    const ApiError &error = capture.result->error();
    QCOMPARE(ApiError::kindName(error.kind), ApiError::kindName(ApiError::Kind(kind)));
    QCOMPARE(error.message, message);
    if (response.action == StubResponse::Action::Close) {
        // Qt's HTTP stack itself resends an idempotent request once on a dropped connection.
        QVERIFY(m_a->count(kApps) >= expectedRequests);
    } else {
        QCOMPARE(m_a->count(kApps), expectedRequests);
    }
    QCOMPARE(failed.size(), 1);
    QVERIFY(error.url.toString().endsWith(kApps));
    QCOMPARE(m_client->pendingCount(), 0);
}

void TestDroveClient::decodesReferencePayloads()
{
    m_a->setResponse(kApps, StubResponse::json(200, referenceFile("resp-applications-list.json")));
    m_a->setResponse(QStringLiteral("/apis/v1/applications/TEST_APP-1/instances"),
                     StubResponse::json(200, referenceFile("resp-application-instances.json")));
    m_a->setResponse(QStringLiteral("/apis/v1/cluster"),
                     StubResponse::json(200, referenceFile("resp-cluster-summary.json")));
    m_a->setResponse(QStringLiteral("/apis/v1/cluster/events/latest"),
                     StubResponse::json(200, referenceFile("resp-events-latest.json")));
    m_a->setResponse(kOps, StubResponse::json(200, referenceFile("resp-operation-accepted.json")));

    Capture<QList<AppSummary>> apps;
    Capture<QList<InstanceInfo>> instances;
    Capture<drove::protocol::ClusterSummary> cluster;
    Capture<drove::protocol::DroveEventsList> events;
    Capture<QString> accepted;
    m_client->applications(this, apps.callback());
    m_client->instances(QStringLiteral("TEST_APP-1"), {drove::protocol::InstanceState::Healthy},
                        this, instances.callback());
    m_client->clusterSummary(this, cluster.callback());
    m_client->latestEvents(0, 1024, this, events.callback());
    m_client->submitOperation(scaleOp(), this, accepted.callback());
    QTRY_VERIFY(apps.calls && instances.calls && cluster.calls && events.calls && accepted.calls);

    QVERIFY2(apps.result->ok(), qPrintable(apps.result->error().userText()));
    QCOMPARE(apps.result->value().size(), 1);
    QCOMPARE(apps.result->value().first().id, QStringLiteral("TEST_APP-1"));
    QVERIFY2(instances.result->ok(), qPrintable(instances.result->error().userText()));
    QCOMPARE(instances.result->value().size(), 1);
    QVERIFY(cluster.result->ok());
    QVERIFY(events.result->ok());
    QCOMPARE(events.result->value().lastSyncTime, Q_INT64_C(1719977632050));
    QVERIFY(accepted.result->ok());
    QCOMPARE(accepted.result->value(), QStringLiteral("TEST_APP-1"));

    bool sawStateFilter = false;
    for (const StubRequest &request : m_a->requests())
        sawStateFilter |= request.query == QLatin1String("state=HEALTHY");
    QVERIFY(sawStateFilter);
}

void TestDroveClient::readsRetryWithBackoff()
{
    m_a->enqueue(kApps, StubResponse::close());
    m_a->enqueue(kApps, StubResponse::text(503, "busy"));
    m_a->setResponse(kApps, StubResponse::json(200, referenceFile("resp-applications-list.json")));
    QElapsedTimer timer;
    timer.start();
    Capture<QList<AppSummary>> capture;
    m_client->applications(this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QVERIFY(capture.result->ok());
    QCOMPARE(m_a->count(kApps), 3);
    // 10 ms then 20 ms of backoff at least.
    QVERIFY(timer.elapsed() >= 30);

    RetryPolicy policy = fastRetries();
    QCOMPARE(policy.delayMs(1), 10);
    QCOMPARE(policy.delayMs(2), 20);
    QCOMPARE(policy.delayMs(3), 40);
    QCOMPARE(policy.delayMs(10), 40); // capped
    policy.jitter = 0.5;
    QCOMPARE(policy.delayMs(1, 0.0), 5);
    QCOMPARE(policy.delayMs(1, 0.999), 15);
}

void TestDroveClient::readsGiveUpAfterMaxAttempts()
{
    m_client->setRetryPolicy(fastRetries(2));
    m_a->setResponse(kApps, StubResponse::text(502, "bad gateway"));
    Capture<QList<AppSummary>> capture;
    m_client->applications(this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QCOMPARE(capture.result->error().httpStatus, 502);
    QCOMPARE(m_a->count(kApps), 2);
}

void TestDroveClient::operationsAreNeverRetried_data()
{
    QTest::addColumn<StubResponse>("response");
    QTest::addColumn<int>("kind");
    QTest::newRow("503") << StubResponse::text(503, "busy") << int(ApiError::Kind::HttpStatus);
    QTest::newRow("connection dropped")
        << StubResponse::close() << int(ApiError::Kind::CannotConnect);
    QTest::newRow("timeout") << StubResponse::hang() << int(ApiError::Kind::Timeout);
    QTest::newRow("not leader") << StubResponse::notLeader() << int(ApiError::Kind::NotLeader);
}

void TestDroveClient::operationsAreNeverRetried()
{
    QFETCH(StubResponse, response);
    QFETCH(int, kind);
    m_client->setConnectionSettings(
        settingsFor({m_a->url()}, response.action == StubResponse::Action::Hang ? 150 : 5000));
    const QString cancelPath = QStringLiteral("/apis/v1/applications/operations/TEST_APP-1/cancel");
    m_a->setResponse(kOps, response);
    m_a->setResponse(cancelPath, response);
    Capture<QString> submit;
    Capture<void> cancel;
    m_client->submitOperation(scaleOp(), this, submit.callback());
    m_client->cancelOperation(QStringLiteral("TEST_APP-1"), this, cancel.callback());
    QTRY_VERIFY(submit.calls == 1 && cancel.calls == 1);
    QCOMPARE(int(submit.result->error().kind), kind);
    QCOMPARE(int(cancel.result->error().kind), kind);
    QTest::qWait(100); // a retry would have been scheduled within 10–40 ms
    QCOMPARE(m_a->count(kOps), 1);
    QCOMPARE(m_a->count(cancelPath), 1);
}

void TestDroveClient::failedEnvelopeCarriesValidationErrors()
{
    const QStringList problems {QStringLiteral("Parallelism must be between 1 and 32"),
                                QStringLiteral("Operation SCALE is already active for TEST_APP-1")};
    m_a->setResponse(
        kOps, StubResponse::failed(400, QStringLiteral("Command validation failure"), problems));
    Capture<QString> capture;
    m_client->submitOperation(scaleOp(), this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    const ApiError error = capture.result->error();
    QCOMPARE(error.kind, ApiError::Kind::DroveFailure);
    QCOMPARE(error.httpStatus, 400);
    QCOMPARE(error.validationErrors, problems);
    const QString text = error.userText();
    QVERIFY(text.contains(QLatin1String("Command validation failure")));
    for (const QString &problem : problems)
        QVERIFY(text.contains(problem));
}

void TestDroveClient::sendsAuthAndJson()
{
    ConnectionSettings settings = settingsFor({m_a->url()});
    settings.auth.mode = ClusterAuth::Mode::Basic;
    settings.auth.username = QStringLiteral("admin");
    settings.auth.secret = QStringLiteral("secret");
    m_client->setConnectionSettings(settings);
    m_a->setResponse(kOps, StubResponse::success("{\"appId\":\"TEST_APP-1\"}"));
    Capture<QString> capture;
    m_client->submitOperation(scaleOp(), this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QVERIFY(capture.result->ok());
    const StubRequest request = m_a->requests().constLast();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.headers.value("authorization"), QByteArray("Basic YWRtaW46c2VjcmV0"));
    QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value(QLatin1String("type")).toString(), QStringLiteral("SCALE"));
    QCOMPARE(body.value(QLatin1String("appId")).toString(), QStringLiteral("TEST_APP-1"));

    settings.auth.mode = ClusterAuth::Mode::Header;
    settings.auth.secret = QStringLiteral("O-Bearer tok");
    m_client->setConnectionSettings(settings);
    Capture<void> cancel;
    m_a->setResponse(QStringLiteral("/apis/v1/applications/operations/TEST_APP-1/cancel"),
                     StubResponse::json(200, "{\"status\":\"SUCCESS\",\"message\":\"success\"}"));
    m_client->cancelOperation(QStringLiteral("TEST_APP-1"), this, cancel.callback());
    QTRY_COMPARE(cancel.calls, 1);
    QVERIFY(cancel.result->ok());
    QCOMPARE(m_a->requests().constLast().headers.value("authorization"),
             QByteArray("O-Bearer tok"));
    QVERIFY(m_a->requests().constLast().body.isEmpty());
}

void TestDroveClient::contextDeathSuppressesCallback()
{
    m_a->setResponse(kApps, StubResponse::hang());
    auto *context = new QObject;
    Capture<QList<AppSummary>> capture;
    m_client->applications(context, capture.callback());
    QTRY_COMPARE(m_a->count(kApps), 1);
    QCOMPARE(m_client->pendingCount(), 1);
    delete context;
    QCOMPARE(m_client->pendingCount(), 0); // aborted, not left dangling
    QTest::qWait(50);
    QCOMPARE(capture.calls, 0);

    // A context that dies while a large body is decoded on the worker gets nothing either.
    m_client->setOffThreadDecodeThreshold(0);
    m_a->setResponse(kApps, StubResponse::success(manyApplications(20000)));
    auto *second = new QObject;
    Capture<QList<AppSummary>> late;
    m_client->applications(second, late.callback());
    // The reply is handed to the worker the moment the request stops being pending; the
    // decode of 20,000 apps takes far longer than getting back here.
    QDeadlineTimer deadline(5000);
    while (m_client->pendingCount() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QCOMPARE(m_client->pendingCount(), 0);
    delete second;
    QTest::qWait(50);
    QCOMPARE(late.calls, 0);
}

void TestDroveClient::cancelDeliversCancelled()
{
    m_a->setResponse(kApps, StubResponse::hang());
    QSignalSpy failed(m_client, &DroveClient::requestFailed);
    Capture<QList<AppSummary>> capture;
    const auto id = m_client->applications(this, capture.callback());
    QTRY_COMPARE(m_a->count(kApps), 1);
    m_client->cancel(id);
    QTRY_COMPARE(capture.calls, 1);
    QCOMPARE(capture.result->error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(m_a->count(kApps), 1); // not retried
    QCOMPARE(failed.size(), 0);     // cancelling is not a failure worth reporting
}

void TestDroveClient::largeBodiesDecodeOffThread()
{
    m_client->setOffThreadDecodeThreshold(16);
    m_a->setResponse(kApps, StubResponse::json(200, referenceFile("resp-applications-list.json")));
    Capture<QList<AppSummary>> capture;
    m_client->applications(this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QVERIFY(capture.result->ok());
    QCOMPARE(capture.thread, QThread::currentThread()); // delivered on the caller's thread
}

void TestDroveClient::unchangedAppsShareThePreviousList()
{
    // A resync of 10,000 apps compared every string of the new list with the last one's (in the
    // models, in the tracker) and freed the last list: an unchanged app now comes back as the
    // previous list's value, so both are pointer comparisons.
    m_client->setOffThreadDecodeThreshold(16);
    m_a->setResponse(kApps, StubResponse::json(200, referenceFile("resp-applications-list.json")));
    Capture<QList<AppSummary>> first;
    m_client->applications(this, first.callback());
    QTRY_COMPARE(first.calls, 1);
    QVERIFY(first.result->ok());
    const QList<AppSummary> previous = first.result->value();
    QVERIFY(!previous.isEmpty());

    Capture<QList<AppSummary>> again;
    m_client->applications(this, again.callback(), previous);
    QTRY_COMPARE(again.calls, 1);
    QCOMPARE(again.result->value(), previous);
    QCOMPARE(again.result->value().first().id.constData(), previous.first().id.constData());
    QCOMPARE(again.result->value().first().name.constData(), previous.first().name.constData());

    // An app that differs from its previous value is delivered as its bytes say (here: as
    // remembered from the first decode of the same bytes), never as the previous value.
    QList<AppSummary> older = previous;
    older.first().healthyInstances += 1;
    Capture<QList<AppSummary>> changed;
    m_client->applications(this, changed.callback(), older);
    QTRY_COMPARE(changed.calls, 1);
    QCOMPARE(changed.result->value(), previous);
    QCOMPARE(changed.result->value().first().healthyInstances, older.first().healthyInstances - 1);
}

void TestDroveClient::largeBodiesArriveWholeInSlices()
{
    // A body is taken a slice (256 KiB) per turn of the event loop; a 3 MB one arrives whole,
    // and a cancel while it is being taken answers Cancelled once.
    QByteArray data = "{";
    const int count = 12000;
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            data += ',';
        const QByteArray id = "APP-" + QByteArray::number(i).rightJustified(5, '0');
        data += "\"" + id + "\":{\"id\":\"" + id
            + "\",\"name\":\"APP\",\"requiredInstances\":2,\"healthyInstances\":2,"
              "\"totalCPUs\":2,\"totalMemory\":1024,\"state\":\"RUNNING\",\"created\":1,"
              "\"updated\":"
            + QByteArray::number(i) + "}";
    }
    data += "}";
    QVERIFY(data.size() > 1024 * 1024);
    m_a->setResponse(kApps, StubResponse::success(data));
    Capture<QList<AppSummary>> apps;
    m_client->applications(this, apps.callback());
    QTRY_COMPARE(apps.calls, 1);
    QVERIFY2(apps.result->ok(), qPrintable(apps.result->error().userText()));
    QCOMPARE(apps.result->value().size(), count);
    QCOMPARE(apps.result->value().last().updated, qint64(count - 1));

    // A cancel while the body may still be being taken: exactly one answer, whole or
    // Cancelled (the local stub often answers before the cancel).
    Capture<QList<AppSummary>> cancelled;
    const auto id = m_client->applications(this, cancelled.callback());
    QTRY_VERIFY(m_a->count(kApps) >= 2);
    m_client->cancel(id);
    QTRY_COMPARE(cancelled.calls, 1);
    if (cancelled.result->ok())
        QCOMPARE(cancelled.result->value().size(), count);
    else
        QCOMPARE(cancelled.result->error().kind, ApiError::Kind::Cancelled);
    QTest::qWait(50);
    QCOMPARE(cancelled.calls, 1);
}

void TestDroveClient::downloadStreamsToDevice()
{
    const QString path
        = QStringLiteral("/apis/v1/logfiles/applications/APP-1/AI-1/download/output.log");
    QByteArray log;
    for (int i = 0; i < 20000; ++i)
        log += "line " + QByteArray::number(i) + "\n";
    m_a->setResponse(path, StubResponse::text(200, log, "application/octet-stream"));
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    Capture<qint64> capture;
    m_client->downloadInstanceLog(QStringLiteral("APP-1"), QStringLiteral("AI-1"),
                                  QStringLiteral("output.log"), &sink, this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QVERIFY(capture.result->ok());
    QCOMPARE(capture.result->value(), qint64(log.size()));
    QCOMPARE(sink.data(), log);

    // An error answer is classified, not written into the file.
    m_a->setResponse(path, StubResponse::text(403, "forbidden"));
    QBuffer other;
    other.open(QIODevice::WriteOnly);
    Capture<qint64> denied;
    m_client->downloadInstanceLog(QStringLiteral("APP-1"), QStringLiteral("AI-1"),
                                  QStringLiteral("output.log"), &other, this, denied.callback());
    QTRY_COMPARE(denied.calls, 1);
    QCOMPARE(denied.result->error().kind, ApiError::Kind::Forbidden);
    QVERIFY(other.data().isEmpty());

    m_a->setResponse(QStringLiteral("/apis/v1/logfiles/applications/APP-1/AI-1/list"),
                     StubResponse::json(200, "{\"files\":[\"output.log\",\"gc.log\"]}"));
    Capture<QStringList> files;
    m_client->instanceLogFiles(QStringLiteral("APP-1"), QStringLiteral("AI-1"), this,
                               files.callback());
    QTRY_COMPARE(files.calls, 1);
    QCOMPARE(files.result->value(),
             (QStringList {QStringLiteral("output.log"), QStringLiteral("gc.log")}));

    m_a->setResponse(QStringLiteral("/apis/v1/logfiles/applications/APP-1/AI-1/read/output.log"),
                     StubResponse::json(200, "{\"data\":\"tail\\n\",\"offset\":4096}"));
    Capture<LogChunk> chunk;
    m_client->readInstanceLog(QStringLiteral("APP-1"), QStringLiteral("AI-1"),
                              QStringLiteral("output.log"), -1, -1, this, chunk.callback());
    QTRY_COMPARE(chunk.calls, 1);
    QCOMPARE(chunk.result->value().data, QStringLiteral("tail\n"));
    QCOMPARE(chunk.result->value().offset, qint64(4096));
}

void TestDroveClient::leaderDiscoveryPicksTheLeader()
{
    m_a->setResponse(kPing, StubResponse::notLeader());
    m_b->setResponse(kPing, StubResponse::success("\"pong\""));
    m_b->setResponse(kApps, StubResponse::json(200, referenceFile("resp-applications-list.json")));
    m_client->setConnectionSettings(settingsFor({m_a->url(), m_b->url()}));
    QSignalSpy leaderChanged(m_client, &DroveClient::leaderChanged);
    Capture<QList<AppSummary>> capture;
    m_client->applications(this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QVERIFY(capture.result->ok());
    QCOMPARE(leaderChanged.size(), 1);
    QCOMPARE(leaderChanged.first().first().toUrl(), m_b->url());
    QCOMPARE(m_client->leader(), m_b->url());
    QCOMPARE(m_a->count(kApps), 0); // the follower never sees the read
}

void TestDroveClient::failoverWhenLeaderStops()
{
    m_a->setResponse(kPing, StubResponse::notLeader());
    m_b->setResponse(kPing, StubResponse::success("\"pong\""));
    const StubResponse apps = StubResponse::json(200, referenceFile("resp-applications-list.json"));
    m_a->setResponse(kApps, apps);
    m_b->setResponse(kApps, apps);
    m_client->setConnectionSettings(settingsFor({m_a->url(), m_b->url()}));
    QSignalSpy leaderChanged(m_client, &DroveClient::leaderChanged);
    Capture<QList<AppSummary>> first;
    m_client->applications(this, first.callback());
    QTRY_COMPARE(first.calls, 1);
    QCOMPARE(m_client->leader(), m_b->url());

    // B dies mid-run; A wins the election.
    m_b->stop();
    m_a->setResponse(kPing, StubResponse::success("\"pong\""));
    Capture<QList<AppSummary>> second;
    m_client->applications(this, second.callback());
    QTRY_COMPARE(second.calls, 1);
    QVERIFY2(second.result->ok(), qPrintable(second.result->error().userText()));
    QCOMPARE(m_client->leader(), m_a->url());
    QCOMPARE(leaderChanged.size(), 2);
    QCOMPARE(leaderChanged.last().first().toUrl(), m_a->url());
    QCOMPARE(m_a->count(kApps), 1);
}

void TestDroveClient::failoverOnNotLeader()
{
    m_a->setResponse(kPing, StubResponse::success("\"pong\""));
    m_b->setResponse(kPing, StubResponse::notLeader());
    const StubResponse apps = StubResponse::json(200, referenceFile("resp-applications-list.json"));
    m_a->setResponse(kApps, apps);
    m_b->setResponse(kApps, apps);
    m_client->setConnectionSettings(settingsFor({m_a->url(), m_b->url()}));
    Capture<QList<AppSummary>> first;
    m_client->applications(this, first.callback());
    QTRY_COMPARE(first.calls, 1);
    QCOMPARE(m_client->leader(), m_a->url());

    // Leadership moves: A now answers "not leader" everywhere, B is the leader.
    m_a->setResponse(kPing, StubResponse::notLeader());
    m_a->setResponse(kApps, StubResponse::notLeader());
    m_b->setResponse(kPing, StubResponse::success("\"pong\""));
    Capture<QList<AppSummary>> second;
    m_client->applications(this, second.callback());
    QTRY_COMPARE(second.calls, 1);
    QVERIFY(second.result->ok());
    QCOMPARE(m_client->leader(), m_b->url());

    // An operation answered "not leader" is not retried, but the next one finds the leader.
    m_b->setResponse(kOps, StubResponse::notLeader());
    m_a->setResponse(kPing, StubResponse::success("\"pong\""));
    m_b->setResponse(kPing, StubResponse::notLeader());
    m_a->setResponse(kOps, StubResponse::success("{\"appId\":\"TEST_APP-1\"}"));
    Capture<QString> op;
    m_client->submitOperation(scaleOp(), this, op.callback());
    QTRY_COMPARE(op.calls, 1);
    QCOMPARE(op.result->error().kind, ApiError::Kind::NotLeader);
    QCOMPARE(m_a->count(kOps), 0);
    Capture<QString> again;
    m_client->submitOperation(scaleOp(), this, again.callback());
    QTRY_COMPARE(again.calls, 1);
    QVERIFY(again.result->ok());
    QCOMPARE(m_a->count(kOps), 1);
    QCOMPARE(m_b->count(kOps), 1);
}

void TestDroveClient::discoveryFailureReportsWorstError()
{
    m_client->setRetryPolicy(fastRetries(1));
    m_a->setResponse(kPing, StubResponse::notLeader());
    m_b->setResponse(kPing, StubResponse::text(401, "Credentials are required"));
    m_client->setConnectionSettings(settingsFor({m_a->url(), m_b->url()}));
    Capture<QList<AppSummary>> capture;
    m_client->applications(this, capture.callback());
    QTRY_COMPARE(capture.calls, 1);
    QCOMPARE(capture.result->error().kind, ApiError::Kind::Unauthorized);

    m_b->setResponse(kPing, StubResponse::notLeader());
    Capture<QList<AppSummary>> election;
    m_client->applications(this, election.callback());
    QTRY_COMPARE(election.calls, 1);
    QCOMPARE(election.result->error().kind, ApiError::Kind::NotLeader);
}

void TestDroveClient::tlsVerification()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    StubHttpServer tls;
    QVERIFY(tls.enableTls(QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt"),
                          QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.key")));
    QVERIFY(tls.start());
    tls.setResponse(kApps, StubResponse::json(200, referenceFile("resp-applications-list.json")));

    // Verification is on by default: a self-signed controller is refused, not retried.
    m_client->setConnectionSettings(settingsFor({tls.url()}));
    Capture<QList<AppSummary>> verified;
    m_client->applications(this, verified.callback());
    QTRY_COMPARE_WITH_TIMEOUT(verified.calls, 1, 5000);
    QCOMPARE(ApiError::kindName(verified.result->error().kind), QStringLiteral("Tls"));
    QVERIFY(verified.result->error().userText().contains(QLatin1String("insecure")));
    QCOMPARE(tls.count(kApps), 0);

    // Only a profile marked insecure skips verification.
    ConnectionSettings insecure = settingsFor({tls.url()});
    insecure.insecure = true;
    m_client->setConnectionSettings(insecure);
    Capture<QList<AppSummary>> skipped;
    m_client->applications(this, skipped.callback());
    QTRY_COMPARE_WITH_TIMEOUT(skipped.calls, 1, 5000);
    QVERIFY2(skipped.result->ok(), qPrintable(skipped.result->error().userText()));
    QCOMPARE(tls.count(kApps), 1);
}

void TestDroveClient::proxyIsSetOnTheClientsManager()
{
    // The process-wide "use the system's configuration" is the executable's choice (main.cpp),
    // never switched by a client per connection.
    const bool systemBefore = QNetworkProxyFactory::usesSystemConfiguration();

    // A profile's own proxy: every request, discovery included, goes through it.
    ConnectionSettings settings = settingsFor({QUrl(QStringLiteral("http://drove.invalid:7000"))});
    settings.proxyMode = ProxyMode::Manual;
    settings.proxyUrl = m_b->url();
    m_client->setConnectionSettings(settings);
    QCOMPARE(m_network->proxy().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(int(m_network->proxy().port()), m_b->url().port());
    m_b->setResponse(kPing, StubResponse::success("\"pong\""));
    Capture<void> viaProxy;
    m_client->ping(this, viaProxy.callback());
    QTRY_COMPARE(viaProxy.calls, 1);
    QVERIFY2(viaProxy.result->ok(), qPrintable(viaProxy.result->error().userText()));
    QVERIFY(m_b->count(kPing) >= 1);
    QCOMPARE(m_b->requests().constLast().headers.value("host"), QByteArray("drove.invalid:7000"));

    // None: straight to the controller.
    settings = settingsFor({m_a->url()});
    settings.proxyMode = ProxyMode::None;
    m_client->setConnectionSettings(settings);
    QCOMPARE(m_network->proxy().type(), QNetworkProxy::NoProxy);
    m_a->setResponse(kPing, StubResponse::success("\"pong\""));
    Capture<void> direct;
    m_client->ping(this, direct.callback());
    QTRY_COMPARE(direct.calls, 1);
    QVERIFY(direct.result->ok());
    QVERIFY(m_a->count(kPing) >= 1);

    // System: the application's proxy factory decides, as main() set it up.
    settings.proxyMode = ProxyMode::System;
    m_client->setConnectionSettings(settings);
    QCOMPARE(m_network->proxy().type(), QNetworkProxy::DefaultProxy);
    QCOMPARE(QNetworkProxyFactory::usesSystemConfiguration(), systemBefore);
}

QTEST_GUILESS_MAIN(TestDroveClient)
#include "tst_droveclient.moc"
