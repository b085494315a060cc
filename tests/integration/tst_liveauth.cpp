// Authentication and roles seen through the console's client against the embedded controller's
// userAuth: the error kinds the UI acts on (Forbidden: the role may not do this; Unauthorized:
// the credentials are wrong), and what the sync loop and the session do with them.

#include "consoleharness.h"
#include "embeddednode.h"
#include "integrationsupport.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/controllercore.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/operationjournal.h"
#include "models/operationtracker.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace drove;
using client::ApiError;
using client::ClusterAuth;
using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;
using Role = controller::http::UserRole;

Q_DECLARE_METATYPE(client::ClusterAuth)

namespace {

ClusterAuth basic(const QString &user, const QString &password)
{
    ClusterAuth auth;
    auth.mode = ClusterAuth::Mode::Basic;
    auth.username = user;
    auth.secret = password;
    return auth;
}

/// The kind name, or "ok": readable in a QCOMPARE failure.
template<typename T>
QString outcome(const client::Result<T> &result)
{
    return result.ok() ? QStringLiteral("ok") : ApiError::kindName(result.error().kind);
}

} // namespace

class TestLiveAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void callsAnswerWithTheRightErrorKind_data();
    void callsAnswerWithTheRightErrorKind();
    void readOnlySessionIsRefusedAndJournalsIt();
    void wrongPasswordStopsTheSyncWithUnauthorized();
    void writeAccessIsKnownBeforeAnyRefusal_data();
    void writeAccessIsKnownBeforeAnyRefusal();

private:
    std::unique_ptr<EmbeddedNode> m_node;
    QString m_appId;
};

void TestLiveAuth::initTestCase()
{
    qRegisterMetaType<ClusterAuth>();
}

void TestLiveAuth::init()
{
    EmbeddedNode::Options options;
    options.users = {{QStringLiteral("admin"), QStringLiteral("admin-pass"), Role::Root},
                     {QStringLiteral("viewer"), QStringLiteral("viewer-pass"), Role::ReadOnly},
                     {QStringLiteral("deployer"), QStringLiteral("deploy:pass"), Role::ReadWrite}};
    m_node = std::make_unique<EmbeddedNode>();
    QString error;
    QVERIFY2(m_node->start(options, 0, &error), qPrintable(error));
    const auto spec = integration::referenceSpec();
    QVERIFY(spec);
    const auto created
        = m_node->core()->submit(ApplicationOperation::create(*spec, 0, ClusterOpSpec::defaults()));
    QVERIFY(created.accepted);
    m_appId = created.appId;
    QTRY_VERIFY_WITH_TIMEOUT(!m_node->core()->activeOperation(m_appId), 15000);
}

void TestLiveAuth::cleanup()
{
    m_node.reset();
}

void TestLiveAuth::callsAnswerWithTheRightErrorKind_data()
{
    QTest::addColumn<ClusterAuth>("auth");
    QTest::addColumn<QString>("read");      // GET /applications
    QTest::addColumn<QString>("operation"); // POST SCALE
    QTest::addColumn<QString>("cancel");    // POST cancel on an idle app
    const QString ok = QStringLiteral("ok");
    const QString forbidden = ApiError::kindName(ApiError::Kind::Forbidden);
    const QString unauthorized = ApiError::kindName(ApiError::Kind::Unauthorized);
    const QString failure = ApiError::kindName(ApiError::Kind::DroveFailure);
    QTest::newRow("read-only-user")
        << basic(QStringLiteral("viewer"), QStringLiteral("viewer-pass")) << ok << forbidden
        << forbidden;
    QTest::newRow("read-write-user")
        << basic(QStringLiteral("deployer"), QStringLiteral("deploy:pass")) << ok << ok << failure;
    QTest::newRow("root") << basic(QStringLiteral("admin"), QStringLiteral("admin-pass")) << ok
                          << ok << failure;
    QTest::newRow("wrong-password") << basic(QStringLiteral("admin"), QStringLiteral("nope"))
                                    << unauthorized << unauthorized << unauthorized;
    QTest::newRow("unknown-user") << basic(QStringLiteral("mallory"), QStringLiteral("admin-pass"))
                                  << unauthorized << unauthorized << unauthorized;
    QTest::newRow("no-credentials")
        << ClusterAuth() << unauthorized << unauthorized << unauthorized;
    ClusterAuth header;
    header.mode = ClusterAuth::Mode::Header;
    header.secret = QStringLiteral("Bearer not-a-basic-credential");
    QTest::newRow("foreign-token") << header << unauthorized << unauthorized << unauthorized;
}

void TestLiveAuth::callsAnswerWithTheRightErrorKind()
{
    QFETCH(ClusterAuth, auth);
    QFETCH(QString, read);
    QFETCH(QString, operation);
    QFETCH(QString, cancel);
    ConsoleHarness console({m_node->url()}, auth);
    client::DroveClient *client = console.client();
    QObject context;

    std::optional<client::Result<QList<protocol::AppSummary>>> apps;
    client->applications(&context, [&](const auto &result) { apps = result; });
    QTRY_VERIFY_WITH_TIMEOUT(apps.has_value(), 10000);
    QCOMPARE(outcome(*apps), read);
    if (apps->ok()) {
        QCOMPARE(apps->value().size(), 1);
        QCOMPARE(apps->value().first().id, m_appId);
    } else {
        QCOMPARE(apps->error().httpStatus, 401);
    }

    // Cancel first, while the app is idle after its CREATE: allowed roles get Drove's 400
    // "Current operation could not be cancelled" envelope, the others never get that far.
    std::optional<client::Result<void>> cancelled;
    client->cancelOperation(m_appId, &context, [&](const auto &result) { cancelled = result; });
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.has_value(), 10000);
    QCOMPARE(outcome(*cancelled), cancel);
    if (cancelled->error().kind == ApiError::Kind::DroveFailure)
        QCOMPARE(cancelled->error().message,
                 QStringLiteral("Current operation could not be cancelled"));

    std::optional<client::Result<QString>> scale;
    client->submitOperation(
        ApplicationOperation::scale(m_appId, 1, ClusterOpSpec::make(Duration::minutes(5), 1)),
        &context, [&](const auto &result) { scale = result; });
    QTRY_VERIFY_WITH_TIMEOUT(scale.has_value(), 10000);
    QCOMPARE(outcome(*scale), operation);
    if (!scale->ok()) {
        QCOMPARE(scale->error().httpStatus, operation == QLatin1String("Forbidden") ? 403 : 401);
        QVERIFY(!scale->error().userText().isEmpty());
        // Refused means refused: the controller did not start anything.
        QCOMPARE(m_node->core()->appSummary(m_appId)->requiredInstances, 0);
    } else {
        QCOMPARE(scale->value(), m_appId);
        QTRY_VERIFY_WITH_TIMEOUT(!m_node->core()->activeOperation(m_appId), 15000);
        QCOMPARE(m_node->core()->appSummary(m_appId)->healthyInstances, 1);
    }
}

void TestLiveAuth::readOnlySessionIsRefusedAndJournalsIt()
{
    ConsoleHarness console({m_node->url()},
                           basic(QStringLiteral("viewer"), QStringLiteral("viewer-pass")));
    console.start();
    // Reading is allowed: the sync fills the models.
    QTRY_VERIFY_WITH_TIMEOUT(console.session()->applications()->rowOfKey(m_appId) >= 0, 10000);
    QCOMPARE(console.sync()->connectionState(), client::SyncEngine::ConnectionState::Connected);

    const models::SubmitTicket ticket = console.session()->submitOperation(
        ApplicationOperation::scale(m_appId, 2, ClusterOpSpec::make(Duration::minutes(5), 1)));
    QVERIFY(ticket.sent());
    QCOMPARE(ticket.pending->appId(), m_appId);
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    QSignalSpy rejected(ticket.pending, &models::PendingOperation::rejected);
    QVERIFY(rejected.wait(10000));
    QCOMPARE(accepted.count(), 0);
    const auto error = rejected.first().first().value<client::ApiError>();
    QCOMPARE(error.kind, client::ApiError::Kind::Forbidden);
    QVERIFY(!error.userText().isEmpty());
    // Nothing is tracked for a refused operation; the journal says it was rejected.
    QCOMPARE(console.session()->tracker()->inFlightCount(), 0);
    const auto entries = console.journal()->entries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().operation, QStringLiteral("SCALE"));
    QCOMPARE(entries.first().outcome, models::OperationJournal::Outcome::Rejected);
    QCOMPARE(m_node->core()->appSummary(m_appId)->requiredInstances, 0);
}

void TestLiveAuth::wrongPasswordStopsTheSyncWithUnauthorized()
{
    ConsoleHarness console({m_node->url()},
                           basic(QStringLiteral("admin"), QStringLiteral("wrong")));
    QSignalSpy failures(console.sync(), &client::SyncEngine::syncFailed);
    console.start();
    QVERIFY(failures.wait(10000));
    QCOMPARE(ApiError::kindName(failures.first().first().value<ApiError>().kind),
             ApiError::kindName(ApiError::Kind::Unauthorized));
    QTRY_COMPARE_WITH_TIMEOUT(console.sync()->connectionState(),
                              client::SyncEngine::ConnectionState::Offline, 10000);
    QCOMPARE(console.session()->applications()->rowCount(), 0);
    QCOMPARE(console.sync()->lastError().kind, ApiError::Kind::Unauthorized);
}

void TestLiveAuth::writeAccessIsKnownBeforeAnyRefusal_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("mayWrite");
    QTest::newRow("read-only") << QStringLiteral("viewer") << QStringLiteral("viewer-pass")
                               << false;
    QTest::newRow("admin") << QStringLiteral("admin") << QStringLiteral("admin-pass") << true;
}

void TestLiveAuth::writeAccessIsKnownBeforeAnyRefusal()
{
    // The role check comes before the body is read (apiserver.cpp: roleAllows before the
    // handler; Drove: RolesAllowedDynamicFeature's request filter runs before Jersey reads the
    // entity), so an operation body that fails validation tells a writer (400) from a reader
    // (403) and changes nothing.
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(bool, mayWrite);
    ConsoleHarness console({m_node->url()}, basic(user, password));
    QSignalSpy known(console.session(), &models::ClusterSession::writeAccessKnown);
    console.start();
    QVERIFY(known.wait(10000));
    QCOMPARE(known.first().at(0).toBool(), mayWrite);
    QCOMPARE(known.first().at(1).toString().isEmpty(), mayWrite);
    QCOMPARE(console.session()->mayWrite(), std::optional<bool>(mayWrite));
    // Asked once per connection, and nothing was sent that could change the cluster.
    QTest::qWait(300);
    QCOMPARE(known.count(), 1);
    QVERIFY(console.journal()->entries().isEmpty());
    QCOMPARE(m_node->core()->appSummary(m_appId)->requiredInstances, 0);
}

QTEST_GUILESS_MAIN(TestLiveAuth)
#include "tst_liveauth.moc"
