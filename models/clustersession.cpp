#include "models/clustersession.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "models/applicationsmodel.h"
#include "models/capacitycheck.h"
#include "models/clusteroverview.h"
#include "models/eventsmodel.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "protocol/operationvalidator.h"

#include <QDateTime>
#include <QThreadPool>

#include <algorithm>
#include <limits>

#if defined(__GLIBC__)
#include <malloc.h> // malloc_trim
#endif

namespace drove::models {

using client::SyncEngine;

namespace {

/// Rows put into the applications table per turn of the event loop (a few ms each).
constexpr int kApplicationsInsertBatch = 1000;
/// A full list decoded on a worker leaves its arena holding tens of MiB freed (32 MiB kept
/// beside 28 in use at 10,000 apps): given back once the burst is over, at most every 30 s.
constexpr int kMemoryReleaseDelayMs = 2000;
constexpr qint64 kMemoryReleaseEveryMs = 30000;

void releaseFreedMemory()
{
#if defined(__GLIBC__)
    // On a pool thread: trimming walks every arena (a few ms at this size).
    QThreadPool::globalInstance()->start([] { malloc_trim(0); });
#endif
}

/// The longest an instance may stay in one state without anything being wrong, per its spec:
/// the image pull (PROVISIONING), the readiness checks (UNREADY), the first health checks
/// (READY), the wait before kill (STOPPING); plus half a minute of reporting slack.
qint64 longestQuietStepMs(const protocol::ApplicationSpec &spec)
{
    qint64 longest = 0;
    if (spec.executable && spec.executable->dockerPullTimeout)
        longest = std::max(longest, spec.executable->dockerPullTimeout->toMilliseconds());
    if (spec.readiness)
        longest = std::max(longest, spec.readiness->worstCaseMilliseconds());
    if (spec.healthcheck)
        longest = std::max(longest, spec.healthcheck->worstCaseMilliseconds());
    if (spec.preShutdown && spec.preShutdown->waitBeforeKill)
        longest = std::max(longest, spec.preShutdown->waitBeforeKill->toMilliseconds());
    return longest > std::numeric_limits<qint64>::max() - 30000 ? longest : longest + 30000;
}

OperationJournal::Outcome journalOutcome(TrackedOperation::Outcome outcome)
{
    switch (outcome) {
    case TrackedOperation::Outcome::Completed:
        return OperationJournal::Outcome::Completed;
    case TrackedOperation::Outcome::Cancelled:
        return OperationJournal::Outcome::Cancelled;
    case TrackedOperation::Outcome::TimedOut:
        return OperationJournal::Outcome::TimedOut;
    case TrackedOperation::Outcome::Failed:
        return OperationJournal::Outcome::Failed;
    case TrackedOperation::Outcome::Running:
        break;
    }
    return OperationJournal::Outcome::Pending;
}

/// Calls `done` unless `context` (when one was given) died meanwhile.
template<typename T>
std::function<void(const client::Result<T> &)>
guarded(QObject *context, std::function<void(const client::Result<T> &)> done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    return [guard, hasContext, done = std::move(done)](const client::Result<T> &result) {
        if (done && (!hasContext || guard))
            done(result);
    };
}

} // namespace

PendingOperation::PendingOperation(const QString &trackedId, const QString &appId, QObject *parent)
    : QObject(parent)
    , m_trackedId(trackedId)
    , m_appId(appId)
{ }

void PendingOperation::finish(const client::Result<QString> &result)
{
    // Queued: whoever got this object from submitOperation() has connected by then, even if
    // the client answered inside the call.
    QMetaObject::invokeMethod(
        this,
        [this, result] {
            if (result.ok()) {
                if (!result.value().isEmpty())
                    m_appId = result.value();
                Q_EMIT accepted(m_appId);
            } else {
                Q_EMIT rejected(result.error());
            }
            deleteLater();
        },
        Qt::QueuedConnection);
}

ClusterSession::ClusterSession(QNetworkAccessManager *network,
                               const client::ClusterProfile &profile, bool embedded,
                               OperationJournal *journal, QObject *parent)
    : ClusterSession(nullptr, nullptr, profile, embedded, journal, parent)
{
    m_ownedClient = std::make_unique<client::DroveClient>(network);
    m_ownedSync = std::make_unique<client::SyncEngine>(m_ownedClient.get());
    m_client = m_ownedClient.get();
    m_sync = m_ownedSync.get();
    m_sync->setRefreshInterval(profile.refreshIntervalMs);
    connectSync();
}

ClusterSession::ClusterSession(client::DroveClient *client, client::SyncEngine *sync,
                               const client::ClusterProfile &profile, bool embedded,
                               OperationJournal *journal, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_sync(sync)
    , m_journal(journal)
    , m_profile(profile)
    , m_embedded(embedded)
    , m_applications(new ApplicationsModel(this))
    , m_instances(new InstancesModel(this))
    , m_executors(new ExecutorsModel(this))
    , m_events(new EventsModel(this))
    , m_overview(new ClusterOverview(this))
    , m_tracker(new OperationTracker(this))
    , m_operations(new OperationsModel(this))
    , m_executorInstances(new ExecutorInstancesModel(this))
{
    m_applications->setOperationTracker(m_tracker);
    // The first list of a large cluster goes into the table (model, sort proxy, view) a batch
    // per turn of the event loop: 10,000 rows at once held the GUI thread ~40 ms.
    m_applications->setInsertBatchSize(kApplicationsInsertBatch);
    m_operations->setTracker(m_tracker);
    m_memoryRelease.setSingleShot(true);
    m_memoryRelease.setInterval(kMemoryReleaseDelayMs);
    connect(&m_memoryRelease, &QTimer::timeout, this, [this] {
        m_memoryReleasedAtMs = QDateTime::currentMSecsSinceEpoch();
        releaseFreedMemory();
    });
    if (m_sync)
        connectSync();
    connectTracker();
}

ClusterSession::~ClusterSession()
{
    // Nothing the engine still says may reach models being torn down.
    if (m_sync)
        disconnect(m_sync, nullptr, this, nullptr);
    if (m_ownedSync)
        m_ownedSync->stop();
    disconnect(m_tracker, nullptr, this, nullptr);
}

OperationJournal *ClusterSession::journal() const
{
    return m_journal;
}

void ClusterSession::start(const client::ConnectionSettings &settings)
{
    m_client->setConnectionSettings(settings);
    start();
}

void ClusterSession::start()
{
    // What this controller serves: the cheap GETs now, the rest on first use.
    m_client->probeCapabilities();
    if (m_sync)
        m_sync->start();
}

client::ControllerCapabilities ClusterSession::capabilities() const
{
    return m_client->capabilities();
}

client::EventFeed ClusterSession::eventFeed() const
{
    return m_sync ? m_sync->eventFeed() : m_client->capabilities().eventFeed();
}

QString ClusterSession::capabilitiesText() const
{
    const int interval = m_sync ? m_sync->refreshInterval() : m_profile.refreshIntervalMs;
    return client::ControllerCapabilities::eventFeedText(eventFeed(), interval) + QLatin1Char('\n')
        + capabilities().describe();
}

void ClusterSession::stop()
{
    if (m_sync)
        m_sync->stop();
}

client::ConnectionState ClusterSession::connectionState() const
{
    return m_sync ? m_sync->connectionState() : client::ConnectionState::Idle;
}

QDateTime ClusterSession::lastSuccess() const
{
    return m_sync ? m_sync->lastSuccess() : QDateTime();
}

QUrl ClusterSession::endpoint() const
{
    const QUrl leader = m_client->leader();
    return leader.isValid() ? leader : m_client->connectionSettings().endpoints.value(0);
}

void ClusterSession::refresh()
{
    if (m_sync)
        m_sync->requestFullResync();
}

void ClusterSession::connectSync()
{
    SyncEngine *sync = m_sync;
    // Events first: the tracker learns of state changes before the refetched summaries arrive.
    connect(sync, &SyncEngine::eventsReceived, this,
            [this](const QList<protocol::DroveEvent> &events) {
                m_tracker->eventsReceived(events);
                m_events->addEvents(events);
                // The maintenance window's tail counts from the last state change.
                for (const protocol::DroveEvent &event : events)
                    if (event.type == protocol::DroveEventType::MaintenanceModeSet
                        || event.type == protocol::DroveEventType::MaintenanceModeRemoved)
                        m_overview->setStateChangedAt(event.time);
            });
    connect(sync, &SyncEngine::applicationsSynced, this,
            [this](const QList<protocol::AppSummary> &apps) {
                m_applications->applyApplications(apps);
                m_tracker->applicationsSynced(apps);
                scheduleMemoryRelease();
            });
    connect(sync, &SyncEngine::applicationUpdated, this, [this](const protocol::AppSummary &app) {
        m_applications->updateApplication(app);
        m_tracker->applicationUpdated(app);
    });
    connect(sync, &SyncEngine::applicationRemoved, this, [this](const QString &appId) {
        m_applications->removeApplication(appId);
        m_tracker->applicationRemoved(appId);
        m_specs.remove(appId);
        m_appInstances.remove(appId);
    });
    connect(sync, &SyncEngine::instancesSynced, this,
            [this](const QString &appId, const QList<protocol::InstanceInfo> &instances) {
                m_instances->applyActiveInstances(appId, instances);
                if (followsInstancesOf(appId)) // not an answer that arrived after the end
                    m_appInstances.insert(appId, instances);
                m_tracker->instancesSynced(appId, instances);
            });
    connect(sync, &SyncEngine::oldInstancesSynced, this,
            [this](const QString &appId, const QList<protocol::InstanceInfo> &instances) {
                m_instances->applyOldInstances(appId, instances);
            });
    connect(sync, &SyncEngine::clusterSynced, m_overview, &ClusterOverview::setSummary);
    connect(sync, &SyncEngine::executorsSynced, this,
            [this](const QList<protocol::ExecutorSummary> &executors) {
                m_executors->applyExecutors(executors);
                QSet<QString> ids;
                for (const auto &executor : executors)
                    ids.insert(executor.executorId);
                // Forget executors that left the cluster.
                for (auto it = m_executorDetails.begin(); it != m_executorDetails.end();) {
                    if (ids.contains(it.key()))
                        ++it;
                    else
                        it = m_executorDetails.erase(it);
                }
                updateInstanceCounts();
            });
    connect(sync, &SyncEngine::executorDetailsSynced, this,
            [this](const QString &executorId, const protocol::ExecutorNodeData &details) {
                keepExecutorDetails(executorId, details);
                m_executorInstances->applyInstances(executorId, details.instances);
                updateInstanceCounts();
            });
    connect(sync, &SyncEngine::connectionStateChanged, this,
            [this](client::ConnectionState state, const QDateTime &lastSuccess) {
                m_overview->setStale(state == client::ConnectionState::Stale
                                         || state == client::ConnectionState::Offline,
                                     lastSuccess);
                Q_EMIT connectionStateChanged(state, lastSuccess);
                // Roles known up front: once per connection, with a request that cannot
                // change anything (an answer neither 403 nor 400 is asked again next time).
                if (state == client::ConnectionState::Connected && !m_writeProbeSent) {
                    m_writeProbeSent = true;
                    m_client->probeWriteAccess(this, [this](const client::Result<bool> &answer) {
                        if (!answer.ok()) {
                            m_writeProbeSent = false;
                            return;
                        }
                        m_mayWrite = answer.value();
                        Q_EMIT writeAccessKnown(
                            answer.value(),
                            answer.value()
                                ? QString()
                                : tr("Your role on %1 cannot change anything: the controller "
                                     "refused a harmless probe with HTTP 403. Reading works.")
                                      .arg(m_profile.name));
                    });
                }
            });
    connect(sync, &SyncEngine::syncFailed, this, &ClusterSession::syncFailed);
    // Without an event feed the tracker turns snapshots into transitions.
    m_tracker->setEventFeedAvailable(sync->eventFeed() != client::EventFeed::Polling);
    connect(sync, &SyncEngine::eventFeedChanged, this, [this](client::EventFeed feed) {
        m_tracker->setEventFeedAvailable(feed != client::EventFeed::Polling);
        Q_EMIT eventFeedChanged(feed);
    });
    connect(m_client, &client::DroveClient::capabilitiesChanged, this,
            &ClusterSession::capabilitiesChanged);
    connect(sync, &SyncEngine::slowChanged, this, &ClusterSession::slowChanged);
}

void ClusterSession::connectTracker()
{
    // Follow the instances of every app with an operation in flight, so the counts move, and
    // the executors' details, so stuck reasons see the NUMA layout. An operation ends by
    // finishing, or by being withdrawn (rejected before it began).
    connect(m_tracker, &OperationTracker::operationAdded, this, [this](const TrackedOperation &op) {
        if (op.isFinished() || m_followed.contains(op.id))
            return;
        m_followed.insert(op.id, op.appId);
        if (m_sync)
            m_sync->watchInstances(op.appId);
        updateDetailsFetching();
    });
    auto unfollow = [this](const QString &id) {
        const auto it = m_followed.constFind(id);
        if (it == m_followed.cend())
            return;
        const QString appId = it.value();
        m_followed.remove(id);
        if (m_sync)
            m_sync->unwatchInstances(appId);
        forgetUnfollowedInstances(appId);
        updateDetailsFetching();
    };
    connect(m_tracker, &OperationTracker::operationFinished, this,
            [this, unfollow](const TrackedOperation &op) {
                unfollow(op.id);
                if (m_journal && !op.journalId.isEmpty())
                    m_journal->setOutcome(op.journalId, journalOutcome(op.outcome),
                                          op.outcomeReason);
            });
    connect(m_tracker, &OperationTracker::operationRemoved, this, unfollow);

    // Stuck reasons: the tracker asks whether the instances an operation needs can be placed.
    m_tracker->setPlacementProbe([this](const QString &appId,
                                        int count) -> std::optional<placement::Simulation> {
        if (m_executors->rowCount() == 0)
            return std::nullopt;
        const AppFootprint app = footprint(appId);
        if (!app.policy) {
            // The policy decides; without the spec say nothing rather than guess. Fetch it
            // (again after 30 s if that failed).
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (m_client && now - m_specAskedAt.value(appId, 0) > 30000) {
                m_specAskedAt.insert(appId, now);
                fetchSpec(appId, this, [](const client::Result<protocol::ApplicationSpec> &) {});
            }
            return std::nullopt;
        }
        return placement::simulate(placementExecutors(), *app.policy, int(app.coresPerInstance),
                                   app.memoryMbPerInstance, count, app.instancesPerExecutor);
    });
    // The no-progress rule waits at least as long as the longest step the app's spec allows.
    m_tracker->setQuietAllowance([this](const QString &appId) -> std::optional<qint64> {
        const auto spec = m_specs.constFind(appId);
        if (spec == m_specs.cend()) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (m_client && now - m_specAskedAt.value(appId, 0) > 30000) {
                m_specAskedAt.insert(appId, now);
                fetchSpec(appId, this, [](const client::Result<protocol::ApplicationSpec> &) {});
            }
            return std::nullopt;
        }
        return longestQuietStepMs(*spec);
    });
}

void ClusterSession::setInstancesApplication(const QString &appId, bool includeOld)
{
    const QString before = m_instances->applicationId();
    m_instances->setApplication(appId);
    if (before != appId)
        forgetUnfollowedInstances(before);
    m_instances->setMode(includeOld ? InstancesModel::Mode::All : InstancesModel::Mode::Active);
    if (m_sync)
        m_sync->setInstancesScope(appId, includeOld);
}

SubmitTicket ClusterSession::submitOperation(const protocol::ApplicationOperation &operation)
{
    SubmitTicket ticket;
    const QString appId = operation.appIdOrDerived();
    ticket.problems = protocol::OperationValidator::validateForSend(operation);
    if (!ticket.problems.isEmpty()) {
        ticket.rejection = tr("The operation is not valid");
        return ticket;
    }
    QString journalId;
    if (m_journal)
        journalId = m_journal->record(clusterName(), appId, protocol::wireName(operation.type),
                                      operation.toJson());
    // Tracked before it is sent, so that events arriving before the answer are attributed to it
    // (and the app's instances are watched from now on).
    const QString trackedId = m_tracker->trackSubmitted(operation, journalId);
    auto *pending = new PendingOperation(trackedId, appId, this);
    ticket.pending = pending;
    ticket.journalId = journalId;
    const QPointer<PendingOperation> answer(pending);
    m_client->submitOperation(
        operation, this, [this, journalId, trackedId, answer](const client::Result<QString> &r) {
            if (r.ok()) {
                m_tracker->confirmAccepted(trackedId);
            } else {
                m_tracker->withdrawRejected(trackedId);
                if (m_journal && !journalId.isEmpty())
                    m_journal->setOutcome(journalId, OperationJournal::Outcome::Rejected,
                                          r.error().userText());
            }
            if (answer)
                answer->finish(r);
        });
    return ticket;
}

PendingOperation *ClusterSession::cancelOperation(const QString &appId)
{
    auto *pending = new PendingOperation(QString(), appId, this);
    const QPointer<PendingOperation> answer(pending);
    m_client->cancelOperation(
        appId, this, [this, appId, answer](const client::Result<void> &result) {
            if (result.ok())
                m_tracker->markCancelRequested(appId);
            else
                m_tracker->markCancelRejected(appId, result.error().userText());
            if (answer)
                answer->finish(result.ok() ? client::Result<QString>(appId)
                                           : client::Result<QString>(result.error()));
        });
    return pending;
}

AppFootprint ClusterSession::footprint(const QString &appId) const
{
    AppFootprint app;
    const auto summary = m_applications->application(appId);
    if (summary) {
        app.healthyInstances = summary->healthyInstances;
        app.activeInstances = summary->healthyInstances;
        if (const auto known = m_specs.constFind(appId); known != m_specs.cend()) {
            app.coresPerInstance = known->cpuCount();
            app.memoryMbPerInstance = known->memoryMb();
            app.policy = known->effectivePlacementPolicy();
        } else if (summary->requiredInstances > 0) {
            // Totals are required × per-instance size.
            app.coresPerInstance = summary->totalCPUs / summary->requiredInstances;
            app.memoryMbPerInstance = summary->totalMemory / summary->requiredInstances;
        }
    }
    if (const auto listed = m_appInstances.constFind(appId); listed != m_appInstances.cend()) {
        qint64 active = 0;
        for (const protocol::InstanceInfo &instance : listed.value()) {
            if (!protocol::isActive(instance.state))
                continue;
            ++active;
            // Instances still holding their allocation count against ONE_PER_HOST / MAX_N.
            if (!instance.executorId.isEmpty())
                app.instancesPerExecutor[instance.executorId] += 1;
        }
        app.activeInstances = active;
    }
    return app;
}

QList<placement::Executor> ClusterSession::placementExecutors() const
{
    QList<placement::Executor> result;
    for (int row = 0; row < m_executors->rowCount(); ++row) {
        const protocol::ExecutorSummary *summary = m_executors->rowAt(row);
        placement::Executor executor;
        executor.id = summary->executorId;
        executor.hostname = summary->hostname;
        executor.tags = summary->tags;
        // An executor without a state is one of an older Drove that reported none: ACTIVE.
        executor.state = summary->state.value_or(protocol::ExecutorState::Active);
        QList<placement::NumaNodeConfig> layout;
        QList<placement::ResourceAllocation> used;
        const auto details = m_executorDetails.constFind(summary->executorId);
        if (details != m_executorDetails.cend()) {
            const protocol::ExecutorNodeData &node = details.value().node;
            QStringList nodeKeys = node.cpus.freeCores.keys() + node.cpus.usedCores.keys()
                + node.memory.freeMemory.keys() + node.memory.usedMemory.keys();
            if (node.layout)
                nodeKeys += node.layout->cores.keys();
            nodeKeys.removeDuplicates();
            for (const QString &key : std::as_const(nodeKeys)) {
                placement::NumaNodeConfig config;
                config.id = key.toInt();
                const QList<int> freeCores = node.cpus.freeCores.value(key);
                const QList<int> usedCores = node.cpus.usedCores.value(key);
                config.coreIds = node.layout && node.layout->cores.contains(key)
                    ? node.layout->cores.value(key)
                    : freeCores + usedCores;
                const qint64 freeMemory = node.memory.freeMemory.value(key);
                config.memoryMb = node.layout && node.layout->memory.contains(key)
                    ? node.layout->memory.value(key)
                    : freeMemory + node.memory.usedMemory.value(key);
                layout << config;
                placement::ResourceAllocation taken;
                taken.numaNode = config.id;
                for (int core : config.coreIds)
                    if (!freeCores.contains(core))
                        taken.cores << core;
                taken.memoryMb = qMax<qint64>(0, config.memoryMb - freeMemory);
                used << taken;
            }
            if (node.executorState)
                executor.state = *node.executorState;
        } else {
            // Only totals: one pseudo node; the simulation says the layout was not known.
            placement::NumaNodeConfig config;
            for (int core = 0; core < summary->freeCores + summary->usedCores; ++core)
                config.coreIds << core;
            config.memoryMb = summary->freeMemory + summary->usedMemory;
            layout << config;
            placement::ResourceAllocation taken;
            taken.numaNode = config.id;
            taken.cores = config.coreIds.mid(0, summary->usedCores);
            taken.memoryMb = summary->usedMemory;
            used << taken;
            executor.layoutKnown = false;
        }
        executor.resources = placement::ExecutorResources(layout);
        for (const auto &taken : std::as_const(used))
            executor.resources.claim(taken);
        result << executor;
    }
    return result;
}

QStringList ClusterSession::capacityWarnings(const protocol::ApplicationOperation &operation) const
{
    // Before the first executor list arrives nothing is known: say nothing rather than cry wolf.
    if (m_executors->rowCount() == 0)
        return {};
    return CapacityCheck::warnings(operation, footprint(operation.appIdOrDerived()),
                                   placementExecutors());
}

void ClusterSession::refreshPlacementData()
{
    if (m_sync)
        m_sync->refreshExecutorDetails();
}

void ClusterSession::validateSpec(const protocol::ApplicationSpec &spec, QObject *context,
                                  std::function<void(const client::Result<void> &)> done)
{
    m_client->validateSpec(spec, context ? context : this, std::move(done));
}

void ClusterSession::fetchSpec(
    const QString &appId, QObject *context,
    std::function<void(const client::Result<protocol::ApplicationSpec> &)> done)
{
    auto answer = guarded(context, std::move(done));
    m_client->applicationSpec(
        appId, this,
        [this, appId, answer](const client::Result<protocol::ApplicationSpec> &result) {
            if (result.ok())
                m_specs.insert(appId, result.value());
            answer(result);
        });
}

void ClusterSession::setMaintenance(
    bool enabled, QObject *context,
    std::function<void(const client::Result<protocol::ClusterStateData> &)> done)
{
    // The MAINTENANCE_MODE_* event refetches the cluster summary; the answer's `updated` starts
    // the window's tail at once.
    auto answer = guarded(context, std::move(done));
    m_client->setMaintenance(
        enabled, this, [this, answer](const client::Result<protocol::ClusterStateData> &result) {
            if (result.ok() && result.value().updated > 0)
                m_overview->setStateChangedAt(result.value().updated);
            answer(result);
        });
}

void ClusterSession::setExecutorsBlacklisted(
    const QStringList &executorIds, bool blacklisted, QObject *context,
    std::function<void(const client::Result<protocol::BlacklistOperationResponse> &)> done)
{
    // The EXECUTOR_BLACKLIST* events refetch the executors.
    if (blacklisted)
        m_client->blacklistExecutors(executorIds, context ? context : this, std::move(done));
    else
        m_client->unblacklistExecutors(executorIds, context ? context : this, std::move(done));
}

void ClusterSession::instanceLogFiles(const QString &appId, const QString &instanceId,
                                      QObject *context,
                                      std::function<void(const client::Result<QStringList> &)> done)
{
    m_client->instanceLogFiles(appId, instanceId, context ? context : this, std::move(done));
}

void ClusterSession::readInstanceLog(
    const QString &appId, const QString &instanceId, const QString &fileName, qint64 offset,
    qint64 length, QObject *context,
    std::function<void(const client::Result<client::LogChunk> &)> done)
{
    m_client->readInstanceLog(appId, instanceId, fileName, offset, length, context ? context : this,
                              std::move(done));
}

void ClusterSession::downloadInstanceLog(const QString &appId, const QString &instanceId,
                                         const QString &fileName, QIODevice *sink, QObject *context,
                                         std::function<void(const client::Result<qint64> &)> done)
{
    // When the context goes, the download is aborted.
    m_client->downloadInstanceLog(appId, instanceId, fileName, sink, context ? context : this,
                                  std::move(done));
}

void ClusterSession::setExecutorDetailsEnabled(bool enabled)
{
    m_detailsForUi = enabled;
    updateDetailsFetching();
}

void ClusterSession::updateDetailsFetching()
{
    // The Executors page shows them; operations in flight need the NUMA layout for their stuck
    // reasons.
    if (m_sync)
        m_sync->setExecutorDetailsEnabled(m_detailsForUi || !m_followed.isEmpty());
}

void ClusterSession::setExecutorInstancesScope(const QString &executorId)
{
    // Its full records (ports included) come with the fetch asked for here: what is kept of
    // every executor is not enough to show them (ExecutorInstancesModel::isLoaded() until then).
    m_executorInstances->setExecutor(executorId);
    if (m_sync)
        m_sync->setExecutorDetailsScope(executorId);
}

QString ClusterSession::executorInstancesScope() const
{
    return m_executorInstances->executorId();
}

void ClusterSession::scheduleMemoryRelease()
{
    // Once the burst is over, and not more often than every kMemoryReleaseEveryMs.
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - m_memoryReleasedAtMs;
    if (!m_memoryRelease.isActive() && since >= kMemoryReleaseEveryMs)
        m_memoryRelease.start();
}

void ClusterSession::forgetUnfollowedInstances(const QString &appId)
{
    // A list nobody refreshes any more would only grow stale (and, over a day of operations on
    // many apps, large): gone once neither the scope nor an operation in flight follows it.
    if (!followsInstancesOf(appId))
        m_appInstances.remove(appId);
}

bool ClusterSession::followsInstancesOf(const QString &appId) const
{
    if (appId.isEmpty())
        return false;
    if (appId == m_instances->applicationId())
        return true;
    for (const QString &followed : m_followed)
        if (followed == appId)
            return true;
    return false;
}

void ClusterSession::keepExecutorDetails(const QString &executorId,
                                         const protocol::ExecutorNodeData &details)
{
    ExecutorDetails kept;
    kept.node = details;
    kept.node.instances = {}; // not clear(): on a shared list that allocates as much again
    // The pool only grows while executors come and go: rebuilt from the lists still held when
    // it is well over what they refer to.
    if (m_strings.size() > 4096 && m_strings.size() > 4 * m_applications->rowCount()) {
        m_strings.clear();
        for (const ExecutorDetails &held : std::as_const(m_executorDetails))
            for (const QString &text : held.instances.strings())
                m_strings.intern(text);
    }
    kept.instances = CompactInstanceList::pack(details.instances, m_strings);
    m_executorDetails.insert(executorId, std::move(kept));
}

void ClusterSession::updateInstanceCounts()
{
    QHash<QString, int> counts;
    for (auto it = m_executorDetails.cbegin(); it != m_executorDetails.cend(); ++it)
        counts.insert(it.key(), int(it.value().instances.size()));
    m_executors->setInstanceCounts(counts);
}

} // namespace drove::models
