#pragma once

#include "ui/operationdialog.h"

#include <memory>

namespace Ui {
class ScaleForm;
}

namespace drove::ui {

/// SCALE: set the absolute number of instances (0–2048); 0 suspends the app.
class ScaleDialog : public OperationDialog
{
    Q_OBJECT

public:
    ScaleDialog(const OperationContext &context, const QString &appId, qint64 requiredInstances,
                qint64 healthyInstances, QWidget *parent = nullptr);
    ~ScaleDialog() override;

protected:
    protocol::ApplicationOperation buildOperation() const override;
    bool reducesCapacity() const override;

private:
    void updateChange();

    std::unique_ptr<::Ui::ScaleForm> m_ui;
    qint64 m_required;
    qint64 m_healthy;
};

} // namespace drove::ui
