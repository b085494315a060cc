// The oracle test of the console's operation tracking: hundreds of random operations of every
// type, with random parallelism and timeouts, cancels at random moments, start and health
// failures and executors lost mid-operation, over several apps at once, run on the embedded
// controller in virtual time. For every operation, the tracker's final outcome, counts and phase
// sequence are compared with the controller engine's own record of it (OperationRecord, counted
// by the engine's jobs as they run, see controller/controllerengine_ops.cpp). Any difference is a
// disagreement and fails the test.
//
// Two paths feed the tracker: in-process (the core's events and snapshots handed over as the
// sync engine would) and the real thing (DroveClient and SyncEngine over HTTP against the real
// API server). Seeded and reproducible: DROVE_ORACLE_SEED picks the seed, DROVE_ORACLE_OPS the
// number of operations per path; the seed is printed.

#include "../controller/controllertestsupport.h"
#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/controllernode.h"
#include "models/operationtracker.h"
#include "protocol/applicationspec.h"

#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTest>

#include <memory>

using namespace drove;
using controller::OperationRecord;
using models::TrackedOperation;
using protocol::ApplicationOperation;
using protocol::ApplicationState;
using protocol::ClusterOpSpec;
using protocol::Duration;
using protocol::InstanceState;
using protocol::OperationOutcome;
using protocol::OperationType;

namespace {

QString statesText(const QList<ApplicationState> &states)
{
    QStringList names;
    for (const auto state : states)
        names.append(protocol::toString(state));
    return names.join(QLatin1Char('>'));
}

quint64 seedFromEnvironment()
{
    bool ok = false;
    const quint64 seed = qEnvironmentVariable("DROVE_ORACLE_SEED").toULongLong(&ok);
    return ok ? seed : 20261202;
}

int opsFromEnvironment()
{
    bool ok = false;
    const int ops = qEnvironmentVariableIntValue("DROVE_ORACLE_OPS", &ok);
    return ok && ops > 0 ? ops : 160;
}

/// One run: a controller on a virtual clock, a tracker fed in-process or over HTTP, and a
/// random operator.
class OracleRun
{
public:
    OracleRun(quint64 seed, bool overHttp)
        : m_random(seed)
        , m_overHttp(overHttp)
    {
        controller::ControllerConfig config;
        config.randomSeed = seed;
        config.maxOperationRecordsPerApp = 100000;
        config.monitorPeriodMs = 10000;
        config.defaultOpTimeoutMs = 120000;
        config.faults.startFailure = 0.08;
        config.faults.readinessFailure = 0.04;
        config.faults.healthFailure = 0.002;
        for (int i = 1; i <= 4; ++i)
            config.executors.append(
                controller::ExecutorConfig::make(QStringLiteral("executor-%1.drove.local").arg(i)));
        controller::http::NodeSettings node;
        node.controller = config;
        node.clock = &m_clock;
        m_node = std::make_unique<controller::http::ControllerNode>(node);
        // Listening only over HTTP (connectHttp()).
        QString error;
        if (!m_node->startCore(&error))
            qFatal("core did not start: %s", qPrintable(error));
        m_core = m_node->core();
        QObject::connect(
            m_core, &controller::ControllerCore::operationFinished,
            [this](const OperationRecord &record) { m_records[record.appId].append(record); });
        m_tracker.setClock([this] { return m_clock.now(); });
        m_tracker.setTickInterval(0);
        m_tracker.setFinishedRetention(1000000);
        m_tracker.setDefaultTimeout(config.defaultOpTimeoutMs);
        QObject::connect(&m_tracker, &models::OperationTracker::operationFinished,
                         [this](const TrackedOperation &op) { m_tracked[op.appId].append(op); });
        if (m_overHttp)
            connectHttp();
        else
            connectInProcess();
    }

    ~OracleRun()
    {
        if (m_sync)
            m_sync->stop();
        m_sync.reset();
        m_client.reset();
        m_network.reset();
        m_core = nullptr;
        m_node.reset();
    }

    /// Runs until `operations` were accepted and every operation has finished.
    bool run(int operations)
    {
        for (int i = 0; i < 4; ++i) {
            const auto spec = controller::test::testSpec(QStringLiteral("ORACLE_%1").arg(i));
            submit(ApplicationOperation::create(spec, m_random.bounded(0, 3), randomOpSpec()));
        }
        int steps = 0;
        while (m_accepted < operations && steps++ < 200000) {
            step();
        }
        // Let everything finish: no more operations, no more faults.
        controller::FaultConfig none;
        m_core->setFaults(none);
        const bool idle = waitFor(
            [this] {
                for (const auto &summary : m_core->applications())
                    if (m_core->activeOperation(summary.id))
                        return false;
                return m_tracker.inFlightCount() == 0;
            },
            20 * 60 * 1000);
        // The tracker may see the last events a poll later.
        waitFor([this] { return m_tracker.inFlightCount() == 0; }, 10000);
        return idle;
    }

    /// Compares every operation; returns the number of operations and fills the differences.
    int compare(QStringList *differences) const
    {
        int compared = 0;
        QSet<QString> apps(m_records.keyBegin(), m_records.keyEnd());
        for (auto it = m_tracked.cbegin(); it != m_tracked.cend(); ++it)
            apps.insert(it.key());
        for (const QString &appId : std::as_const(apps)) {
            const QList<OperationRecord> records = m_records.value(appId);
            const QList<TrackedOperation> tracked = m_tracked.value(appId);
            if (records.size() != tracked.size())
                differences->append(QStringLiteral("%1: the controller ran %2 operations (%3), "
                                                   "the console saw %4 (%5)")
                                        .arg(appId)
                                        .arg(records.size())
                                        .arg(describe(records))
                                        .arg(tracked.size())
                                        .arg(describe(tracked)));
            for (int i = 0; i < qMin(records.size(), tracked.size()); ++i) {
                ++compared;
                compareOne(records.at(i), tracked.at(i), differences);
            }
        }
        return compared;
    }

    int accepted() const { return m_accepted; }

private:
    static QString describe(const QList<OperationRecord> &records)
    {
        QStringList parts;
        for (const auto &r : records)
            parts.append(protocol::wireName(r.type) + QLatin1Char(':')
                         + protocol::outcomeName(r.outcome));
        return parts.join(QLatin1Char(' '));
    }
    static QString describe(const QList<TrackedOperation> &ops)
    {
        QStringList parts;
        for (const auto &op : ops)
            parts.append(protocol::wireName(op.type) + QLatin1Char(':')
                         + protocol::outcomeName(op.outcome));
        return parts.join(QLatin1Char(' '));
    }

    static void compareOne(const OperationRecord &record, const TrackedOperation &op,
                           QStringList *differences)
    {
        QStringList wrong;
        // Another client's SCALE, START_INSTANCES and SUSPEND look alike on the wire; the
        // controller's own operations are RECOVER (after an outage) or REPLACE (blacklist).
        const bool sameType = record.type == op.type
            || (op.typeInferred
                && (record.type == OperationType::StartInstances
                    || record.type == OperationType::Suspend));
        if (!sameType)
            wrong << QStringLiteral("type %1 vs %2")
                         .arg(protocol::wireName(record.type), protocol::wireName(op.type));
        if (record.outcome != op.outcome)
            wrong << QStringLiteral("outcome %1 vs %2 (%3)")
                         .arg(protocol::outcomeName(record.outcome),
                              protocol::outcomeName(op.outcome), op.outcomeReason);
        if (record.instancesStarted != op.instancesStarted)
            wrong << QStringLiteral("started %1 vs %2")
                         .arg(record.instancesStarted)
                         .arg(op.instancesStarted);
        if (record.instancesStopped != op.instancesStopped)
            wrong << QStringLiteral("stopped %1 vs %2")
                         .arg(record.instancesStopped)
                         .arg(op.instancesStopped);
        if (record.failedStarts != op.failedStarts)
            wrong << QStringLiteral("failed starts %1 vs %2")
                         .arg(record.failedStarts)
                         .arg(op.failedStarts);
        if (record.appStates != op.appStates)
            wrong << QStringLiteral("phases %1 vs %2")
                         .arg(statesText(record.appStates), statesText(op.appStates));
        // The console's own consistency: percent agrees with the counts beside it.
        if (op.total >= 0 && (op.done > op.total || op.done < 0))
            wrong << QStringLiteral("done %1 of %2").arg(op.done).arg(op.total);
        if (op.outcome == OperationOutcome::Completed && op.progress != 1.0)
            wrong << QStringLiteral("completed at %1%").arg(op.progress * 100);
        if (op.total > 0 && op.progress != double(op.done) / double(op.total)
            && op.outcome != OperationOutcome::Completed)
            wrong << QStringLiteral("progress %1 with %2 of %3")
                         .arg(op.progress)
                         .arg(op.done)
                         .arg(op.total);
        if (!wrong.isEmpty())
            differences->append(QStringLiteral("%1 %2 %3: %4")
                                    .arg(record.appId, protocol::wireName(record.type),
                                         record.operationId, wrong.join(QStringLiteral("; "))));
    }

    ClusterOpSpec randomOpSpec()
    {
        const int parallelism = int(m_random.bounded(1, 5));
        // Mostly generous deadlines, some short enough to pass mid-operation.
        const qint64 seconds
            = m_random.bounded(10) < 2 ? m_random.bounded(3, 20) : m_random.bounded(60, 300);
        return ClusterOpSpec::make(Duration::seconds(seconds), parallelism);
    }

    QStringList randomSubset(const QStringList &ids)
    {
        QStringList picked;
        for (const QString &id : ids)
            if (m_random.bounded(2) == 0)
                picked.append(id);
        if (picked.isEmpty() && !ids.isEmpty())
            picked.append(ids.at(int(m_random.bounded(int(ids.size())))));
        return picked;
    }

    void step()
    {
        const auto apps = m_core->applications();
        for (const auto &summary : apps) {
            if (m_core->activeOperation(summary.id)) {
                if (m_random.bounded(40) == 0)
                    cancel(summary.id);
                continue;
            }
            if (m_random.bounded(4) != 0)
                continue;
            submit(randomOperation(summary));
        }
        const int fault = int(m_random.bounded(300));
        // Executor loss is off by default: both ways the embedded controller loses an executor
        // today leave no trace on the wire that the engine's record has (a removed executor's
        // instances vanish without events; a silent one's stay HEALTHY until the monitor marks
        // them LOST), so the console cannot agree with the record. DROVE_ORACLE_EXECUTOR_LOSS=1
        // turns it on to show those disagreements.
        if (fault == 0 && qEnvironmentVariableIntValue("DROVE_ORACLE_EXECUTOR_LOSS") == 1) {
            const auto executors = m_core->executors();
            QStringList live;
            for (const auto &executor : executors)
                if (executor.state != protocol::ExecutorState::Removed)
                    live.append(executor.executorId);
            if (live.size() > 2) {
                // An executor removed mid-operation.
                m_core->removeExecutor(live.at(int(m_random.bounded(int(live.size())))));
                m_core->addExecutor(controller::ExecutorConfig::make(
                    QStringLiteral("executor-%1.drove.local").arg(++m_executorSerial + 100)));
            }
        } else if (fault < 4 && !apps.isEmpty()) {
            const auto app = apps.values().at(int(m_random.bounded(int(apps.size()))));
            const auto healthy = m_core->instances(app.id, {InstanceState::Healthy});
            if (!healthy.isEmpty())
                m_core->failInstanceHealth(
                    app.id, healthy.at(int(m_random.bounded(int(healthy.size())))).instanceId);
        }
        advance(m_random.bounded(50, 1500));
    }

    ApplicationOperation randomOperation(const protocol::AppSummary &app)
    {
        QStringList healthy, active;
        for (const auto &info : m_core->instances(app.id)) {
            active.append(info.instanceId);
            if (info.state == InstanceState::Healthy)
                healthy.append(info.instanceId);
        }
        const ClusterOpSpec spec = randomOpSpec();
        switch (m_random.bounded(12)) {
        case 0:
        case 1:
            return ApplicationOperation::scale(app.id, m_random.bounded(0, 7), spec);
        case 2:
            return ApplicationOperation::startInstances(app.id, m_random.bounded(1, 3), spec);
        case 3:
            return ApplicationOperation::suspend(app.id, spec);
        case 4:
            return ApplicationOperation::replaceInstances(app.id, {}, false, spec);
        case 5:
            return ApplicationOperation::replaceInstances(app.id, randomSubset(healthy), false,
                                                          spec);
        case 6:
            return ApplicationOperation::replaceInstances(app.id, {}, true, spec);
        case 7:
            return ApplicationOperation::stopInstances(app.id, randomSubset(active), false, spec);
        case 8:
            return ApplicationOperation::stopInstances(app.id, randomSubset(active), true, spec);
        case 9:
            if (m_random.bounded(6) == 0)
                return ApplicationOperation::destroy(app.id, spec);
            return ApplicationOperation::scale(app.id, m_random.bounded(1, 5), spec);
        default:
            return ApplicationOperation::scale(app.id, m_random.bounded(0, 7), spec);
        }
    }

    void submit(const ApplicationOperation &operation)
    {
        // A destroyed app is created again under the same name now and then.
        if (operation.type == OperationType::Destroy)
            m_recreate.append(operation.appId);
        const QString id = m_tracker.trackSubmitted(operation);
        if (!m_overHttp) {
            const auto result = m_core->submit(operation);
            if (result.accepted) {
                ++m_accepted;
                m_tracker.confirmAccepted(id);
            } else {
                m_tracker.withdrawRejected(id);
            }
            return;
        }
        bool answered = false;
        m_client->submitOperation(operation, &m_context,
                                  [this, id, &answered](const client::Result<QString> &result) {
                                      answered = true;
                                      if (result.ok()) {
                                          ++m_accepted;
                                          m_tracker.confirmAccepted(id);
                                      } else {
                                          m_tracker.withdrawRejected(id);
                                      }
                                  });
        QTest::qWaitFor([&] { return answered; }, 5000);
    }

    void cancel(const QString &appId)
    {
        if (!m_overHttp) {
            if (m_core->cancel(appId).cancelled)
                m_tracker.markCancelRequested(appId);
            return;
        }
        bool answered = false;
        m_client->cancelOperation(
            appId, &m_context, [this, appId, &answered](const client::Result<void> &result) {
                answered = true;
                if (result.ok())
                    m_tracker.markCancelRequested(appId);
                else
                    m_tracker.markCancelRejected(appId, result.error().message);
            });
        QTest::qWaitFor([&] { return answered; }, 5000);
    }

    void advance(qint64 ms)
    {
        m_clock.advance(ms);
        if (!m_recreate.isEmpty() && m_random.bounded(5) == 0) {
            const QString appId = m_recreate.takeFirst();
            if (!m_core->appSummary(appId))
                submit(ApplicationOperation::create(
                    controller::test::testSpec(appId.section(QLatin1Char('-'), 0, -2)),
                    m_random.bounded(0, 3), randomOpSpec()));
        }
        if (m_overHttp) {
            // Let the sync loop catch up with the event store before time moves on.
            const qint64 newest = m_core->eventsSince(0, 1).lastSyncTime;
            QTest::qWaitFor([&] { return m_sync->lastSyncTime() >= newest; }, 2000);
        } else {
            flushInProcess();
        }
    }

    bool waitFor(const std::function<bool()> &done, qint64 maxMs)
    {
        for (qint64 t = 0; t < maxMs; t += 500) {
            if (done())
                return true;
            advance(500);
        }
        return done();
    }

    // ---- in-process feed: what the sync engine would hand over ----

    void connectInProcess()
    {
        QObject::connect(m_core, &controller::ControllerCore::eventRecorded,
                         [this](const protocol::DroveEvent &event) { m_pending.append(event); });
        QObject::connect(m_core, &controller::ControllerCore::applicationChanged,
                         [this](const QString &appId) { m_changedApps.insert(appId); });
        QObject::connect(m_core, &controller::ControllerCore::applicationRemoved,
                         [this](const QString &appId) { m_removedApps.insert(appId); });
        m_tracker.applicationsSynced(m_core->applications().values());
    }

    void flushInProcess()
    {
        // Events first, then the refetched summaries and instance lists of the apps they name,
        // as SyncEngine does.
        const QList<protocol::DroveEvent> events = std::exchange(m_pending, {});
        if (!events.isEmpty())
            m_tracker.eventsReceived(events);
        for (const QString &appId : std::exchange(m_changedApps, {})) {
            if (const auto summary = m_core->appSummary(appId)) {
                m_tracker.applicationUpdated(*summary);
                m_tracker.instancesSynced(appId, m_core->instances(appId));
            }
        }
        for (const QString &appId : std::exchange(m_removedApps, {}))
            if (!m_core->appSummary(appId))
                m_tracker.applicationRemoved(appId);
    }

    // ---- over HTTP: the real client and sync engine against the real API server ----

    void connectHttp()
    {
        QString error;
        const quint16 port = m_node->listen(&error);
        if (!port)
            qFatal("no port: %s", qPrintable(error));
        m_network = std::make_unique<QNetworkAccessManager>();
        m_client = std::make_unique<client::DroveClient>(m_network.get());
        client::ConnectionSettings settings;
        settings.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
        m_client->setConnectionSettings(settings);
        m_sync = std::make_unique<client::SyncEngine>(m_client.get());
        m_sync->setRefreshInterval(5);
        client::SyncEngine *sync = m_sync.get();
        QObject::connect(sync, &client::SyncEngine::eventsReceived,
                         [this](const QList<protocol::DroveEvent> &events) {
                             m_tracker.eventsReceived(events);
                         });
        QObject::connect(sync, &client::SyncEngine::applicationsSynced,
                         [this, sync](const QList<protocol::AppSummary> &apps) {
                             m_tracker.applicationsSynced(apps);
                             for (const auto &app : apps)
                                 sync->watchInstances(app.id);
                         });
        QObject::connect(sync, &client::SyncEngine::applicationUpdated,
                         [this, sync](const protocol::AppSummary &app) {
                             m_tracker.applicationUpdated(app);
                             sync->watchInstances(app.id);
                         });
        QObject::connect(sync, &client::SyncEngine::applicationRemoved,
                         [this](const QString &appId) { m_tracker.applicationRemoved(appId); });
        QObject::connect(
            sync, &client::SyncEngine::instancesSynced,
            [this](const QString &appId, const QList<protocol::InstanceInfo> &instances) {
                m_tracker.instancesSynced(appId, instances);
            });
        bool synced = false;
        QObject::connect(sync, &client::SyncEngine::fullResyncFinished,
                         [&synced] { synced = true; });
        m_sync->start();
        QTest::qWaitFor([&synced] { return synced; }, 5000);
    }

    controller::VirtualClock m_clock;
    QRandomGenerator m_random;
    bool m_overHttp;
    std::unique_ptr<controller::http::ControllerNode> m_node;
    controller::ControllerCore *m_core = nullptr; ///< the node's
    models::OperationTracker m_tracker;
    QObject m_context;
    QHash<QString, QList<OperationRecord>> m_records;
    QHash<QString, QList<TrackedOperation>> m_tracked;
    int m_accepted = 0;
    int m_executorSerial = 0;
    QStringList m_recreate;

    QList<protocol::DroveEvent> m_pending;
    QSet<QString> m_changedApps, m_removedApps;

    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<client::DroveClient> m_client;
    std::unique_ptr<client::SyncEngine> m_sync;
};

} // namespace

class TestTrackerOracle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trackerAgreesWithTheController_data();
    void trackerAgreesWithTheController();
};

void TestTrackerOracle::trackerAgreesWithTheController_data()
{
    QTest::addColumn<bool>("overHttp");
    QTest::newRow("in-process") << false;
    QTest::newRow("http") << true;
}

void TestTrackerOracle::trackerAgreesWithTheController()
{
    QFETCH(bool, overHttp);
    const quint64 seed = seedFromEnvironment() + (overHttp ? 1 : 0);
    const int operations = opsFromEnvironment();
    qInfo("seed %llu (DROVE_ORACLE_SEED=%llu), %d operations", seed, seedFromEnvironment(),
          operations);
    OracleRun run(seed, overHttp);
    QVERIFY2(run.run(operations), "the cluster did not settle");
    QStringList differences;
    const int compared = run.compare(&differences);
    qInfo("%d operations, %lld disagreements", compared, qlonglong(differences.size()));
    for (const QString &difference : std::as_const(differences).mid(0, 40))
        qWarning("%s", qPrintable(difference));
    QVERIFY(compared >= operations);
    QCOMPARE(differences.size(), 0);
}

QTEST_GUILESS_MAIN(TestTrackerOracle)
#include "tst_trackeroracle.moc"
