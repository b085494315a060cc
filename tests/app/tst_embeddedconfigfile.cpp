// The embedded cluster's configuration file is read by one loader for both executables
// (drove-embedded --config, drove-console --config): the sample must load, and every kind of
// mistake must give an error that says where and what.

#include "app/common/embeddedconfigfile.h"

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

QTEST_GUILESS_MAIN(TestEmbeddedConfigFile)
#include "tst_embeddedconfigfile.moc"
