// MainWindow: what happens when an operator acts (operations through the OperationRunner,
// the journal export, cluster maintenance). Split from mainwindow.cpp, which builds the window.
#include "ui/mainwindow.h"

#include "models/clustersession.h"
#include "models/operationjournal.h"
#include "models/operationtracker.h"
#include "ui/confirmationpolicy.h"
#include "ui/guarddialog.h"
#include "ui/logviewwidget.h"
#include "ui/operationrunner.h"
#include "ui/operationspanel.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

namespace drove::ui {

using Action = ApplicationActions::Action;

OperationContext MainWindow::operationContext() const
{
    return m_runner->context();
}

void MainWindow::runAction(Action action)
{
    m_runner->run(action, currentAppId(), selectedInstanceIds());
}

QDialog *MainWindow::lastDialog() const
{
    return m_runner->lastDialog();
}

void MainWindow::cancelSelectedOperation()
{
    const QString appId = m_operationsPanel->selectedAppId();
    if (appId.isEmpty()) {
        statusBar()->showMessage(tr("Select an operation in the Operations panel first."), 5000);
        return;
    }
    m_runner->requestCancel(appId);
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
    logView()->setSavePathProvider(std::move(provider));
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
    // The action's check mark follows what the controller reports (ClusterOverview), not the
    // click: put it back until the change is confirmed and accepted.
    m_maintenanceAction->setChecked(!enabled);
    if (!m_session)
        return;
    const client::ClusterProfile &profile = m_session->profile();
    const int inFlight = m_session->tracker()->inFlightCount();
    QString what = enabled
        ? tr("Put <b>%1</b> in maintenance mode? The controller refuses every operation until "
             "maintenance is switched off, and for 40 seconds after.")
              .arg(profile.name.toHtmlEscaped())
        : tr("Take <b>%1</b> out of maintenance mode? The controller accepts operations again "
             "40 seconds after.")
              .arg(profile.name.toHtmlEscaped());
    if (enabled && inFlight > 0)
        what += QStringLiteral("<br><br>")
            + tr("%n operation(s) the console follows are in flight now.", nullptr, inFlight);
    GuardDialog::ask(this, enabled ? tr("Maintenance on") : tr("Maintenance off"), what,
                     withGuard(requiredConfirmation(enabled ? ClusterAction::MaintenanceOn
                                                            : ClusterAction::MaintenanceOff,
                                                    profile.criticality),
                               profile.confirmEveryChange),
                     profile.name, profile.criticality, profile.name, [this, enabled] {
                         if (!m_session)
                             return;
                         m_session->setMaintenance(
                             enabled, m_sessionContext,
                             [this](const client::Result<protocol::ClusterStateData> &result) {
                                 if (!result)
                                     showError(tr("Maintenance mode was not changed"),
                                               result.error());
                             });
                     });
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
