// Failover and outages seen from the console: two embedded controllers, one leader and one
// follower (answering 400 "not the leader"), sharing a state directory the way Drove controllers
// share ZooKeeper. The leader is stopped mid-run and the follower is promoted; the client's
// LeaderDiscovery must find the new leader and the sync must resume without a restart and
// without a model reset. A single controller that drops off the network leaves the data in
// place, marked stale, until it answers again.

#include "consoleharness.h"
#include "embeddednode.h"
#include "integrationsupport.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/controllercore.h"
#include "models/applicationsmodel.h"
#include "models/clusteroverview.h"
#include "models/clustersession.h"
#include "models/instancesmodel.h"
#include "models/operationtracker.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace drove;
using models::TrackedOperation;
using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;
using State = client::SyncEngine::ConnectionState;

class TestLeaderFailover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leaderStopsAndFollowerTakesOver_data();
    void leaderStopsAndFollowerTakesOver();
    void outageKeepsStaleDataAndRecovers();

private:
    /// Sends through the session and follows the operation to its end.
    static std::optional<TrackedOperation> run(ConsoleHarness &console,
                                               const ApplicationOperation &operation);
    /// CREATE + SCALE to `count` through the console; returns the app id.
    static QString deploy(ConsoleHarness &console, int count);
    static std::optional<protocol::AppSummary> shown(ConsoleHarness &console, const QString &appId)
    {
        return console.session()->applications()->application(appId);
    }
};

std::optional<TrackedOperation> TestLeaderFailover::run(ConsoleHarness &console,
                                                        const ApplicationOperation &operation)
{
    models::ClusterSession *session = console.session();
    const models::SubmitTicket ticket = session->submitOperation(operation);
    if (!ticket.sent())
        return std::nullopt;
    const QString id = ticket.pending->trackedId();
    QSignalSpy accepted(ticket.pending, &models::PendingOperation::accepted);
    QSignalSpy rejected(ticket.pending, &models::PendingOperation::rejected);
    (void)QTest::qWaitFor([&] { return !accepted.isEmpty() || !rejected.isEmpty(); }, 15000);
    if (accepted.isEmpty()) {
        if (!rejected.isEmpty())
            qWarning() << "not accepted:"
                       << rejected.first().first().value<client::ApiError>().userText();
        return std::nullopt;
    }
    (void)QTest::qWaitFor([&] { return session->tracker()->operation(id)->isFinished(); }, 60000);
    return session->tracker()->operation(id);
}

QString TestLeaderFailover::deploy(ConsoleHarness &console, int count)
{
    const auto spec = integration::referenceSpec();
    if (!spec)
        return {};
    const auto created
        = run(console, ApplicationOperation::create(*spec, 0, ClusterOpSpec::defaults()));
    if (!created || created->outcome != TrackedOperation::Outcome::Completed)
        return {};
    const auto scaled
        = run(console,
              ApplicationOperation::scale(created->appId, count,
                                          ClusterOpSpec::make(Duration::minutes(5), count)));
    if (!scaled || scaled->outcome != TrackedOperation::Outcome::Completed)
        return {};
    return created->appId;
}

void TestLeaderFailover::leaderStopsAndFollowerTakesOver_data()
{
    QTest::addColumn<bool>("waitForOutage");
    // The follower is promoted the moment the leader goes (a fast election) …
    QTest::newRow("promoted-at-once") << false;
    // … or only after the console has noticed that nobody leads (a slow one).
    QTest::newRow("promoted-after-outage-seen") << true;
}

void TestLeaderFailover::leaderStopsAndFollowerTakesOver()
{
    QFETCH(bool, waitForOutage);
    QTemporaryDir stateDir;
    QVERIFY(stateDir.isValid());
    EmbeddedNode leader, follower;
    QString error;
    EmbeddedNode::Options leaderOptions;
    leaderOptions.stateDir = stateDir.path();
    QVERIFY2(leader.start(leaderOptions, 0, &error), qPrintable(error));
    EmbeddedNode::Options followerOptions;
    followerOptions.leader = false;
    QVERIFY2(follower.start(followerOptions, 0, &error), qPrintable(error));

    // The follower is listed first, so finding the leader takes a real probe round.
    ConsoleHarness console({follower.url(), leader.url()});
    QSignalSpy leaderChanged(console.client(), &client::DroveClient::leaderChanged);
    console.start();
    QTRY_COMPARE_WITH_TIMEOUT(console.sync()->connectionState(), State::Connected, 10000);
    QCOMPARE(console.client()->leader(), leader.url());

    const QString appId = deploy(console, 2);
    QVERIFY(!appId.isEmpty());
    console.session()->setInstancesApplication(appId, false);
    QTRY_COMPARE_WITH_TIMEOUT(console.session()->instances()->rowCount(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(shown(console, appId)->healthyInstances == 2, 10000);
    console.clearResets();
    const protocol::AppSummary before = *shown(console, appId);
    leaderChanged.clear();

    // The leader goes away mid-run.
    leader.stop();
    if (waitForOutage) {
        QTRY_VERIFY_WITH_TIMEOUT(console.sync()->connectionState() == State::Stale, 20000);
        QVERIFY(console.session()->overview()->isStale());
        // Nothing was thrown away while nobody leads.
        QCOMPARE(*shown(console, appId), before);
        QCOMPARE(console.session()->instances()->rowCount(), 2);
    }
    QVERIFY2(follower.promoteToLeader(stateDir.path(), &error), qPrintable(error));
    // The new leader restored the cluster from the shared state.
    QVERIFY(follower.core()->appSummary(appId).has_value());

    QTRY_VERIFY_WITH_TIMEOUT(!leaderChanged.isEmpty(), 30000);
    QCOMPARE(leaderChanged.last().first().toUrl(), follower.url());
    QCOMPARE(console.client()->leader(), follower.url());
    QTRY_COMPARE_WITH_TIMEOUT(console.sync()->connectionState(), State::Connected, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!console.session()->overview()->isStale(), 10000);
    QVERIFY(shown(console, appId).has_value());

    // The sync runs against the new leader: an operation sent now is accepted there, and its
    // effect reaches the models through the new leader's events.
    const auto scaled
        = run(console,
              ApplicationOperation::scale(appId, 3, ClusterOpSpec::make(Duration::minutes(5), 1)));
    QVERIFY(scaled);
    QCOMPARE(TrackedOperation::outcomeName(scaled->outcome),
             TrackedOperation::outcomeName(TrackedOperation::Outcome::Completed));
    QCOMPARE(follower.core()->instances(appId).size(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(shown(console, appId)->healthyInstances == 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(console.session()->instances()->rowCount(), 3, 10000);
    QCOMPARE(console.resetCount(), 0);
}

void TestLeaderFailover::outageKeepsStaleDataAndRecovers()
{
    EmbeddedNode node;
    QString error;
    QVERIFY2(node.start(EmbeddedNode::Options(), 0, &error), qPrintable(error));
    ConsoleHarness console({node.url()});
    console.start();
    QTRY_COMPARE_WITH_TIMEOUT(console.sync()->connectionState(), State::Connected, 10000);
    const QString appId = deploy(console, 2);
    QVERIFY(!appId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(shown(console, appId)->healthyInstances == 2, 10000);
    console.clearResets();
    const protocol::AppSummary before = *shown(console, appId);
    const int appRows = console.session()->applications()->rowCount();
    QSignalSpy states(console.sync(), &client::SyncEngine::connectionStateChanged);

    node.stopServing();
    QTRY_COMPARE_WITH_TIMEOUT(console.sync()->connectionState(), State::Stale, 20000);
    models::ClusterOverview *overview = console.session()->overview();
    QVERIFY(overview->isStale());
    const QDateTime lastSuccess = console.sync()->lastSuccess();
    QVERIFY(lastSuccess.isValid());
    QVERIFY(lastSuccess <= QDateTime::currentDateTimeUtc());
    QCOMPARE(console.sync()->lastError().kind, client::ApiError::Kind::CannotConnect);
    QCOMPARE(console.session()->applications()->rowCount(), appRows);
    QCOMPARE(*shown(console, appId), before);

    // The cluster moves on while the console cannot see it.
    const auto result = node.core()->submit(
        ApplicationOperation::scale(appId, 3, ClusterOpSpec::make(Duration::minutes(5), 1)));
    QVERIFY(result.accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!node.core()->activeOperation(appId).has_value(), 30000);
    QCOMPARE(node.core()->appSummary(appId)->healthyInstances, 3);
    QCOMPARE(*shown(console, appId), before); // still the last known picture

    // Back on the network: the console catches up by itself.
    QVERIFY2(node.resumeServing(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(console.sync()->connectionState(), State::Connected, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!overview->isStale(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(shown(console, appId)->healthyInstances == 3, 10000);
    QCOMPARE(*shown(console, appId), *node.core()->appSummary(appId));
    QVERIFY(console.sync()->lastSuccess() > lastSuccess);
    bool sawStale = false;
    for (const QList<QVariant> &args : std::as_const(states))
        sawStale |= args.first().value<State>() == State::Stale;
    QVERIFY(sawStale);
    QCOMPARE(console.resetCount(), 0);
}

QTEST_GUILESS_MAIN(TestLeaderFailover)
#include "tst_leaderfailover.moc"
