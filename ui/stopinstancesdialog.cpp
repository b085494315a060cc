#include "ui/stopinstancesdialog.h"

#include "ui/opspeceditor.h"
#include "ui_stopinstancesform.h"

#include <algorithm>

namespace drove::ui {

StopInstancesDialog::StopInstancesDialog(const OperationContext &context, const QString &appId,
                                         const QStringList &instanceIds, qint64 requiredInstances,
                                         QWidget *parent)
    : OperationDialog(context, protocol::OperationType::StopInstances, appId, parent)
    , m_ui(std::make_unique<::Ui::StopInstancesForm>())
    , m_ids(instanceIds)
    , m_required(requiredInstances)
{
    setWindowTitle(tr("Stop instances of %1").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->instancesLabel->setText(
        tr("Stop these %n instance(s):", nullptr, static_cast<int>(instanceIds.size())));
    m_ui->instanceList->addItems(instanceIds);
    m_ui->skipRespawnCheckBox->setText(
        tr("Do &not start replacements (skipRespawn): the required count drops by %n", nullptr,
           static_cast<int>(instanceIds.size())));
    setFormWidget(form);
    setOkText(tr("Stop instances"));

    connect(m_ui->skipRespawnCheckBox, &QCheckBox::toggled, this, [this] {
        updateExplanation();
        refresh();
    });
    updateExplanation();
    refresh();
}

StopInstancesDialog::~StopInstancesDialog() = default;

protocol::ApplicationOperation StopInstancesDialog::buildOperation() const
{
    return protocol::ApplicationOperation::stopInstances(
        appId(), m_ids, m_ui->skipRespawnCheckBox->isChecked(), opSpecEditor()->opSpec());
}

bool StopInstancesDialog::reducesCapacity() const
{
    return m_ui->skipRespawnCheckBox->isChecked();
}

void StopInstancesDialog::updateExplanation()
{
    const int count = static_cast<int>(m_ids.size());
    if (m_ui->skipRespawnCheckBox->isChecked()) {
        const qint64 after = std::max<qint64>(0, m_required - count);
        m_ui->skipRespawnExplanation->setText(
            tr("The instances stop and nothing replaces them: the app goes from %1 to %2 "
               "required instance(s)%3.")
                .arg(m_required)
                .arg(after)
                .arg(after == 0 ? tr(" and ends in MONITORING") : QString()));
    } else {
        m_ui->skipRespawnExplanation->setText(
            tr("%n replacement(s) are started first and become healthy, then these instances "
               "stop; the app keeps %1 required instance(s). Needs room for the replacements.",
               nullptr, count)
                .arg(m_required));
    }
}

} // namespace drove::ui
