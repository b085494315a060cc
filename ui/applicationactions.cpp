#include "ui/applicationactions.h"

#include "protocol/operationprogress.h"
#include "protocol/operationvalidator.h"

#include <QAction>
#include <QIcon>
#include <QKeySequence>

namespace drove::ui {

using protocol::ApplicationState;
using protocol::OperationType;

namespace {

struct ActionInfo
{
    ApplicationActions::Action action;
    const char *objectName;
    const char *text;
    const char *icon;
    QKeySequence shortcut;
    const char *toolTip;
};

// One shortcut per action; none of them collides with the window's (F5, Ctrl+F, Ctrl+Q).
const ActionInfo kInfo[] = {
    {ApplicationActions::Action::Create, "actionCreate",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "&Create application…"),
     ":/icons/create.svg", QKeySequence(Qt::CTRL | Qt::Key_N),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Create an application from its spec")},
    {ApplicationActions::Action::Start, "actionStart",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "S&tart instances…"), ":/icons/start.svg",
     QKeySequence(Qt::CTRL | Qt::Key_I),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Start more instances (START_INSTANCES)")},
    {ApplicationActions::Action::Scale, "actionScale",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "&Scale…"), ":/icons/scale.svg",
     QKeySequence(Qt::CTRL | Qt::Key_S),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Set the number of instances (SCALE)")},
    {ApplicationActions::Action::ScaleInStages, "actionScaleInStages",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Scale in sta&ges…"),
     ":/icons/scale-staged.svg", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions",
                       "Scale step by step, watching the app between steps (SCALE per stage)")},
    {ApplicationActions::Action::Suspend, "actionSuspend",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "S&uspend…"), ":/icons/suspend.svg",
     QKeySequence(Qt::CTRL | Qt::Key_P),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions",
                       "Stop every instance, keep the app (SUSPEND)")},
    {ApplicationActions::Action::Restart, "actionRestart",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "&Restart…"), ":/icons/restart.svg",
     QKeySequence(Qt::CTRL | Qt::Key_R),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions",
                       "Replace instances with fresh ones (REPLACE_INSTANCES)")},
    {ApplicationActions::Action::RestartInStages, "actionRestartInStages",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Restart in stag&es…"),
     ":/icons/restart-staged.svg", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions",
                       "Restart a canary first, then the rest in stages, watching the app "
                       "between them (REPLACE_INSTANCES per stage)")},
    {ApplicationActions::Action::StopSelected, "actionStopSelected",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Stop selected &instances…"),
     ":/icons/stop.svg", QKeySequence(Qt::CTRL | Qt::Key_K),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions",
                       "Stop the selected instances (STOP_INSTANCES)")},
    {ApplicationActions::Action::Destroy, "actionDestroy",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "&Destroy…"), ":/icons/destroy.svg",
     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions",
                       "Delete the application and its records (DESTROY)")},
    {ApplicationActions::Action::CancelOperation, "actionCancelOperation",
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Cancel &operation…"), ":/icons/cancel.svg",
     QKeySequence(Qt::CTRL | Qt::Key_Period),
     QT_TRANSLATE_NOOP("drove::ui::ApplicationActions", "Cancel the operation running on the app")},
};

const ActionInfo &info(ApplicationActions::Action action)
{
    for (const auto &entry : kInfo) {
        if (entry.action == action)
            return entry;
    }
    return kInfo[0];
}

} // namespace

std::optional<OperationType> operationFor(ApplicationActions::Action action)
{
    switch (action) {
    case ApplicationActions::Action::Create:
        return OperationType::Create;
    case ApplicationActions::Action::Start:
        return OperationType::StartInstances;
    case ApplicationActions::Action::Scale:
    case ApplicationActions::Action::ScaleInStages:
        return OperationType::ScaleInstances;
    case ApplicationActions::Action::Suspend:
        return OperationType::Suspend;
    case ApplicationActions::Action::Restart:
    case ApplicationActions::Action::RestartInStages:
        return OperationType::ReplaceInstances;
    case ApplicationActions::Action::StopSelected:
        return OperationType::StopInstances;
    case ApplicationActions::Action::Destroy:
        return OperationType::Destroy;
    case ApplicationActions::Action::CancelOperation:
        return std::nullopt;
    }
    return std::nullopt;
}

ApplicationActions::ApplicationActions(QObject *parent)
    : QObject(parent)
{
    for (const auto &entry : kInfo) {
        auto *action = new QAction(QIcon(QLatin1String(entry.icon)), tr(entry.text), this);
        action->setObjectName(QLatin1String(entry.objectName));
        action->setShortcut(entry.shortcut);
        action->setShortcutContext(Qt::WindowShortcut);
        m_actions.insert(entry.action, action);
        const Action which = entry.action;
        connect(action, &QAction::triggered, this,
                [this, which] { emit actionTriggered(which, m_appId); });
    }
    update();
}

ApplicationActions::~ApplicationActions() = default;

QAction *ApplicationActions::action(Action action) const
{
    return m_actions.value(action);
}

QList<ApplicationActions::Action> ApplicationActions::allActions()
{
    QList<Action> all;
    for (const auto &entry : kInfo)
        all << entry.action;
    return all;
}

QList<QAction *> ApplicationActions::actions() const
{
    QList<QAction *> list;
    for (const auto which : allActions())
        list << m_actions.value(which);
    return list;
}

void ApplicationActions::setApplication(const QString &appId, std::optional<ApplicationState> state)
{
    if (appId != m_appId)
        m_activeOperation.reset();
    m_appId = appId;
    m_state = state;
    update();
}

void ApplicationActions::setSelectedInstanceCount(int count)
{
    m_selectedInstances = count;
    update();
}

void ApplicationActions::setActiveOperation(std::optional<OperationType> type)
{
    m_activeOperation = type;
    update();
}

void ApplicationActions::setRolloutActive(bool active)
{
    if (m_rolloutActive == active)
        return;
    m_rolloutActive = active;
    update();
}

void ApplicationActions::setConnected(bool connected)
{
    m_connected = connected;
    update();
}

void ApplicationActions::setForbidden(const QString &reason)
{
    m_forbiddenReason
        = reason.isEmpty() ? tr("Your role on this cluster cannot run operations.") : reason;
    update();
}

void ApplicationActions::clearForbidden()
{
    m_forbiddenReason.clear();
    update();
}

QString ApplicationActions::baseToolTip(Action action) const
{
    const auto &entry = info(action);
    return tr(entry.toolTip) + QStringLiteral(" (")
        + entry.shortcut.toString(QKeySequence::NativeText) + QLatin1Char(')');
}

QString ApplicationActions::disabledReason(Action action) const
{
    if (!m_connected)
        return tr("Not connected to the cluster's leader.");
    if (!m_forbiddenReason.isEmpty())
        return m_forbiddenReason;
    if (action == Action::Create)
        return QString();
    if (m_appId.isEmpty())
        return tr("Select an application first.");
    // The rollout's window, reachable mid-stage too (the actions show it rather than start one).
    if (m_rolloutActive && (action == Action::RestartInStages || action == Action::ScaleInStages))
        return QString();
    if (!m_state)
        return protocol::OperationValidator::noStateMessage(m_appId);
    const ApplicationState state = *m_state;

    if (action == Action::CancelOperation) {
        if (protocol::isParked(state) || protocol::isTerminal(state))
            return tr("No operation is running on %1.").arg(m_appId);
        const auto running
            = m_activeOperation ? m_activeOperation : protocol::operationOfState(state);
        if (running && !protocol::isCancellable(*running))
            return tr("%1 cannot be cancelled.").arg(protocol::wireName(*running));
        return QString();
    }

    const auto type = operationFor(action);
    // The project rejects a second operation while one runs, even where Drove's table would let
    // a SCALE through during SCALING_REQUESTED.
    if (!protocol::isParked(state) && !protocol::isTerminal(state)
        && protocol::isOperationAllowed(state, *type)) {
        const auto running
            = m_activeOperation ? m_activeOperation : protocol::operationOfState(state);
        return protocol::OperationValidator::busyMessage(
            m_appId, running.value_or(OperationType::ScaleInstances));
    }
    const QString rejection = protocol::OperationValidator::checkState(m_appId, state, *type);
    if (!rejection.isEmpty())
        return rejection;
    if (action == Action::StopSelected && m_selectedInstances <= 0)
        return tr("Select one or more instances in the Instances tab.");
    return QString();
}

void ApplicationActions::update()
{
    for (const auto which : allActions()) {
        QAction *action = m_actions.value(which);
        const QString reason = disabledReason(which);
        action->setEnabled(reason.isEmpty());
        const bool showsRollout = m_rolloutActive
            && (which == Action::RestartInStages || which == Action::ScaleInStages);
        action->setToolTip(
            showsRollout ? tr("Show the staged rollout in progress on %1").arg(m_appId)
                : reason.isEmpty()
                ? baseToolTip(which)
                : tr("%1 — unavailable: %2")
                      .arg(action->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                           reason));
        action->setStatusTip(reason);
    }
}

} // namespace drove::ui
