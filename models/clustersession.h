#pragma once

#include "client/apierror.h"
#include "client/capabilities.h"
#include "client/clusterprofile.h"
#include "client/connectionstate.h"
#include "client/logchunk.h"
#include "client/result.h"
#include "models/capacitycheck.h"
#include "models/compactinstancelist.h"
#include "models/operationjournal.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/blacklistoperationresponse.h"
#include "protocol/clusterstatedata.h"
#include "protocol/droveevent.h"
#include "protocol/executornodedata.h"
#include "protocol/instanceinfo.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QIODevice;
class QNetworkAccessManager;

namespace drove::client {
class DroveClient;
class SyncEngine;
struct ConnectionSettings;
} // namespace drove::client

namespace drove::models {

class ApplicationsModel;
class ClusterOverview;
class EventsModel;
class ExecutorInstancesModel;
class ExecutorsModel;
class InstancesModel;
class OperationJournal;
class OperationTracker;
class OperationsModel;

/// The controller's answer to one request of the session (an operation, a cancel): exactly one
/// of accepted() or rejected() follows, always later than the call that returned it (never
/// inside it), and the object deletes itself soon after. Owned by the session.
class PendingOperation : public QObject
{
    Q_OBJECT

public:
    /// The tracker's id for a submitted operation ("" for a cancel).
    QString trackedId() const { return m_trackedId; }
    /// The app the request is about (derived from the spec for a CREATE).
    QString appId() const { return m_appId; }

Q_SIGNALS:
    /// The controller took it; `appId` is the one it names (a CREATE's derived id).
    void accepted(const QString &appId);
    /// The controller (or the way there) refused it; the journal says so too.
    void rejected(const drove::client::ApiError &error);

private:
    friend class ClusterSession;
    PendingOperation(const QString &trackedId, const QString &appId, QObject *parent);
    /// Emits later (queued) and deletes itself after the emission.
    void finish(const client::Result<QString> &result);

    QString m_trackedId;
    QString m_appId;
};

/// What submitting an operation gave: refused here before sending (`rejection` and the
/// problems found), or sent, with the pending answer.
struct SubmitTicket
{
    /// User text when the operation was not sent (e.g. "The operation is not valid").
    QString rejection;
    /// The validation problems behind `rejection`.
    QStringList problems;
    /// Set when sent; connect to it right away.
    PendingOperation *pending = nullptr;
    /// The journal entry recording it (when sent and the session journals).
    QString journalId;

    bool sent() const { return pending != nullptr; }
};

/// Everything the console knows and does about one connected cluster, for its whole life: one
/// session per connection. Switching cluster destroys the session and makes a new one, so
/// nothing of a cluster can leak into the next (no clearing, no re-wiring).
///
/// It owns (or borrows for its whole life) the DroveClient and the SyncEngine and owns every
/// model and the OperationTracker: every SyncEngine snapshot goes to the item models and the
/// tracker; operations are validated, journalled, sent and tracked from the moment they are
/// sent; the tracker's outcomes go back to the journal; apps with an operation in flight have
/// their instances watched; executor details (the instances on each executor, fetched by the
/// SyncEngine while asked for) feed the executor models.
///
/// The UI talks only to the session: data comes through the models (and their signals),
/// requests answer through one channel each — a PendingOperation for operations and cancels,
/// a callback (bound to a context object) for everything else.
class ClusterSession : public QObject
{
    Q_OBJECT

public:
    /// A session with its own DroveClient and SyncEngine on `network` (not owned), for
    /// `profile`; start() connects. `journal` (not owned) may be null: nothing is journalled.
    ClusterSession(QNetworkAccessManager *network, const client::ClusterProfile &profile,
                   bool embedded, OperationJournal *journal, QObject *parent = nullptr);
    /// A session borrowing `client` and `sync` (which must outlive it) for its whole life.
    ClusterSession(client::DroveClient *client, client::SyncEngine *sync,
                   const client::ClusterProfile &profile, bool embedded, OperationJournal *journal,
                   QObject *parent = nullptr);
    ~ClusterSession() override;

    const client::ClusterProfile &profile() const { return m_profile; }
    /// The profile name written to the journal with each operation.
    QString clusterName() const { return m_profile.name; }
    /// The answer of the write-access probe (see writeAccessKnown()); nullopt until it came.
    std::optional<bool> mayWrite() const { return m_mayWrite; }
    /// The in-process simulated controller (the embedded cluster).
    bool isEmbedded() const { return m_embedded; }

    /// Points the client at the cluster with `settings` and starts following it.
    void start(const client::ConnectionSettings &settings);
    /// Starts following the cluster with the client's current settings.
    void start();
    /// Stops following (requests in flight are abandoned); the data stays, marked stale.
    void stop();
    client::ConnectionState connectionState() const;
    /// UTC time of the last successful sync request; null before the first.
    QDateTime lastSuccess() const;
    /// The controller requests go to (the leader), or the first endpoint before one is known.
    QUrl endpoint() const;
    /// Asks for everything again now (Cluster ▸ Refresh).
    void refresh();
    /// What the controller was found to serve (see DroveClient::capabilities()).
    client::ControllerCapabilities capabilities() const;
    /// How the session learns of changes (an event feed, or polling snapshots).
    client::EventFeed eventFeed() const;
    /// Translated text for the cluster bar's tooltip (Cluster ▸ About this controller): the
    /// event feed in use and what the controller offers, one feature a line.
    QString capabilitiesText() const;

    ApplicationsModel *applications() const { return m_applications; }
    InstancesModel *instances() const { return m_instances; }
    ExecutorsModel *executors() const { return m_executors; }
    EventsModel *events() const { return m_events; }
    ClusterOverview *overview() const { return m_overview; }
    OperationTracker *tracker() const { return m_tracker; }
    OperationsModel *operations() const { return m_operations; }
    /// The instances of the executor chosen with setExecutorInstancesScope().
    ExecutorInstancesModel *executorInstances() const { return m_executorInstances; }
    OperationJournal *journal() const;

    /// Shows another application's instances (a reset of the instances model only) and asks
    /// the sync engine to keep them fresh.
    void setInstancesApplication(const QString &appId, bool includeOld = true);

    /// Validates with the protocol's rules, journals, tracks and sends. A ticket without
    /// `pending` says why nothing was sent.
    SubmitTicket submitOperation(const protocol::ApplicationOperation &operation);
    /// Asks the controller to cancel the app's current operation.
    PendingOperation *cancelOperation(const QString &appId);
    /// Warnings (translated, empty when fine or not known yet) about whether the cluster can
    /// place the instances `operation` would start (see CapacityCheck).
    QStringList capacityWarnings(const protocol::ApplicationOperation &operation) const;
    /// The executors as the placement rules see them: NUMA layout and free cores per node from
    /// the executors' details where fetched, else their totals (layoutKnown false).
    QList<placement::Executor> placementExecutors() const;
    /// What the console knows of an app for placement: size, policy (when its spec is known),
    /// instance counts and where its instances are.
    AppFootprint footprint(const QString &appId) const;
    /// Fetches every executor's details now, so that placement checks see NUMA layouts (a
    /// dialog that starts instances calls it when it opens).
    void refreshPlacementData();
    /// Asks the controller to validate a spec (POST …/validate/spec).
    void validateSpec(const protocol::ApplicationSpec &spec, QObject *context,
                      std::function<void(const client::Result<void> &)> done);
    /// Fetches an app's spec; a successful answer is also kept for capacityWarnings().
    void fetchSpec(const QString &appId, QObject *context,
                   std::function<void(const client::Result<protocol::ApplicationSpec> &)> done);
    /// Maintenance mode on or off (POST …/maintenance/set|unset).
    void
    setMaintenance(bool enabled, QObject *context,
                   std::function<void(const client::Result<protocol::ClusterStateData> &)> done);
    /// Blacklists (or unblacklists) executors.
    void setExecutorsBlacklisted(
        const QStringList &executorIds, bool blacklisted, QObject *context,
        std::function<void(const client::Result<protocol::BlacklistOperationResponse> &)> done);

    /// An instance's log files, reading and downloading them (see DroveClient).
    void instanceLogFiles(const QString &appId, const QString &instanceId, QObject *context,
                          std::function<void(const client::Result<QStringList> &)> done);
    void readInstanceLog(const QString &appId, const QString &instanceId, const QString &fileName,
                         qint64 offset, qint64 length, QObject *context,
                         std::function<void(const client::Result<client::LogChunk> &)> done);
    void downloadInstanceLog(const QString &appId, const QString &instanceId,
                             const QString &fileName, QIODevice *sink, QObject *context,
                             std::function<void(const client::Result<qint64> &)> done);

    /// Fetch every executor's details (instance counts) with each executor list and on
    /// instance events. Off by default: it costs one request per executor.
    void setExecutorDetailsEnabled(bool enabled);
    /// Shows `executorId`'s instances in executorInstances() and fetches its details now.
    void setExecutorInstancesScope(const QString &executorId);
    QString executorInstancesScope() const;
    /// The last known instances of an executor (empty when never fetched), kept compactly for
    /// every executor: ids, host, state, times and resources, not the ports, metadata or error
    /// (see CompactInstanceList; the executor in scope has its full records in
    /// executorInstances()).
    CompactInstanceList instancesOnExecutor(const QString &executorId) const
    {
        return m_executorDetails.value(executorId).instances;
    }
    /// Whether the executor's details (its instances) were fetched at least once.
    bool hasExecutorDetails(const QString &executorId) const
    {
        return m_executorDetails.contains(executorId);
    }
    /// The last active instances fetched of an app whose instances were followed (the one in
    /// scope, those with an operation in flight); empty when never fetched, and again once the
    /// app is no longer followed.
    QList<protocol::InstanceInfo> followedInstances(const QString &appId) const
    {
        return m_appInstances.value(appId);
    }

Q_SIGNALS:
    void connectionStateChanged(drove::client::ConnectionState state, const QDateTime &lastSuccess);
    /// A sync request failed (after the client's retries); the data is kept.
    void syncFailed(const drove::client::ApiError &error);
    /// The controller was found to serve more or less than was known.
    void capabilitiesChanged(const drove::client::ControllerCapabilities &capabilities);
    /// The session moved to another way of learning of changes; with EventFeed::Polling the
    /// window should say once that the controller has no event feed (see capabilitiesText()).
    void eventFeedChanged(drove::client::EventFeed feed);
    /// The controller answers slowly (before any timeout makes the data stale), or no longer.
    void slowChanged(bool slow);
    /// Whether this user may change the cluster, found out once per connection before any
    /// refusal (DroveClient::probeWriteAccess); `reason` says why not.
    void writeAccessKnown(bool allowed, const QString &reason);

private:
    void connectSync();
    void connectTracker();
    void updateInstanceCounts();
    void updateDetailsFetching();

    std::unique_ptr<client::DroveClient> m_ownedClient;
    std::unique_ptr<client::SyncEngine> m_ownedSync;
    client::DroveClient *m_client;
    client::SyncEngine *m_sync;
    QPointer<OperationJournal> m_journal;
    client::ClusterProfile m_profile;
    bool m_embedded = false;

    ApplicationsModel *m_applications;
    InstancesModel *m_instances;
    ExecutorsModel *m_executors;
    EventsModel *m_events;
    ClusterOverview *m_overview;
    OperationTracker *m_tracker;
    OperationsModel *m_operations;
    ExecutorInstancesModel *m_executorInstances;

    /// An executor's details as kept: the node without its instances, and those compactly.
    struct ExecutorDetails
    {
        protocol::ExecutorNodeData node; ///< `instances` empty
        CompactInstanceList instances;
    };
    void forgetUnfollowedInstances(const QString &appId);
    void scheduleMemoryRelease();
    bool followsInstancesOf(const QString &appId) const;
    void keepExecutorDetails(const QString &executorId, const protocol::ExecutorNodeData &details);
    QHash<QString, ExecutorDetails> m_executorDetails;
    StringPool m_strings; ///< the texts the compact instance lists repeat
    /// After a full list is applied: hands the memory its decoding freed back to the system.
    QTimer m_memoryRelease;
    qint64 m_memoryReleasedAtMs = 0;
    /// The last active instance list of every app whose instances are followed (the scope and
    /// the apps with operations in flight), for the placement checks' per-executor counts.
    QHash<QString, QList<protocol::InstanceInfo>> m_appInstances;
    bool m_detailsForUi = false;
    /// Operations in flight (id → app) whose instances and executors are followed.
    QHash<QString, QString> m_followed;
    QHash<QString, protocol::ApplicationSpec> m_specs;
    QHash<QString, qint64> m_specAskedAt; ///< spec fetches asked for by stuck checks
    bool m_writeProbeSent = false;
    std::optional<bool> m_mayWrite;
};

} // namespace drove::models
