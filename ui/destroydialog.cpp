#include "ui/destroydialog.h"

#include "ui/opspeceditor.h"
#include "ui_destroyform.h"

namespace drove::ui {

DestroyDialog::DestroyDialog(const OperationContext &context, const QString &appId, QWidget *parent)
    : OperationDialog(context, protocol::OperationType::Destroy, appId, parent)
    , m_ui(std::make_unique<::Ui::DestroyForm>())
{
    setWindowTitle(tr("Destroy %1").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->descriptionLabel->setText(
        tr("<b>Destroying %1 deletes the application and the records of all its instances "
           "from the cluster.</b> This cannot be undone; the app id can then be created "
           "again from its spec.")
            .arg(appId.toHtmlEscaped()));
    setFormWidget(form);
    setOkText(tr("Destroy"));
    // Destroy runs no jobs: the opSpec is sent because Drove requires it, nothing reads it.
    setOpSpecEditorVisible(false);
    refresh();
}

DestroyDialog::~DestroyDialog() = default;

protocol::ApplicationOperation DestroyDialog::buildOperation() const
{
    return protocol::ApplicationOperation::destroy(appId(), opSpecEditor()->opSpec());
}

} // namespace drove::ui
