#include "ui/canceloperationdialog.h"

#include "ui/confirmationpolicy.h"
#include "ui/criticalitystyle.h"
#include "ui_cancelform.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QPushButton>

namespace drove::ui {

CancelOperationDialog::CancelOperationDialog(const OperationContext &context, const QString &appId,
                                             std::optional<protocol::OperationType> activeType,
                                             QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<::Ui::CancelOperationForm>())
    , m_context(context)
    , m_appId(appId)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Cancel operation on %1").arg(appId));
    m_ui->clusterLabel->setText(criticalityBannerText(context.criticality, context.clusterName));
    m_ui->clusterLabel->setStyleSheet(criticalityStyleSheet(context.criticality));
    const QString what = activeType ? protocol::wireName(*activeType) : tr("the active operation");
    m_ui->descriptionLabel->setText(
        tr("Cancel <b>%1</b> on <b>%2</b>?").arg(what.toHtmlEscaped(), appId.toHtmlEscaped()));
    QString note = tr("Jobs not started yet are skipped; jobs in flight (instances starting or "
                      "stopping) finish first, so the app settles a little later.");
    if (activeType && !protocol::isCancellable(*activeType))
        note += QLatin1Char(' ')
            + tr("%1 cannot be cancelled; the controller will refuse.").arg(what);
    m_ui->noteLabel->setText(note);
    m_ui->buttonBox->button(QDialogButtonBox::Yes)->setText(tr("Cancel operation"));
    m_ui->buttonBox->button(QDialogButtonBox::Yes)->setObjectName(QStringLiteral("okButton"));
    m_ui->buttonBox->button(QDialogButtonBox::No)->setText(tr("Keep running"));
    m_ui->buttonBox->button(QDialogButtonBox::No)->setObjectName(QStringLiteral("cancelButton"));
    m_ui->copyCurlButton->setToolTip(curlCommand());
    m_ui->copyCliButton->setToolTip(cliCommand().command);

    // The confirmation policy: on a production cluster the cancel is ticked before it goes.
    if (withGuard(requiredConfirmation(ClusterAction::CancelOperation, context.criticality),
                  context.confirmEveryChange)
        == Confirmation::Acknowledge) {
        auto *confirm
            = new QCheckBox(tr("I understand that the operation stops where it is"), this);
        confirm->setObjectName(QStringLiteral("confirmCheckBox"));
        m_ui->layout->insertWidget(m_ui->layout->indexOf(m_ui->noteLabel) + 1, confirm);
        QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Yes);
        ok->setEnabled(false);
        connect(confirm, &QCheckBox::toggled, ok, &QPushButton::setEnabled);
    }

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->copyCurlButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(curlCommand()); });
    connect(m_ui->copyCliButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(cliCommand().command); });
}

CancelOperationDialog::~CancelOperationDialog() = default;

QString CancelOperationDialog::curlCommand() const
{
    return OperationCommands::cancelCurlCommand(m_appId, m_context);
}

CliCommand CancelOperationDialog::cliCommand() const
{
    return OperationCommands::cancelCliCommand(m_appId, m_context.clusterName);
}

QString CancelOperationDialog::cancellationRequestedText()
{
    return tr("cancellation requested — takes effect after the jobs in flight finish");
}

} // namespace drove::ui
