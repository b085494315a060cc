#include "ui/restartdialog.h"

#include "ui/opspeceditor.h"
#include "ui_restartform.h"

namespace drove::ui {

RestartDialog::RestartDialog(const OperationContext &context, const QString &appId,
                             const QStringList &selectedInstanceIds, qint64 healthyInstances,
                             QWidget *parent)
    : OperationDialog(context, protocol::OperationType::ReplaceInstances, appId, parent)
    , m_ui(std::make_unique<::Ui::RestartForm>())
    , m_selected(selectedInstanceIds)
    , m_healthy(healthyInstances)
{
    setWindowTitle(tr("Restart %1").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->replaceAllRadio->setText(
        tr("Replace &all %n healthy instance(s)", nullptr, static_cast<int>(healthyInstances)));
    m_ui->replaceSelectedRadio->setText(tr("Replace the &selected %n instance(s)", nullptr,
                                           static_cast<int>(selectedInstanceIds.size())));
    m_ui->replaceSelectedRadio->setEnabled(!selectedInstanceIds.isEmpty());
    m_ui->instanceList->addItems(selectedInstanceIds);
    if (!selectedInstanceIds.isEmpty())
        m_ui->replaceSelectedRadio->setChecked(true);
    m_ui->instanceList->setVisible(!selectedInstanceIds.isEmpty());
    setFormWidget(form);
    setOkText(tr("Restart"));

    connect(m_ui->replaceAllRadio, &QRadioButton::toggled, this, [this] {
        m_ui->instanceList->setEnabled(m_ui->replaceSelectedRadio->isChecked());
        updateExplanation();
        refresh();
    });
    connect(m_ui->stopFirstCheckBox, &QCheckBox::toggled, this, [this] {
        updateExplanation();
        refresh();
    });
    connect(opSpecEditor(), &OpSpecEditor::opSpecChanged, this, &RestartDialog::updateExplanation);
    updateExplanation();
    refresh();
}

RestartDialog::~RestartDialog() = default;

protocol::ApplicationOperation RestartDialog::buildOperation() const
{
    const QStringList ids = m_ui->replaceSelectedRadio->isChecked() ? m_selected : QStringList();
    return protocol::ApplicationOperation::replaceInstances(
        appId(), ids, m_ui->stopFirstCheckBox->isChecked(), opSpecEditor()->opSpec());
}

bool RestartDialog::reducesCapacity() const
{
    return m_ui->stopFirstCheckBox->isChecked();
}

void RestartDialog::updateExplanation()
{
    const auto parallelism = opSpecEditor()->opSpec().parallelism;
    if (m_ui->stopFirstCheckBox->isChecked()) {
        m_ui->stopFirstExplanation->setText(
            tr("Each old instance is stopped before its replacement starts: no spare capacity "
               "is needed, but up to %n instance(s) are out of service at a time.",
               nullptr, static_cast<int>(parallelism)));
    } else {
        m_ui->stopFirstExplanation->setText(
            tr("Each replacement starts and becomes healthy before its old instance stops, so "
               "serving capacity never drops; the cluster needs room for %n extra instance(s) "
               "at a time.",
               nullptr, static_cast<int>(parallelism)));
    }
}

} // namespace drove::ui
