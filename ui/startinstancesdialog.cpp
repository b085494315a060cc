#include "ui/startinstancesdialog.h"

#include "ui/opspeceditor.h"
#include "ui_startinstancesform.h"

namespace drove::ui {

StartInstancesDialog::StartInstancesDialog(const OperationContext &context, const QString &appId,
                                           qint64 healthyInstances, QWidget *parent)
    : OperationDialog(context, protocol::OperationType::StartInstances, appId, parent)
    , m_ui(std::make_unique<::Ui::StartInstancesForm>())
{
    setWindowTitle(tr("Start instances of %1").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->descriptionLabel->setText(
        tr("Starts new instances in addition to the healthy ones; the required count becomes "
           "the healthy count plus the new instances."));
    m_ui->currentInstancesLabel->setText(QString::number(healthyInstances));
    setFormWidget(form);
    setOkText(tr("Start"));
    connect(m_ui->instancesSpinBox, &QSpinBox::valueChanged, this, &StartInstancesDialog::refresh);
    refresh();
}

StartInstancesDialog::~StartInstancesDialog() = default;

protocol::ApplicationOperation StartInstancesDialog::buildOperation() const
{
    return protocol::ApplicationOperation::startInstances(appId(), m_ui->instancesSpinBox->value(),
                                                          opSpecEditor()->opSpec());
}

} // namespace drove::ui
