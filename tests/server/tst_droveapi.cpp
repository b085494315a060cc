// The Drove HTTP contract of the embedded controller, over loopback: response shapes against the
// real reference payloads, the seed's operations walked end to end, every row of the error
// catalogue, racing operations, and the log file APIs.
#include "serverfixture.h"

#include "protocol/applicationstate.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace drove::controller;
using namespace drove::controller::http;

namespace {

const QString kApp = QStringLiteral("TEST_APP-1");

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("undefined");
    }
}

bool isIntegral(const QJsonValue &value)
{
    const double d = value.toDouble();
    return d == double(qint64(d));
}

// Objects whose keys are data (NUMA node ids, port names, tags, app ids): compare the shape of
// one value, not the key names.
const QSet<QString> kMapKeys {QStringLiteral("cores"),      QStringLiteral("memoryInMB"),
                              QStringLiteral("freeCores"),  QStringLiteral("usedCores"),
                              QStringLiteral("freeMemory"), QStringLiteral("usedMemory"),
                              QStringLiteral("ports"),      QStringLiteral("tags"),
                              QStringLiteral("env"),        QStringLiteral("eventsCount")};
// Values that legitimately differ in type per entry: only "is an object" is compared.
const QSet<QString> kOpaqueKeys {QStringLiteral("metadata")};
// Present in the older docs samples but not emitted by Drove 1.33.3 (drove-api.md §9).
const QSet<QString> kRetiredKeys {QStringLiteral("blacklisted")};

void compareShape(const QJsonValue &reference, const QJsonValue &actual, const QString &path,
                  bool mapMode, QStringList *problems)
{
    if (reference.type() != actual.type()) {
        problems->append(QStringLiteral("%1: %2 expected, got %3")
                             .arg(path, typeName(reference), typeName(actual)));
        return;
    }
    if (reference.isDouble() && isIntegral(reference) && !isIntegral(actual)) {
        problems->append(
            QStringLiteral("%1: integer expected, got %2").arg(path).arg(actual.toDouble()));
        return;
    }
    if (reference.isArray()) {
        const QJsonArray r = reference.toArray();
        const QJsonArray a = actual.toArray();
        if (!r.isEmpty() && !a.isEmpty())
            compareShape(r.first(), a.first(), path + QStringLiteral("[0]"), false, problems);
        return;
    }
    if (!reference.isObject())
        return;
    const QJsonObject r = reference.toObject();
    const QJsonObject a = actual.toObject();
    if (mapMode) {
        if (!r.isEmpty() && !a.isEmpty())
            compareShape(r.begin().value(), a.begin().value(), path + QStringLiteral(".*"), false,
                         problems);
        return;
    }
    for (auto it = r.begin(); it != r.end(); ++it) {
        if (kRetiredKeys.contains(it.key()))
            continue;
        const QString childPath = path + QLatin1Char('.') + it.key();
        if (!a.contains(it.key())) {
            problems->append(childPath + QStringLiteral(": missing"));
            continue;
        }
        if (kOpaqueKeys.contains(it.key())) {
            if (!a.value(it.key()).isObject())
                problems->append(childPath + QStringLiteral(": object expected"));
            continue;
        }
        compareShape(it.value(), a.value(it.key()), childPath,
                     kMapKeys.contains(it.key()) && it.value().isObject(), problems);
    }
}

} // namespace

class TestDroveApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void referenceShapes_data();
    void referenceShapes();
    void instanceWireRules();
    void seedWalk();
    void errorCatalogue_data();
    void errorCatalogue();
    void maintenanceWindow();
    void validateSpec();
    void racingOperations();
    void logFiles();
    void garbageBodies_data();
    void garbageBodies();
    void dashboard();

private:
    HttpTestClient::Response post(const QString &path, const QByteArray &body)
    {
        return m_fx->client->post(path, body);
    }
    HttpTestClient::Response get(const QString &path) { return m_fx->client->get(path); }
    /// CREATE TEST_APP-1 then scale it to \a healthy instances, through HTTP.
    void deploy(int healthy);
    QStringList healthyIds();

    std::unique_ptr<ServerFixture> m_fx;
};

void TestDroveApi::init()
{
    m_fx = std::make_unique<ServerFixture>();
}

void TestDroveApi::cleanup()
{
    m_fx.reset();
}

void TestDroveApi::deploy(int healthy)
{
    const auto created
        = post(QStringLiteral("/apis/v1/applications/operations"),
               ServerFixture::readData(QStringLiteral("drove-reference/op-create.json")));
    QCOMPARE(created.status, 200);
    QVERIFY(m_fx->settle(kApp));
    if (healthy == 0)
        return;
    const QJsonObject scale {
        {QStringLiteral("type"), QStringLiteral("SCALE")},
        {QStringLiteral("appId"), kApp},
        {QStringLiteral("requiredInstances"), healthy},
        {QStringLiteral("opSpec"),
         QJsonObject {{QStringLiteral("timeout"), QStringLiteral("5m")},
                      {QStringLiteral("parallelism"), 4},
                      {QStringLiteral("failureStrategy"), QStringLiteral("STOP")}}}};
    QCOMPARE(post(QStringLiteral("/apis/v1/applications/operations"), toBytes(scale)).status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(healthyIds().size(), healthy);
}

QStringList TestDroveApi::healthyIds()
{
    QStringList ids;
    const auto response
        = get(QStringLiteral("/apis/v1/applications/%1/instances?state=HEALTHY").arg(kApp));
    for (const QJsonValue &instance : response.data().toArray())
        ids.append(instance.toObject().value(QStringLiteral("instanceId")).toString());
    return ids;
}

void TestDroveApi::referenceShapes_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("dataIsMap");

    auto row = [](const char *ref, const char *verb, const char *path, bool map = false) {
        QTest::newRow(ref) << QString::fromLatin1(ref) << QByteArray(verb)
                           << QString::fromLatin1(path) << map;
    };
    row("resp-ping.json", "GET", "/apis/v1/ping");
    row("resp-applications-list.json", "GET", "/apis/v1/applications", true);
    row("resp-application-summary.json", "GET", "/apis/v1/applications/TEST_APP-1");
    row("resp-application-spec.json", "GET", "/apis/v1/applications/TEST_APP-1/spec");
    row("resp-application-instances.json", "GET", "/apis/v1/applications/TEST_APP-1/instances");
    row("resp-application-old-instances.json", "GET",
        "/apis/v1/applications/TEST_APP-1/instances/old");
    row("resp-application-instance-info.json", "GET",
        "/apis/v1/applications/TEST_APP-1/instances/{instance}");
    row("resp-endpoints.json", "GET", "/apis/v1/endpoints");
    row("resp-cluster-summary.json", "GET", "/apis/v1/cluster");
    row("resp-executors-list.json", "GET", "/apis/v1/cluster/executors");
    row("resp-executor-details.json", "GET", "/apis/v1/cluster/executors/{executor}");
    row("resp-events-latest.json", "GET",
        "/apis/v1/cluster/events/latest?lastSyncTime=0&size=1024");
    row("resp-events-summary.json", "GET", "/apis/v1/cluster/events/summary?lastSyncTime=0");
    row("resp-events-legacy-list.json", "GET", "/apis/v1/cluster/events?lastSyncTime=0");
    row("resp-operation-accepted.json", "POST", "/apis/v1/applications/operations");
    row("resp-cancel-success.json", "POST", "/apis/v1/applications/operations/TEST_APP-1/cancel");
    row("resp-maintenance-set.json", "POST", "/apis/v1/cluster/maintenance/set");
    row("resp-maintenance-unset.json", "POST", "/apis/v1/cluster/maintenance/unset");
    row("resp-executors-blacklist.json", "POST",
        "/apis/v1/cluster/executors/blacklist?id={executor}");
}

void TestDroveApi::referenceShapes()
{
    QFETCH(QString, reference);
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(bool, dataIsMap);

    // One running instance, one stopped (old) instance, events from both.
    deploy(2);
    const QString victim = healthyIds().value(0);
    const QJsonObject stop {
        {QStringLiteral("type"), QStringLiteral("STOP_INSTANCES")},
        {QStringLiteral("appId"), kApp},
        {QStringLiteral("instanceIds"), QJsonArray {victim}},
        {QStringLiteral("skipRespawn"), true},
        {QStringLiteral("opSpec"),
         QJsonObject {{QStringLiteral("timeout"), QStringLiteral("5m")},
                      {QStringLiteral("parallelism"), 1},
                      {QStringLiteral("failureStrategy"), QStringLiteral("STOP")}}}};
    QCOMPARE(post(QStringLiteral("/apis/v1/applications/operations"), toBytes(stop)).status, 200);
    QVERIFY(m_fx->settle(kApp));
    const QJsonObject survivor = get(QStringLiteral("/apis/v1/applications/TEST_APP-1/instances"))
                                     .data()
                                     .toArray()
                                     .first()
                                     .toObject();
    path.replace(QStringLiteral("{instance}"),
                 survivor.value(QStringLiteral("instanceId")).toString());
    path.replace(QStringLiteral("{executor}"),
                 survivor.value(QStringLiteral("executorId")).toString());

    QByteArray body;
    if (reference == QLatin1String("resp-operation-accepted.json")) {
        body = ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json"));
    } else if (reference == QLatin1String("resp-cancel-success.json")) {
        // Something cancellable: a slow one-at-a-time scale-up, cancelled while it runs.
        const QJsonObject scale {
            {QStringLiteral("type"), QStringLiteral("SCALE")},
            {QStringLiteral("appId"), kApp},
            {QStringLiteral("requiredInstances"), 6},
            {QStringLiteral("opSpec"),
             QJsonObject {{QStringLiteral("timeout"), QStringLiteral("5m")},
                          {QStringLiteral("parallelism"), 1},
                          {QStringLiteral("failureStrategy"), QStringLiteral("STOP")}}}};
        QCOMPARE(post(QStringLiteral("/apis/v1/applications/operations"), toBytes(scale)).status,
                 200);
        m_fx->clock.advance(500);
    }

    const HttpTestClient::Response response = m_fx->client->send(
        verb, path, body,
        {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}});
    QCOMPARE(response.status, 200);
    const QJsonObject expected = ServerFixture::reference(reference);
    const QJsonObject actual = response.object();
    QVERIFY2(actual.value(QStringLiteral("status")) == QStringLiteral("SUCCESS"),
             response.body.constData());

    QStringList problems;
    // Envelope: same keys (cancel has no data key in either).
    const QStringList actualKeys = actual.keys();
    const QStringList expectedKeys = expected.keys();
    QCOMPARE(actualKeys, expectedKeys); // QJsonObject keys come sorted
    if (expected.contains(QStringLiteral("data"))) {
        compareShape(expected.value(QStringLiteral("data")), actual.value(QStringLiteral("data")),
                     QStringLiteral("data"), dataIsMap, &problems);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("\n"))));
}

void TestDroveApi::instanceWireRules()
{
    deploy(2);
    const QJsonArray instances
        = get(QStringLiteral("/apis/v1/applications/TEST_APP-1/instances")).data().toArray();
    QCOMPARE(instances.size(), 2);
    for (const QJsonValue &value : instances) {
        const QJsonObject instance = value.toObject();
        QVERIFY(instance.value(QStringLiteral("instanceId"))
                    .toString()
                    .startsWith(QLatin1String("AI-")));
        QVERIFY(instance.value(QStringLiteral("errorMessage")).isString());
        QVERIFY(instance.value(QStringLiteral("metadata")).isObject());
        QVERIFY(isIntegral(instance.value(QStringLiteral("created"))));
        QVERIFY(instance.value(QStringLiteral("created")).toDouble() > 1.7e12); // epoch ms
        QVERIFY(isIntegral(instance.value(QStringLiteral("updated"))));
        const QString executorId = instance.value(QStringLiteral("executorId")).toString();
        QVERIFY2(QUuid::fromString(executorId).version() == QUuid::Md5, qPrintable(executorId));
        const QJsonObject ports = instance.value(QStringLiteral("localInfo"))
                                      .toObject()
                                      .value(QStringLiteral("ports"))
                                      .toObject();
        const QJsonObject main = ports.value(QStringLiteral("main")).toObject();
        QCOMPARE(main.value(QStringLiteral("containerPort")).toInt(), 8000);
        QVERIFY(main.value(QStringLiteral("hostPort")).toInt() > 0);
        QCOMPARE(main.value(QStringLiteral("portType")).toString(), QStringLiteral("HTTP"));
    }
    // /applications is an object keyed by app id with integer counts.
    const QJsonObject apps = get(QStringLiteral("/apis/v1/applications")).data().toObject();
    QVERIFY(apps.contains(kApp));
    const QJsonObject summary = apps.value(kApp).toObject();
    QCOMPARE(summary.value(QStringLiteral("healthyInstances")).toDouble(), 2.0);
    QCOMPARE(summary.value(QStringLiteral("totalCPUs")).toDouble(), 2.0);
    QCOMPARE(summary.value(QStringLiteral("totalMemory")).toDouble(), 256.0);
}

void TestDroveApi::seedWalk()
{
    const QString submit = QStringLiteral("/apis/v1/applications/operations");
    auto summary = [this] {
        return get(QStringLiteral("/apis/v1/applications/TEST_APP-1")).data().toObject();
    };
    auto state = [&] {
        return summary().value(QStringLiteral("state")).toString();
    };

    // Create: none → MONITORING.
    auto response
        = post(submit, ServerFixture::readData(QStringLiteral("drove-reference/op-create.json")));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.object(),
             ServerFixture::reference(QStringLiteral("resp-operation-accepted.json")));
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(state(), QStringLiteral("MONITORING"));

    // Start 2 instances (the seed's payload verbatim): → RUNNING with 2 healthy.
    response = post(
        submit, ServerFixture::readData(QStringLiteral("drove-reference/op-start-instances.json")));
    QCOMPARE(response.status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(state(), QStringLiteral("RUNNING"));
    QCOMPARE(summary().value(QStringLiteral("healthyInstances")).toInt(), 2);

    // Scale (verbatim: requiredInstances 2) stays RUNNING; then to 3 and back down to 2, oldest
    // first (project decision).
    response
        = post(submit, ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json")));
    QCOMPARE(response.status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(state(), QStringLiteral("RUNNING"));
    QJsonObject scale
        = QJsonDocument::fromJson(
              ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json")))
              .object();
    scale.insert(QStringLiteral("requiredInstances"), 3);
    QCOMPARE(post(submit, toBytes(scale)).status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(summary().value(QStringLiteral("healthyInstances")).toInt(), 3);
    const QStringList beforeDown = healthyIds();
    scale.insert(QStringLiteral("requiredInstances"), 2);
    QCOMPARE(post(submit, toBytes(scale)).status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(summary().value(QStringLiteral("requiredInstances")).toInt(), 2);
    QCOMPARE(healthyIds().size(), 2);

    // Restart (verbatim, all instances): → RUNNING, same count, all ids new.
    const QStringList beforeReplace = healthyIds();
    response = post(
        submit,
        ServerFixture::readData(QStringLiteral("drove-reference/op-replace-instances.json")));
    QCOMPARE(response.status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(state(), QStringLiteral("RUNNING"));
    const QStringList afterReplace = healthyIds();
    QCOMPARE(afterReplace.size(), 2);
    for (const QString &id : beforeReplace)
        QVERIFY2(!afterReplace.contains(id), qPrintable(id));

    // Kill one instance with skipRespawn (the seed's payload with a real instance id):
    // → RUNNING with one instance, desired count 1, the victim listed as old.
    QJsonObject stop
        = QJsonDocument::fromJson(
              ServerFixture::readData(QStringLiteral("drove-reference/op-stop-instances.json")))
              .object();
    stop.insert(QStringLiteral("instanceIds"), QJsonArray {afterReplace.first()});
    QCOMPARE(post(submit, toBytes(stop)).status, 200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(state(), QStringLiteral("RUNNING"));
    QCOMPARE(summary().value(QStringLiteral("requiredInstances")).toInt(), 1);
    QCOMPARE(healthyIds(), QStringList {afterReplace.last()});
    bool listedOld = false;
    for (const QJsonValue &old :
         get(QStringLiteral("/apis/v1/applications/TEST_APP-1/instances/old")).data().toArray())
        listedOld |= old.toObject().value(QStringLiteral("instanceId")).toString()
            == afterReplace.first();
    QVERIFY(listedOld);

    // Suspend (verbatim): → MONITORING with nothing running.
    QCOMPARE(
        post(submit, ServerFixture::readData(QStringLiteral("drove-reference/op-suspend.json")))
            .status,
        200);
    QVERIFY(m_fx->settle(kApp));
    QCOMPARE(state(), QStringLiteral("MONITORING"));
    QCOMPARE(healthyIds().size(), 0);

    // Destroy (verbatim): the app disappears.
    QCOMPARE(
        post(submit, ServerFixture::readData(QStringLiteral("drove-reference/op-destroy.json")))
            .status,
        200);
    QVERIFY(m_fx->settle(kApp));
    response = get(QStringLiteral("/apis/v1/applications/TEST_APP-1"));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.envelopeStatus(), QStringLiteral("FAILED"));
    QVERIFY(!get(QStringLiteral("/apis/v1/applications")).data().toObject().contains(kApp));

    // The whole story is in the events, newest first.
    const QJsonArray events
        = get(QStringLiteral("/apis/v1/cluster/events?size=100000")).data().toArray();
    QVERIFY(events.size() > 10);
    QVERIFY(events.first().toObject().value(QStringLiteral("time")).toDouble()
            >= events.last().toObject().value(QStringLiteral("time")).toDouble());
}

void TestDroveApi::errorCatalogue_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("envelope"); // "" = no envelope expected
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("errorContains"); // in data.validationErrors; "" = no data key

    const QByteArray opSpec
        = R"("opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"})";
    const QString submit = QStringLiteral("/apis/v1/applications/operations");
    const QString cmd = QStringLiteral("Command validation failure");
    const QString json = QStringLiteral("JSON validation failure");

    QTest::newRow("unknown app summary")
        << QByteArray("GET") << "/apis/v1/applications/NOPE-1" << QByteArray() << 200 << "FAILED"
        << "App NOPE-1 not found"
        << "";
    QTest::newRow("unknown app spec") << QByteArray("GET") << "/apis/v1/applications/NOPE-1/spec"
                                      << QByteArray() << 200 << "FAILED"
                                      << "App NOPE-1 not found"
                                      << "";
    QTest::newRow("unknown instance")
        << QByteArray("GET") << "/apis/v1/applications/TEST_APP-1/instances/AI-x" << QByteArray()
        << 200 << "FAILED"
        << "No such application instance TEST_APP-1/AI-x"
        << "";
    QTest::newRow("unknown executor")
        << QByteArray("GET") << "/apis/v1/cluster/executors/nope" << QByteArray() << 200 << "FAILED"
        << "No executor found with id: nope"
        << "";
    QTest::newRow("instances of unknown app")
        << QByteArray("GET") << "/apis/v1/applications/NOPE-1/instances" << QByteArray() << 200
        << "SUCCESS"
        << "success"
        << "";
    QTest::newRow("old instances of unknown app")
        << QByteArray("GET") << "/apis/v1/applications/NOPE-1/instances/old" << QByteArray() << 200
        << "SUCCESS"
        << "success"
        << "";
    QTest::newRow("malformed json")
        << QByteArray("POST") << submit << QByteArray("{\"type\": \"SCALE\",") << 400 << "FAILED"
        << json << "Malformed";
    QTest::newRow("unknown type")
        << QByteArray("POST") << submit
        << QByteArray(R"({"type":"SCALE_INSTANCES","appId":"TEST_APP-1","requiredInstances":1,)"
                      + opSpec + "}")
        << 400 << "FAILED" << json << "SCALE_INSTANCES";
    QTest::newRow("lower-case type")
        << QByteArray("POST") << submit
        << QByteArray(R"({"type":"scale","appId":"TEST_APP-1","requiredInstances":1,)" + opSpec
                      + "}")
        << 400 << "FAILED" << json << "scale";
    QTest::newRow("missing type") << QByteArray("POST") << submit
                                  << QByteArray(R"({"appId":"TEST_APP-1"})") << 400 << "FAILED"
                                  << json << "type";
    QTest::newRow("bad enum")
        << QByteArray("POST") << submit
        << QByteArray(
               R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"SIDEWAYS"}})")
        << 400 << "FAILED" << json << "SIDEWAYS";
    QTest::newRow("bad duration")
        << QByteArray("POST") << submit
        << QByteArray(
               R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5 parsecs","parallelism":1,"failureStrategy":"STOP"}})")
        << 400 << "FAILED" << json << "parsecs";
    QTest::newRow("empty body") << QByteArray("POST") << submit << QByteArray() << 400 << "FAILED"
                                << cmd << "may not be null";
    QTest::newRow("null body") << QByteArray("POST") << submit << QByteArray("null") << 400
                               << "FAILED" << cmd << "may not be null";
    QTest::newRow("parallelism 0")
        << QByteArray("POST") << submit
        << QByteArray(
               R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":0,"failureStrategy":"STOP"}})")
        << 400 << "FAILED" << cmd << "parallelism";
    QTest::newRow("parallelism 33")
        << QByteArray("POST") << submit
        << QByteArray(
               R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":33,"failureStrategy":"STOP"}})")
        << 400 << "FAILED" << cmd << "parallelism";
    QTest::newRow("rollback refused")
        << QByteArray("POST") << submit
        << QByteArray(
               R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"ROLLBACK"}})")
        << 400 << "FAILED" << cmd << "STOP";
    QTest::newRow("op on unknown app")
        << QByteArray("POST") << submit
        << QByteArray(R"({"type":"SCALE","appId":"NOPE-1","requiredInstances":1,)" + opSpec + "}")
        << 400 << "FAILED" << cmd << "No state found for app: NOPE-1";
    QTest::newRow("op not allowed in state")
        << QByteArray("POST") << submit
        << QByteArray(R"({"type":"STOP_INSTANCES","appId":"TEST_APP-1","instanceIds":["AI-1"],)"
                      + opSpec + "}")
        << 400 << "FAILED" << cmd << "MONITORING";
    QTest::newRow("create twice") << QByteArray("POST") << submit
                                  << ServerFixture::readData(
                                         QStringLiteral("drove-reference/op-create.json"))
                                  << 400 << "FAILED" << cmd << "App TEST_APP-1 already exists";
    QTest::newRow("cancel with nothing to cancel")
        << QByteArray("POST") << "/apis/v1/applications/operations/TEST_APP-1/cancel"
        << QByteArray() << 400 << "FAILED"
        << "Current operation could not be cancelled"
        << "";
    QTest::newRow("cancel unknown app (deprecated path)")
        << QByteArray("POST") << "/apis/v1/operations/NOPE-1/cancel" << QByteArray() << 400
        << "FAILED"
        << "Current operation could not be cancelled"
        << "";
    QTest::newRow("size below range")
        << QByteArray("GET") << "/apis/v1/applications?size=-1" << QByteArray() << 400 << "FAILED"
        << cmd << "query param size must be greater than or equal to 0";
    QTest::newRow("from above range")
        << QByteArray("GET") << "/apis/v1/applications?from=2147483647" << QByteArray() << 400
        << "FAILED" << cmd << "query param from must be less than or equal to 2147483646";
    QTest::newRow("old start below range")
        << QByteArray("GET") << "/apis/v1/applications/TEST_APP-1/instances/old?start=-5"
        << QByteArray() << 400 << "FAILED" << cmd << "query param start";
    QTest::newRow("events size below range")
        << QByteArray("GET") << "/apis/v1/cluster/events/latest?size=-1" << QByteArray() << 400
        << "FAILED" << cmd << "query param size";
    QTest::newRow("events lastSyncTime below range")
        << QByteArray("GET") << "/apis/v1/cluster/events/summary?lastSyncTime=-1" << QByteArray()
        << 400 << "FAILED" << cmd << "query param lastSyncTime";
    QTest::newRow("non-numeric query param")
        << QByteArray("GET") << "/apis/v1/applications?from=abc" << QByteArray() << 404 << ""
        << ""
        << "";
    QTest::newRow("unknown state filter")
        << QByteArray("GET") << "/apis/v1/applications/TEST_APP-1/instances?state=FOO"
        << QByteArray() << 404 << ""
        << ""
        << "";
    QTest::newRow("blacklist without ids")
        << QByteArray("POST") << "/apis/v1/cluster/executors/blacklist" << QByteArray() << 400
        << "FAILED" << cmd << "query param id must not be empty";
    QTest::newRow("unknown path") << QByteArray("GET") << "/apis/v1/applicationz" << QByteArray()
                                  << 404 << ""
                                  << ""
                                  << "";
    QTest::newRow("wrong method") << QByteArray("DELETE") << "/apis/v1/applications/TEST_APP-1"
                                  << QByteArray() << 405 << ""
                                  << ""
                                  << "";
}

void TestDroveApi::errorCatalogue()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, envelope);
    QFETCH(QString, message);
    QFETCH(QString, errorContains);

    deploy(0); // TEST_APP-1 exists, MONITORING
    const auto response = m_fx->client->send(
        verb, path, body,
        body.isEmpty()
            ? QList<QPair<QByteArray, QByteArray>> {}
            : QList<QPair<QByteArray, QByteArray>> {{"Content-Type", "application/json"}});
    QCOMPARE(response.status, status);
    if (envelope.isEmpty()) {
        QVERIFY(!response.object().contains(QStringLiteral("status")));
        return;
    }
    const QJsonObject object = response.object();
    QCOMPARE(response.envelopeStatus(), envelope);
    QCOMPARE(response.message(), message);
    if (envelope == QLatin1String("FAILED")) {
        // A failure never carries "data": null; it has data only with validation errors.
        QVERIFY(!object.contains(QStringLiteral("data"))
                || object.value(QStringLiteral("data")).isObject());
        if (errorContains.isEmpty()) {
            QVERIFY2(!object.contains(QStringLiteral("data")), response.body.constData());
        } else {
            const QJsonArray errors
                = response.data().toObject().value(QStringLiteral("validationErrors")).toArray();
            QVERIFY2(!errors.isEmpty(), response.body.constData());
            bool found = false;
            for (const QJsonValue &error : errors)
                found |= error.toString().contains(errorContains);
            QVERIFY2(found, response.body.constData());
        }
    } else if (path.endsWith(QLatin1String("/instances")) || path.endsWith(QLatin1String("/old"))) {
        QCOMPARE(response.data().toArray().size(), 0);
    }
}

void TestDroveApi::maintenanceWindow()
{
    deploy(1);
    const QString executorId = get(QStringLiteral("/apis/v1/applications/TEST_APP-1/instances"))
                                   .data()
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("executorId"))
                                   .toString();
    auto set = post(QStringLiteral("/apis/v1/cluster/maintenance/set"), QByteArray());
    QCOMPARE(set.status, 200);
    QCOMPARE(set.data().toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("MAINTENANCE"));

    // Commands are blocked with a validation failure ...
    auto op = post(QStringLiteral("/apis/v1/applications/operations"),
                   ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json")));
    QCOMPARE(op.status, 400);
    QCOMPARE(op.message(), QStringLiteral("Command validation failure"));
    QCOMPARE(op.data().toObject().value(QStringLiteral("validationErrors")).toArray(),
             QJsonArray {QStringLiteral("Cluster is in maintenance mode")});
    // ... blacklisting answers 200 FAILED without data ...
    auto blacklist = post(QStringLiteral("/apis/v1/cluster/executors/%1/blacklist").arg(executorId),
                          QByteArray());
    QCOMPARE(blacklist.status, 200);
    QCOMPARE(blacklist.object(),
             QJsonObject(
                 {{QStringLiteral("status"), QStringLiteral("FAILED")},
                  {QStringLiteral("message"), QStringLiteral("Cluster is in maintenance mode")}}));
    // ... reads still work, and so does unset; the 40 s tail keeps blocking commands.
    QCOMPARE(get(QStringLiteral("/apis/v1/applications")).status, 200);
    QCOMPARE(post(QStringLiteral("/apis/v1/cluster/maintenance/unset"), QByteArray()).status, 200);
    QCOMPARE(post(QStringLiteral("/apis/v1/applications/operations"),
                  ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json")))
                 .status,
             400);
    m_fx->clock.advance(41000);
    QCOMPARE(post(QStringLiteral("/apis/v1/applications/operations"),
                  ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json")))
                 .status,
             200);
}

void TestDroveApi::validateSpec()
{
    const QByteArray spec
        = ServerFixture::readData(QStringLiteral("drove-reference/app-spec.test_app.json"));
    auto ok = post(QStringLiteral("/apis/v1/applications/validate/spec"), spec);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.data().toObject(), QJsonObject({{QStringLiteral("valid"), true}}));

    QJsonObject bad = QJsonDocument::fromJson(spec).object();
    QJsonObject health = bad.value(QStringLiteral("healthcheck")).toObject();
    QJsonObject mode = health.value(QStringLiteral("mode")).toObject();
    mode.insert(QStringLiteral("portName"), QStringLiteral("admin"));
    health.insert(QStringLiteral("mode"), mode);
    bad.insert(QStringLiteral("healthcheck"), health);
    auto rejected = post(QStringLiteral("/apis/v1/applications/validate/spec"), toBytes(bad));
    QCOMPARE(rejected.status, 400);
    QCOMPARE(rejected.message(), QStringLiteral("Command validation failure"));
    QVERIFY2(rejected.body.contains("Invalid port name for health check: admin"),
             rejected.body.constData());
}

void TestDroveApi::racingOperations()
{
    deploy(1);
    // Two clients, two connections, sent before either is answered.
    QNetworkAccessManager first, second;
    const QUrl url(
        QStringLiteral("http://127.0.0.1:%1/apis/v1/applications/operations").arg(m_fx->port));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QJsonObject scale
        = QJsonDocument::fromJson(
              ServerFixture::readData(QStringLiteral("drove-reference/op-scale.json")))
              .object();
    scale.insert(QStringLiteral("requiredInstances"), 4);
    QNetworkReply *a = first.post(request, toBytes(scale));
    scale.insert(QStringLiteral("requiredInstances"), 5);
    QNetworkReply *b = second.post(request, toBytes(scale));
    QTRY_VERIFY_WITH_TIMEOUT(a->isFinished() && b->isFinished(), 10000);
    const int statusA = a->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const int statusB = b->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bodyA = a->readAll(), bodyB = b->readAll();
    delete a;
    delete b;
    QCOMPARE(QList<int>({statusA, statusB}).count(200), 1);
    QCOMPARE(QList<int>({statusA, statusB}).count(400), 1);
    const QByteArray rejected = statusA == 400 ? bodyA : bodyB;
    QVERIFY2(rejected.contains("Command validation failure"), rejected.constData());
    QVERIFY(m_fx->settle(kApp));
    const int healthy = get(QStringLiteral("/apis/v1/applications/TEST_APP-1"))
                            .data()
                            .toObject()
                            .value(QStringLiteral("healthyInstances"))
                            .toInt();
    QCOMPARE(healthy, statusA == 200 ? 4 : 5);
}

void TestDroveApi::logFiles()
{
    deploy(1);
    const QString instanceId = healthyIds().value(0);
    m_fx->clock.advance(10000); // let the instance log some traffic
    const QString base
        = QStringLiteral("/apis/v1/logfiles/applications/TEST_APP-1/%1").arg(instanceId);
    const auto list = get(base + QStringLiteral("/list"));
    QCOMPARE(list.status, 200);
    const QJsonArray files = list.object().value(QStringLiteral("files")).toArray();
    QVERIFY2(!files.isEmpty(), list.body.constData());
    QVERIFY(!list.object().contains(QStringLiteral("status"))); // not enveloped
    const QString file = files.first().toString();

    // offset -1: where the end is, no data (the CLI's tail starts like this).
    const auto end = get(base + QStringLiteral("/read/%1?offset=-1").arg(file));
    QCOMPARE(end.status, 200);
    const qint64 size = qint64(end.object().value(QStringLiteral("offset")).toDouble());
    QVERIFY(size > 0);
    QCOMPARE(end.object().value(QStringLiteral("data")).toString(), QString());

    const auto head = get(base + QStringLiteral("/read/%1?offset=0&length=16").arg(file));
    QCOMPARE(head.status, 200);
    QCOMPARE(head.object().value(QStringLiteral("offset")).toDouble(), 0.0);
    QCOMPARE(head.object().value(QStringLiteral("data")).toString().size(), qMin<qint64>(16, size));

    const auto download = get(base + QStringLiteral("/download/%1").arg(file));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.headers.value("content-type"), QByteArray("text/plain"));
    QVERIFY(download.headers.value("content-disposition").contains(file.toUtf8()));
    QVERIFY(download.body.size() >= size);

    QCOMPARE(get(base + QStringLiteral("/read/%1?length=99999999").arg(file)).status, 400);
    QCOMPARE(get(base + QStringLiteral("/read/nope.log")).status, 400);
    QCOMPARE(get(base + QStringLiteral("/read/..%2Fetc%2Fpasswd")).status, 400);
    QCOMPARE(get(QStringLiteral("/apis/v1/logfiles/applications/TEST_APP-1/AI-none/list")).status,
             400);
}

void TestDroveApi::garbageBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::newRow("binary") << QByteArray::fromHex("00ff10ee8899")
                            << QByteArray("application/octet-stream") << 415;
    QTest::newRow("binary as json")
        << QByteArray::fromHex("00ff10ee8899") << QByteArray("application/json") << 400;
    QTest::newRow("json array") << QByteArray("[1,2,3]") << QByteArray("application/json") << 400;
    QTest::newRow("json string") << QByteArray("\"SCALE\"") << QByteArray("application/json")
                                 << 400;
    QTest::newRow("deep nesting") << QByteArray(100000, '[') << QByteArray("application/json")
                                  << 400;
    QTest::newRow("invalid utf8") << QByteArray("{\"type\":\"\xff\xfe\"}")
                                  << QByteArray("application/json") << 400;
    QTest::newRow("wrong field types")
        << QByteArray(R"({"type":"SCALE","appId":7,"requiredInstances":"many","opSpec":[]})")
        << QByteArray("application/json") << 400;
    QTest::newRow("huge number") << QByteArray(
        R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1e300,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})")
                                 << QByteArray("application/json") << 400;
    QTest::newRow("form content type, json body") << QByteArray(
        R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})")
                                                  << QByteArray("application/x-www-form-urlencoded")
                                                  << 415;
    QTest::newRow("no content type, json body") << QByteArray(
        R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})")
                                                << QByteArray() << 415;
    QTest::newRow("json with charset") << QByteArray(
        R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})")
                                       << QByteArray("application/json; charset=UTF-8") << 200;
}

void TestDroveApi::garbageBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    deploy(0);
    // Once with the row's content type (deprecated path), once as JSON (canonical path).
    const auto typed = m_fx->client->post(QStringLiteral("/apis/v1/operations"), body, contentType);
    QList<HttpTestClient::Response> responses {typed};
    if (status == 400) // the same bytes sent as JSON are still refused
        responses.append(post(QStringLiteral("/apis/v1/applications/operations"), body));
    for (const auto &r : std::as_const(responses)) {
        QVERIFY2(r.status != 500 && r.status != 0, r.body.constData());
        QCOMPARE(r.envelopeStatus(),
                 status == 200 ? QStringLiteral("SUCCESS") : QStringLiteral("FAILED"));
    }
    QCOMPARE(typed.status, status);
    QCOMPARE(get(QStringLiteral("/apis/v1/ping")).status, 200);
}

void TestDroveApi::dashboard()
{
    deploy(3);
    const auto response = get(QStringLiteral("/apis/v1/cluster/dashboard"));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.envelopeStatus(), QStringLiteral("SUCCESS"));
    const QJsonObject data = response.data().toObject();
    for (const char *key : {"clusterSummary", "appStats", "taskStats", "serviceStats",
                            "executorStats", "generatedAt"})
        QVERIFY2(data.contains(QLatin1String(key)), key);
    QVERIFY(data.value(QStringLiteral("generatedAt")).isDouble());
    // The cluster summary is the same object GET /cluster answers.
    QCOMPARE(data.value(QStringLiteral("clusterSummary")).toObject(),
             get(QStringLiteral("/apis/v1/cluster")).data().toObject());

    const QJsonObject apps = data.value(QStringLiteral("appStats")).toObject();
    const QJsonObject byState = apps.value(QStringLiteral("appCountByState")).toObject();
    // Every state is listed (zero when no app is in it), like the real EnumMap.
    QCOMPARE(byState.size(),
             qsizetype(drove::protocol::enumValues<drove::protocol::ApplicationState>().size()));
    QCOMPARE(byState.value(QStringLiteral("RUNNING")).toInteger(), 1);
    QCOMPARE(byState.value(QStringLiteral("DESTROYED")).toInteger(), 0);
    QCOMPARE(apps.value(QStringLiteral("totalHealthyInstances")).toInteger(), 3);
    const QJsonArray top = apps.value(QStringLiteral("topApps")).toArray();
    QCOMPARE(top.size(), 1);
    QCOMPARE(top.first().toObject().value(QStringLiteral("id")).toString(), kApp);
    QCOMPARE(top.first().toObject(),
             get(QStringLiteral("/apis/v1/applications/%1").arg(kApp)).data().toObject());

    const QJsonObject executors = data.value(QStringLiteral("executorStats")).toObject();
    const QJsonObject executorStates
        = executors.value(QStringLiteral("executorCountByState")).toObject();
    const qint64 executorCount
        = get(QStringLiteral("/apis/v1/cluster/executors")).data().toArray().size();
    QCOMPARE(executorStates.value(QStringLiteral("ACTIVE")).toInteger(), executorCount);
    const QJsonObject utilization = executors.value(QStringLiteral("utilization")).toObject();
    const double highest = utilization.value(QStringLiteral("highestUtilization")).toDouble();
    const double lowest = utilization.value(QStringLiteral("lowestUtilization")).toDouble();
    const double average = utilization.value(QStringLiteral("averageUtilization")).toDouble();
    QVERIFY(highest > 0 && highest <= 1);
    QVERIFY(lowest <= average && average <= highest);
    QVERIFY(utilization.value(QStringLiteral("balanceScore")).toDouble() >= 0);

    const QJsonObject tasks = data.value(QStringLiteral("taskStats")).toObject();
    QCOMPARE(tasks.value(QStringLiteral("taskCountByState")).toObject().size(), 10);
    QVERIFY(tasks.value(QStringLiteral("topTasks")).toArray().isEmpty());
    const QJsonObject services = data.value(QStringLiteral("serviceStats")).toObject();
    QCOMPARE(services.value(QStringLiteral("serviceCountByActivationState")).toObject().size(), 3);
    QCOMPARE(services.value(QStringLiteral("totalHealthyInstances")).toInteger(), 0);
}

QTEST_MAIN(TestDroveApi)
#include "tst_droveapi.moc"
