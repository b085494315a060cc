// The console (DroveClient, SyncEngine, ClusterSession with its models and operation tracker)
// against FakeDrove, a Drove written apart from the embedded controller, in each configuration
// of FakeDroveConfig::standard(): whatever the controller lacks, the applications and their
// instances are listed within one refresh interval, a SCALE sent by another client is followed
// to completion, a missing route is reported for its feature and never as Offline, and the
// session says how it learns of changes.
#include "fakedrove.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationtracker.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslError>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace drove;
using client::ApiError;
using client::ConnectionState;
using client::ControllerCapabilities;
using client::EventFeed;
using client::Feature;

Q_DECLARE_METATYPE(FakeDroveConfig)

namespace {

constexpr int kRefreshMs = 1000;
const QString kWeb = QStringLiteral("WEB-1");

EventFeed expectedFeed(const FakeDroveConfig &config)
{
    if (config.eventsLatest)
        return EventFeed::Latest;
    return config.eventsLegacy ? EventFeed::Legacy : EventFeed::Polling;
}

} // namespace

class TestFakeDrove : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void consoleFollowsTheController_data();
    void consoleFollowsTheController();
    void optionalFeatures_data();
    void optionalFeatures();
    void prefixWithTrailingSlash();
    void privateCaWithoutTheCaFileNamesTheIssuer();
    void leaderChangeTriesTheEventFeedAgain();
    void missingExecutorDetailsAndSpecValidation();
    void unknownEventTypesAreShownNotActedOn();

private:
    void addConfigs();
    /// A started FakeDrove for `config` with two apps on one executor; null when TLS cannot be
    /// set up here.
    FakeDrove *startFake(const FakeDroveConfig &config);
    client::ConnectionSettings settingsFor(const FakeDrove &fake, bool withCa = true) const;
    models::ClusterSession *startSession(FakeDrove &fake);

    QTemporaryDir m_dir;
    bool m_haveCertificates = false;
    QNetworkAccessManager *m_network = nullptr;
    FakeDrove *m_fake = nullptr;
    models::ClusterSession *m_session = nullptr;
    QList<ConnectionState> m_states;
};

void TestFakeDrove::initTestCase()
{
    qRegisterMetaType<ApiError>();
    // A private CA and a server certificate for localhost signed by it, made now (nothing
    // secret is checked in).
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty() || !m_dir.isValid())
        return;
    const auto run = [&](const QStringList &args) {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(openssl, args);
        return process.waitForFinished(60000) && process.exitCode() == 0;
    };
    QFile ext(m_dir.filePath(QStringLiteral("san.ext")));
    if (!ext.open(QIODevice::WriteOnly))
        return;
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    ext.close();
    m_haveCertificates
        = run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
               QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
               QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.pem"),
               QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
               QStringLiteral("/CN=Drove Test CA")})
        && run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server.key"),
                QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"),
                QStringLiteral("/CN=localhost")})
        && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                QStringLiteral("server.csr"), QStringLiteral("-CA"), QStringLiteral("ca.pem"),
                QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                QStringLiteral("server.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                QStringLiteral("-extfile"), QStringLiteral("san.ext")})
        // StubHttpServer reads a PKCS#1 RSA key.
        && run({QStringLiteral("rsa"), QStringLiteral("-in"), QStringLiteral("server.key"),
                QStringLiteral("-out"), QStringLiteral("server-rsa.key"),
                QStringLiteral("-traditional")});
}

void TestFakeDrove::cleanup()
{
    delete m_session;
    m_session = nullptr;
    delete m_fake;
    m_fake = nullptr;
    delete m_network;
    m_network = nullptr;
    m_states.clear();
}

void TestFakeDrove::addConfigs()
{
    QTest::addColumn<FakeDroveConfig>("config");
    for (const FakeDroveConfig &config : FakeDroveConfig::standard())
        QTest::newRow(qPrintable(config.name)) << config;
}

FakeDrove *TestFakeDrove::startFake(const FakeDroveConfig &config)
{
    if (config.tls && !m_haveCertificates)
        return nullptr;
    m_fake = new FakeDrove(config);
    m_fake->addExecutor(QStringLiteral("ex-1"), QStringLiteral("host-1"), 8, 4096);
    m_fake->addApp(kWeb, 1);
    m_fake->addApp(QStringLiteral("API-1"), 2);
    if (!m_fake->start(m_dir.filePath(QStringLiteral("server.pem")),
                       m_dir.filePath(QStringLiteral("server-rsa.key"))))
        return nullptr;
    return m_fake;
}

client::ConnectionSettings TestFakeDrove::settingsFor(const FakeDrove &fake, bool withCa) const
{
    client::ConnectionSettings settings;
    settings.endpoints = {fake.url()};
    if (fake.config().tls && withCa)
        settings.caCertificatesFile = m_dir.filePath(QStringLiteral("ca.pem"));
    settings.requestTimeoutMs = 5000;
    return settings;
}

models::ClusterSession *TestFakeDrove::startSession(FakeDrove &fake)
{
    m_network = new QNetworkAccessManager;
    client::ClusterProfile profile;
    profile.name = fake.config().name;
    profile.endpoints = {fake.url()};
    profile.refreshIntervalMs = kRefreshMs;
    m_session = new models::ClusterSession(m_network, profile, false, nullptr);
    connect(m_session, &models::ClusterSession::connectionStateChanged, m_session,
            [this](ConnectionState state) { m_states << state; });
    m_session->start(settingsFor(fake));
    return m_session;
}

void TestFakeDrove::consoleFollowsTheController_data()
{
    addConfigs();
}

void TestFakeDrove::consoleFollowsTheController()
{
    QFETCH(FakeDroveConfig, config);
    FakeDrove *fake = startFake(config);
    if (!fake)
        QSKIP("No TLS certificates could be made here (openssl missing?)");
    QElapsedTimer clock;
    clock.start();
    QSignalSpy feeds(startSession(*fake), &models::ClusterSession::eventFeedChanged);
    models::ClusterSession *session = m_session;
    session->setInstancesApplication(kWeb, false);

    // Listed within one refresh interval, whatever the controller lacks.
    QTRY_COMPARE_WITH_TIMEOUT(session->applications()->rowCount(), 2, kRefreshMs);
    QTRY_COMPARE_WITH_TIMEOUT(session->instances()->rowCount(), 1, kRefreshMs);
    QVERIFY2(clock.elapsed() <= kRefreshMs + 200, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(session->connectionState(), ConnectionState::Connected);

    // The event feed in use, said once when it is not the best one.
    QCOMPARE(session->eventFeed(), expectedFeed(config));
    QCOMPARE(session->tracker()->eventFeedAvailable(), expectedFeed(config) != EventFeed::Polling);
    // One step down per missing feed (Latest → Legacy → Polling), the last one the one in use.
    QCOMPARE(feeds.size(), int(expectedFeed(config)));
    if (!feeds.isEmpty())
        QCOMPARE(feeds.last().at(0).value<EventFeed>(), expectedFeed(config));
    if (expectedFeed(config) == EventFeed::Polling) {
        QVERIFY(session->capabilitiesText().contains(QStringLiteral("no event feed")));
        QVERIFY(session->capabilitiesText().contains(QStringLiteral("every 1 s")));
    }
    QCOMPARE(session->capabilities().isAbsent(Feature::EventsLatest), !config.eventsLatest);

    // Another client scales WEB-1 to 3: followed to completion.
    client::DroveClient other(m_network);
    other.setConnectionSettings(settingsFor(*fake));
    bool accepted = false;
    other.submitOperation(
        protocol::ApplicationOperation::scale(kWeb, 3, protocol::ClusterOpSpec::defaults()), &other,
        [&accepted](const client::Result<QString> &result) { accepted = result.ok(); });
    QTRY_VERIFY(accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!session->tracker()->operations().isEmpty(), 3 * kRefreshMs);
    QTRY_VERIFY_WITH_TIMEOUT(session->tracker()->operations().constFirst().isFinished(), 15000);
    const models::TrackedOperation op = session->tracker()->operations().constFirst();
    QCOMPARE(op.appId, kWeb);
    QCOMPARE(op.origin, models::TrackedOperation::Origin::OtherClient);
    QCOMPARE(op.outcome, models::TrackedOperation::Outcome::Completed);
    QCOMPARE(fake->healthyInstances(kWeb), 3);
    QTRY_COMPARE_WITH_TIMEOUT(session->instances()->rowCount(), 3, 2 * kRefreshMs);
    QTRY_COMPARE_WITH_TIMEOUT(session->applications()->application(kWeb)->healthyInstances, 3,
                              2 * kRefreshMs);

    // No missing route ever made the console call the controller unreachable.
    QVERIFY(!m_states.contains(ConnectionState::Offline));
    QVERIFY(!m_states.contains(ConnectionState::Stale));
}

void TestFakeDrove::optionalFeatures_data()
{
    addConfigs();
}

void TestFakeDrove::optionalFeatures()
{
    QFETCH(FakeDroveConfig, config);
    FakeDrove *fake = startFake(config);
    if (!fake)
        QSKIP("No TLS certificates could be made here (openssl missing?)");
    models::ClusterSession *session = startSession(*fake);
    QSignalSpy failures(session, &models::ClusterSession::syncFailed);
    QTRY_COMPARE(session->connectionState(), ConnectionState::Connected);

    // Probed on connect.
    using Support = ControllerCapabilities::Support;
    QTRY_VERIFY(session->capabilities().support(Feature::Dashboard) != Support::Unknown);
    QCOMPARE(session->capabilities().isAbsent(Feature::Dashboard), !config.dashboard);
    QTRY_VERIFY(session->capabilities().support(Feature::Endpoints) != Support::Unknown);
    QVERIFY(!session->capabilities().isAbsent(Feature::Endpoints));
    // Learnt on first use.
    QCOMPARE(session->capabilities().support(Feature::Logs), Support::Unknown);
    std::optional<client::Result<QStringList>> files;
    session->instanceLogFiles(kWeb, QStringLiteral("AI-1"), session,
                              [&files](const client::Result<QStringList> &r) { files = r; });
    QTRY_VERIFY(files.has_value());
    QCOMPARE(files->ok(), config.logs);
    QCOMPARE(session->capabilities().isAbsent(Feature::Logs), !config.logs);
    if (!config.logs) {
        const ApiError error = files->error();
        QVERIFY(error.isMissingEndpoint());
        QCOMPARE(error.feature, Feature::Logs);
        QVERIFY2(error.userText().contains(QStringLiteral("instance logs")),
                 qPrintable(error.userText()));
        QVERIFY(ControllerCapabilities::unavailableText(Feature::Logs)
                    .contains(QStringLiteral("does not offer")));
    }
    QVERIFY(session->capabilitiesText().contains(QStringLiteral("instance logs")));
    // A missing route never makes the session offline or stale.
    QTest::qWait(kRefreshMs);
    QCOMPARE(session->connectionState(), ConnectionState::Connected);
    QVERIFY(!m_states.contains(ConnectionState::Offline));
    for (const auto &args : std::as_const(failures))
        QVERIFY(!args.at(0).value<ApiError>().isMissingEndpoint()
                || args.at(0).value<ApiError>().feature != Feature::None);
}

void TestFakeDrove::prefixWithTrailingSlash()
{
    FakeDroveConfig config;
    config.name = QStringLiteral("prefix/");
    config.prefix = QStringLiteral("/gw/drove");
    FakeDrove *fake = startFake(config);
    QVERIFY(fake);
    client::ConnectionSettings settings = settingsFor(*fake);
    QUrl withSlash = fake->url();
    withSlash.setPath(withSlash.path() + QLatin1Char('/'));
    settings.endpoints = {withSlash};
    m_network = new QNetworkAccessManager;
    client::DroveClient client(m_network);
    client.setConnectionSettings(settings);
    std::optional<client::Result<QList<protocol::AppSummary>>> apps;
    client.applications(&client, [&apps](const auto &r) { apps = r; });
    QTRY_VERIFY(apps.has_value());
    QVERIFY2(apps->ok(), qPrintable(apps->ok() ? QString() : apps->error().userText()));
    QCOMPARE(apps->value().size(), 2);
    for (const StubRequest &request : fake->http().requests())
        QVERIFY2(request.path.startsWith(QStringLiteral("/gw/drove/apis/v1/")),
                 qPrintable(request.path));
}

void TestFakeDrove::privateCaWithoutTheCaFileNamesTheIssuer()
{
    FakeDroveConfig config;
    config.tls = true;
    FakeDrove *fake = startFake(config);
    if (!fake)
        QSKIP("No TLS certificates could be made here (openssl missing?)");
    m_network = new QNetworkAccessManager;
    client::DroveClient client(m_network);
    client.setConnectionSettings(settingsFor(*fake, false));
    std::optional<client::Result<QList<protocol::AppSummary>>> apps;
    client.applications(&client, [&apps](const auto &r) { apps = r; });
    QTRY_VERIFY(apps.has_value());
    QVERIFY(!apps->ok());
    const ApiError error = apps->error();
    QCOMPARE(error.kind, ApiError::Kind::Tls);
    QVERIFY2(error.detail.contains(QStringLiteral("Drove Test CA")), qPrintable(error.detail));
    QVERIFY2(error.userText().contains(QStringLiteral("CA certificate file")),
             qPrintable(error.userText()));

    // A name the certificate does not list (QNAM cannot be pointed at another name for the
    // loopback address, so the wording is checked on the error Qt would give).
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("server.pem")));
    QVERIFY(!certificates.isEmpty());
    const QString mismatch = client::DroveClient::describeSslErrors(
        {QSslError(QSslError::HostNameMismatch, certificates.first())},
        QStringLiteral("drove.example.com"));
    QVERIFY2(mismatch.contains(QStringLiteral("localhost")), qPrintable(mismatch));
    QVERIFY2(mismatch.contains(QStringLiteral("drove.example.com")), qPrintable(mismatch));
}

void TestFakeDrove::leaderChangeTriesTheEventFeedAgain()
{
    // Two controllers: the leader has no event feed (polling); then leadership moves to one
    // with events/latest, and the session finds out and follows its events again.
    FakeDroveConfig config;
    config.eventsLatest = false;
    config.eventsLegacy = false;
    FakeDrove *old = startFake(config);
    QVERIFY(old);
    FakeDrove newer(FakeDroveConfig(), this);
    newer.addExecutor(QStringLiteral("ex-1"), QStringLiteral("host-1"), 8, 4096);
    newer.addApp(kWeb, 1);
    newer.addApp(QStringLiteral("API-1"), 2);
    newer.setLeader(false);
    QVERIFY(newer.start());

    m_network = new QNetworkAccessManager;
    client::ClusterProfile profile;
    profile.name = QStringLiteral("two");
    profile.refreshIntervalMs = 200;
    m_session = new models::ClusterSession(m_network, profile, false, nullptr);
    QSignalSpy feeds(m_session, &models::ClusterSession::eventFeedChanged);
    client::ConnectionSettings settings = settingsFor(*old);
    settings.endpoints = {old->url(), newer.url()};
    m_session->start(settings);
    QTRY_COMPARE(m_session->eventFeed(), EventFeed::Polling);
    QVERIFY(!m_session->tracker()->eventFeedAvailable());
    QTRY_COMPARE(m_session->applications()->rowCount(), 2);

    old->setLeader(false);
    newer.setLeader(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->eventFeed(), EventFeed::Latest, 10000);
    QVERIFY(m_session->tracker()->eventFeedAvailable());
    QTRY_VERIFY(newer.requestCount(QStringLiteral("/apis/v1/cluster/events/latest")) >= 2);
    // The capabilities were asked for again, of the new leader.
    QTRY_VERIFY(newer.requestCount(QStringLiteral("/apis/v1/cluster/dashboard")) >= 1);
    QTRY_COMPARE(m_session->capabilities().support(Feature::Dashboard),
                 ControllerCapabilities::Support::Present);
    // Followed through the new leader's events: a scale there shows up.
    newer.scale(kWeb, 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->applications()->application(kWeb)->healthyInstances, 2,
                              10000);
    QCOMPARE(m_session->connectionState(), ConnectionState::Connected);
}

void TestFakeDrove::missingExecutorDetailsAndSpecValidation()
{
    // A controller (or gateway) without GET /cluster/executors/{id} and without
    // POST /applications/validate/spec: both are learnt on first use, reported for their
    // feature, and the executor details are not asked for again on every refresh.
    FakeDroveConfig config;
    config.name = QStringLiteral("no executor details, no validate/spec");
    config.executorDetails = false;
    config.validateSpec = false;
    FakeDrove *fake = startFake(config);
    QVERIFY(fake);
    m_network = new QNetworkAccessManager;
    client::DroveClient client(m_network);
    client::SyncEngine sync(&client);
    client::ClusterProfile profile;
    profile.name = config.name;
    profile.refreshIntervalMs = kRefreshMs;
    models::ClusterSession session(&client, &sync, profile, false, nullptr);
    session.start(settingsFor(*fake));
    QTRY_COMPARE(session.connectionState(), ConnectionState::Connected);
    QTRY_COMPARE(session.applications()->rowCount(), 2);

    const QString details = QStringLiteral("/apis/v1/cluster/executors/");
    session.setExecutorDetailsEnabled(true); // the Executors tab is shown
    session.setExecutorInstancesScope(QStringLiteral("ex-1"));
    QTRY_VERIFY(session.capabilities().isAbsent(Feature::ExecutorDetails));
    QVERIFY(!session.hasExecutorDetails(QStringLiteral("ex-1")));
    const int asked = fake->requestCount(details);
    QVERIFY(asked >= 1);
    // Two full resyncs, each fetching the executor list (which asks for the details of every
    // executor while the tab is shown): no more details requests.
    QSignalSpy resyncs(&sync, &client::SyncEngine::fullResyncFinished);
    session.refresh();
    QTRY_VERIFY(resyncs.size() >= 1);
    session.refresh();
    QTRY_VERIFY(resyncs.size() >= 2);
    session.setExecutorInstancesScope(QString());
    session.setExecutorInstancesScope(QStringLiteral("ex-1"));
    QCOMPARE(fake->requestCount(details), asked);

    // validate/spec: a missing route, said for its feature, not a refusal of the spec.
    QFile specFile(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    QVERIFY(specFile.open(QIODevice::ReadOnly));
    const auto spec
        = protocol::ApplicationSpec::fromJson(QJsonDocument::fromJson(specFile.readAll()).object());
    QVERIFY(spec);
    std::optional<client::Result<void>> checked;
    session.validateSpec(*spec, &session,
                         [&checked](const client::Result<void> &result) { checked = result; });
    QTRY_VERIFY(checked.has_value());
    QVERIFY(!checked->ok());
    QVERIFY(checked->error().isMissingEndpoint());
    QCOMPARE(checked->error().feature, Feature::ValidateSpec);
    QVERIFY(session.capabilities().isAbsent(Feature::ValidateSpec));

    // Everything else goes on.
    QCOMPARE(session.connectionState(), ConnectionState::Connected);
    QVERIFY(!session.capabilities().isAbsent(Feature::Logs));
    QVERIFY(!m_states.contains(ConnectionState::Offline));
}

void TestFakeDrove::unknownEventTypesAreShownNotActedOn()
{
    // A newer Drove's event types: listed in the events table as received, never acted on
    // (no refetch, no operation, no error).
    FakeDrove *fake = startFake(FakeDroveConfig());
    QVERIFY(fake);
    models::ClusterSession *session = startSession(*fake);
    QSignalSpy failures(session, &models::ClusterSession::syncFailed);
    QTRY_COMPARE(session->connectionState(), ConnectionState::Connected);
    QTRY_COMPARE(session->applications()->rowCount(), 2);
    QTRY_VERIFY(fake->requestCount(QStringLiteral("/apis/v1/cluster/events/latest")) >= 2);

    const QString webPath = QStringLiteral("/apis/v1/applications/") + kWeb;
    const int webFetches = fake->requestCount(webPath);
    fake->emitEvent(QStringLiteral("APP_DEPLOYMENT_PROMOTED"),
                    QJsonObject {{QStringLiteral("APP_ID"), kWeb},
                                 {QStringLiteral("DEPLOYMENT"), QStringLiteral("blue")},
                                 {QStringLiteral("CURRENT_STATE"), QStringLiteral("PROMOTED")}});
    models::EventsModel *events = session->events();
    const auto findRow = [events] {
        for (int row = 0; row < events->rowCount(); ++row) {
            if (events->index(row, 0).data(models::EventTypeRole).toString()
                == QLatin1String("APP_DEPLOYMENT_PROMOTED"))
                return row;
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(findRow() >= 0, 3 * kRefreshMs);
    const int row = findRow();
    QCOMPARE(events->index(row, models::EventsModel::TypeColumn).data().toString(),
             QStringLiteral("APP_DEPLOYMENT_PROMOTED"));
    QCOMPARE(events->index(row, models::EventsModel::AppColumn).data().toString(), kWeb);
    QCOMPARE(events->index(row, models::EventsModel::StateColumn).data().toString(),
             QStringLiteral("PROMOTED"));

    // Two more polls later, nothing was fetched because of it and nothing is being followed.
    const int polls = fake->requestCount(QStringLiteral("/apis/v1/cluster/events/latest"));
    QTRY_VERIFY_WITH_TIMEOUT(fake->requestCount(QStringLiteral("/apis/v1/cluster/events/latest"))
                                 >= polls + 2,
                             3 * kRefreshMs);
    QCOMPARE(fake->requestCount(webPath), webFetches);
    QVERIFY(session->tracker()->operations().isEmpty());
    QCOMPARE(session->applications()->application(kWeb)->healthyInstances, 1);
    QCOMPARE(failures.size(), 0);
    QCOMPARE(session->connectionState(), ConnectionState::Connected);

    // A known event after it is still acted on: the feed did not stall on the unknown one.
    fake->scale(kWeb, 2);
    QTRY_COMPARE_WITH_TIMEOUT(session->applications()->application(kWeb)->healthyInstances, 2,
                              10000);
}

QTEST_MAIN(TestFakeDrove)
#include "tst_fakedrove.moc"
