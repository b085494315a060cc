// protocol's table of API paths is the one list of the Drove API: the embedded controller's router
// installs exactly its rows (method and template), and apiPath() fills templates the way the
// console's request builders and "Copy as curl" need.
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/droveapi.h"
#include "controller/http/router.h"
#include "protocol/apipaths.h"

#include <QSet>
#include <QTest>

using namespace drove;
using protocol::ApiPath;

class TestApiPaths : public QObject
{
    Q_OBJECT
private slots:
    void serverInstallsExactlyTheTable();
    void filledPaths_data();
    void filledPaths();
};

void TestApiPaths::serverInstallsExactlyTheTable()
{
    controller::VirtualClock clock;
    controller::ControllerCore core(controller::ControllerConfig(), &clock);
    controller::http::Router router;
    controller::http::installDroveApi(router, core);

    QSet<QString> installed;
    for (const controller::http::Route &route : router.routes()) {
        const QString key = QString::fromLatin1(controller::http::Router::methodName(route.method))
            + QLatin1Char(' ') + route.pattern;
        QVERIFY2(!installed.contains(key), qPrintable(QStringLiteral("twice: ") + key));
        installed.insert(key);
    }
    QSet<QString> table;
    for (const protocol::ApiPathInfo &row : protocol::apiPaths())
        table.insert(QLatin1String(row.method == protocol::ApiMethod::Post ? "POST " : "GET ")
                     + QString::fromLatin1(row.pattern));
    for (const QString &key : std::as_const(installed))
        QVERIFY2(table.contains(key),
                 qPrintable(QStringLiteral("installed, not in the table: ") + key));
    for (const QString &key : std::as_const(table))
        QVERIFY2(installed.contains(key),
                 qPrintable(QStringLiteral("in the table, not installed: ") + key));
    QCOMPARE(installed.size(), int(protocol::apiPaths().size()));
}

void TestApiPaths::filledPaths_data()
{
    QTest::addColumn<ApiPath>("path");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no parameter") << ApiPath::Applications << QStringList()
                                  << QStringLiteral("/apis/v1/applications");
    QTest::newRow("cancel") << ApiPath::CancelOperation << QStringList {QStringLiteral("APP-1")}
                            << QStringLiteral("/apis/v1/applications/operations/APP-1/cancel");
    QTest::newRow("two, percent-encoded")
        << ApiPath::Instance << QStringList {QStringLiteral("a/b"), QStringLiteral("AI- 1")}
        << QStringLiteral("/apis/v1/applications/a%2Fb/instances/AI-%201");
    QTest::newRow("three") << ApiPath::LogRead
                           << QStringList {QStringLiteral("APP-1"), QStringLiteral("AI-1"),
                                           QStringLiteral("output.log")}
                           << QStringLiteral(
                                  "/apis/v1/logfiles/applications/APP-1/AI-1/read/output.log");
    QTest::newRow("template when not given")
        << ApiPath::Executor << QStringList() << QStringLiteral("/apis/v1/cluster/executors/{id}");
}

void TestApiPaths::filledPaths()
{
    QFETCH(ApiPath, path);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QCOMPARE(protocol::apiPath(path, args), expected);
}

QTEST_GUILESS_MAIN(TestApiPaths)
#include "tst_apipaths.moc"
