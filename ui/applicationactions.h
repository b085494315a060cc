#pragma once

#include "protocol/applicationstate.h"
#include "protocol/operationtype.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

class QAction;

namespace drove::ui {

/// The application actions of the window (toolbar, menus, context menus), enabled from the
/// protocol's allowed-operations table for the selected app's state. A disabled action says why
/// in its tooltip (Drove's own rejection text where there is one). After the controller refused
/// an operation with 403, every write action is disabled with that reason.
class ApplicationActions : public QObject
{
    Q_OBJECT

public:
    enum class Action {
        Create,
        Start,
        Scale,
        ScaleInStages,
        Suspend,
        Restart,
        RestartInStages,
        StopSelected,
        Destroy,
        CancelOperation,
    };
    Q_ENUM(Action)

    explicit ApplicationActions(QObject *parent = nullptr);
    ~ApplicationActions() override;

    QAction *action(Action action) const;
    /// In menu order.
    QList<QAction *> actions() const;
    static QList<Action> allActions();

    /// The selected application; an empty id means none. `state` is nullopt when the app has
    /// no state machine (unknown to the controller).
    void setApplication(const QString &appId, std::optional<protocol::ApplicationState> state);
    /// Number of selected (active) instances of that application.
    void setSelectedInstanceCount(int count);
    /// The operation known to be running on the app, when the console tracks one.
    void setActiveOperation(std::optional<protocol::OperationType> type);
    /// A staged rollout of the app is in progress on this console: Restart/Scale in stages stay
    /// enabled (they show its window), even while one of its stages keeps the app busy.
    void setRolloutActive(bool active);
    /// False while there is no connection to a leader: everything is disabled.
    void setConnected(bool connected);
    /// The user's role cannot operate (HTTP 403): all write actions disabled with `reason`.
    void setForbidden(const QString &reason);
    void clearForbidden();

    /// Empty when `action` is enabled, otherwise the reason shown in its tooltip.
    QString disabledReason(Action action) const;

signals:
    /// An action was triggered for the current application.
    void actionTriggered(drove::ui::ApplicationActions::Action action, const QString &appId);

private:
    void update();
    QString baseToolTip(Action action) const;

    QHash<Action, QAction *> m_actions;
    QString m_appId;
    std::optional<protocol::ApplicationState> m_state;
    std::optional<protocol::OperationType> m_activeOperation;
    int m_selectedInstances = 0;
    bool m_rolloutActive = false;
    bool m_connected = true;
    QString m_forbiddenReason;
};

/// The operation an action sends (nullopt for Create's "no app yet" and CancelOperation); a
/// staged action names the operation of its stages, so it is allowed where that one is.
std::optional<protocol::OperationType> operationFor(ApplicationActions::Action action);

} // namespace drove::ui
