#pragma once

#include "client/apierror.h"
#include "client/capabilities.h"
#include "client/coalescedfetch.h"
#include "client/connectionstate.h"

#include "protocol/appsummary.h"
#include "protocol/clustersummary.h"
#include "protocol/droveevent.h"
#include "protocol/executornodedata.h"
#include "protocol/executorsummary.h"
#include "protocol/instanceinfo.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace drove::client {

class DroveClient;

/// Keeps the console's picture of one cluster fresh with as little traffic as possible.
///
/// - Polls `GET /cluster/events/latest?lastSyncTime=…` every refresh interval. Apps named by
///   APP_STATE_CHANGE / INSTANCE_STATE_CHANGE (metadata APP_ID) get their summary refetched
///   (applicationUpdated, or applicationRemoved when the controller no longer knows them), and
///   their instance lists when they are watched (instances scope or watchInstances()).
///   Executor and maintenance events refetch executors / the cluster summary; instance events
///   refetch both too, so that used cores and memory follow instances as they start and stop.
/// - Executor details (GET /cluster/executors/{id}: the instances on each executor) while
///   asked for: every executor's with each executor list and again, coalesced over
///   executorDetailsDelay(), for the executors named by instance events; the executor in
///   setExecutorDetailsScope() always.
/// - A full resync (applications, cluster, executors, watched instances) runs on start, every
///   fullResyncInterval (30 s), on requestFullResync(), and whenever the event stream may have
///   a gap: leader change, lastSyncTime going backwards (event store restarted), a LEADERSHIP_*
///   event, a full batch of events (some may be missing), or recovery after failures.
/// - Controllers without `/cluster/events/latest` (404/405 without envelope) are read through
///   the deprecated `/cluster/events?lastSyncTime=&size=` (the cursor is then the newest event
///   time seen); without either the engine polls snapshots (EventFeed::Polling): the
///   application list every refresh interval, the instances of the watched apps and of every
///   app whose summary changed (updated, state, counts), executors and the cluster summary every
///   executorPollEvery() polls. The same signals carry the results, so models stay incremental.
///   eventFeedChanged() says which feed is in use; a leader change tries the best one again.
/// - When the cluster cannot be reached nothing is cleared: the state becomes Stale (with the
///   time of the last success), polls back off, and sync resumes by itself.
/// All signals carry value snapshots; the engine keeps no model data of its own.
class SyncEngine : public QObject
{
    Q_OBJECT

public:
    using ConnectionState = client::ConnectionState;

    enum class ResyncReason { Start, Periodic, Requested, LeaderChanged, EventGap, Recovered };
    Q_ENUM(ResyncReason)

    explicit SyncEngine(DroveClient *client, QObject *parent = nullptr);
    ~SyncEngine() override;

    /// Events poll interval (the profile's refresh interval). Default 2000 ms.
    void setRefreshInterval(int ms);
    int refreshInterval() const { return m_refreshIntervalMs; }
    /// Default 30000 ms.
    void setFullResyncInterval(int ms);
    /// Longest pause between polls while the cluster is unreachable. Default 30000 ms.
    void setMaxBackoff(int ms) { m_maxBackoffMs = ms; }
    /// Without an event feed, executors and the cluster summary are fetched every this many
    /// polls (default: about every 10 s).
    int executorPollEvery() const;
    /// How changes are learnt (starts as the best feed not known to be absent).
    EventFeed eventFeed() const { return m_feed; }
    /// A poll unanswered for this long makes the engine "slow" (slowChanged) long before the
    /// request times out and the data turns stale. Default 3000 ms.
    void setSlowThreshold(int ms) { m_slowTimer.setInterval(qMax(1, ms)); }
    bool isSlow() const { return m_slow; }
    /// Events asked for per poll (the `size` parameter). Default 1024.
    void setEventBatchSize(int size) { m_batchSize = qMax(1, size); }

    void start();
    /// Stops polling and abandons requests in flight (no more signals from them).
    void stop();
    bool isRunning() const { return m_running; }

    void requestFullResync();

    /// The application open in the UI: its instances (and old instances when `includeOld`)
    /// are fetched now and kept fresh. An empty id clears the scope.
    void setInstancesScope(const QString &appId, bool includeOld = false);
    QString instancesScope() const { return m_scopeAppId; }
    /// Keeps an app's active instances fresh in addition to the scope (e.g. while the
    /// operations tracker follows an operation on it). Counted: call unwatch as often.
    void watchInstances(const QString &appId);
    void unwatchInstances(const QString &appId);
    /// Refetches the scope's instances now (e.g. a "Refresh" button).
    void refreshInstances();

    /// Fetch every executor's details with each executor list and on instance events. Off by
    /// default: it costs one request per executor.
    void setExecutorDetailsEnabled(bool enabled);
    bool executorDetailsEnabled() const { return m_detailsEnabled; }
    /// One executor whose details are fetched now and kept fresh even while details are off
    /// ("" = none).
    void setExecutorDetailsScope(const QString &executorId);
    QString executorDetailsScope() const { return m_detailsScope; }
    /// Fetches the details of `executorId` now (of every known executor when empty).
    void refreshExecutorDetails(const QString &executorId = QString());
    /// How long instance events are gathered before the executors they name are fetched.
    void setExecutorDetailsDelay(int ms) { m_detailsTimer.setInterval(qMax(0, ms)); }

    ConnectionState connectionState() const { return m_state; }
    /// UTC time of the last successful request; null before the first.
    QDateTime lastSuccess() const { return m_lastSuccess; }
    /// The last failure (meaningful when Stale or Offline).
    ApiError lastError() const { return m_lastError; }
    /// The events cursor fed back to the controller.
    qint64 lastSyncTime() const { return m_lastSyncTime; }

signals:
    /// The complete application list (full resync). Apps missing from it are gone.
    void applicationsSynced(const QList<drove::protocol::AppSummary> &applications);
    /// One application changed (incremental).
    void applicationUpdated(const drove::protocol::AppSummary &application);
    /// The controller no longer knows this application (destroyed).
    void applicationRemoved(const QString &appId);
    /// The complete list of active instances of `appId`.
    void instancesSynced(const QString &appId,
                         const QList<drove::protocol::InstanceInfo> &instances);
    /// The old (terminated) instances of the scope app, when asked for.
    void oldInstancesSynced(const QString &appId,
                            const QList<drove::protocol::InstanceInfo> &instances);
    void clusterSynced(const drove::protocol::ClusterSummary &summary);
    void executorsSynced(const QList<drove::protocol::ExecutorSummary> &executors);
    /// The details (instances) of one executor.
    void executorDetailsSynced(const QString &executorId,
                               const drove::protocol::ExecutorNodeData &details);
    /// The details call for an executor failed (an executor that left answers 404 until the
    /// next executor list drops it). Does not make the data stale.
    void executorDetailsFailed(const QString &executorId, const drove::client::ApiError &error);
    /// New events, oldest first (the wire order is newest first). The first poll after
    /// start() delivers the history the controller keeps.
    void eventsReceived(const QList<drove::protocol::DroveEvent> &events);

    void connectionStateChanged(drove::client::ConnectionState state, const QDateTime &lastSuccess);
    /// The engine moved to another way of learning of changes (a feed was found missing, or a
    /// leader change made it try the best one again).
    void eventFeedChanged(drove::client::EventFeed feed);
    /// The controller answers slowly (a poll has waited longer than the slow threshold), or
    /// no longer does.
    void slowChanged(bool slow);
    /// A sync request failed (after the client's retries). Unauthorized/Forbidden/Tls need
    /// the user; the engine keeps retrying anyway.
    void syncFailed(const drove::client::ApiError &error);
    void fullResyncStarted(drove::client::SyncEngine::ResyncReason reason);
    /// Every part of a full resync has answered (successfully or not).
    void fullResyncFinished();

private:
    void schedulePoll(int delayMs);
    void poll();
    void onEvents(const QList<protocol::DroveEvent> &newestFirst, qint64 lastSyncTime);
    /// Handles a failed events poll; true when the feed is missing and the next one is tried.
    bool fellBack(const ApiError &error);
    void pollFailed(const ApiError &error);
    /// The end of an events poll: true when it succeeded; on failure the fallback or the
    /// backoff is under way.
    bool eventsPollAnswered(const ApiError *error);
    void pollSnapshot();
    void onApplicationSnapshot(const QList<protocol::AppSummary> &applications);
    /// Takes a full application list as the new baseline (sorted by id first if it is not:
    /// the client's decoders deliver it sorted, so this normally shares it).
    void setAppSnapshot(const QList<protocol::AppSummary> &applications);
    /// In the last list or fetched since, and not found destroyed since.
    bool isKnownApp(const QString &appId) const;
    void markAppKnown(const QString &appId);
    /// Returns whether it was known.
    bool markAppGone(const QString &appId);
    void setFeed(EventFeed feed);
    void setPollInFlight(bool inFlight);
    void fullResync(ResyncReason reason);
    void fetchApplication(const QString &appId);
    void fetchInstances(const QString &appId);
    void fetchOldInstances(const QString &appId);
    void fetchExecutors();
    void fetchCluster();
    void fetchExecutorDetails(const QString &executorId);
    void onExecutorList(const QList<protocol::ExecutorSummary> &executors, bool refreshDetails);
    void noteInstanceEvents(const QList<protocol::DroveEvent> &events);
    void partDone();
    bool isWatched(const QString &appId) const;

    void succeeded();
    void failed(const ApiError &error);
    void setState(ConnectionState state);

    DroveClient *m_client;
    QObject *m_requests = nullptr; ///< context of every request; deleted by stop()
    QTimer m_pollTimer;
    QTimer m_resyncTimer;
    int m_refreshIntervalMs = 2000;
    int m_maxBackoffMs = 30000;
    int m_batchSize = 1024;
    bool m_running = false;
    bool m_pollInFlight = false;
    bool m_haveBaseline = false;
    EventFeed m_feed = EventFeed::Latest;
    /// A better feed is tried after polling: its first answer only sets the cursor (its history
    /// was already seen as snapshots).
    bool m_rebaseline = false;
    /// The last application list, ordered by id (polling compares the next one with it). It is
    /// the list the client delivered, shared: a resync of 10,000 apps copies nothing here.
    QList<protocol::AppSummary> m_appSnapshot;
    /// Apps known since that list: fetched one by one (added) or found destroyed (gone).
    QSet<QString> m_appsAddedSince;
    QSet<QString> m_appsGoneSince;
    int m_pollsSinceExecutors = 0;
    QTimer m_slowTimer;
    bool m_slow = false;
    bool m_gapPending = false;
    ResyncReason m_gapReason = ResyncReason::EventGap;
    int m_failures = 0;
    int m_resyncPartsLeft = 0;
    bool m_resyncAgain = false;
    ResyncReason m_resyncAgainReason = ResyncReason::Requested;
    qint64 m_lastSyncTime = 0;
    /// Ids of the events of millisecond m_lastSyncTime already passed on (see poll()).
    QSet<QString> m_boundaryEventIds;
    QString m_lastLeader; ///< ClusterSummary.leader at the last full resync
    QString m_scopeAppId;
    bool m_scopeIncludesOld = false;
    QHash<QString, int> m_watched;
    CoalescedFetch m_appFetch;
    CoalescedFetch m_instancesFetch;
    CoalescedFetch m_oldInstancesFetch;
    CoalescedFetch m_executorsFetch;
    CoalescedFetch m_clusterFetch;
    CoalescedFetch m_detailsFetch;
    bool m_detailsEnabled = false;
    QString m_detailsScope;
    QStringList m_executorIds;      ///< from the last executor list
    QSet<QString> m_detailsToFetch; ///< named by instance events, fetched on m_detailsTimer
    /// Executor details are paced: at most kDetailsInFlight requests at once, the rest wait
    /// here in order (once each). A cluster of 800 executors would otherwise queue 800
    /// requests in front of the instances the operator just asked for.
    static constexpr int kDetailsInFlight = 2;
    QList<QString> m_detailsQueue;
    QSet<QString> m_detailsQueued;
    int m_detailsInFlightCount = 0;
    void sendQueuedDetails();
    QTimer m_detailsTimer;
    /// The executor list asked for names executors that came or went: fetch details with it.
    bool m_executorListNamesDetails = false;

    ConnectionState m_state = ConnectionState::Idle;
    QDateTime m_lastSuccess;
    ApiError m_lastError;
};

} // namespace drove::client
