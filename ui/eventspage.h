#pragma once

#include <QPointer>
#include <QWidget>

class QLineEdit;
class QTableView;

namespace drove::models {
class ClusterSession;
class EventFilterProxyModel;
} // namespace drove::models

namespace drove::ui {

/// Cluster events in a table under a filter box (free text over the event, application,
/// instance or host, state and details): the cluster Events tab, and the Events tab of one
/// application's detail.
class EventsPage : public QWidget
{
    Q_OBJECT

public:
    enum class Scope {
        Cluster,     ///< every event ("eventsView", "eventFilterEdit")
        Application, ///< the events of setApplication()'s app ("appEventsView",
                     ///< "appEventFilterEdit")
    };

    explicit EventsPage(Scope scope, QWidget *parent = nullptr);

    /// The cluster shown (not owned; null shows nothing).
    void setSession(models::ClusterSession *session);
    /// Application scope: the app whose events are listed ("" lists none).
    void setApplication(const QString &appId);
    /// Puts the cursor in the filter box with its text selected.
    void focusFilter();

    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filterEdit; }

private:
    Scope m_scope;
    QPointer<models::ClusterSession> m_session;
    models::EventFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace drove::ui
