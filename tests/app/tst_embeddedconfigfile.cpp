// The embedded cluster's configuration file is read by one loader for both executables
// (drove-embedded --config, drove-console --config): the sample must load, and every kind of
// mistake must give an error that says where and what.

#include "app/common/embeddedconfigfile.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;

class TestEmbeddedConfigFile : public QObject
{
    Q_OBJECT

private slots:
    void sampleLoads();
    void partialFileKeepsDefaults();
    void errors_data();
    void errors();
    void missingFile();
    void laterValuesOverride();
    void commandLineOverFile_data();
    void commandLineOverFile();

private:
    QString write(const QByteArray &content);
    QTemporaryDir m_dir;
    int m_files = 0;
};

QString TestEmbeddedConfigFile::write(const QByteArray &content)
{
    const QString path = m_dir.filePath(QStringLiteral("config-%1.json").arg(++m_files));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

void TestEmbeddedConfigFile::sampleLoads()
{
    app::EmbeddedConfigFile config;
    QString error;
    QVERIFY2(config.loadConfigFile(
                 QStringLiteral(DROVE_SOURCE_DIR "/resources/drove-embedded.sample.json"), &error),
             qPrintable(error));
    QCOMPARE(config.controller.executors.size(), 4);
    QCOMPARE(config.controller.executors.at(0).hostname, QStringLiteral("executor-1"));
    QCOMPARE(config.controller.executors.at(2).hostname, QStringLiteral("executor-3"));
    // The executors of one entry share its layout but each has its own name.
    for (int i : {0, 2}) {
        const auto &nodes = config.controller.executors.at(i).numaNodes;
        QCOMPARE(nodes.size(), 2);
        QCOMPARE(nodes.at(1).coreIds, (QList<int> {8, 9, 10, 11, 12, 13, 14, 15}));
        QCOMPARE(nodes.at(1).memoryMb, 16384);
    }
    QCOMPARE(config.controller.executors.at(3).tags, QStringList {QStringLiteral("gpu")});
    QCOMPARE(config.controller.executors.at(3).metadata.value(QStringLiteral("rack")),
             QStringLiteral("r42"));
    QCOMPARE(config.controller.timeScale, 1.0);
    QVERIFY(config.timeScaleGiven);
    QCOMPARE(config.controller.defaultOpTimeoutMs, 300000);
    QCOMPARE(config.controller.defaultOpParallelism, 1);
    QVERIFY(config.authEnabled);
    QCOMPARE(config.users.size(), 4);
    QCOMPARE(config.users.at(0).name, QStringLiteral("admin"));
    QCOMPARE(config.users.at(0).role, controller::http::UserRole::Root);
    QVERIFY(config.listenGiven);
    QCOMPARE(config.listenPort, quint16(7000));
    QVERIFY(!config.stateDirGiven);
}

void TestEmbeddedConfigFile::partialFileKeepsDefaults()
{
    app::EmbeddedConfigFile config;
    QString error;
    const QString path = write(R"({
        "timeScale": 0.25,
        "defaultOpSpec": {"timeout": "2m", "parallelism": 4},
        "faults": {"startFailure": 0.5}
    })");
    QVERIFY2(config.loadConfigFile(path, &error), qPrintable(error));
    QCOMPARE(config.controller.timeScale, 0.25);
    QCOMPARE(config.controller.defaultOpTimeoutMs, 120000);
    QCOMPARE(config.controller.defaultOpParallelism, 4);
    QCOMPARE(config.controller.faults.startFailure, 0.5);
    QCOMPARE(config.controller.faults.healthFailure, 0.0);
    QVERIFY(config.controller.executors.isEmpty()); // → the default three-executor cluster
    QVERIFY(!config.authEnabled);
    QVERIFY(!config.listenGiven);
    QCOMPARE(config.controller.monitorPeriodMs, controller::ControllerConfig().monitorPeriodMs);
}

void TestEmbeddedConfigFile::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("syntax error gives line and column")
        << QByteArray("{\n  \"timeScale\": 1.0,\n  \"faults\": {\"startFailure\" 0.1}\n}")
        << QStringList {QStringLiteral(":3:"), QStringLiteral("not valid JSON")};
    QTest::newRow("array at the top")
        << QByteArray("[1, 2]") << QStringList {QStringLiteral("must be an object")};
    QTest::newRow("unknown top-level key")
        << QByteArray(R"({"timescale": 1})")
        << QStringList {QStringLiteral("unknown key \"timescale\""), QStringLiteral("timeScale")};
    QTest::newRow("unknown key in a section")
        << QByteArray(R"({"faults": {"startFailures": 0.1}})")
        << QStringList {QStringLiteral("\"startFailures\""), QStringLiteral("faults")};
    QTest::newRow("probability out of range")
        << QByteArray(R"({"faults": {"healthFailure": 2}})")
        << QStringList {QStringLiteral("faults.healthFailure"), QStringLiteral("[0, 1]")};
    QTest::newRow("time scale not a number")
        << QByteArray(R"({"timeScale": "fast"})") << QStringList {QStringLiteral("timeScale")};
    QTest::newRow("bad duration") << QByteArray(R"({"defaultOpSpec": {"timeout": "soon"}})")
                                  << QStringList {QStringLiteral("defaultOpSpec.timeout"),
                                                  QStringLiteral("duration")};
    QTest::newRow("parallelism too high")
        << QByteArray(R"({"defaultOpSpec": {"parallelism": 64}})")
        << QStringList {QStringLiteral("defaultOpSpec.parallelism")};
    QTest::newRow("user without role")
        << QByteArray(R"({"userAuth": {"users": [{"username": "a", "password": "b"}]}})")
        << QStringList {QStringLiteral("userAuth.users[0]"), QStringLiteral("role")};
    QTest::newRow("users not a list") << QByteArray(R"({"userAuth": {"users": {"username": "a"}}})")
                                      << QStringList {QStringLiteral("userAuth.users")};
    QTest::newRow("section not an object")
        << QByteArray(R"({"faults": 0.5})")
        << QStringList {QStringLiteral("faults must be an object")};
    QTest::newRow("executor without hostname")
        << QByteArray(R"({"cluster": {"executors": [{"count": 2}]}})")
        << QStringList {QStringLiteral("cluster.executors[0].hostname")};
    QTest::newRow("executors not a list")
        << QByteArray(R"({"cluster": {"executors": {"hostname": "a"}}})")
        << QStringList {QStringLiteral("cluster.executors")};
    // Found by fuzz_embeddedconfig: "count" is bounded per entry, but entries added up without a
    // bound (two entries of 10,000 executors of 64 × 1024 cores built 1.3 billion core ids).
    QTest::newRow("expanded name collides")
        << QByteArray(R"({"cluster": {"executors": [{"hostname": "a", "count": 3},
                                                    {"hostname": "a-2"}]}})")
        << QStringList {QStringLiteral("cluster.executors[1]: duplicate executor a-2:3000")};
    QTest::newRow("executors over the total")
        << QByteArray(R"({"cluster": {"executors": [{"hostname": "a", "count": 6000},
                                                    {"hostname": "b", "count": 6000}]}})")
        << QStringList {QStringLiteral("cluster.executors[1]: the cluster would have 12000 "
                                       "executors; at most 10000 in all")};
    QTest::newRow("cores over the total")
        << QByteArray(R"({"cluster": {"executors": [{"hostname": "a", "count": 100,
                                                     "numaNodes": 64, "coresPerNode": 1024}]}})")
        << QStringList {QStringLiteral("cluster.executors[0]: the cluster would have 6553600 CPU "
                                       "cores")};
    // Issue 16 item 8: zero or tiny durations are refused with the key and the range.
    QTest::newRow("report interval zero")
        << QByteArray(R"({"timings": {"executorReportInterval": "0 seconds"}})")
        << QStringList {QStringLiteral("timings.executorReportInterval must be between 1 second "
                                       "and 1 hour (got 0 ms)")};
    QTest::newRow("monitor period tiny")
        << QByteArray(R"({"timings": {"monitorPeriod": "5 milliseconds"}})")
        << QStringList {QStringLiteral("timings.monitorPeriod must be between 1 second and 1 day")};
    QTest::newRow("instance stale zero") << QByteArray(R"({"timings": {"instanceStale": "0s"}})")
                                         << QStringList {QStringLiteral("timings.instanceStale")};
    QTest::newRow("event retention zero")
        << QByteArray(R"({"timings": {"eventRetention": "0 seconds"}})")
        << QStringList {QStringLiteral("timings.eventRetention")};
    QTest::newRow("job retry interval tiny")
        << QByteArray(R"({"timings": {"jobRetryInterval": "1 milliseconds"}})")
        << QStringList {QStringLiteral("timings.jobRetryInterval must be between 100 ms")};
    QTest::newRow("monitor initial delay huge")
        << QByteArray(R"({"timings": {"monitorInitialDelay": "9999 days"}})")
        << QStringList {QStringLiteral("timings.monitorInitialDelay")};
    QTest::newRow("maintenance tail huge")
        << QByteArray(R"({"timings": {"maintenanceTail": "2 days"}})")
        << QStringList {QStringLiteral("timings.maintenanceTail")};
    QTest::newRow("default op timeout zero")
        << QByteArray(R"({"defaultOpSpec": {"timeout": "0 seconds"}})")
        << QStringList {QStringLiteral("defaultOpSpec.timeout must be between 1 second")};
    QTest::newRow("stale not longer than reports")
        << QByteArray(R"({"timings": {"executorReportInterval": "60 seconds"}})")
        << QStringList {QStringLiteral("timings.instanceStale (1 minute) must be longer than "
                                       "timings.executorReportInterval (1 minute)")};
    QTest::newRow("idle timeout zero")
        << QByteArray(R"({"server": {"idleTimeout": "0 seconds"}})")
        << QStringList {QStringLiteral("server.idleTimeout must be between 1 second")};
    QTest::newRow("first byte timeout zero")
        << QByteArray(R"({"server": {"firstByteTimeout": "0 seconds"}})")
        << QStringList {QStringLiteral("server.firstByteTimeout")};
    QTest::newRow("request timeout zero")
        << QByteArray(R"({"server": {"requestTimeout": "0 seconds"}})")
        << QStringList {QStringLiteral("server.requestTimeout")};
    QTest::newRow("negative connection cap")
        << QByteArray(R"({"server": {"maxConnections": -1}})")
        << QStringList {QStringLiteral("server.maxConnections")};
    QTest::newRow("listen on a host name")
        << QByteArray(R"({"server": {"listen": "example.org:80"}})")
        << QStringList {QStringLiteral("server.listen")};
}

void TestEmbeddedConfigFile::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, mentions);
    const QString path = write(json);
    app::EmbeddedConfigFile config;
    QString error;
    QVERIFY(!config.loadConfigFile(path, &error));
    QVERIFY2(error.startsWith(path), qPrintable(error));
    for (const QString &mention : mentions)
        QVERIFY2(error.contains(mention), qPrintable(error));
}

void TestEmbeddedConfigFile::missingFile()
{
    app::EmbeddedConfigFile config;
    QString error;
    const QString path = m_dir.filePath(QStringLiteral("nope.json"));
    QVERIFY(!config.loadConfigFile(path, &error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("does not exist")),
             qPrintable(error));
    QVERIFY(!config.loadConfigFile(m_dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("directory")), qPrintable(error));
}

void TestEmbeddedConfigFile::laterValuesOverride()
{
    // The command line is applied after the file; a second file (or object) likewise wins.
    app::EmbeddedConfigFile config;
    QString error;
    QVERIFY(config.loadConfigFile(write(R"({"timeScale": 0.5, "stateDir": "/tmp/a"})"), &error));
    QVERIFY(config.stateDirGiven);
    QVERIFY(config.applyConfig(QJsonObject {{QStringLiteral("timeScale"), 2.0}}, &error));
    QCOMPARE(config.controller.timeScale, 2.0);
    QCOMPARE(config.controller.stateDir, QStringLiteral("/tmp/a"));
}

void TestEmbeddedConfigFile::commandLineOverFile_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::addColumn<double>("timeScale");
    QTest::addColumn<QString>("stateDir");
    const QByteArray file = R"({"timeScale": 0.5, "stateDir": "/tmp/from-file"})";
    QTest::newRow("file alone") << file << QStringList() << QString() << 0.5
                                << QStringLiteral("/tmp/from-file");
    QTest::newRow("no file, no options: the executable's default")
        << QByteArray("{}") << QStringList() << QString() << 1.0 << QStringLiteral("/default");
    QTest::newRow("command line wins")
        << file
        << QStringList {QStringLiteral("--time-scale=0.1"), QStringLiteral("--state-dir=/x")}
        << QString() << 0.1 << QStringLiteral("/x");
    QTest::newRow("in memory over the file's directory")
        << file << QStringList {QStringLiteral("--in-memory")} << QString() << 0.5 << QString();
    QTest::newRow("both directories")
        << file << QStringList {QStringLiteral("--in-memory"), QStringLiteral("--state-dir=/x")}
        << QStringLiteral("--in-memory and --state-dir exclude each other") << 0.0 << QString();
    QTest::newRow("time scale zero")
        << file << QStringList {QStringLiteral("--time-scale=0")}
        << QStringLiteral("--time-scale must be a number between 0.0001 and 1000") << 0.0
        << QString();
    QTest::newRow("time scale not a number")
        << file << QStringList {QStringLiteral("--time-scale=fast")}
        << QStringLiteral("--time-scale must be a number between 0.0001 and 1000") << 0.0
        << QString();
    QTest::newRow("bad listen") << file << QStringList {QStringLiteral("--listen=example.com:1")}
                                << QStringLiteral("--listen: ") << 0.0 << QString();
}

void TestEmbeddedConfigFile::commandLineOverFile()
{
    // Both executables apply their command line over the file through applyCommandLine(): the
    // same options are validated the same way. Options an executable does not define (here
    // --user, --tls-cert, …) are simply never set.
    QFETCH(QByteArray, file);
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    QFETCH(double, timeScale);
    QFETCH(QString, stateDir);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("time-scale"), QString(), QStringLiteral("factor")},
                       {QStringLiteral("state-dir"), QString(), QStringLiteral("dir")},
                       {QStringLiteral("in-memory"), QString()},
                       {QStringLiteral("listen"), QString(), QStringLiteral("host:port")}});
    QVERIFY(parser.parse(QStringList {QStringLiteral("exe")} + arguments));
    app::EmbeddedConfigFile config;
    QString message;
    QVERIFY(config.loadConfigFile(write(file), &message));
    const bool ok = config.applyCommandLine(parser, QStringLiteral("/default"), &message);
    QCOMPARE(ok, error.isEmpty());
    if (!ok) {
        QVERIFY2(message.startsWith(error), qPrintable(message));
        return;
    }
    QCOMPARE(config.controller.timeScale, timeScale);
    QCOMPARE(config.controller.stateDir, stateDir);
}

QTEST_GUILESS_MAIN(TestEmbeddedConfigFile)
#include "tst_embeddedconfigfile.moc"
