#pragma once

#include "ui/operationdialog.h"

#include <memory>

namespace Ui {
class DestroyForm;
}

namespace drove::ui {

/// DESTROY: delete an app with no instances (MONITORING) and all its records. Always asks for the
/// app id to be typed; on production also for an explicit acknowledgement.
class DestroyDialog : public OperationDialog
{
    Q_OBJECT

public:
    DestroyDialog(const OperationContext &context, const QString &appId, QWidget *parent = nullptr);
    ~DestroyDialog() override;

protected:
    protocol::ApplicationOperation buildOperation() const override;
    bool reducesCapacity() const override { return true; }

private:
    std::unique_ptr<::Ui::DestroyForm> m_ui;
};

} // namespace drove::ui
