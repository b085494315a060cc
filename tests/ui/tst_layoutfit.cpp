// Nothing important is cut: the real window on a screen of the size an operator has (1366×768
// or 1920×1080, from DROVE_TEST_SCREEN; ctest runs both), against the embedded controller core
// on 127.0.0.1:0, as the window first opens (no remembered layout).
//
// The screen is the offscreen platform's, configured before the application starts: a window's
// first-start size is computed from its screen, and a process has one set of screens.
#include "controller/controllercore.h"
#include "controller/http/controllernode.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationjournalmodel.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"
#include "ui/elidingitemdelegate.h"
#include "ui/headermemory.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace drove;
using AppColumn = models::ApplicationsModel::Column;

namespace {

constexpr int kTimeoutMs = 20000;

/// The screen this run is about: "WIDTHxHEIGHT" from DROVE_TEST_SCREEN, 1366×768 by default.
QSize screenUnderTest()
{
    const QString text = qEnvironmentVariable("DROVE_TEST_SCREEN", QStringLiteral("1366x768"));
    const QStringList parts = text.split(QLatin1Char('x'));
    const QSize size(parts.value(0).toInt(), parts.value(1).toInt());
    return size.isValid() ? size : QSize(1366, 768);
}

std::optional<protocol::ApplicationSpec> specNamed(const QString &name)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    json.insert(QStringLiteral("name"), name);
    return protocol::ApplicationSpec::fromJson(json);
}

/// What QCommonStyle leaves a cell's text: the cell less the focus frame margin each side.
int textRoom(const QTableView *view, int sectionSize)
{
    return sectionSize
        - 2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1);
}

/// The font a state badge is written in (StateBadgeDelegate: bold, 85 %), and the room its
/// text has in a section: the badge is inset 4 px each side and pads its text 3 px each side.
QFont badgeFont(const QTableView *view)
{
    QFont font = view->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(true);
    return font;
}
int badgeTextRoom(int sectionSize)
{
    return sectionSize - 2 * 4 - 2 * 3;
}

QString describe(const QString &what, const QString &text, int advance, int room)
{
    return QStringLiteral("%1 \"%2\" needs %3 px, has %4").arg(what, text).arg(advance).arg(room);
}

} // namespace

class TestLayoutFit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstStartWindowFitsTheScreen();
    void applicationsKeyColumnsAreNotCut();
    void idsAreCutInTheMiddleWithTheFullIdInTheTooltip();
    void hostsAreNotCut();
    void timeAndUuidColumnsAreNarrow();
    void everyTableRemembersItsColumns();

private:
    QTableView *view(const char *name) const
    {
        return m_window->findChild<QTableView *>(QLatin1String(name));
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<models::OperationJournal> m_journal;
    std::unique_ptr<controller::http::ControllerNode> m_node;
    controller::ControllerCore *m_core = nullptr; ///< the node's
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::ClusterSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
    client::ClusterProfile m_profile;
    QStringList m_appIds;
};

void TestLayoutFit::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("drove-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_layoutfit"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCOMPARE(QGuiApplication::primaryScreen()->size(), screenUnderTest());

    controller::ControllerConfig config;
    config.timeScale = 0.05;
    config.monitorInitialDelayMs = 600000;
    config.monitorPeriodMs = 600000;
    controller::http::NodeSettings node;
    node.controller = config;
    m_node = std::make_unique<controller::http::ControllerNode>(node);
    QString error;
    QVERIFY2(m_node->start(&error), qPrintable(error));
    m_core = m_node->core();
    const quint16 port = m_node->port();
    QVERIFY2(port != 0, qPrintable(error));

    // The first start's sample cluster: ids as long as an operator's, one app busy.
    protocol::ClusterOpSpec fast = protocol::ClusterOpSpec::defaults();
    fast.parallelism = 4;
    const QList<QPair<QString, int>> apps {{QStringLiteral("payments-api"), 3},
                                           {QStringLiteral("ledger-worker"), 0},
                                           {QStringLiteral("checkout-web"), 2}};
    for (const auto &[name, instances] : apps) {
        const auto spec = specNamed(name);
        QVERIFY(spec);
        const auto created = m_core->submit(protocol::ApplicationOperation::create(*spec, 0, fast));
        QVERIFY(created.accepted);
        m_appIds << spec->appId();
        QTRY_VERIFY_WITH_TIMEOUT(!m_core->activeOperation(spec->appId()), kTimeoutMs);
        if (instances > 0) {
            QVERIFY(m_core
                        ->submit(protocol::ApplicationOperation::startInstances(spec->appId(),
                                                                                instances, fast))
                        .accepted);
            QTRY_COMPARE_WITH_TIMEOUT(
                m_core->instances(spec->appId(), {protocol::InstanceState::Healthy}).size(),
                instances, kTimeoutMs);
        }
    }
    // In flight while the window is looked at: a restart one instance at a time, in real
    // time, in the longest state an application has (REPLACE_INSTANCES_REQUESTED).
    m_core->setTimeScale(1.0);
    protocol::ClusterOpSpec slow = protocol::ClusterOpSpec::defaults();
    slow.parallelism = 1;
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::replaceInstances(m_appIds.constFirst(), {},
                                                                          false, slow))
                .accepted);

    m_network = std::make_unique<QNetworkAccessManager>();
    m_profile.id = QStringLiteral("layout");
    m_profile.name = QStringLiteral("layout");
    m_profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
    m_profile.criticality = client::Criticality::Local;
    m_profile.refreshIntervalMs = 200;
    m_journal = std::make_unique<models::OperationJournal>(
        m_settingsDir.filePath(QStringLiteral("operations-journal.jsonl")));
    QVERIFY(m_journal->load());
    m_session = std::make_unique<models::ClusterSession>(m_network.get(), m_profile, true,
                                                         m_journal.get());
    m_window = std::make_unique<ui::MainWindow>(m_journal.get());
    m_window->setSession(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_session->start(m_profile.connectionSettings());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), client::ConnectionState::Connected,
                              kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->applications()->rowCount(), int(m_appIds.size()),
                              kTimeoutMs);
}

void TestLayoutFit::cleanupTestCase()
{
    if (m_core)
        m_core->setTimeScale(0.05);
    m_window.reset();
    m_session.reset();
    m_core = nullptr;
    m_node.reset();
}

void TestLayoutFit::firstStartWindowFitsTheScreen()
{
    // Nothing was remembered: the window took its first-start size from the screen.
    QVERIFY(!QSettings().contains(QStringLiteral("mainWindow/geometry")));
    const QRect available = m_window->screen()->availableGeometry();
    QCOMPARE(available.size(), screenUnderTest());
    const QRect frame = m_window->frameGeometry();
    QVERIFY2(available.contains(frame),
             qPrintable(QStringLiteral("window frame %1,%2 %3×%4 on a %5×%6 screen")
                            .arg(frame.x())
                            .arg(frame.y())
                            .arg(frame.width())
                            .arg(frame.height())
                            .arg(available.width())
                            .arg(available.height())));
    // Room for a window manager's title bar and borders, which the offscreen platform does
    // not draw: at 1366×768 the window was as tall as the screen and its bottom was cut.
    QVERIFY2(
        available.height() - m_window->height() >= 40,
        qPrintable(
            QStringLiteral("height %1 of %2").arg(m_window->height()).arg(available.height())));
    QVERIFY(available.width() - m_window->width() >= 12);
    // And most of the screen: tables want the room.
    QVERIFY(m_window->width() >= available.width() * 85 / 100);
    QVERIFY(m_window->height() >= available.height() * 85 / 100);
}

void TestLayoutFit::applicationsKeyColumnsAreNotCut()
{
    QTableView *apps = view("applicationsView");
    QVERIFY(apps);
    m_window->findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentIndex(0);
    // The restart is under way and the console says so in the Operation column.
    const QString busyApp = m_appIds.constFirst();
    const auto operationText = [&] {
        const QModelIndex index = m_session->applications()->indexOfKey(
            busyApp, models::ApplicationsModel::ActiveOperationColumn);
        return index.data().toString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(operationText().contains(QStringLiteral("·")), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->applications()->application(busyApp)->state,
                              protocol::ApplicationState::ReplaceInstancesRequested, kTimeoutMs);
    QApplication::processEvents();

    QHeaderView *header = apps->horizontalHeader();
    const QFontMetrics metrics = apps->fontMetrics();
    const QFontMetrics badgeMetrics(badgeFont(apps));
    const auto section = [header](int column) {
        return header->sectionSize(column);
    };

    // Every row's id, health and operation (its type and the phase's name, before the detail
    // that may be cut with its full text in the tooltip).
    QAbstractItemModel *model = apps->model();
    QVERIFY(model->rowCount() == int(m_appIds.size()));
    int operations = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString id = model->index(row, AppColumn::IdColumn).data().toString();
        QVERIFY2(metrics.horizontalAdvance(id) <= textRoom(apps, section(AppColumn::IdColumn)),
                 qPrintable(describe(QStringLiteral("id"), id, metrics.horizontalAdvance(id),
                                     textRoom(apps, section(AppColumn::IdColumn)))));
        // The health bar writes its text centred, 3 px inside the cell, without eliding.
        const QString healthy = model->index(row, AppColumn::HealthyColumn).data().toString();
        QVERIFY2(metrics.horizontalAdvance(healthy) <= section(AppColumn::HealthyColumn) - 6,
                 qPrintable(describe(QStringLiteral("healthy"), healthy,
                                     metrics.horizontalAdvance(healthy),
                                     section(AppColumn::HealthyColumn) - 6)));
        const QString operation
            = model->index(row, AppColumn::ActiveOperationColumn).data().toString();
        if (operation.isEmpty())
            continue;
        ++operations;
        const QString start
            = operation.section(QLatin1Char(':'), 0, 0).section(QStringLiteral(" — "), 0, 0);
        QVERIFY2(start.contains(QStringLiteral("REPLACE_INSTANCES · ")), qPrintable(start));
        QVERIFY2(metrics.horizontalAdvance(start)
                     <= textRoom(apps, section(AppColumn::ActiveOperationColumn)),
                 qPrintable(describe(QStringLiteral("operation"), start,
                                     metrics.horizontalAdvance(start),
                                     textRoom(apps, section(AppColumn::ActiveOperationColumn)))));
    }
    QCOMPARE(operations, 1);
    // Every state's badge, not only the ones shown now: the column does not cut any.
    for (const auto state : protocol::allApplicationStates()) {
        const QString name = protocol::toString(state);
        QVERIFY2(
            badgeMetrics.horizontalAdvance(name) <= badgeTextRoom(section(AppColumn::StateColumn)),
            qPrintable(describe(QStringLiteral("state"), name, badgeMetrics.horizontalAdvance(name),
                                badgeTextRoom(section(AppColumn::StateColumn)))));
    }

    // The Operation column is in view without scrolling sideways, beside the state and health;
    // with a vertical scroll bar too (a cluster of many applications has one).
    QCOMPARE(apps->horizontalScrollBar()->value(), 0);
    const int scrollBar = apps->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, apps);
    const int room
        = apps->viewport()->width() - (apps->verticalScrollBar()->isVisible() ? 0 : scrollBar);
    for (const int column : {AppColumn::IdColumn, AppColumn::StateColumn, AppColumn::HealthyColumn,
                             AppColumn::ActiveOperationColumn}) {
        const int left = header->sectionViewportPosition(column);
        QVERIFY2(left >= 0 && left + section(column) <= room,
                 qPrintable(QStringLiteral("column %1 at %2..%3, view %4")
                                .arg(column)
                                .arg(left)
                                .arg(left + section(column))
                                .arg(room)));
    }
    if (!qEnvironmentVariableIsEmpty("DROVE_UI_SCREENSHOT_DIR"))
        m_window->grab().save(qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR")
                              + QStringLiteral("/layout-%1x%2.png")
                                    .arg(screenUnderTest().width())
                                    .arg(screenUnderTest().height()));
}

void TestLayoutFit::idsAreCutInTheMiddleWithTheFullIdInTheTooltip()
{
    // Instance ids (AI-<uuid>) in the detail panel: the start and the distinguishing end stay.
    QVERIFY(m_window->selectApplication(m_appIds.constFirst()));
    QTableView *instances = view("instancesView");
    QTRY_VERIFY_WITH_TIMEOUT(instances->model()->rowCount() > 0, kTimeoutMs);
    QApplication::processEvents();
    const QModelIndex first
        = instances->model()->index(0, models::InstancesModel::InstanceIdColumn);
    const QString id = first.data().toString();
    QVERIFY(id.startsWith(QStringLiteral("AI-")));
    auto *delegate
        = qobject_cast<ui::ElidingItemDelegate *>(instances->itemDelegateForIndex(first));
    QVERIFY(delegate);
    QCOMPARE(delegate->elideMode(), Qt::ElideMiddle);
    const int room = textRoom(
        instances,
        instances->horizontalHeader()->sectionSize(models::InstancesModel::InstanceIdColumn));
    QVERIFY2(instances->fontMetrics().horizontalAdvance(id) > room,
             "the id column is wide enough for a whole UUID: not narrow");
    const QString shown = instances->fontMetrics().elidedText(id, Qt::ElideMiddle, room);
    QVERIFY(shown.startsWith(QStringLiteral("AI-")) && shown.contains(QChar(0x2026))
            && shown.endsWith(id.right(2)));
    // Hovering the cut id shows it whole.
    const QRect cell = instances->visualRect(first);
    QHelpEvent help(QEvent::ToolTip, cell.center(),
                    instances->viewport()->mapToGlobal(cell.center()));
    QApplication::sendEvent(instances->viewport(), &help);
    QTRY_COMPARE(QToolTip::text(), id);
    QToolTip::hideText();

    // The same delegate on every other id column.
    const auto middle = [](QTableView *table, int column) {
        auto *d = qobject_cast<ui::ElidingItemDelegate *>(table->itemDelegateForColumn(column));
        return d && d->elideMode() == Qt::ElideMiddle;
    };
    QVERIFY(middle(instances, models::InstancesModel::ExecutorColumn));
    QVERIFY(middle(view("oldInstancesView"), models::InstancesModel::InstanceIdColumn));
    QVERIFY(middle(view("applicationsView"), AppColumn::IdColumn));
    QVERIFY(middle(view("executorsView"), models::ExecutorsModel::ExecutorIdColumn));
    QVERIFY(middle(view("eventsView"), models::EventsModel::SubjectColumn));
    QVERIFY(middle(view("appEventsView"), models::EventsModel::SubjectColumn));
}

void TestLayoutFit::hostsAreNotCut()
{
    // Where an instance runs, in the detail panel and in the Executors tab ("host:port").
    const auto check = [](QTableView *table, int column) {
        QStringList problems;
        const int room = textRoom(table, table->horizontalHeader()->sectionSize(column));
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QString host = table->model()->index(row, column).data().toString();
            const int advance = table->fontMetrics().horizontalAdvance(host);
            if (advance > room)
                problems << describe(table->objectName(), host, advance, room);
        }
        return problems.join(QStringLiteral("; "));
    };
    QVERIFY(m_window->selectApplication(m_appIds.constFirst()));
    QTableView *instances = view("instancesView");
    QTRY_VERIFY_WITH_TIMEOUT(instances->model()->rowCount() > 0, kTimeoutMs);
    QString problems = check(instances, models::InstancesModel::HostColumn);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QTableView *executors = view("executorsView");
    QTRY_COMPARE_WITH_TIMEOUT(executors->model()->rowCount(), int(m_core->executors().size()),
                              kTimeoutMs);
    problems = check(executors, models::ExecutorsModel::HostColumn);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestLayoutFit::timeAndUuidColumnsAreNarrow()
{
    // Times show the time of day and the day; a year-old date is cut (tooltip), not the room
    // of every other column taken. UUIDs (executor ids) likewise.
    const auto atMost = [](QTableView *table, int column, const QString &widest) {
        const int size = table->horizontalHeader()->sectionSize(column);
        const int limit = table->fontMetrics().horizontalAdvance(widest)
            + 2 * table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
        return size <= limit ? QString()
                             : QStringLiteral("%1 column %2: %3 px > %4")
                                   .arg(table->objectName())
                                   .arg(column)
                                   .arg(size)
                                   .arg(limit);
    };
    const QString time = QStringLiteral("23:59:59, 31 Dec 2025");
    const QString uuid = QStringLiteral("5e67193f-8c8a");
    QStringList problems {
        atMost(view("applicationsView"), AppColumn::CreatedColumn, time),
        atMost(view("applicationsView"), AppColumn::UpdatedColumn, time),
        atMost(view("instancesView"), models::InstancesModel::CreatedColumn, time),
        atMost(view("instancesView"), models::InstancesModel::UpdatedColumn, time),
        atMost(view("instancesView"), models::InstancesModel::ExecutorColumn, uuid),
        atMost(view("instancesView"), models::InstancesModel::InstanceIdColumn,
               QStringLiteral("AI-") + uuid),
        atMost(view("eventsView"), models::EventsModel::TimeColumn, time),
        atMost(view("executorsView"), models::ExecutorsModel::ExecutorIdColumn, uuid),
    };
    problems.removeAll(QString());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
}

void TestLayoutFit::everyTableRemembersItsColumns()
{
    // An operator widens a column in each table; a new window (the next start) has them.
    const QList<QPair<const char *, int>> tables {
        {"applicationsView", AppColumn::NameColumn},
        {"instancesView", models::InstancesModel::ErrorColumn},
        {"oldInstancesView", models::InstancesModel::HostColumn},
        {"appEventsView", models::EventsModel::TypeColumn},
        {"eventsView", models::EventsModel::AppColumn},
        {"executorsView", models::ExecutorsModel::TagsColumn},
        {"executorInstancesView", models::ExecutorInstancesModel::PortsColumn},
        {"operationsView", models::OperationsModel::AppColumn},
        {"journalView", models::OperationJournalModel::AppColumn},
    };
    QHash<QString, int> widths;
    for (const auto &[name, column] : tables) {
        QTableView *table = view(name);
        QVERIFY2(table, name);
        QVERIFY2(table->horizontalHeader()->count() > 0, name);
        const int width = table->horizontalHeader()->sectionSize(column) + 37;
        table->horizontalHeader()->resizeSection(column, width);
        widths.insert(QLatin1String(name), width);
    }
    // Written shortly after the change, without the window closing: the last table's state is
    // in the settings once its save timer ran...
    const QString lastKey
        = ui::HeaderMemory::settingsGroup() + QStringLiteral("/executorInstancesColumns");
    const QByteArray before = QSettings().value(lastKey).toByteArray();
    QTRY_VERIFY(QSettings().value(lastKey).toByteArray() != before);
    // ...and the others' timers may not have run yet on a loaded machine (this test failed
    // once under load): what a closing window would write, written now.
    for (auto *memory : m_window->findChildren<ui::HeaderMemory *>())
        memory->flush();

    models::OperationJournal journal(m_settingsDir.filePath(QStringLiteral("other.jsonl")));
    models::ClusterSession idle(m_network.get(), m_profile, true, &journal);
    ui::MainWindow again(&journal);
    again.setSession(&idle);
    for (const auto &[name, column] : tables) {
        QTableView *table = again.findChild<QTableView *>(QLatin1String(name));
        QVERIFY2(table, name);
        QCOMPARE(table->horizontalHeader()->sectionSize(column), widths.value(QLatin1String(name)));
    }
    // The applications table's order is remembered too: the Operation column stays in view.
    QHeaderView *header
        = again.findChild<QTableView *>(QStringLiteral("applicationsView"))->horizontalHeader();
    QCOMPARE(header->visualIndex(AppColumn::ActiveOperationColumn),
             view("applicationsView")
                 ->horizontalHeader()
                 ->visualIndex(AppColumn::ActiveOperationColumn));
    QVERIFY(header->visualIndex(AppColumn::ActiveOperationColumn)
            < header->visualIndex(AppColumn::CpusColumn));
    again.setSession(nullptr);
}

int main(int argc, char *argv[])
{
    // One offscreen screen of the size under test, before the application exists.
    QTemporaryDir configDir;
    const QSize screen = screenUnderTest();
    const QJsonObject config {
        {QStringLiteral("synchronousWindowSystemEvents"), false},
        {QStringLiteral("windowFrameMargins"), true},
        {QStringLiteral("screens"),
         QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("test")},
                                  {QStringLiteral("x"), 0},
                                  {QStringLiteral("y"), 0},
                                  {QStringLiteral("width"), screen.width()},
                                  {QStringLiteral("height"), screen.height()},
                                  {QStringLiteral("logicalDpi"), 96},
                                  {QStringLiteral("logicalBaseDpi"), 96},
                                  {QStringLiteral("dpr"), 1}}}},
    };
    const QString path = configDir.filePath(QStringLiteral("screens.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) < 0)
        return 2;
    file.close();
    qputenv("QT_QPA_PLATFORM",
            QByteArrayLiteral("offscreen:configfile=") + QFile::encodeName(path));
    QApplication app(argc, argv);
    TestLayoutFit test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_layoutfit.moc"
