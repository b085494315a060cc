// End to end: the real window, client and sync loop against the embedded controller core served
// over HTTP on 127.0.0.1:0, driven through the same dialogs an operator uses.
#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/controllercore.h"
#include "controller/http/controllernode.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/executorsmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"
#include "ui/canceloperationdialog.h"
#include "ui/createapplicationdialog.h"
#include "ui/guarddialog.h"
#include "ui/mainwindow.h"
#include "ui/operationdetaildialog.h"
#include "ui/operationtimeline.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFrame>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace drove;
using Action = ui::ApplicationActions::Action;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void lifecycle();
    void cancelSlowOperation();
    void executorsPaneShowsInstancesOfSelectedExecutor();
    void searchFindsApplicationsByTheirInstances();
    void unhealthyAndBusyFacets();
    void filterBoxesAndFindFollowTheTabInUse();
    void refusedOperationIsJournalled();
    void journalPersistsAndExports();
    void operationDetailOpensFromEveryOperation();
    void nothingIsSelectedImplicitly();
    void helpListsEveryShortcut();
    void facetsCountStatesAndSortKeysAccumulate();
    void quitAsksWhileOperationsAreInFlight();

private:
    std::optional<protocol::AppSummary> app(const QString &appId) const;
    QPushButton *okButton() const;
    void clickOk();

    QTemporaryDir m_settingsDir;
    std::unique_ptr<models::OperationJournal> m_journal;
    std::unique_ptr<controller::http::ControllerNode> m_node;
    controller::ControllerCore *m_core = nullptr; ///< the node's
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::ClusterSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
};

namespace {

const QString kApp = QStringLiteral("TEST_APP-1");
const QString kSlowApp = QStringLiteral("SLOW_APP-1");
constexpr int kTimeoutMs = 20000;

QString specText()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

std::optional<protocol::ApplicationSpec> slowSpec()
{
    QJsonObject json = QJsonDocument::fromJson(specText().toUtf8()).object();
    json.insert(QStringLiteral("name"), QStringLiteral("SLOW_APP"));
    return protocol::ApplicationSpec::fromJson(json);
}

/// RFC 4180 rows (quoted fields with commas, doubled quotes and line breaks).
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size()
                && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << std::exchange(field, QString());
        } else if (c == QLatin1Char('\n')) {
            row << std::exchange(field, QString());
            rows << std::exchange(row, QStringList());
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

QString cellText(QTableView *view, int row, int column)
{
    return view->model()->index(row, column).data().toString();
}

/// The application ids a view of the applications shows, in its order.
QStringList shownApps(QTableView *view)
{
    QStringList ids;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        ids << view->model()->index(row, 0).data(models::AppIdRole).toString();
    return ids;
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
    config.maintenanceTailMs = 0; // operations are accepted again as soon as maintenance ends
    controller::http::NodeSettings node;
    node.controller = config;
    m_node = std::make_unique<controller::http::ControllerNode>(node);
    QString error;
    QVERIFY2(m_node->start(&error), qPrintable(error));
    m_core = m_node->core();
    const quint16 port = m_node->port();
    QVERIFY2(port != 0, qPrintable(error));

    m_network = std::make_unique<QNetworkAccessManager>();
    client::ClusterProfile profile;
    profile.id = QStringLiteral("test");
    profile.name = QStringLiteral("test");
    profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 200;
    m_journal = std::make_unique<models::OperationJournal>(
        m_settingsDir.filePath(QStringLiteral("operations-journal.jsonl")));
    QVERIFY(m_journal->load());
    // The console's own path: a session with its own client and sync loop, shown in the window.
    m_session
        = std::make_unique<models::ClusterSession>(m_network.get(), profile, true, m_journal.get());
    m_window = std::make_unique<ui::MainWindow>(m_journal.get());
    m_window->setSession(m_session.get());
    m_window->show();
    m_session->start(profile.connectionSettings());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), client::ConnectionState::Connected,
                              kTimeoutMs);
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
    m_core = nullptr;
    m_node.reset();
}

std::optional<protocol::AppSummary> TestMainWindow::app(const QString &appId) const
{
    return m_window->session()->applications()->application(appId);
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

void TestMainWindow::cancelSlowOperation()
{
    // Three healthy instances, made outside the console (not journalled here).
    const auto spec = slowSpec();
    QVERIFY(spec);
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::create(
                    *spec, 0, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!m_core->activeOperation(kSlowApp), kTimeoutMs);
    protocol::ClusterOpSpec fast = protocol::ClusterOpSpec::defaults();
    fast.parallelism = 3;
    QVERIFY(
        m_core->submit(protocol::ApplicationOperation::startInstances(kSlowApp, 3, fast)).accepted);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_core->instances(kSlowApp, {protocol::InstanceState::Healthy}).size(), 3, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectApplication(kSlowApp), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kSlowApp)->state, protocol::ApplicationState::Running,
                              kTimeoutMs);
    // The START made outside is over for the console too (its end event may trail the summary).
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->operationTracker()->activeOperation(kSlowApp), kTimeoutMs);
    QStringList originals;
    for (const auto &instance : m_core->instances(kSlowApp))
        originals << instance.instanceId;

    // Real-time instance timings: one replace job (start, healthy, stop the old one) takes
    // several seconds, so the operation is still running when the cancel arrives.
    m_core->setTimeScale(1.0);
    auto *actions = m_window->applicationActions();
    QTRY_VERIFY_WITH_TIMEOUT(actions->action(Action::Restart)->isEnabled(), kTimeoutMs);
    actions->action(Action::Restart)->trigger();
    auto *parallelism
        = m_window->lastDialog()->findChild<QSpinBox *>(QStringLiteral("parallelismSpinBox"));
    QVERIFY(parallelism);
    parallelism->setValue(1);
    clickOk();
    auto *tracker = m_window->operationTracker();
    QTRY_VERIFY_WITH_TIMEOUT(tracker->activeOperation(kSlowApp).has_value(), kTimeoutMs);
    QCOMPARE(tracker->activeOperation(kSlowApp)->type, protocol::OperationType::ReplaceInstances);
    QTRY_COMPARE_WITH_TIMEOUT(app(kSlowApp)->state,
                              protocol::ApplicationState::ReplaceInstancesRequested, kTimeoutMs);

    // The Operations panel: select the row, Cancel, confirm.
    auto *operations = m_window->findChild<QTableView *>(QStringLiteral("operationsView"));
    QVERIFY(operations);
    // Nothing important is cut: the longest operation type fits its column, and in a wide
    // window (1920 px) the phase takes the room that is left, not the accepted time (which took
    // ~800 px and left the phase cut).
    QHeaderView *opsHeader = operations->horizontalHeader();
    QVERIFY(opsHeader->sectionSize(models::OperationsModel::OperationColumn)
            > operations->fontMetrics().horizontalAdvance(QStringLiteral("REPLACE_INSTANCES")));
    const QSize size = m_window->size();
    m_window->resize(1920, size.height());
    const int acceptedFit
        = operations->fontMetrics().horizontalAdvance(QStringLiteral("23:59:59, 31 Dec 2025"))
        + 3 * operations->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    QTRY_VERIFY2_WITH_TIMEOUT(
        opsHeader->sectionSize(models::OperationsModel::PhaseColumn)
                > opsHeader->sectionSize(models::OperationsModel::AcceptedColumn)
            && opsHeader->sectionSize(models::OperationsModel::AcceptedColumn) <= acceptedFit,
        qPrintable(QStringLiteral("phase %1, accepted %2 (fit %3), view %4")
                       .arg(opsHeader->sectionSize(models::OperationsModel::PhaseColumn))
                       .arg(opsHeader->sectionSize(models::OperationsModel::AcceptedColumn))
                       .arg(acceptedFit)
                       .arg(operations->viewport()->width())),
        kTimeoutMs);
    m_window->resize(size);
    int row = -1;
    for (int r = 0; r < operations->model()->rowCount(); ++r) {
        const QModelIndex index = operations->model()->index(r, 0);
        if (index.data(models::AppIdRole).toString() == kSlowApp
            && index.data(models::CanCancelRole).toBool())
            row = r;
    }
    QVERIFY(row >= 0);
    auto *cancelButton
        = m_window->findChild<QPushButton *>(QStringLiteral("cancelOperationButton"));
    operations->clearSelection();
    QVERIFY(!cancelButton->isEnabled()); // nothing selected
    operations->selectRow(row);
    QVERIFY(cancelButton->isEnabled());
    QTest::mouseClick(cancelButton, Qt::LeftButton);
    QVERIFY(qobject_cast<ui::CancelOperationDialog *>(m_window->lastDialog()));
    clickOk();

    auto *notice = m_window->findChild<QLabel *>(QStringLiteral("operationNoticeLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(
        notice->text().contains(QStringLiteral(
            "cancellation requested — takes effect after the jobs in flight finish")),
        kTimeoutMs);
    QVERIFY(tracker->activeOperation(kSlowApp).has_value()); // the job in flight still runs
    QTRY_VERIFY(!cancelButton->isEnabled());                 // asked once is enough
    QTRY_VERIFY(cellText(operations, row, models::OperationsModel::PhaseColumn)
                    .startsWith(QStringLiteral("Cancellation requested — takes effect after the "
                                               "jobs in flight finish")));

    // Back to fast timings: the job in flight finishes, then the operation ends as CANCELLED.
    m_core->setTimeScale(0.05);
    QTRY_VERIFY_WITH_TIMEOUT(!tracker->activeOperation(kSlowApp).has_value(), kTimeoutMs);
    const auto finished = tracker->operations().constLast();
    QCOMPARE(finished.appId, kSlowApp);
    QCOMPARE(finished.outcome, models::TrackedOperation::Outcome::Cancelled);
    QTRY_COMPARE(
        cellText(operations, row, models::OperationsModel::OutcomeColumn),
        models::TrackedOperation::outcomeName(models::TrackedOperation::Outcome::Cancelled));
    QTRY_VERIFY(notice->text().contains(QStringLiteral("cancelled")));
    // The app settles where the cancel left it: running, with what the job in flight made
    // (its new instance; not every old one was replaced), the console agreeing with the
    // controller.
    QTRY_COMPARE_WITH_TIMEOUT(app(kSlowApp)->state, protocol::ApplicationState::Running,
                              kTimeoutMs);
    QCOMPARE(app(kSlowApp)->requiredInstances, 3);
    const auto healthyNow = m_core->instances(kSlowApp, {protocol::InstanceState::Healthy});
    QTRY_COMPARE_WITH_TIMEOUT(app(kSlowApp)->healthyInstances, qint64(healthyNow.size()),
                              kTimeoutMs);
    QVERIFY(healthyNow.size() >= 3);
    int originalsLeft = 0;
    for (const auto &instance : healthyNow)
        originalsLeft += originals.contains(instance.instanceId) ? 1 : 0;
    QVERIFY2(originalsLeft >= 1, "the cancel came too late to spare any old instance");
    QVERIFY(originalsLeft < 3 || healthyNow.size() > 3); // the job in flight did its part
}

void TestMainWindow::executorsPaneShowsInstancesOfSelectedExecutor()
{
    const auto instances = m_core->instances(kSlowApp);
    QVERIFY(!instances.isEmpty());
    const QString executorId = instances.constFirst().executorId;
    QStringList expected;
    for (const auto &instance : instances) {
        if (instance.executorId == executorId)
            expected << instance.instanceId;
    }
    expected.sort();

    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectExecutor(executorId), kTimeoutMs);
    QCOMPARE(tabs->currentIndex(), 1);
    auto *lower = m_window->findChild<QTableView *>(QStringLiteral("executorInstancesView"));
    QVERIFY(lower);
    const auto shownIds = [lower] {
        QStringList ids;
        for (int row = 0; row < lower->model()->rowCount(); ++row)
            ids << lower->model()->index(row, 0).data(models::InstanceIdRole).toString();
        ids.sort();
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(shownIds(), expected, kTimeoutMs);
    QCOMPARE(lower->model()->index(0, 0).data(models::AppIdRole).toString(), kSlowApp);
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("executorInstancesLabel"))
                ->text()
                .startsWith(QString::number(expected.size())));

    // The executors table counts the instances on every executor while it is shown.
    auto *executors = m_window->session()->executors();
    const auto countOf = [executors](const QString &id) {
        const QModelIndex index
            = executors->indexOfKey(id, models::ExecutorsModel::InstancesColumn);
        return index.data().isValid() ? index.data().toInt() : -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(countOf(executorId), int(expected.size()), kTimeoutMs);
    int total = 0;
    for (const auto &executor : m_core->executors()) {
        QTRY_VERIFY_WITH_TIMEOUT(countOf(executor.executorId) >= 0, kTimeoutMs);
        total += countOf(executor.executorId);
    }
    QCOMPARE(total, int(instances.size()));

    // Blacklisting goes through the confirmation policy (LOCAL: a tick) and says what moves.
    QVERIFY(m_window->selectExecutor(executorId));
    m_window->findChild<QAction *>(QStringLiteral("actionBlacklist"))->trigger();
    auto *guard = m_window->findChild<ui::GuardDialog *>(QStringLiteral("guardDialog"));
    QVERIFY(guard);
    const QString what = guard->findChild<QLabel *>(QStringLiteral("guardTextLabel"))->text();
    QVERIFY2(what.contains(QStringLiteral("%1 instance").arg(expected.size())), qPrintable(what));
    QVERIFY2(what.contains(kSlowApp), qPrintable(what));
    QVERIFY(!guard->findChild<QPushButton *>(QStringLiteral("okButton"))->isEnabled());
    QTest::mouseClick(guard->findChild<QPushButton *>(QStringLiteral("cancelButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<ui::GuardDialog *>(QStringLiteral("guardDialog")));
    // Cancelled: nothing was sent.
    for (const auto &executor : m_core->executors())
        QCOMPARE(executor.state, std::optional(protocol::ExecutorState::Active));
    if (!qEnvironmentVariableIsEmpty("DROVE_UI_SCREENSHOT_DIR"))
        m_window->grab().save(qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR")
                              + QStringLiteral("/mainwindow-executors.png"));
    tabs->setCurrentIndex(0);
}

void TestMainWindow::searchFindsApplicationsByTheirInstances()
{
    // Two apps: SLOW_APP-1 with instances, and one with none, so that a match is not by chance.
    QJsonObject json = QJsonDocument::fromJson(specText().toUtf8()).object();
    json.insert(QStringLiteral("name"), QStringLiteral("IDLE_APP"));
    const auto spec = protocol::ApplicationSpec::fromJson(json);
    QVERIFY(spec);
    const QString idle = spec->appId();
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::create(
                    *spec, 0, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(app(idle).has_value(), kTimeoutMs);
    m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentIndex(0);
    auto *view = m_window->findChild<QTableView *>(QStringLiteral("applicationsView"));
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    auto *scope = m_window->findChild<QLabel *>(QStringLiteral("searchScopeLabel"));
    QVERIFY(view && search && scope);
    // The field says what it searches.
    QVERIFY2(search->toolTip().contains(QStringLiteral("host")), qPrintable(search->toolTip()));
    QVERIFY(!scope->isVisible());

    // By an instance's id (the middle of it, as pasted from an alert): its app, and the row
    // says which instance matched. The executors' details are known (the Executors tab was
    // shown), so the instance is known whichever app is selected.
    const auto instance = m_core->instances(kSlowApp).constFirst();
    search->setText(instance.instanceId.mid(5, 8));
    QTRY_COMPARE_WITH_TIMEOUT(shownApps(view), QStringList {kSlowApp}, kTimeoutMs);
    const QString tip = view->model()
                            ->index(0, models::ApplicationsModel::StateColumn)
                            .data(Qt::ToolTipRole)
                            .toString();
    QVERIFY2(tip.contains(instance.instanceId), qPrintable(tip));
    QVERIFY(scope->isVisible());
    QVERIFY2(scope->text().contains(QStringLiteral("1 found by an instance")),
             qPrintable(scope->text()));
    QVERIFY2(scope->text().contains(QStringLiteral("3 of 3 executor")), qPrintable(scope->text()));

    // By the host an instance runs on, and by its executor's id; the idle app has none there.
    QString host;
    for (const auto &executor : m_core->executors()) {
        if (executor.executorId == instance.executorId)
            host = executor.hostname;
    }
    QVERIFY(!host.isEmpty());
    search->setText(host);
    QTRY_COMPARE_WITH_TIMEOUT(shownApps(view), QStringList {kSlowApp}, kTimeoutMs);
    search->setText(instance.executorId.left(13));
    QTRY_COMPARE_WITH_TIMEOUT(shownApps(view), QStringList {kSlowApp}, kTimeoutMs);
    // The app's own words still work, and a host together with another app finds nothing.
    search->setText(QStringLiteral("IDLE"));
    QCOMPARE(shownApps(view), QStringList {idle});
    search->setText(QStringLiteral("IDLE ") + host);
    QCOMPARE(shownApps(view), QStringList());
    search->clear();
    QVERIFY(!scope->isVisible());
    QTRY_VERIFY(shownApps(view).contains(idle));

    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::destroy(
                    idle, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!app(idle).has_value(), kTimeoutMs);
}

void TestMainWindow::unhealthyAndBusyFacets()
{
    auto *facet = m_window->findChild<QComboBox *>(QStringLiteral("stateFacetCombo"));
    auto *view = m_window->findChild<QTableView *>(QStringLiteral("applicationsView"));
    const int unhealthy = facet->findText(QStringLiteral("Unhealthy"), Qt::MatchStartsWith);
    const int busy = facet->findText(QStringLiteral("Operation in progress"), Qt::MatchStartsWith);
    QVERIFY(unhealthy > 0 && busy > 0);
    QTRY_COMPARE(facet->itemText(unhealthy), QStringLiteral("Unhealthy (0)"));
    QTRY_COMPARE(facet->itemText(busy), QStringLiteral("Operation in progress (0)"));

    // A slow scale to one more than are healthy (the cancelled restart may have left one more
    // than required): SCALING_REQUESTED with fewer healthy than required, for seconds.
    m_core->setTimeScale(1.0);
    protocol::ClusterOpSpec slow = protocol::ClusterOpSpec::defaults();
    slow.parallelism = 1;
    const qint64 required = app(kSlowApp)->requiredInstances;
    const qint64 target = qMax(required, app(kSlowApp)->healthyInstances) + 1;
    QVERIFY(m_core->submit(protocol::ApplicationOperation::scale(kSlowApp, target, slow)).accepted);
    QTRY_COMPARE_WITH_TIMEOUT(facet->itemText(unhealthy), QStringLiteral("Unhealthy (1)"),
                              kTimeoutMs);
    QTRY_COMPARE(facet->itemText(busy), QStringLiteral("Operation in progress (1)"));
    facet->setCurrentIndex(unhealthy);
    QCOMPARE(shownApps(view), QStringList {kSlowApp});
    facet->setCurrentIndex(busy);
    QCOMPARE(shownApps(view), QStringList {kSlowApp});

    // Healthy again: out of both facets, the list follows without a click.
    m_core->setTimeScale(0.05);
    QTRY_COMPARE_WITH_TIMEOUT(facet->itemText(busy), QStringLiteral("Operation in progress (0)"),
                              kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(shownApps(view), QStringList(), kTimeoutMs);
    QCOMPARE(facet->itemText(unhealthy), QStringLiteral("Unhealthy (0)"));
    facet->setCurrentIndex(0);
    // Back to three, as the tests after this one expect (the instances stopped are old ones
    // for the next test).
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::scale(kSlowApp, required,
                                                               protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!m_core->activeOperation(kSlowApp), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kSlowApp)->requiredInstances, required, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(app(kSlowApp)->state, protocol::ApplicationState::Running,
                              kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->operationTracker()->activeOperation(kSlowApp), kTimeoutMs);
}

void TestMainWindow::filterBoxesAndFindFollowTheTabInUse()
{
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    tabs->setCurrentIndex(0);
    QVERIFY(m_window->selectApplication(kSlowApp));
    auto *detailTabs = m_window->findChild<QTabWidget *>(QStringLiteral("detailTabs"));
    detailTabs->setCurrentIndex(0);

    // Instances: the filter box over id, state, host, executor, error.
    auto *instances = m_window->findChild<QTableView *>(QStringLiteral("instancesView"));
    auto *instanceFilter = m_window->findChild<QLineEdit *>(QStringLiteral("instanceFilterEdit"));
    QVERIFY(instances && instanceFilter);
    const auto active = m_core->instances(kSlowApp);
    QTRY_COMPARE_WITH_TIMEOUT(instances->model()->rowCount(), int(active.size()), kTimeoutMs);
    const QString wanted = active.constFirst().instanceId;
    instanceFilter->setText(wanted.mid(3, 10));
    QCOMPARE(instances->model()->rowCount(), 1);
    QCOMPARE(instances->model()->index(0, 0).data(models::InstanceIdRole).toString(), wanted);
    auto *facet = m_window->findChild<QComboBox *>(QStringLiteral("instanceStateFacetCombo"));
    QTRY_COMPARE(facet->itemText(0), QStringLiteral("All active (1)"));
    instanceFilter->setText(QStringLiteral("HEALTHY"));
    QCOMPARE(instances->model()->rowCount(), int(active.size()));
    instanceFilter->setText(QStringLiteral("no-such-host"));
    QCOMPARE(instances->model()->rowCount(), 0);
    instanceFilter->clear();

    // Old instances: their own box; what the active tab filters does not hide them.
    auto *oldView = m_window->findChild<QTableView *>(QStringLiteral("oldInstancesView"));
    auto *oldFilter = m_window->findChild<QLineEdit *>(QStringLiteral("oldInstanceFilterEdit"));
    QVERIFY(oldView && oldFilter);
    QTRY_VERIFY_WITH_TIMEOUT(oldView->model()->rowCount() > 0, kTimeoutMs);
    const int oldRows = oldView->model()->rowCount();
    instanceFilter->setText(QStringLiteral("no-such-host"));
    QCOMPARE(oldView->model()->rowCount(), oldRows);
    instanceFilter->clear();
    oldFilter->setText(QStringLiteral("no-such-host"));
    QCOMPARE(oldView->model()->rowCount(), 0);
    oldFilter->setText(QStringLiteral("STOPPED"));
    QVERIFY(oldView->model()->rowCount() > 0);
    oldFilter->clear();

    // The application's events and the cluster's: text over type, app, instance, state, details.
    auto *appEvents = m_window->findChild<QTableView *>(QStringLiteral("appEventsView"));
    auto *appEventFilter = m_window->findChild<QLineEdit *>(QStringLiteral("appEventFilterEdit"));
    QVERIFY(appEvents && appEventFilter);
    QTRY_VERIFY_WITH_TIMEOUT(appEvents->model()->rowCount() > 0, kTimeoutMs);
    appEventFilter->setText(wanted);
    QVERIFY(appEvents->model()->rowCount() > 0);
    for (int row = 0; row < appEvents->model()->rowCount(); ++row)
        QCOMPARE(appEvents->model()->index(row, 0).data(models::InstanceIdRole).toString(), wanted);
    appEventFilter->clear();
    auto *events = m_window->findChild<QTableView *>(QStringLiteral("eventsView"));
    auto *eventFilter = m_window->findChild<QLineEdit *>(QStringLiteral("eventFilterEdit"));
    QVERIFY(events && eventFilter);
    const int allEvents = events->model()->rowCount();
    eventFilter->setText(kSlowApp + QStringLiteral(" HEALTHY"));
    QVERIFY(events->model()->rowCount() > 0 && events->model()->rowCount() < allEvents);
    for (int row = 0; row < events->model()->rowCount(); ++row)
        QCOMPARE(events->model()->index(row, 0).data(models::AppIdRole).toString(), kSlowApp);
    eventFilter->clear();
    QCOMPARE(events->model()->rowCount(), allEvents);

    // Ctrl+F: the filter of the tab in use. In the detail panel, its tab's box ...
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    const auto find = [this] {
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget()
                                                    : static_cast<QWidget *>(m_window.get()),
                        Qt::Key_F, Qt::ControlModifier);
    };
    instances->setFocus();
    find();
    QTRY_COMPARE(QApplication::focusWidget(), instanceFilter);
    detailTabs->setCurrentWidget(m_window->findChild<QWidget *>(QStringLiteral("appEventsPage")));
    appEvents->setFocus();
    find();
    QTRY_COMPARE(QApplication::focusWidget(), appEventFilter);
    detailTabs->setCurrentIndex(1);
    oldView->setFocus();
    find();
    QTRY_COMPARE(QApplication::focusWidget(), oldFilter);
    // ... from the applications list, the search as before ...
    m_window->findChild<QTableView *>(QStringLiteral("applicationsView"))->setFocus();
    find();
    QTRY_COMPARE(QApplication::focusWidget(), search);
    // ... on the cluster Events tab its box; from Executors, back to the search.
    tabs->setCurrentIndex(2);
    events->setFocus();
    find();
    QTRY_COMPARE(QApplication::focusWidget(), eventFilter);
    tabs->setCurrentIndex(1);
    m_window->findChild<QTableView *>(QStringLiteral("executorsView"))->setFocus();
    find();
    QTRY_COMPARE(QApplication::focusWidget(), search);
    QCOMPARE(tabs->currentIndex(), 0);
    detailTabs->setCurrentIndex(0);
}

void TestMainWindow::refusedOperationIsJournalled()
{
    const int before = int(m_journal->entries().size());
    m_core->setMaintenance();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectApplication(kSlowApp), kTimeoutMs);
    auto *actions = m_window->applicationActions();
    QTRY_VERIFY_WITH_TIMEOUT(actions->action(Action::Scale)->isEnabled(), kTimeoutMs);
    actions->action(Action::Scale)->trigger();
    m_window->lastDialog()
        ->findChild<QSpinBox *>(QStringLiteral("requiredInstancesSpinBox"))
        ->setValue(4);
    clickOk();
    QTRY_COMPARE_WITH_TIMEOUT(int(m_journal->entries().size()), before + 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_journal->entries().constLast().outcome,
                              models::OperationJournal::Outcome::Rejected, kTimeoutMs);
    const auto entry = m_journal->entries().constLast();
    QCOMPARE(entry.operation, QStringLiteral("SCALE"));
    QCOMPARE(entry.appId, kSlowApp);
    QVERIFY(!entry.detail.isEmpty());
    QTRY_VERIFY(m_window->findChild<QWidget *>(QStringLiteral("errorMessageBox")));
    delete m_window->findChild<QWidget *>(QStringLiteral("errorMessageBox"));
    m_core->unsetMaintenance();
    QCOMPARE(app(kSlowApp)->requiredInstances, 3);
}

void TestMainWindow::journalPersistsAndExports()
{
    // Everything sent from this window, in order (SLOW_APP was created behind its back).
    const auto entries = m_journal->entries();
    QStringList operations;
    for (const auto &entry : entries)
        operations << entry.operation;
    QCOMPARE(operations,
             (QStringList {QStringLiteral("CREATE"), QStringLiteral("SCALE"),
                           QStringLiteral("STOP_INSTANCES"), QStringLiteral("SUSPEND"),
                           QStringLiteral("DESTROY"), QStringLiteral("REPLACE_INSTANCES"),
                           QStringLiteral("SCALE")}));
    for (const auto &entry : entries)
        QCOMPARE(entry.cluster, QStringLiteral("test"));
    using Outcome = models::OperationJournal::Outcome;
    QCOMPARE(entries.at(1).outcome, Outcome::Completed);
    QCOMPARE(entries.at(1).payload.value(QStringLiteral("requiredInstances")).toInt(), 3);
    QCOMPARE(entries.at(5).outcome, Outcome::Cancelled);
    QCOMPARE(entries.at(6).outcome, Outcome::Rejected);

    // Persisted: a fresh journal on the same file reads the same entries and outcomes.
    models::OperationJournal reloaded(m_journal->filePath());
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.entries().size(), entries.size());
    QCOMPARE(reloaded.entries().at(5).outcome, Outcome::Cancelled);
    QCOMPARE(reloaded.entries().at(6).outcome, Outcome::Rejected);

    // The History tab lists them.
    auto *history = m_window->findChild<QTableView *>(QStringLiteral("journalView"));
    QCOMPARE(history->model()->rowCount(), int(entries.size()));
    if (!qEnvironmentVariableIsEmpty("DROVE_UI_SCREENSHOT_DIR")) {
        m_window->findChild<QTabWidget *>(QStringLiteral("operationsTabs"))->setCurrentIndex(1);
        m_window->grab().save(qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR")
                              + QStringLiteral("/mainwindow-history.png"));
        m_window->findChild<QTabWidget *>(QStringLiteral("operationsTabs"))->setCurrentIndex(0);
    }

    // Operations ▸ Export journal…: JSON or CSV by the chosen suffix.
    QString chosen;
    m_window->setSavePathProvider(
        [&chosen](const QString &, const QString &, const QString &) { return chosen; });
    auto *exportAction = m_window->findChild<QAction *>(QStringLiteral("actionExportJournal"));
    QVERIFY(exportAction);

    chosen = m_settingsDir.filePath(QStringLiteral("journal.json"));
    exportAction->trigger();
    QFile json(chosen);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(json.readAll()).array();
    QCOMPARE(array.size(), entries.size());
    QCOMPARE(array.at(5).toObject().value(QStringLiteral("appId")).toString(), kSlowApp);
    QCOMPARE(array.at(5).toObject().value(QStringLiteral("outcome")).toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(array.at(1)
                 .toObject()
                 .value(QStringLiteral("payload"))
                 .toObject()
                 .value(QStringLiteral("requiredInstances"))
                 .toInt(),
             3);

    chosen = m_settingsDir.filePath(QStringLiteral("journal.csv"));
    exportAction->trigger();
    QFile csv(chosen);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(csv.readAll()));
    QCOMPARE(rows.size(), entries.size() + 1);
    const QStringList header = rows.first();
    QCOMPARE(header.value(2), QStringLiteral("appId"));
    for (int i = 0; i < entries.size(); ++i) {
        QCOMPARE(rows.at(i + 1).value(2), entries.at(i).appId);
        QCOMPARE(rows.at(i + 1).value(3), entries.at(i).operation);
        QCOMPARE(rows.at(i + 1).value(4),
                 models::OperationJournal::outcomeName(entries.at(i).outcome));
        QCOMPARE(QJsonDocument::fromJson(rows.at(i + 1).value(7).toUtf8()).object(),
                 entries.at(i).payload);
    }
    m_window->setSavePathProvider({});
}

void TestMainWindow::operationDetailOpensFromEveryOperation()
{
    const auto openDialogs = [this] {
        return m_window->findChildren<ui::OperationDetailDialog *>(
            QStringLiteral("operationDetailDialog"));
    };
    const auto closeAll = [&] {
        for (auto *dialog : openDialogs())
            delete dialog;
    };
    closeAll();
    // Current operations: Enter on each row opens its detail, with its type and app.
    auto *operations = m_window->findChild<QTableView *>(QStringLiteral("operationsView"));
    QVERIFY(operations->model()->rowCount() > 0);
    for (int row = 0; row < operations->model()->rowCount(); ++row) {
        const QModelIndex index = operations->model()->index(row, 0);
        operations->setCurrentIndex(index);
        QTest::keyClick(operations, Qt::Key_Return);
        const auto dialogs = openDialogs();
        QCOMPARE(dialogs.size(), 1);
        auto *summary
            = dialogs.first()->findChild<QLabel *>(QStringLiteral("operationSummaryLabel"));
        QVERIFY2(summary->text().contains(index.data(models::AppIdRole).toString()),
                 qPrintable(summary->text()));
        QVERIFY(dialogs.first()->findChild<ui::OperationTimeline *>());
        closeAll();
    }
    // History: every entry too, with what was sent.
    auto *history = m_window->findChild<QTableView *>(QStringLiteral("journalView"));
    QVERIFY(history->model()->rowCount() > 0);
    for (int row = 0; row < history->model()->rowCount(); ++row) {
        history->setCurrentIndex(history->model()->index(row, 0));
        QTest::keyClick(history, Qt::Key_Return);
        const auto dialogs = openDialogs();
        QCOMPARE(dialogs.size(), 1);
        auto *payload = dialogs.first()->findChild<QPlainTextEdit *>(QStringLiteral("payloadView"));
        QVERIFY2(payload->toPlainText().contains(QLatin1String("\"type\"")),
                 qPrintable(payload->toPlainText()));
        closeAll();
    }
    // Without a system tray (offscreen) finishes stay in the window until dismissed, with a
    // "Show" link to the detail.
    auto *bar = m_window->findChild<QFrame *>(QStringLiteral("operationMessageBar"));
    QVERIFY(bar);
    QVERIFY(bar->isVisible());
    auto *message = bar->findChild<QLabel *>(QStringLiteral("operationMessageLabel"));
    QVERIFY(message->text().contains(QLatin1String("href=\"show\"")));
    Q_EMIT message->linkActivated(QStringLiteral("show"));
    QCOMPARE(openDialogs().size(), 1);
    closeAll();
    bar->findChild<QToolButton *>(QStringLiteral("dismissMessageBarButton"))->click();
    QVERIFY(!bar->isVisible());
}

void TestMainWindow::nothingIsSelectedImplicitly()
{
    // A second app beside SLOW_APP-1 (MONITORING, no instances).
    QJsonObject json = QJsonDocument::fromJson(specText().toUtf8()).object();
    json.insert(QStringLiteral("name"), QStringLiteral("OTHER_APP"));
    const auto spec = protocol::ApplicationSpec::fromJson(json);
    QVERIFY(spec);
    const QString other = QStringLiteral("OTHER_APP-1");
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::create(
                    *spec, 0, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(app(other).has_value(), kTimeoutMs);
    auto *actions = m_window->applicationActions();

    // Selected as an operator does, with a click (which also makes the row current: Qt moves
    // the current row when it goes, and by default selects where it lands).
    auto *view = m_window->findChild<QTableView *>(QStringLiteral("applicationsView"));
    const auto click = [view](const QString &appId) {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            const QModelIndex index = view->model()->index(row, 0);
            if (index.data(models::AppIdRole).toString() == appId) {
                QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                                  view->visualRect(index).center());
                return true;
            }
        }
        return false;
    };
    m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentIndex(0);

    // A search that hides the selected app leaves nothing selected: its only match is not
    // selected in its place, and the actions are not armed for it.
    QVERIFY(click(kSlowApp));
    QCOMPARE(m_window->currentAppId(), kSlowApp);
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    search->setText(QStringLiteral("OTHER"));
    QCOMPARE(m_window->currentAppId(), QString());
    QVERIFY(!actions->action(Action::Scale)->isEnabled());
    search->clear();
    QCOMPARE(m_window->currentAppId(), QString());

    // An app that goes (destroyed) does not hand its selection to its neighbour.
    QVERIFY(click(other));
    QCOMPARE(m_window->currentAppId(), other);
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::destroy(
                    other, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!app(other).has_value(), kTimeoutMs);
    QCOMPARE(m_window->currentAppId(), QString());
    QVERIFY(!actions->action(Action::Scale)->isEnabled());
}

void TestMainWindow::helpListsEveryShortcut()
{
    m_window->findChild<QAction *>(QStringLiteral("actionKeyboardShortcuts"))->trigger();
    auto *table = m_window->findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
    QVERIFY(table);
    QHash<QString, QString> shown;
    for (int row = 0; row < table->rowCount(); ++row)
        shown.insert(table->item(row, 0)->text(), table->item(row, 1)->text());
    const auto native = [](QKeySequence::StandardKey key) {
        return QKeySequence(key).toString(QKeySequence::NativeText);
    };
    QCOMPARE(shown.value(QStringLiteral("Scale")),
             QKeySequence(Qt::CTRL | Qt::Key_S).toString(QKeySequence::NativeText));
    QCOMPARE(shown.value(QStringLiteral("Find")), native(QKeySequence::Find));
    QCOMPARE(shown.value(QStringLiteral("Refresh")), native(QKeySequence::Refresh));
    QCOMPARE(shown.value(QStringLiteral("Cancel operation")),
             QKeySequence(Qt::CTRL | Qt::Key_Period).toString(QKeySequence::NativeText));
    // Every action with keys is listed, and nothing else.
    int withKeys = 0;
    QSet<QString> distinct;
    for (const QAction *action : m_window->findChildren<QAction *>())
        if (!action->shortcut().isEmpty()) {
            QString text = action->text();
            text.remove(QLatin1Char('&'));
            text.remove(QStringLiteral("…"));
            distinct.insert(text.trimmed() + action->shortcut().toString());
        }
    withKeys = int(distinct.size());
    QCOMPARE(table->rowCount(), withKeys);
    delete m_window->findChild<QDialog *>(QStringLiteral("shortcutsDialog"));

    // No two actions share keys (Rehearse once took Restart in stages' Ctrl+Shift+R, so the key
    // reached neither).
    QHash<QString, QString> owner;
    for (const auto &[text, keys] : m_window->shortcuts()) {
        const QString key = keys.toString();
        QVERIFY2(!owner.contains(key) || owner.value(key) == text,
                 qPrintable(QStringLiteral("%1: %2 and %3").arg(key, owner.value(key), text)));
        owner.insert(key, text);
    }
}

void TestMainWindow::facetsCountStatesAndSortKeysAccumulate()
{
    // Facets list every application state with its count.
    auto *facet = m_window->findChild<QComboBox *>(QStringLiteral("stateFacetCombo"));
    // (All, Unhealthy, Operation in progress, a separator, then the states.)
    QCOMPARE(facet->count(), int(protocol::allApplicationStates().size()) + 4);
    const int runningItem = facet->findData(int(protocol::ApplicationState::Running));
    QVERIFY(runningItem > 0);
    QTRY_COMPARE(facet->itemText(runningItem), QStringLiteral("RUNNING (1)"));
    QTRY_COMPARE(facet->itemText(facet->findData(int(protocol::ApplicationState::Monitoring))),
                 QStringLiteral("MONITORING (0)"));
    auto *apps = m_window->findChild<QTableView *>(QStringLiteral("applicationsView"));
    facet->setCurrentIndex(facet->findData(int(protocol::ApplicationState::Monitoring)));
    QCOMPARE(apps->model()->rowCount(), 0);
    facet->setCurrentIndex(runningItem);
    QCOMPARE(apps->model()->rowCount(), 1);
    facet->setCurrentIndex(0);

    auto *instanceFacet
        = m_window->findChild<QComboBox *>(QStringLiteral("instanceStateFacetCombo"));
    // Hiding the selected app cleared the selection; select it again and let its instances load.
    QVERIFY(m_window->selectApplication(kSlowApp));
    auto *instances = m_window->findChild<QTableView *>(QStringLiteral("instancesView"));
    const int healthyCount
        = int(m_core->instances(kSlowApp, {protocol::InstanceState::Healthy}).size());
    QTRY_COMPARE_WITH_TIMEOUT(instances->model()->rowCount(), healthyCount, kTimeoutMs);
    const int healthyItem = instanceFacet->findData(int(protocol::InstanceState::Healthy));
    const QString healthyText = QStringLiteral("HEALTHY (%1)").arg(healthyCount);
    QTRY_COMPARE_WITH_TIMEOUT(instanceFacet->itemText(healthyItem), healthyText, kTimeoutMs);
    instanceFacet->setCurrentIndex(instanceFacet->findData(int(protocol::InstanceState::Starting)));
    QCOMPARE(instances->model()->rowCount(), 0);
    instanceFacet->setCurrentIndex(healthyItem);
    QCOMPARE(instances->model()->rowCount(), healthyCount);
    instanceFacet->setCurrentIndex(0);
    // The Old instances tab: the terminated ones, by state. Stop one instance (elsewhere).
    const QString victim
        = m_core->instances(kSlowApp, {protocol::InstanceState::Healthy}).constFirst().instanceId;
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::stopInstances(
                    kSlowApp, {victim}, true, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!m_core->activeOperation(kSlowApp), kTimeoutMs);
    auto *oldFacet = m_window->findChild<QComboBox *>(QStringLiteral("oldInstanceStateFacetCombo"));
    auto *oldView = m_window->findChild<QTableView *>(QStringLiteral("oldInstancesView"));
    int stopped = 0;
    for (const auto &instance : m_core->oldInstances(kSlowApp))
        stopped += instance.state == protocol::InstanceState::Stopped ? 1 : 0;
    const int stoppedItem = oldFacet->findData(int(protocol::InstanceState::Stopped));
    QVERIFY(stoppedItem > 0);
    QVERIFY(stopped >= 1);
    QVERIFY(oldFacet->findData(int(protocol::InstanceState::Healthy)) < 0);
    QTRY_COMPARE_WITH_TIMEOUT(oldFacet->itemText(stoppedItem),
                              QStringLiteral("STOPPED (%1)").arg(stopped), kTimeoutMs);
    oldFacet->setCurrentIndex(stoppedItem);
    QCOMPARE(oldView->model()->rowCount(), stopped);
    oldFacet->setCurrentIndex(oldFacet->findData(int(protocol::InstanceState::Lost)));
    QCOMPARE(oldView->model()->rowCount(), 0);
    oldFacet->setCurrentIndex(0);

    // A click sorts by a column; Shift+click adds the next key; both show in the label.
    QHeaderView *header = apps->horizontalHeader();
    const auto clickHeader = [header](int column, Qt::KeyboardModifiers modifiers) {
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, modifiers, at);
    };
    clickHeader(models::ApplicationsModel::StateColumn, Qt::NoModifier);
    clickHeader(models::ApplicationsModel::UpdatedColumn, Qt::ShiftModifier);
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("sortDescriptionLabel"));
    QVERIFY2(label->text().contains(QStringLiteral("State ↑, then Updated ↑")),
             qPrintable(label->text()));
    QCOMPARE(header->sortIndicatorSection(), int(models::ApplicationsModel::StateColumn));
    clickHeader(models::ApplicationsModel::UpdatedColumn, Qt::ShiftModifier);
    QVERIFY2(label->text().contains(QStringLiteral("State ↑, then Updated ↓")),
             qPrintable(label->text()));

    // Remembered with the header: a new window on the same settings sorts the same way.
    m_window->close();
    models::OperationJournal journal(m_settingsDir.filePath(QStringLiteral("other.jsonl")));
    ui::MainWindow again(&journal);
    models::ClusterSession idle(m_network.get(), m_session->profile(), true, &journal);
    again.setSession(&idle);
    // (A LOCAL cluster: no production band, a plain title.)
    QVERIFY(!again.findChild<QLabel *>(QStringLiteral("productionBand"))->isVisibleTo(&again));
    QVERIFY(!again.windowTitle().startsWith(QStringLiteral("PRODUCTION")));
    // PRODUCTION changes the window: title first, and the band across it in the profile colour.
    client::ClusterProfile production = m_session->profile();
    production.id = QStringLiteral("prod");
    production.name = QStringLiteral("prod-blr");
    production.criticality = client::Criticality::Production;
    {
        models::ClusterSession prod(m_network.get(), production, false, &journal);
        again.setSession(&prod);
        QVERIFY(again.windowTitle().startsWith(QStringLiteral("PRODUCTION — prod-blr")));
        auto *band = again.findChild<QLabel *>(QStringLiteral("productionBand"));
        QVERIFY(band->isVisibleTo(&again));
        QVERIFY(band->text().contains(QStringLiteral("prod-blr")));
        QVERIFY(band->styleSheet().contains(
            QColor(client::ClusterProfile::criticalityColor(client::Criticality::Production))
                .name()));
        again.setSession(&idle);
    }
    QVERIFY(!again.findChild<QLabel *>(QStringLiteral("productionBand"))->isVisibleTo(&again));
    auto *againLabel = again.findChild<QLabel *>(QStringLiteral("sortDescriptionLabel"));
    QVERIFY2(againLabel->text().contains(QStringLiteral("State ↑, then Updated ↓")),
             qPrintable(againLabel->text()));
}

void TestMainWindow::quitAsksWhileOperationsAreInFlight()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSettings().remove(ui::MainWindow::quitWithoutAskingKey(QStringLiteral("test")));
    // A slow scale, in flight while the window is closed.
    m_core->setTimeScale(1.0);
    protocol::ClusterOpSpec slow = protocol::ClusterOpSpec::defaults();
    slow.parallelism = 1;
    const int required = int(app(kSlowApp)->requiredInstances);
    QVERIFY(m_core->submit(protocol::ApplicationOperation::scale(kSlowApp, required + 3, slow))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->operationTracker()->inFlightCount() > 0, kTimeoutMs);

    m_window->close();
    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("quitConfirmationBox"));
    QVERIFY(box);
    QVERIFY(m_window->isVisible()); // not closed while asking
    QVERIFY2(box->detailedText().contains(kSlowApp), qPrintable(box->detailedText()));
    QVERIFY(box->informativeText().contains(QStringLiteral("embedded cluster")));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("keepOpenButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("quitConfirmationBox")));
    QVERIFY(m_window->isVisible());

    m_window->close();
    box = m_window->findChild<QMessageBox *>(QStringLiteral("quitConfirmationBox"));
    QVERIFY(box);
    box->findChild<QCheckBox *>(QStringLiteral("rememberQuitCheckBox"))->setChecked(true);
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("quitAnywayButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(
        QSettings().value(ui::MainWindow::quitWithoutAskingKey(QStringLiteral("test"))).toBool());
    m_core->setTimeScale(0.05);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
