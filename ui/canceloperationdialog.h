#pragma once

#include "protocol/operationtype.h"
#include "ui/operationcommands.h"
#include "ui/operationcontext.h"

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class CancelOperationForm;
}

namespace drove::ui {

/// Asks before cancelling an application's active operation, and says what cancelling means:
/// queued jobs are skipped, jobs in flight finish first.
class CancelOperationDialog : public QDialog
{
    Q_OBJECT

public:
    /// `activeType` is the operation believed to be running (unknown when nullopt).
    CancelOperationDialog(const OperationContext &context, const QString &appId,
                          std::optional<protocol::OperationType> activeType,
                          QWidget *parent = nullptr);
    ~CancelOperationDialog() override;

    QString appId() const { return m_appId; }
    QString curlCommand() const;
    CliCommand cliCommand() const;

    /// The text the console shows once a cancel was accepted.
    static QString cancellationRequestedText();

private:
    std::unique_ptr<::Ui::CancelOperationForm> m_ui;
    OperationContext m_context;
    QString m_appId;
};

} // namespace drove::ui
