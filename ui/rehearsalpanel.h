#pragma once

#include "client/clusterprofile.h"
#include "models/trackedoperation.h"

#include <QHash>
#include <QPointer>
#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace drove::models {
class ClusterSession;
class OperationJournal;
} // namespace drove::models

namespace drove::ui {

/// The Rehearsal dock of a rehearsal window: what was copied from which cluster and what could
/// not be, the operations run here with their outcome, how long each took here and about how
/// long it would take on the source cluster (the time here divided by the time scale), and
/// "Run on <cluster>…", which sends the identical payload to the source cluster after that
/// cluster's confirmation (at least a tick, however harmless the operation) and links both
/// journal entries. Nothing else here ever talks to the source cluster.
class RehearsalPanel : public QWidget
{
    Q_OBJECT

public:
    struct Source
    {
        QString clusterName;
        client::Criticality criticality = client::Criticality::Unknown;
        bool confirmEveryChange = true;
        /// The source cluster's session while the console is still connected to it; null once
        /// it is not (Run on is then refused, saying why).
        std::function<models::ClusterSession *()> session;
    };

    RehearsalPanel(const Source &source, models::ClusterSession *rehearsal,
                   models::OperationJournal *journal, std::function<double()> timeScale,
                   QWidget *parent = nullptr);
    ~RehearsalPanel() override;

    /// The copy's description and what differs from the source (shown as a list).
    void setCopyInfo(const QString &summary, const QStringList &notes);

    QTreeWidget *operationsView() const { return m_view; }
    /// The tracked id of the selected row ("" when none).
    QString selectedOperation() const;
    /// "about 2 min 10 s on <cluster>" for a finished operation, or why it cannot be said.
    QString estimateText(const models::TrackedOperation &operation) const;

    /// Asks (GuardDialog, the source cluster's policy, at least a tick) and sends the payload
    /// rehearsed as `trackedId` to the source cluster. The dialog is window-modal; see
    /// lastGuard() for tests.
    void runOnSource(const QString &trackedId);
    QWidget *lastGuard() const { return m_lastGuard; }

Q_SIGNALS:
    /// The source cluster accepted (`ok`) or refused the payload; `text` says which and why.
    void sentToSource(bool ok, const QString &text);

private:
    struct Row
    {
        QTreeWidgetItem *item = nullptr;
        double scaleAtStart = 0;
        double scaleAtEnd = 0;
    };
    void onOperation(const models::TrackedOperation &operation);
    void updateRow(Row &row, const models::TrackedOperation &operation);
    void updateButton();
    void refreshScale();

    Source m_source;
    QPointer<models::ClusterSession> m_rehearsal;
    models::OperationJournal *m_journal;
    std::function<double()> m_timeScale;
    QHash<QString, Row> m_rows;
    QLabel *m_summary = nullptr;
    QLabel *m_notes = nullptr;
    QLabel *m_scaleLabel = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_view = nullptr;
    QPushButton *m_runButton = nullptr;
    QTimer *m_scaleTimer = nullptr;
    double m_scale = 1.0;
    QPointer<QWidget> m_lastGuard;
};

} // namespace drove::ui
