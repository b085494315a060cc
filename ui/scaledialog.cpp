#include "ui/scaledialog.h"

#include "ui/opspeceditor.h"
#include "ui_scaleform.h"

namespace drove::ui {

ScaleDialog::ScaleDialog(const OperationContext &context, const QString &appId,
                         qint64 requiredInstances, qint64 healthyInstances, QWidget *parent)
    : OperationDialog(context, protocol::OperationType::ScaleInstances, appId, parent)
    , m_ui(std::make_unique<::Ui::ScaleForm>())
    , m_required(requiredInstances)
    , m_healthy(healthyInstances)
{
    setWindowTitle(tr("Scale %1").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->currentInstancesLabel->setText(
        tr("%1 healthy of %2 required").arg(healthyInstances).arg(requiredInstances));
    m_ui->requiredInstancesSpinBox->setValue(static_cast<int>(requiredInstances));
    setFormWidget(form);
    setOkText(tr("Scale"));

    connect(m_ui->minusButton, &QToolButton::clicked, m_ui->requiredInstancesSpinBox,
            &QSpinBox::stepDown);
    connect(m_ui->plusButton, &QToolButton::clicked, m_ui->requiredInstancesSpinBox,
            &QSpinBox::stepUp);
    connect(m_ui->requiredInstancesSpinBox, &QSpinBox::valueChanged, this, [this] {
        updateChange();
        refresh();
    });
    updateChange();
    refresh();
}

ScaleDialog::~ScaleDialog() = default;

protocol::ApplicationOperation ScaleDialog::buildOperation() const
{
    return protocol::ApplicationOperation::scale(appId(), m_ui->requiredInstancesSpinBox->value(),
                                                 opSpecEditor()->opSpec());
}

bool ScaleDialog::reducesCapacity() const
{
    return m_ui->requiredInstancesSpinBox->value() < m_healthy;
}

void ScaleDialog::updateChange()
{
    const qint64 target = m_ui->requiredInstancesSpinBox->value();
    const qint64 delta = target - m_healthy;
    QString text;
    if (target == 0)
        text = tr("Stops every instance; the app stays, in MONITORING, with no instances.");
    else if (delta > 0)
        text = tr("Starts %n new instance(s).", nullptr, static_cast<int>(delta));
    else if (delta < 0)
        text = tr("Stops %n instance(s), oldest first.", nullptr, static_cast<int>(-delta));
    else if (target != m_required)
        text = tr("Sets the required count to the healthy count; nothing starts or stops.");
    else
        text = tr("No change.");
    m_ui->changeLabel->setText(text);
    m_ui->minusButton->setEnabled(target > 0);
}

} // namespace drove::ui
