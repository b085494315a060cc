// MainWindow: what happens when an operator acts (dialogs, sending, cancelling, cluster
// maintenance). Split from mainwindow.cpp, which builds the window and feeds the models.
#include "ui/mainwindow.h"

#include "client/droveclient.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"
#include "ui/canceloperationdialog.h"
#include "ui/capacitycheck.h"
#include "ui/createapplicationdialog.h"
#include "ui/destroydialog.h"
#include "ui/logviewwidget.h"
#include "ui/restartdialog.h"
#include "ui/scaledialog.h"
#include "ui/startinstancesdialog.h"
#include "ui/stopinstancesdialog.h"
#include "ui/suspenddialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>
#include <QTableView>

namespace drove::ui {

using Action = ApplicationActions::Action;
using protocol::ApplicationOperation;

OperationContext MainWindow::operationContext() const
{
    OperationContext context = OperationContext::fromProfile(m_profile);
    if (m_client && m_client->leader().isValid())
        context.endpoint = m_client->leader();
    QPointer<const MainWindow> self(this);
    context.capacityCheck = [self](const ApplicationOperation &operation) {
        return self ? self->capacityWarnings(operation) : QStringList();
    };
    return context;
}

QStringList MainWindow::capacityWarnings(const ApplicationOperation &operation) const
{
    AppFootprint app;
    const QString appId = operation.appIdOrDerived();
    if (const auto summary = m_session->applications()->application(appId)) {
        app.healthyInstances = summary->healthyInstances;
        app.activeInstances = m_session->instances()->applicationId() == appId
            ? int(activeInstances().size())
            : summary->healthyInstances;
        if (m_specs.contains(appId)) {
            app.coresPerInstance = m_specs.value(appId).cpuCount();
            app.memoryMbPerInstance = m_specs.value(appId).memoryMb();
        } else if (summary->requiredInstances > 0) {
            // Totals are required × per-instance size.
            app.coresPerInstance = summary->totalCPUs / summary->requiredInstances;
            app.memoryMbPerInstance = summary->totalMemory / summary->requiredInstances;
        }
    }
    const models::ExecutorsModel *model = m_session->executors();
    // Before the first executor list arrives nothing is known: say nothing rather than cry wolf.
    if (model->rowCount() == 0)
        return {};
    QList<ExecutorCapacity> executors;
    for (int row = 0; row < model->rowCount(); ++row) {
        const protocol::ExecutorSummary *executor = model->rowAt(row);
        if (executor->state && *executor->state != protocol::ExecutorState::Active)
            continue;
        executors << ExecutorCapacity {executor->hostname, executor->freeCores,
                                       executor->freeMemory};
    }
    return CapacityCheck::warnings(operation, app, executors);
}

void MainWindow::runAction(Action action)
{
    const OperationContext context = operationContext();
    const QString appId = m_currentAppId;
    const auto app = m_session->applications()->application(appId);
    const qint64 healthy = app ? app->healthyInstances : 0;
    const qint64 required = app ? app->requiredInstances : 0;

    OperationDialog *dialog = nullptr;
    switch (action) {
    case Action::Create: {
        QPointer<MainWindow> self(this);
        RemoteSpecValidator validator;
        if (m_client) {
            validator = [self](const protocol::ApplicationSpec &spec,
                               std::function<void(const SpecCheckResult &)> done) {
                if (!self)
                    return;
                self->m_client->validateSpec(
                    spec, self, [done](const client::Result<void> &result) {
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
        }
        dialog = new CreateApplicationDialog(context, validator, this);
        break;
    }
    case Action::Start:
        dialog = new StartInstancesDialog(context, appId, healthy, this);
        break;
    case Action::Scale:
        dialog = new ScaleDialog(context, appId, required, healthy, this);
        break;
    case Action::Suspend:
        dialog = new SuspendDialog(context, appId, healthy, this);
        break;
    case Action::Restart:
        dialog = new RestartDialog(context, appId, selectedInstanceIds(), healthy, this);
        break;
    case Action::StopSelected:
        dialog = new StopInstancesDialog(context, appId, selectedInstanceIds(), required, this);
        break;
    case Action::Destroy:
        dialog = new DestroyDialog(context, appId, this);
        break;
    case Action::CancelOperation:
        requestCancel(appId);
        return;
    }
    openDialog(dialog, [this, dialog] { submit(dialog->operation()); });
}

void MainWindow::openDialog(QDialog *dialog, std::function<void()> onAccepted)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_lastDialog = dialog;
    connect(dialog, &QDialog::accepted, this, std::move(onAccepted));
    dialog->open();
}

void MainWindow::submit(const ApplicationOperation &operation)
{
    const QString what = models::TrackedOperation::typeName(operation.type);
    statusBar()->showMessage(tr("Sending %1 for %2…").arg(what, operation.appIdOrDerived()));
    // The session validates, journals (accepted or refused), sends and tracks.
    m_lastRejection.clear();
    m_lastRejectionDetails.clear();
    const bool sent = m_session->submitOperation(
        operation, this, [this, operation, what](const client::Result<QString> &result) {
            if (!result) {
                noteForbidden(result.error());
                showError(tr("%1 was not accepted").arg(what), result.error());
                statusBar()->clearMessage();
                return;
            }
            ApplicationOperation accepted = operation;
            if (accepted.appId.isEmpty())
                accepted.appId = result.value();
            statusBar()->showMessage(tr("%1 accepted for %2").arg(what, result.value()), 5000);
            emit operationSubmitted(accepted);
            if (m_sync)
                m_sync->requestFullResync();
            // The new app reaches the model with the next sync; select it then.
            if (operation.type == protocol::OperationType::Create
                && !selectApplication(result.value()))
                m_pendingSelection = result.value();
        });
    if (!sent) {
        statusBar()->clearMessage();
        showProblems(tr("%1 was not sent").arg(what), m_lastRejection, m_lastRejectionDetails);
    }
}

void MainWindow::requestCancel(const QString &appId)
{
    if (appId.isEmpty())
        return;
    const auto active = m_session->tracker()->activeOperation(appId);
    auto *dialog = new CancelOperationDialog(
        operationContext(), appId, active ? std::optional(active->type) : std::nullopt, this);
    openDialog(dialog, [this, appId] {
        m_session->cancelOperation(appId, this, [this, appId](const client::Result<void> &result) {
            if (!result) {
                noteForbidden(result.error());
                m_operationNotice->setText(
                    tr("%1: cancel refused — %2").arg(appId, result.error().userText()));
                showError(tr("Cancel was refused"), result.error());
                return;
            }
            const QString text
                = appId + QStringLiteral(": ") + CancelOperationDialog::cancellationRequestedText();
            m_operationNotice->setText(text);
            statusBar()->showMessage(text, 10000);
        });
    });
}

void MainWindow::cancelSelectedOperation()
{
    const QModelIndexList rows = m_operationsView->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        statusBar()->showMessage(tr("Select an operation in the Operations panel first."), 5000);
        return;
    }
    requestCancel(rows.first().data(models::AppIdRole).toString());
}

QString MainWindow::askSavePath(const QString &title, const QString &suggested,
                                const QString &filter) const
{
    if (m_savePathProvider)
        return m_savePathProvider(title, suggested, filter);
    return QFileDialog::getSaveFileName(const_cast<MainWindow *>(this), title, suggested, filter);
}

void MainWindow::setSavePathProvider(SavePathProvider provider)
{
    m_savePathProvider = provider;
    m_logView->setSavePathProvider(std::move(provider));
}

bool MainWindow::exportJournal(const QString &path, QString *errorMessage) const
{
    if (QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return m_journal->exportCsv(path, errorMessage);
    return m_journal->exportJson(path, errorMessage);
}

void MainWindow::exportJournalInteractively()
{
    const QString path
        = askSavePath(tr("Export operations journal"), QStringLiteral("drove-operations.json"),
                      tr("JSON (*.json);;CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportJournal(path, &error)) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Export journal"),
                                    tr("The journal was not exported."), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("errorMessageBox"));
        box->setInformativeText(error);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    statusBar()->showMessage(
        tr("Exported the journal (%n entries) to %1", nullptr, int(m_journal->entries().size()))
            .arg(path),
        8000);
}

void MainWindow::setMaintenance(bool enabled)
{
    if (!m_client)
        return;
    const QString question = enabled
        ? tr("Put %1 in maintenance mode? Every operation is rejected until it is switched "
             "off (and for 40 seconds after).")
              .arg(m_profile.name)
        : tr("Take %1 out of maintenance mode?").arg(m_profile.name);
    if (QMessageBox::question(this, tr("Maintenance mode"), question) != QMessageBox::Yes) {
        m_maintenanceAction->setChecked(!enabled);
        return;
    }
    m_client->setMaintenance(enabled, this,
                             [this, enabled](const client::Result<protocol::ClusterStateData> &r) {
                                 if (!r) {
                                     m_maintenanceAction->setChecked(!enabled);
                                     showError(tr("Maintenance mode was not changed"), r.error());
                                     return;
                                 }
                                 if (m_sync)
                                     m_sync->requestFullResync();
                             });
}

void MainWindow::blacklistSelected(bool blacklist)
{
    if (!m_client)
        return;
    QStringList ids;
    for (const QModelIndex &index : m_executorsView->selectionModel()->selectedRows())
        ids << index.data(models::ExecutorIdRole).toString();
    if (ids.isEmpty()) {
        statusBar()->showMessage(tr("Select one or more executors first."), 5000);
        return;
    }
    auto done
        = [this, blacklist](const client::Result<protocol::BlacklistOperationResponse> &result) {
              if (!result) {
                  showError(blacklist ? tr("Blacklisting failed") : tr("Unblacklisting failed"),
                            result.error());
                  return;
              }
              statusBar()->showMessage(result.value().message.value_or(tr("Done.")), 8000);
              if (m_sync)
                  m_sync->requestFullResync();
          };
    if (blacklist)
        m_client->blacklistExecutors(ids, this, done);
    else
        m_client->unblacklistExecutors(ids, this, done);
}

void MainWindow::noteForbidden(const client::ApiError &error)
{
    if (error.kind == client::ApiError::Kind::Forbidden)
        m_actions->setForbidden(tr("The controller refused: your role on %1 cannot run "
                                   "operations (HTTP 403).")
                                    .arg(m_profile.name));
}

void MainWindow::showProblems(const QString &what, const QString &message,
                              const QStringList &details)
{
    auto *box = new QMessageBox(QMessageBox::Warning, what, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessageBox"));
    box->setInformativeText(details.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showError(const QString &what, const client::ApiError &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, what, error.title(), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessageBox"));
    box->setInformativeText(error.userText());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace drove::ui
