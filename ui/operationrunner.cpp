#include "ui/operationrunner.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/operationtracker.h"
#include "models/stagedrolloutrunner.h"
#include "models/trackedoperation.h"
#include "ui/canceloperationdialog.h"
#include "ui/capabilitygate.h"
#include "ui/createapplicationdialog.h"
#include "ui/destroydialog.h"
#include "ui/restartdialog.h"
#include "ui/rolloutpanel.h"
#include "ui/scaledialog.h"
#include "ui/stagedrolloutdialog.h"
#include "ui/startinstancesdialog.h"
#include "ui/stopinstancesdialog.h"
#include "ui/suspenddialog.h"

#include <QDir>
#include <QMessageBox>

namespace drove::ui {

using Action = ApplicationActions::Action;
using protocol::ApplicationOperation;

OperationRunner::OperationRunner(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{ }

void OperationRunner::setSession(models::ClusterSession *session)
{
    // The previous session's rollouts end with it (their files stay for the next connection).
    m_rollouts.clear();
    m_session = session;
    restoreRollouts();
}

OperationContext OperationRunner::context() const
{
    if (!m_session)
        return {};
    OperationContext context = OperationContext::fromProfile(m_session->profile());
    if (const QUrl endpoint = m_session->endpoint(); endpoint.isValid())
        context.endpoint = endpoint;
    const QPointer<models::ClusterSession> session(m_session);
    context.capacityCheck = [session](const ApplicationOperation &operation) {
        return session ? session->capacityWarnings(operation) : QStringList();
    };
    return context;
}

void OperationRunner::run(Action action, const QString &appId, const QStringList &selectedInstances)
{
    if (!m_session)
        return;
    if (action == Action::CancelOperation) {
        requestCancel(appId);
        return;
    }
    if (action == Action::RestartInStages || action == Action::ScaleInStages) {
        runStaged(action, appId, selectedInstances);
        return;
    }
    // The pre-flight check wants the executors' NUMA layouts, not only their totals: fetched
    // when an operation dialog opens, not whenever a context is built (details, cancel, panels).
    m_session->refreshPlacementData();
    const OperationContext context = this->context();
    const auto app = m_session->applications()->application(appId);
    const qint64 healthy = app ? app->healthyInstances : 0;
    const qint64 required = app ? app->requiredInstances : 0;

    OperationDialog *dialog = nullptr;
    switch (action) {
    case Action::Create: {
        const QPointer<models::ClusterSession> session(m_session);
        const QPointer<OperationRunner> self(this);
        RemoteSpecValidator validator
            = [session, self](const protocol::ApplicationSpec &spec,
                              std::function<void(const SpecCheckResult &)> done) {
                  if (!session || !self)
                      return;
                  session->validateSpec(spec, self, [done](const client::Result<void> &result) {
                      if (result) {
                          done({true, {}, {}});
                      } else if (result.error().kind == client::ApiError::Kind::DroveFailure) {
                          QStringList errors = result.error().validationErrors;
                          if (errors.isEmpty())
                              errors << result.error().message;
                          done({false, errors, {}});
                      } else {
                          done({false, {}, result.error().userText()});
                      }
                  });
              };
        auto *create = new CreateApplicationDialog(context, validator, m_window);
        // A controller without validate/spec (known, or learnt from the first check): the
        // dialog says so and Create goes on the local checks alone.
        auto *gate = new CapabilityGate(m_session, create);
        gate->add(create, client::Feature::ValidateSpec, [create](bool absent, const QString &why) {
            create->setRemoteCheckUnavailable(absent ? why : QString());
        });
        dialog = create;
        break;
    }
    case Action::Start:
        dialog = new StartInstancesDialog(context, appId, healthy, m_window);
        break;
    case Action::Scale:
        dialog = new ScaleDialog(context, appId, required, healthy, m_window);
        break;
    case Action::Suspend:
        dialog = new SuspendDialog(context, appId, healthy, m_window);
        break;
    case Action::Restart:
        dialog = new RestartDialog(context, appId, selectedInstances, healthy, m_window);
        break;
    case Action::StopSelected:
        dialog = new StopInstancesDialog(context, appId, selectedInstances, required, m_window);
        break;
    case Action::Destroy:
        dialog = new DestroyDialog(context, appId, m_window);
        break;
    case Action::CancelOperation:
    case Action::RestartInStages:
    case Action::ScaleInStages:
        return;
    }
    open(dialog, [this, dialog] { submit(dialog->operation()); });
}

void OperationRunner::open(QDialog *dialog, std::function<void()> onAccepted)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_lastDialog = dialog;
    connect(dialog, &QDialog::accepted, this, std::move(onAccepted));
    dialog->open();
}

void OperationRunner::submit(const ApplicationOperation &operation)
{
    if (!m_session)
        return;
    const QString what = models::TrackedOperation::typeName(operation.type);
    Q_EMIT statusMessage(tr("Sending %1 for %2…").arg(what, operation.appIdOrDerived()), 0);
    const models::SubmitTicket ticket = m_session->submitOperation(operation);
    if (!ticket.sent()) {
        Q_EMIT statusMessage(QString(), 0);
        showProblems(tr("%1 was not sent").arg(what), ticket.rejection, ticket.problems);
        return;
    }
    connect(ticket.pending, &models::PendingOperation::accepted, this,
            [this, operation, what](const QString &appId) {
                ApplicationOperation accepted = operation;
                if (accepted.appId.isEmpty())
                    accepted.appId = appId;
                Q_EMIT statusMessage(tr("%1 accepted for %2").arg(what, appId), 5000);
                Q_EMIT operationAccepted(accepted);
            });
    connect(ticket.pending, &models::PendingOperation::rejected, this,
            [this, what](const client::ApiError &error) {
                noteForbidden(error);
                Q_EMIT statusMessage(QString(), 0);
                showError(tr("%1 was not accepted").arg(what), error);
            });
}

void OperationRunner::requestCancel(const QString &appId)
{
    if (appId.isEmpty() || !m_session)
        return;
    const auto active = m_session->tracker()->activeOperation(appId);
    auto *dialog = new CancelOperationDialog(
        context(), appId, active ? std::optional(active->type) : std::nullopt, m_window);
    open(dialog, [this, appId] {
        if (!m_session)
            return;
        models::PendingOperation *pending = m_session->cancelOperation(appId);
        connect(pending, &models::PendingOperation::accepted, this, [this, appId] {
            const QString text
                = appId + QStringLiteral(": ") + CancelOperationDialog::cancellationRequestedText();
            Q_EMIT notice(text);
            Q_EMIT statusMessage(text, 10000);
        });
        connect(pending, &models::PendingOperation::rejected, this,
                [this, appId](const client::ApiError &error) {
                    noteForbidden(error);
                    Q_EMIT notice(tr("%1: cancel refused — %2").arg(appId, error.userText()));
                    showError(tr("Cancel was refused"), error);
                });
    });
}

void OperationRunner::noteForbidden(const client::ApiError &error)
{
    if (error.kind == client::ApiError::Kind::Forbidden && m_session)
        Q_EMIT forbidden(tr("The controller refused: your role on %1 cannot run "
                            "operations (HTTP 403).")
                             .arg(m_session->clusterName()));
}

void OperationRunner::showProblems(const QString &what, const QString &message,
                                   const QStringList &details)
{
    auto *box = new QMessageBox(QMessageBox::Warning, what, message, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("errorMessageBox"));
    box->setInformativeText(details.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void OperationRunner::showError(const QString &what, const client::ApiError &error)
{
    auto *box
        = new QMessageBox(QMessageBox::Warning, what, error.title(), QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("errorMessageBox"));
    box->setInformativeText(error.userText());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QString OperationRunner::rolloutDirectory() const
{
    if (!m_session)
        return QString();
    return models::StagedRolloutRunner::defaultDirectory(m_session->clusterName(), m_rolloutBase);
}

models::StagedRolloutRunner *OperationRunner::activeRollout(const QString &appId) const
{
    const QPointer<models::StagedRolloutRunner> runner = m_rollouts.value(appId);
    if (!runner || runner->isFinished() || runner->session() != m_session)
        return nullptr;
    return runner.data();
}

void OperationRunner::runStaged(Action action, const QString &appId,
                                const QStringList &selectedInstances)
{
    // One rollout per app: asking again shows the one that runs.
    if (models::StagedRolloutRunner *running = activeRollout(appId)) {
        showRolloutPanel(running);
        return;
    }
    // The plan's per-stage capacity check wants the executors' NUMA layouts, not only totals.
    m_session->refreshPlacementData();
    const OperationContext context = this->context();
    const auto app = m_session->applications()->application(appId);
    const QPointer<models::ClusterSession> session(m_session);
    auto instances = [session, appId]() -> std::optional<QList<protocol::InstanceInfo>> {
        if (!session)
            return std::nullopt;
        return models::StagedRolloutRunner::knownInstances(session, appId);
    };
    auto history = [session] {
        return session ? session->tracker()->operations() : QList<models::TrackedOperation>();
    };
    const auto kind = action == Action::RestartInStages ? models::StagedRollout::Kind::Restart
                                                        : models::StagedRollout::Kind::Scale;
    auto *dialog = new StagedRolloutDialog(context, kind, appId, app ? app->requiredInstances : 0,
                                           selectedInstances, instances, history, m_window);
    open(dialog, [this, dialog] {
        if (const auto plan = dialog->plan())
            startRollout(*plan);
    });
}

void OperationRunner::startRollout(const models::StagedRollout &plan)
{
    if (!m_session)
        return;
    const QString path = models::StagedRolloutRunner::statePathFor(rolloutDirectory(), plan.appId);
    // Owned by the session: a rollout runs on one connection and ends with it (its file stays).
    auto *runner = new models::StagedRolloutRunner(m_session, plan, path, m_session);
    trackRollout(runner);
    showRolloutPanel(runner);
    runner->start();
    Q_EMIT statusMessage(
        tr("Staged rollout of %1 started: %2").arg(plan.appId, runner->statusText()), 5000);
}

void OperationRunner::trackRollout(models::StagedRolloutRunner *runner)
{
    m_rollouts.insert(runner->appId(), runner);
    Q_EMIT rolloutsChanged();
    connect(runner, &models::StagedRolloutRunner::stateChanged, this,
            [this] { Q_EMIT rolloutsChanged(); });
    connect(runner, &models::StagedRolloutRunner::finished, this,
            [this, runner](models::RolloutProgress::State state) {
                const QString text
                    = tr("%1: staged rollout %2. %3")
                          .arg(runner->appId(), models::RolloutProgress::stateName(state).toLower(),
                               runner->reason());
                Q_EMIT notice(text.trimmed());
                Q_EMIT statusMessage(text.trimmed(), 10000);
            });
}

void OperationRunner::restoreRollouts()
{
    if (!m_session)
        return;
    const QDir directory(rolloutDirectory());
    const auto files = directory.entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    for (const QFileInfo &file : files) {
        QString error;
        auto *runner = models::StagedRolloutRunner::restore(m_session, file.absoluteFilePath(),
                                                            &error, m_session);
        if (!runner) {
            Q_EMIT notice(error);
            continue;
        }
        if (runner->isFinished()) {
            delete runner; // kept in its file as history; nothing to follow
            continue;
        }
        trackRollout(runner);
        showRolloutPanel(runner);
        Q_EMIT notice(tr("%1: a staged rollout was restored; it resumes only if the app still "
                         "matches its plan, and then waits for your go.")
                          .arg(runner->appId()));
    }
}

QDialog *OperationRunner::showRolloutPanel(models::StagedRolloutRunner *runner)
{
    QPointer<QDialog> &panel = m_rolloutPanels[runner];
    if (!panel) {
        auto *created = new RolloutPanel(runner, context(), m_window);
        created->setAttribute(Qt::WA_DeleteOnClose);
        panel = created;
        connect(runner, &QObject::destroyed, this,
                [this, runner] { m_rolloutPanels.remove(runner); });
    }
    panel->show();
    panel->raise();
    panel->activateWindow();
    m_lastDialog = panel;
    return panel;
}

} // namespace drove::ui
