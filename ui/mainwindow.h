#pragma once

#include "client/clusterprofile.h"
#include "models/clustersession.h"
#include "protocol/applicationoperation.h"
#include "ui/applicationactions.h"
#include "ui/operationcontext.h"

#include <QKeySequence>
#include <QMainWindow>
#include <QPointer>

#include <functional>

class QLabel;
class QMenu;
class QSplitter;
class QFrame;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace drove::client {
struct ApiError;
} // namespace drove::client

namespace drove::models {
class OperationJournal;
class OperationTracker;
struct TrackedOperation;
} // namespace drove::models

namespace drove::ui {

class ApplicationDetailPanel;
class ApplicationsPage;
class ClusterBar;
class EventsPage;
class ExecutorsPage;
class LogViewWidget;
class OperationDetailDialog;
class OperationRunner;
class OperationsPanel;

/// The operator's window: cluster bar, applications with their detail (instances, old instances,
/// spec, events, logs), executors with the instances on each, cluster events and the operations
/// panel (current operations and the journal's history).
///
/// Everything it shows and does goes through the models::ClusterSession of the connected
/// cluster (setSession(): one per connection; the window never owns it). The window keeps
/// menus, docks, settings, notifications and the state of the application actions; the pages
/// (ApplicationsPage and ApplicationDetailPanel side by side, ExecutorsPage, the Operations
/// dock's OperationsPanel) are each given the session; operations run through an
/// OperationRunner (dialog → validate → send → report).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Asks where to save a file: (dialog title, suggested file name, name filter) → path, ""
    /// when the user cancels. The default is QFileDialog::getSaveFileName.
    using SavePathProvider = std::function<QString(const QString &title, const QString &suggested,
                                                   const QString &filter)>;

    /// `journal` null: the window keeps its own at OperationJournal::defaultFilePath() (the
    /// app data location), loaded now. A given journal is used as it is (not owned).
    explicit MainWindow(models::OperationJournal *journal = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The cluster shown (not owned): a new connection's session replaces the previous one,
    /// whose models the window lets go of at once. Null shows nothing.
    void setSession(models::ClusterSession *session);
    /// Profiles offered in the cluster bar; picking one emits profileSwitchRequested().
    void setProfiles(const QList<client::ClusterProfile> &profiles, const QString &currentId);
    /// Adds a menu that only exists for the embedded cluster (e.g. Simulation): shown while the
    /// embedded cluster is the one in the window, hidden while a real cluster is.
    void addEmbeddedMenu(QMenu *menu);
    /// Makes this a rehearsal window of `sourceCluster`: REHEARSAL in the title and in a band
    /// across the window in the rehearsal colour, no cluster switching, no Rehearse…, its
    /// settings not saved over the main window's; `panel` (the Rehearsal dock) on the right.
    void setRehearsal(const QString &sourceCluster, QWidget *panel);
    bool isRehearsal() const { return !m_rehearsalOf.isEmpty(); }
    /// Application ▸ Rehearse on a copy…
    QAction *rehearseAction() const { return m_rehearseAction; }
    /// Opens the Rehearse dialog (apps to copy, the current one ticked); emits
    /// rehearseRequested() when accepted. Returns the dialog (non-modal) for tests.
    QDialog *openRehearseDialog();

    ApplicationActions *applicationActions() const { return m_actions; }
    /// The models of the cluster shown and their feeding.
    models::ClusterSession *session() const { return m_session; }
    /// The session's tracker (null without a session).
    models::OperationTracker *operationTracker() const;
    /// What this console sent, persisted; see exportJournal().
    models::OperationJournal *journal() const { return m_journal; }
    /// The selected application ("" when none).
    QString currentAppId() const;
    /// Selects `appId` in the applications table (clearing the filter if it hides it).
    bool selectApplication(const QString &appId);
    /// Ids of the selected rows in the Instances tab.
    QStringList selectedInstanceIds() const;
    /// Shows the Executors tab with `executorId` selected and its instances in the lower pane;
    /// false when it is not listed.
    bool selectExecutor(const QString &executorId);
    /// The context dialogs get (cluster, endpoint, auth, capacity check).
    OperationContext operationContext() const;
    /// Opens, validates, sends and reports operations.
    OperationRunner *operationRunner() const { return m_runner; }
    /// Opens (non-modal) the detail of a tracked operation, or of a History entry; null when it
    /// is not known.
    OperationDetailDialog *openOperationDetail(const QString &trackedId);
    OperationDetailDialog *openJournalEntryDetail(const QString &entryId);

    /// Runs `action` for the current app as if its QAction was triggered: opens the dialog
    /// (non-modal; see lastDialog()) and sends the result when accepted.
    void runAction(ApplicationActions::Action action);
    /// The most recently opened operation dialog, for tests and automation.
    QDialog *lastDialog() const;
    /// The Logs tab of the detail panel.
    LogViewWidget *logView() const;
    /// Opens the Logs tab following `instanceId` of the current app; false if it is not listed.
    bool showInstanceLogs(const QString &instanceId);

    /// Replaces the file dialog used by "Export journal…" and the Logs tab's download.
    void setSavePathProvider(SavePathProvider provider);
    /// Writes the journal to `path`: CSV when it ends in ".csv", JSON otherwise.
    bool exportJournal(const QString &path, QString *errorMessage = nullptr) const;

    /// The settings key remembering "quit without asking while operations are in flight" for
    /// a cluster profile.
    static QString quitWithoutAskingKey(const QString &profileId);
    /// Every keyboard shortcut of the window (action text, keys), read from its actions: what
    /// Help ▸ Keyboard shortcuts lists.
    QList<QPair<QString, QKeySequence>> shortcuts() const;

signals:
    void profileSwitchRequested(const QString &profileId);
    void connectRequested();
    /// Rehearse… was accepted for these applications of the cluster shown.
    void rehearseRequested(const QStringList &appIds);
    /// An operation was accepted by the controller.
    void operationSubmitted(const drove::protocol::ApplicationOperation &operation);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildUi();
    void buildOperationsDock();
    void buildMenus();
    void connectSession();
    /// The remembered column layout, once the views have columns (the first session).
    void restoreHeaders();
    void restoreSettings();
    void saveSettings();

    void showApplicationTab(const QString &appId);
    /// Closing with operations in flight asks first (closeEvent); true when it may close now.
    bool mayCloseNow();
    void showShortcuts();
    void updateActions();
    void onOperationFinished(const models::TrackedOperation &operation);
    /// Without a system tray, finishes and failures stay in a bar until dismissed.
    void showMessageBar(const QString &text, const QString &trackedId, bool failure);

    void cancelSelectedOperation();
    void exportJournalInteractively();
    void setMaintenance(bool enabled);
    void showError(const QString &what, const client::ApiError &error);
    QString askSavePath(const QString &title, const QString &suggested,
                        const QString &filter) const;

    models::OperationJournal *m_journal = nullptr;
    QPointer<models::ClusterSession> m_session;
    /// Receiver of every connection to the session and its models; replaced with the session.
    QObject *m_sessionContext = nullptr;

    ApplicationActions *m_actions = nullptr;
    OperationRunner *m_runner = nullptr;
    ClusterBar *m_clusterBar = nullptr;
    QFrame *m_messageBar = nullptr;
    QLabel *m_messageLabel = nullptr;
    QString m_messageOperationId;
    int m_messageCount = 0;
    /// Across the whole window, above everything, while a PRODUCTION cluster is shown.
    QLabel *m_productionBand = nullptr;
    QTabWidget *m_mainTabs = nullptr;
    QSplitter *m_appSplitter = nullptr;
    ApplicationsPage *m_applicationsPage = nullptr;
    ApplicationDetailPanel *m_detailPanel = nullptr;
    ExecutorsPage *m_executorsPage = nullptr;
    EventsPage *m_eventsPage = nullptr;
    OperationsPanel *m_operationsPanel = nullptr;
    QAction *m_maintenanceAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_rehearseAction = nullptr;
    QAction *m_connectAction = nullptr;
    /// The source cluster's name in a rehearsal window; "" in a cluster's own window.
    QString m_rehearsalOf;
    QMenu *m_clusterMenu = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QList<QPointer<QMenu>> m_embeddedMenus;
    SavePathProvider m_savePathProvider;
    /// The operator said to close despite operations in flight.
    bool m_closeConfirmed = false;
};

} // namespace drove::ui
