#pragma once

#include "ui/operationdialog.h"

#include <QStringList>

#include <memory>

namespace Ui {
class StopInstancesForm;
}

namespace drove::ui {

/// STOP_INSTANCES for the selected instance ids, with or without respawn.
class StopInstancesDialog : public OperationDialog
{
    Q_OBJECT

public:
    StopInstancesDialog(const OperationContext &context, const QString &appId,
                        const QStringList &instanceIds, qint64 requiredInstances,
                        QWidget *parent = nullptr);
    ~StopInstancesDialog() override;

protected:
    protocol::ApplicationOperation buildOperation() const override;
    bool reducesCapacity() const override;

private:
    void updateExplanation();

    std::unique_ptr<::Ui::StopInstancesForm> m_ui;
    QStringList m_ids;
    qint64 m_required;
};

} // namespace drove::ui
