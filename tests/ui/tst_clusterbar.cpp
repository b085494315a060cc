// The cluster bar says what the controller reports, and when it does not know it says since
// when its data is: the maintenance window's tail (Drove refuses operations for 40 s after any
// state change: CommonUtils.isInMaintenanceWindow, drove-api.md §0.5) and an offline cluster's
// last data.
#include "models/clusteroverview.h"
#include "ui/clusterbar.h"

#include <QDateTime>
#include <QLabel>
#include <QTest>

using namespace drove;

class TestClusterBar : public QObject
{
    Q_OBJECT

private slots:
    void maintenanceTailIsSaidUntilOperationsAreAccepted();
    void offlineSaysSinceWhen();
};

void TestClusterBar::maintenanceTailIsSaidUntilOperationsAreAccepted()
{
    models::ClusterOverview overview;
    ui::ClusterBar bar;
    bar.setOverview(&overview);
    protocol::ClusterSummary summary;
    summary.state = protocol::ClusterState::Normal;
    overview.setSummary(summary);
    auto *state = bar.findChild<QLabel *>(QStringLiteral("clusterStateLabel"));
    QCOMPARE(state->text(), QStringLiteral("NORMAL"));

    // Unset 10 s ago: NORMAL, but refused for 30 s more.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    overview.setStateChangedAt(now - 10000);
    QCOMPARE(overview.refusesOperationsUntil(now), now - 10000 + 40000);
    QVERIFY2(state->text().startsWith(QStringLiteral("NORMAL — operations accepted in 3")),
             qPrintable(state->text()));
    QVERIFY(state->toolTip().contains(QLatin1String("40 s")));
    // 41 s after the change: accepted.
    QCOMPARE(overview.refusesOperationsUntil(now + 31001), qint64(0));
    // In MAINTENANCE the badge says so itself.
    summary.state = protocol::ClusterState::Maintenance;
    overview.setSummary(summary);
    QCOMPARE(state->text(), QStringLiteral("MAINTENANCE"));
    QCOMPARE(overview.refusesOperationsUntil(now), qint64(0));
}

void TestClusterBar::offlineSaysSinceWhen()
{
    ui::ClusterBar bar;
    const QDateTime last = QDateTime::currentDateTimeUtc().addSecs(-125);
    bar.setConnectionState(client::ConnectionState::Offline, last);
    QVERIFY2(bar.connectionText().contains(last.toLocalTime().toString(QStringLiteral("HH:mm:ss"))),
             qPrintable(bar.connectionText()));
    QVERIFY(bar.connectionText().contains(QLatin1String("ago")));
    bar.setConnectionState(client::ConnectionState::Offline, QDateTime());
    QCOMPARE(bar.connectionText(), QStringLiteral("● Offline"));
}

QTEST_MAIN(TestClusterBar)
#include "tst_clusterbar.moc"
