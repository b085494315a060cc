// ControllerNode: the one assembly of core + Drove API + authentication + listener, on the
// caller's thread or on a thread of its own, as drove-embedded, the console's embedded cluster,
// the benches and the tests use it.
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/controllernode.h"
#include "httptestclient.h"

#include <QTest>
#include <QThread>

using namespace drove::controller;
using namespace drove::controller::http;

class TestControllerNode : public QObject
{
    Q_OBJECT
private slots:
    void servesOnItsOwnThread();
    void assembly_data();
    void assembly();
    void outageAndResumeKeepThePort();
    void replacedCoreIsServed();
};

void TestControllerNode::servesOnItsOwnThread()
{
    NodeSettings settings;
    settings.controller.randomSeed = 3;
    ControllerNode node(settings);
    QString error;
    QVERIFY2(node.startOnThread(&error), qPrintable(error));
    QVERIFY(node.port() != 0);
    QCOMPARE(node.url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(node.port())));
    QThread *nodeThread = nullptr;
    int apps = -1;
    node.run([&] {
        nodeThread = QThread::currentThread();
        apps = int(node.core()->applications().size());
    });
    QVERIFY(nodeThread != QThread::currentThread());
    QCOMPARE(node.core()->thread(), nodeThread);
    QCOMPARE(node.server()->thread(), nodeThread);
    QCOMPARE(apps, 0);
    HttpTestClient client(node.port());
    const auto ping = client.get(QStringLiteral("/apis/v1/ping"));
    QCOMPARE(ping.status, 200);
    QCOMPARE(ping.data().toString(), QStringLiteral("pong"));
}

void TestControllerNode::assembly_data()
{
    QTest::addColumn<bool>("leader");
    QTest::addColumn<bool>("authEnabled");
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("status");
    QTest::newRow("leader, auth off") << true << false << QString() << 200;
    QTest::newRow("leader, auth on, no credentials") << true << true << QString() << 401;
    QTest::newRow("leader, auth on, reader") << true << true << QStringLiteral("reader") << 200;
    QTest::newRow("follower") << false << false << QString() << 400;
}

void TestControllerNode::assembly()
{
    QFETCH(bool, leader);
    QFETCH(bool, authEnabled);
    QFETCH(QString, user);
    QFETCH(int, status);
    VirtualClock clock;
    NodeSettings settings;
    settings.controller.leader = leader;
    settings.clock = &clock;
    settings.authEnabled = authEnabled;
    settings.users = {{QStringLiteral("reader"), QStringLiteral("secret"), UserRole::ReadOnly}};
    ControllerNode node(settings);
    QString error;
    QVERIFY2(node.start(&error), qPrintable(error));
    HttpTestClient client(node.port());
    if (!user.isEmpty())
        client.setCredentials(user, QStringLiteral("secret"));
    const auto apps = client.get(QStringLiteral("/apis/v1/applications"));
    QCOMPARE(apps.status, status);
    if (status == 400)
        QCOMPARE(apps.message(), QStringLiteral("This node is not the leader controller"));
}

void TestControllerNode::outageAndResumeKeepThePort()
{
    VirtualClock clock;
    NodeSettings settings;
    settings.clock = &clock;
    ControllerNode node(settings);
    QVERIFY(node.start());
    const quint16 port = node.port();
    HttpTestClient client(port);
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
    node.stopServing();
    QVERIFY(!node.isServing());
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 0);
    QVERIFY(node.core()); // the core goes on
    QString error;
    QVERIFY2(node.resumeServing(&error), qPrintable(error));
    QCOMPARE(node.port(), port);
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
}

void TestControllerNode::replacedCoreIsServed()
{
    VirtualClock clock;
    NodeSettings settings;
    settings.clock = &clock;
    settings.controller.leader = false;
    ControllerNode node(settings);
    QVERIFY(node.start());
    HttpTestClient client(node.port());
    QCOMPARE(client.get(QStringLiteral("/apis/v1/applications")).status, 400);
    ControllerConfig promoted;
    promoted.leader = true;
    QString error;
    QVERIFY2(node.replaceCore(promoted, &error), qPrintable(error));
    const auto apps = client.get(QStringLiteral("/apis/v1/applications"));
    QCOMPARE(apps.status, 200);
    QCOMPARE(apps.envelopeStatus(), QStringLiteral("SUCCESS"));
}

QTEST_GUILESS_MAIN(TestControllerNode)
#include "tst_controllernode.moc"
