#pragma once

#include "ui/operationdialog.h"

#include <memory>

namespace Ui {
class SuspendForm;
}

namespace drove::ui {

/// SUSPEND: stop every instance; the app stays defined (MONITORING) and can be started again.
class SuspendDialog : public OperationDialog
{
    Q_OBJECT

public:
    SuspendDialog(const OperationContext &context, const QString &appId, qint64 healthyInstances,
                  QWidget *parent = nullptr);
    ~SuspendDialog() override;

protected:
    protocol::ApplicationOperation buildOperation() const override;
    bool reducesCapacity() const override { return m_healthy > 0; }

private:
    std::unique_ptr<::Ui::SuspendForm> m_ui;
    qint64 m_healthy;
};

} // namespace drove::ui
