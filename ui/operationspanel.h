#pragma once

#include "models/clustersession.h"
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace drove::models {
class OperationJournal;
class OperationJournalModel;
} // namespace drove::models

namespace drove::ui {

/// The Operations dock: the operations in flight on the cluster (with their progress and a
/// cancel button) and the journal of what this console sent (history, export).
class OperationsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit OperationsPanel(models::OperationJournal *journal, QWidget *parent = nullptr);

    /// The cluster whose operations are shown (not owned; null shows none).
    void setSession(models::ClusterSession *session);
    /// The app of the selected current operation ("" when none).
    QString selectedAppId() const;
    /// A line under the table (a cancel requested or refused, an outcome).
    void setNotice(const QString &text);
    /// Shows the History tab.
    void showHistory();

Q_SIGNALS:
    void cancelRequested(const QString &appId);
    void exportRequested();
    /// The operator asked for an operation's application (History's context menu).
    void applicationRequested(const QString &appId);
    /// The operator asked for an operation's detail: double-click, Enter or the context menu on
    /// a current operation (its tracker id) ...
    void operationDetailRequested(const QString &trackedId);
    /// ... or on a History entry (its journal id).
    void journalEntryDetailRequested(const QString &entryId);

private:
    void updateCancel();

    QPointer<models::ClusterSession> m_session;
    QSortFilterProxyModel *m_operationsProxy = nullptr;
    models::OperationJournalModel *m_journalModel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_operationsView = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_notice = nullptr;
    QTableView *m_journalView = nullptr;
};

} // namespace drove::ui
