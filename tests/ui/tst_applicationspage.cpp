// The applications page while a large application list is still going into the table (a batch
// per turn of the event loop): it says so, and shows no counts of the part that is in.
#include "client/droveclient.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "ui/applicationactions.h"
#include "ui/applicationspage.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTableView>
#include <QTest>

using namespace drove;

class TestApplicationsPage : public QObject
{
    Q_OBJECT

private slots:
    void countsWaitForTheWholeList();
    void facetKeepsItsWidthWhileCountsChange();
};

namespace {
protocol::AppSummary appNumber(int i, qint64 healthy)
{
    protocol::AppSummary a;
    a.id = QStringLiteral("APP-%1").arg(i, 5, 10, QLatin1Char('0'));
    a.name = QStringLiteral("APP");
    a.state = protocol::ApplicationState::Running;
    a.requiredInstances = 2;
    a.healthyInstances = healthy;
    return a;
}
/// The page on a session of its own (no controller: the tests feed its models).
struct PageOnASession
{
    static client::ClusterProfile testProfile()
    {
        client::ClusterProfile profile;
        profile.id = QStringLiteral("test");
        profile.name = QStringLiteral("test");
        return profile;
    }
    QNetworkAccessManager network;
    client::DroveClient client {&network};
    models::ClusterSession session {&client, nullptr, testProfile(), false, nullptr};
    ui::ApplicationActions actions;
    ui::ApplicationsPage page {&actions};
    PageOnASession() { page.setSession(&session); }
};

} // namespace

void TestApplicationsPage::countsWaitForTheWholeList()
{
    PageOnASession fixture;
    models::ClusterSession &session = fixture.session;
    ui::ApplicationsPage &page = fixture.page;
    page.resize(900, 600);
    page.show();
    auto *facet = page.findChild<QComboBox *>(QStringLiteral("stateFacetCombo"));
    auto *label = page.findChild<QLabel *>(QStringLiteral("applicationsLoadingLabel"));
    auto *view = page.findChild<QTableView *>(QStringLiteral("applicationsView"));
    QVERIFY(facet && label && view);
    const int unhealthyItem = facet->findText(QStringLiteral("Unhealthy"), Qt::MatchStartsWith);
    const int runningItem = facet->findData(int(protocol::ApplicationState::Running));
    QVERIFY(unhealthyItem > 0 && runningItem > 0);

    // The session puts a list with many new rows in a batch per turn.
    models::ApplicationsModel *apps = session.applications();
    QVERIFY(apps->insertBatchSize() > 0);
    const int batch = apps->insertBatchSize();
    const int total = 2 * batch + batch / 2;
    QList<protocol::AppSummary> list;
    for (int i = 0; i < total; ++i)
        list.append(appNumber(i, i >= total - 10 ? 1 : 2)); // the unhealthy ones come last
    apps->applyApplications(list);
    QVERIFY(apps->isLoading());
    QVERIFY(!label->isHidden());
    QCOMPARE(facet->itemText(0), QStringLiteral("All states (loading…)"));
    QCOMPARE(facet->itemText(unhealthyItem), QStringLiteral("Unhealthy (…)"));
    QCOMPARE(facet->itemText(runningItem), QStringLiteral("RUNNING (…)"));

    // Part of the list in: the table shows it, the page says how much, and still no counts
    // ("Unhealthy (0)" would be untrue: the unhealthy apps are not in yet).
    for (int turn = 0; turn < 100 && apps->loadedCount() == 0; ++turn)
        QCoreApplication::processEvents();
    QCOMPARE(apps->loadedCount(), batch);
    QVERIFY(apps->isLoading());
    QCOMPARE(view->model()->rowCount(), batch);
    const QLocale locale;
    QVERIFY2(label->text().contains(
                 QStringLiteral("%1 of %2").arg(locale.toString(batch), locale.toString(total))),
             qPrintable(label->text()));
    QCOMPARE(facet->itemText(unhealthyItem), QStringLiteral("Unhealthy (…)"));
    QCOMPARE(facet->itemText(0), QStringLiteral("All states (loading…)"));

    // All in: counts, and the line is gone.
    QTRY_VERIFY(!apps->isLoading());
    QVERIFY(label->isHidden());
    QCOMPARE(view->model()->rowCount(), total);
    QCOMPARE(facet->itemText(0), QStringLiteral("All states (%1)").arg(total));
    QCOMPARE(facet->itemText(unhealthyItem), QStringLiteral("Unhealthy (10)"));
    QCOMPARE(facet->itemText(runningItem), QStringLiteral("RUNNING (%1)").arg(total));
}

void TestApplicationsPage::facetKeepsItsWidthWhileCountsChange()
{
    // The state facet is not sized to its contents: a count changing at each keystroke of a
    // search re-laid out the whole window. It is wide enough for every entry, stays so while
    // counts shrink, and clearing the search shows every row again.
    PageOnASession fixture;
    models::ClusterSession &session = fixture.session;
    ui::ApplicationsPage &page = fixture.page;
    page.resize(1100, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *facet = page.findChild<QComboBox *>(QStringLiteral("stateFacetCombo"));
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    auto *view = page.findChild<QTableView *>(QStringLiteral("applicationsView"));
    QVERIFY(facet && search && view);
    QCOMPARE(facet->sizeAdjustPolicy(), QComboBox::AdjustToMinimumContentsLengthWithIcon);
    QList<protocol::AppSummary> list;
    for (int i = 0; i < 12000; ++i)
        list.append(appNumber(i, 2));
    session.applications()->applyApplications(list);
    QTRY_VERIFY(!session.applications()->isLoading());
    QCoreApplication::processEvents();
    const auto fitsEveryEntry = [facet] {
        for (int i = 0; i < facet->count(); ++i) {
            if (facet->fontMetrics().horizontalAdvance(facet->itemText(i)) >= facet->width())
                return false;
        }
        return true;
    };
    QCOMPARE(facet->itemText(0), QStringLiteral("All states (12000)"));
    QVERIFY(fitsEveryEntry());
    const int width = facet->width();
    for (const QString &text : {QStringLiteral("APP-0"), QStringLiteral("APP-01"),
                                QStringLiteral("APP-011"), QStringLiteral("APP-0111")}) {
        search->setText(text);
        QCoreApplication::processEvents();
        QCOMPARE(facet->width(), width);
    }
    QCOMPARE(view->model()->rowCount(), 10); // APP-01110 … APP-01119
    QCOMPARE(facet->itemText(0), QStringLiteral("All states (10)"));
    search->clear();
    QCoreApplication::processEvents();
    QCOMPARE(view->model()->rowCount(), 12000);
    QCOMPARE(facet->width(), width);
    QVERIFY(fitsEveryEntry());
}

QTEST_MAIN(TestApplicationsPage)
#include "tst_applicationspage.moc"
