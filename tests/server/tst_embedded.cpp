// drove-embedded: its configuration file and options, and the real executable started as a
// process (listening, request log, refusal to listen unauthenticated beyond loopback, follower
// mode, users, durable state across a SIGTERM restart, TLS).
#include "embeddedoptions.h"
#include "httptestclient.h"
#include "testcertificate.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace drove::controller::http;

class TestEmbedded : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sampleConfigLoads();
    void configErrors_data();
    void configErrors();
    void listenParsing_data();
    void listenParsing();

    void serves_and_logs_and_stops();
    void refusesUnauthenticatedRemote();
    void follower();
    void usersFromCommandLine();
    void stateSurvivesRestart();
    void tls();

private:
    struct Running
    {
        std::unique_ptr<QProcess> process;
        quint16 port = 0;
        QByteArray out;
    };
    Running start(const QStringList &arguments);
    static bool stop(Running &running);
};

void TestEmbedded::sampleConfigLoads()
{
    EmbeddedOptions options;
    QString error;
    QVERIFY2(options.loadConfigFile(
                 QStringLiteral(DROVE_SOURCE_DIR "/resources/drove-embedded.sample.json"), &error),
             qPrintable(error));
    QCOMPARE(options.listenPort, quint16(7000));
    QVERIFY(options.listenAddress.isLoopback());
    QVERIFY(options.authEnabled);
    QCOMPARE(options.users.size(), 4);
    QCOMPARE(options.users.at(3).role, UserRole::Maintenance);
    // "count": 3 expands into executor-1..3, plus the GPU executor.
    QCOMPARE(options.controller.executors.size(), 4);
    QCOMPARE(options.controller.executors.at(1).hostname, QStringLiteral("executor-2"));
    QCOMPARE(options.controller.executors.at(3).tags, QStringList {QStringLiteral("gpu")});
    QCOMPARE(options.controller.defaultOpTimeoutMs, 300000);
    QCOMPARE(options.controller.defaultOpParallelism, 1);
    QCOMPARE(options.controller.maintenanceTailMs, 40000);
    QCOMPARE(options.limits.maxBodyBytes, 4194304);
}

void TestEmbedded::configErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown top-level key") << QByteArray(R"({"timescale": 2})") << "timescale";
    QTest::newRow("unknown nested key") << QByteArray(R"({"server": {"port": 1}})") << "port";
    QTest::newRow("bad role") << QByteArray(
        R"({"userAuth": {"users": [{"username":"a","password":"b","role":"ADMIN"}]}})")
                              << "userAuth.users[0]";
    QTest::newRow("bcrypt") << QByteArray(R"({"userAuth": {"encoding": "CRYPT"}})") << "PLAIN";
    QTest::newRow("bad duration") << QByteArray(R"({"defaultOpSpec": {"timeout": "5 parsecs"}})")
                                  << "defaultOpSpec.timeout";
    QTest::newRow("parallelism out of range")
        << QByteArray(R"({"defaultOpSpec": {"parallelism": 64}})") << "parallelism";
    QTest::newRow("probability out of range")
        << QByteArray(R"({"faults": {"startFailure": 2}})") << "startFailure";
    QTest::newRow("listen hostname")
        << QByteArray(R"({"server": {"listen": "example.org:80"}})") << "server.listen";
    QTest::newRow("executor without hostname")
        << QByteArray(R"({"cluster": {"executors": [{"port": 1}]}})") << "hostname";
    QTest::newRow("duplicate executor")
        << QByteArray(R"({"cluster": {"executors": [{"hostname":"a"},{"hostname":"a"}]}})")
        << "duplicate";
    QTest::newRow("not json") << QByteArray("{nope") << "JSON";
}

void TestEmbedded::configErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("config.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    EmbeddedOptions options;
    QString error;
    QVERIFY(!options.loadConfigFile(file.fileName(), &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestEmbedded::listenParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("default form") << "127.0.0.1:7000" << true << "127.0.0.1" << 7000;
    QTest::newRow("port only") << "8080" << true << "127.0.0.1" << 8080;
    QTest::newRow("localhost") << "localhost:0" << true << "127.0.0.1" << 0;
    QTest::newRow("all interfaces") << "0.0.0.0:7000" << true << "0.0.0.0" << 7000;
    QTest::newRow("ipv6") << "[::1]:7000" << true << "::1" << 7000;
    QTest::newRow("bad port") << "127.0.0.1:99999" << false << "" << 0;
    QTest::newRow("hostname") << "drove.local:7000" << false << "" << 0;
}

void TestEmbedded::listenParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, address);
    QFETCH(int, port);
    QHostAddress parsed;
    quint16 parsedPort = 0;
    QString error;
    QCOMPARE(EmbeddedOptions::parseListen(text, &parsed, &parsedPort, &error), ok);
    if (ok) {
        QCOMPARE(parsed.toString(), address);
        QCOMPARE(int(parsedPort), port);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

TestEmbedded::Running TestEmbedded::start(const QStringList &arguments)
{
    Running running;
    running.process = std::make_unique<QProcess>();
    running.process->setProgram(QStringLiteral(DROVE_EMBEDDED_BINARY));
    running.process->setArguments(arguments);
    running.process->start();
    if (!running.process->waitForStarted(10000))
        return running;
    static const QRegularExpression listening(
        QStringLiteral("listening on https?://[^ ]+:(\\d+) "));
    // Timing out is fine here: what follows checks what arrived.
    (void)QTest::qWaitFor(
        [&] {
            running.out += running.process->readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(running.out));
            if (match.hasMatch())
                running.port = quint16(match.captured(1).toUInt());
            return running.port != 0 || running.process->state() == QProcess::NotRunning;
        },
        20000);
    return running;
}

bool TestEmbedded::stop(Running &running)
{
    ::kill(pid_t(running.process->processId()), SIGTERM);
    if (!running.process->waitForFinished(20000))
        return false;
    running.out += running.process->readAllStandardOutput();
    return running.process->exitStatus() == QProcess::NormalExit
        && running.process->exitCode() == 0;
}

void TestEmbedded::serves_and_logs_and_stops()
{
    Running server = start(
        {QStringLiteral("--in-memory"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY2(server.port != 0, server.process->readAllStandardError().constData());
    QVERIFY(server.out.contains("authentication: off"));
    HttpTestClient client(server.port);
    const auto ping = client.get(QStringLiteral("/apis/v1/ping"));
    QCOMPARE(ping.status, 200);
    QCOMPARE(ping.data().toString(), QStringLiteral("pong"));
    QCOMPARE(client.get(QStringLiteral("/apis/v1/applications/NOPE-1")).envelopeStatus(),
             QStringLiteral("FAILED"));
    // Timing out is fine here: what follows checks what arrived.
    (void)QTest::qWaitFor(
        [&] {
            server.out += server.process->readAllStandardOutput();
            return server.out.contains("/apis/v1/applications/NOPE-1");
        },
        5000);
    QVERIFY2(QRegularExpression(QStringLiteral("GET /apis/v1/ping 200 [0-9.]+ms default-user"))
                 .match(QString::fromUtf8(server.out))
                 .hasMatch(),
             server.out.constData());
    QVERIFY(stop(server));
    QVERIFY(server.process->readAllStandardError().contains("stopped"));
}

void TestEmbedded::refusesUnauthenticatedRemote()
{
    QProcess process;
    process.start(
        QStringLiteral(DROVE_EMBEDDED_BINARY),
        {QStringLiteral("--in-memory"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")});
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardError().contains("refusing to listen"));
}

void TestEmbedded::follower()
{
    Running server = start({QStringLiteral("--in-memory"), QStringLiteral("--follower"),
                            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(server.port != 0);
    HttpTestClient client(server.port);
    const auto ping = client.get(QStringLiteral("/apis/v1/ping"));
    QCOMPARE(ping.status, 400);
    QCOMPARE(ping.message(), QStringLiteral("This node is not the leader controller"));
    QVERIFY(server.out.contains("as follower"));
    QVERIFY(stop(server));
}

void TestEmbedded::usersFromCommandLine()
{
    Running server = start({QStringLiteral("--in-memory"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--user"),
                            QStringLiteral("alice:s3cret-pw:EXTERNAL_READ_ONLY")});
    QVERIFY(server.port != 0);
    QVERIFY(server.out.contains("alice (EXTERNAL_READ_ONLY)"));
    HttpTestClient client(server.port);
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 401);
    client.setCredentials(QStringLiteral("alice"), QStringLiteral("s3cret-pw"));
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
    QCOMPARE(client.postEmpty(QStringLiteral("/apis/v1/cluster/maintenance/set")).status, 403);
    QVERIFY(stop(server));
    QVERIFY(!server.out.contains("s3cret-pw")); // never printed, not even in the request log
}

void TestEmbedded::stateSurvivesRestart()
{
    QTemporaryDir dir;
    const QStringList arguments {QStringLiteral("--state-dir"), dir.path(),
                                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                 QStringLiteral("--no-request-log")};
    Running first = start(arguments);
    QVERIFY(first.port != 0);
    QFile op(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/op-create.json"));
    QVERIFY(op.open(QIODevice::ReadOnly));
    HttpTestClient client(first.port);
    QCOMPARE(client.post(QStringLiteral("/apis/v1/applications/operations"), op.readAll()).status,
             200);
    QVERIFY(stop(first));

    Running second = start(arguments);
    QVERIFY(second.port != 0);
    HttpTestClient again(second.port);
    const auto summary = again.get(QStringLiteral("/apis/v1/applications/TEST_APP-1"));
    QCOMPARE(summary.envelopeStatus(), QStringLiteral("SUCCESS"));
    QCOMPARE(summary.data().toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("MONITORING"));
    QVERIFY(stop(second));
}

void TestEmbedded::tls()
{
    QTemporaryDir dir;
    const std::optional<TestCertificate> certificate = TestCertificate::make(dir.path());
    if (!certificate)
        QSKIP("openssl is not available to make a test certificate");
    const QString cert = certificate->certificatePath;
    const QString key = certificate->keyPath;

    Running server = start({QStringLiteral("--in-memory"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"), cert,
                            QStringLiteral("--tls-key"), key});
    QVERIFY2(server.port != 0, server.process->readAllStandardError().constData());
    QVERIFY(server.out.contains("https://"));

    QNetworkAccessManager nam;
    QNetworkRequest request(
        QUrl(QStringLiteral("https://127.0.0.1:%1/apis/v1/ping").arg(server.port)));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(cert));
    request.setSslConfiguration(ssl);
    QNetworkReply *reply = nam.get(request);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [reply](const QList<QSslError> &errors) {
                         // The self-signed test certificate has no subjectAltName; only that is
                         // forgiven.
                         QList<QSslError> expected;
                         for (const QSslError &error : errors) {
                             if (error.error() == QSslError::HostNameMismatch)
                                 expected.append(error);
                         }
                         reply->ignoreSslErrors(expected);
                     });
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY(reply->readAll().contains("pong"));
    delete reply;

    // Plain HTTP to the TLS port gets no HTTP answer, and the server keeps serving.
    QCOMPARE(HttpTestClient::statusOf(HttpTestClient::rawExchange(
                 server.port, "GET /apis/v1/ping HTTP/1.1\r\n\r\n", 3000)),
             0);
    QVERIFY(stop(server));
}

QTEST_MAIN(TestEmbedded)
#include "tst_embedded.moc"
