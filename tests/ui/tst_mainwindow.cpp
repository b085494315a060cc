// End to end: the real window, client and sync loop against the embedded controller core served
// over HTTP on 127.0.0.1:0, driven through the same dialogs an operator uses.
#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/droveapi.h"
#include "models/applicationsmodel.h"
#include "models/modelroles.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"
#include "ui/createapplicationdialog.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;
using Action = ui::ApplicationActions::Action;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void lifecycle();

private:
    std::optional<protocol::AppSummary> app(const QString &appId) const;
    QPushButton *okButton() const;
    void clickOk();

    QTemporaryDir m_settingsDir;
    std::unique_ptr<controller::ControllerCore> m_core;
    std::unique_ptr<controller::http::ApiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<client::DroveClient> m_client;
    std::unique_ptr<client::SyncEngine> m_sync;
    std::unique_ptr<ui::MainWindow> m_window;
};

namespace {

const QString kApp = QStringLiteral("TEST_APP-1");
constexpr int kTimeoutMs = 20000;

QString specText()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("drove-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());

    controller::ControllerConfig config;
    config.timeScale = 0.05;               // instances become healthy in a fraction of a second
    config.monitorInitialDelayMs = 600000; // no RECOVER interfering with what the test does
    config.monitorPeriodMs = 600000;
    m_core = std::make_unique<controller::ControllerCore>(config);
    QString error;
    QVERIFY2(m_core->start(&error), qPrintable(error));
    m_server = std::make_unique<controller::http::ApiServer>();
    controller::http::installDroveApi(m_server->router(), *m_core);
    const quint16 port = m_server->listenOn(QHostAddress::LocalHost, 0, &error);
    QVERIFY2(port != 0, qPrintable(error));

    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<client::DroveClient>(m_network.get());
    client::ClusterProfile profile;
    profile.id = QStringLiteral("test");
    profile.name = QStringLiteral("test");
    profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
    profile.criticality = client::Criticality::Local;
    m_client->setConnectionSettings(profile.connectionSettings());
    m_sync = std::make_unique<client::SyncEngine>(m_client.get());
    m_sync->setRefreshInterval(200);
    m_window = std::make_unique<ui::MainWindow>(m_client.get(), m_sync.get());
    m_window->setCluster(profile, true);
    m_window->show();
    m_sync->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_sync->connectionState(),
                              client::SyncEngine::ConnectionState::Connected, kTimeoutMs);
}

void TestMainWindow::cleanupTestCase()
{
    m_sync->stop();
    m_window.reset();
    m_sync.reset();
    m_client.reset();
    m_server.reset();
    m_core.reset();
}

std::optional<protocol::AppSummary> TestMainWindow::app(const QString &appId) const
{
    auto *model = m_window->findChild<models::ApplicationsModel *>();
    return model ? model->application(appId) : std::nullopt;
}

QPushButton *TestMainWindow::okButton() const
{
    return m_window->lastDialog()->findChild<QPushButton *>(QStringLiteral("okButton"));
}

void TestMainWindow::clickOk()
{
    QTest::mouseClick(okButton(), Qt::LeftButton);
}

void TestMainWindow::lifecycle()
{
    auto *actions = m_window->applicationActions();

    // Create, through the dialog, checked by the controller's validate-spec call.
    QVERIFY(actions->action(Action::Create)->isEnabled());
    actions->action(Action::Create)->trigger();
    auto *create = qobject_cast<ui::CreateApplicationDialog *>(m_window->lastDialog());
    QVERIFY(create);
    create->setSpecText(specText());
    QTRY_VERIFY_WITH_TIMEOUT(okButton()->isEnabled(), kTimeoutMs);
    clickOk();
    QTRY_VERIFY_WITH_TIMEOUT(app(kApp).has_value(), kTimeoutMs);
    QTRY_COMPARE(m_window->currentAppId(), kApp);
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->state, protocol::ApplicationState::Monitoring, kTimeoutMs);

    // Scale to 3 and watch the operation complete.
    QTRY_VERIFY(actions->action(Action::Scale)->isEnabled());
    actions->action(Action::Scale)->trigger();
    auto *spin
        = m_window->lastDialog()->findChild<QSpinBox *>(QStringLiteral("requiredInstancesSpinBox"));
    spin->setValue(3);
    clickOk();
    auto *tracker = m_window->operationTracker();
    QTRY_VERIFY_WITH_TIMEOUT(!tracker->operations().isEmpty(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(tracker->operations().constLast().outcome,
                              models::TrackedOperation::Outcome::Completed, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->healthyInstances, 3, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->state, protocol::ApplicationState::Running, kTimeoutMs);

    // Select two instances and stop them without respawn.
    auto *instances = m_window->findChild<QTableView *>(QStringLiteral("instancesView"));
    QTRY_COMPARE_WITH_TIMEOUT(instances->model()->rowCount(), 3, kTimeoutMs);
    instances->selectRow(0);
    instances->selectionModel()->select(instances->model()->index(1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(m_window->selectedInstanceIds().size(), 2);
    QTRY_VERIFY(actions->action(Action::StopSelected)->isEnabled());
    actions->action(Action::StopSelected)->trigger();
    auto *skip
        = m_window->lastDialog()->findChild<QCheckBox *>(QStringLiteral("skipRespawnCheckBox"));
    skip->setChecked(true);
    clickOk();
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->requiredInstances, 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->healthyInstances, 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->state, protocol::ApplicationState::Running, kTimeoutMs);

    // Suspend, then destroy with the typed confirmation.
    QTRY_VERIFY_WITH_TIMEOUT(actions->action(Action::Suspend)->isEnabled(), kTimeoutMs);
    actions->action(Action::Suspend)->trigger();
    clickOk();
    QTRY_COMPARE_WITH_TIMEOUT(app(kApp)->state, protocol::ApplicationState::Monitoring, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(actions->action(Action::Destroy)->isEnabled(), kTimeoutMs);
    actions->action(Action::Destroy)->trigger();
    QVERIFY(!okButton()->isEnabled());
    QTest::keyClicks(
        m_window->lastDialog()->findChild<QLineEdit *>(QStringLiteral("confirmIdLineEdit")), kApp);
    QVERIFY(okButton()->isEnabled());
    clickOk();
    QTRY_VERIFY_WITH_TIMEOUT(!app(kApp).has_value(), kTimeoutMs);
    if (!qEnvironmentVariableIsEmpty("DROVE_UI_SCREENSHOT_DIR"))
        m_window->grab().save(qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR")
                              + QStringLiteral("/mainwindow.png"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
