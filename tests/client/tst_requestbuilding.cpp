// Request building without a network: URLs, queries, headers, auth and bodies of every call.
#include "client/apierror.h"
#include "client/cabundle.h"
#include "client/droveapi.h"
#include "client/requestbuilder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QtTest>

using namespace drove::client;

Q_DECLARE_METATYPE(drove::client::ApiRequest)

class TestRequestBuilding : public QObject
{
    Q_OBJECT

private slots:
    void urls_data();
    void urls();
    void bodies();
    void endpointBasePath_data();
    void endpointBasePath();
    void authHeaders_data();
    void authHeaders();
    void commonHeaders();
    void tlsVerification();
    void extraCaCertificates();
    void extraHeaders();
    void optionalFeatures();
};

void TestRequestBuilding::urls_data()
{
    QTest::addColumn<ApiRequest>("request");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("payload");

    const auto envelope = int(ApiRequest::Payload::Envelope);
    const auto bare = int(ApiRequest::Payload::BareJson);
    QTest::newRow("ping") << DroveApi::ping() << "GET"
                          << "/apis/v1/ping" << envelope;
    QTest::newRow("applications") << DroveApi::applications() << "GET"
                                  << "/apis/v1/applications" << envelope;
    QTest::newRow("application") << DroveApi::application(QStringLiteral("TEST_APP-1")) << "GET"
                                 << "/apis/v1/applications/TEST_APP-1" << envelope;
    QTest::newRow("application id with slash is one segment")
        << DroveApi::application(QStringLiteral("a/b c")) << "GET"
        << "/apis/v1/applications/a%2Fb%20c" << envelope;
    QTest::newRow("spec") << DroveApi::applicationSpec(QStringLiteral("TEST_APP-1")) << "GET"
                          << "/apis/v1/applications/TEST_APP-1/spec" << envelope;
    QTest::newRow("instances") << DroveApi::instances(QStringLiteral("TEST_APP-1")) << "GET"
                               << "/apis/v1/applications/TEST_APP-1/instances" << envelope;
    QTest::newRow("instances with state filter")
        << DroveApi::instances(QStringLiteral("TEST_APP-1"),
                               {QStringLiteral("HEALTHY"), QStringLiteral("UNREADY")})
        << "GET"
        << "/apis/v1/applications/TEST_APP-1/instances?state=HEALTHY&state=UNREADY" << envelope;
    QTest::newRow("old instances, all")
        << DroveApi::oldInstances(QStringLiteral("TEST_APP-1")) << "GET"
        << "/apis/v1/applications/TEST_APP-1/instances/old?start=0" << envelope;
    QTest::newRow("old instances, page")
        << DroveApi::oldInstances(QStringLiteral("TEST_APP-1"), 10, 50) << "GET"
        << "/apis/v1/applications/TEST_APP-1/instances/old?start=10&size=50" << envelope;
    QTest::newRow("one instance") << DroveApi::instance(QStringLiteral("TEST_APP-1"),
                                                        QStringLiteral("AI-1234"))
                                  << "GET"
                                  << "/apis/v1/applications/TEST_APP-1/instances/AI-1234"
                                  << envelope;
    QTest::newRow("submit operation (canonical path)")
        << DroveApi::submitOperation({}) << "POST"
        << "/apis/v1/applications/operations" << envelope;
    QTest::newRow("cancel (canonical path)")
        << DroveApi::cancelOperation(QStringLiteral("TEST_APP-1")) << "POST"
        << "/apis/v1/applications/operations/TEST_APP-1/cancel" << envelope;
    QTest::newRow("validate spec") << DroveApi::validateSpec({}) << "POST"
                                   << "/apis/v1/applications/validate/spec" << envelope;
    QTest::newRow("endpoints") << DroveApi::endpoints() << "GET"
                               << "/apis/v1/endpoints" << envelope;
    QTest::newRow("endpoints by app name")
        << DroveApi::endpoints({QStringLiteral("TEST_APP"), QStringLiteral("OTHER")}) << "GET"
        << "/apis/v1/endpoints?app=TEST_APP&app=OTHER" << envelope;
    QTest::newRow("cluster") << DroveApi::clusterSummary() << "GET"
                             << "/apis/v1/cluster" << envelope;
    QTest::newRow("executors") << DroveApi::executors() << "GET"
                               << "/apis/v1/cluster/executors" << envelope;
    QTest::newRow("executor") << DroveApi::executor(QStringLiteral("ex-1")) << "GET"
                              << "/apis/v1/cluster/executors/ex-1" << envelope;
    QTest::newRow("blacklist") << DroveApi::blacklistExecutors(
        {QStringLiteral("e1"), QStringLiteral("e2")})
                               << "POST"
                               << "/apis/v1/cluster/executors/blacklist?id=e1&id=e2" << envelope;
    QTest::newRow("unblacklist") << DroveApi::unblacklistExecutors({QStringLiteral("e1")}) << "POST"
                                 << "/apis/v1/cluster/executors/unblacklist?id=e1" << envelope;
    QTest::newRow("maintenance set") << DroveApi::setMaintenance(true) << "POST"
                                     << "/apis/v1/cluster/maintenance/set" << envelope;
    QTest::newRow("maintenance unset") << DroveApi::setMaintenance(false) << "POST"
                                       << "/apis/v1/cluster/maintenance/unset" << envelope;
    QTest::newRow("events latest")
        << DroveApi::latestEvents(1719977632050, 1024) << "GET"
        << "/apis/v1/cluster/events/latest?lastSyncTime=1719977632050&size=1024" << envelope;
    QTest::newRow("events latest clamps negative time")
        << DroveApi::latestEvents(-5, 10) << "GET"
        << "/apis/v1/cluster/events/latest?lastSyncTime=0&size=10" << envelope;
    QTest::newRow("events summary")
        << DroveApi::eventsSummary(42) << "GET"
        << "/apis/v1/cluster/events/summary?lastSyncTime=42" << envelope;
    QTest::newRow("log list") << DroveApi::instanceLogFiles(QStringLiteral("APP-1"),
                                                            QStringLiteral("AI-1"))
                              << "GET"
                              << "/apis/v1/logfiles/applications/APP-1/AI-1/list" << bare;
    QTest::newRow("log read tail")
        << DroveApi::readInstanceLog(QStringLiteral("APP-1"), QStringLiteral("AI-1"),
                                     QStringLiteral("output.log"), -1)
        << "GET"
        << "/apis/v1/logfiles/applications/APP-1/AI-1/read/output.log?offset=-1" << bare;
    QTest::newRow("log read range")
        << DroveApi::readInstanceLog(QStringLiteral("APP-1"), QStringLiteral("AI-1"),
                                     QStringLiteral("output.log"), 100, 4096)
        << "GET"
        << "/apis/v1/logfiles/applications/APP-1/AI-1/read/output.log?offset=100&length=4096"
        << bare;
    QTest::newRow("log download") << DroveApi::downloadInstanceLog(
        QStringLiteral("APP-1"), QStringLiteral("AI-1"), QStringLiteral("output.log"))
                                  << "GET"
                                  << "/apis/v1/logfiles/applications/APP-1/AI-1/download/output.log"
                                  << int(ApiRequest::Payload::Raw);
}

void TestRequestBuilding::urls()
{
    QFETCH(ApiRequest, request);
    QFETCH(QString, method);
    QFETCH(QString, url);
    QFETCH(int, payload);

    QCOMPARE(request.isRead(), method == QLatin1String("GET"));
    QCOMPARE(int(request.payload), payload);
    RequestBuilder builder;
    const QNetworkRequest built = builder.build(QUrl(QStringLiteral("http://ctl:10000")), request);
    QCOMPARE(built.url().toString(QUrl::FullyEncoded), QStringLiteral("http://ctl:10000") + url);
    QCOMPARE(request.describe().section(QLatin1Char(' '), 0, 0), method);
}

void TestRequestBuilding::bodies()
{
    QJsonObject scale {{QStringLiteral("type"), QStringLiteral("SCALE")},
                       {QStringLiteral("appId"), QStringLiteral("TEST_APP-1")},
                       {QStringLiteral("requiredInstances"), 3}};
    const ApiRequest submit = DroveApi::submitOperation(scale);
    QCOMPARE(QJsonDocument::fromJson(submit.body).object(), scale);
    QVERIFY(!submit.body.contains('\n')); // compact

    const ApiRequest cancel = DroveApi::cancelOperation(QStringLiteral("TEST_APP-1"));
    QVERIFY(cancel.body.isEmpty());

    const QJsonObject spec {{QStringLiteral("name"), QStringLiteral("TEST_APP")}};
    QCOMPARE(QJsonDocument::fromJson(DroveApi::validateSpec(spec).body).object(), spec);

    RequestBuilder builder;
    const QNetworkRequest built = builder.build(QUrl(QStringLiteral("http://ctl")), submit);
    QCOMPARE(built.header(QNetworkRequest::ContentTypeHeader).toByteArray(),
             QByteArrayLiteral("application/json"));
    const QNetworkRequest get
        = builder.build(QUrl(QStringLiteral("http://ctl")), DroveApi::applications());
    QVERIFY(!get.header(QNetworkRequest::ContentTypeHeader).isValid());
}

void TestRequestBuilding::endpointBasePath_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host and port") << "http://ctl:10000"
                                   << "http://ctl:10000/apis/v1/ping";
    QTest::newRow("trailing slash") << "http://ctl:10000/"
                                    << "http://ctl:10000/apis/v1/ping";
    QTest::newRow("gateway base path") << "https://gw.example.com/drove"
                                       << "https://gw.example.com/drove/apis/v1/ping";
    QTest::newRow("gateway base path, trailing slashes")
        << "https://gw.example.com/drove//"
        << "https://gw.example.com/drove/apis/v1/ping";
    QTest::newRow("query on endpoint is dropped") << "http://ctl/?x=1"
                                                  << "http://ctl/apis/v1/ping";
}

void TestRequestBuilding::endpointBasePath()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, expected);
    QCOMPARE(RequestBuilder::url(QUrl(endpoint), DroveApi::ping()).toString(QUrl::FullyEncoded),
             expected);
}

void TestRequestBuilding::authHeaders_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("none") << int(ClusterAuth::Mode::None) << ""
                          << "" << QByteArray();
    QTest::newRow("basic") << int(ClusterAuth::Mode::Basic) << "admin"
                           << "admin" << QByteArray("Basic YWRtaW46YWRtaW4=");
    QTest::newRow("basic, utf-8 password with colon")
        << int(ClusterAuth::Mode::Basic) << "ops" << QStringLiteral("p\u00e4ss:w0rd")
        << (QByteArray("Basic ") + QByteArray("ops:p\xc3\xa4ss:w0rd").toBase64());
    QTest::newRow("raw header value") << int(ClusterAuth::Mode::Header) << ""
                                      << "O-Bearer abc.def" << QByteArray("O-Bearer abc.def");
    QTest::newRow("raw header value is trimmed") << int(ClusterAuth::Mode::Header) << ""
                                                 << "  Bearer t0k\n"
                                                 << QByteArray("Bearer t0k");
}

void TestRequestBuilding::authHeaders()
{
    QFETCH(int, mode);
    QFETCH(QString, username);
    QFETCH(QString, secret);
    QFETCH(QByteArray, expected);

    ConnectionSettings settings;
    settings.auth.mode = ClusterAuth::Mode(mode);
    settings.auth.username = username;
    settings.auth.secret = secret;
    RequestBuilder builder(settings);
    const QNetworkRequest built
        = builder.build(QUrl(QStringLiteral("http://ctl")), DroveApi::applications());
    QCOMPARE(built.rawHeader("Authorization"), expected);
    QCOMPARE(built.hasRawHeader("Authorization"), !expected.isEmpty());
}

void TestRequestBuilding::commonHeaders()
{
    ConnectionSettings settings;
    settings.requestTimeoutMs = 1234;
    RequestBuilder builder(settings);
    const QNetworkRequest built
        = builder.build(QUrl(QStringLiteral("http://ctl")), DroveApi::applications());
    QCOMPARE(built.transferTimeout(), 1234);
    QCOMPARE(
        builder.build(QUrl(QStringLiteral("http://ctl")), DroveApi::ping(), 500).transferTimeout(),
        500);
    QCOMPARE(built.rawHeader("Accept"), QByteArrayLiteral("application/json"));
    QVERIFY(
        built.header(QNetworkRequest::UserAgentHeader).toByteArray().startsWith("drove-console"));
    QCOMPARE(built.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
             int(QNetworkRequest::SameOriginRedirectPolicy));
}

void TestRequestBuilding::tlsVerification()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QUrl https(QStringLiteral("https://ctl.example.com"));
    ConnectionSettings settings;
    {
        const QNetworkRequest built = RequestBuilder(settings).build(https, DroveApi::ping());
        QVERIFY(built.sslConfiguration().peerVerifyMode() != QSslSocket::VerifyNone);
    }
    settings.insecure = true;
    {
        const QNetworkRequest built = RequestBuilder(settings).build(https, DroveApi::ping());
        QCOMPARE(built.sslConfiguration().peerVerifyMode(), QSslSocket::VerifyNone);
    }
}

void TestRequestBuilding::extraCaCertificates()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QUrl https(QStringLiteral("https://ctl.example.com"));
    ConnectionSettings settings;
    settings.caCertificatesFile = QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt");
    const RequestBuilder builder(settings);
    QCOMPARE(builder.extraCaCertificates().size(), 1);
    QVERIFY(builder.caFileProblem().isEmpty());
    const QNetworkRequest built = builder.build(https, DroveApi::ping());
    // Added to the system store, verification stays on.
    QVERIFY(
        built.sslConfiguration().caCertificates().contains(builder.extraCaCertificates().first()));
    QVERIFY(built.sslConfiguration().caCertificates().size() > 1
            || QSslConfiguration::systemCaCertificates().isEmpty());
    QVERIFY(built.sslConfiguration().peerVerifyMode() != QSslSocket::VerifyNone);

    settings.caCertificatesFile = QStringLiteral(DROVE_CLIENT_TEST_DATA "/garbage.drove");
    QVERIFY(RequestBuilder(settings).caFileProblem().contains(QStringLiteral("no PEM")));
    settings.caCertificatesFile = QStringLiteral("/nonexistent/ca.pem");
    QVERIFY(RequestBuilder(settings).caFileProblem().contains(QStringLiteral("cannot be read")));

    // The same reader tells the profile form what the file holds.
    const CaBundle bundle = CaBundle::read(QStringLiteral(DROVE_CLIENT_TEST_DATA "/tls-test.crt"));
    QVERIFY(bundle.isUsable());
    QCOMPARE(bundle.certificates().size(), 1);
    QVERIFY2(bundle.summary().startsWith(QStringLiteral("1 certificate")),
             qPrintable(bundle.summary()));
    QVERIFY2(bundle.summary().contains(QStringLiteral("127.0.0.1")), qPrintable(bundle.summary()));
    QVERIFY(!bundle.summary().contains(QStringLiteral("expired")));
    QVERIFY(CaBundle::read(QString()).isUsable());
    QVERIFY(CaBundle::read(QString()).certificates().isEmpty());
    QVERIFY(CaBundle::read(QStringLiteral(DROVE_CLIENT_TEST_DATA))
                .problem()
                .contains(QStringLiteral("folder")));
}

void TestRequestBuilding::extraHeaders()
{
    ConnectionSettings settings;
    settings.extraHeaders = {{QByteArrayLiteral("X-Route"), QByteArrayLiteral("blue")},
                             {QByteArrayLiteral("Authorization"), QByteArrayLiteral("theirs")}};
    settings.auth.mode = ClusterAuth::Mode::Header;
    settings.auth.secret = QStringLiteral("Bearer ours");
    const ApiRequest request = DroveApi::applications();
    const QNetworkRequest built
        = RequestBuilder(settings).build(QUrl(QStringLiteral("http://gw/drove")), request);
    QCOMPARE(built.rawHeader("X-Route"), QByteArray("blue"));
    QCOMPARE(built.rawHeader("Authorization"), QByteArray("Bearer ours"));
    // Never in what is logged or shown for a request.
    QVERIFY(!request.describe().contains(QLatin1String("blue")));
}

void TestRequestBuilding::optionalFeatures()
{
    QCOMPARE(DroveApi::applications().feature, Feature::None);
    QCOMPARE(DroveApi::latestEvents(0).feature, Feature::EventsLatest);
    QCOMPARE(DroveApi::legacyEvents(5, 10).feature, Feature::EventsLegacy);
    QCOMPARE(RequestBuilder::url(QUrl(QStringLiteral("http://ctl")), DroveApi::legacyEvents(5, 10))
                 .toString(),
             QStringLiteral("http://ctl/apis/v1/cluster/events?lastSyncTime=5&size=10"));
    QCOMPARE(DroveApi::dashboard().path, QStringLiteral("/apis/v1/cluster/dashboard"));
    QCOMPARE(DroveApi::dashboard().feature, Feature::Dashboard);
    QCOMPARE(DroveApi::endpoints().feature, Feature::Endpoints);
    QCOMPARE(DroveApi::executor(QStringLiteral("e")).feature, Feature::ExecutorDetails);
    QCOMPARE(DroveApi::instanceLogFiles(QStringLiteral("a"), QStringLiteral("i")).feature,
             Feature::Logs);
    QCOMPARE(DroveApi::validateSpec({}).feature, Feature::ValidateSpec);
    QCOMPARE(DroveApi::blacklistExecutors({}).feature, Feature::Blacklist);
    QCOMPARE(DroveApi::setMaintenance(true).feature, Feature::Maintenance);

    // A 404 without envelope is "not offered", reported for the feature; a Drove 404 is not.
    ApiError missing = ApiError::make(ApiError::Kind::HttpStatus, {}, 404);
    missing.feature = Feature::Logs;
    missing.url = QUrl(QStringLiteral("http://ctl/apis/v1/logfiles/applications/a/i/list"));
    QVERIFY(missing.isMissingEndpoint());
    QVERIFY(!missing.isTransient());
    QVERIFY(missing.userText().contains(QStringLiteral("instance logs")));
    QVERIFY(missing.userText().contains(QStringLiteral("/apis/v1/logfiles")));
    QCOMPARE(missing.title(), QStringLiteral("Not offered by this controller"));
    QVERIFY(!ApiError::make(ApiError::Kind::DroveFailure, QStringLiteral("App x not found"), 404)
                 .isMissingEndpoint());
    QVERIFY(ApiError::make(ApiError::Kind::HttpStatus, {}, 405).isMissingEndpoint());
    QVERIFY(!ApiError::make(ApiError::Kind::HttpStatus, {}, 500).isMissingEndpoint());

    ControllerCapabilities caps;
    QCOMPARE(caps.eventFeed(), EventFeed::Latest);
    caps.set(Feature::EventsLatest, ControllerCapabilities::Support::Absent);
    QCOMPARE(caps.eventFeed(), EventFeed::Legacy);
    caps.set(Feature::EventsLegacy, ControllerCapabilities::Support::Absent);
    QCOMPARE(caps.eventFeed(), EventFeed::Polling);
    QVERIFY(ControllerCapabilities::eventFeedText(EventFeed::Polling, 2000)
                .contains(QStringLiteral("no event feed")));
    QVERIFY(ControllerCapabilities::eventFeedText(EventFeed::Polling, 2000)
                .contains(QStringLiteral("every 2 s")));
}

QTEST_GUILESS_MAIN(TestRequestBuilding)
#include "tst_requestbuilding.moc"
