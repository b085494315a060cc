// MainWindow: building the window (pages, docks, menus). Following the session lives in
// mainwindowsync.cpp, what happens when the operator acts in mainwindowoperations.cpp.
#include "ui/mainwindow.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/operationjournal.h"
#include "ui/applicationdetailpanel.h"
#include "ui/applicationspage.h"
#include "ui/clusterbar.h"
#include "ui/eventspage.h"
#include "ui/executorspage.h"
#include "ui/operationdetaildialog.h"
#include "ui/operationrunner.h"
#include "ui/operationspanel.h"
#include "ui/rehearsedialog.h"
#include "ui/tablesupport.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace drove::ui {

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
    buildActions();
    buildUi();
    buildMenus();
    connect(m_journal, &models::OperationJournal::writeFailed, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    restoreSettings();
    updateActions();
    if (!journalError.isEmpty())
        statusBar()->showMessage(journalError, 15000);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    m_actions = new ApplicationActions(this);
    m_runner = new OperationRunner(this, this);
    connect(m_runner, &OperationRunner::statusMessage, this, [this](const QString &text, int ms) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(text, ms);
    });
    connect(m_runner, &OperationRunner::forbidden, m_actions, &ApplicationActions::setForbidden);
    connect(m_runner, &OperationRunner::rolloutsChanged, this, &MainWindow::updateActions);
    connect(m_runner, &OperationRunner::operationAccepted, this,
            [this](const protocol::ApplicationOperation &operation) {
                Q_EMIT operationSubmitted(operation);
                // The new app reaches the model with the next sync; select it then.
                if (operation.type == protocol::OperationType::Create)
                    m_applicationsPage->selectWhenListed(operation.appId);
            });
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_productionBand = new QLabel(central);
    m_productionBand->setObjectName(QStringLiteral("productionBand"));
    m_productionBand->setAlignment(Qt::AlignCenter);
    m_productionBand->hide();
    layout->addWidget(m_productionBand);
    m_clusterBar = new ClusterBar(central);
    m_clusterBar->setObjectName(QStringLiteral("clusterBar"));
    layout->addWidget(m_clusterBar);

    // Finished and failed operations when there is no system tray: stays until dismissed.
    m_messageBar = new QFrame(central);
    m_messageBar->setObjectName(QStringLiteral("operationMessageBar"));
    m_messageBar->setFrameShape(QFrame::StyledPanel);
    auto *barLayout = new QHBoxLayout(m_messageBar);
    barLayout->setContentsMargins(8, 4, 4, 4);
    m_messageLabel = new QLabel(m_messageBar);
    m_messageLabel->setObjectName(QStringLiteral("operationMessageLabel"));
    m_messageLabel->setTextFormat(Qt::RichText);
    m_messageLabel->setWordWrap(true);
    connect(m_messageLabel, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("show") && !m_messageOperationId.isEmpty())
            openOperationDetail(m_messageOperationId);
    });
    barLayout->addWidget(m_messageLabel, 1);
    auto *dismiss = new QToolButton(m_messageBar);
    dismiss->setObjectName(QStringLiteral("dismissMessageBarButton"));
    dismiss->setText(QStringLiteral("✕"));
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    connect(dismiss, &QToolButton::clicked, this, [this] {
        m_messageBar->hide();
        m_messageCount = 0;
        m_messageOperationId.clear();
    });
    barLayout->addWidget(dismiss);
    m_messageBar->hide();
    layout->addWidget(m_messageBar);

    m_mainTabs = new QTabWidget(central);
    m_mainTabs->setObjectName(QStringLiteral("mainTabs"));

    // Applications: the list beside the selected one's detail.
    m_appSplitter = new QSplitter(Qt::Horizontal, m_mainTabs);
    m_appSplitter->setObjectName(QStringLiteral("appSplitter"));
    m_applicationsPage = new ApplicationsPage(m_actions, m_appSplitter);
    m_detailPanel = new ApplicationDetailPanel(m_actions, m_appSplitter);
    m_appSplitter->addWidget(m_applicationsPage);
    m_appSplitter->addWidget(m_detailPanel);
    m_appSplitter->setStretchFactor(0, 3);
    m_appSplitter->setStretchFactor(1, 2);
    connect(m_applicationsPage, &ApplicationsPage::currentApplicationChanged, m_detailPanel,
            &ApplicationDetailPanel::setApplication);
    connect(m_detailPanel, &ApplicationDetailPanel::applicationUpdated, this,
            &MainWindow::updateActions);
    m_mainTabs->addTab(m_appSplitter, QIcon(QStringLiteral(":/icons/app.svg")),
                       tr("&Applications"));

    m_executorsPage = new ExecutorsPage(m_mainTabs);
    connect(m_executorsPage, &ExecutorsPage::applicationRequested, this,
            &MainWindow::showApplicationTab);
    connect(m_executorsPage, &ExecutorsPage::statusMessage, this,
            [this](const QString &text, int ms) { statusBar()->showMessage(text, ms); });
    m_mainTabs->addTab(m_executorsPage, QIcon(QStringLiteral(":/icons/executor.svg")),
                       tr("E&xecutors"));

    m_eventsPage = new EventsPage(EventsPage::Scope::Cluster, m_mainTabs);
    m_mainTabs->addTab(m_eventsPage, QIcon(QStringLiteral(":/icons/events.svg")),
                       tr("Cluster &events"));
    layout->addWidget(m_mainTabs, 1);
    setCentralWidget(central);
    buildOperationsDock();

    auto *findAction = new QAction(tr("Find"), this);
    findAction->setObjectName(QStringLiteral("actionFind"));
    findAction->setShortcut(QKeySequence::Find);
    // The filter of the tab in use: the cluster events', the detail tab's when the focus is in
    // the detail panel; otherwise the applications search.
    connect(findAction, &QAction::triggered, this, [this] {
        if (m_mainTabs->currentWidget() == m_eventsPage) {
            m_eventsPage->focusFilter();
            return;
        }
        if (m_mainTabs->currentWidget() == m_appSplitter
            && m_detailPanel->isAncestorOf(QApplication::focusWidget())
            && m_detailPanel->focusFilter())
            return;
        m_mainTabs->setCurrentWidget(m_appSplitter);
        m_applicationsPage->focusSearch();
    });
    addAction(findAction);

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

void MainWindow::showApplicationTab(const QString &appId)
{
    if (m_applicationsPage->selectApplication(appId))
        m_mainTabs->setCurrentWidget(m_appSplitter);
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
            &MainWindow::showApplicationTab);
    connect(m_operationsPanel, &OperationsPanel::operationDetailRequested, this,
            &MainWindow::openOperationDetail);
    connect(m_operationsPanel, &OperationsPanel::journalEntryDetailRequested, this,
            &MainWindow::openJournalEntryDetail);
    dock->setWidget(m_operationsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
}

OperationDetailDialog *MainWindow::openOperationDetail(const QString &trackedId)
{
    if (!m_session || trackedId.isEmpty())
        return nullptr;
    auto *dialog = new OperationDetailDialog(m_session, m_journal, m_runner->context(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!dialog->showTracked(trackedId)) {
        delete dialog;
        statusBar()->showMessage(tr("That operation is no longer kept."), 5000);
        return nullptr;
    }
    dialog->show();
    return dialog;
}

OperationDetailDialog *MainWindow::openJournalEntryDetail(const QString &entryId)
{
    if (entryId.isEmpty())
        return nullptr;
    auto *dialog = new OperationDetailDialog(
        m_session, m_journal, m_session ? m_runner->context() : OperationContext(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!dialog->showJournalEntry(entryId)) {
        delete dialog;
        return nullptr;
    }
    dialog->show();
    return dialog;
}

void MainWindow::showMessageBar(const QString &text, const QString &trackedId, bool failure)
{
    ++m_messageCount;
    m_messageOperationId = trackedId;
    QString html = text.toHtmlEscaped();
    if (m_messageCount > 1)
        html += QStringLiteral(" ")
            + tr("(%n earlier notification(s) in the Operations panel)", nullptr,
                 m_messageCount - 1)
                  .toHtmlEscaped();
    html += QStringLiteral(" &nbsp;<a href=\"show\">%1</a>").arg(tr("Show"));
    m_messageLabel->setText(html);
    m_messageBar->setStyleSheet(
        failure ? QStringLiteral("#operationMessageBar { background-color: #f8d7da; }"
                                 " #operationMessageLabel { color: #58151c; }")
                : QStringLiteral("#operationMessageBar { background-color: #d1e7dd; }"
                                 " #operationMessageLabel { color: #0a3622; }"));
    m_messageBar->show();
}

void MainWindow::setRehearsal(const QString &sourceCluster, QWidget *panel)
{
    m_rehearsalOf = sourceCluster;
    m_rehearseAction->setVisible(false);
    m_connectAction->setVisible(false);
    if (panel) {
        auto *dock = new QDockWidget(tr("Rehearsal"), this);
        dock->setObjectName(QStringLiteral("rehearsalDock"));
        dock->setWidget(panel);
        dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
        // Beside the Operations panel, in front: the full width of the window, so the window
        // still fits a 1366×768 screen.
        addDockWidget(Qt::BottomDockWidgetArea, dock);
        if (auto *operations = findChild<QDockWidget *>(QStringLiteral("operationsDock"))) {
            tabifyDockWidget(operations, dock);
            // After the window has laid out its docks (raising before that is undone).
            QTimer::singleShot(0, dock, &QDockWidget::raise);
        }
    }
    setSession(m_session);
}

QDialog *MainWindow::openRehearseDialog()
{
    if (!m_session || isRehearsal())
        return nullptr;
    QStringList apps = m_session->applications()->applicationIds();
    apps.sort();
    const QString current = currentAppId();
    auto *dialog
        = new RehearseDialog(m_session->clusterName(), apps,
                             current.isEmpty() ? QStringList() : QStringList {current}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { Q_EMIT rehearseRequested(dialog->selectedApps()); });
    dialog->open();
    return dialog;
}

void MainWindow::buildMenus()
{
    m_clusterMenu = menuBar()->addMenu(tr("&Cluster"));
    auto *connectAction = m_clusterMenu->addAction(QIcon(QStringLiteral(":/icons/connect.svg")),
                                                   tr("&Connect to cluster…"));
    connectAction->setObjectName(QStringLiteral("actionConnect"));
    connect(connectAction, &QAction::triggered, this, &MainWindow::connectRequested);
    m_connectAction = connectAction;
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
    appMenu->addSeparator();
    m_rehearseAction = appMenu->addAction(tr("Re&hearse on a copy…"));
    m_rehearseAction->setObjectName(QStringLiteral("actionRehearse"));
    m_rehearseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_rehearseAction->setToolTip(tr("Copy this cluster's executors and the chosen applications "
                                    "into a simulated cluster and try operations there first"));
    addAction(m_rehearseAction);
    connect(m_rehearseAction, &QAction::triggered, this, &MainWindow::openRehearseDialog);

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

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    auto *shortcutsAction = helpMenu->addAction(tr("&Keyboard shortcuts"));
    shortcutsAction->setObjectName(QStringLiteral("actionKeyboardShortcuts"));
    shortcutsAction->setShortcut(QKeySequence::HelpContents);
    connect(shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
}

QList<QPair<QString, QKeySequence>> MainWindow::shortcuts() const
{
    // From the actions themselves, so that the list cannot drift from what the keys do.
    QList<QPair<QString, QKeySequence>> list;
    QSet<QString> seen;
    for (const QAction *action : findChildren<QAction *>()) {
        if (action->shortcut().isEmpty())
            continue;
        QString text = action->text();
        text.remove(QLatin1Char('&'));
        text.remove(QStringLiteral("…"));
        const QString key = text + action->shortcut().toString();
        if (seen.contains(key))
            continue;
        seen.insert(key);
        list.append({text.trimmed(), action->shortcut()});
    }
    std::sort(list.begin(), list.end(),
              [](const auto &a, const auto &b) { return a.first.localeAwareCompare(b.first) < 0; });
    return list;
}

void MainWindow::showShortcuts()
{
    if (auto *open = findChild<QDialog *>(QStringLiteral("shortcutsDialog"))) {
        open->raise();
        return;
    }
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(dialog);
    const auto list = shortcuts();
    auto *table = new QTableWidget(int(list.size()), 2, dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < list.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(list.at(row).first));
        table->setItem(
            row, 1, new QTableWidgetItem(list.at(row).second.toString(QKeySequence::NativeText)));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(460, 520);
    dialog->open();
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
