#include "ui/suspenddialog.h"

#include "ui/opspeceditor.h"
#include "ui_suspendform.h"

namespace drove::ui {

SuspendDialog::SuspendDialog(const OperationContext &context, const QString &appId,
                             qint64 healthyInstances, QWidget *parent)
    : OperationDialog(context, protocol::OperationType::Suspend, appId, parent)
    , m_ui(std::make_unique<::Ui::SuspendForm>())
    , m_healthy(healthyInstances)
{
    setWindowTitle(tr("Suspend %1").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->descriptionLabel->setText(
        tr("Stops all %n instance(s) of %1. The app stays defined in MONITORING and can be "
           "started or scaled up again.",
           nullptr, static_cast<int>(healthyInstances))
            .arg(appId));
    setFormWidget(form);
    setOkText(tr("Suspend"));
    refresh();
}

SuspendDialog::~SuspendDialog() = default;

protocol::ApplicationOperation SuspendDialog::buildOperation() const
{
    return protocol::ApplicationOperation::suspend(appId(), opSpecEditor()->opSpec());
}

} // namespace drove::ui
