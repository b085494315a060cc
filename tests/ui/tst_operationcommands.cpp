#include "ui/operationcommands.h"

#include <QTest>

Q_DECLARE_METATYPE(drove::protocol::ApplicationOperation)
Q_DECLARE_METATYPE(drove::protocol::Duration)

using namespace drove;
using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;
using ui::OperationCommands;

class TestOperationCommands : public QObject
{
    Q_OBJECT

private slots:
    void shellQuote_data();
    void shellQuote();
    void compactDuration_data();
    void compactDuration();
    void curlWithoutAuth();
    void curlWithBasicAuthNeverContainsPassword();
    void curlWithHeaderAuthReadsEnvironment();
    void cancelCurl();
    void cli_data();
    void cli();
    void cliCreate_data();
    void cliCreate();
    void cancelCli();
};

void TestOperationCommands::shellQuote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain app id") << "TEST_APP-1"
                                  << "TEST_APP-1";
    QTest::newRow("space") << "my cluster"
                           << "'my cluster'";
    QTest::newRow("single quote") << "it's"
                                  << "'it'\\''s'";
    QTest::newRow("json") << "{\"a\":1}"
                          << "'{\"a\":1}'";
    QTest::newRow("dollar") << "$HOME"
                            << "'$HOME'";
    QTest::newRow("empty") << ""
                           << "''";
}

void TestOperationCommands::shellQuote()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(OperationCommands::shellQuote(text), quoted);
}

void TestOperationCommands::compactDuration_data()
{
    QTest::addColumn<Duration>("duration");
    QTest::addColumn<QString>("text");
    QTest::newRow("minutes") << Duration::minutes(5) << "5m";
    QTest::newRow("seconds") << Duration::seconds(90) << "90s";
    QTest::newRow("hours") << Duration::hours(2) << "2h";
    QTest::newRow("milliseconds") << Duration::milliseconds(1500) << "1500ms";
    QTest::newRow("days") << Duration::days(1) << "1d";
}

void TestOperationCommands::compactDuration()
{
    QFETCH(Duration, duration);
    QFETCH(QString, text);
    QCOMPARE(OperationCommands::compactDuration(duration), text);
    // The CLI passes the text through; the controller must parse it back to the same length.
    QVERIFY(Duration::parse(text).has_value());
    QVERIFY(Duration::parse(text)->isEquivalent(duration));
}

namespace {

ui::OperationContext localContext()
{
    ui::OperationContext context;
    context.clusterName = QStringLiteral("local");
    context.endpoint = QUrl(QStringLiteral("http://drove.local:7000/"));
    context.criticality = client::Criticality::Local;
    return context;
}

ClusterOpSpec spec(int parallelism, const Duration &timeout = Duration::minutes(5))
{
    return ClusterOpSpec::make(timeout, parallelism);
}

} // namespace

void TestOperationCommands::curlWithoutAuth()
{
    const auto op = ApplicationOperation::scale(QStringLiteral("TEST_APP-1"), 2,
                                                spec(20, Duration::minutes(1)));
    QCOMPARE(OperationCommands::curlCommand(op, localContext()),
             QStringLiteral(
                 "curl --location 'http://drove.local:7000/apis/v1/applications/operations' \\\n"
                 "--header 'Content-Type: application/json' \\\n"
                 "--data '{\"appId\":\"TEST_APP-1\",\"opSpec\":{\"failureStrategy\":\"STOP\","
                 "\"parallelism\":20,\"timeout\":\"1 minute\"},\"requiredInstances\":2,"
                 "\"type\":\"SCALE\"}'"));
}

void TestOperationCommands::curlWithBasicAuthNeverContainsPassword()
{
    auto context = localContext();
    context.authMode = client::ClusterAuth::Mode::Basic;
    context.username = QStringLiteral("admin");
    context.insecure = true;
    const auto op = ApplicationOperation::suspend(QStringLiteral("TEST_APP-1"), spec(1));
    const QString curl = OperationCommands::curlCommand(op, context);
    QCOMPARE(curl,
             QStringLiteral(
                 "curl --location 'http://drove.local:7000/apis/v1/applications/operations' \\\n"
                 "--header 'Content-Type: application/json' \\\n"
                 "--user admin \\\n"
                 "--insecure \\\n"
                 "--data '{\"appId\":\"TEST_APP-1\",\"opSpec\":{\"failureStrategy\":\"STOP\","
                 "\"parallelism\":1,\"timeout\":\"5 minutes\"},\"type\":\"SUSPEND\"}'"));
    QVERIFY(!curl.contains(QLatin1String("Authorization: Basic")));
}

void TestOperationCommands::curlWithHeaderAuthReadsEnvironment()
{
    auto context = localContext();
    context.authMode = client::ClusterAuth::Mode::Header;
    const auto op = ApplicationOperation::destroy(QStringLiteral("TEST_APP-1"), spec(1));
    QVERIFY(OperationCommands::curlCommand(op, context)
                .contains(QLatin1String("--header \"Authorization: ${DROVE_AUTH_HEADER}\" \\\n")));
}

void TestOperationCommands::cancelCurl()
{
    QCOMPARE(OperationCommands::cancelCurlCommand(QStringLiteral("TEST_APP-3"), localContext()),
             QStringLiteral("curl --location --request POST "
                            "'http://drove.local:7000/apis/v1/applications/operations/TEST_APP-3/"
                            "cancel'"));
}

void TestOperationCommands::cli_data()
{
    QTest::addColumn<ApplicationOperation>("operation");
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("hasNote");

    const QString app = QStringLiteral("TEST_APP-1");
    const QStringList ids {QStringLiteral("AI-601d160e-c692-4ddd-8b7f-4c09b30ed02e"),
                           QStringLiteral("AI-5efbb94f-835c-4c62-a073-a68437e60339")};
    QTest::newRow("deploy") << ApplicationOperation::startInstances(
        app, 2, spec(32)) << "drove -c local apps deploy TEST_APP-1 2 --parallelism 32 --timeout 5m"
                            << false;
    QTest::newRow("scale") << ApplicationOperation::scale(app, 2, spec(20, Duration::minutes(1)))
                           << "drove -c local apps scale TEST_APP-1 2 --parallelism 20 --timeout 1m"
                           << false;
    QTest::newRow("scale to zero")
        << ApplicationOperation::scale(app, 0, spec(4, Duration::seconds(90)))
        << "drove -c local apps scale TEST_APP-1 0 --parallelism 4 --timeout 90s" << false;
    QTest::newRow("suspend") << ApplicationOperation::suspend(
        app, spec(32)) << "drove -c local apps suspend TEST_APP-1 --parallelism 32 --timeout 5m"
                             << false;
    QTest::newRow("restart all") << ApplicationOperation::replaceInstances(
        app, {}, false,
        spec(2)) << "drove -c local apps restart TEST_APP-1 --parallelism 2 --timeout 5m"
                                 << false;
    QTest::newRow("replace selected")
        << ApplicationOperation::replaceInstances(app, ids, false, spec(1))
        << "drove -c local appinstances replace TEST_APP-1 "
           "AI-601d160e-c692-4ddd-8b7f-4c09b30ed02e AI-5efbb94f-835c-4c62-a073-a68437e60339 "
           "--parallelism 1 --timeout 5m"
        << false;
    QTest::newRow("replace stop first has no cli")
        << ApplicationOperation::replaceInstances(app, {}, true, spec(1)) << "" << true;
    QTest::newRow("kill skip respawn")
        << ApplicationOperation::stopInstances(app, ids.mid(0, 1), true, spec(1))
        << "drove -c local appinstances kill TEST_APP-1 AI-601d160e-c692-4ddd-8b7f-4c09b30ed02e "
           "--parallelism 1 --timeout 5m"
        << false;
    QTest::newRow("stop with respawn has no cli")
        << ApplicationOperation::stopInstances(app, ids, false, spec(1)) << "" << true;
    QTest::newRow("destroy") << ApplicationOperation::destroy(app, spec(1))
                             << "drove -c local apps destroy TEST_APP-1" << false;
    QTest::newRow("destroy other opspec") << ApplicationOperation::destroy(app, spec(2))
                                          << "drove -c local apps destroy TEST_APP-1" << true;
    QTest::newRow("recover has no cli") << ApplicationOperation::recover(app) << "" << true;
}

void TestOperationCommands::cli()
{
    QFETCH(ApplicationOperation, operation);
    QFETCH(QString, command);
    QFETCH(bool, hasNote);
    const auto cli = OperationCommands::cliCommand(operation, QStringLiteral("local"));
    QCOMPARE(cli.command, command);
    QCOMPARE(cli.isAvailable(), !command.isEmpty());
    QCOMPARE(!cli.note.isEmpty(), hasNote);
}

void TestOperationCommands::cliCreate_data()
{
    QTest::addColumn<qint64>("instances");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("command");
    QTest::newRow("from file") << qint64(0) << "sample/test_app.json"
                               << "drove -c 'prod blr' apps create sample/test_app.json";
    QTest::newRow("pasted") << qint64(0) << ""
                            << "drove -c 'prod blr' apps create spec.json";
    QTest::newRow("with instances")
        << qint64(3) << "/tmp/my app.json"
        << "drove -c 'prod blr' apps create '/tmp/my app.json' && drove -c 'prod blr' apps "
           "deploy TEST_APP-1 3 --parallelism 1 --timeout 5m";
}

void TestOperationCommands::cliCreate()
{
    QFETCH(qint64, instances);
    QFETCH(QString, file);
    QFETCH(QString, command);
    protocol::ApplicationSpec appSpec;
    appSpec.name = QStringLiteral("TEST_APP");
    appSpec.version = QStringLiteral("1");
    const auto op = ApplicationOperation::create(appSpec, instances, spec(1));
    const auto cli = OperationCommands::cliCommand(op, QStringLiteral("prod blr"), file);
    QCOMPARE(cli.command, command);
}

void TestOperationCommands::cancelCli()
{
    QCOMPARE(
        OperationCommands::cancelCliCommand(QStringLiteral("TEST_APP-3"), QStringLiteral("local"))
            .command,
        QStringLiteral("drove -c local apps cancelop TEST_APP-3"));
}

QTEST_GUILESS_MAIN(TestOperationCommands)
#include "tst_operationcommands.moc"
