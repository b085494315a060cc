// The HTTP pipeline of ApiServer without the engine: routing, statuses, auth, follower mode,
// limits and hostile input, over loopback on an ephemeral port.
#include "controller/http/apiserver.h"
#include "httptestclient.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <stdexcept>

using namespace drove::controller::http;

class TestApiServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void routing_data();
    void routing();
    void headHasNoBody();
    void auth_data();
    void auth();
    void followerAnswersAfterAuth_data();
    void followerAnswersAfterAuth();
    void handlerExceptionIsEnvelope();
    void oversizedBodies_data();
    void oversizedBodies();
    void hostileBytes_data();
    void hostileBytes();
    void expectContinue();
    void connectionClose();
    void requestLog();
    void userSpec_data();
    void userSpec();

private:
    void startServer();
    quint16 m_port = 0;
    ApiServer *m_server = nullptr;
};

namespace {

Route route(HttpMethod method, const QString &pattern, Access access, const QString &tag)
{
    return Route {method, pattern, access, [tag](const ApiRequest &request) {
                      QJsonObject data {{QStringLiteral("tag"), tag}};
                      for (auto it = request.pathParams.cbegin(); it != request.pathParams.cend();
                           ++it)
                          data.insert(it.key(), it.value());
                      data.insert(QStringLiteral("user"), request.principal.name);
                      data.insert(QStringLiteral("bodySize"), request.body.size());
                      return HttpReply::success(data);
                  }};
}

} // namespace

void TestApiServer::init()
{
    m_server = new ApiServer;
    Router &router = m_server->router();
    router.add(route(HttpMethod::Get, QStringLiteral("/apis/v1/ping"), Access::AnyUser,
                     QStringLiteral("ping")));
    router.add(route(HttpMethod::Get, QStringLiteral("/apis/v1/applications/{appId}"),
                     Access::AnyUser, QStringLiteral("summary")));
    router.add(route(HttpMethod::Get,
                     QStringLiteral("/apis/v1/applications/{appId}/instances/{instanceId}"),
                     Access::AnyUser, QStringLiteral("instance")));
    router.add(route(HttpMethod::Get, QStringLiteral("/apis/v1/applications/{appId}/instances/old"),
                     Access::AnyUser, QStringLiteral("old")));
    router.add(route(HttpMethod::Post, QStringLiteral("/apis/v1/applications/operations"),
                     Access::Operate, QStringLiteral("submit")));
    router.add(route(HttpMethod::Post, QStringLiteral("/apis/v1/cluster/maintenance/set"),
                     Access::Maintain, QStringLiteral("maintenance")));
    router.add(route(HttpMethod::Get,
                     QStringLiteral("/apis/v1/logfiles/applications/{appId}/{instanceId}/list"),
                     Access::ReadLogs, QStringLiteral("logs")));
    router.add(Route {HttpMethod::Get, QStringLiteral("/apis/v1/boom"), Access::AnyUser,
                      [](const ApiRequest &) -> HttpReply {
                          throw std::runtime_error("kaput");
                      }});
}

void TestApiServer::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

void TestApiServer::startServer()
{
    QString error;
    m_port = m_server->listenOn(QHostAddress::LocalHost, 0, &error);
    QVERIFY2(m_port != 0, qPrintable(error));
}

void TestApiServer::routing_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("tag");

    QTest::newRow("ping") << QByteArray("GET") << "/apis/v1/ping" << 200 << "ping";
    QTest::newRow("trailing slash") << QByteArray("GET") << "/apis/v1/ping/" << 200 << "ping";
    QTest::newRow("query ignored by routing")
        << QByteArray("GET") << "/apis/v1/ping?x=1" << 200 << "ping";
    QTest::newRow("param") << QByteArray("GET") << "/apis/v1/applications/TEST_APP-1" << 200
                           << "summary";
    QTest::newRow("encoded param")
        << QByteArray("GET") << "/apis/v1/applications/A%2DB-1" << 200 << "summary";
    QTest::newRow("literal beats param")
        << QByteArray("GET") << "/apis/v1/applications/X-1/instances/old" << 200 << "old";
    QTest::newRow("instance param")
        << QByteArray("GET") << "/apis/v1/applications/X-1/instances/AI-1" << 200 << "instance";
    QTest::newRow("unknown path") << QByteArray("GET") << "/apis/v1/nothing" << 404 << "";
    QTest::newRow("root") << QByteArray("GET") << "/" << 404 << "";
    QTest::newRow("prefix only") << QByteArray("GET") << "/apis/v1" << 404 << "";
    QTest::newRow("longer path") << QByteArray("GET") << "/apis/v1/ping/extra" << 404 << "";
    QTest::newRow("double slash") << QByteArray("GET") << "/apis//v1/ping" << 404 << "";
    QTest::newRow("wrong method on known path")
        << QByteArray("POST") << "/apis/v1/ping" << 405 << "";
    QTest::newRow("GET on POST route")
        << QByteArray("GET") << "/apis/v1/applications/operations" << 405 << "";
    QTest::newRow("DELETE") << QByteArray("DELETE") << "/apis/v1/applications/X-1" << 405 << "";
    QTest::newRow("PUT unknown") << QByteArray("PUT") << "/apis/v2/x" << 404 << "";
}

void TestApiServer::routing()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, tag);
    startServer();
    HttpTestClient client(m_port);
    const auto response = client.send(verb, path, verb == "GET" ? QByteArray() : QByteArray("{}"),
                                      {{"Content-Type", "application/json"}});
    QCOMPARE(response.status, status);
    if (status == 200) {
        QCOMPARE(response.envelopeStatus(), QStringLiteral("SUCCESS"));
        QCOMPARE(response.message(), QStringLiteral("success"));
        QCOMPARE(response.data().toObject().value(QStringLiteral("tag")).toString(), tag);
        QCOMPARE(response.headers.value("content-type"), QByteArray("application/json"));
    } else if (status == 405) {
        QVERIFY(!response.headers.value("allow").isEmpty());
    } else {
        QVERIFY(!response.json().isObject()); // Jersey's 404 carries no envelope
    }
}

void TestApiServer::headHasNoBody()
{
    startServer();
    const QByteArray raw = HttpTestClient::rawExchange(
        m_port, "HEAD /apis/v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(HttpTestClient::statusOf(raw), 200);
    QVERIFY(raw.contains("Content-Length: "));
    QVERIFY(raw.endsWith("\r\n\r\n"));
}

void TestApiServer::auth_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("post");
    QTest::addColumn<int>("status");

    const QString ping = QStringLiteral("/apis/v1/ping");
    const QString submit = QStringLiteral("/apis/v1/applications/operations");
    const QString maint = QStringLiteral("/apis/v1/cluster/maintenance/set");
    const QString logs = QStringLiteral("/apis/v1/logfiles/applications/A-1/AI-1/list");
    QTest::newRow("no credentials") << ""
                                    << "" << ping << false << 401;
    QTest::newRow("bad password") << "ro"
                                  << "nope" << ping << false << 401;
    QTest::newRow("unknown user") << "ghost"
                                  << "ro-pass" << ping << false << 401;
    QTest::newRow("ro read") << "ro"
                             << "ro-pass" << ping << false << 200;
    QTest::newRow("ro submit") << "ro"
                               << "ro-pass" << submit << true << 403;
    QTest::newRow("ro maintenance") << "ro"
                                    << "ro-pass" << maint << true << 403;
    QTest::newRow("ro logs") << "ro"
                             << "ro-pass" << logs << false << 200;
    QTest::newRow("rw submit") << "rw"
                               << "rw:pass" << submit << true << 200;
    QTest::newRow("rw maintenance") << "rw"
                                    << "rw:pass" << maint << true << 403;
    QTest::newRow("maint maintenance") << "ops"
                                       << "ops-pass" << maint << true << 200;
    QTest::newRow("maint submit") << "ops"
                                  << "ops-pass" << submit << true << 403;
    QTest::newRow("maint logs") << "ops"
                                << "ops-pass" << logs << false << 403;
    QTest::newRow("root everything") << "root"
                                     << "root-pass" << maint << true << 200;
    QTest::newRow("unknown path before auth") << ""
                                              << ""
                                              << "/apis/v1/none" << false << 404;
}

void TestApiServer::auth()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, path);
    QFETCH(bool, post);
    QFETCH(int, status);
    m_server->setAuthenticator(
        Authenticator({{QStringLiteral("ro"), QStringLiteral("ro-pass"), UserRole::ReadOnly},
                       {QStringLiteral("rw"), QStringLiteral("rw:pass"), UserRole::ReadWrite},
                       {QStringLiteral("ops"), QStringLiteral("ops-pass"), UserRole::Maintenance},
                       {QStringLiteral("root"), QStringLiteral("root-pass"), UserRole::Root}}));
    startServer();
    HttpTestClient client(m_port);
    client.setCredentials(user, password);
    const auto response = post ? client.post(path, "{}") : client.get(path);
    QCOMPARE(response.status, status);
    if (status == 401) {
        QCOMPARE(response.body, QByteArray("Credentials are required to access this resource."));
        QCOMPARE(response.headers.value("www-authenticate"), QByteArray("Basic realm=\"realm\""));
        QCOMPARE(response.headers.value("content-type"), QByteArray("text/plain"));
    }
    if (status == 200)
        QCOMPARE(response.data().toObject().value(QStringLiteral("user")).toString(), user);
}

void TestApiServer::followerAnswersAfterAuth_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("ping") << "root"
                          << "/apis/v1/ping" << 400;
    QTest::newRow("summary") << "root"
                             << "/apis/v1/applications/A-1" << 400;
    QTest::newRow("unauthenticated") << ""
                                     << "/apis/v1/ping" << 401;
    QTest::newRow("unknown path") << "root"
                                  << "/apis/v1/none" << 404;
}

void TestApiServer::followerAnswersAfterAuth()
{
    QFETCH(QString, user);
    QFETCH(QString, path);
    QFETCH(int, status);
    m_server->setLeader(false);
    m_server->setAuthenticator(
        Authenticator({{QStringLiteral("root"), QStringLiteral("pw"), UserRole::Root}}));
    startServer();
    HttpTestClient client(m_port);
    client.setCredentials(user, QStringLiteral("pw"));
    const auto response = client.get(path);
    QCOMPARE(response.status, status);
    if (status == 400) {
        QCOMPARE(response.object(),
                 QJsonObject({{QStringLiteral("status"), QStringLiteral("FAILED")},
                              {QStringLiteral("message"),
                               QStringLiteral("This node is not the leader controller")}}));
    }
}

void TestApiServer::handlerExceptionIsEnvelope()
{
    startServer();
    HttpTestClient client(m_port);
    const auto response = client.get(QStringLiteral("/apis/v1/boom"));
    QCOMPARE(response.status, 500);
    QCOMPARE(response.message(), QStringLiteral("Unexpected Server error"));
    QCOMPARE(response.data().toObject().value(QStringLiteral("failure")).toString(),
             QStringLiteral("kaput"));
    // The server survives and keeps answering.
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
}

void TestApiServer::oversizedBodies_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray head = "POST /apis/v1/applications/operations HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\n";
    QTest::newRow("declared too large")
        << QByteArray(head + "Content-Length: 999999999\r\n\r\n{") << 413;
    QTest::newRow("just over limit declared")
        << QByteArray(head + "Content-Length: 1025\r\n\r\n" + QByteArray(1025, 'x')) << 413;
    QTest::newRow("at limit") << QByteArray(head + "Content-Length: 1024\r\n\r\n"
                                            + QByteArray(1024, ' '))
                              << 200;
    QTest::newRow("chunked too large")
        << QByteArray(head + "Transfer-Encoding: chunked\r\n\r\n800\r\n" + QByteArray(0x800, 'x')
                      + "\r\n0\r\n\r\n")
        << 413;
    QTest::newRow("negative length") << QByteArray(head + "Content-Length: -5\r\n\r\n") << 400;
    QTest::newRow("headers too large")
        << QByteArray("GET /apis/v1/ping HTTP/1.1\r\nX-Big: " + QByteArray(3000, 'a') + "\r\n\r\n")
        << 431;
}

void TestApiServer::oversizedBodies()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    m_server->setLimits({1024, 2048});
    startServer();
    const QByteArray raw = HttpTestClient::rawExchange(m_port, request);
    QCOMPARE(HttpTestClient::statusOf(raw), status);
    if (status != 200) {
        const QByteArray body = raw.mid(raw.indexOf("\r\n\r\n") + 4);
        const QJsonObject envelope = QJsonDocument::fromJson(body).object();
        QCOMPARE(envelope.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QVERIFY(!envelope.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!envelope.contains(QStringLiteral("data")));
    }
    // The server is still healthy afterwards.
    HttpTestClient client(m_port);
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
}

void TestApiServer::hostileBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("binary") << QByteArray::fromHex("00ff13370000deadbeef0d0a0d0a") << 400;
    QTest::newRow("tls client hello") << QByteArray::fromHex("160301020001000100") << 400;
    QTest::newRow("lower-case method") << QByteArray("get /apis/v1/ping HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("method too long")
        << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("control character in target")
        << QByteArray("GET /apis/v1/\x01ping HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("missing version") << QByteArray("GET /apis/v1/ping\r\n\r\n") << 400;
    QTest::newRow("bad version") << QByteArray("GET /apis/v1/ping HTTX/9.9\r\n\r\n") << 400;
    QTest::newRow("unknown method")
        << QByteArray("BREW /apis/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n") << 405;
    QTest::newRow("no leading slash") << QByteArray("GET apis HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    // QHttpServer's parser stops reading these without an answer; the stall sweep answers 408.
    QTest::newRow("bad chunk size")
        << QByteArray("POST /apis/v1/applications/operations HTTP/1.1\r\n"
                      "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n")
        << 408;
    QTest::newRow("truncated body")
        << QByteArray("POST /apis/v1/applications/operations HTTP/1.1\r\n"
                      "Content-Length: 100\r\n\r\n{\"type\"")
        << 408;
    QTest::newRow("truncated headers")
        << QByteArray("GET /apis/v1/ping HTTP/1.1\r\nHost: x\r\n") << 408;
    QTest::newRow("post without body")
        << QByteArray("POST /apis/v1/applications/operations HTTP/1.1\r\nHost: x\r\n\r\n") << 200;
}

void TestApiServer::hostileBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    m_server->setLimits({4 * 1024 * 1024, 64 * 1024, 300});
    startServer();
    const QByteArray raw = HttpTestClient::rawExchange(m_port, bytes);
    QCOMPARE(HttpTestClient::statusOf(raw), status);
    HttpTestClient client(m_port);
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
}

void TestApiServer::expectContinue()
{
    startServer();
    const QByteArray body = "{}";
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    QVERIFY(socket.waitForConnected());
    socket.write(
        "POST /apis/v1/applications/operations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
        "Content-Type: application/json\r\nExpect: 100-continue\r\n\r\n");
    QTRY_VERIFY(socket.bytesAvailable() > 0 || socket.waitForReadyRead(10));
    const QByteArray interim = socket.readAll();
    QVERIFY2(interim.startsWith("HTTP/1.1 100 Continue"), interim.constData());
    socket.write(body);
    QByteArray answer;
    QTRY_VERIFY((answer += socket.readAll()).contains("\"SUCCESS\""));
    QCOMPARE(HttpTestClient::statusOf(answer), 200);
}

void TestApiServer::connectionClose()
{
    startServer();
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    QVERIFY(socket.waitForConnected());
    socket.write("GET /apis/v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(5000));
    QVERIFY(socket.readAll().contains("Connection: close"));
}

void TestApiServer::requestLog()
{
    m_server->setAuthenticator(
        Authenticator({{QStringLiteral("alice"), QStringLiteral("secret"), UserRole::Root}}));
    m_server->setLimits({16, 1024});
    QSignalSpy spy(m_server, &ApiServer::requestFinished);
    startServer();
    HttpTestClient client(m_port);
    client.setCredentials(QStringLiteral("alice"), QStringLiteral("secret"));
    QCOMPARE(client.get(QStringLiteral("/apis/v1/applications/A-1")).status, 200);
    QCOMPARE(spy.count(), 1);
    const auto entry = spy.at(0).at(0).value<RequestLogEntry>();
    QCOMPARE(entry.method, QByteArray("GET"));
    QCOMPARE(entry.path, QStringLiteral("/apis/v1/applications/A-1"));
    QCOMPARE(entry.status, 200);
    QCOMPARE(entry.user, QStringLiteral("alice"));
    QVERIFY(entry.elapsedMs >= 0);

    // Rejections by the connection guard are logged too.
    HttpTestClient::rawExchange(m_port,
                                "POST /apis/v1/applications/operations HTTP/1.1\r\n"
                                "Content-Length: 1000\r\n\r\n");
    QTRY_COMPARE(spy.count(), 2);
}

void TestApiServer::userSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << "admin:admin:EXTERNAL_ROOT" << true << "admin"
                           << "admin";
    QTest::newRow("colon in password") << "bob:a:b:c:EXTERNAL_READ_ONLY" << true << "bob"
                                       << "a:b:c";
    QTest::newRow("role string form") << "ops:x:DROVE_EXTERNAL_MAINTENANCE" << true << "ops"
                                      << "x";
    QTest::newRow("missing role") << "admin:admin" << false << ""
                                  << "";
    QTest::newRow("bad role") << "admin:admin:ADMIN" << false << ""
                              << "";
    QTest::newRow("empty name") << ":pw:EXTERNAL_ROOT" << false << ""
                                << "";
    QTest::newRow("empty password") << "a::EXTERNAL_ROOT" << false << ""
                                    << "";
}

void TestApiServer::userSpec()
{
    QFETCH(QString, spec);
    QFETCH(bool, ok);
    QFETCH(QString, name);
    QFETCH(QString, password);
    QString error;
    const auto user = Authenticator::parseUserSpec(spec, &error);
    QCOMPARE(user.has_value(), ok);
    if (ok) {
        QCOMPARE(user->name, name);
        QCOMPARE(user->password, password);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

QTEST_MAIN(TestApiServer)
#include "tst_apiserver.moc"
