#include "ui/mainwindow.h"

#include "client/droveclient.h"
#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/clusteroverview.h"
#include "models/eventfilterproxymodel.h"
#include "models/eventsmodel.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"
#include "ui/clusterbar.h"
#include "ui/logviewwidget.h"
#include "ui/progressbardelegate.h"
#include "ui/statebadgedelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace drove::ui {

using protocol::ApplicationState;

namespace {

QTableView *makeTable(QWidget *parent, const QString &objectName, QAbstractItemModel *model,
                      QAbstractItemView::SelectionMode selection)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(selection);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

MainWindow::MainWindow(client::DroveClient *client, client::SyncEngine *sync, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_sync(sync)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Drove console"));
    buildModels();
    buildUi();
    buildMenus();
    wireSync();
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildModels()
{
    m_appsModel = new models::ApplicationsModel(this);
    m_appsProxy = new models::ApplicationFilterProxyModel(this);
    m_appsProxy->setSourceModel(m_appsModel);
    m_appsProxy->setSortRole(models::SortRole);
    m_instancesModel = new models::InstancesModel(this);
    m_instancesModel->setMode(models::InstancesModel::Mode::Active);
    m_oldInstancesModel = new models::InstancesModel(this);
    m_oldInstancesModel->setMode(models::InstancesModel::Mode::Old);
    m_executorsModel = new models::ExecutorsModel(this);
    m_eventsModel = new models::EventsModel(this);
    m_appEventsProxy = new models::EventFilterProxyModel(this);
    m_appEventsProxy->setSourceModel(m_eventsModel);
    m_overview = new models::ClusterOverview(this);
    m_tracker = new models::OperationTracker(this);
    m_appsModel->setOperationTracker(m_tracker);
    m_operationsModel = new models::OperationsModel(this);
    m_operationsModel->setTracker(m_tracker);
    m_actions = new ApplicationActions(this);
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_clusterBar = new ClusterBar(central);
    m_clusterBar->setObjectName(QStringLiteral("clusterBar"));
    m_clusterBar->setOverview(m_overview);
    layout->addWidget(m_clusterBar);

    m_mainTabs = new QTabWidget(central);
    m_mainTabs->setObjectName(QStringLiteral("mainTabs"));
    m_mainTabs->addTab(buildApplicationsPage(), QIcon(QStringLiteral(":/icons/app.svg")),
                       tr("&Applications"));
    m_mainTabs->addTab(buildExecutorsPage(), QIcon(QStringLiteral(":/icons/executor.svg")),
                       tr("E&xecutors"));
    m_mainTabs->addTab(buildEventsPage(), QIcon(QStringLiteral(":/icons/events.svg")),
                       tr("Cluster &events"));
    layout->addWidget(m_mainTabs, 1);
    setCentralWidget(central);
    buildOperationsDock();

    connect(m_clusterBar, &ClusterBar::profileSelected, this, &MainWindow::profileSwitchRequested);
    connect(m_actions, &ApplicationActions::actionTriggered, this,
            [this](ApplicationActions::Action action, const QString &) { runAction(action); });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/cluster.svg")), this);
        m_tray->setToolTip(windowTitle());
        m_tray->show();
    }
    statusBar()->showMessage(tr("Not connected"));
}

QWidget *MainWindow::buildApplicationsPage()
{
    m_appSplitter = new QSplitter(Qt::Horizontal);
    m_appSplitter->setObjectName(QStringLiteral("appSplitter"));

    auto *listPanel = new QWidget(m_appSplitter);
    auto *listLayout = new QVBoxLayout(listPanel);
    auto *filterRow = new QHBoxLayout;
    m_searchEdit = new QLineEdit(listPanel);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search applications (Ctrl+F)"));
    m_searchEdit->setClearButtonEnabled(true);
    m_stateFacet = new QComboBox(listPanel);
    m_stateFacet->setObjectName(QStringLiteral("stateFacetCombo"));
    m_stateFacet->addItem(tr("All states"));
    m_stateFacet->addItem(tr("Running"), int(ApplicationState::Running));
    m_stateFacet->addItem(tr("Monitoring (no instances)"), int(ApplicationState::Monitoring));
    m_stateFacet->addItem(tr("Operation in progress"), -1);
    filterRow->addWidget(m_searchEdit, 1);
    filterRow->addWidget(m_stateFacet);
    listLayout->addLayout(filterRow);
    m_appsView = makeTable(listPanel, QStringLiteral("applicationsView"), m_appsProxy,
                           QAbstractItemView::SingleSelection);
    m_appsView->setItemDelegateForColumn(models::ApplicationsModel::StateColumn,
                                         new StateBadgeDelegate(m_appsView));
    m_appsView->setItemDelegateForColumn(
        models::ApplicationsModel::HealthyColumn,
        new ProgressBarDelegate(models::HealthyFractionRole, m_appsView));
    m_appsView->sortByColumn(models::ApplicationsModel::IdColumn, Qt::AscendingOrder);
    m_appsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_appsView->addActions(m_actions->actions());
    listLayout->addWidget(m_appsView, 1);

    m_appSplitter->addWidget(listPanel);
    m_appSplitter->addWidget(buildDetailPanel());
    m_appSplitter->setStretchFactor(0, 3);
    m_appSplitter->setStretchFactor(1, 2);

    auto *findAction = new QAction(tr("Find"), this);
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        m_mainTabs->setCurrentIndex(0);
        m_searchEdit->setFocus();
        m_searchEdit->selectAll();
    });
    addAction(findAction);
    connect(m_searchEdit, &QLineEdit::textChanged, m_appsProxy,
            &models::ApplicationFilterProxyModel::setFilterText);
    connect(m_stateFacet, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant data = m_stateFacet->currentData();
        QList<ApplicationState> states;
        if (data.isValid() && data.toInt() >= 0) {
            states << ApplicationState(data.toInt());
        } else if (data.isValid()) {
            for (const auto state : protocol::allApplicationStates()) {
                if (!protocol::isParked(state) && !protocol::isTerminal(state))
                    states << state;
            }
        }
        m_appsProxy->setAllowedStates(states);
    });
    connect(m_appsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onApplicationSelectionChanged);
    return m_appSplitter;
}

QWidget *MainWindow::buildDetailPanel()
{
    auto *panel = new QWidget;
    panel->setObjectName(QStringLiteral("detailPanel"));
    auto *layout = new QVBoxLayout(panel);
    m_appSummary = new QLabel(panel);
    m_appSummary->setObjectName(QStringLiteral("appSummaryLabel"));
    m_appSummary->setTextFormat(Qt::RichText);
    m_appSummary->setWordWrap(true);
    m_appSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_appSummary);

    auto *toolBar = new QToolBar(panel);
    toolBar->setObjectName(QStringLiteral("appToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addActions(m_actions->actions().mid(1));
    layout->addWidget(toolBar);

    m_detailTabs = new QTabWidget(panel);
    m_detailTabs->setObjectName(QStringLiteral("detailTabs"));
    m_instancesView = makeTable(m_detailTabs, QStringLiteral("instancesView"), m_instancesModel,
                                QAbstractItemView::ExtendedSelection);
    m_instancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                              new StateBadgeDelegate(m_instancesView));
    m_instancesView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_instancesView->addAction(m_actions->action(ApplicationActions::Action::StopSelected));
    m_instancesView->addAction(m_actions->action(ApplicationActions::Action::Restart));
    auto *logsAction = new QAction(tr("Show &logs"), m_instancesView);
    logsAction->setObjectName(QStringLiteral("showLogsAction"));
    connect(logsAction, &QAction::triggered, this, [this] {
        const QStringList ids = selectedInstanceIds();
        if (!ids.isEmpty())
            showInstanceLogs(ids.first());
    });
    m_instancesView->addAction(logsAction);
    connect(m_instancesView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        showInstanceLogs(index.data(models::InstanceIdRole).toString());
    });
    m_oldInstancesView = makeTable(m_detailTabs, QStringLiteral("oldInstancesView"),
                                   m_oldInstancesModel, QAbstractItemView::ExtendedSelection);
    m_oldInstancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                                 new StateBadgeDelegate(m_oldInstancesView));

    auto *specPage = new QWidget(m_detailTabs);
    auto *specLayout = new QVBoxLayout(specPage);
    m_specView = new QPlainTextEdit(specPage);
    m_specView->setObjectName(QStringLiteral("specView"));
    m_specView->setReadOnly(true);
    m_specView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *copySpec
        = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy spec"), specPage);
    copySpec->setObjectName(QStringLiteral("copySpecButton"));
    connect(copySpec, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_specView->toPlainText()); });
    specLayout->addWidget(m_specView, 1);
    specLayout->addWidget(copySpec, 0, Qt::AlignLeft);

    m_appEventsView = makeTable(m_detailTabs, QStringLiteral("appEventsView"), m_appEventsProxy,
                                QAbstractItemView::ExtendedSelection);
    m_appEventsView->setSortingEnabled(false);

    m_detailTabs->addTab(m_instancesView, tr("&Instances"));
    m_detailTabs->addTab(m_oldInstancesView, tr("&Old instances"));
    m_detailTabs->addTab(specPage, tr("S&pec"));
    m_detailTabs->addTab(m_appEventsView, tr("E&vents"));
    m_logView = new LogViewWidget(m_client, m_detailTabs);
    m_detailTabs->addTab(m_logView, tr("&Logs"));
    layout->addWidget(m_detailTabs, 1);

    connect(m_instancesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_actions->setSelectedInstanceCount(int(selectedInstanceIds().size())); });
    return panel;
}

QWidget *MainWindow::buildExecutorsPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *toolBar = new QToolBar(page);
    toolBar->setObjectName(QStringLiteral("executorsToolBar"));
    auto *blacklist = toolBar->addAction(QIcon(QStringLiteral(":/icons/blacklist.svg")),
                                         tr("Blacklist selected"));
    blacklist->setObjectName(QStringLiteral("actionBlacklist"));
    blacklist->setToolTip(tr("Stop placing instances on the selected executors and move their "
                             "instances away (needs the maintenance role)"));
    auto *unblacklist = toolBar->addAction(tr("Unblacklist selected"));
    unblacklist->setObjectName(QStringLiteral("actionUnblacklist"));
    connect(blacklist, &QAction::triggered, this, [this] { blacklistSelected(true); });
    connect(unblacklist, &QAction::triggered, this, [this] { blacklistSelected(false); });
    layout->addWidget(toolBar);
    m_executorsView = makeTable(page, QStringLiteral("executorsView"), m_executorsModel,
                                QAbstractItemView::ExtendedSelection);
    m_executorsView->setItemDelegateForColumn(models::ExecutorsModel::StateColumn,
                                              new StateBadgeDelegate(m_executorsView));
    layout->addWidget(m_executorsView, 1);
    return page;
}

QWidget *MainWindow::buildEventsPage()
{
    m_eventsView = makeTable(nullptr, QStringLiteral("eventsView"), m_eventsModel,
                             QAbstractItemView::ExtendedSelection);
    m_eventsView->setSortingEnabled(false);
    return m_eventsView;
}

void MainWindow::buildOperationsDock()
{
    auto *dock = new QDockWidget(tr("Operations"), this);
    dock->setObjectName(QStringLiteral("operationsDock"));
    auto *panel = new QWidget(dock);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(2, 2, 2, 2);
    m_operationsView = makeTable(panel, QStringLiteral("operationsView"), m_operationsModel,
                                 QAbstractItemView::SingleSelection);
    m_operationsView->setItemDelegateForColumn(
        models::OperationsModel::ProgressColumn,
        new ProgressBarDelegate(models::ProgressRole, m_operationsView));
    m_operationsView->sortByColumn(models::OperationsModel::AcceptedColumn, Qt::DescendingOrder);
    auto *cancel = new QPushButton(QIcon(QStringLiteral(":/icons/cancel.svg")),
                                   tr("Cancel selected operation"), panel);
    cancel->setObjectName(QStringLiteral("cancelOperationButton"));
    connect(cancel, &QPushButton::clicked, this, &MainWindow::cancelSelectedOperation);
    layout->addWidget(m_operationsView, 1);
    layout->addWidget(cancel, 0, Qt::AlignLeft);
    dock->setWidget(panel);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
}

void MainWindow::buildMenus()
{
    m_clusterMenu = menuBar()->addMenu(tr("&Cluster"));
    auto *connectAction = m_clusterMenu->addAction(QIcon(QStringLiteral(":/icons/connect.svg")),
                                                   tr("&Connect to cluster…"));
    connectAction->setObjectName(QStringLiteral("actionConnect"));
    connect(connectAction, &QAction::triggered, this, &MainWindow::connectRequested);
    m_refreshAction
        = m_clusterMenu->addAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Refresh"));
    m_refreshAction->setObjectName(QStringLiteral("actionRefresh"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        if (m_sync)
            m_sync->requestFullResync();
    });
    m_maintenanceAction = m_clusterMenu->addAction(QIcon(QStringLiteral(":/icons/maintenance.svg")),
                                                   tr("&Maintenance mode"));
    m_maintenanceAction->setObjectName(QStringLiteral("actionMaintenance"));
    m_maintenanceAction->setCheckable(true);
    m_maintenanceAction->setToolTip(tr("Reject operations cluster-wide while executors are "
                                       "serviced (needs the maintenance role)"));
    connect(m_maintenanceAction, &QAction::triggered, this, &MainWindow::setMaintenance);
    connect(m_overview, &models::ClusterOverview::summaryChanged, this,
            [this] { m_maintenanceAction->setChecked(m_overview->maintenance()); });
    m_clusterMenu->addSeparator();
    auto *quit = m_clusterMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *appMenu = menuBar()->addMenu(tr("&Application"));
    appMenu->addActions(m_actions->actions());
    addActions(m_actions->actions());

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    for (auto *dock : findChildren<QDockWidget *>())
        viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::addEmbeddedMenu(QMenu *menu)
{
    menuBar()->insertMenu(menuBar()->actions().value(2), menu);
}

void MainWindow::setCluster(const client::ClusterProfile &profile, bool embedded)
{
    m_profile = profile;
    m_embedded = embedded;
    m_clusterBar->setCluster(profile.name, profile.criticality, embedded);
    setWindowTitle(tr("%1 — Drove console").arg(profile.name));
    // Another cluster: nothing of the previous one may linger.
    m_specs.clear();
    m_executors.clear();
    m_appsModel->clear();
    m_executorsModel->clear();
    m_eventsModel->clear();
    m_overview->clear();
    m_currentAppId.clear();
    m_instancesModel->setApplication(QString());
    m_oldInstancesModel->setApplication(QString());
    m_logView->setApplication(QString());
    m_specView->clear();
    m_actions->clearForbidden();
    updateDetail();
}

void MainWindow::setProfiles(const QList<client::ClusterProfile> &profiles,
                             const QString &currentId)
{
    m_clusterBar->setProfiles(profiles, currentId);
}

void MainWindow::wireSync()
{
    if (!m_sync)
        return;
    using client::SyncEngine;
    connect(m_sync, &SyncEngine::applicationsSynced, this,
            [this](const QList<protocol::AppSummary> &apps) {
                m_appsModel->applyApplications(apps);
                m_tracker->applicationsSynced(apps);
                selectPendingApplication();
                updateDetail();
            });
    connect(m_sync, &SyncEngine::applicationUpdated, this, [this](const protocol::AppSummary &app) {
        m_appsModel->updateApplication(app);
        m_tracker->applicationUpdated(app);
        selectPendingApplication();
        if (app.id == m_currentAppId)
            updateDetail();
    });
    connect(m_sync, &SyncEngine::applicationRemoved, this, [this](const QString &appId) {
        m_appsModel->removeApplication(appId);
        m_tracker->applicationRemoved(appId);
        if (appId == m_currentAppId)
            updateDetail();
    });
    connect(m_sync, &SyncEngine::instancesSynced, this,
            [this](const QString &appId, const QList<protocol::InstanceInfo> &instances) {
                m_tracker->instancesSynced(appId, instances);
                if (appId == m_currentAppId) {
                    m_instancesModel->applyActiveInstances(appId, instances);
                    updateLogInstances();
                }
            });
    connect(m_sync, &SyncEngine::oldInstancesSynced, this,
            [this](const QString &appId, const QList<protocol::InstanceInfo> &instances) {
                if (appId == m_currentAppId)
                    m_oldInstancesModel->applyOldInstances(appId, instances);
            });
    connect(m_sync, &SyncEngine::clusterSynced, m_overview, &models::ClusterOverview::setSummary);
    connect(m_sync, &SyncEngine::executorsSynced, this,
            [this](const QList<protocol::ExecutorSummary> &executors) {
                m_executors = executors;
                m_executorsModel->applyExecutors(executors);
            });
    connect(m_sync, &SyncEngine::eventsReceived, this,
            [this](const QList<protocol::DroveEvent> &events) {
                m_eventsModel->addEvents(events);
                m_tracker->eventsReceived(events);
            });
    connect(m_sync, &SyncEngine::connectionStateChanged, this,
            [this](SyncEngine::ConnectionState state, const QDateTime &lastSuccess) {
                m_clusterBar->setConnectionState(state, lastSuccess);
                m_overview->setStale(state == SyncEngine::ConnectionState::Stale, lastSuccess);
                m_actions->setConnected(state == SyncEngine::ConnectionState::Connected);
                if (state == SyncEngine::ConnectionState::Connected)
                    statusBar()->clearMessage();
            });
    connect(m_sync, &SyncEngine::syncFailed, this, [this](const client::ApiError &error) {
        statusBar()->showMessage(error.title() + QStringLiteral(": ") + error.userText());
    });
    connect(m_tracker, &models::OperationTracker::operationUpdated, this,
            [this](const models::TrackedOperation &op) {
                if (op.appId == m_currentAppId)
                    updateActions();
            });
    connect(m_tracker, &models::OperationTracker::operationFinished, this,
            &MainWindow::onOperationFinished);
    m_actions->setConnected(m_sync->connectionState() == SyncEngine::ConnectionState::Connected);
}

bool MainWindow::selectApplication(const QString &appId)
{
    auto find = [this, &appId]() -> QModelIndex {
        for (int row = 0; row < m_appsProxy->rowCount(); ++row) {
            const QModelIndex index = m_appsProxy->index(row, 0);
            if (index.data(models::AppIdRole).toString() == appId)
                return index;
        }
        return {};
    };
    QModelIndex index = find();
    if (!index.isValid()) {
        m_searchEdit->clear();
        m_stateFacet->setCurrentIndex(0);
        index = find();
    }
    if (!index.isValid())
        return false;
    m_appsView->selectionModel()->select(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_appsView->scrollTo(index);
    return true;
}

void MainWindow::selectPendingApplication()
{
    if (!m_pendingSelection.isEmpty() && m_appsModel->application(m_pendingSelection)) {
        const QString appId = std::exchange(m_pendingSelection, QString());
        selectApplication(appId);
    }
}

QStringList MainWindow::selectedInstanceIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_instancesView->selectionModel()->selectedRows())
        ids << index.data(models::InstanceIdRole).toString();
    return ids;
}

void MainWindow::updateLogInstances()
{
    QStringList ids;
    for (int row = 0; row < m_instancesModel->rowCount(); ++row)
        ids << m_instancesModel->index(row, 0).data(models::InstanceIdRole).toString();
    m_logView->setInstances(ids);
}

bool MainWindow::showInstanceLogs(const QString &instanceId)
{
    updateLogInstances();
    if (instanceId.isEmpty() || !m_logView->showInstance(instanceId))
        return false;
    m_detailTabs->setCurrentWidget(m_logView);
    return true;
}

void MainWindow::onApplicationSelectionChanged()
{
    const QModelIndexList rows = m_appsView->selectionModel()->selectedRows();
    const QString appId
        = rows.isEmpty() ? QString() : rows.first().data(models::AppIdRole).toString();
    if (appId == m_currentAppId)
        return;
    m_currentAppId = appId;
    m_instancesModel->setApplication(appId);
    m_oldInstancesModel->setApplication(appId);
    m_logView->setApplication(appId);
    updateLogInstances();
    m_appEventsProxy->setAppId(appId.isEmpty() ? QStringLiteral("\x01") : appId);
    if (m_sync)
        m_sync->setInstancesScope(appId, true);
    m_specView->clear();
    if (!appId.isEmpty())
        fetchSpec(appId);
    updateDetail();
}

void MainWindow::fetchSpec(const QString &appId)
{
    if (!m_client)
        return;
    m_client->applicationSpec(
        appId, this, [this, appId](const client::Result<protocol::ApplicationSpec> &result) {
            if (!result) {
                if (appId == m_currentAppId)
                    m_specView->setPlainText(result.error().userText());
                return;
            }
            m_specs.insert(appId, result.value());
            if (appId == m_currentAppId)
                m_specView->setPlainText(
                    QString::fromUtf8(QJsonDocument(result.value().toJson()).toJson()));
        });
}

void MainWindow::updateDetail()
{
    const auto app = m_appsModel->application(m_currentAppId);
    if (!app) {
        m_appSummary->setText(
            m_currentAppId.isEmpty()
                ? tr("Select an application.")
                : tr("<b>%1</b> no longer exists.").arg(m_currentAppId.toHtmlEscaped()));
    } else {
        const QString state = app->state ? protocol::toString(*app->state) : tr("unknown");
        m_appSummary->setText(tr("<b>%1</b> &nbsp; %2 &nbsp; healthy %3 of %4 required &nbsp; "
                                 "%5 cores, %6 MB")
                                  .arg(app->id.toHtmlEscaped(), state)
                                  .arg(app->healthyInstances)
                                  .arg(app->requiredInstances)
                                  .arg(app->totalCPUs)
                                  .arg(app->totalMemory));
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const auto app = m_appsModel->application(m_currentAppId);
    m_actions->setApplication(app ? m_currentAppId : QString(), app ? app->state : std::nullopt);
    const auto active = m_tracker->activeOperation(m_currentAppId);
    m_actions->setActiveOperation(active ? std::optional(active->type) : std::nullopt);
    m_actions->setSelectedInstanceCount(int(selectedInstanceIds().size()));
}

void MainWindow::onOperationFinished(const models::TrackedOperation &operation)
{
    const QString text
        = tr("%1 on %2: %3")
              .arg(models::TrackedOperation::typeName(operation.type), operation.appId,
                   models::TrackedOperation::outcomeName(operation.outcome));
    statusBar()->showMessage(text, 10000);
    if (m_tray && !isActiveWindow())
        m_tray->showMessage(tr("Operation finished"),
                            operation.outcomeReason.isEmpty()
                                ? text
                                : text + QLatin1Char('\n') + operation.outcomeReason,
                            operation.outcome == models::TrackedOperation::Outcome::Completed
                                ? QSystemTrayIcon::Information
                                : QSystemTrayIcon::Warning);
    if (operation.appId == m_currentAppId)
        updateActions();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_appSplitter->restoreState(settings.value(QStringLiteral("appSplitter")).toByteArray());
    m_appsView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("applicationsHeader")).toByteArray());
    m_instancesView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("instancesHeader")).toByteArray());
    if (!settings.contains(QStringLiteral("geometry")))
        resize(1280, 800);
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("appSplitter"), m_appSplitter->saveState());
    settings.setValue(QStringLiteral("applicationsHeader"),
                      m_appsView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("instancesHeader"),
                      m_instancesView->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace drove::ui
