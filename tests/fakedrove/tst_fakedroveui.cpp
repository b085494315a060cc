// The window against FakeDrove without any event feed, log APIs or maintenance: the cluster bar
// says the console is polling and lists what the controller offers, features it lacks are
// turned off with a tooltip that says so, and nothing says Offline.
#include "fakedrove.h"

#include "models/clustersession.h"
#include "ui/clusterbar.h"
#include "ui/logviewwidget.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace drove;

class TestFakeDroveUi : public QObject
{
    Q_OBJECT

private slots:
    void windowSaysItIsPollingAndTurnsOffWhatIsMissing();
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
    QTRY_VERIFY2(bar->connectionText().contains(
                     QStringLiteral("no event feed, refreshing every 2 s")),
                 qPrintable(bar->connectionText()));

    // Learnt on first use: maintenance and logs are not offered here.
    auto *maintenance = window.findChild<QAction *>(QStringLiteral("actionMaintenance"));
    QVERIFY(maintenance);
    QVERIFY(maintenance->isEnabled());
    bool answered = false;
    session.setMaintenance(true, &session,
                           [&answered](const client::Result<protocol::ClusterStateData> &) {
                               answered = true;
                           });
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

QTEST_MAIN(TestFakeDroveUi)
#include "tst_fakedroveui.moc"
