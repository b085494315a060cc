// Cluster ▸ Connect…: the profile form's validation (errors at the field, Save disabled), its
// network options (CA file, proxy, extra headers, timeout: checked at their field, saved and
// shown again), saving through ProfileStore with the secret in the keychain only,
// duplicate/delete, the ~/.drove import preview, and Connect emitting the chosen id. Driven
// through the real dialogs.
#include "client/memorysecretstore.h"
#include "client/profilestore.h"
#include "ui/connectdialog.h"
#include "ui/droveimportdialog.h"
#include "ui/profileeditordialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace drove;
using client::ClusterAuth;
using client::ClusterProfile;

namespace {

/// DROVE_UI_SCREENSHOT_DIR=/tmp/shots: the form as the test left it, for the README.
void maybeScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("DROVE_UI_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestConnectDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void formValidation_data();
    void formValidation();
    void criticalityGuessedUntilChosen();
    void criticalityGuessIsSaidAndNamesComeFirst();
    void duplicateKeepsCriticalityAndGuard();
    void networkOptionsValidation_data();
    void networkOptionsValidation();
    void networkOptionsRoundTrip();
    void invalidCaFileRefused();
    void saveKeepsSecretOutOfSettings();
    void editKeepsStoredSecret();
    void duplicateAndDelete();
    void importPreview();
    void importMissingFile();
    void connectEmitsChosenId();

private:
    template<typename T>
    T *child(QWidget *parent, const char *name) const
    {
        return parent->findChild<T *>(QLatin1String(name));
    }
    ui::ProfileEditorDialog *openAdd();
    void fill(ui::ProfileEditorDialog *editor, const QString &name, const QString &endpoints,
              ClusterAuth::Mode mode = ClusterAuth::Mode::None, const QString &user = {},
              const QString &secret = {});
    QString settingsText() const;
    /// Opens the Network tab and types the options in as an operator would.
    void setNetworkOptions(ui::ProfileEditorDialog *editor, const QString &caFile,
                           client::ProxyMode proxy, const QString &proxyUrl,
                           const QList<QPair<QString, QString>> &headers);
    /// A file in the test's directory holding `content`.
    QString writeFile(const QString &name, const QByteArray &content) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<client::MemorySecretStore> m_secrets;
    std::unique_ptr<client::ProfileStore> m_store;
    std::unique_ptr<ui::ConnectDialog> m_dialog;
};

void TestConnectDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);
    m_secrets = std::make_unique<client::MemorySecretStore>();
    m_store = std::make_unique<client::ProfileStore>(m_settings.get(), m_secrets.get());
    m_dialog = std::make_unique<ui::ConnectDialog>(m_store.get());
    m_dialog->show();
}

void TestConnectDialog::cleanup()
{
    m_dialog.reset();
    m_store.reset();
    m_secrets.reset();
    m_settings.reset();
    m_dir.reset();
}

ui::ProfileEditorDialog *TestConnectDialog::openAdd()
{
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "addButton"), Qt::LeftButton);
    return m_dialog->editor();
}

void TestConnectDialog::fill(ui::ProfileEditorDialog *editor, const QString &name,
                             const QString &endpoints, ClusterAuth::Mode mode, const QString &user,
                             const QString &secret)
{
    auto *nameEdit = child<QLineEdit>(editor, "nameEdit");
    nameEdit->clear();
    QTest::keyClicks(nameEdit, name.isEmpty() ? QStringLiteral("x") : name);
    if (name.isEmpty())
        QTest::keyClick(nameEdit, Qt::Key_Backspace); // typed, then erased
    auto *endpointsEdit = child<QPlainTextEdit>(editor, "endpointsEdit");
    endpointsEdit->clear();
    const QStringList lines = endpoints.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(endpointsEdit, Qt::Key_Return);
        QTest::keyClicks(endpointsEdit, lines.at(i));
    }
    auto *auth = child<QComboBox>(editor, "authCombo");
    auth->setCurrentIndex(auth->findData(int(mode)));
    auto *userEdit = child<QLineEdit>(editor, "usernameEdit");
    userEdit->clear();
    if (!user.isEmpty())
        QTest::keyClicks(userEdit, user);
    else if (mode == ClusterAuth::Mode::Basic)
        emit userEdit->textEdited(QString()); // touched and left empty
    auto *secretEdit = child<QLineEdit>(editor, "secretEdit");
    secretEdit->clear();
    if (!secret.isEmpty())
        QTest::keyClicks(secretEdit, secret);
}

QString TestConnectDialog::settingsText() const
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestConnectDialog::formValidation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("endpoints");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("saveEnabled");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("errorMentions");

    const int none = int(ClusterAuth::Mode::None);
    const int basic = int(ClusterAuth::Mode::Basic);
    const int header = int(ClusterAuth::Mode::Header);
    QTest::newRow("valid, no auth") << "stage"
                                    << "https://drove.stage.example.com" << none << "" << true << ""
                                    << "";
    QTest::newRow("valid, two endpoints comma separated")
        << "stage"
        << "http://c1:10000, http://c2:10000" << none << "" << true << ""
        << "";
    QTest::newRow("valid, endpoints one per line")
        << "stage"
        << "http://c1:10000\nhttp://c2:10000" << none << "" << true << ""
        << "";
    QTest::newRow("valid, basic with user")
        << "stage"
        << "https://d.example.com" << basic << "deployer" << true << ""
        << "";
    QTest::newRow("valid, header") << "stage"
                                   << "https://d.example.com" << header << "" << true << ""
                                   << "";
    QTest::newRow("missing name") << ""
                                  << "https://d.example.com" << none << "" << false << "nameError"
                                  << "name";
    QTest::newRow("bad scheme") << "stage"
                                << "ftp://d.example.com" << none << "" << false << "endpointsError"
                                << "ftp://d.example.com";
    QTest::newRow("not a url") << "stage"
                               << "drove.example.com" << none << "" << false << "endpointsError"
                               << "drove.example.com";
    QTest::newRow("one good, one bad endpoint")
        << "stage"
        << "http://c1:10000, http//c2" << none << "" << false << "endpointsError"
        << "http//c2";
    QTest::newRow("no endpoint") << "stage"
                                 << "" << none << "" << false << "endpointsError"
                                 << "endpoint";
    QTest::newRow("basic without user")
        << "stage"
        << "https://d.example.com" << basic << "" << false << "usernameError"
        << "user name";
    QTest::newRow("name taken") << "prod"
                                << "https://d.example.com" << none << "" << false << "nameError"
                                << "already called";
}

void TestConnectDialog::formValidation()
{
    QFETCH(QString, name);
    QFETCH(QString, endpoints);
    QFETCH(int, mode);
    QFETCH(QString, user);
    QFETCH(bool, saveEnabled);
    QFETCH(QString, errorLabel);
    QFETCH(QString, errorMentions);

    ClusterProfile existing;
    existing.name = QStringLiteral("prod");
    existing.endpoints = {QUrl(QStringLiteral("https://prod.example.com"))};
    QVERIFY(m_store->saveProfile(existing).isEmpty());

    ui::ProfileEditorDialog *editor = openAdd();
    QVERIFY(editor);
    QVERIFY(!editor->saveButton()->isEnabled()); // an empty form cannot be saved
    fill(editor, name, endpoints, ClusterAuth::Mode(mode), user);
    QCOMPARE(editor->saveButton()->isEnabled(), saveEnabled);
    QCOMPARE(editor->problems().isEmpty(), saveEnabled);
    for (const char *label : {"nameError", "endpointsError", "usernameError"}) {
        auto *error = child<QLabel>(editor, label);
        QVERIFY(error);
        if (errorLabel == QLatin1String(label)) {
            QVERIFY2(!error->isHidden(), label);
            QVERIFY2(error->text().contains(errorMentions, Qt::CaseInsensitive),
                     qPrintable(error->text()));
        } else {
            QVERIFY2(error->isHidden(), qPrintable(error->text()));
        }
    }
    // Enter on an invalid form saves nothing.
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(m_store->profiles().size(), saveEnabled ? 2 : 1);
}

void TestConnectDialog::criticalityGuessedUntilChosen()
{
    ui::ProfileEditorDialog *editor = openAdd();
    auto *criticality = child<QComboBox>(editor, "criticalityCombo");
    fill(editor, QStringLiteral("stage-blr"), QStringLiteral("https://drove.stage.example.com"));
    QCOMPARE(editor->profile().criticality, client::Criticality::Integration);
    fill(editor, QStringLiteral("payments"), QStringLiteral("https://drove.example.com"));
    QCOMPARE(editor->profile().criticality, client::Criticality::Production);
    // Once the operator picks one, typing never changes it again.
    criticality->setCurrentIndex(criticality->findData(int(client::Criticality::Development)));
    emit criticality->activated(criticality->currentIndex());
    fill(editor, QStringLiteral("prod-blr"), QStringLiteral("https://drove.prod.example.com"));
    QCOMPARE(editor->profile().criticality, client::Criticality::Development);
    QVERIFY(
        child<QLabel>(editor, "criticalityPreview")->text().contains(QLatin1String("prod-blr")));
}

void TestConnectDialog::criticalityGuessIsSaidAndNamesComeFirst()
{
    ui::ProfileEditorDialog *editor = openAdd();
    // A tunnel to production on loopback is PRODUCTION, not LOCAL.
    fill(editor, QStringLiteral("prod-blr"), QStringLiteral("http://127.0.0.1:4000"));
    QCOMPARE(editor->profile().criticality, client::Criticality::Production);
    QVERIFY(child<QLabel>(editor, "criticalityHint")->text().startsWith(QLatin1String("Guessed")));
    // A new PRODUCTION profile has the read-only guard on; a LOCAL one does not, until set.
    auto *guard = child<QCheckBox>(editor, "confirmEveryChangeCheckBox");
    QVERIFY(guard->isChecked());
    QVERIFY(editor->profile().confirmEveryChange);
    fill(editor, QStringLiteral("my-laptop"), QStringLiteral("http://127.0.0.1:4000"));
    QCOMPARE(editor->profile().criticality, client::Criticality::Local);
    QVERIFY(!guard->isChecked());
    guard->click(); // the operator's choice stays whatever the criticality
    fill(editor, QStringLiteral("my-laptop-2"), QStringLiteral("http://127.0.0.1:4001"));
    QVERIFY(guard->isChecked());
    auto *criticality = child<QComboBox>(editor, "criticalityCombo");
    criticality->setCurrentIndex(criticality->findData(int(client::Criticality::Development)));
    emit criticality->activated(criticality->currentIndex());
    QVERIFY(!child<QLabel>(editor, "criticalityHint")->text().startsWith(QLatin1String("Guessed")));
}

QString TestConnectDialog::writeFile(const QString &name, const QByteArray &content) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

void TestConnectDialog::setNetworkOptions(ui::ProfileEditorDialog *editor, const QString &caFile,
                                          client::ProxyMode proxy, const QString &proxyUrl,
                                          const QList<QPair<QString, QString>> &headers)
{
    auto *tabs = child<QTabWidget>(editor, "profileTabs");
    const int networkTab = tabs->indexOf(child<QWidget>(editor, "networkPage"));
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                      tabs->tabBar()->tabRect(networkTab).center());
    QCOMPARE(tabs->currentIndex(), networkTab);
    auto *caEdit = child<QLineEdit>(editor, "caFileEdit");
    caEdit->clear();
    QTest::keyClicks(caEdit, caFile);
    auto *proxyCombo = child<QComboBox>(editor, "proxyCombo");
    proxyCombo->setCurrentIndex(proxyCombo->findData(int(proxy)));
    auto *proxyEdit = child<QLineEdit>(editor, "proxyUrlEdit");
    proxyEdit->clear();
    QTest::keyClicks(proxyEdit, proxyUrl);
    // Each header as typed: Add opens the name cell, Tab goes to the value, Return commits.
    auto *table = child<QTableWidget>(editor, "headersTable");
    for (const auto &[name, value] : headers) {
        QTest::mouseClick(child<QPushButton>(editor, "addHeaderButton"), Qt::LeftButton);
        auto *cell = qobject_cast<QLineEdit *>(table->indexWidget(table->currentIndex()));
        QVERIFY(cell);
        QTest::keyClicks(cell, name);
        QTest::keyClick(cell, Qt::Key_Tab);
        cell = qobject_cast<QLineEdit *>(table->indexWidget(table->currentIndex()));
        QVERIFY(cell);
        QTest::keyClicks(cell, value);
        QTest::keyClick(cell, Qt::Key_Return);
        // Enter finished the cell (committed once the event is handled), not the dialog.
        const int row = table->rowCount() - 1;
        QTRY_COMPARE(table->item(row, 1)->text(), value);
        QCOMPARE(table->item(row, 0)->text(), name);
        QVERIFY(editor->isVisible());
    }
}

void TestConnectDialog::networkOptionsValidation_data()
{
    QTest::addColumn<QString>("caFile"); // "" none, "valid", "garbage", "folder" or a path
    QTest::addColumn<int>("proxy");
    QTest::addColumn<QString>("proxyUrl");
    QTest::addColumn<QStringList>("headers"); // "Name=value"
    QTest::addColumn<bool>("saveEnabled");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("errorMentions");

    const int system = int(client::ProxyMode::System);
    const int none = int(client::ProxyMode::None);
    const int manual = int(client::ProxyMode::Manual);
    const QStringList noHeaders;
    QTest::newRow("defaults") << "" << system << "" << noHeaders << true << ""
                              << "";
    QTest::newRow("CA file with a certificate")
        << "valid" << system << "" << noHeaders << true << "caFileInfo"
        << "1 certificate";
    QTest::newRow("CA file missing")
        << "/nonexistent/ca.pem" << system << "" << noHeaders << false << "caFileError"
        << "cannot be read";
    QTest::newRow("CA file not PEM")
        << "garbage" << system << "" << noHeaders << false << "caFileError"
        << "holds no PEM certificate";
    QTest::newRow("CA file is a folder")
        << "folder" << system << "" << noHeaders << false << "caFileError"
        << "folder";
    QTest::newRow("no proxy") << "" << none << "" << noHeaders << true << ""
                              << "";
    QTest::newRow("HTTP proxy") << "" << manual << "http://proxy.example.com:3128" << noHeaders
                                << true << ""
                                << "";
    QTest::newRow("HTTP proxy not given")
        << "" << manual << "" << noHeaders << false << "proxyError"
        << "http://host:port";
    QTest::newRow("proxy without port")
        << "" << manual << "http://proxy.example.com" << noHeaders << false << "proxyError"
        << "http://host:port";
    QTest::newRow("proxy not http")
        << "" << manual << "socks5://proxy.example.com:1080" << noHeaders << false << "proxyError"
        << "http://host:port";
    QTest::newRow("proxy with password")
        << "" << manual << "http://me:s3cret@proxy.example.com:3128" << noHeaders << false
        << "proxyError"
        << "password";
    QTest::newRow("headers") << "" << system << ""
                             << QStringList {QStringLiteral("X-Route=blue"),
                                             QStringLiteral("X-Trace=on: yes")}
                             << true << ""
                             << "";
    QTest::newRow("header name with a space")
        << "" << system << "" << QStringList {QStringLiteral("X Route=s3cret")} << false
        << "headersError"
        << "not a header name";
    QTest::newRow("header value without a name")
        << "" << system << "" << QStringList {QStringLiteral("=s3cret")} << false << "headersError"
        << "needs a name";
    QTest::newRow("header given twice")
        << "" << system << ""
        << QStringList {QStringLiteral("X-Route=s3cret"), QStringLiteral("x-route=s3cret")} << false
        << "headersError"
        << "twice";
    QTest::newRow("authorization as a header")
        << "" << system << "" << QStringList {QStringLiteral("Authorization=Bearer s3cret")}
        << false << "headersError"
        << "Authentication";
    QTest::newRow("content type as a header")
        << "" << system << "" << QStringList {QStringLiteral("Content-Type=s3cret")} << false
        << "headersError"
        << "set by the console";
}

void TestConnectDialog::networkOptionsValidation()
{
    QFETCH(QString, caFile);
    QFETCH(int, proxy);
    QFETCH(QString, proxyUrl);
    QFETCH(QStringList, headers);
    QFETCH(bool, saveEnabled);
    QFETCH(QString, errorLabel);
    QFETCH(QString, errorMentions);

    if (caFile == QLatin1String("valid"))
        caFile = QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt");
    else if (caFile == QLatin1String("garbage"))
        caFile = writeFile(QStringLiteral("not-a-cert.pem"), "hello, I am not a certificate\n");
    else if (caFile == QLatin1String("folder"))
        caFile = m_dir->path();
    QList<QPair<QString, QString>> headerPairs;
    for (const QString &header : std::as_const(headers))
        headerPairs.append(
            {header.section(QLatin1Char('='), 0, 0), header.section(QLatin1Char('='), 1)});

    ui::ProfileEditorDialog *editor = openAdd();
    QVERIFY(editor);
    fill(editor, QStringLiteral("stage"), QStringLiteral("https://d.example.com"));
    // A new profile opens on the General tab: most clusters need nothing of the Network one.
    auto *tabs = child<QTabWidget>(editor, "profileTabs");
    QCOMPARE(tabs->currentWidget(), child<QWidget>(editor, "generalPage"));
    QVERIFY(!child<QLineEdit>(editor, "caFileEdit")->isVisible());
    setNetworkOptions(editor, caFile, client::ProxyMode(proxy), proxyUrl, headerPairs);
    // The tab says so while something on it is wrong, to be seen from the General tab too.
    QCOMPARE(tabs->tabText(1).contains(QStringLiteral("⚠")), !saveEnabled);

    QCOMPARE(editor->saveButton()->isEnabled(), saveEnabled);
    QCOMPARE(editor->problems().isEmpty(), saveEnabled);
    QCOMPARE(child<QPushButton>(editor, "testButton")->isEnabled(), saveEnabled);
    for (const char *label : {"caFileInfo", "caFileError", "proxyError", "headersError",
                              "nameError", "endpointsError", "generalError"}) {
        auto *message = child<QLabel>(editor, label);
        QVERIFY(message);
        if (errorLabel == QLatin1String(label)) {
            QVERIFY2(!message->isHidden(), label);
            QVERIFY2(message->text().contains(errorMentions, Qt::CaseInsensitive),
                     qPrintable(message->text()));
            // Header values and proxy passwords may be secrets: never repeated on screen.
            QVERIFY2(!message->text().contains(QLatin1String("s3cret")),
                     qPrintable(message->text()));
        } else {
            QVERIFY2(message->isHidden(),
                     qPrintable(QLatin1String(label) + QLatin1String(": ") + message->text()));
        }
    }
    if (saveEnabled) {
        QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
        QCOMPARE(m_store->profiles().size(), 1);
        const ClusterProfile saved = m_store->profiles().constFirst();
        QCOMPARE(saved.proxyMode, client::ProxyMode(proxy));
        QCOMPARE(saved.extraHeaders, headerPairs);
        QCOMPARE(saved.caCertificatesFile, caFile);
    } else {
        QTest::keyClick(editor, Qt::Key_Return);
        QVERIFY(m_store->profiles().isEmpty());
    }
}

void TestConnectDialog::networkOptionsRoundTrip()
{
    ui::ProfileEditorDialog *editor = openAdd();
    fill(editor, QStringLiteral("behind-gateway"), QStringLiteral("https://gw.example.com/drove"));
    setNetworkOptions(editor, QString(), client::ProxyMode::Manual,
                      QStringLiteral("http://proxy.example.com:3128"),
                      {{QStringLiteral("X-Route"), QStringLiteral("blue")},
                       {QStringLiteral("X-Tenant"), QStringLiteral("payments: eu")}});
    // The CA file through Browse…: the chooser fills the field.
    QTest::mouseClick(child<QPushButton>(editor, "caBrowseButton"), Qt::LeftButton);
    auto *chooser = editor->findChild<QFileDialog *>(QStringLiteral("caFileDialog"));
    QVERIFY(chooser);
    const QString caFile = QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt");
    chooser->selectFile(caFile);
    static_cast<QDialog *>(chooser)->accept(); // QFileDialog::accept() is protected
    QCOMPARE(child<QLineEdit>(editor, "caFileEdit")->text(), QDir::toNativeSeparators(caFile));
    QVERIFY(child<QLabel>(editor, "caFileInfo")->text().contains(QLatin1String("127.0.0.1")));
    auto *timeout = child<QSpinBox>(editor, "timeoutSpinBox");
    // The spin box offers exactly what ClusterProfile accepts.
    QCOMPARE(timeout->minimum() * 1000, ClusterProfile::kMinRequestTimeoutMs);
    QCOMPARE(timeout->maximum() * 1000, ClusterProfile::kMaxRequestTimeoutMs);
    timeout->setValue(42);
    // Remove a header again: select its row, Remove header.
    auto *table = child<QTableWidget>(editor, "headersTable");
    QTest::mouseClick(child<QPushButton>(editor, "addHeaderButton"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 3);
    table->selectRow(2);
    QVERIFY(child<QPushButton>(editor, "removeHeaderButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>(editor, "removeHeaderButton"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(editor->saveButton()->isEnabled());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);

    // Saved, and read back by a store over the same file.
    m_settings->sync();
    QSettings reopened(m_settings->fileName(), QSettings::IniFormat);
    client::ProfileStore other(&reopened, m_secrets.get());
    QCOMPARE(other.profiles().size(), 1);
    const ClusterProfile saved = other.profiles().constFirst();
    QCOMPARE(saved.caCertificatesFile, caFile);
    QCOMPARE(saved.proxyMode, client::ProxyMode::Manual);
    QCOMPARE(saved.proxyUrl, QUrl(QStringLiteral("http://proxy.example.com:3128")));
    QCOMPARE(saved.extraHeaders,
             (QList<QPair<QString, QString>> {
                 {QStringLiteral("X-Route"), QStringLiteral("blue")},
                 {QStringLiteral("X-Tenant"), QStringLiteral("payments: eu")}}));
    QCOMPARE(saved.requestTimeoutMs, 42000);
    const client::ConnectionSettings connection = saved.connectionSettings();
    QCOMPARE(connection.requestTimeoutMs, 42000);
    QCOMPARE(connection.extraHeaders.size(), 2);

    // Edit shows it all again, unfolded; saving without a change saves the same profile (so
    // the window connected to it does not reconnect for nothing).
    m_dialog->selectProfile(saved.id);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "editButton"), Qt::LeftButton);
    editor = m_dialog->editor();
    QVERIFY(editor);
    QCOMPARE(child<QLineEdit>(editor, "caFileEdit")->text(), QDir::toNativeSeparators(caFile));
    QCOMPARE(child<QComboBox>(editor, "proxyCombo")->currentData().toInt(),
             int(client::ProxyMode::Manual));
    QCOMPARE(child<QLineEdit>(editor, "proxyUrlEdit")->text(),
             QStringLiteral("http://proxy.example.com:3128"));
    table = child<QTableWidget>(editor, "headersTable");
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("X-Tenant"));
    QCOMPARE(table->item(1, 1)->text(), QStringLiteral("payments: eu"));
    QCOMPARE(child<QSpinBox>(editor, "timeoutSpinBox")->value(), 42);
    QCOMPARE(editor->profile(), *m_store->profile(saved.id));
    maybeScreenshot(editor, QStringLiteral("profile-editor-general"));
    child<QTabWidget>(editor, "profileTabs")->setCurrentIndex(1);
    maybeScreenshot(editor, QStringLiteral("profile-editor-network"));
    QSignalSpy changed(m_store.get(), &client::ProfileStore::profilesChanged);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QCOMPARE(*m_store->profile(saved.id), saved);

    // Back to the defaults: nothing of it is left in the settings.
    m_dialog->selectProfile(saved.id);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "editButton"), Qt::LeftButton);
    editor = m_dialog->editor();
    child<QLineEdit>(editor, "caFileEdit")->clear();
    auto *proxyCombo = child<QComboBox>(editor, "proxyCombo");
    proxyCombo->setCurrentIndex(proxyCombo->findData(int(client::ProxyMode::System)));
    child<QTableWidget>(editor, "headersTable")->selectAll();
    QTest::mouseClick(child<QPushButton>(editor, "removeHeaderButton"), Qt::LeftButton);
    child<QSpinBox>(editor, "timeoutSpinBox")->setValue(15);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    const ClusterProfile plain = *m_store->profile(saved.id);
    QVERIFY(plain.caCertificatesFile.isEmpty());
    QCOMPARE(plain.proxyMode, client::ProxyMode::System);
    QVERIFY(plain.extraHeaders.isEmpty());
    const QString text = settingsText();
    QVERIFY2(!text.contains(QLatin1String("X-Route")) && !text.contains(QLatin1String("proxy")),
             qPrintable(text));
}

void TestConnectDialog::invalidCaFileRefused()
{
    // Saved with a good CA file, which is then replaced by something else.
    const QString caFile = writeFile(QStringLiteral("private-ca.pem"), [] {
        QFile good(QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt"));
        return good.open(QIODevice::ReadOnly) ? good.readAll() : QByteArray();
    }());
    ClusterProfile profile;
    profile.name = QStringLiteral("private");
    profile.endpoints = {QUrl(QStringLiteral("https://drove.internal"))};
    profile.caCertificatesFile = caFile;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    writeFile(QStringLiteral("private-ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");

    // Editing it says what is wrong with the file, at the file, and refuses to save or test.
    m_dialog->selectProfile(profile.id);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "editButton"), Qt::LeftButton);
    ui::ProfileEditorDialog *editor = m_dialog->editor();
    QVERIFY(editor);
    auto *tabs = child<QTabWidget>(editor, "profileTabs");
    QCOMPARE(tabs->currentWidget(), child<QWidget>(editor, "networkPage"));
    QVERIFY(tabs->tabText(1).contains(QStringLiteral("⚠")));
    QVERIFY(tabs->tabToolTip(1).contains(QLatin1String("holds no PEM certificate")));
    auto *error = child<QLabel>(editor, "caFileError");
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(caFile), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QLatin1String("holds no PEM certificate")),
             qPrintable(error->text()));
    QVERIFY(child<QLabel>(editor, "caFileInfo")->isHidden());
    QVERIFY(!editor->saveButton()->isEnabled());
    QVERIFY(!child<QPushButton>(editor, "testButton")->isEnabled());
    auto *name = child<QLineEdit>(editor, "nameEdit");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("private-2"));
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(m_store->profile(profile.id)->name, QStringLiteral("private"));

    // The store refuses it too, whoever asks.
    ClusterProfile again = *m_store->profile(profile.id);
    QVERIFY(!m_store->saveProfile(again).isEmpty());

    // Cleared, the profile saves again and trusts the system store only.
    child<QLineEdit>(editor, "caFileEdit")->clear();
    QVERIFY(error->isHidden());
    QVERIFY(!tabs->tabText(1).contains(QStringLiteral("⚠")));
    QVERIFY(editor->saveButton()->isEnabled());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QVERIFY(m_store->profile(profile.id)->caCertificatesFile.isEmpty());
    QCOMPARE(m_store->profile(profile.id)->name, QStringLiteral("private-2"));
}

void TestConnectDialog::saveKeepsSecretOutOfSettings()
{
    ui::ProfileEditorDialog *editor = openAdd();
    fill(editor, QStringLiteral("stage"), QStringLiteral("http://c1:10000\nhttp://c2:10000"),
         ClusterAuth::Mode::Basic, QStringLiteral("deployer"), QStringLiteral("pa55-w0rd!"));
    child<QCheckBox>(editor, "insecureCheckBox")->setChecked(true);
    QVERIFY(!child<QLabel>(editor, "insecureWarning")->isHidden());
    auto *criticality = child<QComboBox>(editor, "criticalityCombo");
    criticality->setCurrentIndex(criticality->findData(int(client::Criticality::Integration)));
    child<QDoubleSpinBox>(editor, "refreshSpinBox")->setValue(5.0);
    QVERIFY(editor->saveButton()->isEnabled());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);

    QCOMPARE(m_store->profiles().size(), 1);
    const ClusterProfile saved = m_store->profiles().constFirst();
    QCOMPARE(saved.name, QStringLiteral("stage"));
    QCOMPARE(saved.endpoints,
             (QList<QUrl> {QUrl(QStringLiteral("http://c1:10000")),
                           QUrl(QStringLiteral("http://c2:10000"))}));
    QCOMPARE(saved.authMode, ClusterAuth::Mode::Basic);
    QCOMPARE(saved.username, QStringLiteral("deployer"));
    QVERIFY(saved.insecure);
    QCOMPARE(saved.criticality, client::Criticality::Integration);
    QCOMPARE(saved.refreshIntervalMs, 5000);

    QVERIFY(m_secrets->contains(QStringLiteral("cluster/") + saved.id));
    const QString text = settingsText();
    QVERIFY(text.contains(QLatin1String("deployer")));
    QVERIFY2(!text.contains(QLatin1String("pa55-w0rd!")), qPrintable(text));
    // The list shows it, flagged as insecure, and selected.
    QCOMPARE(m_dialog->selectedId(), saved.id);
    QVERIFY(m_dialog->profileList()->currentItem()->text(4).contains(QLatin1String("TLS")));

    bool got = false;
    m_store->requestSecret(saved.id, this, [&](const std::optional<QString> &secret) {
        QCOMPARE(secret.value_or(QString()), QStringLiteral("pa55-w0rd!"));
        got = true;
    });
    QTRY_VERIFY(got);
}

void TestConnectDialog::editKeepsStoredSecret()
{
    ClusterProfile profile;
    profile.name = QStringLiteral("stage");
    profile.endpoints = {QUrl(QStringLiteral("https://stage.example.com"))};
    profile.authMode = ClusterAuth::Mode::Header;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    m_store->storeSecret(profile.id, QStringLiteral("Bearer old"));
    m_dialog->selectProfile(profile.id);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "editButton"), Qt::LeftButton);
    ui::ProfileEditorDialog *editor = m_dialog->editor();
    QVERIFY(editor);
    QCOMPARE(child<QLineEdit>(editor, "nameEdit")->text(), QStringLiteral("stage"));
    QVERIFY(child<QLineEdit>(editor, "secretEdit")->text().isEmpty()); // never shown back
    auto *name = child<QLineEdit>(editor, "nameEdit");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("stage-2"));
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);

    QCOMPARE(m_store->profiles().size(), 1);
    QCOMPARE(m_store->profiles().constFirst().id, profile.id);
    QCOMPARE(m_store->profiles().constFirst().name, QStringLiteral("stage-2"));
    QVERIFY(m_secrets->contains(QStringLiteral("cluster/") + profile.id));
}

void TestConnectDialog::duplicateKeepsCriticalityAndGuard()
{
    // Seen by an operator: duplicating a PRODUCTION profile and editing only its name turned
    // it LOCAL (the endpoint was a loopback tunnel) and dropped its guard.
    ClusterProfile profile;
    profile.name = QStringLiteral("payments");
    profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:4000"))};
    profile.criticality = client::Criticality::Production;
    profile.confirmEveryChange = true;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    m_dialog->selectProfile(profile.id);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "duplicateButton"), Qt::LeftButton);
    ui::ProfileEditorDialog *editor = m_dialog->editor();
    QVERIFY(editor);
    auto *name = child<QLineEdit>(editor, "nameEdit");
    name->clear();
    QTest::keyClicks(name, QStringLiteral("my-local-copy"));
    QCOMPARE(editor->profile().criticality, client::Criticality::Production);
    QVERIFY(editor->profile().confirmEveryChange);
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    const auto copy = m_store->profile(m_dialog->selectedId());
    QVERIFY(copy && copy->id != profile.id);
    QCOMPARE(copy->criticality, client::Criticality::Production);
    QVERIFY(copy->confirmEveryChange);
}

void TestConnectDialog::duplicateAndDelete()
{
    ClusterProfile profile;
    profile.name = QStringLiteral("stage");
    profile.endpoints = {QUrl(QStringLiteral("https://stage.example.com"))};
    profile.criticality = client::Criticality::Integration;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    m_dialog->selectProfile(profile.id);

    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "duplicateButton"), Qt::LeftButton);
    ui::ProfileEditorDialog *editor = m_dialog->editor();
    QVERIFY(editor);
    QCOMPARE(child<QLineEdit>(editor, "nameEdit")->text(), QStringLiteral("stage copy"));
    QVERIFY(editor->saveButton()->isEnabled());
    QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
    QCOMPARE(m_store->profiles().size(), 2);
    const QString copyId = m_dialog->selectedId();
    QVERIFY(copyId != profile.id);
    QCOMPARE(m_store->profile(copyId)->criticality, client::Criticality::Integration);

    // Delete asks first; Cancel keeps it.
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "deleteButton"), Qt::LeftButton);
    auto *box = m_dialog->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QCOMPARE(m_store->profiles().size(), 2);
    QTRY_VERIFY(!m_dialog->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation")));

    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "deleteButton"), Qt::LeftButton);
    box = m_dialog->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QCOMPARE(m_store->profiles().size(), 1);
    QVERIFY(!m_store->profile(copyId));
    QCOMPARE(m_dialog->profileList()->topLevelItemCount(), 1);
}

void TestConnectDialog::importPreview()
{
    ClusterProfile existing;
    existing.name = QStringLiteral("stage");
    existing.endpoints = {QUrl(QStringLiteral("https://other.example.com"))};
    QVERIFY(m_store->saveProfile(existing).isEmpty());

    const QString path = m_dir->filePath(QStringLiteral("drove-cli.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[DEFAULT]\ncurrent_cluster = stage\n\n"
               "[stage]\nendpoint = https://drove.stage.example.com\nusername = deployer\n"
               "password = hunter2\n\n"
               "[prod]\nendpoint = https://c1.prod.example.com,https://c2.prod.example.com\n"
               "auth_header = O-Bearer token\n\n"
               "[dev]\nendpoint = http://drove.dev:10000\ninsecure = true\n\n"
               "[broken]\nusername = nobody\n");
    file.close();
    m_dialog->setDroveConfigPath(path);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "importButton"), Qt::LeftButton);
    ui::DroveImportDialog *preview = m_dialog->importDialog();
    QVERIFY(preview);

    QTreeWidget *list = preview->clusterList();
    QCOMPARE(list->topLevelItemCount(), 3);
    QStringList shown;
    for (int row = 0; row < list->topLevelItemCount(); ++row)
        shown << list->topLevelItem(row)->text(0) + QLatin1Char('|')
                + list->topLevelItem(row)->text(1);
    const QString all = shown.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("stage (2)")), qPrintable(all)); // name taken
    QVERIFY2(
        all.contains(QLatin1String("https://c1.prod.example.com, https://c2.prod.example.com")),
        qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("http://drove.dev:10000")), qPrintable(all));
    QVERIFY2(!all.contains(QLatin1String("hunter2")), qPrintable(all));
    QVERIFY(child<QPlainTextEdit>(preview, "warningsText")
                ->toPlainText()
                .contains(QLatin1String("broken")));

    // Leave "dev" out.
    for (int row = 0; row < list->topLevelItemCount(); ++row) {
        if (list->topLevelItem(row)->text(0).startsWith(QLatin1String("dev")))
            list->topLevelItem(row)->setCheckState(0, Qt::Unchecked);
    }
    QVERIFY(preview->importButton()->isEnabled());
    QTest::mouseClick(preview->importButton(), Qt::LeftButton);

    QStringList names;
    for (const ClusterProfile &profile : m_store->profiles())
        names << profile.name;
    QCOMPARE(names,
             (QStringList {QStringLiteral("prod"), QStringLiteral("stage"),
                           QStringLiteral("stage (2)")}));
    QCOMPARE(m_dialog->profileList()->topLevelItemCount(), 3);
    QString stageId;
    for (const ClusterProfile &profile : m_store->profiles()) {
        if (profile.name == QLatin1String("stage (2)"))
            stageId = profile.id;
    }
    QVERIFY(m_secrets->contains(QStringLiteral("cluster/") + stageId));
    QVERIFY(!settingsText().contains(QLatin1String("hunter2")));
    QVERIFY(!settingsText().contains(QLatin1String("O-Bearer")));
}

void TestConnectDialog::importMissingFile()
{
    m_dialog->setDroveConfigPath(m_dir->filePath(QStringLiteral("no-such-file")));
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "importButton"), Qt::LeftButton);
    ui::DroveImportDialog *preview = m_dialog->importDialog();
    QVERIFY(preview);
    QCOMPARE(preview->clusterList()->topLevelItemCount(), 0);
    QVERIFY(!preview->importButton()->isEnabled());
    QVERIFY(
        child<QLabel>(preview, "statusLabel")->text().contains(QLatin1String("does not exist")));
}

void TestConnectDialog::connectEmitsChosenId()
{
    ClusterProfile profile;
    profile.name = QStringLiteral("stage");
    profile.endpoints = {QUrl(QStringLiteral("https://stage.example.com"))};
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    m_dialog->setEmbeddedCluster(QStringLiteral("http://127.0.0.1:1234"));
    m_dialog->setConnectedId(ui::ConnectDialog::kEmbeddedId);
    QCOMPARE(m_dialog->profileList()->topLevelItemCount(), 2);
    QCOMPARE(m_dialog->selectedId(), ui::ConnectDialog::kEmbeddedId);
    QVERIFY(m_dialog->profileList()->topLevelItem(0)->text(0).contains(QLatin1String("connected")));
    // The embedded entry is not a profile: nothing to edit or delete.
    QVERIFY(!child<QPushButton>(m_dialog.get(), "editButton")->isEnabled());
    QVERIFY(!child<QPushButton>(m_dialog.get(), "deleteButton")->isEnabled());

    QSignalSpy requested(m_dialog.get(), &ui::ConnectDialog::connectRequested);
    m_dialog->selectProfile(profile.id);
    QTest::mouseClick(child<QPushButton>(m_dialog.get(), "connectButton"), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), profile.id);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
}

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
