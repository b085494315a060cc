#pragma once

#include "ui/operationdialog.h"

#include <QStringList>

#include <memory>

namespace Ui {
class RestartForm;
}

namespace drove::ui {

/// REPLACE_INSTANCES: replace all healthy instances, or the selected ones, with fresh instances.
/// With "stop old first" each old instance is stopped before its replacement starts, which needs
/// no spare capacity but lowers the serving count while it runs.
class RestartDialog : public OperationDialog
{
    Q_OBJECT

public:
    /// `selectedInstanceIds` may be empty: then only "replace all" is offered.
    RestartDialog(const OperationContext &context, const QString &appId,
                  const QStringList &selectedInstanceIds, qint64 healthyInstances,
                  QWidget *parent = nullptr);
    ~RestartDialog() override;

protected:
    protocol::ApplicationOperation buildOperation() const override;
    bool reducesCapacity() const override;

private:
    void updateExplanation();

    std::unique_ptr<::Ui::RestartForm> m_ui;
    QStringList m_selected;
    qint64 m_healthy;
};

} // namespace drove::ui
