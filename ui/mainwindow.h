#pragma once

#include "client/clusterprofile.h"
#include "client/syncengine.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/executorsummary.h"
#include "ui/applicationactions.h"
#include "ui/operationcontext.h"

#include <QHash>
#include <QMainWindow>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
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
class ApplicationsModel;
class ClusterOverview;
class EventFilterProxyModel;
class EventsModel;
class ExecutorsModel;
class InstancesModel;
class OperationTracker;
class OperationsModel;
struct TrackedOperation;
} // namespace drove::models

namespace drove::ui {

class ClusterBar;
class LogViewWidget;

/// The operator's window: cluster bar, applications with their detail (instances, old instances,
/// spec, events), executors, cluster events and the operations panel. It owns the models, feeds
/// them from the SyncEngine, opens one dialog per operation and sends what the dialog returns
/// through the DroveClient, then tracks it. It never knows whether the cluster is embedded.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(client::DroveClient *client, client::SyncEngine *sync, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The cluster shown; `embedded` marks the in-process simulated controller.
    void setCluster(const client::ClusterProfile &profile, bool embedded);
    /// Profiles offered in the cluster bar; picking one emits profileSwitchRequested().
    void setProfiles(const QList<client::ClusterProfile> &profiles, const QString &currentId);
    /// Adds a menu that only exists for the embedded cluster (e.g. Simulation).
    void addEmbeddedMenu(QMenu *menu);

    ApplicationActions *applicationActions() const { return m_actions; }
    models::OperationTracker *operationTracker() const { return m_tracker; }
    /// The selected application ("" when none).
    QString currentAppId() const { return m_currentAppId; }
    /// Selects `appId` in the applications table (clearing the filter if it hides it).
    bool selectApplication(const QString &appId);
    /// Ids of the selected rows in the Instances tab.
    QStringList selectedInstanceIds() const;
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

signals:
    void profileSwitchRequested(const QString &profileId);
    void connectRequested();
    /// An operation was accepted by the controller.
    void operationSubmitted(const drove::protocol::ApplicationOperation &operation);

protected:
    void closeEvent(QCloseEvent *event) override;

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
    void restoreSettings();
    void saveSettings();

    void onApplicationSelectionChanged();
    void updateDetail();
    void updateActions();
    void selectPendingApplication();
    void fetchSpec(const QString &appId);
    void updateLogInstances();
    void onOperationFinished(const models::TrackedOperation &operation);

    void openDialog(QDialog *dialog, std::function<void()> onAccepted);
    void submit(const protocol::ApplicationOperation &operation);
    void requestCancel(const QString &appId);
    void cancelSelectedOperation();
    void setMaintenance(bool enabled);
    void blacklistSelected(bool blacklist);
    void showError(const QString &what, const client::ApiError &error);
    void noteForbidden(const client::ApiError &error);
    QStringList capacityWarnings(const protocol::ApplicationOperation &operation) const;

    client::DroveClient *m_client;
    client::SyncEngine *m_sync;
    client::ClusterProfile m_profile;
    bool m_embedded = false;

    models::ApplicationsModel *m_appsModel = nullptr;
    models::ApplicationFilterProxyModel *m_appsProxy = nullptr;
    models::InstancesModel *m_instancesModel = nullptr;
    models::InstancesModel *m_oldInstancesModel = nullptr;
    models::ExecutorsModel *m_executorsModel = nullptr;
    models::EventsModel *m_eventsModel = nullptr;
    models::EventFilterProxyModel *m_appEventsProxy = nullptr;
    models::ClusterOverview *m_overview = nullptr;
    models::OperationTracker *m_tracker = nullptr;
    models::OperationsModel *m_operationsModel = nullptr;

    ApplicationActions *m_actions = nullptr;
    ClusterBar *m_clusterBar = nullptr;
    QTabWidget *m_mainTabs = nullptr;
    QSplitter *m_appSplitter = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_stateFacet = nullptr;
    QTableView *m_appsView = nullptr;
    QLabel *m_appSummary = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QTableView *m_instancesView = nullptr;
    QTableView *m_oldInstancesView = nullptr;
    QPlainTextEdit *m_specView = nullptr;
    QTableView *m_appEventsView = nullptr;
    LogViewWidget *m_logView = nullptr;
    QTableView *m_executorsView = nullptr;
    QTableView *m_eventsView = nullptr;
    QTableView *m_operationsView = nullptr;
    QAction *m_maintenanceAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QMenu *m_clusterMenu = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QDialog *m_lastDialog = nullptr;

    QString m_currentAppId;
    /// An app to select as soon as it appears (one just created here).
    QString m_pendingSelection;
    QHash<QString, protocol::ApplicationSpec> m_specs;
    QList<protocol::ExecutorSummary> m_executors;
};

} // namespace drove::ui
