// Cluster profiles in QSettings without secrets; secrets through a SecretStore with the
// ask-once-per-run fallback; ~/.drove import into the store; the real keychain never hangs.
#include "client/droveconfigimporter.h"
#include "client/keychainsecretstore.h"
#include "client/memorysecretstore.h"
#include "client/profilestore.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace drove::client;

namespace {

ClusterProfile sampleProfile()
{
    ClusterProfile profile;
    profile.name = QStringLiteral("stage");
    profile.endpoints = {QUrl(QStringLiteral("https://ctl1.example.com:10000")),
                         QUrl(QStringLiteral("https://ctl2.example.com:10000"))};
    profile.authMode = ClusterAuth::Mode::Basic;
    profile.username = QStringLiteral("ops");
    profile.insecure = true;
    profile.criticality = Criticality::Integration;
    profile.refreshIntervalMs = 1500;
    return profile;
}

struct SecretAnswer
{
    int calls = 0;
    std::optional<QString> secret;
    ProfileStore::SecretCallback callback()
    {
        return [this](const std::optional<QString> &s) {
            ++calls;
            secret = s;
        };
    }
};

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void roundTrip();
    void reachingOptionsRoundTrip();
    void invalidProfilesAreRefused_data();
    void invalidProfilesAreRefused();
    void currentAndRemove();
    void secretFromKeychain();
    void askedOncePerRunWhenNotStored();
    void keychainUnavailableFallsBackToAsking();
    void declinedSecret();
    void noAuthNeedsNoSecret();
    void importFromDroveFile();
    void criticalityNamesAndColours();
    void realKeychainNeverHangs();

private:
    QString settingsText() const;

    QTemporaryDir m_dir;
    QSettings *m_settings = nullptr;
    MemorySecretStore *m_secrets = nullptr;
    ProfileStore *m_store = nullptr;
};

void TestProfileStore::init()
{
    QVERIFY(m_dir.isValid());
    m_settings = new QSettings(m_dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    m_settings->clear();
    m_secrets = new MemorySecretStore(this);
    m_store = new ProfileStore(m_settings, m_secrets, this);
}

void TestProfileStore::cleanup()
{
    delete m_store;
    delete m_secrets;
    delete m_settings;
}

QString TestProfileStore::settingsText() const
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestProfileStore::roundTrip()
{
    QSignalSpy changed(m_store, &ProfileStore::profilesChanged);
    ClusterProfile profile = sampleProfile();
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    QVERIFY(!profile.id.isEmpty());
    QCOMPARE(changed.size(), 1);
    m_store->storeSecret(profile.id, QStringLiteral("hunter2"));

    // A fresh store over the same file sees the same profile.
    QSettings reopened(m_settings->fileName(), QSettings::IniFormat);
    m_settings->sync();
    ProfileStore other(&reopened, m_secrets);
    const std::optional<ClusterProfile> loaded = other.profile(profile.id);
    QVERIFY(loaded);
    QCOMPARE(*loaded, profile);
    QVERIFY(loaded->isInsecure());
    QCOMPARE(other.profiles().size(), 1);

    QTRY_VERIFY(m_secrets->contains(QStringLiteral("cluster/") + profile.id));
    QVERIFY(!settingsText().contains(QLatin1String("hunter2")));
}

void TestProfileStore::reachingOptionsRoundTrip()
{
    // What gateways, private CAs and proxies need, per profile.
    ClusterProfile profile = sampleProfile();
    profile.caCertificatesFile = QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt");
    QVERIFY(profile.setProxyText(QStringLiteral("http://proxy.example.com:3128")));
    QStringList problems;
    profile.extraHeaders = ClusterProfile::parseHeaderLines(
        {QStringLiteral("X-Route: blue"), QStringLiteral("bad header"), QStringLiteral("  "),
         QStringLiteral("X-Trace: a: b")},
        &problems);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(profile.extraHeaders.size(), 2);
    QCOMPARE(profile.extraHeaders.last().second, QStringLiteral("a: b"));
    profile.requestTimeoutMs = 30000;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    m_settings->sync();
    const std::optional<ClusterProfile> loaded
        = ProfileStore(m_settings, m_secrets).profile(profile.id);
    QVERIFY(loaded);
    QCOMPARE(*loaded, profile);
    QCOMPARE(loaded->proxyMode, ProxyMode::Manual);
    QCOMPARE(loaded->proxyText(), QStringLiteral("http://proxy.example.com:3128"));

    const ConnectionSettings settings = loaded->connectionSettings(QStringLiteral("s3cret"));
    QCOMPARE(settings.caCertificatesFile, profile.caCertificatesFile);
    QCOMPARE(settings.proxyMode, ProxyMode::Manual);
    QCOMPARE(settings.proxyUrl.port(), 3128);
    QCOMPARE(settings.extraHeaders.size(), 2);
    QCOMPARE(settings.extraHeaders.first().first, QByteArray("X-Route"));
    QCOMPARE(settings.extraHeaders.first().second, QByteArray("blue"));
    QCOMPARE(settings.requestTimeoutMs, 30000);

    // The default: the system's proxy configuration, nothing stored for it.
    ClusterProfile plain = sampleProfile();
    plain.name = QStringLiteral("plain");
    QVERIFY(m_store->saveProfile(plain).isEmpty());
    QCOMPARE(m_store->profile(plain.id)->proxyMode, ProxyMode::System);
    QVERIFY(plain.setProxyText(QStringLiteral("none")));
    QCOMPARE(plain.proxyMode, ProxyMode::None);
    QVERIFY(!plain.setProxyText(QStringLiteral("ftp://x")));
}

void TestProfileStore::invalidProfilesAreRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("no name") << "name";
    QTest::newRow("no endpoint") << "endpoints";
    QTest::newRow("ftp endpoint") << "scheme";
    QTest::newRow("basic without user") << "username";
    QTest::newRow("refresh too fast") << "refresh";
    QTest::newRow("timeout too short") << "timeout";
    QTest::newRow("proxy not http") << "proxy";
    QTest::newRow("proxy without port") << "proxy-port";
    QTest::newRow("proxy with password") << "proxy-password";
    QTest::newRow("CA file missing") << "ca";
    QTest::newRow("CA file not PEM") << "ca-not-pem";
    QTest::newRow("header name not a token") << "header-name";
    QTest::newRow("header value with line break") << "header-value";
    QTest::newRow("header given twice") << "header-twice";
    QTest::newRow("authorization as extra header") << "header-authorization";
}

void TestProfileStore::invalidProfilesAreRefused()
{
    QFETCH(QString, field);
    ClusterProfile profile = sampleProfile();
    if (field == QLatin1String("name"))
        profile.name = QStringLiteral("  ");
    else if (field == QLatin1String("endpoints"))
        profile.endpoints.clear();
    else if (field == QLatin1String("scheme"))
        profile.endpoints = {QUrl(QStringLiteral("ftp://x"))};
    else if (field == QLatin1String("username"))
        profile.username.clear();
    else if (field == QLatin1String("timeout"))
        profile.requestTimeoutMs = 10;
    else if (field == QLatin1String("proxy")) {
        profile.proxyMode = ProxyMode::Manual;
        profile.proxyUrl = QUrl(QStringLiteral("socks5://proxy:1080"));
    } else if (field == QLatin1String("proxy-port")) {
        profile.proxyMode = ProxyMode::Manual;
        profile.proxyUrl = QUrl(QStringLiteral("http://proxy.example.com"));
    } else if (field == QLatin1String("proxy-password")) {
        profile.proxyMode = ProxyMode::Manual;
        profile.proxyUrl = QUrl(QStringLiteral("http://me:hunter2@proxy.example.com:3128"));
    } else if (field == QLatin1String("ca"))
        profile.caCertificatesFile = QStringLiteral("/nonexistent/ca.pem");
    else if (field == QLatin1String("ca-not-pem"))
        profile.caCertificatesFile = QStringLiteral(DROVE_CLIENT_TEST_DATA "/garbage.drove");
    else if (field == QLatin1String("header-name"))
        profile.extraHeaders = {{QStringLiteral("X Route"), QStringLiteral("blue")}};
    else if (field == QLatin1String("header-value"))
        profile.extraHeaders = {{QStringLiteral("X-Route"), QStringLiteral("blue\r\nX-Evil: 1")}};
    else if (field == QLatin1String("header-twice"))
        profile.extraHeaders = {{QStringLiteral("X-Route"), QStringLiteral("blue")},
                                {QStringLiteral("x-route"), QStringLiteral("green")}};
    else if (field == QLatin1String("header-authorization"))
        profile.extraHeaders = {{QStringLiteral("authorization"), QStringLiteral("Bearer x")}};
    else
        profile.refreshIntervalMs = 10;
    const QStringList problems = m_store->saveProfile(profile);
    QCOMPARE(problems.size(), 1);
    QVERIFY(m_store->profiles().isEmpty());
    // Header values and proxy passwords may be secrets: never quoted back.
    QVERIFY2(!problems.first().contains(QLatin1String("blue"))
                 && !problems.first().contains(QLatin1String("hunter2"))
                 && !problems.first().contains(QLatin1String("Bearer")),
             qPrintable(problems.first()));
}

void TestProfileStore::currentAndRemove()
{
    ClusterProfile a = sampleProfile();
    ClusterProfile b = sampleProfile();
    b.name = QStringLiteral("alpha");
    QVERIFY(m_store->saveProfile(a).isEmpty());
    QVERIFY(m_store->saveProfile(b).isEmpty());
    QCOMPARE(m_store->profiles().first().name, QStringLiteral("alpha")); // sorted by name
    QSignalSpy current(m_store, &ProfileStore::currentProfileChanged);
    m_store->setCurrentProfileId(a.id);
    QCOMPARE(m_store->currentProfileId(), a.id);
    QCOMPARE(current.size(), 1);
    m_store->storeSecret(a.id, QStringLiteral("s"));
    QTRY_VERIFY(m_secrets->contains(QStringLiteral("cluster/") + a.id));
    m_store->removeProfile(a.id);
    QVERIFY(!m_store->profile(a.id));
    QVERIFY(m_store->currentProfileId().isEmpty());
    QCOMPARE(current.size(), 2);
    QTRY_VERIFY(!m_secrets->contains(QStringLiteral("cluster/") + a.id));
}

void TestProfileStore::secretFromKeychain()
{
    ClusterProfile profile = sampleProfile();
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    m_store->storeSecret(profile.id, QStringLiteral("from-keychain"));
    QTRY_VERIFY(m_secrets->contains(QStringLiteral("cluster/") + profile.id));
    m_store->forgetSecret(profile.id); // as after a restart

    QSignalSpy needed(m_store, &ProfileStore::secretNeeded);
    SecretAnswer answer;
    m_store->requestSecret(profile.id, this, answer.callback());
    QCOMPARE(answer.calls, 0); // always asynchronous
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.secret, std::optional<QString>(QStringLiteral("from-keychain")));
    QCOMPARE(needed.size(), 0);

    std::optional<ConnectionSettings> settings;
    m_store->requestConnectionSettings(
        profile.id, this,
        [&settings](const std::optional<ConnectionSettings> &s) { settings = s; });
    QTRY_VERIFY(settings.has_value());
    QCOMPARE(settings->auth.secret, QStringLiteral("from-keychain"));
    QCOMPARE(settings->auth.username, QStringLiteral("ops"));
    QCOMPARE(settings->endpoints.size(), 2);
    QVERIFY(settings->insecure);
}

void TestProfileStore::askedOncePerRunWhenNotStored()
{
    ClusterProfile profile = sampleProfile();
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    QSignalSpy needed(m_store, &ProfileStore::secretNeeded);
    SecretAnswer first, second;
    m_store->requestSecret(profile.id, this, first.callback());
    m_store->requestSecret(profile.id, this, second.callback());
    QTRY_COMPARE(needed.size(), 1); // one prompt for both requests
    QCOMPARE(needed.first().first().value<ClusterProfile>().id, profile.id);
    QVERIFY(!needed.first().at(1).toString().isEmpty());
    m_store->provideSecret(profile.id, QStringLiteral("typed"), false);
    QCOMPARE(first.secret, std::optional<QString>(QStringLiteral("typed")));
    QCOMPARE(second.secret, std::optional<QString>(QStringLiteral("typed")));
    QVERIFY(!m_secrets->contains(QStringLiteral("cluster/") + profile.id)); // not remembered

    SecretAnswer third;
    m_store->requestSecret(profile.id, this, third.callback());
    QTRY_COMPARE(third.calls, 1);
    QCOMPARE(third.secret, std::optional<QString>(QStringLiteral("typed")));
    QCOMPARE(needed.size(), 1); // not asked again in this run
}

void TestProfileStore::keychainUnavailableFallsBackToAsking()
{
    m_secrets->setAvailable(false);
    ClusterProfile profile = sampleProfile();
    profile.authMode = ClusterAuth::Mode::Header;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    QSignalSpy unavailable(m_store, &ProfileStore::keychainUnavailable);
    QSignalSpy needed(m_store, &ProfileStore::secretNeeded);
    SecretAnswer answer;
    m_store->requestSecret(profile.id, this, answer.callback());
    QTRY_COMPARE(needed.size(), 1);
    QCOMPARE(unavailable.size(), 1);
    QVERIFY(!m_store->isKeychainAvailable());
    const int operations = m_secrets->operationCount();
    m_store->provideSecret(profile.id, QStringLiteral("Bearer abc"), true);
    QCOMPARE(answer.secret, std::optional<QString>(QStringLiteral("Bearer abc")));
    QCOMPARE(m_secrets->operationCount(), operations); // no write attempted to a missing keychain
    QVERIFY(!settingsText().contains(QLatin1String("Bearer abc"))); // never in plain text

    SecretAnswer again;
    m_store->requestSecret(profile.id, this, again.callback());
    QTRY_COMPARE(again.calls, 1);
    QCOMPARE(needed.size(), 1);
}

void TestProfileStore::declinedSecret()
{
    ClusterProfile profile = sampleProfile();
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    QSignalSpy needed(m_store, &ProfileStore::secretNeeded);
    SecretAnswer answer;
    m_store->requestSecret(profile.id, this, answer.callback());
    QTRY_COMPARE(needed.size(), 1);
    m_store->declineSecret(profile.id);
    QCOMPARE(answer.calls, 1);
    QVERIFY(!answer.secret.has_value());

    SecretAnswer unknown;
    m_store->requestSecret(QStringLiteral("no-such-id"), this, unknown.callback());
    QTRY_COMPARE(unknown.calls, 1);
    QVERIFY(!unknown.secret.has_value());
}

void TestProfileStore::noAuthNeedsNoSecret()
{
    ClusterProfile profile = sampleProfile();
    profile.authMode = ClusterAuth::Mode::None;
    QVERIFY(m_store->saveProfile(profile).isEmpty());
    QSignalSpy needed(m_store, &ProfileStore::secretNeeded);
    SecretAnswer answer;
    m_store->requestSecret(profile.id, this, answer.callback());
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.secret, std::optional<QString>(QString()));
    QCOMPARE(needed.size(), 0);
    QCOMPARE(m_secrets->operationCount(), 0);
}

void TestProfileStore::importFromDroveFile()
{
    ClusterProfile existing = sampleProfile(); // named "stage", as in the file
    QVERIFY(m_store->saveProfile(existing).isEmpty());

    const DroveConfigImport import = DroveConfigImporter::importFile(
        QStringLiteral(DROVE_CLIENT_TEST_DATA "/multi-cluster.drove"));
    QVERIFY(import.ok());
    const QList<ClusterProfile> saved = m_store->importClusters(import);
    QCOMPARE(saved.size(), 3);
    QCOMPARE(m_store->profiles().size(), 4);
    QStringList names;
    for (const ClusterProfile &p : saved)
        names.append(p.name);
    QVERIFY(names.contains(QStringLiteral("stage (2)")));
    // The CLI's current cluster becomes current.
    const std::optional<ClusterProfile> current = m_store->profile(m_store->currentProfileId());
    QVERIFY(current);
    QCOMPARE(current->name, QStringLiteral("stage (2)"));
    QCOMPARE(current->authMode, ClusterAuth::Mode::Header);

    SecretAnswer answer;
    m_store->forgetSecret(current->id);
    m_store->requestSecret(current->id, this, answer.callback());
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.secret, std::optional<QString>(QStringLiteral("O-Bearer eyJhbGciOi%2Fabc==")));
    const QString text = settingsText();
    QVERIFY(!text.contains(QLatin1String("eyJhbGciOi")));
    QVERIFY(!text.contains(QLatin1String("s3cr3t")));
    QVERIFY(!text.contains(QLatin1String("password")));
}

void TestProfileStore::criticalityNamesAndColours()
{
    QSet<QString> colours;
    for (Criticality c : {Criticality::Local, Criticality::Development, Criticality::Integration,
                          Criticality::Production}) {
        const QString name = ClusterProfile::criticalityName(c);
        QCOMPARE(ClusterProfile::criticalityFromName(name.toLower()),
                 std::optional<Criticality>(c));
        const QString colour = ClusterProfile::criticalityColor(c);
        QVERIFY(colour.startsWith(QLatin1Char('#')) && colour.size() == 7);
        colours.insert(colour);
        QVERIFY(!ClusterProfile::criticalityLabel(c).isEmpty());
    }
    QCOMPARE(colours.size(), 4);
    QVERIFY(!ClusterProfile::criticalityFromName(QStringLiteral("STAGING")));
}

void TestProfileStore::realKeychainNeverHangs()
{
    // CI has no secret service: the real store must answer (not hang) and never say Ok for a
    // key that was never written.
    KeychainSecretStore keychain(QStringLiteral("drove-console-test"));
    bool answered = false;
    SecretStore::Status status = SecretStore::Status::Ok;
    keychain.read(QStringLiteral("never-written-%1").arg(QCoreApplication::applicationPid()), this,
                  [&](SecretStore::Status s, const QString &, const QString &) {
                      answered = true;
                      status = s;
                  });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 30000);
    QVERIFY(status != SecretStore::Status::Ok);
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
