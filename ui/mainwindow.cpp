// MainWindow: building the window (pages, docks, menus). Feeding and selection live in
// mainwindowsync.cpp, what happens when the operator acts in mainwindowoperations.cpp.
#include "ui/mainwindow.h"

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
#include "models/operationtracker.h"
#include "ui/clusterbar.h"
#include "ui/executorspage.h"
#include "ui/logviewwidget.h"
#include "ui/operationrunner.h"
#include "ui/operationspanel.h"
#include "ui/progressbardelegate.h"
#include "ui/statebadgedelegate.h"
#include "ui/tablesupport.h"

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

MainWindow::MainWindow(models::OperationJournal *journal, QWidget *parent)
    : QMainWindow(parent)
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
    connect(m_journal, &models::OperationJournal::writeFailed, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });
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
    // The proxies stay; their sources are the session's models (see setSession()).
    m_appsProxy = new models::ApplicationFilterProxyModel(this);
    // One instances model for the app (active and old); the tabs are two views of it.
    m_instancesProxy = new models::InstanceFilterProxyModel(this);
    m_instancesProxy->setAllowedStates(protocol::activeInstanceStates());
    m_oldInstancesProxy = new models::InstanceFilterProxyModel(this);
    m_oldInstancesProxy->setAllowedStates(oldInstanceStates());
    m_appEventsProxy = new models::EventFilterProxyModel(this);
    m_actions = new ApplicationActions(this);
    m_runner = new OperationRunner(this, this);
    connect(m_runner, &OperationRunner::statusMessage, this, [this](const QString &text, int ms) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(text, ms);
    });
    connect(m_runner, &OperationRunner::forbidden, m_actions, &ApplicationActions::setForbidden);
    connect(m_runner, &OperationRunner::operationAccepted, this,
            [this](const protocol::ApplicationOperation &operation) {
                Q_EMIT operationSubmitted(operation);
                // The new app reaches the model with the next sync; select it then.
                if (operation.type == protocol::OperationType::Create
                    && !selectApplication(operation.appId))
                    m_pendingSelection = operation.appId;
            });
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_clusterBar = new ClusterBar(central);
    m_clusterBar->setObjectName(QStringLiteral("clusterBar"));
    layout->addWidget(m_clusterBar);

    m_mainTabs = new QTabWidget(central);
    m_mainTabs->setObjectName(QStringLiteral("mainTabs"));
    m_mainTabs->addTab(buildApplicationsPage(), QIcon(QStringLiteral(":/icons/app.svg")),
                       tr("&Applications"));
    m_executorsPage = new ExecutorsPage(m_mainTabs);
    connect(m_executorsPage, &ExecutorsPage::applicationRequested, this,
            [this](const QString &appId) {
                if (selectApplication(appId))
                    m_mainTabs->setCurrentIndex(0);
            });
    connect(m_executorsPage, &ExecutorsPage::statusMessage, this,
            [this](const QString &text, int ms) { statusBar()->showMessage(text, ms); });
    m_mainTabs->addTab(m_executorsPage, QIcon(QStringLiteral(":/icons/executor.svg")),
                       tr("E&xecutors"));
    m_mainTabs->addTab(buildEventsPage(), QIcon(QStringLiteral(":/icons/events.svg")),
                       tr("Cluster &events"));
    layout->addWidget(m_mainTabs, 1);
    setCentralWidget(central);
    buildOperationsDock();

    // Executor details cost a request per executor: only while someone looks at them.
    connect(m_mainTabs, &QTabWidget::currentChanged, this, [this] {
        if (m_session)
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
    m_logView = new LogViewWidget(nullptr, m_detailTabs);
    m_detailTabs->addTab(m_logView, tr("&Logs"));
    layout->addWidget(m_detailTabs, 1);

    connect(m_instancesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_actions->setSelectedInstanceCount(int(selectedInstanceIds().size())); });
    return panel;
}

QWidget *MainWindow::buildEventsPage()
{
    m_eventsView = makeTable(nullptr, QStringLiteral("eventsView"), nullptr,
                             QAbstractItemView::ExtendedSelection);
    m_eventsView->setSortingEnabled(false);
    return m_eventsView;
}

void MainWindow::buildOperationsDock()
{
    auto *dock = new QDockWidget(tr("Operations"), this);
    dock->setObjectName(QStringLiteral("operationsDock"));
    m_operationsPanel = new OperationsPanel(m_journal, dock);
    connect(m_operationsPanel, &OperationsPanel::cancelRequested, m_runner,
            &OperationRunner::requestCancel);
    connect(m_runner, &OperationRunner::notice, m_operationsPanel, &OperationsPanel::setNotice);
    connect(m_operationsPanel, &OperationsPanel::exportRequested, this,
            &MainWindow::exportJournalInteractively);
    connect(m_operationsPanel, &OperationsPanel::applicationRequested, this,
            [this](const QString &appId) {
                if (selectApplication(appId))
                    m_mainTabs->setCurrentIndex(0);
            });
    dock->setWidget(m_operationsPanel);
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
        if (m_session)
            m_session->refresh();
    });
    m_maintenanceAction = m_clusterMenu->addAction(QIcon(QStringLiteral(":/icons/maintenance.svg")),
                                                   tr("&Maintenance mode"));
    m_maintenanceAction->setObjectName(QStringLiteral("actionMaintenance"));
    m_maintenanceAction->setCheckable(true);
    m_maintenanceAction->setToolTip(tr("Reject operations cluster-wide while executors are "
                                       "serviced (needs the maintenance role)"));
    connect(m_maintenanceAction, &QAction::triggered, this, &MainWindow::setMaintenance);
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
        m_operationsPanel->showHistory();
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
    menu->menuAction()->setVisible(m_session && m_session->isEmbedded());
}

void MainWindow::setProfiles(const QList<client::ClusterProfile> &profiles,
                             const QString &currentId)
{
    m_clusterBar->setProfiles(profiles, currentId);
}

} // namespace drove::ui
