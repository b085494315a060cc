#include "models/clustersession.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "models/applicationsmodel.h"
#include "models/clusteroverview.h"
#include "models/eventsmodel.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"
#include "protocol/operationvalidator.h"

namespace drove::models {

using client::SyncEngine;

namespace {

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

} // namespace

ClusterSession::ClusterSession(client::DroveClient *client, client::SyncEngine *sync,
                               OperationJournal *journal, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_sync(sync)
    , m_journal(journal)
    , m_applications(new ApplicationsModel(this))
    , m_instances(new InstancesModel(this))
    , m_executors(new ExecutorsModel(this))
    , m_events(new EventsModel(this))
    , m_overview(new ClusterOverview(this))
    , m_tracker(new OperationTracker(this))
    , m_operations(new OperationsModel(this))
    , m_executorInstances(new ExecutorInstancesModel(this))
    , m_detailsContext(new QObject(this))
{
    // Instance events come in bursts (an operation moves many instances); one details call per
    // executor per burst is enough.
    m_detailsTimer.setSingleShot(true);
    m_detailsTimer.setInterval(500);
    connect(&m_detailsTimer, &QTimer::timeout, this, [this] {
        const QSet<QString> ids = std::exchange(m_detailsToFetch, {});
        for (const QString &id : ids)
            fetchExecutorDetails(id);
    });
    m_applications->setOperationTracker(m_tracker);
    m_operations->setTracker(m_tracker);
    connectSync();
    connectTracker();
}

ClusterSession::~ClusterSession() = default;

OperationJournal *ClusterSession::journal() const
{
    return m_journal;
}

void ClusterSession::connectSync()
{
    if (!m_sync)
        return;
    SyncEngine *sync = m_sync;
    // Events first: the tracker learns of state changes before the refetched summaries arrive.
    connect(sync, &SyncEngine::eventsReceived, this,
            [this](const QList<protocol::DroveEvent> &events) {
                m_tracker->eventsReceived(events);
                m_events->addEvents(events);
                onInstanceEvents(events);
            });
    connect(sync, &SyncEngine::applicationsSynced, this,
            [this](const QList<protocol::AppSummary> &apps) {
                m_applications->applyApplications(apps);
                m_tracker->applicationsSynced(apps);
            });
    connect(sync, &SyncEngine::applicationUpdated, this, [this](const protocol::AppSummary &app) {
        m_applications->updateApplication(app);
        m_tracker->applicationUpdated(app);
    });
    connect(sync, &SyncEngine::applicationRemoved, this, [this](const QString &appId) {
        m_applications->removeApplication(appId);
        m_tracker->applicationRemoved(appId);
    });
    connect(sync, &SyncEngine::instancesSynced, this,
            [this](const QString &appId, const QList<protocol::InstanceInfo> &instances) {
                m_instances->applyActiveInstances(appId, instances);
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
                m_executorIds.clear();
                for (const auto &executor : executors)
                    m_executorIds << executor.executorId;
                // Forget executors that left the cluster.
                for (auto it = m_executorDetails.begin(); it != m_executorDetails.end();) {
                    if (m_executorIds.contains(it.key()))
                        ++it;
                    else
                        it = m_executorDetails.erase(it);
                }
                if (m_detailsEnabled)
                    refreshExecutorDetails();
                else if (!m_executorInstances->executorId().isEmpty())
                    fetchExecutorDetails(m_executorInstances->executorId());
                updateInstanceCounts();
            });
    connect(sync, &SyncEngine::connectionStateChanged, this,
            [this](SyncEngine::ConnectionState state, const QDateTime &lastSuccess) {
                m_overview->setStale(state == SyncEngine::ConnectionState::Stale
                                         || state == SyncEngine::ConnectionState::Offline,
                                     lastSuccess);
            });
}

void ClusterSession::connectTracker()
{
    // Follow the instances of every app with an operation in flight, so new/old counts move.
    connect(m_tracker, &OperationTracker::operationAdded, this, [this](const TrackedOperation &op) {
        if (m_sync)
            m_sync->watchInstances(op.appId);
    });
    connect(
        m_tracker, &OperationTracker::operationFinished, this, [this](const TrackedOperation &op) {
            if (m_sync)
                m_sync->unwatchInstances(op.appId);
            if (m_journal && !op.journalId.isEmpty())
                m_journal->setOutcome(op.journalId, journalOutcome(op.outcome), op.outcomeReason);
        });
}

void ClusterSession::setInstancesApplication(const QString &appId, bool includeOld)
{
    m_instances->setApplication(appId);
    m_instances->setMode(includeOld ? InstancesModel::Mode::All : InstancesModel::Mode::Active);
    if (m_sync)
        m_sync->setInstancesScope(appId, includeOld);
}

bool ClusterSession::submitOperation(const protocol::ApplicationOperation &operation,
                                     QObject *context,
                                     std::function<void(const client::Result<QString> &)> done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    const auto answer = [guard, hasContext, done](const client::Result<QString> &result) {
        if (done && (!hasContext || guard))
            done(result);
    };
    const QString appId = operation.appIdOrDerived();
    const QStringList problems = protocol::OperationValidator::validateForSend(operation);
    if (!problems.isEmpty()) {
        Q_EMIT operationRejected(appId, tr("The operation is not valid"), problems);
        return false;
    }
    if (!m_client) {
        Q_EMIT operationRejected(appId, tr("Not connected to a cluster"), {});
        return false;
    }
    QString journalId;
    if (m_journal)
        journalId = m_journal->record(m_clusterName, appId, protocol::wireName(operation.type),
                                      operation.toJson());
    // Tracked before it is sent, so that events arriving before the answer are attributed to it
    // (and the app's instances are watched from now on).
    const QString trackedId = m_tracker->trackSubmitted(operation, journalId);
    m_client->submitOperation(
        operation, this,
        [this, operation, journalId, trackedId, answer](const client::Result<QString> &result) {
            if (!result.ok()) {
                m_tracker->withdrawRejected(trackedId);
                if (m_journal && !journalId.isEmpty())
                    m_journal->setOutcome(journalId, OperationJournal::Outcome::Rejected,
                                          result.error().userText());
                Q_EMIT operationRejected(operation.appIdOrDerived(), result.error().userText(),
                                         result.error().validationErrors);
                answer(result);
                return;
            }
            m_tracker->confirmAccepted(trackedId);
            // CREATE: the id the controller derived is the one the tracker derived.
            Q_EMIT operationAccepted(trackedId,
                                     result.value().isEmpty() ? operation.appIdOrDerived()
                                                              : result.value());
            answer(result);
        });
    return true;
}

void ClusterSession::cancelOperation(const QString &appId, QObject *context,
                                     std::function<void(const client::Result<void> &)> done)
{
    if (!m_client) {
        Q_EMIT cancelRejected(appId, tr("Not connected to a cluster"));
        return;
    }
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    m_client->cancelOperation(
        appId, this, [this, appId, guard, hasContext, done](const client::Result<void> &result) {
            if (result.ok()) {
                m_tracker->markCancelRequested(appId);
                Q_EMIT cancelAccepted(appId);
            } else {
                m_tracker->markCancelRejected(appId, result.error().userText());
                Q_EMIT cancelRejected(appId, result.error().userText());
            }
            if (done && (!hasContext || guard))
                done(result);
        });
}

void ClusterSession::setExecutorDetailsEnabled(bool enabled)
{
    if (enabled == m_detailsEnabled)
        return;
    m_detailsEnabled = enabled;
    if (enabled)
        refreshExecutorDetails();
}

void ClusterSession::setExecutorInstancesScope(const QString &executorId)
{
    m_executorInstances->setExecutor(executorId);
    if (executorId.isEmpty())
        return;
    const auto known = m_executorDetails.constFind(executorId);
    if (known != m_executorDetails.cend())
        m_executorInstances->applyInstances(executorId, known.value());
    fetchExecutorDetails(executorId);
}

QString ClusterSession::executorInstancesScope() const
{
    return m_executorInstances->executorId();
}

void ClusterSession::refreshExecutorDetails(const QString &executorId)
{
    if (!executorId.isEmpty()) {
        fetchExecutorDetails(executorId);
        return;
    }
    for (const QString &id : std::as_const(m_executorIds))
        fetchExecutorDetails(id);
}

void ClusterSession::fetchExecutorDetails(const QString &executorId)
{
    if (!m_client || executorId.isEmpty())
        return;
    if (m_detailsInFlight.contains(executorId)) {
        m_detailsDirty.insert(executorId);
        return;
    }
    m_detailsInFlight.insert(executorId);
    m_client->executor(
        executorId, m_detailsContext,
        [this, executorId](const client::Result<protocol::ExecutorNodeData> &result) {
            m_detailsInFlight.remove(executorId);
            if (!result.ok()) {
                // An executor that left answers 404 until the next executor list drops it.
                Q_EMIT executorDetailsFailed(executorId, result.error().userText());
            } else {
                m_executorDetails.insert(executorId, result.value().instances);
                m_executorInstances->applyInstances(executorId, result.value().instances);
                updateInstanceCounts();
                Q_EMIT executorDetailsUpdated(executorId);
            }
            if (m_detailsDirty.remove(executorId))
                fetchExecutorDetails(executorId);
        });
}

void ClusterSession::updateInstanceCounts()
{
    QHash<QString, int> counts;
    for (auto it = m_executorDetails.cbegin(); it != m_executorDetails.cend(); ++it)
        counts.insert(it.key(), int(it.value().size()));
    m_executors->setInstanceCounts(counts);
}

void ClusterSession::onInstanceEvents(const QList<protocol::DroveEvent> &events)
{
    const QString scope = m_executorInstances->executorId();
    if (!m_detailsEnabled && scope.isEmpty())
        return;
    for (const auto &event : events) {
        if (event.type != protocol::DroveEventType::InstanceStateChange)
            continue;
        const QString executorId = event.metadataString(protocol::eventkeys::ExecutorId);
        if (executorId.isEmpty()) {
            if (m_detailsEnabled)
                m_detailsToFetch.unite(QSet<QString>(m_executorIds.cbegin(), m_executorIds.cend()));
            else
                m_detailsToFetch.insert(scope);
        } else if (m_detailsEnabled || executorId == scope) {
            m_detailsToFetch.insert(executorId);
        }
    }
    if (!m_detailsToFetch.isEmpty() && !m_detailsTimer.isActive())
        m_detailsTimer.start();
}

void ClusterSession::clear()
{
    m_applications->clear();
    m_instances->setApplication(QString());
    m_executors->clear();
    m_executorInstances->setExecutor(QString());
    // Answers for the previous cluster must not land in the new one.
    delete m_detailsContext;
    m_detailsContext = new QObject(this);
    m_executorIds.clear();
    m_executorDetails.clear();
    m_detailsInFlight.clear();
    m_detailsDirty.clear();
    m_detailsToFetch.clear();
    m_detailsTimer.stop();
    m_events->clear();
    m_overview->clear();
    // A fresh tracker is the simplest way to forget every operation; the models follow it.
    OperationTracker *old = m_tracker;
    m_tracker = new OperationTracker(this);
    m_applications->setOperationTracker(m_tracker);
    m_operations->setTracker(m_tracker);
    connectTracker();
    delete old;
    Q_EMIT trackerReplaced(m_tracker);
}

} // namespace drove::models
