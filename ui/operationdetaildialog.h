#pragma once

#include "models/operationjournal.h"
#include "models/trackedoperation.h"
#include "ui/operationcontext.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace drove::models {
class EventFilterProxyModel;
class ClusterSession;
} // namespace drove::models

namespace drove::ui {

class OperationTimeline;

/// Everything the console knows about one operation: what was sent (JSON, as curl and drove CLI
/// commands), when it was accepted, began and finished, its outcome and reason, its counts and
/// failures, why it is or was stuck, the app's events while it ran, and its timeline instance by
/// instance. It follows the operation live while it runs. Opened from the Operations panel and
/// the History (double-click, Enter, context menu) and from the "Show" link of a notification.
class OperationDetailDialog : public QDialog
{
    Q_OBJECT

public:
    /// `journal` may be null (then no payload is shown for operations sent here).
    OperationDetailDialog(models::ClusterSession *session, models::OperationJournal *journal,
                          const OperationContext &context, QWidget *parent = nullptr);
    ~OperationDetailDialog() override;

    /// Shows a tracked operation (id of the OperationTracker) and follows it.
    bool showTracked(const QString &trackedId);
    /// Shows a journal entry; with the tracked operation it started when the console still
    /// follows it.
    bool showJournalEntry(const QString &entryId);

    OperationTimeline *timeline() const { return m_timeline; }
    QString trackedId() const { return m_trackedId; }
    /// Saves the timeline; a file dialog when `path` is empty.
    bool saveTimeline(const QString &path = QString());

private:
    void build();
    void updateFromTracked(const models::TrackedOperation &op);
    void updateFromJournal();
    void setPayload(const QJsonObject &payload, bool known);
    void copyCurl();
    void copyCli();

    QPointer<models::ClusterSession> m_session;
    QPointer<models::OperationJournal> m_journal;
    OperationContext m_context;
    QString m_trackedId;
    std::optional<models::OperationJournal::Entry> m_entry;
    std::optional<protocol::ApplicationOperation> m_sent;

    QLabel *m_summary = nullptr;
    QLabel *m_stuck = nullptr;
    QLabel *m_facts = nullptr;
    QTabWidget *m_tabs = nullptr;
    OperationTimeline *m_timeline = nullptr;
    QLabel *m_timelineNote = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QPushButton *m_copyCurl = nullptr;
    QPushButton *m_copyCli = nullptr;
    QPlainTextEdit *m_failures = nullptr;
    QPlainTextEdit *m_stuckHistory = nullptr;
    QTableView *m_events = nullptr;
    models::EventFilterProxyModel *m_eventsFilter = nullptr;
};

} // namespace drove::ui
