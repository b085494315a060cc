#include "client/syncengine.h"

#include "client/droveclient.h"

#include <algorithm>
#include <memory>

namespace drove::client {

namespace {

using protocol::DroveEventType;

/// Errors that say the cluster is not reachable as configured (as opposed to one lookup
/// failing); they make the data stale.
bool isConnectivity(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::CannotConnect:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Tls:
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::Forbidden:
    case ApiError::Kind::NotLeader:
    case ApiError::Kind::HttpStatus:
        // A route this controller does not serve says nothing about reaching it.
        return !error.isMissingEndpoint();
    default:
        return false;
    }
}

QString appIdOf(const protocol::DroveEvent &event)
{
    return event.metadataString(QStringLiteral("APP_ID"));
}

} // namespace

SyncEngine::SyncEngine(DroveClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_pollTimer.setSingleShot(true);
    m_slowTimer.setSingleShot(true);
    m_slowTimer.setInterval(3000);
    connect(&m_slowTimer, &QTimer::timeout, this, [this] {
        m_slow = true;
        emit slowChanged(true);
    });
    m_resyncTimer.setInterval(30000);
    // Instance events come in bursts (an operation moves many instances): one details call
    // per executor per burst is enough.
    m_detailsTimer.setSingleShot(true);
    m_detailsTimer.setInterval(500);
    connect(&m_detailsTimer, &QTimer::timeout, this, [this] {
        const QSet<QString> ids = std::exchange(m_detailsToFetch, {});
        for (const QString &id : ids)
            fetchExecutorDetails(id);
    });
    connect(&m_pollTimer, &QTimer::timeout, this, &SyncEngine::poll);
    connect(&m_resyncTimer, &QTimer::timeout, this, [this] {
        // Polling takes a snapshot every interval already.
        if (m_feed != EventFeed::Polling)
            fullResync(ResyncReason::Periodic);
    });
    connect(m_client, &DroveClient::leaderChanged, this, [this] {
        // The first leader found is no change; later ones wiped the event store we read.
        if (m_running && m_haveBaseline) {
            // It may be another version of Drove: try the best feed again.
            if (m_feed != EventFeed::Latest) {
                m_rebaseline = true;
                setFeed(EventFeed::Latest);
            }
            fullResync(ResyncReason::LeaderChanged);
        }
    });
}

SyncEngine::~SyncEngine()
{
    stop();
}

void SyncEngine::setRefreshInterval(int ms)
{
    m_refreshIntervalMs = qMax(10, ms);
    // A poll already waiting on the old, longer interval comes sooner; a backoff after failures
    // keeps its delay (it is not a refresh interval).
    if (m_running && m_pollTimer.isActive() && m_state == ConnectionState::Connected
        && m_pollTimer.remainingTime() > m_refreshIntervalMs)
        schedulePoll(m_refreshIntervalMs);
}

void SyncEngine::setFullResyncInterval(int ms)
{
    m_resyncTimer.setInterval(qMax(10, ms));
}

void SyncEngine::start()
{
    if (m_running)
        return;
    m_running = true;
    m_requests = new QObject(this);
    m_haveBaseline = false;
    m_boundaryEventIds.clear();
    m_gapPending = false;
    m_failures = 0;
    m_resyncPartsLeft = 0;
    m_resyncAgain = false;
    m_lastLeader.clear();
    m_rebaseline = false;
    m_appSnapshot.clear();
    m_appsAddedSince.clear();
    m_appsGoneSince.clear();
    m_pollsSinceExecutors = 0;
    setFeed(m_client->capabilities().eventFeed());
    setState(ConnectionState::Connecting);
    // The first poll takes the event cursor; the full resync follows it, so every change
    // after the cursor is either in the resync or in a later poll.
    poll();
}

void SyncEngine::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_pollTimer.stop();
    m_resyncTimer.stop();
    delete m_requests; // aborts everything bound to it; no callbacks follow
    m_requests = nullptr;
    m_detailsTimer.stop();
    setPollInFlight(false);
    m_resyncPartsLeft = 0;
    for (CoalescedFetch *fetch : {&m_appFetch, &m_instancesFetch, &m_oldInstancesFetch,
                                  &m_executorsFetch, &m_clusterFetch, &m_detailsFetch})
        fetch->clear();
    m_detailsToFetch.clear();
    m_detailsQueue.clear();
    m_detailsQueued.clear();
    m_detailsInFlightCount = 0;
    setState(ConnectionState::Idle);
}

void SyncEngine::requestFullResync()
{
    if (m_running && m_haveBaseline)
        fullResync(ResyncReason::Requested);
}

void SyncEngine::setInstancesScope(const QString &appId, bool includeOld)
{
    const bool changed = appId != m_scopeAppId || includeOld != m_scopeIncludesOld;
    m_scopeAppId = appId;
    m_scopeIncludesOld = includeOld;
    if (changed && m_running)
        refreshInstances();
}

void SyncEngine::watchInstances(const QString &appId)
{
    if (appId.isEmpty())
        return;
    if (++m_watched[appId] == 1 && m_running)
        fetchInstances(appId);
}

void SyncEngine::unwatchInstances(const QString &appId)
{
    auto it = m_watched.find(appId);
    if (it != m_watched.end() && --it.value() <= 0)
        m_watched.erase(it);
}

void SyncEngine::refreshInstances()
{
    if (!m_running || m_scopeAppId.isEmpty())
        return;
    fetchInstances(m_scopeAppId);
    if (m_scopeIncludesOld)
        fetchOldInstances(m_scopeAppId);
}

bool SyncEngine::isWatched(const QString &appId) const
{
    return appId == m_scopeAppId || m_watched.contains(appId);
}

void SyncEngine::schedulePoll(int delayMs)
{
    if (m_running)
        m_pollTimer.start(delayMs);
}

void SyncEngine::pollFailed(const ApiError &error)
{
    failed(error);
    // Back off while the cluster is unreachable: 1, 2, 4 … refresh intervals.
    const int exponent = qMin(m_failures, 16);
    const qint64 delay = qint64(m_refreshIntervalMs) << qMax(0, exponent - 1);
    schedulePoll(int(qMin<qint64>(delay, m_maxBackoffMs)));
}

bool SyncEngine::fellBack(const ApiError &error)
{
    if (!error.isMissingEndpoint() || m_feed == EventFeed::Polling)
        return false;
    setFeed(m_feed == EventFeed::Latest ? EventFeed::Legacy : EventFeed::Polling);
    poll();
    return true;
}

bool SyncEngine::eventsPollAnswered(const ApiError *error)
{
    setPollInFlight(false);
    if (error) {
        if (!fellBack(*error))
            pollFailed(*error);
        return false;
    }
    succeeded();
    return true;
}

void SyncEngine::setFeed(EventFeed feed)
{
    if (feed == m_feed)
        return;
    m_feed = feed;
    emit eventFeedChanged(feed);
}

void SyncEngine::setPollInFlight(bool inFlight)
{
    m_pollInFlight = inFlight;
    if (inFlight) {
        m_slowTimer.start();
        return;
    }
    m_slowTimer.stop();
    if (std::exchange(m_slow, false))
        emit slowChanged(false);
}

int SyncEngine::executorPollEvery() const
{
    return qMax(1, 10000 / qMax(1, m_refreshIntervalMs));
}

void SyncEngine::poll()
{
    if (!m_running || m_pollInFlight)
        return;
    if (m_feed == EventFeed::Polling) {
        pollSnapshot();
        return;
    }
    setPollInFlight(true);
    if (m_feed == EventFeed::Legacy) {
        // The bare list has no cursor: the newest event time seen is the cursor.
        m_client->legacyEvents(m_haveBaseline ? qMax<qint64>(0, m_lastSyncTime - 1) : 0,
                               m_batchSize, m_requests,
                               [this](const Result<QList<protocol::DroveEvent>> &result) {
                                   if (!eventsPollAnswered(result.ok() ? nullptr : &result.error()))
                                       return;
                                   qint64 cursor = m_haveBaseline ? m_lastSyncTime : 0;
                                   for (const protocol::DroveEvent &event : result.value())
                                       cursor = qMax(cursor, event.time);
                                   onEvents(result.value(), cursor);
                                   schedulePoll(m_refreshIntervalMs);
                               });
        return;
    }
    // Drove answers events with time > lastSyncTime, and an event stored later in the same
    // millisecond as the newest one already seen would never be listed: ask from one
    // millisecond earlier and drop the events of that millisecond already passed on.
    m_client->latestEvents(m_haveBaseline ? qMax<qint64>(0, m_lastSyncTime - 1) : 0, m_batchSize,
                           m_requests, [this](const Result<protocol::DroveEventsList> &result) {
                               if (!eventsPollAnswered(result.ok() ? nullptr : &result.error()))
                                   return;
                               onEvents(result.value().events, result.value().lastSyncTime);
                               schedulePoll(m_refreshIntervalMs);
                           });
}

void SyncEngine::onEvents(const QList<protocol::DroveEvent> &newestFirst, qint64 lastSyncTime)
{
    QList<protocol::DroveEvent> events;
    events.reserve(newestFirst.size());
    const bool sameMillisecond = m_haveBaseline && lastSyncTime == m_lastSyncTime;
    QSet<QString> boundary = sameMillisecond ? m_boundaryEventIds : QSet<QString>();
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it) {
        if (m_haveBaseline && it->time == m_lastSyncTime && !it->id.isEmpty()
            && m_boundaryEventIds.contains(it->id))
            continue;
        if (it->time == lastSyncTime && !it->id.isEmpty())
            boundary.insert(it->id);
        events.append(*it);
    }
    m_boundaryEventIds = std::move(boundary);

    if (m_rebaseline) {
        // Back on an event feed after polling: take its cursor; what it lists was seen as
        // snapshots already.
        m_rebaseline = false;
        m_lastSyncTime = lastSyncTime;
        m_gapPending = false;
        fullResync(ResyncReason::LeaderChanged);
        return;
    }
    if (!m_haveBaseline) {
        m_haveBaseline = true;
        m_lastSyncTime = lastSyncTime;
        if (!events.isEmpty())
            emit eventsReceived(events);
        m_gapPending = false;
        fullResync(ResyncReason::Start);
        return;
    }

    bool gap = m_gapPending;
    ResyncReason reason = m_gapPending ? m_gapReason : ResyncReason::EventGap;
    if (lastSyncTime < m_lastSyncTime)
        gap = true; // the store restarted (new leader or controller restart)
    if (events.size() >= m_batchSize)
        gap = true; // a full batch: older events may have been cut off
    for (const protocol::DroveEvent &event : std::as_const(events)) {
        if (event.isKnownType()
            && (event.type == DroveEventType::LeadershipAcquired
                || event.type == DroveEventType::LeadershipLost))
            gap = true;
    }
    m_lastSyncTime = lastSyncTime;
    m_gapPending = false;
    if (!events.isEmpty())
        emit eventsReceived(events);
    if (gap) {
        fullResync(reason);
        return;
    }

    QStringList apps; // in event order, once each
    bool executorsChanged = false;
    bool clusterChanged = false;
    for (const protocol::DroveEvent &event : std::as_const(events)) {
        if (!event.isKnownType())
            continue; // a newer Drove's event type: shown, not acted on
        switch (event.type) {
        case DroveEventType::AppStateChange:
        case DroveEventType::InstanceStateChange: {
            const QString appId = appIdOf(event);
            if (!appId.isEmpty() && !apps.contains(appId))
                apps.append(appId);
            if (event.type == DroveEventType::InstanceStateChange) {
                // Cores and memory in use (cluster bar, executors' free resources) follow the
                // instances as they start and stop.
                executorsChanged = true;
                clusterChanged = true;
            }
            break;
        }
        case DroveEventType::ExecutorAdded:
        case DroveEventType::ExecutorRemoved:
        case DroveEventType::ExecutorBlacklistRequested:
        case DroveEventType::ExecutorBlacklisted:
        case DroveEventType::ExecutorUnBlacklisted:
            executorsChanged = true;
            m_executorListNamesDetails = true; // executors came or went: look at them all
            clusterChanged = true;
            break;
        case DroveEventType::MaintenanceModeSet:
        case DroveEventType::MaintenanceModeRemoved:
            clusterChanged = true;
            break;
        default:
            break;
        }
    }
    for (const QString &appId : std::as_const(apps)) {
        fetchApplication(appId);
        if (isWatched(appId))
            fetchInstances(appId);
        if (appId == m_scopeAppId && m_scopeIncludesOld)
            fetchOldInstances(appId);
    }
    if (executorsChanged)
        fetchExecutors();
    if (clusterChanged)
        fetchCluster();
    noteInstanceEvents(events);
}

void SyncEngine::pollSnapshot()
{
    if (!m_haveBaseline) {
        // The first snapshot is a full resync (applications, cluster, executors, instances).
        m_haveBaseline = true;
        m_gapPending = false;
        m_pollsSinceExecutors = 0;
        fullResync(ResyncReason::Start);
        schedulePoll(m_refreshIntervalMs);
        return;
    }
    setPollInFlight(true);
    m_client->applications(
        m_requests,
        [this](const Result<QList<protocol::AppSummary>> &result) {
            if (!result.ok()) {
                setPollInFlight(false);
                pollFailed(result.error());
                return;
            }
            succeeded();
            onApplicationSnapshot(result.value());
        },
        m_appSnapshot);
}

namespace {

bool idLess(const protocol::AppSummary &a, const protocol::AppSummary &b)
{
    return a.id < b.id;
}

const protocol::AppSummary *findApp(const QList<protocol::AppSummary> &sorted, const QString &appId)
{
    const auto it = std::lower_bound(
        sorted.cbegin(), sorted.cend(), appId,
        [](const protocol::AppSummary &app, const QString &id) { return app.id < id; });
    return it != sorted.cend() && it->id == appId ? &*it : nullptr;
}

} // namespace

void SyncEngine::setAppSnapshot(const QList<protocol::AppSummary> &applications)
{
    // Both decoders give QMap order (by id), so this shares the list; anything else is sorted
    // here rather than trusted.
    m_appSnapshot = applications;
    if (!std::is_sorted(m_appSnapshot.cbegin(), m_appSnapshot.cend(), idLess))
        std::stable_sort(m_appSnapshot.begin(), m_appSnapshot.end(), idLess);
    m_appsAddedSince.clear();
    m_appsGoneSince.clear();
}

bool SyncEngine::isKnownApp(const QString &appId) const
{
    if (m_appsAddedSince.contains(appId))
        return true;
    return !m_appsGoneSince.contains(appId) && findApp(m_appSnapshot, appId);
}

void SyncEngine::markAppKnown(const QString &appId)
{
    m_appsGoneSince.remove(appId);
    m_appsAddedSince.insert(appId);
}

bool SyncEngine::markAppGone(const QString &appId)
{
    const bool known = isKnownApp(appId);
    m_appsAddedSince.remove(appId);
    m_appsGoneSince.insert(appId);
    return known;
}

void SyncEngine::onApplicationSnapshot(const QList<protocol::AppSummary> &applications)
{
    // Both lists are ordered by id: one merge walk finds the new and changed apps, no hashing.
    const QList<protocol::AppSummary> previous = m_appSnapshot;
    setAppSnapshot(applications);
    QStringList changed;
    auto old = previous.cbegin();
    for (const protocol::AppSummary &app : std::as_const(m_appSnapshot)) {
        while (old != previous.cend() && old->id < app.id)
            ++old;
        if (old == previous.cend() || old->id != app.id || old->updated != app.updated
            || old->state != app.state || old->stateText != app.stateText
            || old->requiredInstances != app.requiredInstances
            || old->healthyInstances != app.healthyInstances)
            changed << app.id;
    }

    QStringList instanceApps = changed;
    QStringList watched = m_watched.keys();
    watched << m_scopeAppId;
    for (const QString &appId : std::as_const(watched)) {
        if (!appId.isEmpty() && !instanceApps.contains(appId) && isKnownApp(appId))
            instanceApps << appId;
    }
    if (m_scopeIncludesOld && changed.contains(m_scopeAppId))
        fetchOldInstances(m_scopeAppId);
    if (++m_pollsSinceExecutors >= executorPollEvery()) {
        m_pollsSinceExecutors = 0;
        m_executorListNamesDetails = true; // no instance events name the executors to look at
        fetchExecutors();
        fetchCluster();
    }

    // The instances go out before the summaries: an app parked again in this snapshot must not
    // end its operation in the tracker before the instances that operation started are seen.
    const auto finish = [this, applications] {
        emit applicationsSynced(applications);
        setPollInFlight(false);
        schedulePoll(m_refreshIntervalMs);
    };
    if (instanceApps.isEmpty()) {
        finish();
        return;
    }
    auto left = std::make_shared<int>(int(instanceApps.size()));
    for (const QString &appId : std::as_const(instanceApps)) {
        m_client->instances(
            appId, {}, m_requests,
            [this, appId, left, finish](const Result<QList<protocol::InstanceInfo>> &result) {
                if (result.ok())
                    emit instancesSynced(appId, result.value());
                else
                    failed(result.error());
                if (--*left == 0)
                    finish();
            });
    }
}

void SyncEngine::fullResync(ResyncReason reason)
{
    if (!m_running)
        return;
    if (m_resyncPartsLeft > 0) {
        m_resyncAgain = true;
        m_resyncAgainReason = reason;
        return;
    }
    m_resyncTimer.start(); // the next periodic one counts from now
    emit fullResyncStarted(reason);

    QStringList instanceApps = m_watched.keys();
    if (!m_scopeAppId.isEmpty() && !instanceApps.contains(m_scopeAppId))
        instanceApps.append(m_scopeAppId);
    const bool old = !m_scopeAppId.isEmpty() && m_scopeIncludesOld;
    m_resyncPartsLeft = 3 + int(instanceApps.size()) + (old ? 1 : 0);

    // The last list goes with the request: unchanged apps come back sharing its memory, which
    // makes every comparison with it downstream (models, tracker) a pointer comparison.
    m_client->applications(
        m_requests,
        [this](const Result<QList<protocol::AppSummary>> &result) {
            if (result.ok()) {
                succeeded();
                setAppSnapshot(result.value());
                emit applicationsSynced(result.value());
            } else {
                failed(result.error());
            }
            partDone();
        },
        m_appSnapshot);
    m_client->clusterSummary(m_requests, [this](const Result<protocol::ClusterSummary> &result) {
        if (result.ok()) {
            succeeded();
            const QString leader = result.value().leader;
            if (!m_lastLeader.isEmpty() && leader != m_lastLeader) {
                // Another controller leads now: its event store started empty.
                m_gapPending = true;
                m_gapReason = ResyncReason::LeaderChanged;
            }
            m_lastLeader = leader;
            emit clusterSynced(result.value());
        } else {
            failed(result.error());
        }
        partDone();
    });
    m_client->executors(m_requests, [this](const Result<QList<protocol::ExecutorSummary>> &result) {
        if (result.ok()) {
            succeeded();
            onExecutorList(result.value(), true);
        } else {
            failed(result.error());
        }
        partDone();
    });
    for (const QString &appId : std::as_const(instanceApps)) {
        m_client->instances(appId, {}, m_requests,
                            [this, appId](const Result<QList<protocol::InstanceInfo>> &result) {
                                if (result.ok()) {
                                    succeeded();
                                    emit instancesSynced(appId, result.value());
                                } else {
                                    failed(result.error());
                                }
                                partDone();
                            });
    }
    if (old) {
        const QString appId = m_scopeAppId;
        m_client->oldInstances(appId, 0, -1, m_requests,
                               [this, appId](const Result<QList<protocol::InstanceInfo>> &result) {
                                   if (result.ok()) {
                                       succeeded();
                                       emit oldInstancesSynced(appId, result.value());
                                   } else {
                                       failed(result.error());
                                   }
                                   partDone();
                               });
    }
}

void SyncEngine::partDone()
{
    if (m_resyncPartsLeft <= 0 || --m_resyncPartsLeft > 0)
        return;
    emit fullResyncFinished();
    if (m_resyncAgain) {
        m_resyncAgain = false;
        fullResync(m_resyncAgainReason);
    }
}

void SyncEngine::fetchApplication(const QString &appId)
{
    if (!m_appFetch.begin(appId))
        return;
    m_client->application(appId, m_requests,
                          [this, appId](const Result<protocol::AppSummary> &result) {
                              const bool again = m_appFetch.finish(appId);
                              if (result.ok()) {
                                  succeeded();
                                  markAppKnown(appId);
                                  emit applicationUpdated(result.value());
                              } else if (result.error().kind == ApiError::Kind::DroveFailure) {
                                  // "App <id> not found": destroyed since the event.
                                  if (markAppGone(appId))
                                      emit applicationRemoved(appId);
                              } else {
                                  failed(result.error());
                              }
                              if (again)
                                  fetchApplication(appId);
                          });
}

void SyncEngine::fetchInstances(const QString &appId)
{
    if (!m_instancesFetch.begin(appId))
        return;
    m_client->instances(appId, {}, m_requests,
                        [this, appId](const Result<QList<protocol::InstanceInfo>> &result) {
                            const bool again = m_instancesFetch.finish(appId);
                            if (result.ok()) {
                                succeeded();
                                emit instancesSynced(appId, result.value());
                            } else {
                                failed(result.error());
                            }
                            if (again)
                                fetchInstances(appId);
                        });
}

void SyncEngine::fetchOldInstances(const QString &appId)
{
    if (!m_oldInstancesFetch.begin(appId))
        return;
    m_client->oldInstances(appId, 0, -1, m_requests,
                           [this, appId](const Result<QList<protocol::InstanceInfo>> &result) {
                               const bool again = m_oldInstancesFetch.finish(appId);
                               if (result.ok()) {
                                   succeeded();
                                   emit oldInstancesSynced(appId, result.value());
                               } else {
                                   failed(result.error());
                               }
                               if (again)
                                   fetchOldInstances(appId);
                           });
}

void SyncEngine::fetchExecutors()
{
    if (!m_executorsFetch.begin())
        return;
    m_client->executors(m_requests, [this](const Result<QList<protocol::ExecutorSummary>> &result) {
        const bool again = m_executorsFetch.finish();
        if (result.ok()) {
            succeeded();
            onExecutorList(result.value(), std::exchange(m_executorListNamesDetails, false));
        } else {
            failed(result.error());
        }
        if (again)
            fetchExecutors();
    });
}

void SyncEngine::onExecutorList(const QList<protocol::ExecutorSummary> &executors,
                                bool refreshDetails)
{
    m_executorIds.clear();
    for (const auto &executor : executors)
        m_executorIds << executor.executorId;
    emit executorsSynced(executors);
    // A list fetched only because instances moved: the instance events already named the
    // executors whose details change (noteInstanceEvents), asking again would double them.
    if (!refreshDetails)
        return;
    if (m_detailsEnabled)
        refreshExecutorDetails();
    else if (!m_detailsScope.isEmpty())
        fetchExecutorDetails(m_detailsScope);
}

void SyncEngine::setExecutorDetailsEnabled(bool enabled)
{
    if (enabled == m_detailsEnabled)
        return;
    m_detailsEnabled = enabled;
    if (enabled)
        refreshExecutorDetails();
}

void SyncEngine::setExecutorDetailsScope(const QString &executorId)
{
    m_detailsScope = executorId;
    if (!executorId.isEmpty())
        fetchExecutorDetails(executorId);
}

void SyncEngine::refreshExecutorDetails(const QString &executorId)
{
    if (!executorId.isEmpty()) {
        fetchExecutorDetails(executorId);
        return;
    }
    for (const QString &id : std::as_const(m_executorIds))
        fetchExecutorDetails(id);
}

void SyncEngine::fetchExecutorDetails(const QString &executorId)
{
    // A controller without the route answers every executor alike: asked again only once the
    // capabilities are forgotten (another leader, other settings).
    if (m_client->capabilities().isAbsent(Feature::ExecutorDetails))
        return;
    if (!m_running || executorId.isEmpty())
        return;
    if (!m_detailsFetch.isInFlight(executorId) && m_detailsInFlightCount >= kDetailsInFlight) {
        if (!m_detailsQueued.contains(executorId)) {
            m_detailsQueued.insert(executorId);
            m_detailsQueue.append(executorId);
        }
        return;
    }
    if (!m_detailsFetch.begin(executorId))
        return; // in flight: asked again once it lands
    ++m_detailsInFlightCount;
    m_client->executor(executorId, m_requests,
                       [this, executorId](const Result<protocol::ExecutorNodeData> &result) {
                           --m_detailsInFlightCount;
                           const bool again = m_detailsFetch.finish(executorId);
                           if (result.ok())
                               emit executorDetailsSynced(executorId, result.value());
                           else if (result.error().kind != ApiError::Kind::Cancelled)
                               emit executorDetailsFailed(executorId, result.error());
                           if (again)
                               fetchExecutorDetails(executorId);
                           sendQueuedDetails();
                       });
}

void SyncEngine::sendQueuedDetails()
{
    while (m_running && m_detailsInFlightCount < kDetailsInFlight && !m_detailsQueue.isEmpty()) {
        const QString executorId = m_detailsQueue.takeFirst();
        m_detailsQueued.remove(executorId);
        fetchExecutorDetails(executorId);
    }
}

void SyncEngine::noteInstanceEvents(const QList<protocol::DroveEvent> &events)
{
    if (!m_detailsEnabled && m_detailsScope.isEmpty())
        return;
    for (const auto &event : events) {
        if (!event.isKnownType() || event.type != DroveEventType::InstanceStateChange)
            continue;
        const QString executorId = event.metadataString(protocol::eventkeys::ExecutorId);
        if (executorId.isEmpty()) {
            // Not said where: every executor that could hold it.
            if (m_detailsEnabled)
                m_detailsToFetch.unite(QSet<QString>(m_executorIds.cbegin(), m_executorIds.cend()));
            else
                m_detailsToFetch.insert(m_detailsScope);
        } else if (m_detailsEnabled || executorId == m_detailsScope) {
            m_detailsToFetch.insert(executorId);
        }
    }
    if (!m_detailsToFetch.isEmpty() && !m_detailsTimer.isActive())
        m_detailsTimer.start();
}

void SyncEngine::fetchCluster()
{
    if (!m_clusterFetch.begin())
        return;
    m_client->clusterSummary(m_requests, [this](const Result<protocol::ClusterSummary> &result) {
        const bool again = m_clusterFetch.finish();
        if (result.ok()) {
            succeeded();
            emit clusterSynced(result.value());
        } else {
            failed(result.error());
        }
        if (again)
            fetchCluster();
    });
}

void SyncEngine::succeeded()
{
    m_lastSuccess = QDateTime::currentDateTimeUtc();
    m_lastError = ApiError();
    if (m_failures > 0 && m_haveBaseline) {
        // Events may have expired from the store while we were away.
        m_gapPending = true;
        m_gapReason = ResyncReason::Recovered;
    }
    m_failures = 0;
    setState(ConnectionState::Connected);
}

void SyncEngine::failed(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Cancelled)
        return;
    m_lastError = error;
    emit syncFailed(error);
    if (!m_running)
        return; // a listener stopped the engine (e.g. to ask for credentials): it stays Idle
    if (!isConnectivity(error))
        return;
    ++m_failures;
    setState(m_lastSuccess.isValid() ? ConnectionState::Stale : ConnectionState::Offline);
}

void SyncEngine::setState(ConnectionState state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit connectionStateChanged(state, m_lastSuccess);
}

} // namespace drove::client
