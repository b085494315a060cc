// MainWindow: building the window (pages, docks, menus). Feeding and selection live in
// mainwindowsync.cpp, what happens when the operator acts in mainwindowoperations.cpp.
#include "ui/mainwindow.h"

#include "client/droveclient.h"
#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/clusteroverview.h"
#include "models/clustersession.h"
#include "models/eventfilterproxymodel.h"
#include "models/eventsmodel.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/instancefilterproxymodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationjournalmodel.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "ui/clusterbar.h"
#include "ui/logviewwidget.h"
#include "ui/progressbardelegate.h"
#include "ui/statebadgedelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
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

/// A facet list of instance states: "All" then each state (item data: the state as int).
QComboBox *makeInstanceFacet(QWidget *parent, const QString &objectName, const QString &allText,
                             const QList<protocol::InstanceState> &states)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    combo->addItem(allText);
    for (const auto state : states)
        combo->addItem(protocol::toString(state), int(state));
    return combo;
}

/// A proxy that only sorts, on raw values.
QSortFilterProxyModel *sortingProxy(QAbstractItemModel *source, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(models::SortRole);
    proxy->setDynamicSortFilter(true);
    return proxy;
}

} // namespace

QList<protocol::InstanceState> MainWindow::oldInstanceStates()
{
    QList<protocol::InstanceState> states;
    for (const auto state : protocol::allInstanceStates()) {
        if (protocol::isOld(state))
            states << state;
    }
    return states;
}

MainWindow::MainWindow(client::DroveClient *client, client::SyncEngine *sync,
                       models::OperationJournal *journal, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_sync(sync)
    , m_journal(journal)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Drove console"));
    QString journalError;
    if (!m_journal) {
        m_journal = new models::OperationJournal(QString(), this);
        if (!m_journal->load(&journalError))
            journalError = tr("Operations journal: %1").arg(journalError);
    }
    buildModels();
    buildUi();
    buildMenus();
    wireSync();
    restoreSettings();
    updateActions();
    updateAppFacets();
    updateInstanceFacets();
    if (!journalError.isEmpty())
        statusBar()->showMessage(journalError, 15000);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildModels()
{
    m_session = new models::ClusterSession(m_client, m_sync, m_journal, this);
    m_appsProxy = new models::ApplicationFilterProxyModel(this);
    m_appsProxy->setSourceModel(m_session->applications());
    // One instances model for the app (active and old); the tabs are two views of it.
    m_instancesProxy = new models::InstanceFilterProxyModel(this);
    m_instancesProxy->setSourceModel(m_session->instances());
    m_instancesProxy->setAllowedStates(protocol::activeInstanceStates());
    m_oldInstancesProxy = new models::InstanceFilterProxyModel(this);
    m_oldInstancesProxy->setSourceModel(m_session->instances());
    m_oldInstancesProxy->setAllowedStates(oldInstanceStates());
    m_executorsProxy = sortingProxy(m_session->executors(), this);
    m_executorInstancesProxy = sortingProxy(m_session->executorInstances(), this);
    m_appEventsProxy = new models::EventFilterProxyModel(this);
    m_appEventsProxy->setSourceModel(m_session->events());
    m_journalModel = new models::OperationJournalModel(this);
    m_journalModel->setJournal(m_journal);
    m_actions = new ApplicationActions(this);
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_clusterBar = new ClusterBar(central);
    m_clusterBar->setObjectName(QStringLiteral("clusterBar"));
    m_clusterBar->setOverview(m_session->overview());
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

    // Executor details cost a request per executor: only while someone looks at them.
    connect(m_mainTabs, &QTabWidget::currentChanged, this, [this] {
        m_session->setExecutorDetailsEnabled(m_mainTabs->currentWidget() == m_executorsPage);
    });
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
    // Facets: every state of the protocol plus "operation in progress", each with its count.
    m_stateFacet = new QComboBox(listPanel);
    m_stateFacet->setObjectName(QStringLiteral("stateFacetCombo"));
    m_stateFacet->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_stateFacet->addItem(tr("All states"));
    for (const auto state : protocol::allApplicationStates())
        m_stateFacet->addItem(protocol::toString(state), int(state));
    m_stateFacet->addItem(tr("Operation in progress"), -1);
    filterRow->addWidget(m_searchEdit, 1);
    filterRow->addWidget(m_stateFacet);
    listLayout->addLayout(filterRow);
    m_appsView = makeTable(listPanel, QStringLiteral("applicationsView"), m_appsProxy,
                           QAbstractItemView::SingleSelection);
    m_appsView->setItemDelegateForColumn(models::ApplicationsModel::StateColumn,
                                         new StateBadgeDelegate(m_appsView));
    {
        // First-start widths (a saved header state replaces them): ids like
        // "payments-api-12" and the longest state badge in full.
        QHeaderView *header = m_appsView->horizontalHeader();
        const int em = m_appsView->fontMetrics().horizontalAdvance(QLatin1Char('M'));
        header->resizeSection(models::ApplicationsModel::IdColumn, 13 * em);
        header->resizeSection(models::ApplicationsModel::NameColumn, 10 * em);
        header->resizeSection(models::ApplicationsModel::StateColumn, 14 * em);
    }
    m_appsView->setItemDelegateForColumn(
        models::ApplicationsModel::HealthyColumn,
        new ProgressBarDelegate(models::HealthyFractionRole, m_appsView));
    m_appsView->sortByColumn(models::ApplicationsModel::IdColumn, Qt::AscendingOrder);
    m_appsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_appsView->addActions(m_actions->actions());
    // Shift+click on a header adds a sort key; the filter takes it before QHeaderView does.
    m_appsView->horizontalHeader()->viewport()->installEventFilter(this);
    listLayout->addWidget(m_appsView, 1);
    m_sortLabel = new QLabel(listPanel);
    m_sortLabel->setObjectName(QStringLiteral("sortDescriptionLabel"));
    m_sortLabel->setEnabled(false); // dimmed: a hint, not content
    listLayout->addWidget(m_sortLabel);

    m_appSplitter->addWidget(listPanel);
    m_appSplitter->addWidget(buildDetailPanel());
    m_appSplitter->setStretchFactor(0, 3);
    m_appSplitter->setStretchFactor(1, 2);

    auto *findAction = new QAction(tr("Find"), this);
    findAction->setObjectName(QStringLiteral("actionFind"));
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        m_mainTabs->setCurrentIndex(0);
        m_searchEdit->setFocus();
        m_searchEdit->selectAll();
    });
    addAction(findAction);
    connect(m_searchEdit, &QLineEdit::textChanged, m_appsProxy,
            &models::ApplicationFilterProxyModel::setFilterText);
    connect(m_stateFacet, &QComboBox::currentIndexChanged, this, &MainWindow::applyAppFacet);
    connect(m_appsProxy, &models::ApplicationFilterProxyModel::stateCountsChanged, this,
            &MainWindow::updateAppFacets);
    connect(m_appsProxy, &models::ApplicationFilterProxyModel::sortKeysChanged, this,
            &MainWindow::updateSortDescription);
    connect(m_appsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onApplicationSelectionChanged);
    updateSortDescription();
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

    auto *instancesPage = new QWidget(m_detailTabs);
    auto *instancesLayout = new QVBoxLayout(instancesPage);
    instancesLayout->setContentsMargins(0, 0, 0, 0);
    m_instanceFacet = makeInstanceFacet(instancesPage, QStringLiteral("instanceStateFacetCombo"),
                                        tr("All active"), protocol::activeInstanceStates());
    instancesLayout->addWidget(m_instanceFacet, 0, Qt::AlignLeft);
    m_instancesView = makeTable(instancesPage, QStringLiteral("instancesView"), m_instancesProxy,
                                QAbstractItemView::ExtendedSelection);
    m_instancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                              new StateBadgeDelegate(m_instancesView));
    m_instancesView->sortByColumn(models::InstancesModel::CreatedColumn, Qt::AscendingOrder);
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
    instancesLayout->addWidget(m_instancesView, 1);
    connect(m_instanceFacet, &QComboBox::currentIndexChanged, this,
            &MainWindow::applyInstanceFacet);
    connect(m_instancesProxy, &models::InstanceFilterProxyModel::stateCountsChanged, this,
            &MainWindow::updateInstanceFacets);

    auto *oldPage = new QWidget(m_detailTabs);
    auto *oldLayout = new QVBoxLayout(oldPage);
    oldLayout->setContentsMargins(0, 0, 0, 0);
    m_oldInstanceFacet = makeInstanceFacet(oldPage, QStringLiteral("oldInstanceStateFacetCombo"),
                                           tr("All old"), oldInstanceStates());
    oldLayout->addWidget(m_oldInstanceFacet, 0, Qt::AlignLeft);
    connect(m_oldInstanceFacet, &QComboBox::currentIndexChanged, this,
            &MainWindow::applyInstanceFacet);
    m_oldInstancesView = makeTable(oldPage, QStringLiteral("oldInstancesView"), m_oldInstancesProxy,
                                   QAbstractItemView::ExtendedSelection);
    oldLayout->addWidget(m_oldInstancesView, 1);
    m_oldInstancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                                 new StateBadgeDelegate(m_oldInstancesView));
    m_oldInstancesView->sortByColumn(models::InstancesModel::UpdatedColumn, Qt::DescendingOrder);

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

    m_detailTabs->addTab(instancesPage, tr("&Instances"));
    m_detailTabs->addTab(oldPage, tr("&Old instances"));
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
    m_executorsPage = new QWidget;
    auto *layout = new QVBoxLayout(m_executorsPage);
    auto *toolBar = new QToolBar(m_executorsPage);
    toolBar->setObjectName(QStringLiteral("executorsToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
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

    m_executorSplitter = new QSplitter(Qt::Vertical, m_executorsPage);
    m_executorSplitter->setObjectName(QStringLiteral("executorSplitter"));
    m_executorsView = makeTable(m_executorSplitter, QStringLiteral("executorsView"),
                                m_executorsProxy, QAbstractItemView::ExtendedSelection);
    m_executorsView->setItemDelegateForColumn(models::ExecutorsModel::StateColumn,
                                              new StateBadgeDelegate(m_executorsView));
    m_executorsView->sortByColumn(models::ExecutorsModel::HostColumn, Qt::AscendingOrder);

    auto *lower = new QWidget(m_executorSplitter);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    m_executorInstancesLabel = new QLabel(tr("Select an executor to see its instances."), lower);
    m_executorInstancesLabel->setObjectName(QStringLiteral("executorInstancesLabel"));
    lowerLayout->addWidget(m_executorInstancesLabel);
    m_executorInstancesView
        = makeTable(lower, QStringLiteral("executorInstancesView"), m_executorInstancesProxy,
                    QAbstractItemView::ExtendedSelection);
    m_executorInstancesView->setItemDelegateForColumn(
        models::ExecutorInstancesModel::StateColumn,
        new StateBadgeDelegate(m_executorInstancesView));
    m_executorInstancesView->sortByColumn(models::ExecutorInstancesModel::AppColumn,
                                          Qt::AscendingOrder);
    // Double-click: the instance's application, in the Applications tab.
    connect(m_executorInstancesView, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) {
                if (selectApplication(index.data(models::AppIdRole).toString()))
                    m_mainTabs->setCurrentIndex(0);
            });
    lowerLayout->addWidget(m_executorInstancesView, 1);
    m_executorSplitter->addWidget(m_executorsView);
    m_executorSplitter->addWidget(lower);
    m_executorSplitter->setStretchFactor(0, 3);
    m_executorSplitter->setStretchFactor(1, 2);
    layout->addWidget(m_executorSplitter, 1);

    connect(m_executorsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onExecutorSelectionChanged);
    connect(m_session, &models::ClusterSession::executorDetailsUpdated, this,
            [this](const QString &executorId) {
                if (executorId == m_session->executorInstancesScope())
                    onExecutorSelectionChanged();
            });
    return m_executorsPage;
}

QWidget *MainWindow::buildEventsPage()
{
    m_eventsView = makeTable(nullptr, QStringLiteral("eventsView"), m_session->events(),
                             QAbstractItemView::ExtendedSelection);
    m_eventsView->setSortingEnabled(false);
    return m_eventsView;
}

void MainWindow::buildOperationsDock()
{
    auto *dock = new QDockWidget(tr("Operations"), this);
    dock->setObjectName(QStringLiteral("operationsDock"));
    m_operationsTabs = new QTabWidget(dock);
    m_operationsTabs->setObjectName(QStringLiteral("operationsTabs"));

    auto *current = new QWidget(m_operationsTabs);
    auto *layout = new QVBoxLayout(current);
    layout->setContentsMargins(2, 2, 2, 2);
    m_operationsView = makeTable(current, QStringLiteral("operationsView"),
                                 sortingProxy(m_session->operations(), this),
                                 QAbstractItemView::SingleSelection);
    m_operationsView->setItemDelegateForColumn(
        models::OperationsModel::ProgressColumn,
        new ProgressBarDelegate(models::ProgressRole, m_operationsView));
    m_operationsView->sortByColumn(models::OperationsModel::AcceptedColumn, Qt::DescendingOrder);
    // Widths for what the columns hold ("payments-api-12", "Cancellation requested — …",
    // "1m 05s / 5m 00s"), so nothing is cut on a first start.
    {
        QHeaderView *header = m_operationsView->horizontalHeader();
        const int em = m_operationsView->fontMetrics().horizontalAdvance(QLatin1Char('M'));
        header->resizeSection(models::OperationsModel::AppColumn, 14 * em);
        header->resizeSection(models::OperationsModel::OperationColumn, 11 * em);
        header->resizeSection(models::OperationsModel::PhaseColumn, 16 * em);
        header->resizeSection(models::OperationsModel::ElapsedColumn, 12 * em);
    }
    auto *row = new QHBoxLayout;
    auto *cancel = new QPushButton(QIcon(QStringLiteral(":/icons/cancel.svg")),
                                   tr("Cancel selected operation"), current);
    cancel->setObjectName(QStringLiteral("cancelOperationButton"));
    connect(cancel, &QPushButton::clicked, this, &MainWindow::cancelSelectedOperation);
    // Enabled only for a selected operation the controller can still cancel.
    const auto updateCancel = [this, cancel] {
        const QModelIndexList rows = m_operationsView->selectionModel()->selectedRows();
        cancel->setEnabled(!rows.isEmpty() && rows.first().data(models::CanCancelRole).toBool());
    };
    connect(m_operationsView->selectionModel(), &QItemSelectionModel::selectionChanged, cancel,
            updateCancel);
    connect(m_operationsView->model(), &QAbstractItemModel::dataChanged, cancel, updateCancel);
    connect(m_operationsView->model(), &QAbstractItemModel::modelReset, cancel, updateCancel);
    updateCancel();
    m_operationNotice = new QLabel(current);
    m_operationNotice->setObjectName(QStringLiteral("operationNoticeLabel"));
    m_operationNotice->setWordWrap(true);
    row->addWidget(cancel);
    row->addWidget(m_operationNotice, 1);
    layout->addWidget(m_operationsView, 1);
    layout->addLayout(row);
    m_operationsTabs->addTab(current, tr("C&urrent"));

    auto *history = new QWidget(m_operationsTabs);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(2, 2, 2, 2);
    m_journalView
        = makeTable(history, QStringLiteral("journalView"), sortingProxy(m_journalModel, this),
                    QAbstractItemView::SingleSelection);
    m_journalView->sortByColumn(models::OperationJournalModel::SentColumn, Qt::DescendingOrder);
    for (const int column :
         {models::OperationJournalModel::SentColumn, models::OperationJournalModel::FinishedColumn})
        m_journalView->horizontalHeader()->setSectionResizeMode(column,
                                                                QHeaderView::ResizeToContents);
    auto *exportButton = new QPushButton(tr("Export…"), history);
    exportButton->setObjectName(QStringLiteral("exportJournalButton"));
    exportButton->setToolTip(tr("Save the journal as JSON or CSV (by the file name's suffix)"));
    connect(exportButton, &QPushButton::clicked, this, &MainWindow::exportJournalInteractively);
    // Double-click: the entry's application, if it still exists.
    connect(m_journalView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (selectApplication(index.data(models::AppIdRole).toString()))
            m_mainTabs->setCurrentIndex(0);
    });
    historyLayout->addWidget(m_journalView, 1);
    historyLayout->addWidget(exportButton, 0, Qt::AlignLeft);
    m_operationsTabs->addTab(history, tr("&History"));

    dock->setWidget(m_operationsTabs);
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
    models::ClusterOverview *overview = m_session->overview();
    connect(overview, &models::ClusterOverview::summaryChanged, this,
            [this, overview] { m_maintenanceAction->setChecked(overview->maintenance()); });
    m_clusterMenu->addSeparator();
    auto *quit = m_clusterMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *appMenu = menuBar()->addMenu(tr("&Application"));
    appMenu->addActions(m_actions->actions());
    addActions(m_actions->actions());

    auto *operationsMenu = menuBar()->addMenu(tr("&Operations"));
    operationsMenu->setObjectName(QStringLiteral("operationsMenu"));
    auto *cancelAction = operationsMenu->addAction(QIcon(QStringLiteral(":/icons/cancel.svg")),
                                                   tr("&Cancel selected operation"));
    cancelAction->setObjectName(QStringLiteral("actionCancelSelectedOperation"));
    connect(cancelAction, &QAction::triggered, this, &MainWindow::cancelSelectedOperation);
    auto *historyAction = operationsMenu->addAction(tr("&History"));
    historyAction->setObjectName(QStringLiteral("actionOperationHistory"));
    connect(historyAction, &QAction::triggered, this, [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("operationsDock")))
            dock->show();
        m_operationsTabs->setCurrentIndex(1);
    });
    auto *exportAction = operationsMenu->addAction(tr("&Export journal…"));
    exportAction->setObjectName(QStringLiteral("actionExportJournal"));
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportJournalInteractively);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    for (auto *dock : findChildren<QDockWidget *>())
        viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::addEmbeddedMenu(QMenu *menu)
{
    menuBar()->insertMenu(menuBar()->actions().value(2), menu);
    m_embeddedMenus.append(menu);
    menu->menuAction()->setVisible(m_embedded);
}

void MainWindow::setProfiles(const QList<client::ClusterProfile> &profiles,
                             const QString &currentId)
{
    m_clusterBar->setProfiles(profiles, currentId);
}

} // namespace drove::ui
