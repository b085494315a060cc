#pragma once

#include "client/result.h"
#include "protocol/applicationoperation.h"
#include "protocol/droveevent.h"
#include "protocol/instanceinfo.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace drove::client {
class DroveClient;
class SyncEngine;
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

/// The models of one connected cluster and the glue to the client: every SyncEngine snapshot
/// goes to the item models and to the OperationTracker; operations are validated, journalled,
/// sent through the DroveClient and tracked from acceptance; the tracker's outcomes go back to
/// the journal; apps with an operation in flight have their instances watched.
///
/// Executors: the instances on each executor come from the executor details call
/// (GET /cluster/executors/{id}). While setExecutorDetailsEnabled(true) (the Executors view is
/// shown) every executor's details are fetched with each executor list and again for executors
/// named by instance events, and the executors model gets the instance count per executor; the
/// executor picked with setExecutorInstancesScope() is always kept fresh.
///
/// The session owns its models; it does not own the client, the sync engine or the journal.
class ClusterSession : public QObject
{
    Q_OBJECT

public:
    /// `journal` may be null (nothing is journalled).
    ClusterSession(client::DroveClient *client, client::SyncEngine *sync,
                   OperationJournal *journal = nullptr, QObject *parent = nullptr);
    ~ClusterSession() override;

    /// The profile name written to the journal with each operation.
    void setClusterName(const QString &name) { m_clusterName = name; }
    QString clusterName() const { return m_clusterName; }

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

    /// Validates with the protocol's rules, journals, sends. Returns false (and emits
    /// operationRejected) when validation fails locally; the controller's answer arrives later
    /// as operationAccepted or operationRejected.
    ///
    /// `done`, when given, also gets the controller's answer (the app id on success) on the GUI
    /// thread, unless `context` was destroyed meanwhile.
    bool submitOperation(const protocol::ApplicationOperation &operation,
                         QObject *context = nullptr,
                         std::function<void(const client::Result<QString> &)> done = {});
    /// Asks the controller to cancel the app's current operation; `done` as for submit.
    void cancelOperation(const QString &appId, QObject *context = nullptr,
                         std::function<void(const client::Result<void> &)> done = {});

    /// Fetch every executor's details (instance counts) with each executor list and on
    /// instance events. Off by default: it costs one request per executor.
    void setExecutorDetailsEnabled(bool enabled);
    bool executorDetailsEnabled() const { return m_detailsEnabled; }
    /// Shows `executorId`'s instances in executorInstances() and fetches its details now.
    void setExecutorInstancesScope(const QString &executorId);
    QString executorInstancesScope() const;
    /// Fetches the details of `executorId` (or of every known executor when empty).
    void refreshExecutorDetails(const QString &executorId = QString());
    /// The last known instances of an executor (empty when never fetched).
    QList<protocol::InstanceInfo> instancesOnExecutor(const QString &executorId) const
    {
        return m_executorDetails.value(executorId);
    }

    /// Another cluster: every model is cleared (the only resets) and the tracker forgets.
    void clear();

Q_SIGNALS:
    void operationAccepted(const QString &trackedId, const QString &appId);
    /// `message` is user text; `details` the controller's validationErrors (or local ones).
    void operationRejected(const QString &appId, const QString &message,
                           const QStringList &details);
    void cancelAccepted(const QString &appId);
    void cancelRejected(const QString &appId, const QString &message);
    /// clear() replaced the tracker; connections to the old one are gone.
    void trackerReplaced(drove::models::OperationTracker *tracker);
    /// Details (instances) of an executor arrived.
    void executorDetailsUpdated(const QString &executorId);
    /// The details call for an executor failed (user text).
    void executorDetailsFailed(const QString &executorId, const QString &message);

private:
    void connectSync();
    void connectTracker();
    void fetchExecutorDetails(const QString &executorId);
    void updateInstanceCounts();
    void onInstanceEvents(const QList<protocol::DroveEvent> &events);

    QPointer<client::DroveClient> m_client;
    QPointer<client::SyncEngine> m_sync;
    QPointer<OperationJournal> m_journal;
    QString m_clusterName;

    ApplicationsModel *m_applications;
    InstancesModel *m_instances;
    ExecutorsModel *m_executors;
    EventsModel *m_events;
    ClusterOverview *m_overview;
    OperationTracker *m_tracker;
    OperationsModel *m_operations;
    ExecutorInstancesModel *m_executorInstances;

    bool m_detailsEnabled = false;
    QStringList m_executorIds; ///< from the last executor list
    QHash<QString, QList<protocol::InstanceInfo>> m_executorDetails;
    QSet<QString> m_detailsInFlight;
    QSet<QString> m_detailsDirty;   ///< asked again while in flight
    QSet<QString> m_detailsToFetch; ///< named by instance events, fetched on the timer
    QTimer m_detailsTimer;
    QObject *m_detailsContext = nullptr; ///< context of details calls; replaced by clear()
};

} // namespace drove::models
