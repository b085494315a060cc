#pragma once

#include "ui/operationdialog.h"

#include <memory>

namespace Ui {
class StartInstancesForm;
}

namespace drove::ui {

/// START_INSTANCES: start `instances` more instances of an app (1–1024).
class StartInstancesDialog : public OperationDialog
{
    Q_OBJECT

public:
    StartInstancesDialog(const OperationContext &context, const QString &appId,
                         qint64 healthyInstances, QWidget *parent = nullptr);
    ~StartInstancesDialog() override;

protected:
    protocol::ApplicationOperation buildOperation() const override;

private:
    std::unique_ptr<::Ui::StartInstancesForm> m_ui;
};

} // namespace drove::ui
