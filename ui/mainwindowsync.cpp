// MainWindow: following the cluster (what the session's models say, selection, detail, facets,
// sort keys) and the remembered layout. Split from mainwindow.cpp, which builds the window.
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
#include "models/trackedoperation.h"
#include "ui/capabilitygate.h"
#include "ui/clusterbar.h"
#include "ui/executorspage.h"
#include "ui/logviewwidget.h"
#include "ui/operationrunner.h"
#include "ui/operationspanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPointer>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>

namespace drove::ui {

using protocol::ApplicationState;

namespace {

/// States counted as "operation in progress": neither parked nor terminal.
bool isBusy(ApplicationState state)
{
    return !protocol::isParked(state) && !protocol::isTerminal(state);
}

} // namespace

models::OperationTracker *MainWindow::operationTracker() const
{
    return m_session ? m_session->tracker() : nullptr;
}

void MainWindow::setSession(models::ClusterSession *session)
{
    // Nothing of the previous cluster may linger: its connections go with their context, the
    // proxies and pages let go of its models before it is destroyed.
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_currentAppId.clear();
    m_pendingSelection.clear();
    m_appsProxy->setSourceModel(session ? session->applications() : nullptr);
    m_instancesProxy->setSourceModel(session ? session->instances() : nullptr);
    m_oldInstancesProxy->setSourceModel(session ? session->instances() : nullptr);
    m_appEventsProxy->setSourceModel(session ? session->events() : nullptr);
    m_eventsView->setModel(session ? session->events() : nullptr);
    m_clusterBar->setOverview(session ? session->overview() : nullptr);
    m_executorsPage->setSession(session);
    m_operationsPanel->setSession(session);
    m_logView->setSession(session);
    m_runner->setSession(session);
    m_logView->setApplication(QString());
    m_specView->clear();
    m_actions->clearForbidden();

    const bool embedded = session && session->isEmbedded();
    // The Simulation menu acts on the embedded cluster only: hidden while a real one is shown.
    for (const QPointer<QMenu> &menu : std::as_const(m_embeddedMenus))
        if (menu)
            menu->menuAction()->setVisible(embedded);
    if (session) {
        const client::ClusterProfile &profile = session->profile();
        m_clusterBar->setCluster(profile.name, profile.criticality, embedded);
        setWindowTitle(tr("%1 — Drove console").arg(profile.name));
        m_sessionContext = new QObject(this);
        layOutHeaders();
        connectSession();
        session->setExecutorDetailsEnabled(m_mainTabs->currentWidget() == m_executorsPage);
        m_clusterBar->setConnectionState(session->connectionState(), session->lastSuccess());
        m_actions->setConnected(session->connectionState() == client::ConnectionState::Connected);
    } else {
        setWindowTitle(tr("Drove console"));
        m_actions->setConnected(false);
    }
    updateAppFacets();
    updateInstanceFacets();
    updateDetail();
}

void MainWindow::layOutHeaders()
{
    // The headers have sections only once the views have a source model: the first session.
    if (m_headersLaidOut)
        return;
    m_headersLaidOut = true;
    // First-start widths (a saved header state replaces them): ids like "payments-api-12" and
    // the longest state badge in full.
    QHeaderView *header = m_appsView->horizontalHeader();
    const int em = m_appsView->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    header->resizeSection(models::ApplicationsModel::IdColumn, 13 * em);
    header->resizeSection(models::ApplicationsModel::NameColumn, 10 * em);
    header->resizeSection(models::ApplicationsModel::StateColumn, 14 * em);
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    header->restoreState(settings.value(QStringLiteral("applicationsHeader")).toByteArray());
    m_instancesView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("instancesHeader")).toByteArray());
    updateSortDescription();
}

void MainWindow::connectSession()
{
    models::ClusterSession *session = m_session;
    QObject *context = m_sessionContext;
    // What the operator sees follows the models (their signals), never the sync engine.
    QAbstractItemModel *apps = session->applications();
    const auto appsChanged = [this] {
        selectPendingApplication();
        updateDetail();
    };
    connect(apps, &QAbstractItemModel::modelReset, context, appsChanged);
    connect(apps, &QAbstractItemModel::rowsInserted, context, appsChanged);
    connect(apps, &QAbstractItemModel::rowsRemoved, context, appsChanged);
    connect(apps, &QAbstractItemModel::dataChanged, context,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    if (topLeft.sibling(row, 0).data(models::AppIdRole).toString()
                        == m_currentAppId) {
                        updateDetail();
                        return;
                    }
                }
            });
    QAbstractItemModel *instances = session->instances();
    const auto instancesChanged = [this] {
        updateLogInstances();
        updateActions();
    };
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(instances, signal, context, instancesChanged);
    connect(instances, &QAbstractItemModel::modelReset, context, instancesChanged);
    connect(instances, &QAbstractItemModel::dataChanged, context, instancesChanged);

    models::OperationTracker *tracker = session->tracker();
    connect(tracker, &models::OperationTracker::operationUpdated, context,
            [this](const models::TrackedOperation &op) {
                if (op.appId == m_currentAppId)
                    updateActions();
            });
    connect(tracker, &models::OperationTracker::operationFinished, context,
            [this](const models::TrackedOperation &op) { onOperationFinished(op); });

    models::ClusterOverview *overview = session->overview();
    connect(overview, &models::ClusterOverview::summaryChanged, context,
            [this, overview] { m_maintenanceAction->setChecked(overview->maintenance()); });
    connect(session, &models::ClusterSession::connectionStateChanged, context,
            [this](client::ConnectionState state, const QDateTime &lastSuccess) {
                m_clusterBar->setConnectionState(state, lastSuccess);
                m_actions->setConnected(state == client::ConnectionState::Connected);
                if (state == client::ConnectionState::Connected)
                    statusBar()->clearMessage();
            });
    // What this controller offers (issue 14): the event feed in use, said in the cluster bar
    // when there is none; features it lacks turned off with a tooltip that says so.
    const auto updateFeed = [this, session] {
        const bool polling = session->eventFeed() == client::EventFeed::Polling;
        m_clusterBar->setSyncNote(polling ? tr("no event feed, refreshing every %1 s")
                                                .arg(session->profile().refreshIntervalMs / 1000.0)
                                          : QString(),
                                  session->capabilitiesText());
    };
    updateFeed();
    connect(session, &models::ClusterSession::eventFeedChanged, context, updateFeed);
    connect(session, &models::ClusterSession::capabilitiesChanged, context, updateFeed);
    connect(session, &models::ClusterSession::slowChanged, m_clusterBar, &ClusterBar::setSlow);
    m_clusterBar->setSlow(false);
    auto *gate = new CapabilityGate(session, context);
    gate->add(m_maintenanceAction, client::Feature::Maintenance);
    gate->add(logView(), client::Feature::Logs);
    for (const char *name : {"actionBlacklist", "actionUnblacklist"}) {
        if (auto *action = findChild<QAction *>(QLatin1String(name)))
            gate->add(action, client::Feature::Blacklist);
    }
    connect(session, &models::ClusterSession::syncFailed, context,
            [this](const client::ApiError &error) {
                statusBar()->showMessage(error.title() + QStringLiteral(": ") + error.userText());
            });
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
    if (!m_pendingSelection.isEmpty() && m_session
        && m_session->applications()->application(m_pendingSelection)) {
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

QList<protocol::InstanceInfo> MainWindow::activeInstances() const
{
    QList<protocol::InstanceInfo> active;
    if (!m_session)
        return active;
    const models::InstancesModel *model = m_session->instances();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(models::IsOldRole).toBool())
            continue;
        if (const auto instance = model->instance(index.data(models::InstanceIdRole).toString()))
            active << *instance;
    }
    return active;
}

void MainWindow::updateLogInstances()
{
    QStringList ids;
    for (const auto &instance : activeInstances())
        ids << instance.instanceId;
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

bool MainWindow::selectExecutor(const QString &executorId)
{
    if (!m_executorsPage->selectExecutor(executorId))
        return false;
    m_mainTabs->setCurrentWidget(m_executorsPage);
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
    if (m_session)
        m_session->setInstancesApplication(appId, true);
    m_logView->setApplication(appId);
    updateLogInstances();
    m_appEventsProxy->setAppId(appId.isEmpty() ? QStringLiteral("\x01") : appId);
    m_specView->clear();
    if (!appId.isEmpty())
        fetchSpec(appId);
    updateDetail();
}

void MainWindow::fetchSpec(const QString &appId)
{
    if (!m_session)
        return;
    m_session->fetchSpec(appId, m_sessionContext,
                         [this, appId](const client::Result<protocol::ApplicationSpec> &result) {
                             if (!result) {
                                 if (appId == m_currentAppId)
                                     m_specView->setPlainText(result.error().userText());
                                 return;
                             }
                             if (appId == m_currentAppId)
                                 m_specView->setPlainText(QString::fromUtf8(
                                     QJsonDocument(result.value().toJson()).toJson()));
                         });
}

void MainWindow::updateDetail()
{
    const auto app
        = m_session ? m_session->applications()->application(m_currentAppId) : std::nullopt;
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
    const auto app
        = m_session ? m_session->applications()->application(m_currentAppId) : std::nullopt;
    m_actions->setApplication(app ? m_currentAppId : QString(), app ? app->state : std::nullopt);
    const auto active
        = m_session ? m_session->tracker()->activeOperation(m_currentAppId) : std::nullopt;
    m_actions->setActiveOperation(active ? std::optional(active->type) : std::nullopt);
    m_actions->setSelectedInstanceCount(int(selectedInstanceIds().size()));
}

void MainWindow::updateAppFacets()
{
    const QMap<int, int> counts = m_appsProxy->stateCounts();
    int total = 0;
    int busy = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        total += it.value();
        if (it.key() >= 0 && isBusy(ApplicationState(it.key())))
            busy += it.value();
    }
    for (int i = 0; i < m_stateFacet->count(); ++i) {
        const QVariant data = m_stateFacet->itemData(i);
        QString text;
        if (!data.isValid())
            text = tr("All states (%1)").arg(total);
        else if (data.toInt() < 0)
            text = tr("Operation in progress (%1)").arg(busy);
        else
            text = QStringLiteral("%1 (%2)")
                       .arg(protocol::toString(ApplicationState(data.toInt())))
                       .arg(counts.value(data.toInt()));
        m_stateFacet->setItemText(i, text);
    }
}

void MainWindow::applyAppFacet()
{
    const QVariant data = m_stateFacet->currentData();
    QList<ApplicationState> states;
    if (data.isValid() && data.toInt() >= 0) {
        states << ApplicationState(data.toInt());
    } else if (data.isValid()) {
        for (const auto state : protocol::allApplicationStates()) {
            if (isBusy(state))
                states << state;
        }
    }
    m_appsProxy->setAllowedStates(states);
}

void MainWindow::updateInstanceFacets()
{
    // Both tabs show the same instances model through the same text filter: one count serves.
    const QMap<int, int> counts = m_instancesProxy->stateCounts();
    int active = 0;
    int old = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.key() < 0)
            continue;
        (protocol::isActive(protocol::InstanceState(it.key())) ? active : old) += it.value();
    }
    const auto fill = [&counts](QComboBox *combo, const QString &allText) {
        for (int i = 0; i < combo->count(); ++i) {
            const QVariant data = combo->itemData(i);
            combo->setItemText(
                i,
                data.isValid() ? QStringLiteral("%1 (%2)")
                                     .arg(protocol::toString(protocol::InstanceState(data.toInt())))
                                     .arg(counts.value(data.toInt()))
                               : allText);
        }
    };
    fill(m_instanceFacet, tr("All active (%1)").arg(active));
    fill(m_oldInstanceFacet, tr("All old (%1)").arg(old));
}

void MainWindow::applyInstanceFacet()
{
    const QVariant active = m_instanceFacet->currentData();
    m_instancesProxy->setAllowedStates(
        active.isValid() ? QList<protocol::InstanceState> {protocol::InstanceState(active.toInt())}
                         : protocol::activeInstanceStates());
    const QVariant old = m_oldInstanceFacet->currentData();
    m_oldInstancesProxy->setAllowedStates(
        old.isValid() ? QList<protocol::InstanceState> {protocol::InstanceState(old.toInt())}
                      : oldInstanceStates());
}

void MainWindow::updateSortDescription()
{
    const QString description = m_appsProxy->sortDescription();
    const QString text = description.isEmpty()
        ? tr("Unsorted — click a header to sort, Shift+click to add a key")
        : tr("Sorted by %1 — Shift+click a header to add a key").arg(description);
    m_sortLabel->setText(text);
    m_appsView->horizontalHeader()->setToolTip(text);
    // Keep the header's arrow on the primary key without sorting again (the proxy already did).
    const auto keys = m_appsProxy->sortKeys();
    QHeaderView *header = m_appsView->horizontalHeader();
    const QSignalBlocker blocker(header);
    if (keys.isEmpty())
        header->setSortIndicator(-1, Qt::AscendingOrder);
    else
        header->setSortIndicator(keys.constFirst().column, keys.constFirst().order);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (m_appsView && watched == m_appsView->horizontalHeader()->viewport()
        && (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonRelease
            || event->type() == QEvent::MouseButtonDblClick)) {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ShiftModifier)) {
            if (event->type() == QEvent::MouseButtonRelease) {
                const int section
                    = m_appsView->horizontalHeader()->logicalIndexAt(mouse->position().toPoint());
                if (section >= 0)
                    m_appsProxy->addSortKey(section);
            }
            return true; // QHeaderView would replace the keys (and start moving the section)
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::onOperationFinished(const models::TrackedOperation &operation)
{
    const QString text
        = tr("%1 on %2: %3")
              .arg(models::TrackedOperation::typeName(operation.type), operation.appId,
                   models::TrackedOperation::outcomeName(operation.outcome));
    statusBar()->showMessage(text, 10000);
    m_operationsPanel->setNotice(text);
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
    m_executorsPage->splitter()->restoreState(
        settings.value(QStringLiteral("executorSplitter")).toByteArray());
    // The header remembers one sort column; the proxy's key list is kept next to it.
    const auto keys = models::StateTextFilterProxyModel::sortKeysFromString(
        settings.value(QStringLiteral("applicationsSortKeys")).toString());
    if (!keys.isEmpty())
        m_appsProxy->setSortKeys(keys);
    updateSortDescription();
    if (!settings.contains(QStringLiteral("geometry"))) {
        // First start: most of the screen (tables of a real cluster want the room), at least
        // 1280×800 where the screen has it.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        resize(qMin(available.width(), qMax(1280, available.width() * 9 / 10)),
               qMin(available.height(), qMax(800, available.height() * 9 / 10)));
        m_appSplitter->setSizes({width() / 2, width() - width() / 2});
    }
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("appSplitter"), m_appSplitter->saveState());
    settings.setValue(QStringLiteral("executorSplitter"), m_executorsPage->splitter()->saveState());
    if (m_headersLaidOut) // never shown a cluster: nothing to remember about the columns
        settings.setValue(QStringLiteral("applicationsHeader"),
                          m_appsView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("applicationsSortKeys"),
                      models::StateTextFilterProxyModel::sortKeysToString(m_appsProxy->sortKeys()));
    if (m_headersLaidOut)
        settings.setValue(QStringLiteral("instancesHeader"),
                          m_instancesView->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace drove::ui
