// drove-console's one path to change cluster (start-up, cluster bar, Cluster ▸ Connect…), with
// the real window, client and sync loop against the embedded controller core on 127.0.0.1:0:
// a profile whose secret is in the keychain connects; one whose password is declined stays
// unconnected and says why; the embedded cluster stays reachable; Connect in the dialog switches.
#include "app/console/clusterswitcher.h"
#include "client/memorysecretstore.h"
#include "client/profilestore.h"
#include "controller/http/controllernode.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"
#include "ui/secretpromptdialog.h"

#include <QAbstractProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace drove;
using State = client::ConnectionState;

class TestClusterSwitcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void savedProfileConnects();
    void declinedPasswordLeavesUnconnected();
    void backToEmbedded();
    void connectDialogSwitches();
    void clusterBarSwitches();
    void rejectedPasswordAskedAgain();
    void editedConnectedProfileReconnects();
    void switchingDestroysTheOldSession();

private:
    client::ClusterProfile makeProfile(const QString &name) const;
    models::ClusterSession *session() const { return m_switcher->session(); }
    State state() const { return session() ? session()->connectionState() : State::Idle; }

    QTemporaryDir m_dir;
    std::unique_ptr<controller::http::ControllerNode> m_node;
    quint16 m_port = 0;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<client::MemorySecretStore> m_secrets;
    std::unique_ptr<client::ProfileStore> m_profiles;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ui::MainWindow> m_window;
    QMenu *m_simulationMenu = nullptr; // owned by the window
    std::unique_ptr<console::ClusterSwitcher> m_switcher;
    client::ClusterProfile m_stored;   ///< password in the keychain
    client::ClusterProfile m_unstored; ///< nothing stored: asked for
};

namespace {

constexpr int kTimeoutMs = 20000;
const QString kUser = QStringLiteral("admin");
const QString kPassword = QStringLiteral("pw-1");

} // namespace

client::ClusterProfile TestClusterSwitcher::makeProfile(const QString &name) const
{
    client::ClusterProfile profile;
    profile.name = name;
    profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port))};
    profile.authMode = client::ClusterAuth::Mode::Basic;
    profile.username = kUser;
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 500;
    return profile;
}

void TestClusterSwitcher::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("drove-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_clusterswitcher"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());

    controller::ControllerConfig config;
    config.monitorInitialDelayMs = 600000;
    controller::http::NodeSettings node;
    node.controller = config;
    node.authEnabled = true;
    node.users = {controller::http::ApiUser {kUser, kPassword, controller::http::UserRole::Root}};
    m_node = std::make_unique<controller::http::ControllerNode>(node);
    QString error;
    QVERIFY2(m_node->start(&error), qPrintable(error));
    m_port = m_node->port();

    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);
    m_secrets = std::make_unique<client::MemorySecretStore>();
    m_profiles = std::make_unique<client::ProfileStore>(m_settings.get(), m_secrets.get());
    m_stored = makeProfile(QStringLiteral("stored"));
    QVERIFY(m_profiles->saveProfile(m_stored).isEmpty());
    m_profiles->storeSecret(m_stored.id, kPassword);
    m_unstored = makeProfile(QStringLiteral("unstored"));
    QVERIFY(m_profiles->saveProfile(m_unstored).isEmpty());

    m_network = std::make_unique<QNetworkAccessManager>();
    m_window = std::make_unique<ui::MainWindow>();
    m_switcher = std::make_unique<console::ClusterSwitcher>(m_profiles.get(), m_window.get(),
                                                            m_network.get());
    client::ClusterProfile embedded = makeProfile(QStringLiteral("embedded"));
    embedded.id = ui::ConnectDialog::kEmbeddedId;
    m_switcher->setEmbeddedCluster(embedded, kPassword);
    m_simulationMenu = new QMenu(QStringLiteral("Simulation"), m_window.get());
    m_window->addEmbeddedMenu(m_simulationMenu);
    m_window->show();
}

void TestClusterSwitcher::cleanupTestCase()
{
    m_switcher.reset();
    m_window.reset();
    m_profiles.reset();
    m_node.reset();
}

void TestClusterSwitcher::savedProfileConnects()
{
    QVERIFY(!m_switcher->connectTo(QStringLiteral("no-such-profile")));
    QVERIFY(m_switcher->connectTo(m_stored.id));
    QCOMPARE(m_switcher->connectedId(), m_stored.id);
    QCOMPARE(m_profiles->currentProfileId(), m_stored.id);
    QVERIFY(m_window->windowTitle().contains(QLatin1String("stored")));
    // The controller takes Basic auth only with the stored password.
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    QCOMPARE(m_window->session(), session());
    // The Simulation menu acts on the embedded cluster only: not offered on a real one.
    QVERIFY(!m_simulationMenu->menuAction()->isVisible());
}

void TestClusterSwitcher::declinedPasswordLeavesUnconnected()
{
    QVERIFY(m_switcher->connectTo(m_unstored.id));
    QCOMPARE(m_switcher->connectedId(), m_unstored.id);
    ui::SecretPromptDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((prompt = m_window->findChild<ui::SecretPromptDialog *>()),
                             kTimeoutMs);
    QCOMPARE(state(), State::Idle); // nothing is synced while the password is asked for
    QTest::mouseClick(prompt->findChild<QPushButton *>(QStringLiteral("cancelButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!m_switcher->notConnectedReason().isEmpty());
    QCOMPARE(state(), State::Idle); // the cluster bar's "Not connected"
    QVERIFY2(m_switcher->notConnectedReason().contains(QLatin1String("unstored")),
             qPrintable(m_switcher->notConnectedReason()));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("Not connected")),
             qPrintable(m_window->statusBar()->currentMessage()));
}

void TestClusterSwitcher::backToEmbedded()
{
    QVERIFY(m_switcher->connectTo(ui::ConnectDialog::kEmbeddedId));
    QCOMPARE(m_switcher->connectedId(), ui::ConnectDialog::kEmbeddedId);
    QVERIFY(m_profiles->currentProfileId().isEmpty()); // the next start is embedded too
    QVERIFY(m_switcher->notConnectedReason().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
    QVERIFY(m_simulationMenu->menuAction()->isVisible());
}

void TestClusterSwitcher::connectDialogSwitches()
{
    // Cluster ▸ Connect… as the window's action emits it.
    auto *action = m_window->findChild<QAction *>(QStringLiteral("actionConnect"));
    QVERIFY(action);
    action->trigger();
    auto *dialog = m_window->findChild<ui::ConnectDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->profileList()->topLevelItemCount(), 3);        // embedded + two profiles
    QCOMPARE(dialog->selectedId(), ui::ConnectDialog::kEmbeddedId); // the connected one
    QVERIFY(dialog->selectProfile(m_stored.id));
    QSignalSpy switched(m_switcher.get(), &console::ClusterSwitcher::switched);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    QCOMPARE(switched.size(), 1);
    QCOMPARE(m_switcher->connectedId(), m_stored.id);
    QCOMPARE(m_profiles->currentProfileId(), m_stored.id);
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
}

void TestClusterSwitcher::clusterBarSwitches()
{
    emit m_window->profileSwitchRequested(ui::ConnectDialog::kEmbeddedId);
    QCOMPARE(m_switcher->connectedId(), ui::ConnectDialog::kEmbeddedId);
    emit m_window->profileSwitchRequested(m_stored.id);
    QCOMPARE(m_switcher->connectedId(), m_stored.id);
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
}

void TestClusterSwitcher::rejectedPasswordAskedAgain()
{
    // The keychain holds a password the controller no longer accepts.
    client::ClusterProfile changed = makeProfile(QStringLiteral("changed"));
    QVERIFY(m_profiles->saveProfile(changed).isEmpty());
    m_profiles->storeSecret(changed.id, QStringLiteral("old-password"));
    QVERIFY(m_switcher->connectTo(changed.id));
    ui::SecretPromptDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((prompt = m_window->findChild<ui::SecretPromptDialog *>()),
                             kTimeoutMs);
    QCOMPARE(state(), State::Idle); // no more polling with a password that cannot work
    QVERIFY(prompt->findChild<QLabel *>(QStringLiteral("reasonLabel"))
                ->text()
                .contains(QLatin1String("401")));
    QTest::keyClicks(prompt->findChild<QLineEdit *>(QStringLiteral("secretEdit")), kPassword);
    QTest::mouseClick(prompt->findChild<QPushButton *>(QStringLiteral("okButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    // The new password replaced the old one in the keychain.
    std::optional<QString> stored;
    bool answered = false;
    m_secrets->read(QStringLiteral("cluster/") + changed.id, this,
                    [&](client::SecretStore::Status, const QString &secret, const QString &) {
                        stored = secret;
                        answered = true;
                    });
    QTRY_VERIFY(answered);
    QCOMPARE(stored.value_or(QString()), kPassword);
}

void TestClusterSwitcher::editedConnectedProfileReconnects()
{
    QVERIFY(m_switcher->connectTo(m_stored.id));
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    QCOMPARE(session()->profile().refreshIntervalMs, 500);

    // Edited in Cluster ▸ Connect… while connected: the window follows what was saved.
    QSignalSpy switched(m_switcher.get(), &console::ClusterSwitcher::switched);
    client::ClusterProfile edited = *m_profiles->profile(m_stored.id);
    edited.name = QStringLiteral("stored-renamed");
    edited.refreshIntervalMs = 1500;
    QVERIFY(m_profiles->saveProfile(edited).isEmpty());
    QTRY_VERIFY(m_window->windowTitle().contains(QLatin1String("stored-renamed")));
    QCOMPARE(switched.size(), 1);
    QCOMPARE(session()->profile().refreshIntervalMs, 1500);
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);

    // Only network options changed (Network tab of the profile form): they are part of the
    // connection, so the window reconnects with them.
    const QPointer<models::ClusterSession> before = session();
    edited = *m_profiles->profile(m_stored.id);
    edited.extraHeaders = {{QStringLiteral("X-Route"), QStringLiteral("blue")}};
    edited.requestTimeoutMs = 30000;
    edited.proxyMode = client::ProxyMode::None;
    QVERIFY(m_profiles->saveProfile(edited).isEmpty());
    QTRY_COMPARE(switched.size(), 2);
    QVERIFY(before.isNull());
    QCOMPARE(session()->profile().extraHeaders, edited.extraHeaders);
    QCOMPARE(session()->profile().requestTimeoutMs, 30000);
    QCOMPARE(session()->profile().proxyMode, client::ProxyMode::None);
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);

    // Saved again unchanged: nothing to reconnect for.
    QVERIFY(m_profiles->saveProfile(edited).isEmpty());
    QCoreApplication::processEvents(); // where a reconnect would have been queued
    QCoreApplication::processEvents();
    QCOMPARE(switched.size(), 2);

    // Editing another profile leaves the connection alone.
    client::ClusterProfile other = *m_profiles->profile(m_unstored.id);
    other.name = QStringLiteral("unstored-renamed");
    QVERIFY(m_profiles->saveProfile(other).isEmpty());
    QCoreApplication::processEvents(); // where a reconnect would have been queued
    QCoreApplication::processEvents();
    QCOMPARE(switched.size(), 2);
    QCOMPARE(m_switcher->connectedId(), m_stored.id);

    // A new password saved from the profile form (the profile itself unchanged): the window
    // reconnects with it, and keeps working (the controller still takes the stored one).
    const QPointer<models::ClusterSession> withOld = session();
    m_profiles->replaceSecret(m_stored.id, kPassword);
    QTRY_COMPARE(switched.size(), 3);
    QVERIFY(withOld.isNull());
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    // Stored for another profile: nothing to reconnect for.
    m_profiles->replaceSecret(m_unstored.id, QStringLiteral("other"));
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(switched.size(), 3);
}

void TestClusterSwitcher::switchingDestroysTheOldSession()
{
    QVERIFY(m_switcher->connectTo(m_stored.id));
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    const QPointer<models::ClusterSession> old = session();
    const QPointer<QAbstractItemModel> oldApps = old->applications();

    QVERIFY(m_switcher->connectTo(ui::ConnectDialog::kEmbeddedId));
    // The old session, its models and its sync loop are gone; the window shows the new one.
    QVERIFY(old.isNull());
    QVERIFY(oldApps.isNull());
    QVERIFY(session());
    QCOMPARE(m_window->session(), session());
    QCOMPARE(session()->profile().id, ui::ConnectDialog::kEmbeddedId);
    QVERIFY(session()->isEmbedded());
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, kTimeoutMs);
    // The applications view reads the new session's model.
    auto *view = m_window->findChild<QTableView *>(QStringLiteral("applicationsView"));
    QVERIFY(view);
    auto *proxy = qobject_cast<QAbstractProxyModel *>(view->model());
    QVERIFY(proxy);
    QCOMPARE(proxy->sourceModel(), session()->applications());
}

QTEST_MAIN(TestClusterSwitcher)
#include "tst_clusterswitcher.moc"
