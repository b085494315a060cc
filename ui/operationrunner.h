#pragma once

#include "models/clustersession.h"
#include "models/stagedrolloutrunner.h"
#include "protocol/applicationoperation.h"
#include "ui/applicationactions.h"
#include "ui/operationcontext.h"

#include <QDialog>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QWidget;

namespace drove::client {
struct ApiError;
} // namespace drove::client

namespace drove::ui {

/// The one path of an operator's operation: open its dialog → the dialog validates → send it
/// through the session (which validates again, journals and tracks it) → report what came of
/// it. Also the cancel request. It is not a widget: dialogs and message boxes open over the
/// given window; the window only shows the status texts it emits.
class OperationRunner : public QObject
{
    Q_OBJECT

public:
    explicit OperationRunner(QWidget *window, QObject *parent = nullptr);

    /// The cluster operations go to (not owned; may be null: nothing is sent). The staged
    /// rollouts saved for that cluster are restored (see StagedRolloutRunner::restore()) and
    /// the panel of each one still open is shown.
    void setSession(models::ClusterSession *session);

    /// Where rollout files live: <base>/<cluster>/<app>.json. Default: the app data location's
    /// "rollouts" folder (see StagedRolloutRunner::defaultDirectory()). Set before setSession().
    void setRolloutBaseDirectory(const QString &directory) { m_rolloutBase = directory; }
    /// The folder of the current session's cluster ("" without a session).
    QString rolloutDirectory() const;
    /// The rollout of `appId` on the current session that has not finished, if any.
    models::StagedRolloutRunner *activeRollout(const QString &appId) const;
    /// The panel of `runner` (opened if needed), for the window and tests.
    QDialog *showRolloutPanel(models::StagedRolloutRunner *runner);

    /// What the dialogs get: cluster, endpoint, auth, criticality and the session's capacity
    /// check.
    OperationContext context() const;

    /// Opens the dialog of `action` for `appId` (non-modal; see lastDialog()) and sends what it
    /// returns when accepted. `selectedInstances`: the instances the operator selected.
    void run(ApplicationActions::Action action, const QString &appId,
             const QStringList &selectedInstances);
    /// Sends `operation` and reports the answer.
    void submit(const protocol::ApplicationOperation &operation);
    /// Asks (in a dialog) whether to cancel the app's current operation and sends the cancel.
    void requestCancel(const QString &appId);

    /// The most recently opened dialog, for tests and automation.
    QDialog *lastDialog() const { return m_lastDialog; }

Q_SIGNALS:
    /// A line for the status bar (`timeoutMs` 0: until replaced).
    void statusMessage(const QString &text, int timeoutMs);
    /// A line for the operations panel (a cancel requested or refused).
    void notice(const QString &text);
    /// The controller accepted `operation` (a CREATE carries the id it derived).
    void operationAccepted(const drove::protocol::ApplicationOperation &operation);
    /// The controller answered 403: the operator's role cannot run operations here.
    void forbidden(const QString &reason);
    /// A rollout started, changed state or ended (what the staged actions do may change).
    void rolloutsChanged();

private:
    void open(QDialog *dialog, std::function<void()> onAccepted);
    void runStaged(ApplicationActions::Action action, const QString &appId,
                   const QStringList &selectedInstances);
    void startRollout(const models::StagedRollout &plan);
    void restoreRollouts();
    void trackRollout(models::StagedRolloutRunner *runner);
    void noteForbidden(const client::ApiError &error);
    void showProblems(const QString &what, const QString &message, const QStringList &details);
    void showError(const QString &what, const client::ApiError &error);

    QWidget *m_window;
    QPointer<models::ClusterSession> m_session;
    QPointer<QDialog> m_lastDialog;
    QString m_rolloutBase;
    /// The session's rollouts by app (owned by the session: they end with it).
    QHash<QString, QPointer<models::StagedRolloutRunner>> m_rollouts;
    QHash<models::StagedRolloutRunner *, QPointer<QDialog>> m_rolloutPanels;
};

} // namespace drove::ui
