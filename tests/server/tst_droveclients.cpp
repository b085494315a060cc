// How clients meet the server: the role matrix of drove-api.md §0.3 over the real routes,
// follower mode, and a session replayed byte for byte the way the official drove CLI
// (python-requests) talks: ping first, Basic auth on every call, JSON bodies, body-less cancel
// on the deprecated path, all on one keep-alive connection.
#include "serverfixture.h"

#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>

using namespace drove::controller;
using namespace drove::controller::http;

namespace {

const QList<ApiUser> kUsers {
    {QStringLiteral("ro"), QStringLiteral("ro-pw"), UserRole::ReadOnly},
    {QStringLiteral("rw"), QStringLiteral("rw-pw"), UserRole::ReadWrite},
    {QStringLiteral("ops"), QStringLiteral("ops-pw"), UserRole::Maintenance},
    {QStringLiteral("admin"), QStringLiteral("admin"), UserRole::Root},
};

enum class Kind {
    Read,
    Ping,
    Operate,
    OperateDeprecated,
    Cancel,
    ValidateSpec,
    Maintenance,
    BlacklistBulk,
    BlacklistOne,
    Logs
};

/// One HTTP exchange on a persistent connection, like a requests.Session.
class CliSession
{
public:
    CliSession(quint16 port, const QByteArray &user, const QByteArray &password)
        : m_port(port)
        , m_auth("Basic " + QByteArray(user + ':' + password).toBase64())
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        m_socket.waitForConnected(5000);
    }

    struct Answer
    {
        int status = 0;
        QByteArray head;
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    /// `json` as python's json.dumps writes it (", " and ": " separators) when given.
    Answer call(const QByteArray &verb, const QByteArray &path,
                const std::optional<QJsonObject> &json = std::nullopt)
    {
        QByteArray body;
        if (json) {
            body = QJsonDocument(*json).toJson(QJsonDocument::Compact);
            body.replace("\",\"", "\", \"").replace("\":", "\": ");
        }
        QByteArray request = verb + ' ' + path + " HTTP/1.1\r\n" + "Host: 127.0.0.1:"
            + QByteArray::number(m_port) + "\r\n" + "User-Agent: python-requests/2.31.0\r\n"
            + "Accept-Encoding: gzip, deflate\r\n" + "Accept: */*\r\n"
            + "Connection: keep-alive\r\n" + "Authorization: " + m_auth + "\r\n";
        if (verb == "POST")
            request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (json)
            request += "Content-Type: application/json\r\n";
        request += "\r\n" + body;
        m_socket.write(request);

        // The server runs on this thread: wait by spinning the event loop, never by blocking.
        QByteArray buffer;
        Answer answer;
        // Timing out is fine here: what follows checks what arrived.
        (void)QTest::qWaitFor(
            [&] {
                buffer += m_socket.readAll();
                const qsizetype end = buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return false;
                answer.head = buffer.left(end);
                const QByteArray lower = answer.head.toLower();
                const qsizetype cl = lower.indexOf("content-length: ");
                const qint64 length
                    = lower.mid(cl + 16, lower.indexOf("\r\n", cl) - cl - 16).toLongLong();
                if (buffer.size() < end + 4 + length)
                    return false;
                answer.status = answer.head.mid(9, 3).toInt();
                answer.body = buffer.mid(end + 4, length);
                return true;
            },
            5000);
        return answer;
    }

    bool stillConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

private:
    quint16 m_port;
    QByteArray m_auth;
    QTcpSocket m_socket;
};

QJsonObject opSpec(int parallelism = 1)
{
    return QJsonObject {{QStringLiteral("timeout"), QStringLiteral("5m")},
                        {QStringLiteral("parallelism"), parallelism},
                        {QStringLiteral("failureStrategy"), QStringLiteral("STOP")}};
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestDroveClients : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roleMatrix_data();
    void roleMatrix();
    void followerAfterAuth_data();
    void followerAfterAuth();
    void cliSession();
};

void TestDroveClients::roleMatrix_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("expected"); // 401, 403, or 0 = allowed (anything but 401/403)

    struct Who
    {
        const char *name;
        const char *user;
        const char *password;
    };
    const Who who[] = {{"anonymous", "", ""},
                       {"bad password", "admin", "wrong"},
                       {"READ_ONLY", "ro", "ro-pw"},
                       {"READ_WRITE", "rw", "rw-pw"},
                       {"MAINTENANCE", "ops", "ops-pw"},
                       {"ROOT", "admin", "admin"}};
    struct What
    {
        const char *name;
        Kind kind;
    };
    const What what[] = {{"read", Kind::Read},
                         {"ping", Kind::Ping},
                         {"operation", Kind::Operate},
                         {"operation (deprecated path)", Kind::OperateDeprecated},
                         {"cancel", Kind::Cancel},
                         {"validate spec", Kind::ValidateSpec},
                         {"maintenance", Kind::Maintenance},
                         {"blacklist bulk", Kind::BlacklistBulk},
                         {"blacklist one", Kind::BlacklistOne},
                         {"log files", Kind::Logs}};
    for (const Who &w : who) {
        for (const What &x : what) {
            const QString user = QString::fromLatin1(w.user);
            int expected = 0;
            if (user.isEmpty() || QByteArray(w.password) == "wrong") {
                expected = 401;
            } else {
                const bool ro = user == QLatin1String("ro"), rw = user == QLatin1String("rw"),
                           ops = user == QLatin1String("ops");
                switch (x.kind) {
                case Kind::Operate:
                case Kind::OperateDeprecated:
                case Kind::Cancel:
                    expected = (ro || ops) ? 403 : 0;
                    break;
                case Kind::Maintenance:
                case Kind::BlacklistBulk:
                case Kind::BlacklistOne:
                    expected = (ro || rw) ? 403 : 0;
                    break;
                case Kind::Logs:
                    expected = ops ? 403 : 0;
                    break;
                default:
                    expected = 0;
                }
            }
            QTest::addRow("%s x %s", w.name, x.name)
                << user << QString::fromLatin1(w.password) << x.kind << expected;
        }
    }
}

void TestDroveClients::roleMatrix()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(Kind, kind);
    QFETCH(int, expected);

    ServerFixture fx({}, kUsers);
    fx.client->setCredentials(user, password);
    const QByteArray scale
        = R"({"type":"SCALE","appId":"NOPE-1","requiredInstances":1,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})";
    HttpTestClient::Response response;
    switch (kind) {
    case Kind::Read:
        response = fx.client->get(QStringLiteral("/apis/v1/applications"));
        break;
    case Kind::Ping:
        response = fx.client->get(QStringLiteral("/apis/v1/ping"));
        break;
    case Kind::Operate:
        response = fx.client->post(QStringLiteral("/apis/v1/applications/operations"), scale);
        break;
    case Kind::OperateDeprecated:
        response = fx.client->post(QStringLiteral("/apis/v1/operations"), scale);
        break;
    case Kind::Cancel:
        response = fx.client->postEmpty(
            QStringLiteral("/apis/v1/applications/operations/NOPE-1/cancel"));
        break;
    case Kind::ValidateSpec:
        response = fx.client->post(
            QStringLiteral("/apis/v1/applications/validate/spec"),
            ServerFixture::readData(QStringLiteral("drove-reference/app-spec.test_app.json")));
        break;
    case Kind::Maintenance:
        response = fx.client->postEmpty(QStringLiteral("/apis/v1/cluster/maintenance/set"));
        break;
    case Kind::BlacklistBulk:
        response
            = fx.client->postEmpty(QStringLiteral("/apis/v1/cluster/executors/blacklist?id=x"));
        break;
    case Kind::BlacklistOne:
        response = fx.client->postEmpty(QStringLiteral("/apis/v1/cluster/executors/x/blacklist"));
        break;
    case Kind::Logs:
        response
            = fx.client->get(QStringLiteral("/apis/v1/logfiles/applications/NOPE-1/AI-1/list"));
        break;
    }
    if (expected == 0) {
        QVERIFY2(response.status != 401 && response.status != 403 && response.status != 0,
                 qPrintable(QString::number(response.status)));
        return;
    }
    QCOMPARE(response.status, expected);
    QVERIFY(!response.json().isObject()); // neither 401 nor 403 carries the envelope
    if (expected == 401) {
        QCOMPARE(response.headers.value("www-authenticate"), QByteArray("Basic realm=\"realm\""));
        QCOMPARE(response.body, QByteArray("Credentials are required to access this resource."));
    }
}

void TestDroveClients::followerAfterAuth_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("ping as root") << "admin"
                                  << "/apis/v1/ping" << 400;
    QTest::newRow("apps as read-only") << "ro"
                                       << "/apis/v1/applications" << 400;
    QTest::newRow("anonymous") << ""
                               << "/apis/v1/ping" << 401;
}

void TestDroveClients::followerAfterAuth()
{
    QFETCH(QString, user);
    QFETCH(QString, path);
    QFETCH(int, status);
    ControllerConfig config;
    config.leader = false;
    ServerFixture fx(config, kUsers);
    fx.client->setCredentials(
        user, user == QLatin1String("admin") ? QStringLiteral("admin") : QStringLiteral("ro-pw"));
    const auto response = fx.client->get(path);
    QCOMPARE(response.status, status);
    if (status == 400) {
        QCOMPARE(response.object(),
                 QJsonObject({{QStringLiteral("status"), QStringLiteral("FAILED")},
                              {QStringLiteral("message"),
                               QStringLiteral("This node is not the leader controller")}}));
    }
}

void TestDroveClients::cliSession()
{
    ServerFixture fx({}, kUsers);
    CliSession cli(fx.port, "admin", "admin");

    // DroveClient.start(): GET /apis/v1/ping, must be 200 with data.
    auto answer = cli.call("GET", "/apis/v1/ping");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(QStringLiteral("data")).toString(), QStringLiteral("pong"));

    // apps create sample/test_app.json
    const QJsonObject spec
        = QJsonDocument::fromJson(
              ServerFixture::readData(QStringLiteral("drove-reference/app-spec.test_app.json")))
              .object();
    answer = cli.call(
        "POST", "/apis/v1/applications/operations",
        QJsonObject {{QStringLiteral("type"), QStringLiteral("CREATE")},
                     {QStringLiteral("spec"), spec},
                     {QStringLiteral("opSpec"),
                      QJsonObject {{QStringLiteral("timeout"), QStringLiteral("5m")},
                                   {QStringLiteral("parallelism"), 1},
                                   {QStringLiteral("failureStrategy"), QStringLiteral("STOP")}}}});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("appId"))
                 .toString(),
             QStringLiteral("TEST_APP-1"));

    // apps deploy TEST_APP-1 2
    answer = cli.call("POST", "/apis/v1/applications/operations",
                      QJsonObject {{QStringLiteral("type"), QStringLiteral("START_INSTANCES")},
                                   {QStringLiteral("appId"), QStringLiteral("TEST_APP-1")},
                                   {QStringLiteral("instances"), 2},
                                   {QStringLiteral("opSpec"), opSpec()}});
    QCOMPARE(answer.status, 200);
    QVERIFY(fx.settle(QStringLiteral("TEST_APP-1")));

    // apps list: the columns the CLI prints, from a map keyed by app id.
    answer = cli.call("GET", "/apis/v1/applications");
    QCOMPARE(answer.status, 200);
    const QJsonObject app = answer.json()
                                .value(QStringLiteral("data"))
                                .toObject()
                                .value(QStringLiteral("TEST_APP-1"))
                                .toObject();
    for (const char *key : {"name", "state", "totalCPUs", "totalMemory", "requiredInstances",
                            "healthyInstances", "created", "updated"})
        QVERIFY2(app.contains(QLatin1String(key)), key);
    QCOMPARE(app.value(QStringLiteral("healthyInstances")).toInt(), 2);

    // appinstances list: instanceId, localInfo.hostname, ports' hostPort, state, errorMessage,
    // created, updated.
    answer = cli.call("GET", "/apis/v1/applications/TEST_APP-1/instances");
    const QJsonArray instances = answer.json().value(QStringLiteral("data")).toArray();
    QCOMPARE(instances.size(), 2);
    const QJsonObject instance = instances.first().toObject();
    QVERIFY(!instance.value(QStringLiteral("localInfo"))
                 .toObject()
                 .value(QStringLiteral("hostname"))
                 .toString()
                 .isEmpty());
    QVERIFY(instance.value(QStringLiteral("localInfo"))
                .toObject()
                .value(QStringLiteral("ports"))
                .toObject()
                .value(QStringLiteral("main"))
                .toObject()
                .contains(QStringLiteral("hostPort")));
    for (const char *key : {"instanceId", "state", "errorMessage", "created", "updated"})
        QVERIFY2(instance.contains(QLatin1String(key)), key);
    const QString instanceId = instance.value(QStringLiteral("instanceId")).toString();

    // appinstances logs / tail: list, then read from offset -1, then from the returned offset.
    answer = cli.call(
        "GET", "/apis/v1/logfiles/applications/TEST_APP-1/" + instanceId.toLatin1() + "/list");
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.json()
                .value(QStringLiteral("files"))
                .toArray()
                .contains(QStringLiteral("output.log")));
    answer = cli.call("GET",
                      "/apis/v1/logfiles/applications/TEST_APP-1/" + instanceId.toLatin1()
                          + "/read/output.log?offset=-1");
    QCOMPARE(answer.status, 200);
    const qint64 offset = qint64(answer.json().value(QStringLiteral("offset")).toDouble());
    fx.clock.advance(5000);
    answer = cli.call("GET",
                      "/apis/v1/logfiles/applications/TEST_APP-1/" + instanceId.toLatin1()
                          + "/read/output.log?offset=" + QByteArray::number(offset));
    QCOMPARE(answer.status, 200);
    QCOMPARE(qint64(answer.json().value(QStringLiteral("offset")).toDouble()), offset);

    // apps scale TEST_APP-1 6 -p 1, then cancelop while it runs: body-less POST on the
    // deprecated path, no Content-Type, Content-Length: 0.
    answer = cli.call("POST", "/apis/v1/applications/operations",
                      QJsonObject {{QStringLiteral("type"), QStringLiteral("SCALE")},
                                   {QStringLiteral("appId"), QStringLiteral("TEST_APP-1")},
                                   {QStringLiteral("requiredInstances"), 6},
                                   {QStringLiteral("opSpec"), opSpec(1)}});
    QCOMPARE(answer.status, 200);
    fx.clock.advance(500);
    answer = cli.call("POST", "/apis/v1/operations/TEST_APP-1/cancel");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json(),
             QJsonObject({{QStringLiteral("status"), QStringLiteral("SUCCESS")},
                          {QStringLiteral("message"), QStringLiteral("success")}}));
    QVERIFY(fx.settle(QStringLiteral("TEST_APP-1")));
    answer = cli.call("POST", "/apis/v1/operations/TEST_APP-1/cancel");
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Current operation could not be cancelled"));

    // appinstances kill (always skipRespawn) and the error the CLI prints for a bad id.
    answer = cli.call("POST", "/apis/v1/applications/operations",
                      QJsonObject {{QStringLiteral("type"), QStringLiteral("STOP_INSTANCES")},
                                   {QStringLiteral("appId"), QStringLiteral("TEST_APP-1")},
                                   {QStringLiteral("instanceIds"),
                                    QJsonArray {QStringLiteral("AI-does-not-exist")}},
                                   {QStringLiteral("skipRespawn"), true},
                                   {QStringLiteral("opSpec"), opSpec()}});
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.json()
                .value(QStringLiteral("data"))
                .toObject()
                .value(QStringLiteral("validationErrors"))
                .toArray()
                .size()
            > 0);

    // Every exchange above used the same connection.
    QVERIFY(cli.stillConnected());
}

QTEST_MAIN(TestDroveClients)
#include "tst_droveclients.moc"
