#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/instancesearchindex.h"
#include "models/modelroles.h"
#include "models/statepalette.h"
#include "models/statetextfilterproxymodel.h"
#include "modeltestsupport.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace drove::models;
using drove::protocol::ApplicationState;
using drove::protocol::AppSummary;
using drove::protocol::InstanceInfo;
using drove::protocol::InstanceState;
using test::app;

class TestApplicationsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void firstSnapshotInsertsRows();
    void removalsComeFromTheBackInRuns();
    void changedRowsCarryOnlyTheirColumnsAndRoles_data();
    void changedRowsCarryOnlyTheirColumnsAndRoles();
    void unchangedSnapshotEmitsNothing();
    void selectionSurvivesReorderingRefresh();
    void singleUpdateAndRemoval();
    void duplicateKeysKeepTheLast();
    void randomSnapshotsAgreeWithAFreshModel();
    void mapSnapshotUsesKeysAsIds();
    void clearIsTheOnlyReset();
    void rolesCarryRawValues();
    void multiColumnSort_data();
    void multiColumnSort();
    void multiColumnSortFollowsRefreshes();
    void secondaryKeyChangesReorderTheirRows();
    void sortKeysRoundTripThroughText_data();
    void sortKeysRoundTripThroughText();
    void facetCountsFollowRefreshesAndText();
    void searchFindsApplicationsByKnownInstances_data();
    void searchFindsApplicationsByKnownInstances();
    void matchedInstanceIsInTheTooltip();
    void typingMatchesWhatAFreshSearchMatches();
    void changedApplicationsRefilterLikeAFreshSearch_data();
    void changedApplicationsRefilterLikeAFreshSearch();
    void gatheringSharesUnchangedListsAndNamesTheChangedApps();
    void conditionFacetsCountAndFilter();
    void largeListGoesInABatchPerTurn();
    void smallChangeOfALargeListIsAppliedAtOnce();
    void listArrivingWhileLoadingIsTheOneShown();
    void summaryAndRemovalWhileLoadingAreNotUndone();

private:
    /// Runs the event loop until the model has finished loading (at most `turns` turns); the
    /// number of turns it took, or -1.
    int loadToTheEnd(int turns = 1000);
    /// Runs the event loop until the model puts the next batch in; false if it does not.
    bool nextBatch();
    /// The model's rows, by id.
    QMap<QString, AppSummary> shown() const;
    ApplicationsModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    QSignalSpy *m_resets = nullptr;
};

void TestApplicationsModel::init()
{
    m_model = new ApplicationsModel(this);
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_resets = new QSignalSpy(m_model, &QAbstractItemModel::modelAboutToBeReset);
}

void TestApplicationsModel::cleanup()
{
    delete m_resets;
    delete m_tester;
    delete m_model;
    m_resets = nullptr;
    m_tester = nullptr;
    m_model = nullptr;
}

void TestApplicationsModel::firstSnapshotInsertsRows()
{
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    const auto stats = m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("A-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("B-1"), ApplicationState::Monitoring, 0, 0)});
    QCOMPARE(stats.inserted, 2);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(1, ApplicationsModel::IdColumn).data().toString(),
             QStringLiteral("B-1"));
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::removalsComeFromTheBackInRuns()
{
    QList<AppSummary> all;
    for (int i = 0; i < 8; ++i)
        all.append(app(QStringLiteral("APP%1-1").arg(i), ApplicationState::Running, 1, 1));
    m_model->applyApplications(all);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsAboutToBeRemoved);
    // Drop rows 1,2 and 5,6,7: two runs, the later one first.
    const QList<AppSummary> kept {all.at(0), all.at(3), all.at(4)};
    const auto stats = m_model->applyApplications(kept);
    QCOMPARE(stats.removed, 5);
    QCOMPARE(removed.count(), 2);
    QCOMPARE(removed.at(0).at(1).toInt(), 5);
    QCOMPARE(removed.at(0).at(2).toInt(), 7);
    QCOMPARE(removed.at(1).at(1).toInt(), 1);
    QCOMPARE(removed.at(1).at(2).toInt(), 2);
    QCOMPARE(m_model->applicationIds(),
             (QStringList {QStringLiteral("APP0-1"), QStringLiteral("APP3-1"),
                           QStringLiteral("APP4-1")}));
    QCOMPARE(m_model->rowOfKey(QStringLiteral("APP4-1")), 2);
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::changedRowsCarryOnlyTheirColumnsAndRoles_data()
{
    QTest::addColumn<AppSummary>("after");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<int>("absentRole");

    const AppSummary base = app(QStringLiteral("A-1"), ApplicationState::Running, 2, 2);
    AppSummary state = base;
    state.state = ApplicationState::ScalingRequested;
    QTest::newRow("state-change") << state << int(ApplicationsModel::StateColumn)
                                  << int(Qt::ForegroundRole) << int(HealthyFractionRole);
    AppSummary healthy = base;
    healthy.healthyInstances = 1;
    QTest::newRow("healthy-count") << healthy << int(ApplicationsModel::HealthyColumn)
                                   << int(HealthyFractionRole) << int(StateRole);
    AppSummary tags = base;
    tags.tags = QMap<QString, QString> {{QStringLiteral("team"), QStringLiteral("pay")}};
    QTest::newRow("tags") << tags << int(ApplicationsModel::TagsColumn) << int(TagsRole)
                          << int(StateRole);
    AppSummary updated = base;
    updated.updated = 99999;
    QTest::newRow("updated-time") << updated << int(ApplicationsModel::UpdatedColumn)
                                  << int(SortRole) << int(Qt::ForegroundRole);
}

void TestApplicationsModel::changedRowsCarryOnlyTheirColumnsAndRoles()
{
    QFETCH(AppSummary, after);
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(int, absentRole);
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("Z-1"), ApplicationState::Running, 1, 1),
                           app(QStringLiteral("A-1"), ApplicationState::Running, 2, 2)});
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("Z-1"), ApplicationState::Running, 1, 1), after});
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    const auto roles = changed.at(0).at(2).value<QList<int>>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), column);
    QCOMPARE(bottomRight.column(), column);
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(role));
    QVERIFY(!roles.contains(absentRole));
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::unchangedSnapshotEmitsNothing()
{
    const QList<AppSummary> apps {app(QStringLiteral("A-1"), ApplicationState::Running, 2, 2)};
    m_model->applyApplications(apps);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy layout(m_model, &QAbstractItemModel::layoutChanged);
    const auto stats = m_model->applyApplications(apps);
    QCOMPARE(stats.changed + stats.inserted + stats.removed, 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(layout.count(), 0);
}

void TestApplicationsModel::selectionSurvivesReorderingRefresh()
{
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(ApplicationsModel::HealthyColumn, Qt::AscendingOrder);
    QItemSelectionModel selection(&proxy);

    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("A-1"), ApplicationState::Running, 1, 4),
                           app(QStringLiteral("B-1"), ApplicationState::Running, 2, 4),
                           app(QStringLiteral("C-1"), ApplicationState::Running, 3, 4),
                           app(QStringLiteral("D-1"), ApplicationState::Running, 4, 4)});
    const QModelIndex b = proxy.index(1, 0);
    QCOMPARE(b.data(AppIdRole).toString(), QStringLiteral("B-1"));
    selection.select(b, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection.setCurrentIndex(b, QItemSelectionModel::NoUpdate);
    const QPersistentModelIndex persistentSource(m_model->indexOfKey(QStringLiteral("B-1")));

    // B becomes the healthiest, A disappears, E arrives: the sorted order changes.
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("B-1"), ApplicationState::Running, 4, 4, 2000),
                           app(QStringLiteral("C-1"), ApplicationState::Running, 3, 4),
                           app(QStringLiteral("D-1"), ApplicationState::ScalingRequested, 2, 4),
                           app(QStringLiteral("E-1"), ApplicationState::Running, 0, 4)});
    QCOMPARE(m_resets->count(), 0);
    QVERIFY(persistentSource.isValid());
    QCOMPARE(persistentSource.data(AppIdRole).toString(), QStringLiteral("B-1"));
    const QModelIndexList rows = selection.selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(AppIdRole).toString(), QStringLiteral("B-1"));
    QCOMPARE(selection.currentIndex().data(AppIdRole).toString(), QStringLiteral("B-1"));
    QCOMPARE(proxy.index(proxy.rowCount() - 1, 0).data(AppIdRole).toString(),
             QStringLiteral("B-1"));
    QCOMPARE(proxy.index(0, 0).data(AppIdRole).toString(), QStringLiteral("E-1"));
}

void TestApplicationsModel::singleUpdateAndRemoval()
{
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("A-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("B-1"), ApplicationState::Running, 2, 2)});
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->updateApplication(app(QStringLiteral("C-1"), ApplicationState::Monitoring, 0, 0));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 2);
    m_model->updateApplication(app(QStringLiteral("A-1"), ApplicationState::Running, 1, 2));
    QCOMPARE(changed.count(), 1);
    m_model->removeApplication(QStringLiteral("A-1"));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(m_model->rowOfKey(QStringLiteral("C-1")), 1);
    m_model->removeApplication(QStringLiteral("nope"));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::duplicateKeysKeepTheLast()
{
    const auto stats = m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("A-1"), ApplicationState::Running, 1, 2),
                           app(QStringLiteral("A-1"), ApplicationState::Running, 2, 2)});
    QCOMPARE(stats.inserted, 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->application(QStringLiteral("A-1"))->healthyInstances, 2);
}

// The snapshot apply against its definition, on random sequences: after each apply (or single
// update / removal) the model shows exactly the snapshot's keys with their last values, every
// key maps to its row, rows that stayed keep their persistent indexes, and no reset happens.
// Orders are mixed on purpose: mostly the order the rows were added (the apply's fast path),
// sometimes shuffled, with duplicates and with rows coming back after being removed.
void TestApplicationsModel::randomSnapshotsAgreeWithAFreshModel()
{
    QRandomGenerator random(20261207);
    for (int round = 0; round < 300; ++round) {
        const int universe = 1 + int(random.bounded(40));
        QList<AppSummary> snapshot;
        for (int i = 0; i < universe; ++i) {
            if (random.bounded(4) == 0)
                continue; // absent this time
            snapshot.append(app(QStringLiteral("APP%1-1").arg(i), ApplicationState::Running,
                                int(random.bounded(3)), 2));
            if (random.bounded(15) == 0) // a duplicate: the later one wins
                snapshot.append(app(QStringLiteral("APP%1-1").arg(i), ApplicationState::Running,
                                    int(random.bounded(3)), 3));
        }
        if (random.bounded(3) == 0)
            std::shuffle(snapshot.begin(), snapshot.end(), random);
        QHash<QString, QPersistentModelIndex> before;
        for (int row = 0; row < m_model->rowCount(); ++row)
            before.insert(m_model->index(row, 0).data(RowKeyRole).toString(),
                          QPersistentModelIndex(m_model->index(row, 0)));
        if (random.bounded(10) == 0 && !snapshot.isEmpty()) {
            // A single update or removal between snapshots.
            const AppSummary one = snapshot.at(int(random.bounded(snapshot.size())));
            m_model->removeApplication(one.id);
            QCOMPARE(m_model->rowOfKey(one.id), -1);
            before.remove(one.id); // its row went, rightly taking its persistent index along
            m_model->updateApplication(one);
        }
        m_model->applyApplications(snapshot);
        QMap<QString, AppSummary> expected;
        for (const AppSummary &a : std::as_const(snapshot))
            expected.insert(a.id, a);
        QCOMPARE(m_model->rowCount(), expected.size());
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QString key = m_model->index(row, 0).data(RowKeyRole).toString();
            QVERIFY2(expected.contains(key), qPrintable(key));
            QCOMPARE(m_model->rowOfKey(key), row);
            QCOMPARE(*m_model->application(key), expected.value(key));
            const auto kept = before.constFind(key);
            if (kept != before.cend() && kept->isValid())
                QCOMPARE(kept->row(), row);
        }
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(it->isValid(), expected.contains(it.key()));
    }
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::mapSnapshotUsesKeysAsIds()
{
    AppSummary noId = app(QString(), ApplicationState::Running, 1, 1);
    QMap<QString, AppSummary> map {{QStringLiteral("K-1"), noId}};
    m_model->applyApplications(map);
    QCOMPARE(m_model->rowOfKey(QStringLiteral("K-1")), 0);
}

void TestApplicationsModel::clearIsTheOnlyReset()
{
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("A-1"), ApplicationState::Running, 1, 1)});
    m_model->applyApplications(QList<AppSummary> {});
    QCOMPARE(m_resets->count(), 0);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->clear();
    QCOMPARE(m_resets->count(), 1);
}

void TestApplicationsModel::rolesCarryRawValues()
{
    AppSummary a = app(QStringLiteral("A-1"), ApplicationState::OutageDetected, 1, 4);
    a.totalMemory = 3072;
    m_model->applyApplications(QList<AppSummary> {a});
    const auto at = [this](int column) {
        return m_model->index(0, column);
    };
    QCOMPARE(at(ApplicationsModel::MemoryColumn).data(SortRole).toLongLong(), 3072);
    QCOMPARE(at(ApplicationsModel::MemoryColumn).data().toString(), QStringLiteral("3 GB"));
    QCOMPARE(at(ApplicationsModel::HealthyColumn).data().toString(), QStringLiteral("1/4"));
    QCOMPARE(at(0).data(HealthyFractionRole).toDouble(), 0.25);
    QCOMPARE(at(0).data(StateRole).toInt(), int(ApplicationState::OutageDetected));
    QCOMPARE(at(0).data(StateNameRole).toString(), QStringLiteral("OUTAGE_DETECTED"));
    QCOMPARE(at(ApplicationsModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
             StatePalette::color(ApplicationState::OutageDetected));
    QVERIFY(StatePalette::color(ApplicationState::Running)
            != StatePalette::color(ApplicationState::OutageDetected));
    QCOMPARE(at(ApplicationsModel::CreatedColumn).data(SortRole).toLongLong(), 500);
}

namespace {

using SortKey = StateTextFilterProxyModel::SortKey;

QStringList proxyOrder(const QAbstractItemModel &proxy)
{
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids << proxy.index(row, 0).data(AppIdRole).toString();
    return ids;
}

// State ascending: MONITORING (B, D) before RUNNING (A, C); updated: B 1000, C 1000, D 2000,
// A 3000.
QList<AppSummary> sortFixture()
{
    return {app(QStringLiteral("A-1"), ApplicationState::Running, 1, 1, 3000),
            app(QStringLiteral("B-1"), ApplicationState::Monitoring, 0, 0, 1000),
            app(QStringLiteral("C-1"), ApplicationState::Running, 1, 1, 1000),
            app(QStringLiteral("D-1"), ApplicationState::Monitoring, 0, 0, 2000)};
}

/// Header gestures: "click:<column>:<a|d>" (a plain click: QHeaderView calls sort()) and
/// "shift:<column>" (a Shift+click: addSortKey()).
void perform(StateTextFilterProxyModel &proxy, const QStringList &steps)
{
    for (const QString &step : steps) {
        const QStringList parts = step.split(QLatin1Char(':'));
        if (parts.first() == QLatin1String("click"))
            proxy.sort(parts.at(1).toInt(),
                       parts.value(2) == QLatin1String("d") ? Qt::DescendingOrder
                                                            : Qt::AscendingOrder);
        else
            proxy.addSortKey(parts.at(1).toInt());
    }
}

} // namespace

void TestApplicationsModel::multiColumnSort_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("order");
    QTest::addColumn<QString>("description");
    const QString state = QString::number(ApplicationsModel::StateColumn);
    const QString updated = QString::number(ApplicationsModel::UpdatedColumn);
    const QString id = QString::number(ApplicationsModel::IdColumn);
    QTest::newRow("state-alone-ties-by-id")
        << QStringList {QStringLiteral("click:") + state}
        << QStringList {QStringLiteral("B-1"), QStringLiteral("D-1"), QStringLiteral("A-1"),
                        QStringLiteral("C-1")}
        << QStringLiteral("State ↑");
    QTest::newRow("state-then-updated-ascending")
        << QStringList {QStringLiteral("click:") + state, QStringLiteral("shift:") + updated}
        << QStringList {QStringLiteral("B-1"), QStringLiteral("D-1"), QStringLiteral("C-1"),
                        QStringLiteral("A-1")}
        << QStringLiteral("State ↑, then Updated ↑");
    QTest::newRow("second-shift-click-flips-secondary")
        << QStringList {QStringLiteral("click:") + state, QStringLiteral("shift:") + updated,
                        QStringLiteral("shift:") + updated}
        << QStringList {QStringLiteral("D-1"), QStringLiteral("B-1"), QStringLiteral("A-1"),
                        QStringLiteral("C-1")}
        << QStringLiteral("State ↑, then Updated ↓");
    QTest::newRow("primary-flip-keeps-secondary")
        << QStringList {QStringLiteral("click:") + state, QStringLiteral("shift:") + updated,
                        QStringLiteral("click:") + state + QStringLiteral(":d")}
        << QStringList {QStringLiteral("C-1"), QStringLiteral("A-1"), QStringLiteral("B-1"),
                        QStringLiteral("D-1")}
        << QStringLiteral("State ↓, then Updated ↑");
    QTest::newRow("plain-click-elsewhere-replaces-keys")
        << QStringList {QStringLiteral("click:") + state, QStringLiteral("shift:") + updated,
                        QStringLiteral("click:") + id + QStringLiteral(":d")}
        << QStringList {QStringLiteral("D-1"), QStringLiteral("C-1"), QStringLiteral("B-1"),
                        QStringLiteral("A-1")}
        << QStringLiteral("Application ↓");
    QTest::newRow("updated-descending-then-state")
        << QStringList {QStringLiteral("click:") + updated + QStringLiteral(":d"),
                        QStringLiteral("shift:") + state}
        << QStringList {QStringLiteral("A-1"), QStringLiteral("D-1"), QStringLiteral("B-1"),
                        QStringLiteral("C-1")}
        << QStringLiteral("Updated ↓, then State ↑");
}

void TestApplicationsModel::multiColumnSort()
{
    QFETCH(QStringList, steps);
    QFETCH(QStringList, order);
    QFETCH(QString, description);
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->applyApplications(sortFixture());
    perform(proxy, steps);
    QCOMPARE(proxyOrder(proxy), order);
    QCOMPARE(proxy.sortColumn(), proxy.sortKeys().constFirst().column);
    QCOMPARE(proxy.sortOrder(), proxy.sortKeys().constFirst().order);
    QCOMPARE(proxy.sortDescription(), description);
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::secondaryKeyChangesReorderTheirRows()
{
    // Sorted by state, then healthy count: changes of the healthy count alone must reorder the
    // rows they touch, in every pattern of neighbours. (Telling QSortFilterProxyModel each
    // changed row as a primary-column change, to avoid a full re-sort, failed here: it moves
    // one row at a time by binary search among rows whose values changed too.)
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<AppSummary> apps;
    for (int i = 0; i < 60; ++i)
        apps << app(QStringLiteral("APP%1-1").arg(i, 2, 10, QLatin1Char('0')),
                    i % 3 == 0 ? ApplicationState::Monitoring : ApplicationState::Running, 10, 10);
    m_model->applyApplications(apps);
    proxy.setSortKeys({SortKey {ApplicationsModel::StateColumn, Qt::AscendingOrder},
                       SortKey {ApplicationsModel::HealthyColumn, Qt::AscendingOrder}});
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QRandomGenerator random(7);
    for (int round = 0; round < 20; ++round) {
        for (AppSummary &a : apps)
            if (random.bounded(6) == 0)
                a.healthyInstances = random.bounded(11);
        m_model->applyApplications(apps);
        QCoreApplication::processEvents(); // the burst is over: moved rows are in place
        for (int row = 1; row < proxy.rowCount(); ++row) {
            const auto a = m_model->application(proxy.index(row - 1, 0).data(AppIdRole).toString());
            const auto b = m_model->application(proxy.index(row, 0).data(AppIdRole).toString());
            QVERIFY(a && b);
            QVERIFY2(a->state != b->state || a->healthyInstances <= b->healthyInstances,
                     qPrintable(QStringLiteral("round %1, row %2: %3 (%4) before %5 (%6)")
                                    .arg(round)
                                    .arg(row)
                                    .arg(a->id)
                                    .arg(a->healthyInstances)
                                    .arg(b->id)
                                    .arg(b->healthyInstances)));
        }
    }
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::multiColumnSortFollowsRefreshes()
{
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->applyApplications(sortFixture());
    QSignalSpy keysChanged(&proxy, &StateTextFilterProxyModel::sortKeysChanged);
    proxy.setSortKeys({SortKey {ApplicationsModel::StateColumn, Qt::AscendingOrder},
                       SortKey {ApplicationsModel::UpdatedColumn, Qt::DescendingOrder}});
    QCOMPARE(keysChanged.count(), 1);
    QCOMPARE(proxyOrder(proxy),
             (QStringList {QStringLiteral("D-1"), QStringLiteral("B-1"), QStringLiteral("A-1"),
                           QStringLiteral("C-1")}));
    // The selection rides along when a secondary key reorders rows.
    QItemSelectionModel selection(&proxy);
    selection.select(proxy.index(2, 0),
                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(selection.selectedRows().constFirst().data(AppIdRole).toString(),
             QStringLiteral("A-1"));
    // C is updated later than A now, and B starts running: the secondary key reorders them.
    QList<AppSummary> next = sortFixture();
    next[2].updated = 4000;
    next[1].state = ApplicationState::Running;
    m_model->applyApplications(next);
    // A change in a secondary key column re-sorts once the burst of changes is over.
    QTRY_COMPARE(proxyOrder(proxy),
                 (QStringList {QStringLiteral("D-1"), QStringLiteral("C-1"), QStringLiteral("A-1"),
                               QStringLiteral("B-1")}));
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().constFirst().data(AppIdRole).toString(),
             QStringLiteral("A-1"));
    QCOMPARE(m_resets->count(), 0);
    // Columns that do not exist and repeated columns are dropped.
    proxy.setSortKeys({SortKey {ApplicationsModel::UpdatedColumn, Qt::AscendingOrder},
                       SortKey {ApplicationsModel::UpdatedColumn, Qt::DescendingOrder},
                       SortKey {ApplicationsModel::ColumnCount + 3, Qt::AscendingOrder}});
    QCOMPARE(proxy.sortKeys(),
             (QList<SortKey> {SortKey {ApplicationsModel::UpdatedColumn, Qt::AscendingOrder}}));
    proxy.sort(-1);
    QVERIFY(proxy.sortKeys().isEmpty());
    QVERIFY(proxy.sortDescription().isEmpty());
}

void TestApplicationsModel::sortKeysRoundTripThroughText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("two-keys") << QStringLiteral("2:a,8:d") << QStringLiteral("2:a,8:d");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("bad-parts-skipped")
        << QStringLiteral("x:a,3:q,4,5:d,-1:a") << QStringLiteral("5:d");
    QTest::newRow("spaces") << QStringLiteral(" 1:a , 0:d ") << QStringLiteral("1:a,0:d");
}

void TestApplicationsModel::sortKeysRoundTripThroughText()
{
    QFETCH(QString, text);
    QFETCH(QString, normalised);
    const auto keys = StateTextFilterProxyModel::sortKeysFromString(text);
    QCOMPARE(StateTextFilterProxyModel::sortKeysToString(keys), normalised);
}

void TestApplicationsModel::facetCountsFollowRefreshesAndText()
{
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy countsChanged(&proxy, &StateTextFilterProxyModel::stateCountsChanged);
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("WEB-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("WEB-2"), ApplicationState::ScalingRequested, 1, 3),
                           app(QStringLiteral("API-1"), ApplicationState::Running, 1, 1),
                           app(QStringLiteral("JOB-1"), ApplicationState::Monitoring, 0, 0)});
    QVERIFY(countsChanged.wait(1000));
    const int running = int(ApplicationState::Running);
    const int scaling = int(ApplicationState::ScalingRequested);
    const int monitoring = int(ApplicationState::Monitoring);
    QCOMPARE(proxy.stateCounts(), (QMap<int, int> {{monitoring, 1}, {running, 2}, {scaling, 1}}));

    // Counts ignore the state facet itself (so the other choices still show theirs) ...
    proxy.setAllowedStates({ApplicationState::Monitoring});
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.stateCounts().value(running), 2);
    proxy.setAllowedStates({});

    // ... but follow the search text ...
    countsChanged.clear();
    proxy.setFilterText(QStringLiteral("web"));
    QVERIFY(countsChanged.wait(1000));
    QCOMPARE(proxy.stateCounts(), (QMap<int, int> {{running, 1}, {scaling, 1}}));
    proxy.setFilterText(QString());

    // ... and refreshes: a burst of changes is one notification.
    QVERIFY(countsChanged.wait(1000));
    countsChanged.clear();
    m_model->updateApplication(app(QStringLiteral("WEB-2"), ApplicationState::Running, 3, 3));
    m_model->removeApplication(QStringLiteral("JOB-1"));
    QVERIFY(countsChanged.wait(1000));
    QCOMPARE(countsChanged.count(), 1);
    QCOMPARE(proxy.stateCounts(), (QMap<int, int> {{running, 3}}));
    QCOMPARE(m_resets->count(), 0);
}

namespace {

KnownInstance known(const QString &id, const QString &executorId, const QString &host)
{
    return KnownInstance {id, QStringLiteral("HEALTHY"), executorId, host};
}

/// WEB-1 on host-a and host-b, API-1 on host-b, JOB-1 (tag team=payments) without instances.
KnownInstances searchFixture()
{
    return {
        {QStringLiteral("WEB-1"),
         {known(QStringLiteral("AI-1111"), QStringLiteral("exec-aaaa"), QStringLiteral("host-a")),
          known(QStringLiteral("AI-2222"), QStringLiteral("exec-bbbb"), QStringLiteral("host-b"))}},
        {QStringLiteral("API-1"),
         {known(QStringLiteral("AI-3333"), QStringLiteral("exec-bbbb"),
                QStringLiteral("host-b"))}}};
}

KnownTexts textsOf(const KnownInstances &instances)
{
    KnownTexts texts;
    for (auto it = instances.cbegin(); it != instances.cend(); ++it)
        texts.insert(it.key(), joinedSearchableTexts(it.value()));
    return texts;
}

} // namespace

void TestApplicationsModel::searchFindsApplicationsByKnownInstances_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    const auto apps = [](std::initializer_list<const char *> ids) {
        QStringList list;
        for (const char *id : ids)
            list << QString::fromLatin1(id);
        return list;
    };
    QTest::newRow("app id as before") << "web" << apps({"WEB-1"});
    QTest::newRow("instance id") << "ai-3333" << apps({"API-1"});
    QTest::newRow("instance id prefix shared") << "AI-" << apps({"API-1", "WEB-1"});
    QTest::newRow("host") << "host-a" << apps({"WEB-1"});
    QTest::newRow("host of two apps") << "host-b" << apps({"API-1", "WEB-1"});
    QTest::newRow("executor id") << "exec-aaaa" << apps({"WEB-1"});
    QTest::newRow("app and host of one of its instances") << "web host-b" << apps({"WEB-1"});
    QTest::newRow("app and a host it has no instance on") << "api host-a" << apps({});
    // Two terms, each matched by a different instance: no single instance is on both.
    QTest::newRow("terms split over two instances") << "host-a exec-bbbb" << apps({});
    QTest::newRow("instance and its own host") << "AI-2222 host-b" << apps({"WEB-1"});
    QTest::newRow("tag still matches") << "team=payments" << apps({"JOB-1"});
    QTest::newRow("unknown") << "host-z" << apps({});
}

void TestApplicationsModel::searchFindsApplicationsByKnownInstances()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    AppSummary job = app(QStringLiteral("JOB-1"), ApplicationState::Monitoring, 0, 0);
    job.tags = QMap<QString, QString> {{QStringLiteral("team"), QStringLiteral("payments")}};
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("WEB-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("API-1"), ApplicationState::Running, 1, 1), job});
    proxy.setKnownInstances(searchFixture());
    proxy.setFilterText(text);
    QStringList shown;
    for (int row = 0; row < proxy.rowCount(); ++row)
        shown << proxy.index(row, 0).data(AppIdRole).toString();
    shown.sort();
    QCOMPARE(shown, expected);
    // Facet counts follow the same matching.
    int counted = 0;
    const QMap<int, int> counts = proxy.stateCounts();
    for (const int count : counts)
        counted += count;
    QCOMPARE(counted, int(expected.size()));
    // With the joined texts the index makes (rows rejected by one search of them): the same.
    ApplicationFilterProxyModel withTexts;
    withTexts.setSourceModel(m_model);
    withTexts.setKnownInstances(searchFixture(), std::nullopt, textsOf(searchFixture()));
    withTexts.setFilterText(text);
    QStringList shownWithTexts;
    for (int row = 0; row < withTexts.rowCount(); ++row)
        shownWithTexts << withTexts.index(row, 0).data(AppIdRole).toString();
    shownWithTexts.sort();
    QCOMPARE(shownWithTexts, expected);
}

void TestApplicationsModel::typingMatchesWhatAFreshSearchMatches()
{
    // The proxy remembers each row's match and, while the text only grows, asks again only
    // the rows that matched. Every keystroke (growing, then shrinking, then a new word) must
    // show what a proxy that never saw the earlier text shows, and count the rows found by an
    // instance as matchedInstances() does.
    AppSummary job = app(QStringLiteral("JOB-1"), ApplicationState::Monitoring, 0, 0);
    job.tags = QMap<QString, QString> {{QStringLiteral("team"), QStringLiteral("payments")}};
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("WEB-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("API-1"), ApplicationState::Running, 1, 1), job});
    ApplicationFilterProxyModel typing;
    typing.setSourceModel(m_model);
    typing.setKnownInstances(searchFixture());
    const auto rowsOf = [](const ApplicationFilterProxyModel &proxy) {
        QStringList shown;
        for (int row = 0; row < proxy.rowCount(); ++row)
            shown << proxy.index(row, 0).data(AppIdRole).toString();
        shown.sort();
        return shown;
    };
    const QStringList keystrokes {QStringLiteral("h"),         QStringLiteral("ho"),
                                  QStringLiteral("host"),      QStringLiteral("host-"),
                                  QStringLiteral("host-b"),    QStringLiteral("host-"),
                                  QStringLiteral("host- w"),   QStringLiteral("host- we"),
                                  QStringLiteral("host- web"), QStringLiteral("a"),
                                  QStringLiteral("ap"),        QStringLiteral("pay"),
                                  QStringLiteral("payments"),  QString()};
    for (const QString &text : keystrokes) {
        typing.setFilterText(text);
        ApplicationFilterProxyModel fresh;
        fresh.setSourceModel(m_model);
        fresh.setKnownInstances(searchFixture());
        fresh.setFilterText(text);
        QCOMPARE(rowsOf(typing), rowsOf(fresh));
        int byInstance = 0;
        for (int row = 0; row < fresh.rowCount(); ++row)
            byInstance += fresh.matchedInstances(fresh.index(row, 0)).isEmpty() ? 0 : 1;
        QCOMPARE(typing.rowsMatchedThroughAlternatives(), byInstance);
    }
}

void TestApplicationsModel::changedApplicationsRefilterLikeAFreshSearch_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("finally");
    QTest::newRow("found only by instances")
        << QStringLiteral("host-b")
        << QStringList {QStringLiteral("DB-1"), QStringLiteral("JOB-1")};
    // Rows whose own texts match are not asked again (their instances cannot change that);
    // "b" is in WEB-1, JOB-1 and DB-1, and in API-1's instances only while it has some.
    QTest::newRow("some found by their own texts")
        << QStringLiteral("b")
        << QStringList {QStringLiteral("DB-1"), QStringLiteral("JOB-1"), QStringLiteral("WEB-1")};
}

void TestApplicationsModel::changedApplicationsRefilterLikeAFreshSearch()
{
    QFETCH(QString, text);
    QFETCH(QStringList, finally);
    // The search index tells which applications' instances changed; the proxy then asks only
    // their rows again. After each change it must show and count what a fresh proxy does.
    QList<AppSummary> apps;
    for (const char *id : {"WEB-1", "API-1", "JOB-1", "DB-1"})
        apps << app(QString::fromLatin1(id), ApplicationState::Running, 1, 1);
    m_model->applyApplications(apps);
    ApplicationFilterProxyModel partial;
    partial.setSourceModel(m_model);
    partial.setSortKeys({{ApplicationsModel::StateColumn, Qt::AscendingOrder}});
    QAbstractItemModelTester tester(&partial,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    partial.setFilterText(text);
    KnownInstances held = searchFixture(); // WEB-1 and API-1 on host-b
    partial.setKnownInstances(held, std::nullopt);
    const auto rowsOf = [](const ApplicationFilterProxyModel &proxy) {
        QStringList shown;
        for (int row = 0; row < proxy.rowCount(); ++row)
            shown << proxy.index(row, 0).data(AppIdRole).toString();
        return shown;
    };
    struct Step
    {
        const char *appId;
        QList<KnownInstance> instances; // empty: the app has none known any more
    };
    const QList<Step> steps {
        {"API-1", {}}, // leaves host-b: hidden
        {"DB-1",
         {known(QStringLiteral("AI-9"), QStringLiteral("exec-bbbb"), QStringLiteral("host-b"))}},
        {"WEB-1",
         {known(QStringLiteral("AI-1111"), QStringLiteral("exec-aaaa"), QStringLiteral("host-a"))}},
        {"JOB-1",
         {known(QStringLiteral("AI-7"), QStringLiteral("exec-cccc"), QStringLiteral("host-b2"))}},
        {"WEB-9", {}}, // an application the list does not have
    };
    for (const Step &step : steps) {
        const QString appId = QString::fromLatin1(step.appId);
        if (step.instances.isEmpty())
            held.remove(appId);
        else
            held.insert(appId, step.instances);
        partial.setKnownInstances(held, QSet<QString> {appId}, textsOf(held));
        ApplicationFilterProxyModel fresh;
        fresh.setSourceModel(m_model);
        fresh.setSortKeys({{ApplicationsModel::StateColumn, Qt::AscendingOrder}});
        fresh.setKnownInstances(held);
        fresh.setFilterText(text);
        QCOMPARE(rowsOf(partial), rowsOf(fresh));
        QCOMPARE(partial.stateCounts(), fresh.stateCounts());
        QCOMPARE(partial.rowsMatchedThroughAlternatives(), fresh.rowsMatchedThroughAlternatives());
    }
    QCOMPARE(rowsOf(partial), finally);
}

void TestApplicationsModel::gatheringSharesUnchangedListsAndNamesTheChangedApps()
{
    const auto instance = [](const char *app, const char *id, const char *executor) {
        InstanceInfo info;
        info.appId = QString::fromLatin1(app);
        info.instanceId = QString::fromLatin1(id);
        info.executorId = QString::fromLatin1(executor);
        info.state = InstanceState::Healthy;
        return info;
    };
    InstanceSearchIndex::Snapshot snapshot;
    snapshot.executors = 2;
    snapshot.executorHosts = {{QStringLiteral("E1"), QStringLiteral("host-1")},
                              {QStringLiteral("E2"), QStringLiteral("host-2")}};
    StringPool pool;
    const auto on = [&pool](const QList<InstanceInfo> &instances) {
        return CompactInstanceList::pack(instances, pool);
    };
    snapshot.executorInstances
        = {{QStringLiteral("E1"), on({instance("A", "AI-1", "E1"), instance("B", "AI-2", "E1")})},
           {QStringLiteral("E2"), on({instance("C", "AI-3", "E2")})}};
    QSet<QString> changed;
    KnownTexts texts;
    const KnownInstances first = InstanceSearchIndex::gather(snapshot, nullptr, &changed, &texts);
    QCOMPARE(texts, textsOf(first));
    QCOMPARE(changed,
             (QSet<QString> {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}));
    QCOMPARE(first.value(QStringLiteral("A")).constFirst().hostname, QStringLiteral("host-1"));

    // Nothing changed: the very hash held now comes back.
    snapshot.previous = first;
    snapshot.previousTexts = texts;
    const KnownTexts firstTexts = texts;
    const KnownInstances same = InstanceSearchIndex::gather(snapshot, nullptr, &changed, &texts);
    QVERIFY(changed.isEmpty());
    QVERIFY(same.isSharedWith(first));
    QVERIFY(texts.isSharedWith(firstTexts));

    // B moves to E2 and C goes away: only they are named; A's list is the one held.
    snapshot.executorInstances = {{QStringLiteral("E1"), on({instance("A", "AI-1", "E1")})},
                                  {QStringLiteral("E2"), on({instance("B", "AI-2", "E2")})}};
    const KnownInstances next = InstanceSearchIndex::gather(snapshot, nullptr, &changed, &texts);
    QCOMPARE(texts, textsOf(next));
    QCOMPARE(changed, (QSet<QString> {QStringLiteral("B"), QStringLiteral("C")}));
    QVERIFY(next.value(QStringLiteral("A")).isSharedWith(first.value(QStringLiteral("A"))));
    QCOMPARE(next.value(QStringLiteral("B")).constFirst().hostname, QStringLiteral("host-2"));
    QVERIFY(!next.contains(QStringLiteral("C")));
}

void TestApplicationsModel::matchedInstanceIsInTheTooltip()
{
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("WEB-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("API-1"), ApplicationState::Running, 1, 1)});
    proxy.setFilterText(QStringLiteral("host-b"));
    QCOMPARE(proxy.rowCount(), 0); // nothing known yet: no instance to match
    // Known later (the index gathered them): the search runs again without a new keystroke.
    proxy.setKnownInstances(searchFixture());
    QCOMPARE(proxy.rowCount(), 2);
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, ApplicationsModel::StateColumn);
        const QString appId = index.data(AppIdRole).toString();
        const QList<KnownInstance> matched = proxy.matchedInstances(index);
        QCOMPARE(matched.size(), 1);
        const QString expected = appId == QLatin1String("WEB-1") ? QStringLiteral("AI-2222")
                                                                 : QStringLiteral("AI-3333");
        QCOMPARE(matched.constFirst().instanceId, expected);
        const QString tip = index.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(expected) && tip.contains(QStringLiteral("host-b"))
                     && tip.contains(QStringLiteral("exec-bbbb")),
                 qPrintable(tip));
        // The id column keeps its own tooltip after the match.
        const QString idTip
            = proxy.index(row, ApplicationsModel::IdColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(idTip.contains(expected) && idTip.endsWith(appId), qPrintable(idTip));
    }
    // Matched by its own id: no instance named.
    proxy.setFilterText(QStringLiteral("WEB"));
    QCOMPARE(proxy.rowCount(), 1);
    QVERIFY(proxy.matchedInstances(proxy.index(0, 0)).isEmpty());
    QCOMPARE(proxy.index(0, ApplicationsModel::StateColumn).data(Qt::ToolTipRole), QVariant());
}

void TestApplicationsModel::conditionFacetsCountAndFilter()
{
    using Condition = ApplicationFilterProxyModel::Condition;
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy countsChanged(&proxy, &StateTextFilterProxyModel::stateCountsChanged);
    m_model->applyApplications(
        QList<AppSummary> {app(QStringLiteral("WEB-1"), ApplicationState::Running, 2, 2),
                           app(QStringLiteral("WEB-2"), ApplicationState::ScalingRequested, 1, 3),
                           app(QStringLiteral("API-1"), ApplicationState::Running, 0, 1),
                           app(QStringLiteral("JOB-1"), ApplicationState::Monitoring, 0, 0)});
    QVERIFY(countsChanged.wait(1000));
    proxy.sort(ApplicationsModel::IdColumn);
    // Unhealthy: healthy < required (JOB-1 requires none: healthy enough).
    QCOMPARE(proxy.conditionCount(Condition::Unhealthy), 2);
    // In progress: a state no operation parks in.
    QCOMPARE(proxy.conditionCount(Condition::OperationInProgress), 1);
    proxy.setCondition(Condition::Unhealthy);
    QCOMPARE(proxyOrder(proxy), (QStringList {QStringLiteral("API-1"), QStringLiteral("WEB-2")}));
    // Counts follow the text, whatever condition is chosen.
    proxy.setFilterText(QStringLiteral("WEB"));
    QCOMPARE(proxy.conditionCount(Condition::Unhealthy), 1);
    QCOMPARE(proxy.conditionCount(Condition::None), 2);
    QCOMPARE(proxyOrder(proxy), QStringList {QStringLiteral("WEB-2")});
    proxy.setFilterText(QString());

    // A refresh that makes API-1 healthy takes it out of the facet and its count, without a
    // reset and with a count notification.
    QVERIFY(countsChanged.wait(1000));
    countsChanged.clear();
    m_model->updateApplication(app(QStringLiteral("API-1"), ApplicationState::Running, 1, 1));
    // The proxy re-filters changed rows once per burst, at the next turn of the event loop.
    QCOMPARE(proxy.pendingCount(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(proxyOrder(proxy), QStringList {QStringLiteral("WEB-2")});
    QVERIFY(!countsChanged.isEmpty() || countsChanged.wait(1000));
    QCOMPARE(proxy.conditionCount(Condition::Unhealthy), 1);
    proxy.setCondition(Condition::OperationInProgress);
    QCOMPARE(proxyOrder(proxy), QStringList {QStringLiteral("WEB-2")});
    proxy.setCondition(Condition::None);
    QCOMPARE(proxy.rowCount(), 4);
    QCOMPARE(m_resets->count(), 0);
}

namespace {
QList<AppSummary> numberedApps(int count, int from = 0, qint64 updated = 1000)
{
    QList<AppSummary> apps;
    for (int i = from; i < from + count; ++i)
        apps.append(app(QStringLiteral("APP-%1").arg(i, 5, 10, QLatin1Char('0')),
                        ApplicationState::Running, 2, 2, updated));
    return apps;
}

QMap<QString, AppSummary> byId(const QList<AppSummary> &apps)
{
    QMap<QString, AppSummary> map;
    for (const AppSummary &a : apps)
        map.insert(a.id, a);
    return map;
}
} // namespace

int TestApplicationsModel::loadToTheEnd(int turns)
{
    for (int turn = 0; turn < turns; ++turn) {
        if (!m_model->isLoading())
            return turn;
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
    return m_model->isLoading() ? -1 : turns;
}

bool TestApplicationsModel::nextBatch()
{
    const int before = m_model->loadedCount();
    for (int turn = 0; turn < 100 && m_model->loadedCount() == before; ++turn)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    return m_model->loadedCount() != before;
}

QMap<QString, AppSummary> TestApplicationsModel::shown() const
{
    QMap<QString, AppSummary> rows;
    for (int row = 0; row < m_model->rowCount(); ++row)
        rows.insert(m_model->rowAt(row)->id, *m_model->rowAt(row));
    return rows;
}

void TestApplicationsModel::largeListGoesInABatchPerTurn()
{
    // 10,000 new rows in one turn held the GUI thread ~40 ms (model, sort proxy, view): a
    // large list goes in a batch per turn, and says it is loading until it is all in.
    m_model->setInsertBatchSize(100);
    ApplicationFilterProxyModel proxy;
    proxy.setSourceModel(m_model);
    proxy.sort(ApplicationsModel::IdColumn);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy loading(m_model, &ApplicationsModel::loadingChanged);
    const QList<AppSummary> apps = numberedApps(1050);
    m_model->applyApplications(apps);
    // Nothing in the turn that delivered the list: its dispatch has the tracker to run too.
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->isLoading());
    QCOMPARE(m_model->loadingTotal(), 1050);
    QCOMPARE(m_model->loadedCount(), 0);
    // Apps not shown yet are known (the placement checks, the rehearsal dialog ask).
    QCOMPARE(m_model->application(QStringLiteral("APP-01000"))->id, QStringLiteral("APP-01000"));
    QCOMPARE(m_model->applicationIds().size(), 1050);

    QVERIFY(nextBatch());
    QCOMPARE(m_model->rowCount(), 100);
    QCOMPARE(m_model->loadedCount(), 100);
    QVERIFY(m_model->isLoading());
    QVERIFY(loadToTheEnd() >= 0);
    QVERIFY(!m_model->isLoading());
    QCOMPARE(m_model->loadedCount(), 1050);
    QCOMPARE(inserted.count(), 11);
    for (const auto &signal : std::as_const(inserted))
        QVERIFY(signal.at(2).toInt() - signal.at(1).toInt() + 1 <= 100);
    QCOMPARE(shown(), byId(apps));
    QCOMPARE(proxy.rowCount(), 1050);
    QCOMPARE(proxy.index(0, 0).data(AppIdRole).toString(), QStringLiteral("APP-00000"));
    QCOMPARE(loading.count(), 12); // began, 10 batches that left it loading, ended
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::smallChangeOfALargeListIsAppliedAtOnce()
{
    m_model->setInsertBatchSize(100);
    QList<AppSummary> apps = numberedApps(1000);
    m_model->applyApplications(apps);
    QVERIFY(loadToTheEnd() >= 0);
    // A warm resync: up to a batch of new rows, and changes, in the same turn.
    apps += numberedApps(100, 5000);
    apps[3].healthyInstances = 1;
    apps.removeAt(7);
    const auto stats = m_model->applyApplications(apps);
    QVERIFY(!m_model->isLoading());
    QCOMPARE(stats.inserted, 100);
    QCOMPARE(stats.removed, 1);
    QCOMPARE(stats.changed, 1);
    QCOMPARE(shown(), byId(apps));
}

void TestApplicationsModel::listArrivingWhileLoadingIsTheOneShown()
{
    // The newest list wins: rows shown by the older one that it lacks go, its values replace
    // theirs, and what it lacks is never put in by a later batch of the older one.
    m_model->setInsertBatchSize(100);
    const QList<AppSummary> older = numberedApps(1000);
    m_model->applyApplications(older);
    QVERIFY(nextBatch());
    QCOMPARE(m_model->rowCount(), 100);

    QList<AppSummary> newer = numberedApps(1000, 0, 2000); // every value changed
    newer.erase(newer.begin() + 900, newer.end());         // 100 not shown yet: gone
    newer.erase(newer.begin() + 10, newer.begin() + 20);   // 10 shown: gone
    newer += numberedApps(30, 7000, 2000);                 // 30 new
    m_model->applyApplications(newer);
    QVERIFY(m_model->isLoading());
    QCOMPARE(m_model->loadingTotal(), int(newer.size()));
    QVERIFY(loadToTheEnd() >= 0);
    QCOMPARE(shown(), byId(newer));

    // And a list arriving before the first batch went in.
    m_model->clear();
    m_resets->clear();
    m_model->applyApplications(older);
    m_model->applyApplications(newer);
    QVERIFY(loadToTheEnd() >= 0);
    QCOMPARE(shown(), byId(newer));
    QCOMPARE(m_resets->count(), 0);
}

void TestApplicationsModel::summaryAndRemovalWhileLoadingAreNotUndone()
{
    // Summaries and removals from the event stream while the list is going in are newer than
    // it: a later batch must neither put an older value back nor bring a destroyed app back.
    m_model->setInsertBatchSize(100);
    const QList<AppSummary> listed = numberedApps(1000);
    m_model->applyApplications(listed);
    QVERIFY(nextBatch());
    QCOMPARE(m_model->rowCount(), 100);

    const AppSummary shownUpdated
        = app(QStringLiteral("APP-00005"), ApplicationState::Running, 1, 2, 3000);
    const AppSummary aheadUpdated
        = app(QStringLiteral("APP-00500"), ApplicationState::Running, 0, 2, 3000);
    const AppSummary created = app(QStringLiteral("APP-99999"), ApplicationState::Running, 1, 1);
    m_model->updateApplication(shownUpdated);
    m_model->updateApplication(aheadUpdated);
    m_model->updateApplication(created);
    m_model->removeApplication(QStringLiteral("APP-00006")); // shown
    m_model->removeApplication(QStringLiteral("APP-00700")); // not shown yet
    QVERIFY(!m_model->application(QStringLiteral("APP-00700")));
    QVERIFY(!m_model->applicationIds().contains(QStringLiteral("APP-00700")));
    QVERIFY(loadToTheEnd() >= 0);

    QMap<QString, AppSummary> expected = byId(listed);
    expected.insert(shownUpdated.id, shownUpdated);
    expected.insert(aheadUpdated.id, aheadUpdated);
    expected.insert(created.id, created);
    expected.remove(QStringLiteral("APP-00006"));
    expected.remove(QStringLiteral("APP-00700"));
    QCOMPARE(shown(), expected);
    QCOMPARE(m_resets->count(), 0);
}

QTEST_GUILESS_MAIN(TestApplicationsModel)
#include "tst_applicationsmodel.moc"
