#pragma once

#include "client/clusterprofile.h"
#include "models/clustersession.h"
#include "protocol/applicationoperation.h"
#include "protocol/instanceinfo.h"
#include "ui/applicationactions.h"
#include "ui/operationcontext.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QSplitter;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace drove::client {
struct ApiError;
} // namespace drove::client

namespace drove::models {
class ApplicationFilterProxyModel;
class EventFilterProxyModel;
class InstanceFilterProxyModel;
class OperationJournal;
class OperationTracker;
struct TrackedOperation;
} // namespace drove::models

namespace drove::ui {

class ClusterBar;
class ExecutorsPage;
class LogViewWidget;
class OperationRunner;
class OperationsPanel;

/// The operator's window: cluster bar, applications with their detail (instances, old instances,
/// spec, events, logs), executors with the instances on each, cluster events and the operations
/// panel (current operations and the journal's history).
///
/// Everything it shows and does goes through the models::ClusterSession of the connected
/// cluster (setSession(): one per connection; the window never owns it). The window keeps
/// menus, docks, settings and notifications; the Executors tab (ExecutorsPage) and the
/// Operations dock (OperationsPanel) are pages given the session; operations run through an
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

    ApplicationActions *applicationActions() const { return m_actions; }
    /// The models of the cluster shown and their feeding.
    models::ClusterSession *session() const { return m_session; }
    /// The session's tracker (null without a session).
    models::OperationTracker *operationTracker() const;
    /// What this console sent, persisted; see exportJournal().
    models::OperationJournal *journal() const { return m_journal; }
    /// The selected application ("" when none).
    QString currentAppId() const { return m_currentAppId; }
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

    /// Runs `action` for the current app as if its QAction was triggered: opens the dialog
    /// (non-modal; see lastDialog()) and sends the result when accepted.
    void runAction(ApplicationActions::Action action);
    /// The most recently opened operation dialog, for tests and automation.
    QDialog *lastDialog() const;
    /// The Logs tab of the detail panel.
    LogViewWidget *logView() const { return m_logView; }
    /// Opens the Logs tab following `instanceId` of the current app; false if it is not listed.
    bool showInstanceLogs(const QString &instanceId);

    /// Replaces the file dialog used by "Export journal…" and the Logs tab's download.
    void setSavePathProvider(SavePathProvider provider);
    /// Writes the journal to `path`: CSV when it ends in ".csv", JSON otherwise.
    bool exportJournal(const QString &path, QString *errorMessage = nullptr) const;

signals:
    void profileSwitchRequested(const QString &profileId);
    void connectRequested();
    /// An operation was accepted by the controller.
    void operationSubmitted(const drove::protocol::ApplicationOperation &operation);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildModels();
    void buildUi();
    QWidget *buildApplicationsPage();
    QWidget *buildDetailPanel();
    QWidget *buildEventsPage();
    void buildOperationsDock();
    void buildMenus();
    void connectSession();
    /// Column widths and the remembered header layout, once the views have columns.
    void layOutHeaders();
    void restoreSettings();
    void saveSettings();

    void onApplicationSelectionChanged();
    void updateDetail();
    void updateActions();
    void updateAppFacets();
    void updateInstanceFacets();
    void applyAppFacet();
    /// Applies both instance facets (active and old tabs).
    void applyInstanceFacet();
    /// The states listed in the Old instances tab (not ACTIVE_STATES).
    static QList<protocol::InstanceState> oldInstanceStates();
    void updateSortDescription();
    void selectPendingApplication();
    void fetchSpec(const QString &appId);
    void updateLogInstances();
    QList<protocol::InstanceInfo> activeInstances() const;
    void onOperationFinished(const models::TrackedOperation &operation);

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
    models::ApplicationFilterProxyModel *m_appsProxy = nullptr;
    models::InstanceFilterProxyModel *m_instancesProxy = nullptr;
    models::InstanceFilterProxyModel *m_oldInstancesProxy = nullptr;
    models::EventFilterProxyModel *m_appEventsProxy = nullptr;

    ApplicationActions *m_actions = nullptr;
    OperationRunner *m_runner = nullptr;
    ClusterBar *m_clusterBar = nullptr;
    QTabWidget *m_mainTabs = nullptr;
    QSplitter *m_appSplitter = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_stateFacet = nullptr;
    QComboBox *m_instanceFacet = nullptr;
    QComboBox *m_oldInstanceFacet = nullptr;
    QLabel *m_sortLabel = nullptr;
    QTableView *m_appsView = nullptr;
    QLabel *m_appSummary = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QTableView *m_instancesView = nullptr;
    QTableView *m_oldInstancesView = nullptr;
    QPlainTextEdit *m_specView = nullptr;
    QTableView *m_appEventsView = nullptr;
    LogViewWidget *m_logView = nullptr;
    ExecutorsPage *m_executorsPage = nullptr;
    QTableView *m_eventsView = nullptr;
    OperationsPanel *m_operationsPanel = nullptr;
    QAction *m_maintenanceAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QMenu *m_clusterMenu = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QList<QPointer<QMenu>> m_embeddedMenus;
    SavePathProvider m_savePathProvider;

    bool m_headersLaidOut = false;
    QString m_currentAppId;
    /// An app to select as soon as it appears (one just created here).
    QString m_pendingSelection;
};

} // namespace drove::ui
