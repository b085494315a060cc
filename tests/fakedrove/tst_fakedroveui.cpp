// The window against FakeDrove without any event feed, log APIs or maintenance, and against one
// without executor details or spec validation: the cluster bar says the console is polling and
// lists what the controller offers, features it lacks are turned off with a tooltip that says
// so, everything else works, and nothing says Offline.
#include "fakedrove.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "ui/applicationactions.h"
#include "ui/clusterbar.h"
#include "ui/createapplicationdialog.h"
#include "ui/logviewwidget.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace drove;

class TestFakeDroveUi : public QObject
{
    Q_OBJECT

private slots:
    void windowSaysItIsPollingAndTurnsOffWhatIsMissing();
    void noExecutorDetailsNorSpecValidation();
};

void TestFakeDroveUi::windowSaysItIsPollingAndTurnsOffWhatIsMissing()
{
    FakeDroveConfig config;
    config.eventsLatest = false;
    config.eventsLegacy = false;
    config.logs = false;
    config.maintenance = false;
    FakeDrove fake(config);
    fake.addExecutor(QStringLiteral("ex-1"), QStringLiteral("host-1"), 8, 4096);
    fake.addApp(QStringLiteral("WEB-1"), 1);
    QVERIFY(fake.start());

    QNetworkAccessManager network;
    client::ClusterProfile profile;
    profile.id = profile.name = QStringLiteral("old drove");
    profile.endpoints = {fake.url()};
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 2000;
    models::ClusterSession session(&network, profile, false, nullptr);
    ui::MainWindow window;
    window.setSession(&session);
    window.show();
    session.start(profile.connectionSettings());

    auto *bar = window.findChild<ui::ClusterBar *>();
    QVERIFY(bar);
    QTRY_VERIFY(bar->connectionText().contains(QStringLiteral("Live")));
    QTRY_VERIFY2(
        bar->connectionText().contains(QStringLiteral("no event feed, refreshing every 2 s")),
        qPrintable(bar->connectionText()));

    // Learnt on first use: maintenance and logs are not offered here.
    auto *maintenance = window.findChild<QAction *>(QStringLiteral("actionMaintenance"));
    QVERIFY(maintenance);
    QVERIFY(maintenance->isEnabled());
    bool answered = false;
    session.setMaintenance(
        true, &session,
        [&answered](const client::Result<protocol::ClusterStateData> &) { answered = true; });
    QTRY_VERIFY(answered);
    QTRY_VERIFY(!maintenance->isEnabled());
    QVERIFY(maintenance->toolTip().contains(QStringLiteral("does not offer maintenance mode")));

    answered = false;
    session.instanceLogFiles(QStringLiteral("WEB-1"), QStringLiteral("AI-1"), &session,
                             [&answered](const client::Result<QStringList> &) { answered = true; });
    QTRY_VERIFY(answered);
    QTRY_VERIFY(!window.logView()->isEnabled());
    QVERIFY(window.logView()->toolTip().contains(QStringLiteral("instance logs")));
    QVERIFY(!bar->connectionText().contains(QStringLiteral("Offline")));
    QCOMPARE(session.connectionState(), client::ConnectionState::Connected);
}

void TestFakeDroveUi::noExecutorDetailsNorSpecValidation()
{
    FakeDroveConfig config;
    config.executorDetails = false;
    config.validateSpec = false;
    FakeDrove fake(config);
    fake.addExecutor(QStringLiteral("ex-1"), QStringLiteral("host-1"), 8, 4096);
    fake.addApp(QStringLiteral("WEB-1"), 1);
    QVERIFY(fake.start());

    QNetworkAccessManager network;
    client::ClusterProfile profile;
    profile.id = profile.name = QStringLiteral("gateway without some routes");
    profile.endpoints = {fake.url()};
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 1000;
    models::ClusterSession session(&network, profile, false, nullptr);
    ui::MainWindow window;
    window.setSession(&session);
    window.show();
    session.start(profile.connectionSettings());
    QTRY_COMPARE(session.connectionState(), client::ConnectionState::Connected);
    QTRY_COMPARE(session.applications()->rowCount(), 1);

    // Executors tab, one executor selected: its details are asked for, the route is missing,
    // and the instances table below is turned off saying why, instead of listing nothing.
    auto *instancesView = window.findChild<QTableView *>(QStringLiteral("executorInstancesView"));
    auto *instancesLabel = window.findChild<QLabel *>(QStringLiteral("executorInstancesLabel"));
    QVERIFY(instancesView);
    QVERIFY(instancesLabel);
    QVERIFY(instancesView->isEnabled());
    QTRY_VERIFY(window.selectExecutor(QStringLiteral("ex-1")));
    QTRY_VERIFY(!instancesView->isEnabled());
    QVERIFY2(instancesView->toolTip().contains(QStringLiteral("does not offer executor details")),
             qPrintable(instancesView->toolTip()));
    QVERIFY2(instancesLabel->text().contains(QStringLiteral("does not offer executor details")),
             qPrintable(instancesLabel->text()));
    // The executors themselves are still listed, and blacklisting is still offered.
    auto *executorsView = window.findChild<QTableView *>(QStringLiteral("executorsView"));
    QVERIFY(executorsView->isEnabled());
    QCOMPARE(executorsView->model()->rowCount(), 1);
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionBlacklist"))->isEnabled());

    // Create: the controller's check is tried, found missing, and Create goes on the console's
    // own checks; the check button is off with a tooltip that says why.
    QFile specFile(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    QVERIFY(specFile.open(QIODevice::ReadOnly));
    const QString specText = QString::fromUtf8(specFile.readAll());
    window.runAction(ui::ApplicationActions::Action::Create);
    auto *create = qobject_cast<ui::CreateApplicationDialog *>(window.lastDialog());
    QVERIFY(create);
    create->setSpecText(specText);
    auto *check = create->findChild<QPushButton *>(QStringLiteral("checkSpecButton"));
    auto *ok = create->findChild<QPushButton *>(QStringLiteral("okButton"));
    QVERIFY(check);
    QVERIFY(ok);
    QTRY_VERIFY(session.capabilities().isAbsent(client::Feature::ValidateSpec));
    QTRY_VERIFY(!check->isEnabled());
    QVERIFY2(check->toolTip().contains(QStringLiteral("does not offer spec validation")),
             qPrintable(check->toolTip()));
    QVERIFY(create->findChild<QLabel *>(QStringLiteral("remoteStatusLabel"))
                ->text()
                .contains(QStringLiteral("does not validate specs")));
    QVERIFY(ok->isEnabled());
    create->close();

    // A second Create knows at once, without asking the controller again.
    const int asked = fake.requestCount(QStringLiteral("/apis/v1/applications/validate"));
    QVERIFY(asked >= 1);
    window.runAction(ui::ApplicationActions::Action::Create);
    create = qobject_cast<ui::CreateApplicationDialog *>(window.lastDialog());
    QVERIFY(create);
    create->setSpecText(specText);
    check = create->findChild<QPushButton *>(QStringLiteral("checkSpecButton"));
    QVERIFY(!check->isEnabled());
    QVERIFY(create->findChild<QPushButton *>(QStringLiteral("okButton"))->isEnabled());
    QCOMPARE(fake.requestCount(QStringLiteral("/apis/v1/applications/validate")), asked);
    create->close();

    // Nothing else is affected, and nothing says Offline.
    QVERIFY(window.logView()->isEnabled());
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionMaintenance"))->isEnabled());
    QCOMPARE(session.connectionState(), client::ConnectionState::Connected);
    auto *bar = window.findChild<ui::ClusterBar *>();
    QVERIFY(!bar->connectionText().contains(QStringLiteral("Offline")));
    QVERIFY2(session.capabilitiesText().contains(QStringLiteral("spec validation")),
             qPrintable(session.capabilitiesText()));
}

QTEST_MAIN(TestFakeDroveUi)
#include "tst_fakedroveui.moc"
