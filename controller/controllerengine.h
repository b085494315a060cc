#pragma once

// Private implementation of ControllerCore (not installed API): the state every part shares
// (apps, instance bookkeeping, operation records, store, events, simulator, clock) and the
// operations on it. Split over controllerengine.cpp (lifecycle, persistence, instance
// bookkeeping), controllerengine_ops.cpp (admission, the app slot; the runs themselves are
// OperationRun) and controllerengine_store.cpp (store failures). The other parts work on it:
// ClusterMonitor, ClusterAdmin and ControllerQueries.

#include "controller/clock.h"
#include "controller/clustersimulator.h"
#include "controller/controllerconfig.h"
#include "controller/controllercore.h"
#include "controller/eventstore.h"
#include "controller/jobwindow.h"
#include "controller/operationrecord.h"
#include "controller/operationrun.h"
#include "controller/statestore.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationstate.h"
#include "protocol/clusterstatedata.h"

#include <QHash>
#include <QPointer>
#include <QRandomGenerator>

#include <map>
#include <memory>
#include <vector>

namespace drove::controller {

/// An instance that left the active states, kept in the app's history with its log.
struct OldInstance
{
    protocol::InstanceInfo info;
    QByteArray log;
};

struct AppRecord
{
    QString appId;
    std::shared_ptr<const protocol::ApplicationSpec> spec;
    qint64 required = 0;
    protocol::ApplicationState state = protocol::ApplicationState::Init;
    qint64 created = 0;
    qint64 updated = 0;
    /// CURRENT_INSTANCES of APP_STATE_CHANGE: the count when the state machine was created (§9).
    qint64 smInstances = 0;
    /// The operation in the app's single slot.
    std::unique_ptr<OperationRun> op;
    QList<OldInstance> old; // newest first
    /// HEALTHY and active instances, kept by onInstanceChanged: every summary reads them, so the
    /// application list does not walk 100,000 instances.
    int healthy = 0;
    int active = 0;
    /// The app's JSON pieces in the application list that never change, escaped on first use
    /// and kept in one buffer (ControllerCore::writeApplications): `"<appId>":` (listKeyEnd
    /// bytes), `,"id":…,"name":…` (up to listIdNameEnd), `,"tags":{…}` (the rest); and the
    /// spec's per-instance cores and memory, so a list of 10,000 apps touches no spec.
    mutable QByteArray listBytes;
    mutable int listKeyEnd = 0;
    mutable int listIdNameEnd = 0;
    mutable qint64 listCpuPerInstance = 0;
    mutable qint64 listMemoryPerInstance = 0;
};

/// What an accepted operation changes on its app, to undo it when it cannot be stored.
struct AppSnapshot
{
    qint64 required = 0;
    protocol::ApplicationState state = protocol::ApplicationState::Init;
    qint64 updated = 0;
};

class ControllerEngine : public QObject
{
    Q_OBJECT
public:
    /// \a parent: the core, so that moving the core to a thread moves the engine with it.
    ControllerEngine(const ControllerConfig &config, Clock *clock, QObject *parent);
    ~ControllerEngine() override;

    // ---- lifecycle (controllerengine.cpp) ----
    /// Restores stored state; emits started() when it did.
    bool start(QString *error);
    bool isStarted() const { return m_started; }
    const ControllerConfig &config() const { return m_config; }
    Clock &clock() const { return *m_clock; }
    /// state == MAINTENANCE or within maintenanceTailMs of the last change.
    bool isInMaintenanceWindow() const;
    protocol::ClusterStateData clusterState() const { return m_clusterState; }
    void persistApp(const AppRecord &app);
    void persistOperation(const OperationRecord &record);
    void recordEvent(protocol::DroveEventType type, const QJsonObject &metadata);
    /// APP_STATE_CHANGE with exactly Drove's AppEventDataTag keys (EventUtils.appMetadata); the
    /// outcome of an operation stays in its OperationRecord, never on the wire.
    void emitAppEvent(const AppRecord &app);
    void onInstanceChanged(InstanceRuntime &runtime, protocol::InstanceState previous);
    void onExecutorChanged(const SimExecutor &executor);
    void removeExecutorSilently(const QString &executorId);
    QJsonObject appToJson(const AppRecord &app) const;
    QJsonObject executorEventMetadata(const SimExecutor &executor) const;

    // ---- operations (controllerengine_ops.cpp) ----
    OperationResult reject(const QString &appId, const QStringList &errors) const;
    QStringList specChecks(const protocol::ApplicationSpec &spec) const;
    QStringList resourceChecks(const AppRecord &app, qint64 instances) const;
    OperationResult submit(const protocol::ApplicationOperation &operation, bool internal);
    OperationResult validateSpec(const protocol::ApplicationSpec &spec);
    CancelResult cancel(const QString &appId);
    OperationResult createApp(const protocol::ApplicationOperation &operation, bool internal);
    /// The accepted operation's record and run, in the app's slot.
    OperationRun &beginOperation(AppRecord &app, const protocol::ApplicationOperation &operation,
                                 bool internal);
    /// Takes a run out of service; deleted later, since it may be on the stack.
    void dispose(std::unique_ptr<OperationRun> run);
    void setAppState(AppRecord &app, protocol::ApplicationState state);
    /// ApplicationStateDB.updateInstanceCount: after CREATE, the only write of the app record, so
    /// the only thing that moves AppSummary.updated.
    void writeRequired(AppRecord &app, qint64 required);
    void finishRecord(OperationRecord &record, OperationOutcome outcome, const QString &reason);
    void pruneRecords(const QString &appId);
    /// Calls \a waiter on every state change of the instance until it returns true, while
    /// \a context lives; with unreachable = true when its executor stopped reporting.
    void addWaiter(const QString &instanceId, QObject *context,
                   std::function<bool(protocol::InstanceState, bool unreachable)> waiter);
    void notifyWaiters(const QString &instanceId, protocol::InstanceState state, bool unreachable);
    AppRecord *findApp(const QString &appId) const;
    int healthyCount(const QString &appId) const;
    int healthyCount(const AppRecord &app) const;
    /// Recomputes the counters from the simulator (after restoring instances at start).
    void recountInstances(AppRecord &app);
    QList<const InstanceRuntime *> liveInstances(const QString &appId) const;
    const ClusterSimulator &simulator() const { return *m_sim; }
    bool isStale(const protocol::InstanceInfo &info) const;
    protocol::ClusterOpSpec defaultOpSpec() const;
    qint64 startWaitMs(const protocol::ApplicationSpec &spec) const;
    void removeAppCompletely(const QString &appId);
    /// Newest first; one entry per instance (a failed one is listed again once STOPPED).
    void addOldInstance(AppRecord &app, const OldInstance &old);
    void removeOldInstance(AppRecord &app, const QString &instanceId);

    // ---- store failures (controllerengine_store.cpp) ----
    /// True when the store writes (trying to recover first if it is degraded); else \a reason.
    bool storeWritable(QString *reason);
    QString storeFailureMessage() const;
    quint64 storeFailureCount() const { return m_store.failureCount(); }
    /// The SQLite error of the last failed write ("" while writes succeed).
    QString storeFailure() const;
    OperationResult storeRefusal(const QString &appId, Rejection rejection,
                                 const QString &message) const;
    OperationResult rollBackOperation(AppRecord &app, const AppSnapshot &before);
    OperationResult notStored(const QString &appId, OperationRecord record);
    /// Empty when every stored row can be read; otherwise the error naming the rows.
    QString unreadableStoredRows() const;

signals:
    // ControllerCore re-emits these as its own (see there).
    void started();
    void eventRecorded(const drove::protocol::DroveEvent &event);
    void applicationChanged(const QString &appId);
    void applicationRemoved(const QString &appId);
    void instanceChanged(const QString &appId, const QString &instanceId);
    void executorsChanged();
    void clusterStateChanged(const drove::protocol::ClusterStateData &state);
    void operationAccepted(const drove::controller::OperationRecord &record);
    void operationFinished(const drove::controller::OperationRecord &record);

public:
    // The shared state. The parts (OperationRun, ClusterMonitor, ClusterAdmin,
    // ControllerQueries) work on it directly; this header is private to controller/.
    ControllerConfig m_config;
    std::unique_ptr<Clock> m_ownedClock;
    Clock *m_clock;
    QRandomGenerator m_random;
    /// Per app, hostnames its next instances should be placed on first (ControllerCore::
    /// setPlacementHints), consumed one per placement.
    QHash<QString, QStringList> m_placementHints;
    std::unique_ptr<ClusterSimulator> m_sim;
    EventStore m_events;
    StateStore m_store;
    std::map<QString, std::unique_ptr<AppRecord>> m_apps;
    /// m_apps' records in its order, contiguous for the application list; rebuilt on first use
    /// after an app is added or removed (appsChanged()).
    mutable std::vector<const AppRecord *> m_appOrder;
    mutable bool m_appOrderValid = false;
    void appsChanged() { m_appOrderValid = false; }
    QHash<QString, OperationRecord> m_records;
    QStringList m_recordOrder;
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<bool(protocol::InstanceState, bool)> wait;
    };
    QHash<QString, QList<Waiter>> m_waiters;
    protocol::ClusterStateData m_clusterState;
    bool m_started = false;
    bool m_quietInstanceEvents = false;
    /// Ended instances are deleted, not kept as old ones (executor removal, as StateUpdater does).
    bool m_forgetEndedInstances = false;
};

} // namespace drove::controller
