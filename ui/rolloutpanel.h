#pragma once

#include "ui/operationcontext.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace drove::models {
class StagedRolloutRunner;
}

namespace drove::ui {

/// The window of one staged rollout while it runs (and after): stage k of n, what the stage's
/// operation is doing, the soak's time left, whether it waits for a go or is paused, every
/// stage with the instances it replaced and started, and why it stopped. Go, Pause, Resume and
/// Cancel act on the runner; cancelling while a stage's operation runs asks for the confirmation
/// the cluster's criticality requires for cancelling an operation. Non-modal; closing it does
/// not stop the rollout.
class RolloutPanel : public QDialog
{
    Q_OBJECT

public:
    RolloutPanel(models::StagedRolloutRunner *runner, const OperationContext &context,
                 QWidget *parent = nullptr);
    ~RolloutPanel() override;

    models::StagedRolloutRunner *runner() const { return m_runner; }

    /// Re-reads the runner (its signals and a one-second timer call it).
    void refresh();

private:
    void requestCancel();

    QPointer<models::StagedRolloutRunner> m_runner;
    OperationContext m_context;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_reasonLabel = nullptr;
    QLabel *m_persistLabel = nullptr;
    QLabel *m_logCheckLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QTableWidget *m_stagesTable = nullptr;
    QPushButton *m_goButton = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QPushButton *m_resumeButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_copyScriptButton = nullptr;
};

} // namespace drove::ui
