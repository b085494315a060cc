#pragma once

#include "protocol/applicationoperation.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace drove::client {
class DroveClient;
class SyncEngine;
} // namespace drove::client

namespace drove::models {

class ApplicationsModel;
class ClusterOverview;
class EventsModel;
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

    /// Shows another application's instances (a reset of the instances model only) and asks
    /// the sync engine to keep them fresh.
    void setInstancesApplication(const QString &appId, bool includeOld = true);

    /// Validates with the protocol's rules, journals, sends. Returns false (and emits
    /// operationRejected) when validation fails locally; the controller's answer arrives later
    /// as operationAccepted or operationRejected.
    bool submitOperation(const protocol::ApplicationOperation &operation);
    /// Asks the controller to cancel the app's current operation.
    void cancelOperation(const QString &appId);

    /// Another cluster: every model is cleared (the only resets) and the tracker forgets.
    void clear();

Q_SIGNALS:
    void operationAccepted(const QString &trackedId, const QString &appId);
    /// `message` is user text; `details` the controller's validationErrors (or local ones).
    void operationRejected(const QString &appId, const QString &message,
                           const QStringList &details);
    void cancelAccepted(const QString &appId);
    void cancelRejected(const QString &appId, const QString &message);

private:
    void connectSync();
    void connectTracker();

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
};

} // namespace drove::models
