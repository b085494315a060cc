#pragma once

#include "client/clusterprofile.h"
#include "client/syncengine.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
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
class DroveClient;
struct ApiError;
} // namespace drove::client

namespace drove::models {
class ApplicationFilterProxyModel;
class ClusterSession;
class EventFilterProxyModel;
class InstanceFilterProxyModel;
class OperationJournal;
class OperationJournalModel;
class OperationTracker;
struct TrackedOperation;
} // namespace drove::models

namespace drove::ui {

class ClusterBar;
class LogViewWidget;

/// The operator's window: cluster bar, applications with their detail (instances, old instances,
/// spec, events, logs), executors with the instances on each, cluster events and the operations
/// panel (current operations and the journal's history).
///
/// Its models and their feeding come from a models::ClusterSession; it opens one dialog per
/// operation, sends what the dialog returns through the session (which validates, journals,
/// sends and tracks it). It never knows whether the cluster is embedded.
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
    MainWindow(client::DroveClient *client, client::SyncEngine *sync,
               models::OperationJournal *journal = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The cluster shown; `embedded` marks the in-process simulated controller.
    void setCluster(const client::ClusterProfile &profile, bool embedded);
    /// Profiles offered in the cluster bar; picking one emits profileSwitchRequested().
    void setProfiles(const QList<client::ClusterProfile> &profiles, const QString &currentId);
    /// Adds a menu that only exists for the embedded cluster (e.g. Simulation): shown while the
    /// embedded cluster is the one in the window, hidden while a real cluster is.
    void addEmbeddedMenu(QMenu *menu);

    ApplicationActions *applicationActions() const { return m_actions; }
    /// The models of the cluster shown and their feeding.
    models::ClusterSession *session() const { return m_session; }
    /// The current tracker (replaced when the cluster changes).
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
    /// The context dialogs get for `appId` (cluster, endpoint, auth, capacity check).
    OperationContext operationContext() const;

    /// Runs `action` for the current app as if its QAction was triggered: opens the dialog
    /// (non-modal; see lastDialog()) and sends the result when accepted.
    void runAction(ApplicationActions::Action action);
    /// The most recently opened operation dialog, for tests and automation.
    QDialog *lastDialog() const { return m_lastDialog; }
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
    QWidget *buildExecutorsPage();
    QWidget *buildEventsPage();
    void buildOperationsDock();
    void buildMenus();
    void wireSync();
    void connectTracker();
    void restoreSettings();
    void saveSettings();

    void onApplicationSelectionChanged();
    void onExecutorSelectionChanged();
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

    void openDialog(QDialog *dialog, std::function<void()> onAccepted);
    void submit(const protocol::ApplicationOperation &operation);
    void requestCancel(const QString &appId);
    void cancelSelectedOperation();
    void exportJournalInteractively();
    void setMaintenance(bool enabled);
    void blacklistSelected(bool blacklist);
    void showError(const QString &what, const client::ApiError &error);
    void showProblems(const QString &what, const QString &message, const QStringList &details);
    void noteForbidden(const client::ApiError &error);
    QStringList capacityWarnings(const protocol::ApplicationOperation &operation) const;
    QString askSavePath(const QString &title, const QString &suggested,
                        const QString &filter) const;

    client::DroveClient *m_client;
    client::SyncEngine *m_sync;
    client::ClusterProfile m_profile;
    bool m_embedded = false;

    models::OperationJournal *m_journal = nullptr;
    models::ClusterSession *m_session = nullptr;
    models::ApplicationFilterProxyModel *m_appsProxy = nullptr;
    models::InstanceFilterProxyModel *m_instancesProxy = nullptr;
    models::InstanceFilterProxyModel *m_oldInstancesProxy = nullptr;
    QSortFilterProxyModel *m_executorsProxy = nullptr;
    QSortFilterProxyModel *m_executorInstancesProxy = nullptr;
    models::EventFilterProxyModel *m_appEventsProxy = nullptr;
    models::OperationJournalModel *m_journalModel = nullptr;

    ApplicationActions *m_actions = nullptr;
    ClusterBar *m_clusterBar = nullptr;
    QTabWidget *m_mainTabs = nullptr;
    QSplitter *m_appSplitter = nullptr;
    QSplitter *m_executorSplitter = nullptr;
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
    QWidget *m_executorsPage = nullptr;
    QTableView *m_executorsView = nullptr;
    QLabel *m_executorInstancesLabel = nullptr;
    QTableView *m_executorInstancesView = nullptr;
    QTableView *m_eventsView = nullptr;
    QTabWidget *m_operationsTabs = nullptr;
    QTableView *m_operationsView = nullptr;
    QLabel *m_operationNotice = nullptr;
    QTableView *m_journalView = nullptr;
    QAction *m_maintenanceAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QMenu *m_clusterMenu = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QDialog *m_lastDialog = nullptr;
    QList<QPointer<QMenu>> m_embeddedMenus;
    SavePathProvider m_savePathProvider;

    QString m_currentAppId;
    /// An app to select as soon as it appears (one just created here).
    QString m_pendingSelection;
    QHash<QString, protocol::ApplicationSpec> m_specs;
    /// The last local rejection from the session (see submit()).
    QString m_lastRejection;
    QStringList m_lastRejectionDetails;
};

} // namespace drove::ui
