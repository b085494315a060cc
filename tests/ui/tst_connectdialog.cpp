// Cluster ▸ Connect…: the profile form's validation (errors at the field, Save disabled), saving
// through ProfileStore with the secret in the keychain only, duplicate/delete, the ~/.drove
// import preview, and Connect emitting the chosen id. Driven through the real dialogs.
#include "client/memorysecretstore.h"
#include "client/profilestore.h"
#include "ui/connectdialog.h"
#include "ui/droveimportdialog.h"
#include "ui/profileeditordialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace drove;
using client::ClusterAuth;
using client::ClusterProfile;

class TestConnectDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void formValidation_data();
    void formValidation();
    void criticalityGuessedUntilChosen();
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
