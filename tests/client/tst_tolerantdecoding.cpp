// Answers from other Drove versions and gateways (tests/client/data/other-droves), through the
// whole client path (HTTP, envelope, fast path and its fallback, typed decode): fields that
// came or went, nulls, unknown enum values kept as the text received, numbers as strings or
// floats, ISO-8601 timestamps, and envelopes other than this project's. Also how the models
// show what they do not know.
#include "client/droveclient.h"

#include "models/applicationsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"

#include "stubhttpserver.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace drove::client;
using namespace drove;

namespace {

QByteArray payload(const QString &name)
{
    QFile file(QStringLiteral(DROVE_CLIENT_TEST_DATA "/other-droves/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test payload %s", qPrintable(name));
    return file.readAll().trimmed();
}

QString ms(const char *iso)
{
    return QString::number(
        QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toMSecsSinceEpoch());
}

} // namespace

class TestTolerantDecoding : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void payloads_data();
    void payloads();
    void unknownStatesShowAsReceived();

private:
    /// The answer to `call` when the controller answers `status` with the payload `file`, one
    /// line per row ("id state …"), or "error <Kind> <message>|<detail>".
    QStringList fetch(const QString &call, int status, const QString &file);

    QNetworkAccessManager *m_network = nullptr;
    StubHttpServer *m_server = nullptr;
    DroveClient *m_client = nullptr;
};

void TestTolerantDecoding::init()
{
    m_network = new QNetworkAccessManager(this);
    m_server = new StubHttpServer(this);
    QVERIFY(m_server->start());
    m_client = new DroveClient(m_network, this);
    RetryPolicy noRetries;
    noRetries.maxAttempts = 1;
    m_client->setRetryPolicy(noRetries);
    ConnectionSettings settings;
    settings.endpoints = {m_server->url()};
    m_client->setConnectionSettings(settings);
}

void TestTolerantDecoding::cleanup()
{
    delete m_client;
    delete m_server;
    delete m_network;
}

QStringList TestTolerantDecoding::fetch(const QString &call, int status, const QString &file)
{
    const StubResponse response = StubResponse::json(status, payload(file));
    QStringList lines;
    bool done = false;
    const auto failed = [&lines, &done](const ApiError &error) {
        lines << QStringLiteral("error %1 %2|%3")
                     .arg(ApiError::kindName(error.kind), error.message, error.detail);
        done = true;
    };
    if (call == QLatin1String("applications")) {
        m_server->setResponse(QStringLiteral("/apis/v1/applications"), response);
        m_client->applications(this, [&](const Result<QList<protocol::AppSummary>> &r) {
            if (!r.ok())
                return failed(r.error());
            for (const protocol::AppSummary &app : r.value())
                lines << QStringLiteral("%1 %2 %3/%4 %5 %6 %7")
                             .arg(app.id,
                                  app.state ? protocol::toString(*app.state)
                                            : (app.stateText.isEmpty() ? QStringLiteral("-")
                                                                       : app.stateText))
                             .arg(app.healthyInstances)
                             .arg(app.requiredInstances)
                             .arg(app.totalMemory)
                             .arg(app.created)
                             .arg(app.updated);
            done = true;
        });
    } else if (call == QLatin1String("instances")) {
        m_server->setResponse(QStringLiteral("/apis/v1/applications/A-1/instances"), response);
        m_client->instances(
            QStringLiteral("A-1"), {}, this, [&](const Result<QList<protocol::InstanceInfo>> &r) {
                if (!r.ok())
                    return failed(r.error());
                for (const protocol::InstanceInfo &i : r.value())
                    lines << QStringLiteral("%1 %2 %3 %4 %5")
                                 .arg(i.instanceId, protocol::toString(i.state),
                                      i.stateText.isEmpty() ? QStringLiteral("-") : i.stateText,
                                      i.localInfo ? i.localInfo->hostname : QStringLiteral("-"))
                                 .arg(i.hostPort(QStringLiteral("main")));
                done = true;
            });
    } else if (call == QLatin1String("events")) {
        m_server->setResponse(QStringLiteral("/apis/v1/cluster/events/latest"), response);
        m_client->latestEvents(0, 10, this, [&](const Result<protocol::DroveEventsList> &r) {
            if (!r.ok())
                return failed(r.error());
            for (const protocol::DroveEvent &e : r.value().events)
                lines << QStringLiteral("%1 %2 %3")
                             .arg(e.typeName(),
                                  e.isKnownType() ? QStringLiteral("known")
                                                  : QStringLiteral("unknown"))
                             .arg(e.time);
            done = true;
        });
    } else if (call == QLatin1String("legacyEvents")) {
        m_server->setResponse(QStringLiteral("/apis/v1/cluster/events"), response);
        m_client->legacyEvents(0, 10, this, [&](const Result<QList<protocol::DroveEvent>> &r) {
            if (!r.ok())
                return failed(r.error());
            for (const protocol::DroveEvent &e : r.value())
                lines << QStringLiteral("%1 %2").arg(e.typeName()).arg(e.time);
            done = true;
        });
    } else if (call == QLatin1String("executors")) {
        m_server->setResponse(QStringLiteral("/apis/v1/cluster/executors"), response);
        m_client->executors(this, [&](const Result<QList<protocol::ExecutorSummary>> &r) {
            if (!r.ok())
                return failed(r.error());
            for (const protocol::ExecutorSummary &e : r.value())
                lines << QStringLiteral("%1 %2 %3 %4 %5")
                             .arg(e.executorId, e.hostname)
                             .arg(e.port)
                             .arg(e.freeCores)
                             .arg(e.freeMemory);
            done = true;
        });
    }
    if (!QTest::qWaitFor([&done] { return done; }, 5000))
        lines << QStringLiteral("no answer");
    return lines;
}

void TestTolerantDecoding::payloads_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("older apps: no message, tags, updated or state")
        << "applications" << 200 << "applications-older.json"
        << QStringList {QStringLiteral("BARE-1 - 0/0 0 1619892354194 0"),
                        QStringLiteral("OLD_APP-1 RUNNING 2/2 256 1619892354194 0")};
    QTest::newRow("newer apps: unknown fields and state, null tags")
        << "applications" << 200 << "applications-newer.json"
        << QStringList {QStringLiteral("NEW_APP-3 PARTIALLY_DEPLOYED 1/3 384 1819892354194 "
                                       "1819892359999"),
                        QStringLiteral("WEB-1 RUNNING 1/1 128 1819892354194 1819892354194")};
    QTest::newRow("numbers as strings and floats, ISO-8601 times")
        << "applications" << 200 << "applications-loose-numbers.json"
        << QStringList {QStringLiteral("LOOSE-1 RUNNING 2/3 384 %1 %2")
                            .arg(ms("2024-07-02T04:05:06.123Z"), ms("2024-07-02T04:06:06.000Z"))};
    QTest::newRow("instances of 2021: no appName, resources, errorMessage; null localInfo")
        << "instances" << 200 << "instances-2021.json"
        << QStringList {QStringLiteral("AI-1 HEALTHY - host-1 31000"),
                        QStringLiteral("AI-2 PROVISIONING - - 0")};
    QTest::newRow("newer instance: unknown state and port type, nulls")
        << "instances" << 200 << "instances-newer.json"
        << QStringList {QStringLiteral("AI-9 UNKNOWN DRAINING host-2 31000")};
    QTest::newRow("events: an unknown type is kept, as received")
        << "events" << 200 << "events-newer.json"
        << QStringList {QStringLiteral("INSTANCE_STATE_CHANGE known 1819892354300"),
                        QStringLiteral("APP_DEPLOYMENT_PROMOTED unknown 1819892354200"),
                        QStringLiteral("APP_STATE_CHANGE known 1819892354100")};
    QTest::newRow("legacy events: bare list, no cursor, no message")
        << "legacyEvents" << 200 << "events-legacy.json"
        << QStringList {QStringLiteral("MAINTENANCE_MODE_REMOVED 1679294033668"),
                        QStringLiteral("MAINTENANCE_MODE_SET 1679294027327")};
    QTest::newRow("older executors: no transport or tags, numbers as strings")
        << "executors" << 200 << "executors-older.json"
        << QStringList {QStringLiteral("ex-1 host-1 3000 9 18898")};
    QTest::newRow("200 with status FAILURE")
        << "applications" << 200 << "failure-status.json"
        << QStringList {QStringLiteral("error DroveFailure Controller is in maintenance|")};
    QTest::newRow("500 with status ERROR, nothing else")
        << "applications" << 500 << "error-no-message.json"
        << QStringList {QStringLiteral("error DroveFailure |status ERROR")};
    QTest::newRow("200 that is not an envelope")
        << "applications" << 200 << "not-an-envelope.json"
        << QStringList {QStringLiteral("error Decode |not a Drove response envelope (no status): "
                                       "{\"error\":\"route not configured on this gateway\","
                                       "\"service\":\"drove\"}")};
}

void TestTolerantDecoding::payloads()
{
    QFETCH(QString, call);
    QFETCH(int, status);
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    QCOMPARE(fetch(call, status, file), expected);
}

void TestTolerantDecoding::unknownStatesShowAsReceived()
{
    QList<protocol::AppSummary> apps;
    m_server->setResponse(
        QStringLiteral("/apis/v1/applications"),
        StubResponse::json(200, payload(QStringLiteral("applications-newer.json"))));
    m_client->applications(this, [&apps](const Result<QList<protocol::AppSummary>> &r) {
        if (r.ok())
            apps = r.value();
    });
    QTRY_COMPARE(apps.size(), 2);
    models::ApplicationsModel model;
    model.applyApplications(apps);
    QCOMPARE(model.rowCount(), 2); // never a dropped row
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(models::AppIdRole).toString() == QLatin1String("NEW_APP-3"))
            row = r;
    QVERIFY(row >= 0);
    const QModelIndex state = model.index(row, models::ApplicationsModel::StateColumn);
    QCOMPARE(state.data().toString(), QStringLiteral("PARTIALLY_DEPLOYED"));
    QCOMPARE(state.data(models::StateNameRole).toString(), QStringLiteral("PARTIALLY_DEPLOYED"));
    QCOMPARE(state.data(models::StateRole).toInt(), -1); // the facets' "other" state
    QVERIFY(!state.data(Qt::DecorationRole).isValid());  // neutral badge: no state colour

    QList<protocol::InstanceInfo> instances;
    m_server->setResponse(QStringLiteral("/apis/v1/applications/NEW_APP-3/instances"),
                          StubResponse::json(200, payload(QStringLiteral("instances-newer.json"))));
    m_client->instances(QStringLiteral("NEW_APP-3"), {}, this,
                        [&instances](const Result<QList<protocol::InstanceInfo>> &r) {
                            if (r.ok())
                                instances = r.value();
                        });
    QTRY_COMPARE(instances.size(), 1);
    models::InstancesModel instancesModel;
    instancesModel.setApplication(QStringLiteral("NEW_APP-3"));
    instancesModel.applyActiveInstances(QStringLiteral("NEW_APP-3"), instances);
    QCOMPARE(instancesModel.rowCount(), 1);
    QCOMPARE(instancesModel.index(0, models::InstancesModel::StateColumn).data().toString(),
             QStringLiteral("DRAINING"));
}

QTEST_MAIN(TestTolerantDecoding)
#include "tst_tolerantdecoding.moc"
