#include "ui/profileeditordialog.h"

#include "ui_profileeditorform.h"

#include "client/cabundle.h"
#include "client/profilestore.h"
#include "ui/appearance.h"
#include "ui/connectiontester.h"
#include "ui/criticalitystyle.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace drove::ui {

using client::ClusterAuth;
using client::ClusterProfile;
using client::Criticality;
using client::ProxyMode;

namespace {

const QString kName = QStringLiteral("name");
const QString kEndpoints = QStringLiteral("endpoints");
const QString kUser = QStringLiteral("username");

/// A profile that passes ClusterProfile::validate(); each field is checked by putting the
/// form's value into it, so the rules stay ClusterProfile's and every error lands at its field.
ClusterProfile probe()
{
    ClusterProfile profile;
    profile.name = QStringLiteral("probe");
    profile.endpoints = {QUrl(QStringLiteral("http://probe"))};
    return profile;
}

QIcon swatch(Criticality criticality)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(ClusterProfile::criticalityColor(criticality)));
    painter.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
    return QIcon(pixmap);
}

} // namespace

ProfileEditorDialog::ProfileEditorDialog(client::ProfileStore *store, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<::Ui::ProfileEditorForm>())
    , m_store(store)
    , m_tester(new ConnectionTester(this))
{
    setObjectName(QStringLiteral("profileEditorDialog"));
    setWindowTitle(tr("New cluster profile"));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (m_problems.isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_ui->authCombo->addItem(tr("None"), QVariant::fromValue(int(ClusterAuth::Mode::None)));
    m_ui->authCombo->addItem(tr("User and password (basic)"),
                             QVariant::fromValue(int(ClusterAuth::Mode::Basic)));
    m_ui->authCombo->addItem(tr("Authorization header (token)"),
                             QVariant::fromValue(int(ClusterAuth::Mode::Header)));
    for (Criticality c : {Criticality::Local, Criticality::Development, Criticality::Integration,
                          Criticality::Production, Criticality::Unknown}) {
        m_ui->criticalityCombo->addItem(swatch(c), ClusterProfile::criticalityLabel(c),
                                        QVariant::fromValue(int(c)));
    }
    m_ui->refreshSpinBox->setRange(ClusterProfile::kMinRefreshIntervalMs / 1000.0,
                                   ClusterProfile::kMaxRefreshIntervalMs / 1000.0);
    m_ui->timeoutSpinBox->setRange(ClusterProfile::kMinRequestTimeoutMs / 1000,
                                   ClusterProfile::kMaxRequestTimeoutMs / 1000);
    m_ui->proxyCombo->addItem(tr("System settings"), QVariant::fromValue(int(ProxyMode::System)));
    m_ui->proxyCombo->addItem(tr("None (direct)"), QVariant::fromValue(int(ProxyMode::None)));
    m_ui->proxyCombo->addItem(tr("HTTP proxy:"), QVariant::fromValue(int(ProxyMode::Manual)));
    m_ui->proxyCombo->setToolTip(
        tr("System settings: the desktop's proxy configuration, or http_proxy, https_proxy and "
           "no_proxy"));
    m_ui->headersTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->headersTable->verticalHeader()->setDefaultSectionSize(
        m_ui->headersTable->fontMetrics().height() + 8);

    // Masked by default; the eye shows what was typed (a header value is long and easy to get
    // wrong when pasting).
    auto *reveal = m_ui->secretEdit->addAction(QIcon::fromTheme(QStringLiteral("view-visible")),
                                               QLineEdit::TrailingPosition);
    reveal->setObjectName(QStringLiteral("revealSecretAction"));
    reveal->setCheckable(true);
    reveal->setText(tr("Show"));
    reveal->setToolTip(tr("Show or hide what is typed"));
    connect(reveal, &QAction::toggled, this, [this](bool shown) {
        m_ui->secretEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });

    for (QLabel *label : {m_ui->nameError, m_ui->endpointsError, m_ui->usernameError,
                          m_ui->insecureWarning, m_ui->caFileInfo, m_ui->caFileError,
                          m_ui->proxyError, m_ui->headersError, m_ui->generalError})
        label->hide();
    m_ui->testResultLabel->hide();

    const auto touched = [this](const QString &field) {
        return [this, field] {
            if (m_filling)
                return;
            m_touched.insert(field);
            guessCriticality();
            validate();
        };
    };
    connect(m_ui->nameEdit, &QLineEdit::textEdited, this, touched(kName));
    connect(m_ui->endpointsEdit, &QPlainTextEdit::textChanged, this, touched(kEndpoints));
    connect(m_ui->usernameEdit, &QLineEdit::textEdited, this, touched(kUser));
    connect(m_ui->authCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateAuthFields();
        validate();
    });
    connect(m_ui->secretEdit, &QLineEdit::textChanged, this, &ProfileEditorDialog::validate);
    connect(m_ui->insecureCheckBox, &QCheckBox::toggled, this,
            &ProfileEditorDialog::updateInsecureWarning);
    connect(m_ui->criticalityCombo, &QComboBox::activated, this, [this] {
        m_criticalityChosen = true;
        updateCriticalityPreview();
    });
    connect(m_ui->confirmEveryChangeCheckBox, &QCheckBox::clicked, this,
            [this] { m_guardChosen = true; });
    connect(m_ui->criticalityCombo, &QComboBox::currentIndexChanged, this,
            &ProfileEditorDialog::updateCriticalityPreview);
    connect(m_ui->refreshSpinBox, &QDoubleSpinBox::valueChanged, this,
            &ProfileEditorDialog::validate);
    connect(m_ui->caFileEdit, &QLineEdit::textChanged, this, &ProfileEditorDialog::validate);
    connect(m_ui->caBrowseButton, &QPushButton::clicked, this,
            &ProfileEditorDialog::browseForCaFile);
    connect(m_ui->proxyCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateProxyFields();
        validate();
    });
    connect(m_ui->proxyUrlEdit, &QLineEdit::textChanged, this, &ProfileEditorDialog::validate);
    connect(m_ui->headersTable, &QTableWidget::itemChanged, this, &ProfileEditorDialog::validate);
    connect(m_ui->headersTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] {
                m_ui->removeHeaderButton->setEnabled(
                    m_ui->headersTable->selectionModel()->hasSelection());
            });
    connect(m_ui->addHeaderButton, &QPushButton::clicked, this, [this] {
        addHeaderRow();
        const int row = m_ui->headersTable->rowCount() - 1;
        m_ui->headersTable->setCurrentCell(row, 0);
        m_ui->headersTable->editItem(m_ui->headersTable->item(row, 0));
    });
    connect(m_ui->removeHeaderButton, &QPushButton::clicked, this,
            &ProfileEditorDialog::removeSelectedHeaders);
    connect(m_ui->timeoutSpinBox, &QSpinBox::valueChanged, this, &ProfileEditorDialog::validate);
    connect(m_ui->testButton, &QPushButton::clicked, this, &ProfileEditorDialog::testConnection);
    connect(m_tester, &ConnectionTester::finished, this, &ProfileEditorDialog::showTestResult);

    ClusterProfile fresh;
    fresh.criticality = Criticality::Production; // the safe side until the user says otherwise
    setProfile(fresh);
    resize(560, 10);
    growToFit(); // the height the wrapped texts need at this width
}

ProfileEditorDialog::~ProfileEditorDialog() = default;

void ProfileEditorDialog::setProfile(const ClusterProfile &profile,
                                     std::optional<bool> criticalityChosen)
{
    m_filling = true;
    m_original = profile;
    m_touched.clear();
    const bool existing = !profile.id.isEmpty();
    setWindowTitle(existing ? tr("Edit cluster profile “%1”").arg(profile.name)
                            : tr("New cluster profile"));
    m_ui->nameEdit->setText(profile.name);
    QStringList endpoints;
    for (const QUrl &endpoint : profile.endpoints)
        endpoints.append(endpoint.toString());
    m_ui->endpointsEdit->setPlainText(endpoints.join(QLatin1Char('\n')));
    m_ui->authCombo->setCurrentIndex(m_ui->authCombo->findData(int(profile.authMode)));
    m_ui->usernameEdit->setText(profile.username);
    m_ui->secretEdit->clear();
    m_ui->insecureCheckBox->setChecked(profile.insecure);
    m_ui->criticalityCombo->setCurrentIndex(
        m_ui->criticalityCombo->findData(int(profile.criticality)));
    // An existing profile's criticality was chosen once (a duplicate's too); never guess over
    // it.
    m_criticalityChosen = criticalityChosen.value_or(existing);
    m_guardChosen = m_criticalityChosen;
    m_ui->confirmEveryChangeCheckBox->setChecked(
        m_criticalityChosen ? profile.confirmEveryChange
                            : profile.criticality == Criticality::Production
                || profile.criticality == Criticality::Unknown);
    m_ui->refreshSpinBox->setValue(profile.refreshIntervalMs / 1000.0);
    m_ui->caFileEdit->setText(QDir::toNativeSeparators(profile.caCertificatesFile));
    m_ui->proxyCombo->setCurrentIndex(m_ui->proxyCombo->findData(int(profile.proxyMode)));
    m_ui->proxyUrlEdit->setText(profile.proxyMode == ProxyMode::Manual ? profile.proxyUrl.toString()
                                                                       : QString());
    m_ui->headersTable->setRowCount(0);
    for (const auto &[name, value] : profile.extraHeaders)
        addHeaderRow(name, value);
    m_ui->removeHeaderButton->setEnabled(false);
    m_ui->timeoutSpinBox->setValue(qRound(profile.requestTimeoutMs / 1000.0));
    m_ui->testResultLabel->hide();
    m_filling = false;
    updateProxyFields();
    updateAuthFields();
    updateInsecureWarning();
    updateCriticalityPreview();
    validate();
    // A profile that cannot be saved as it is opens where the problem is (a CA file that has
    // gone since it was saved).
    const bool onlyNetwork = !m_networkProblems.isEmpty() && m_problems == m_networkProblems;
    m_ui->profileTabs->setCurrentWidget(onlyNetwork ? m_ui->networkPage : m_ui->generalPage);
}

void ProfileEditorDialog::setTakenNames(const QStringList &names)
{
    m_takenNames = names;
    validate();
}

ClusterProfile ProfileEditorDialog::profile() const
{
    ClusterProfile profile = m_original;
    profile.name = m_ui->nameEdit->text().trimmed();
    profile.endpoints = ClusterProfile::parseEndpoints(m_ui->endpointsEdit->toPlainText());
    profile.authMode = ClusterAuth::Mode(m_ui->authCombo->currentData().toInt());
    profile.username = profile.authMode == ClusterAuth::Mode::Basic
        ? m_ui->usernameEdit->text().trimmed()
        : QString();
    profile.insecure = m_ui->insecureCheckBox->isChecked();
    profile.criticality = Criticality(m_ui->criticalityCombo->currentData().toInt());
    profile.confirmEveryChange = m_ui->confirmEveryChangeCheckBox->isChecked();
    profile.refreshIntervalMs = int(qRound(m_ui->refreshSpinBox->value() * 1000));
    QString caFile = QDir::fromNativeSeparators(m_ui->caFileEdit->text().trimmed());
    if (caFile.startsWith(QLatin1String("~/")))
        caFile = QDir::homePath() + caFile.mid(1);
    // Absolute: the console may be started from any directory.
    profile.caCertificatesFile
        = caFile.isEmpty() ? QString() : QFileInfo(caFile).absoluteFilePath();
    profile.proxyMode = ProxyMode(m_ui->proxyCombo->currentData().toInt());
    profile.proxyUrl = profile.proxyMode == ProxyMode::Manual
        ? QUrl(m_ui->proxyUrlEdit->text().trimmed(), QUrl::StrictMode)
        : QUrl();
    profile.extraHeaders = typedHeaders();
    profile.requestTimeoutMs = m_ui->timeoutSpinBox->value() * 1000;
    return profile;
}

QList<QPair<QString, QString>> ProfileEditorDialog::typedHeaders() const
{
    // Rows left empty are ignored; a value without a name is kept, for validate() to refuse.
    QList<QPair<QString, QString>> headers;
    const QTableWidget *table = m_ui->headersTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString name
            = table->item(row, 0) ? table->item(row, 0)->text().trimmed() : QString();
        const QString value
            = table->item(row, 1) ? table->item(row, 1)->text().trimmed() : QString();
        if (!name.isEmpty() || !value.isEmpty())
            headers.append({name, value});
    }
    return headers;
}

QString ProfileEditorDialog::secret() const
{
    return profile().needsSecret() ? m_ui->secretEdit->text() : QString();
}

QStringList ProfileEditorDialog::problems() const
{
    return m_problems;
}

void ProfileEditorDialog::validate()
{
    if (m_filling)
        return;
    const ClusterProfile typed = profile();

    ClusterProfile check = probe();
    check.name = typed.name;
    QStringList nameProblems = check.validate();
    if (nameProblems.isEmpty() && m_takenNames.contains(typed.name, Qt::CaseInsensitive)
        && typed.name.compare(m_original.name, Qt::CaseInsensitive) != 0)
        nameProblems.append(tr("Another profile is already called “%1”.").arg(typed.name));

    QStringList endpointProblems;
    const QList<QUrl> endpoints
        = ClusterProfile::parseEndpoints(m_ui->endpointsEdit->toPlainText(), &endpointProblems);
    if (endpointProblems.isEmpty()) {
        check = probe();
        check.endpoints = endpoints;
        endpointProblems = check.validate();
    }

    QStringList userProblems;
    if (typed.authMode == ClusterAuth::Mode::Basic) {
        check = probe();
        check.authMode = ClusterAuth::Mode::Basic;
        check.username = typed.username;
        userProblems = check.validate();
    }

    // The network options, each alone in a valid profile as above.
    check = probe();
    check.caCertificatesFile = typed.caCertificatesFile;
    const QStringList caProblems = check.validate();
    check = probe();
    check.proxyMode = typed.proxyMode;
    check.proxyUrl = typed.proxyUrl;
    const QStringList proxyProblems = check.validate();
    check = probe();
    check.extraHeaders = typed.extraHeaders;
    const QStringList headerProblems = check.validate();
    const QStringList networkProblems = caProblems + proxyProblems + headerProblems;

    // Whatever validate() finds that no field above owns (e.g. the refresh interval).
    QStringList general = typed.validate();
    for (const QStringList *owned : std::initializer_list<const QStringList *> {
             &nameProblems, &endpointProblems, &userProblems, &caProblems, &proxyProblems,
             &headerProblems})
        for (const QString &problem : *owned)
            general.removeAll(problem);

    m_problems = nameProblems + endpointProblems + userProblems + networkProblems + general;
    m_networkProblems = networkProblems;
    showError(m_ui->caFileError, caProblems);
    showError(m_ui->proxyError, proxyProblems);
    showError(m_ui->headersError, headerProblems);
    // Seen from the General tab too.
    const int networkTab = m_ui->profileTabs->indexOf(m_ui->networkPage);
    m_ui->profileTabs->setTabText(networkTab,
                                  networkProblems.isEmpty() ? tr("Net&work") : tr("Net&work ⚠"));
    m_ui->profileTabs->setTabToolTip(networkTab, networkProblems.join(QLatin1Char('\n')));
    // What the CA file holds, so the operator sees it is the bundle they meant.
    const QString caSummary = caProblems.isEmpty() && !typed.caCertificatesFile.isEmpty()
        ? client::CaBundle::read(typed.caCertificatesFile).summary()
        : QString();
    m_ui->caFileInfo->setText(caSummary.isEmpty() ? QString() : QStringLiteral("✔ ") + caSummary);
    m_ui->caFileInfo->setVisible(!caSummary.isEmpty());
    // "Required" errors wait until the field was touched; wrong values show at once.
    showError(m_ui->nameError,
              m_touched.contains(kName) || !typed.name.isEmpty() ? nameProblems : QStringList());
    showError(m_ui->endpointsError,
              m_touched.contains(kEndpoints) || !endpoints.isEmpty() || !endpointProblems.isEmpty()
                  ? endpointProblems
                  : QStringList());
    showError(m_ui->usernameError, m_touched.contains(kUser) ? userProblems : QStringList());
    showError(m_ui->generalError, general);
    m_saveButton->setEnabled(m_problems.isEmpty());
    m_saveButton->setToolTip(m_problems.join(QLatin1Char('\n')));
    m_ui->testButton->setEnabled(endpointProblems.isEmpty() && !endpoints.isEmpty()
                                 && userProblems.isEmpty() && networkProblems.isEmpty());
    growToFit();
}

void ProfileEditorDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    // Message colours are picked for the palette (View ▸ Appearance can change it).
    if (event->type() == QEvent::PaletteChange && !m_filling && m_saveButton) {
        updateInsecureWarning();
        validate();
    }
}

void ProfileEditorDialog::growToFit()
{
    // Wrapped messages need height for the dialog's width; a layout's minimum size does not
    // account for that, so grow by hand when an error, warning or test result appears.
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

void ProfileEditorDialog::updateProxyFields()
{
    const bool manual = ProxyMode(m_ui->proxyCombo->currentData().toInt()) == ProxyMode::Manual;
    m_ui->proxyUrlEdit->setEnabled(manual);
}

void ProfileEditorDialog::browseForCaFile()
{
    // A dialog object rather than the static helper, so tests can find it by name.
    auto *dialog = new QFileDialog(this, tr("CA certificates (PEM)"));
    dialog->setObjectName(QStringLiteral("caFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters(
        {tr("Certificates (*.pem *.crt *.cer *.ca-bundle)"), tr("All files (*)")});
    const QString current = profile().caCertificatesFile;
    dialog->setDirectory(current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath());
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_ui->caFileEdit->setText(QDir::toNativeSeparators(file));
    });
    dialog->open();
}

void ProfileEditorDialog::addHeaderRow(const QString &name, const QString &value)
{
    QTableWidget *table = m_ui->headersTable;
    const int row = table->rowCount();
    const bool filling = m_filling;
    m_filling = true; // itemChanged for each new cell: validate once, below
    table->insertRow(row);
    table->setItem(row, 0, new QTableWidgetItem(name));
    table->setItem(row, 1, new QTableWidgetItem(value));
    m_filling = filling;
    validate();
}

void ProfileEditorDialog::removeSelectedHeaders()
{
    QTableWidget *table = m_ui->headersTable;
    QList<int> rows;
    for (const QModelIndex &index : table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && table->currentRow() >= 0)
        rows.append(table->currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : std::as_const(rows))
        table->removeRow(row);
    validate();
}

void ProfileEditorDialog::showError(QLabel *label, const QStringList &problems)
{
    label->setText(problems.join(QLatin1Char('\n')));
    label->setStyleSheet(
        QStringLiteral("color: %1;").arg(Appearance::errorColor(label->palette()).name()));
    label->setVisible(!problems.isEmpty());
}

void ProfileEditorDialog::updateAuthFields()
{
    const auto mode = ClusterAuth::Mode(m_ui->authCombo->currentData().toInt());
    auto *layout = m_ui->formLayout;
    layout->setRowVisible(m_ui->usernameEdit, mode == ClusterAuth::Mode::Basic);
    layout->setRowVisible(m_ui->usernameError, mode == ClusterAuth::Mode::Basic);
    layout->setRowVisible(m_ui->secretEdit, mode != ClusterAuth::Mode::None);
    layout->setRowVisible(m_ui->secretHint, mode != ClusterAuth::Mode::None);
    m_ui->secretLabel->setText(mode == ClusterAuth::Mode::Header ? tr("Header &value:")
                                                                 : tr("&Password:"));
    m_ui->secretEdit->setPlaceholderText(
        mode == ClusterAuth::Mode::Header ? tr("e.g. Bearer eyJ… or O-Bearer …") : QString());
    const bool sameMode = !m_original.id.isEmpty() && m_original.authMode == mode;
    if (!m_store->isKeychainAvailable()) {
        m_ui->secretHint->setText(
            sameMode ? tr("Leave empty to keep the one given earlier in this run.")
                     : tr("No keychain is available: it is kept in memory until the console "
                          "exits, never in the settings file. Leave empty to be asked when "
                          "connecting."));
        return;
    }
    m_ui->secretHint->setText(
        sameMode ? tr("Leave empty to keep the one stored in the keychain.")
                 : tr("Stored in the system keychain, never in the settings file. Leave empty "
                      "to be asked when connecting."));
}

void ProfileEditorDialog::updateInsecureWarning()
{
    const bool insecure = m_ui->insecureCheckBox->isChecked();
    m_ui->insecureWarning->setText(
        tr("⚠ Insecure: the controller's identity is not checked, so anyone on the network path "
           "can read the credentials and change what the console shows and sends. Use only for "
           "a controller you trust with a self-signed certificate."));
    m_ui->insecureWarning->setStyleSheet(
        QStringLiteral("color: %1; font-weight: bold;")
            .arg(Appearance::warningColor(m_ui->insecureWarning->palette()).name()));
    m_ui->insecureWarning->setVisible(insecure);
    growToFit();
}

void ProfileEditorDialog::updateCriticalityPreview()
{
    const auto criticality = Criticality(m_ui->criticalityCombo->currentData().toInt());
    const QString name = m_ui->nameEdit->text().trimmed();
    m_ui->criticalityPreview->setText(
        criticalityBannerText(criticality, name.isEmpty() ? tr("cluster") : name));
    m_ui->criticalityPreview->setStyleSheet(criticalityStyleSheet(criticality));
    // The guard follows PRODUCTION until the operator sets it.
    if (!m_guardChosen)
        m_ui->confirmEveryChangeCheckBox->setChecked(criticality == Criticality::Production
                                                     || criticality == Criticality::Unknown);
    const QString hint = tr("Production clusters are shown in red and destructive operations ask "
                            "for the app id to be typed.");
    m_ui->criticalityHint->setText(
        m_criticalityChosen
            ? hint
            : tr("Guessed from the name and endpoints: choose one to confirm. %1").arg(hint));
}

void ProfileEditorDialog::guessCriticality()
{
    if (!m_criticalityChosen) {
        const Criticality guess = ClusterProfile::guessCriticality(
            m_ui->nameEdit->text(),
            ClusterProfile::parseEndpoints(m_ui->endpointsEdit->toPlainText()));
        m_ui->criticalityCombo->setCurrentIndex(m_ui->criticalityCombo->findData(int(guess)));
    }
    updateCriticalityPreview();
}

void ProfileEditorDialog::testConnection()
{
    const ClusterProfile typed = profile();
    m_ui->testButton->setEnabled(false);
    m_ui->testResultLabel->setStyleSheet(QString());
    m_ui->testResultLabel->setText(tr("Testing %1…")
                                       .arg(typed.endpoints.size() > 1
                                                ? tr("the endpoints")
                                                : typed.endpoints.value(0).host()));
    m_ui->testResultLabel->show();
    const bool keepStored = typed.needsSecret() && m_ui->secretEdit->text().isEmpty()
        && !m_original.id.isEmpty() && m_original.authMode == typed.authMode;
    if (!keepStored) {
        m_tester->test(typed.connectionSettings(secret()));
        return;
    }
    // The stored secret (keychain, or asked for): the test must use what Connect would use.
    m_store->requestSecret(m_original.id, this, [this](const std::optional<QString> &stored) {
        if (!stored) {
            showTestResult(false, tr("Not tested: no password or header value was given."));
            return;
        }
        m_tester->test(profile().connectionSettings(*stored));
    });
}

void ProfileEditorDialog::showTestResult(bool ok, const QString &message)
{
    m_ui->testResultLabel->setText((ok ? QStringLiteral("✔ ") : QStringLiteral("✖ ")) + message);
    const QColor color = ok ? Appearance::successColor(m_ui->testResultLabel->palette())
                            : Appearance::errorColor(m_ui->testResultLabel->palette());
    m_ui->testResultLabel->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
    m_ui->testResultLabel->show();
    validate(); // re-enables the test button, and grows the dialog to show the result
}

} // namespace drove::ui
