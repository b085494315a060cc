// The password / header prompt that answers ProfileStore::secretNeeded: OK provides the secret
// (in the keychain only when asked to and when there is one), Cancel declines it and tells the
// caller why the cluster stays unconnected.
#include "client/memorysecretstore.h"
#include "client/profilestore.h"
#include "ui/secretpromptdialog.h"

#include <QCheckBox>
#include <QDeadlineTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;
using client::ClusterAuth;

class TestSecretPromptDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void provide_data();
    void provide();
    void decline();
    void headerPrompt();

private:
    ui::SecretPromptDialog *waitForPrompt();
    void request();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<client::MemorySecretStore> m_secrets;
    std::unique_ptr<client::ProfileStore> m_store;
    std::unique_ptr<QWidget> m_window;
    client::ClusterProfile m_profile;
    std::optional<std::optional<QString>> m_answer; ///< set once requestSecret answered
    QString m_declinedReason;
    int m_declined = 0;
};

void TestSecretPromptDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("s.ini")),
                                             QSettings::IniFormat);
    m_secrets = std::make_unique<client::MemorySecretStore>();
    m_store = std::make_unique<client::ProfileStore>(m_settings.get(), m_secrets.get());
    m_window = std::make_unique<QWidget>();
    m_window->show();
    m_profile = client::ClusterProfile();
    m_profile.name = QStringLiteral("stage");
    m_profile.endpoints = {QUrl(QStringLiteral("https://stage.example.com"))};
    m_profile.authMode = ClusterAuth::Mode::Basic;
    m_profile.username = QStringLiteral("deployer");
    QVERIFY(m_store->saveProfile(m_profile).isEmpty());
    m_answer.reset();
    m_declined = 0;
    m_declinedReason.clear();
    ui::SecretPromptDialog::answerSecretRequests(
        m_store.get(), m_window.get(),
        [this](const client::ClusterProfile &profile, const QString &reason) {
            QCOMPARE(profile.id, m_profile.id);
            ++m_declined;
            m_declinedReason = reason;
        });
}

void TestSecretPromptDialog::cleanup()
{
    m_window.reset();
    m_store.reset();
    m_secrets.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestSecretPromptDialog::request()
{
    m_store->requestSecret(m_profile.id, this,
                           [this](const std::optional<QString> &secret) { m_answer = secret; });
}

ui::SecretPromptDialog *TestSecretPromptDialog::waitForPrompt()
{
    // Not QTRY_VERIFY: it returns void on failure; the callers QVERIFY the result.
    QDeadlineTimer deadline(5000);
    while (!m_window->findChild<ui::SecretPromptDialog *>() && !deadline.hasExpired())
        QTest::qWait(10);
    return m_window->findChild<ui::SecretPromptDialog *>();
}

void TestSecretPromptDialog::provide_data()
{
    QTest::addColumn<bool>("keychain");
    QTest::addColumn<bool>("remember");
    QTest::addColumn<bool>("stored");
    QTest::newRow("remembered in the keychain") << true << true << true;
    QTest::newRow("not remembered") << true << false << false;
    QTest::newRow("no keychain: no choice, kept in memory") << false << true << false;
}

void TestSecretPromptDialog::provide()
{
    QFETCH(bool, keychain);
    QFETCH(bool, remember);
    QFETCH(bool, stored);
    m_secrets->setAvailable(keychain);
    request();
    ui::SecretPromptDialog *dialog = waitForPrompt();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("reasonLabel"))->text().size() > 0);
    auto *rememberBox = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheckBox"));
    QCOMPARE(!rememberBox->isHidden(), keychain);
    if (!keychain)
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("reasonLabel"))
                    ->text()
                    .contains(QLatin1String("keychain")));
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit"));
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("okButton"));
    QVERIFY(!ok->isEnabled()); // nothing typed yet
    QTest::keyClicks(edit, QStringLiteral("s3cret"));
    QVERIFY(ok->isEnabled());
    if (keychain)
        rememberBox->setChecked(remember);
    QTest::mouseClick(ok, Qt::LeftButton);

    QTRY_VERIFY(m_answer.has_value());
    QCOMPARE(m_answer->value_or(QString()), QStringLiteral("s3cret"));
    QCOMPARE(m_declined, 0);
    QTRY_COMPARE(m_secrets->contains(QStringLiteral("cluster/") + m_profile.id), stored);
    // Either way it is known for the rest of the run: no second prompt.
    m_answer.reset();
    request();
    QTRY_VERIFY(m_answer.has_value());
    QCOMPARE(m_answer->value_or(QString()), QStringLiteral("s3cret"));
    QTRY_VERIFY(!m_window->findChild<ui::SecretPromptDialog *>());
}

void TestSecretPromptDialog::decline()
{
    request();
    ui::SecretPromptDialog *dialog = waitForPrompt();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit")),
                     QStringLiteral("typed but cancelled"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("cancelButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(m_answer.has_value());
    QVERIFY(!m_answer->has_value());
    QCOMPARE(m_declined, 1);
    QVERIFY2(m_declinedReason.contains(QLatin1String("No password")), qPrintable(m_declinedReason));
    QVERIFY(!m_secrets->contains(QStringLiteral("cluster/") + m_profile.id));
}

void TestSecretPromptDialog::headerPrompt()
{
    m_profile.authMode = ClusterAuth::Mode::Header;
    m_profile.username.clear();
    QVERIFY(m_store->saveProfile(m_profile).isEmpty());
    request();
    ui::SecretPromptDialog *dialog = waitForPrompt();
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(QLatin1String("Authorization header")));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit")),
                     QStringLiteral("Bearer abc"));
    QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit")), Qt::Key_Return);
    QTRY_VERIFY(m_answer.has_value());
    QCOMPARE(m_answer->value_or(QString()), QStringLiteral("Bearer abc"));
}

QTEST_MAIN(TestSecretPromptDialog)
#include "tst_secretpromptdialog.moc"
