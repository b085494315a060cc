// "Test connection" against the embedded controller core served over HTTP on 127.0.0.1:0: the
// leader found (one endpoint, or among several with a dead one), wrong password (401), an
// untrusted TLS certificate (and the same accepted by an insecure profile), a
// controller that is not the leader, and nothing listening, each said in plain words; and the
// same through the profile editor's button.
#include "client/memorysecretstore.h"
#include "client/profilestore.h"
#include "controller/http/controllernode.h"
#include "ui/connectiontester.h"
#include "ui/profileeditordialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;
using client::ClusterAuth;

class TestConnectionTester : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void results_data();
    void results();
    void tlsCertificateNotTrusted();
    void editorButton();
    void editorUsesStoredSecret();

private:
    QUrl leaderUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    QUrl followerUrl() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_followerPort));
    }
    QUrl deadUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_deadPort)); }

    std::unique_ptr<controller::http::ControllerNode> m_leader;
    std::unique_ptr<controller::http::ControllerNode> m_follower;
    quint16 m_port = 0;
    quint16 m_followerPort = 0;
    quint16 m_deadPort = 0;
};

namespace {

constexpr int kTimeoutMs = 15000;
const QString kUser = QStringLiteral("deployer");
const QString kPassword = QStringLiteral("right-password");

} // namespace

void TestConnectionTester::initTestCase()
{
    controller::ControllerConfig config;
    config.monitorInitialDelayMs = 600000;
    controller::http::NodeSettings settings;
    settings.controller = config;
    settings.authEnabled = true;
    settings.users
        = {controller::http::ApiUser {kUser, kPassword, controller::http::UserRole::ReadWrite}};
    m_leader = std::make_unique<controller::http::ControllerNode>(settings);
    QString error;
    QVERIFY2(m_leader->start(&error), qPrintable(error));
    m_port = m_leader->port();

    // A controller that is up but not the leader answers 400 "not the leader".
    settings.controller.leader = false;
    m_follower = std::make_unique<controller::http::ControllerNode>(settings);
    QVERIFY2(m_follower->start(&error), qPrintable(error));
    m_followerPort = m_follower->port();

    // A port nobody listens on: bind one, note it, close it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_deadPort = probe.serverPort();
    probe.close();
}

void TestConnectionTester::cleanupTestCase()
{
    m_follower.reset();
    m_leader.reset();
}

void TestConnectionTester::results_data()
{
    QTest::addColumn<QString>("endpoints"); // L = leader, F = follower, D = dead
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("leader, right password") << "L" << kPassword << true << "leader controller";
    QTest::newRow("leader among several, one dead")
        << "DFL" << kPassword << true << "found among 3 endpoints";
    QTest::newRow("wrong password") << "L"
                                    << "wrong" << false << "HTTP 401";
    QTest::newRow("wrong password on every endpoint") << "FL"
                                                      << "wrong" << false << "HTTP 401";
    QTest::newRow("not the leader") << "F" << kPassword << false << "not the leader";
    QTest::newRow("no leader among several") << "FD" << kPassword << false << "not the leader";
    QTest::newRow("nothing listening") << "D" << kPassword << false << "Cannot connect";
}

void TestConnectionTester::results()
{
    QFETCH(QString, endpoints);
    QFETCH(QString, password);
    QFETCH(bool, ok);
    QFETCH(QString, mentions);

    client::ClusterProfile profile;
    for (const QChar c : endpoints)
        profile.endpoints.append(c == QLatin1Char('L')       ? leaderUrl()
                                     : c == QLatin1Char('F') ? followerUrl()
                                                             : deadUrl());
    profile.authMode = ClusterAuth::Mode::Basic;
    profile.username = kUser;

    ui::ConnectionTester tester;
    QSignalSpy finished(&tester, &ui::ConnectionTester::finished);
    tester.test(profile.connectionSettings(password));
    QVERIFY(tester.isRunning());
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(finished.size(), 1);
    const QString message = finished.at(0).at(1).toString();
    QCOMPARE(finished.at(0).at(0).toBool(), ok);
    QVERIFY2(message.contains(mentions, Qt::CaseInsensitive), qPrintable(message));
    QVERIFY(!tester.isRunning());
    if (ok) {
        QVERIFY2(message.contains(leaderUrl().toDisplayString()), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("3 executors")), qPrintable(message));
    }
    QVERIFY2(!message.contains(password), "the secret must never be shown");
}

void TestConnectionTester::tlsCertificateNotTrusted()
{
#ifdef QT_NO_SSL
    QSKIP("this Qt has no TLS support");
#else
    // A controller with a self-signed certificate: refused unless the profile is insecure.
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        QSKIP("openssl is not available to make a test certificate");
    QFile keyFile(key);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(QSslCertificate::fromPath(cert));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    controller::http::NodeSettings settings;
    settings.controller.monitorInitialDelayMs = 600000;
    settings.tls = tls;
    controller::http::ControllerNode node(settings);
    QString error;
    QVERIFY2(node.start(&error), qPrintable(error));
    const quint16 port = node.port();

    client::ClusterProfile profile;
    profile.endpoints = {QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port))};
    ui::ConnectionTester tester;
    QSignalSpy finished(&tester, &ui::ConnectionTester::finished);
    tester.test(profile.connectionSettings());
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY(!finished.at(0).at(0).toBool());
    QCOMPARE(tester.lastError().kind, client::ApiError::Kind::Tls);
    QVERIFY2(finished.at(0).at(1).toString().contains(QLatin1String("insecure")),
             qPrintable(finished.at(0).at(1).toString()));

    profile.insecure = true;
    tester.test(profile.connectionSettings());
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
#endif
}

void TestConnectionTester::editorButton()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    client::MemorySecretStore secrets;
    client::ProfileStore store(&settings, &secrets);
    ui::ProfileEditorDialog editor(&store);
    editor.show();
    QTest::keyClicks(editor.findChild<QLineEdit *>(QStringLiteral("nameEdit")),
                     QStringLiteral("local"));
    QTest::keyClicks(editor.findChild<QPlainTextEdit *>(QStringLiteral("endpointsEdit")),
                     leaderUrl().toString());
    auto *auth = editor.findChild<QComboBox *>(QStringLiteral("authCombo"));
    auth->setCurrentIndex(auth->findData(int(ClusterAuth::Mode::Basic)));
    QTest::keyClicks(editor.findChild<QLineEdit *>(QStringLiteral("usernameEdit")), kUser);
    QTest::keyClicks(editor.findChild<QLineEdit *>(QStringLiteral("secretEdit")),
                     QStringLiteral("nope"));
    auto *button = editor.findChild<QPushButton *>(QStringLiteral("testButton"));
    auto *result = editor.findChild<QLabel *>(QStringLiteral("testResultLabel"));
    QVERIFY(button->isEnabled());

    QSignalSpy finished(editor.tester(), &ui::ConnectionTester::finished);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY2(result->text().contains(QLatin1String("401")), qPrintable(result->text()));
    QVERIFY(!result->isHidden());

    auto *secret = editor.findChild<QLineEdit *>(QStringLiteral("secretEdit"));
    secret->clear();
    QTest::keyClicks(secret, kPassword);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY2(result->text().contains(QLatin1String("Connected")), qPrintable(result->text()));
    QVERIFY(store.profiles().isEmpty()); // testing saves nothing
}

void TestConnectionTester::editorUsesStoredSecret()
{
    // Editing a saved profile without retyping the password tests with the stored one.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    client::MemorySecretStore secrets;
    client::ProfileStore store(&settings, &secrets);
    client::ClusterProfile profile;
    profile.name = QStringLiteral("local");
    profile.endpoints = {leaderUrl()};
    profile.authMode = ClusterAuth::Mode::Basic;
    profile.username = kUser;
    QVERIFY(store.saveProfile(profile).isEmpty());
    store.storeSecret(profile.id, kPassword);

    ui::ProfileEditorDialog editor(&store);
    editor.setProfile(profile);
    editor.show();
    QSignalSpy finished(editor.tester(), &ui::ConnectionTester::finished);
    QTest::mouseClick(editor.findChild<QPushButton *>(QStringLiteral("testButton")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
}

QTEST_MAIN(TestConnectionTester)
#include "tst_connectiontester.moc"
