// MainWindow: following the cluster (the session shown, the state of the actions,
// notifications) and the remembered layout. Split from mainwindow.cpp, which builds the window.
#include "ui/mainwindow.h"

#include "models/applicationsmodel.h"
#include "models/clusteroverview.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"
#include "ui/applicationdetailpanel.h"
#include "ui/applicationspage.h"
#include "ui/capabilitygate.h"
#include "ui/clusterbar.h"
#include "ui/criticalitystyle.h"
#include "ui/eventspage.h"
#include "ui/executorspage.h"
#include "ui/logviewwidget.h"
#include "ui/operationrunner.h"
#include "ui/operationspanel.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDockWidget>
#include <QGraphicsOpacityEffect>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>

namespace drove::ui {

models::OperationTracker *MainWindow::operationTracker() const
{
    return m_session ? m_session->tracker() : nullptr;
}

QString MainWindow::currentAppId() const
{
    return m_applicationsPage->currentAppId();
}

bool MainWindow::selectApplication(const QString &appId)
{
    return m_applicationsPage->selectApplication(appId);
}

QStringList MainWindow::selectedInstanceIds() const
{
    return m_detailPanel->selectedInstanceIds();
}

LogViewWidget *MainWindow::logView() const
{
    return m_detailPanel->logView();
}

bool MainWindow::showInstanceLogs(const QString &instanceId)
{
    return m_detailPanel->showInstanceLogs(instanceId);
}

bool MainWindow::selectExecutor(const QString &executorId)
{
    if (!m_executorsPage->selectExecutor(executorId))
        return false;
    m_mainTabs->setCurrentWidget(m_executorsPage);
    return true;
}

void MainWindow::setSession(models::ClusterSession *session)
{
    // Nothing of the previous cluster may linger: its connections go with their context, the
    // pages let go of its models before it is destroyed. The detail panel first, so that the
    // list dropping its selection does not reach the old session.
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_detailPanel->setSession(session);
    m_applicationsPage->setSession(session);
    m_eventsPage->setSession(session);
    m_clusterBar->setOverview(session ? session->overview() : nullptr);
    m_executorsPage->setSession(session);
    m_operationsPanel->setSession(session);
    m_runner->setSession(session);
    m_actions->clearForbidden();

    const bool embedded = session && session->isEmbedded();
    // The Simulation menu acts on the embedded cluster only: hidden while a real one is shown.
    for (const QPointer<QMenu> &menu : std::as_const(m_embeddedMenus))
        if (menu)
            menu->menuAction()->setVisible(embedded);
    if (session) {
        const client::ClusterProfile &profile = session->profile();
        m_clusterBar->setCluster(profile.name, profile.criticality, embedded);
        // PRODUCTION changes the window itself: the title says it first, and a band in the
        // profile's colour runs across the whole window above everything else.
        const bool production = profile.criticality == client::Criticality::Production;
        setWindowTitle(production ? tr("PRODUCTION — %1 — Drove console").arg(profile.name)
                                  : tr("%1 — Drove console").arg(profile.name));
        m_productionBand->setText(
            tr("PRODUCTION cluster “%1” — every change here affects live traffic")
                .arg(profile.name));
        m_productionBand->setStyleSheet(criticalityStyleSheet(profile.criticality)
                                        + QStringLiteral(" border-radius: 0px; padding: 6px;"));
        m_productionBand->setVisible(production);
        if (isRehearsal()) {
            // Never confusable with the cluster it copies: its own title, colour and words.
            setWindowTitle(tr("REHEARSAL of %1 — Drove console").arg(m_rehearsalOf));
            m_productionBand->setText(
                tr("REHEARSAL — a simulated copy of “%1”. Nothing done here reaches %1 unless "
                   "you choose Run on %1… in the Rehearsal panel.")
                    .arg(m_rehearsalOf));
            m_productionBand->setStyleSheet(
                QStringLiteral("background-color: #5b2a86; color: white; font-weight: bold;"
                               " border-radius: 0px; padding: 6px;"));
            m_productionBand->setVisible(true);
        }
        m_sessionContext = new QObject(this);
        restoreHeaders();
        connectSession();
        session->setExecutorDetailsEnabled(m_mainTabs->currentWidget() == m_executorsPage);
        m_clusterBar->setConnectionState(session->connectionState(), session->lastSuccess());
        m_actions->setConnected(session->connectionState() == client::ConnectionState::Connected);
    } else {
        m_productionBand->hide();
        setWindowTitle(tr("Drove console"));
        m_actions->setConnected(false);
    }
    updateActions();
}

void MainWindow::restoreHeaders()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    m_applicationsPage->restoreHeader(settings);
    m_detailPanel->restoreHeader(settings);
}

void MainWindow::connectSession()
{
    models::ClusterSession *session = m_session;
    QObject *context = m_sessionContext;
    // What the operator sees follows the models (their signals), never the sync engine; the
    // pages follow their own, the window what the actions and notifications depend on.
    models::OperationTracker *tracker = session->tracker();
    connect(tracker, &models::OperationTracker::operationUpdated, context,
            [this](const models::TrackedOperation &op) {
                if (op.appId == currentAppId())
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
                // Stale or offline: the last known data stays, dimmed, and the cluster bar says
                // since when.
                const bool dim = state == client::ConnectionState::Stale
                    || state == client::ConnectionState::Offline;
                if (dim && !m_mainTabs->graphicsEffect()) {
                    auto *effect = new QGraphicsOpacityEffect(m_mainTabs);
                    effect->setObjectName(QStringLiteral("staleDimming"));
                    effect->setOpacity(0.55);
                    m_mainTabs->setGraphicsEffect(effect);
                } else if (!dim && m_mainTabs->graphicsEffect()) {
                    m_mainTabs->setGraphicsEffect(nullptr);
                }
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
    // Read-only users see every change disabled, with the reason, from the start.
    connect(session, &models::ClusterSession::writeAccessKnown, context,
            [this](bool allowed, const QString &reason) {
                if (allowed) {
                    m_actions->clearForbidden();
                    return;
                }
                m_actions->setForbidden(reason);
                QList<QAction *> changes {m_maintenanceAction};
                for (const char *name : {"actionBlacklist", "actionUnblacklist"})
                    if (auto *action = findChild<QAction *>(QLatin1String(name)))
                        changes << action;
                for (QAction *action : std::as_const(changes)) {
                    action->setEnabled(false);
                    action->setToolTip(reason);
                }
                statusBar()->showMessage(reason, 15000);
            });
    connect(session, &models::ClusterSession::syncFailed, context,
            [this](const client::ApiError &error) {
                statusBar()->showMessage(error.title() + QStringLiteral(": ") + error.userText());
            });
}

void MainWindow::updateActions()
{
    const QString appId = m_detailPanel->appId();
    const auto app = m_session ? m_session->applications()->application(appId) : std::nullopt;
    m_actions->setApplication(app ? appId : QString(), app ? app->state : std::nullopt);
    const auto active = m_session ? m_session->tracker()->activeOperation(appId) : std::nullopt;
    m_actions->setActiveOperation(active ? std::optional(active->type) : std::nullopt);
    m_actions->setSelectedInstanceCount(int(m_detailPanel->selectedInstanceIds().size()));
    m_actions->setRolloutActive(app && m_runner->activeRollout(appId) != nullptr);
    if (m_rehearseAction)
        m_rehearseAction->setEnabled(!isRehearsal() && m_session);
}

void MainWindow::onOperationFinished(const models::TrackedOperation &operation)
{
    const QString text
        = tr("%1 on %2: %3")
              .arg(models::TrackedOperation::typeName(operation.type), operation.appId,
                   models::TrackedOperation::outcomeName(operation.outcome));
    statusBar()->showMessage(text, 10000);
    m_operationsPanel->setNotice(text);
    // The bar is for what the operator is waiting for: operations sent here, and failures of
    // any origin; another client's completions stay in the panel and the status bar.
    const bool sentHere = operation.origin == models::TrackedOperation::Origin::ThisConsole;
    const bool failed = operation.outcome != models::TrackedOperation::Outcome::Completed;
    if (!m_tray && (sentHere || failed))
        showMessageBar(
            operation.outcomeReason.isEmpty() ? text
                                              : tr("%1 — %2").arg(text, operation.outcomeReason),
            operation.id, operation.outcome != models::TrackedOperation::Outcome::Completed);
    else if (m_tray && !isActiveWindow())
        m_tray->showMessage(tr("Operation finished"),
                            operation.outcomeReason.isEmpty()
                                ? text
                                : text + QLatin1Char('\n') + operation.outcomeReason,
                            operation.outcome == models::TrackedOperation::Outcome::Completed
                                ? QSystemTrayIcon::Information
                                : QSystemTrayIcon::Warning);
    if (operation.appId == currentAppId())
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
    m_applicationsPage->restoreSortKeys(settings);
    if (!settings.contains(QStringLiteral("geometry"))) {
        // First start: most of the screen (tables of a real cluster want the room), at least
        // 1366×800 where the screen has it, and all of it on the screen. The window manager's
        // frame (title bar, borders) is not known before the window is first shown: leave it
        // room, or on a 1366×768 laptop the bottom of the window (the status bar, the end of
        // the Operations panel) is below the screen's edge.
        const QSize frame(16, 48);
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1366, 800);
        const QSize room = available.size() - frame;
        const QSize size(qMin(room.width(), qMax(1366, available.width() * 9 / 10)),
                         qMin(room.height(), qMax(800, available.height() * 9 / 10)));
        resize(size);
        move(available.topLeft()
             + QPoint((room.width() - size.width()) / 2, (room.height() - size.height()) / 2));
        // The applications list a little wider than the detail: its Operation column is in view
        // beside the state and health at 1366 px.
        m_appSplitter->setSizes({width() * 11 / 20, width() - width() * 11 / 20});
        // The Operations panel: a quarter of the height, the rest for the tables.
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("operationsDock")))
            resizeDocks({dock}, {size.height() / 4}, Qt::Vertical);
    }
}

void MainWindow::saveSettings()
{
    // A rehearsal window must not leave its layout to the cluster's own window.
    if (isRehearsal())
        return;
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("appSplitter"), m_appSplitter->saveState());
    settings.setValue(QStringLiteral("executorSplitter"), m_executorsPage->splitter()->saveState());
    m_applicationsPage->saveHeader(settings);
    m_detailPanel->saveHeader(settings);
}

QString MainWindow::quitWithoutAskingKey(const QString &profileId)
{
    return QStringLiteral("quitWithOperationsInFlight/%1").arg(profileId);
}

bool MainWindow::mayCloseNow()
{
    if (m_closeConfirmed || !m_session)
        return true;
    QStringList inFlight;
    for (const models::TrackedOperation &op : m_session->tracker()->operations()) {
        if (!op.isFinished())
            inFlight << tr("%1 on %2 — %3")
                            .arg(models::TrackedOperation::typeName(op.type), op.appId,
                                 op.phaseText);
    }
    const client::ClusterProfile &profile = m_session->profile();
    QSettings settings;
    if (inFlight.isEmpty() || settings.value(quitWithoutAskingKey(profile.id)).toBool())
        return true;
    if (findChild<QMessageBox *>(QStringLiteral("quitConfirmationBox")))
        return false; // already asking
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Operations in flight"),
        tr("%n operation(s) in flight on %1.", nullptr, int(inFlight.size())).arg(profile.name),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("quitConfirmationBox"));
    const bool embedded = m_session->isEmbedded();
    box->setInformativeText(
        embedded ? tr("The embedded cluster runs inside this window and stops with it: its "
                      "operations stop where they are and resume (or are recovered) at the "
                      "next start.")
                 : tr("They go on on the controller; the console stops following them and "
                      "shows them again as operations begun elsewhere when it reconnects."));
    box->setDetailedText(inFlight.join(QLatin1Char('\n')));
    auto *quit = box->addButton(tr("&Quit anyway"), QMessageBox::DestructiveRole);
    quit->setObjectName(QStringLiteral("quitAnywayButton"));
    auto *stay = box->addButton(tr("&Keep the window open"), QMessageBox::RejectRole);
    stay->setObjectName(QStringLiteral("keepOpenButton"));
    box->setDefaultButton(stay);
    auto *remember = new QCheckBox(tr("Do not ask again for %1").arg(profile.name), box);
    remember->setObjectName(QStringLiteral("rememberQuitCheckBox"));
    box->setCheckBox(remember);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString profileId = profile.id;
    connect(box, &QMessageBox::buttonClicked, this,
            [this, quit, remember, profileId](QAbstractButton *button) {
                if (button != quit)
                    return;
                if (remember->isChecked())
                    QSettings().setValue(quitWithoutAskingKey(profileId), true);
                m_closeConfirmed = true;
                close();
            });
    box->open();
    return false;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!mayCloseNow()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace drove::ui
