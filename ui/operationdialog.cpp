#include "ui/operationdialog.h"

#include "protocol/operationvalidator.h"
#include "ui/criticalitystyle.h"
#include "ui/opspeceditor.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QTimer>
#include <QVBoxLayout>

namespace drove::ui {

using protocol::ApplicationOperation;

namespace {

QString bulletList(const QStringList &lines)
{
    QStringList escaped;
    for (const auto &line : lines)
        escaped << line.toHtmlEscaped();
    return QStringLiteral("• ") + escaped.join(QStringLiteral("<br>• "));
}

} // namespace

OperationDialog::OperationDialog(const OperationContext &context, protocol::OperationType type,
                                 const QString &appId, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_type(type)
    , m_appId(appId)
{
    buildFrame();
}

OperationDialog::~OperationDialog() = default;

void OperationDialog::buildFrame()
{
    auto *layout = new QVBoxLayout(this);

    m_clusterLabel = new QLabel(this);
    m_clusterLabel->setObjectName(QStringLiteral("clusterLabel"));
    m_clusterLabel->setText(criticalityBannerText(m_context.criticality, m_context.clusterName));
    m_clusterLabel->setStyleSheet(criticalityStyleSheet(m_context.criticality));
    layout->addWidget(m_clusterLabel);

    m_formSlot = new QVBoxLayout;
    layout->addLayout(m_formSlot);

    m_opSpecEditor = new OpSpecEditor(this);
    m_opSpecEditor->setObjectName(QStringLiteral("opSpecEditor"));
    m_opSpecEditor->setSettingsGroup(m_context.settingsGroup);
    m_opSpecEditor->loadDefaults();
    layout->addWidget(m_opSpecEditor);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("validationErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::RichText);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    layout->addWidget(m_errorLabel);

    m_capacityLabel = new QLabel(this);
    m_capacityLabel->setObjectName(QStringLiteral("capacityWarningLabel"));
    m_capacityLabel->setWordWrap(true);
    m_capacityLabel->setStyleSheet(QStringLiteral(
        "background-color: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px;"));
    layout->addWidget(m_capacityLabel);
    // Placement warnings never block sending (the operator may be about to add capacity), but
    // they are not sent past by accident either.
    m_capacityAckCheckBox = new QCheckBox(this);
    m_capacityAckCheckBox->setObjectName(QStringLiteral("capacityAcknowledgeCheckBox"));
    m_capacityAckCheckBox->setText(
        tr("Send anyway: the operation waits for capacity until it is added or the timeout"));
    m_capacityAckCheckBox->setVisible(false);
    connect(m_capacityAckCheckBox, &QCheckBox::toggled, this, &OperationDialog::refresh);
    layout->addWidget(m_capacityAckCheckBox);
    // Executors, instances and the NUMA layouts arrive and change while the dialog is open.
    auto *placementTimer = new QTimer(this);
    placementTimer->setObjectName(QStringLiteral("placementRefreshTimer"));
    placementTimer->setInterval(2000);
    connect(placementTimer, &QTimer::timeout, this, &OperationDialog::refresh);
    placementTimer->start();

    m_confirmBox = new QWidget(this);
    m_confirmBox->setObjectName(QStringLiteral("confirmationBox"));
    auto *confirmLayout = new QVBoxLayout(m_confirmBox);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    m_confirmCheckBox = new QCheckBox(m_confirmBox);
    m_confirmCheckBox->setObjectName(QStringLiteral("confirmCheckBox"));
    m_confirmCheckBox->setText(
        tr("I understand that this affects the %1")
            .arg(criticalityBannerText(m_context.criticality, m_context.clusterName)));
    confirmLayout->addWidget(m_confirmCheckBox);
    m_confirmIdLabel = new QLabel(m_confirmBox);
    m_confirmIdLabel->setObjectName(QStringLiteral("confirmIdLabel"));
    m_confirmIdLabel->setTextFormat(Qt::RichText);
    m_confirmIdLabel->setText(tr("Type <b>%1</b> to confirm:").arg(m_appId.toHtmlEscaped()));
    confirmLayout->addWidget(m_confirmIdLabel);
    m_confirmIdLineEdit = new QLineEdit(m_confirmBox);
    m_confirmIdLineEdit->setObjectName(QStringLiteral("confirmIdLineEdit"));
    m_confirmIdLineEdit->setPlaceholderText(m_appId);
    m_confirmIdLabel->setBuddy(m_confirmIdLineEdit);
    confirmLayout->addWidget(m_confirmIdLineEdit);
    layout->addWidget(m_confirmBox);

    auto *previewBox = new QGroupBox(tr("Request that will be sent"), this);
    previewBox->setObjectName(QStringLiteral("previewBox"));
    m_previewBox = previewBox;
    auto *previewLayout = new QVBoxLayout(previewBox);
    m_jsonPreview = new QPlainTextEdit(previewBox);
    m_jsonPreview->setObjectName(QStringLiteral("jsonPreview"));
    m_jsonPreview->setReadOnly(true);
    m_jsonPreview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_jsonPreview->setMinimumHeight(120);
    previewLayout->addWidget(m_jsonPreview);
    auto *copyRow = new QHBoxLayout;
    m_copyJsonButton = new QPushButton(tr("Copy JSON"), previewBox);
    m_copyJsonButton->setObjectName(QStringLiteral("copyJsonButton"));
    m_copyCurlButton = new QPushButton(tr("Copy as curl"), previewBox);
    m_copyCurlButton->setObjectName(QStringLiteral("copyCurlButton"));
    m_copyCliButton = new QPushButton(tr("Copy as drove CLI command"), previewBox);
    m_copyCliButton->setObjectName(QStringLiteral("copyCliButton"));
    copyRow->addWidget(m_copyJsonButton);
    copyRow->addWidget(m_copyCurlButton);
    copyRow->addWidget(m_copyCliButton);
    copyRow->addStretch();
    previewLayout->addLayout(copyRow);
    m_cliNoteLabel = new QLabel(previewBox);
    m_cliNoteLabel->setObjectName(QStringLiteral("cliNoteLabel"));
    m_cliNoteLabel->setWordWrap(true);
    previewLayout->addWidget(m_cliNoteLabel);
    layout->addWidget(previewBox, 1);

    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    m_buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (validationErrors().isEmpty() && isConfirmed() && isReadyToSend())
            accept();
    });
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_opSpecEditor, &OpSpecEditor::opSpecChanged, this, &OperationDialog::refresh);
    connect(m_confirmCheckBox, &QCheckBox::toggled, this, &OperationDialog::refresh);
    connect(m_confirmIdLineEdit, &QLineEdit::textChanged, this, &OperationDialog::refresh);
    connect(m_copyCurlButton, &QPushButton::clicked, this, &OperationDialog::copyCurl);
    connect(m_copyCliButton, &QPushButton::clicked, this, &OperationDialog::copyCli);
    connect(m_copyJsonButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(jsonText()); });

    resize(620, 640);
}

void OperationDialog::setFormWidget(QWidget *form)
{
    m_formSlot->addWidget(form);
    m_building = false;
}

void OperationDialog::setOkText(const QString &text)
{
    m_buttonBox->button(QDialogButtonBox::Ok)->setText(text);
}

void OperationDialog::setOpSpecEditorVisible(bool visible)
{
    m_opSpecEditor->setVisible(visible);
}

void OperationDialog::setPreviewTitle(const QString &title)
{
    m_previewBox->setTitle(title);
}

void OperationDialog::setCommandCopyVisible(bool visible)
{
    m_copyCurlButton->setVisible(visible);
    m_copyCliButton->setVisible(visible);
}

QStringList OperationDialog::validationErrors() const
{
    QStringList errors = formErrors();
    if (!errors.isEmpty())
        return errors;
    return protocol::OperationValidator::validateForSend(buildOperation());
}

QStringList OperationDialog::capacityWarnings() const
{
    if (!m_context.capacityCheck)
        return {};
    return m_context.capacityCheck(buildOperation());
}

Confirmation OperationDialog::confirmation() const
{
    return withGuard(requiredConfirmation(m_type, reducesCapacity(), m_context.criticality),
                     m_context.confirmEveryChange);
}

bool OperationDialog::isConfirmed() const
{
    if (m_hasCapacityWarnings && !m_capacityAckCheckBox->isChecked())
        return false;
    const Confirmation needed = confirmation();
    const bool idTyped = m_confirmIdLineEdit->text().trimmed() == m_appId;
    switch (needed) {
    case Confirmation::None:
        return true;
    case Confirmation::Acknowledge:
        return m_confirmCheckBox->isChecked();
    case Confirmation::TypeName:
        return idTyped;
    case Confirmation::TypeNameAndAcknowledge:
        return idTyped && m_confirmCheckBox->isChecked();
    }
    return false;
}

QString OperationDialog::curlCommand() const
{
    return OperationCommands::curlCommand(buildOperation(), m_context);
}

CliCommand OperationDialog::cliCommand() const
{
    return OperationCommands::cliCommand(buildOperation(), m_context.clusterName, specFileForCli());
}

QString OperationDialog::jsonText() const
{
    return QString::fromUtf8(
        QJsonDocument(buildOperation().toJson()).toJson(QJsonDocument::Indented));
}

void OperationDialog::refresh()
{
    if (m_building)
        return;
    const QString json = jsonText();
    if (m_jsonPreview->toPlainText() != json)
        m_jsonPreview->setPlainText(json);

    const QStringList errors = validationErrors();
    m_errorLabel->setVisible(!errors.isEmpty());
    m_errorLabel->setText(errors.isEmpty() ? QString() : bulletList(errors));

    const QStringList warnings = errors.isEmpty() ? capacityWarnings() : QStringList();
    m_capacityLabel->setVisible(!warnings.isEmpty());
    m_capacityLabel->setText(warnings.join(QLatin1Char('\n')));
    m_capacityAckCheckBox->setVisible(!warnings.isEmpty());
    m_hasCapacityWarnings = !warnings.isEmpty();

    const Confirmation needed = confirmation();
    const bool acknowledge
        = needed == Confirmation::Acknowledge || needed == Confirmation::TypeNameAndAcknowledge;
    const bool typeId
        = needed == Confirmation::TypeName || needed == Confirmation::TypeNameAndAcknowledge;
    m_confirmBox->setVisible(needed != Confirmation::None);
    m_confirmCheckBox->setVisible(acknowledge);
    m_confirmIdLabel->setVisible(typeId);
    m_confirmIdLineEdit->setVisible(typeId);

    const CliCommand cli = cliCommand();
    m_copyCliButton->setEnabled(cli.isAvailable());
    m_copyCliButton->setToolTip(cli.isAvailable() ? cli.command : cli.note);
    m_cliNoteLabel->setVisible(!cli.note.isEmpty());
    m_cliNoteLabel->setText(cli.note);
    m_copyCurlButton->setToolTip(curlCommand());

    m_buttonBox->button(QDialogButtonBox::Ok)
        ->setEnabled(errors.isEmpty() && isConfirmed() && isReadyToSend());

    // A warning that appears after the dialog is shown (placement data arriving) makes the
    // content taller than the window; window managers do not all grow a mapped window to its
    // new minimum, and the copy buttons were drawn over the request. Grow it, within the screen.
    if (isVisible()) {
        // Word-wrapped labels only say their height for a given width.
        int needed = minimumSizeHint().height();
        if (layout() && layout()->hasHeightForWidth())
            needed = qMax(needed, layout()->totalHeightForWidth(width()));
        if (height() < needed) {
            int limit = needed;
            if (const QScreen *where = screen())
                limit = qMin(needed, where->availableGeometry().height() - 40);
            resize(width(), qMax(height(), limit));
        }
    }
}

void OperationDialog::copyCurl()
{
    QGuiApplication::clipboard()->setText(curlCommand());
}

void OperationDialog::copyCli()
{
    const CliCommand cli = cliCommand();
    if (cli.isAvailable())
        QGuiApplication::clipboard()->setText(cli.command);
}

} // namespace drove::ui
