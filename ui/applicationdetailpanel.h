#pragma once

#include "protocol/instancestate.h"

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSettings;
class QTabWidget;
class QTableView;

namespace drove::models {
class ClusterSession;
class InstanceFilterProxyModel;
} // namespace drove::models

namespace drove::ui {

class ApplicationActions;
class EventsPage;
class HeaderMemory;
class LogViewWidget;

/// One application in detail: a summary line, its actions, and tabs for its active instances,
/// old instances (each with a state facet and a filter box), spec, events (with a filter box)
/// and logs. It follows the session's models for the application it is given; every table
/// remembers its columns (HeaderMemory).
class ApplicationDetailPanel : public QWidget
{
    Q_OBJECT

public:
    /// `actions` (not owned) make the toolbar and the instances' context menu.
    explicit ApplicationDetailPanel(ApplicationActions *actions, QWidget *parent = nullptr);
    ~ApplicationDetailPanel() override;

    /// The cluster shown (not owned; null shows nothing).
    void setSession(models::ClusterSession *session);
    /// The application shown ("" for none): its instances are watched, its spec fetched.
    void setApplication(const QString &appId);
    QString appId() const { return m_appId; }
    /// Ids of the selected rows in the Instances tab.
    QStringList selectedInstanceIds() const;
    /// Opens the Logs tab following `instanceId`; false if it is not an active instance.
    bool showInstanceLogs(const QString &instanceId);
    LogViewWidget *logView() const { return m_logView; }

    /// Puts the cursor in the filter box of the tab shown (Instances, Old instances, Events);
    /// false when that tab has none.
    bool focusFilter();

    /// The tables remember their columns on their own (HeaderMemory): nothing to restore.
    void restoreHeader(QSettings &settings);
    /// Writes the columns not yet written.
    void saveHeader(QSettings &settings) const;

    /// The states listed in the Old instances tab (not the active ones).
    static QList<protocol::InstanceState> oldInstanceStates();

Q_SIGNALS:
    /// What the actions depend on changed: the app's summary, its instances, or which of them
    /// are selected.
    void applicationUpdated();

private:
    void updateSummary();
    void updateFacets();
    void applyFacets();
    void updateLogInstances();
    void updateInstancesTabTitle();
    void fetchSpec();

    QPointer<models::ClusterSession> m_session;
    QObject *m_sessionContext = nullptr;
    bool m_instancesUpdateQueued = false;
    int m_instancesTab = 0;
    QString m_appId;
    models::InstanceFilterProxyModel *m_instancesProxy = nullptr;
    models::InstanceFilterProxyModel *m_oldInstancesProxy = nullptr;
    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    QComboBox *m_instanceFacet = nullptr;
    QComboBox *m_oldInstanceFacet = nullptr;
    QLineEdit *m_instanceFilter = nullptr;
    QLineEdit *m_oldInstanceFilter = nullptr;
    QTableView *m_instancesView = nullptr;
    QTableView *m_oldInstancesView = nullptr;
    QList<HeaderMemory *> m_headerMemories;
    QPlainTextEdit *m_specView = nullptr;
    EventsPage *m_eventsPage = nullptr;
    LogViewWidget *m_logView = nullptr;
};

} // namespace drove::ui
