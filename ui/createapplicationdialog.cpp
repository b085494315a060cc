#include "ui/createapplicationdialog.h"

#include "protocol/operationvalidator.h"
#include "ui/jsonlinelocator.h"
#include "ui/opspeceditor.h"
#include "ui_createapplicationform.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTimer>

namespace drove::ui {

using protocol::ApplicationOperation;
using protocol::ApplicationSpec;

namespace {

QString problemText(int line, const QString &message)
{
    if (line <= 0)
        return message;
    return CreateApplicationDialog::tr("Line %1: %2").arg(line).arg(message);
}

// Messages without a field path, mapped to the part of the spec they are about (§3.6).
struct KeywordField
{
    const char *keyword;
    const char *field;
};
constexpr KeywordField kKeywordFields[] = {
    {"for health check", "healthcheck.mode.portName"},
    {"Cpu requirements", "resources"},
    {"Memory requirements", "resources"},
    {"Exposed port name", "exposureSpec.portName"},
    {"Volume mount", "volumes"},
    {"command line", "args"},
    {"Device access", "devices"},
    {"Local service placement", "placementPolicy"},
    {"Application name", "name"},
    {"App version", "version"},
};

} // namespace

CreateApplicationDialog::CreateApplicationDialog(const OperationContext &context,
                                                 RemoteSpecValidator remoteValidator,
                                                 QWidget *parent)
    : OperationDialog(context, protocol::OperationType::Create, QString(), parent)
    , m_ui(std::make_unique<::Ui::CreateApplicationForm>())
    , m_remoteValidator(std::move(remoteValidator))
{
    setWindowTitle(tr("Create application"));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->specEditor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->checkSpecButton->setVisible(static_cast<bool>(m_remoteValidator));
    m_checkButtonToolTip = m_ui->checkSpecButton->toolTip();
    m_ui->remoteStatusLabel->setVisible(static_cast<bool>(m_remoteValidator));
    setFormWidget(form);
    setOkText(tr("Create"));
    resize(720, 820);

    m_remoteTimer = new QTimer(this);
    m_remoteTimer->setSingleShot(true);
    m_remoteTimer->setInterval(RemoteCheckDelayMs);
    connect(m_remoteTimer, &QTimer::timeout, this, &CreateApplicationDialog::startRemoteCheck);

    connect(m_ui->specEditor, &QPlainTextEdit::textChanged, this,
            &CreateApplicationDialog::specTextChanged);
    connect(m_ui->initialInstancesSpinBox, &QSpinBox::valueChanged, this,
            &CreateApplicationDialog::refresh);
    connect(m_ui->loadSpecButton, &QPushButton::clicked, this,
            &CreateApplicationDialog::browseForSpec);
    connect(m_ui->checkSpecButton, &QPushButton::clicked, this,
            &CreateApplicationDialog::startRemoteCheck);
    connect(m_ui->specErrorList, &QListWidget::currentRowChanged, this,
            &CreateApplicationDialog::jumpToProblem);
    specTextChanged();
}

CreateApplicationDialog::~CreateApplicationDialog() = default;

bool CreateApplicationDialog::loadSpecFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_ui->specErrorList->clear();
        m_ui->specErrorList->addItem(
            tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_specFile = path;
    m_ui->specFileLineEdit->setText(QDir::toNativeSeparators(path));
    setSpecText(QString::fromUtf8(file.readAll()));
    return true;
}

void CreateApplicationDialog::setSpecText(const QString &text)
{
    m_ui->specEditor->setPlainText(text);
}

QStringList CreateApplicationDialog::listedProblems() const
{
    QStringList problems;
    for (int row = 0; row < m_ui->specErrorList->count(); ++row)
        problems << m_ui->specErrorList->item(row)->text();
    return problems;
}

void CreateApplicationDialog::browseForSpec()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load application spec"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadSpecFile(path);
}

void CreateApplicationDialog::specTextChanged()
{
    // A typed-over text is no longer the loaded file's content as far as the CLI is concerned,
    // but keeping the name is more useful than losing it; the CLI note tells to save it.
    parseSpec();
    ++m_remoteGeneration;
    m_remoteErrors.clear();
    m_remoteState
        = m_remoteNotOffered.isEmpty() ? RemoteState::NotChecked : RemoteState::NotOffered;
    if (m_remoteValidator && m_localProblems.isEmpty() && m_remoteNotOffered.isEmpty())
        m_remoteTimer->start();
    else
        m_remoteTimer->stop();
    showProblems();
    refresh();
}

void CreateApplicationDialog::parseSpec()
{
    m_spec.reset();
    m_localProblems.clear();
    const QString text = m_ui->specEditor->toPlainText();
    if (text.trimmed().isEmpty()) {
        m_localProblems.append({0, tr("Paste an application spec or load one from a file.")});
        return;
    }
    const JsonLineLocator locator(text);
    QJsonParseError jsonError {};
    const QByteArray bytes = text.toUtf8();
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &jsonError);
    if (jsonError.error != QJsonParseError::NoError) {
        // The offset is in UTF-8 bytes; convert the prefix back to count characters.
        const int charOffset = int(QString::fromUtf8(bytes.left(jsonError.offset)).size());
        m_localProblems.append({locator.lineAtOffset(charOffset),
                                tr("Not valid JSON: %1").arg(jsonError.errorString())});
        return;
    }
    if (!document.isObject()) {
        m_localProblems.append({1, tr("The spec must be a JSON object.")});
        return;
    }
    protocol::ParseError parseError;
    const auto spec = ApplicationSpec::fromJson(document.object(), &parseError);
    if (!spec) {
        m_localProblems.append({locator.lineOf(parseError.field), parseError.toString()});
        return;
    }
    m_spec = spec;
    const QStringList errors = protocol::OperationValidator::validateForSend(buildOperation());
    for (const auto &message : errors) {
        // opSpec problems belong to the opSpec editor, not to a line of the spec.
        if (message.startsWith(QLatin1String("opSpec")))
            continue;
        m_localProblems.append({lineForMessage(message), message});
    }
}

int CreateApplicationDialog::lineForMessage(const QString &message) const
{
    const JsonLineLocator locator(m_ui->specEditor->toPlainText());
    static const QRegularExpression leadingPath(
        QStringLiteral("^(?:spec\\.)?([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+|\\[\\d+\\])*)"));
    const auto match = leadingPath.match(message);
    if (match.hasMatch()) {
        const QString path = match.captured(1);
        const QString top = path.section(QLatin1Char('.'), 0, 0).section(QLatin1Char('['), 0, 0);
        if (locator.contains(path) || locator.contains(top))
            return locator.lineOf(path);
    }
    for (const auto &entry : kKeywordFields) {
        if (message.contains(QLatin1String(entry.keyword)))
            return locator.lineOf(QLatin1String(entry.field));
    }
    return 0;
}

void CreateApplicationDialog::showProblems()
{
    m_ui->specErrorList->blockSignals(true);
    m_ui->specErrorList->clear();
    QList<QTextEdit::ExtraSelection> marks;
    auto addProblem = [&](int line, const QString &message) {
        auto *item = new QListWidgetItem(problemText(line, message), m_ui->specErrorList);
        item->setData(Qt::UserRole, line);
        if (line > 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_ui->specEditor->document()->findBlockByNumber(line - 1));
            mark.format.setBackground(QColor(255, 205, 210));
            mark.format.setForeground(Qt::black); // readable on the pink in the dark theme too
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks.append(mark);
        }
    };
    for (const auto &problem : std::as_const(m_localProblems))
        addProblem(problem.first, problem.second);
    for (const auto &message : std::as_const(m_remoteErrors))
        addProblem(lineForMessage(message), tr("Controller: %1").arg(message));
    m_ui->specEditor->setExtraSelections(marks);
    m_ui->specErrorList->setVisible(m_ui->specErrorList->count() > 0);
    m_ui->specErrorList->blockSignals(false);

    m_ui->appIdLabel->setText(m_spec ? m_spec->appId() : tr("(from the spec's name and version)"));

    QString status;
    switch (m_remoteState) {
    case RemoteState::NotChecked:
        status = m_localProblems.isEmpty() ? tr("Not checked by the controller yet.")
                                           : tr("Fix the problems above first.");
        break;
    case RemoteState::Checking:
        status = tr("Checking with the controller…");
        break;
    case RemoteState::Valid:
        status = tr("The controller accepts this spec.");
        break;
    case RemoteState::Invalid:
        status = tr("The controller rejected this spec.");
        break;
    case RemoteState::Unavailable:
        status = tr("Could not ask the controller: %1").arg(m_remoteFailure);
        break;
    case RemoteState::NotOffered:
        status = tr("This controller does not validate specs: only the console's own checks "
                    "apply.");
        break;
    }
    m_ui->remoteStatusLabel->setText(status);
    m_ui->checkSpecButton->setEnabled(m_localProblems.isEmpty()
                                      && m_remoteState != RemoteState::Checking
                                      && m_remoteState != RemoteState::NotOffered);
    m_ui->checkSpecButton->setToolTip(
        m_remoteState == RemoteState::NotOffered ? m_remoteNotOffered : m_checkButtonToolTip);
}

void CreateApplicationDialog::setRemoteCheckUnavailable(const QString &why)
{
    if (why == m_remoteNotOffered)
        return;
    m_remoteNotOffered = why;
    // Whatever is in flight, or was answered, is about the other situation: start over.
    m_remoteTimer->stop();
    ++m_remoteGeneration;
    m_remoteErrors.clear();
    m_remoteState = why.isEmpty() ? RemoteState::NotChecked : RemoteState::NotOffered;
    if (why.isEmpty() && m_remoteValidator && m_localProblems.isEmpty())
        m_remoteTimer->start();
    showProblems();
    refresh();
}

void CreateApplicationDialog::startRemoteCheck()
{
    if (!m_remoteValidator || !m_spec || !m_localProblems.isEmpty()
        || !m_remoteNotOffered.isEmpty())
        return;
    m_remoteTimer->stop();
    const quint64 generation = ++m_remoteGeneration;
    m_remoteState = RemoteState::Checking;
    m_remoteErrors.clear();
    showProblems();
    refresh();
    QPointer<CreateApplicationDialog> self(this);
    m_remoteValidator(*m_spec, [self, generation](const SpecCheckResult &result) {
        // The dialog may be gone, or the text edited since: then the answer is stale.
        if (!self || generation != self->m_remoteGeneration)
            return;
        if (!result.failure.isEmpty()) {
            self->m_remoteState = RemoteState::Unavailable;
            self->m_remoteFailure = result.failure;
            self->showProblems();
        } else {
            self->m_remoteState = result.valid ? RemoteState::Valid : RemoteState::Invalid;
            self->m_remoteErrors = result.valid ? QStringList() : result.errors;
            self->showProblems();
        }
        self->refresh();
    });
}

void CreateApplicationDialog::jumpToProblem(int row)
{
    if (row < 0)
        return;
    const int line = m_ui->specErrorList->item(row)->data(Qt::UserRole).toInt();
    if (line <= 0)
        return;
    QTextCursor cursor(m_ui->specEditor->document()->findBlockByNumber(line - 1));
    m_ui->specEditor->setTextCursor(cursor);
    m_ui->specEditor->centerCursor();
    m_ui->specEditor->setFocus();
}

ApplicationOperation CreateApplicationDialog::buildOperation() const
{
    ApplicationOperation operation = ApplicationOperation::create(
        m_spec.value_or(ApplicationSpec()), m_ui->initialInstancesSpinBox->value(),
        opSpecEditor()->opSpec());
    if (!m_spec)
        operation.spec.reset();
    return operation;
}

QStringList CreateApplicationDialog::formErrors() const
{
    QStringList errors;
    for (const auto &problem : m_localProblems)
        errors << problemText(problem.first, problem.second);
    for (const auto &message : m_remoteErrors)
        errors << tr("Controller: %1").arg(message);
    return errors;
}

QString CreateApplicationDialog::specFileForCli() const
{
    return m_specFile;
}

bool CreateApplicationDialog::isReadyToSend() const
{
    // A controller without validate/spec still creates applications: its own checks on
    // POST …/operations apply then, as for the CLI.
    return !m_remoteValidator || m_remoteState == RemoteState::Valid
        || m_remoteState == RemoteState::NotOffered;
}

} // namespace drove::ui
