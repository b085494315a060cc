#pragma once

#include "controller/clock.h"
#include "controller/controllerconfig.h"
#include "controller/operationrecord.h"
#include "controller/rejection.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/appsummary.h"
#include "protocol/blacklistoperationresponse.h"
#include "protocol/clusterstatedata.h"
#include "protocol/clustersummary.h"
#include "protocol/droveevent.h"
#include "protocol/droveeventslist.h"
#include "protocol/droveeventssummary.h"
#include "protocol/executornodedata.h"
#include "protocol/executorsummary.h"
#include "protocol/exposedappinfo.h"
#include "protocol/instanceinfo.h"
#include "protocol/instancestate.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <limits>
#include <memory>
#include <optional>

namespace drove::controller {

/// Result of submit() and validateSpec(): accepted, or rejected with Drove's envelope fields.
struct OperationResult
{
    bool accepted = false;
    /// The app the operation applies to (derived name-version for CREATE).
    QString appId;
    /// Id of the accepted operation (see ControllerCore::operation()); empty when rejected.
    QString operationId;
    /// Why it was refused (Rejection::None when accepted); controller/http turns it into the
    /// HTTP answer.
    Rejection rejection = Rejection::None;
    /// "success" or "Command validation failure".
    QString message;
    /// Exact Drove messages (data.validationErrors) when rejected.
    QStringList validationErrors;
};

/// Result of cancel(): cancelled, or Rejection::NotCancellable ("Current operation could not be
/// cancelled").
struct CancelResult
{
    bool cancelled = false;
    Rejection rejection = Rejection::None;
    QString message;
    /// The operation that cancel was requested for.
    QString operationId;
};

/// A slice of an instance log file, as the log read API returns it ({"data":..,"offset":N}).
struct LogChunk
{
    QByteArray data;
    /// Offset of `data` in the file (for offset < 0: the file size, with empty data).
    qint64 offset = 0;
};

class ClusterAdmin;
class ClusterMonitor;
class ControllerEngine;
class ControllerQueries;

/// The embedded Drove controller: per-app state machines, the operation engine, simulated
/// executors and instances, the monitor, events and persistence, behind one synchronous API.
///
/// Every method must be called on the thread the core lives on (the HTTP server lives on the same
/// thread). Queries return protocol values in Drove's wire shape; commands answer as the real
/// controller does (drove-api.md §2, §4, with the project decisions at its top). Changes are
/// announced through signals. All timing goes through the injected Clock, so with a VirtualClock
/// the whole core runs in virtual time.
class ControllerCore : public QObject
{
    Q_OBJECT
public:
    /// \a clock may be null: the core then owns a RealTimeClock. A given clock must outlive the
    /// core. To run the core on its own thread, moveToThread() it first and call start() (and
    /// everything else) on that thread; the engine objects are children and move with it.
    explicit ControllerCore(const ControllerConfig &config, Clock *clock = nullptr,
                            QObject *parent = nullptr);
    ~ControllerCore() override;

    /// Opens the state directory (if configured), restores stored state the way a new leader
    /// does (apps recreated as MONITORING/RUNNING, instances re-attached, unfinished operations
    /// settled) and starts the monitor. Returns false with \a error set if storage cannot be used.
    bool start(QString *error = nullptr);
    bool isStarted() const;

    const ControllerConfig &config() const;
    Clock &clock() const;
    /// Whether this node answers as the leader (config.leader). Non-leaders answer every /apis
    /// request with 400 "This node is not the leader controller" (decided by the HTTP layer).
    bool isLeader() const;

    // ---- commands (A1, A2, A3) ----

    /// The A1 pipeline after JSON decoding: bean validation, maintenance window, busy app, state
    /// table, per-op semantic checks (spec, ids, resources), then hand-off. CREATE has moved the
    /// app to MONITORING (instances == 0) or RUNNING before this returns.
    OperationResult submit(const protocol::ApplicationOperation &operation);
    /// Cancels the app's running operation (SCALE, START_INSTANCES, SUSPEND, REPLACE_INSTANCES,
    /// STOP_INSTANCES, or the scale part of RECOVER): queued jobs are skipped, jobs in flight
    /// finish. Otherwise 400 "Current operation could not be cancelled".
    CancelResult cancel(const QString &appId);
    /// A3: bean + semantic spec checks (no "already exists"); blocked in the maintenance window.
    OperationResult validateSpec(const protocol::ApplicationSpec &spec);

    // ---- application queries (A4–A11) ----

    /// A4: apps in appId order, paged by \a from / \a size, keyed by appId.
    QMap<QString, protocol::AppSummary>
    applications(qint64 from = 0, qint64 size = std::numeric_limits<int>::max() - 1) const;
    /// A4 as bytes: appends to \a out the JSON object applications() would give, written as
    /// QJsonDocument would write it, from the engine's records (each app's id, name and tags are
    /// escaped once and kept), so 10,000 apps cost no string copies.
    void writeApplications(QByteArray *out, qint64 from = 0,
                           qint64 size = std::numeric_limits<int>::max() - 1) const;
    int applicationCount() const;
    /// A5; nullopt → 200 FAILED "App <id> not found".
    std::optional<protocol::AppSummary> appSummary(const QString &appId) const;
    /// A6, masked; nullopt → "App <id> not found".
    std::optional<protocol::ApplicationSpec> spec(const QString &appId) const;
    /// A7: active, non-stale instances, optionally only those in \a states. Unknown app → empty.
    QList<protocol::InstanceInfo>
    instances(const QString &appId, const QList<protocol::InstanceState> &states = {}) const;
    /// A8: old (terminal/error) instances, newest first, paged.
    QList<protocol::InstanceInfo> oldInstances(const QString &appId, qint64 start = 0,
                                               qint64 size
                                               = std::numeric_limits<int>::max() - 1) const;
    /// A9: any stored instance; nullopt → "No such application instance <appId>/<instanceId>".
    std::optional<protocol::InstanceInfo> instance(const QString &appId,
                                                   const QString &instanceId) const;
    /// A10/A11: exposed apps (active states, exposureSpec) filtered by app *names*; empty filter
    /// = all. Sorted by appId; hosts = HEALTHY non-stale instances sorted by created.
    QList<protocol::ExposedAppInfo> endpoints(const QStringList &appNames = {}) const;

    // ---- cluster (C2–C11) ----

    /// C2; always available in the embedded core.
    std::optional<protocol::ClusterSummary> clusterSummary() const;
    /// C6: current executors in all states plus recently REMOVED ones.
    QList<protocol::ExecutorSummary> executors() const;
    /// C7: current executors only; nullopt → "No executor found with id: <id>".
    std::optional<protocol::ExecutorNodeData> executorDetails(const QString &executorId) const;
    /// C10: events with time > lastSyncTime, newest first, at most \a size; lastSyncTime = newest
    /// event time in the store (or the given value when the store is empty).
    protocol::DroveEventsList eventsSince(qint64 lastSyncTime, qint64 size = 1024) const;
    /// C11: counts per event type since lastSyncTime.
    protocol::DroveEventsSummary eventsSummary(qint64 lastSyncTime) const;

    /// C8: blacklists executors and moves their healthy instances (REPLACE_INSTANCES with the
    /// default op spec). In the maintenance window every id fails with message
    /// "Cluster is in maintenance mode" (the HTTP layer answers 200 FAILED then; see
    /// isInMaintenanceWindow()).
    protocol::BlacklistOperationResponse blacklist(const QStringList &executorIds);
    /// C9.
    protocol::BlacklistOperationResponse unblacklist(const QStringList &executorIds);
    /// C4/C5; emit MAINTENANCE_MODE_SET / _REMOVED.
    protocol::ClusterStateData setMaintenance();
    protocol::ClusterStateData unsetMaintenance();
    protocol::ClusterStateData clusterState() const;
    /// state == MAINTENANCE or within maintenanceTailMs (40 s) of the last change.
    bool isInMaintenanceWindow() const;

    /// True when the state store accepts writes (a degraded store is retried first); otherwise
    /// \a reason says why operations are refused.
    bool ensureStorable(QString *reason = nullptr);
    /// Failed writes so far (compare before and after a call to see whether it stored).
    quint64 storeFailureCount() const;
    /// The SQLite error of the last failed write ("" while writes succeed).
    QString storeFailure() const;

    // ---- instance logs (/apis/v1/logfiles/...) ----

    /// Log files of an instance ({"files":[...]}); empty when the instance is unknown.
    QStringList logFiles(const QString &appId, const QString &instanceId) const;
    /// Bytes [offset, offset+length) of a log file ({"data":..,"offset":N}); offset < 0 → the file
    /// size with no data; length < 0 → to the end. nullopt for an unknown instance or file.
    std::optional<LogChunk> readLog(const QString &appId, const QString &instanceId,
                                    const QString &file, qint64 offset, qint64 length) const;
    /// The whole file (download).
    std::optional<QByteArray> logContent(const QString &appId, const QString &instanceId,
                                         const QString &file) const;

    // ---- operation records ----

    /// Every recorded operation of \a appId (all apps when empty), oldest first.
    QList<OperationRecord> operations(const QString &appId = QString()) const;
    std::optional<OperationRecord> operation(const QString &operationId) const;
    /// The app's running operation, if any.
    std::optional<OperationRecord> activeOperation(const QString &appId) const;

    // ---- simulation controls (console Simulation menu; not part of Drove's API) ----

    /// Adds an executor; returns its id, or empty if one with the same hostname:port exists.
    QString addExecutor(const ExecutorConfig &executor);
    /// Orderly removal: its instance records are deleted without events (as Drove's StateUpdater
    /// does), the executor shows as REMOVED for a while; the monitor then recovers the apps.
    bool removeExecutor(const QString &executorId);
    /// The executor stops reporting: its instances freeze, go stale after instanceStaleMs and the
    /// monitor marks them LOST and recovers the apps; the executor is then REMOVED.
    bool disappearExecutor(const QString &executorId);
    void setFaults(const FaultConfig &faults);
    FaultConfig faults() const;
    void setTimeScale(double scale);
    double timeScale() const;
    /// Makes one HEALTHY instance start failing its health checks (HEALTHY → UNHEALTHY → stopped).
    bool failInstanceHealth(const QString &appId, const QString &instanceId);
    /// Runs the monitor pass now (normally every monitorPeriodMs).
    void runMonitorNow();
    /// The app's next placements try these executors (hostnames) first, one each, in order,
    /// still subject to every placement rule: a rehearsal puts instances where the source
    /// cluster has them. Replaces earlier hints; an empty list clears them.
    void setPlacementHints(const QString &appId, const QStringList &hostnames);
    /// How long the app's instances take from PENDING to HEALTHY at time scale 1, as measured
    /// on a real cluster; 0 clears it (the spec's checks alone decide).
    void setStartupHint(const QString &appId, qint64 ms);

signals:
    /// Every event stored (same order as the store).
    void eventRecorded(const drove::protocol::DroveEvent &event);
    /// App state, desired count or its instances changed.
    void applicationChanged(const QString &appId);
    /// The app was destroyed.
    void applicationRemoved(const QString &appId);
    void instanceChanged(const QString &appId, const QString &instanceId);
    void executorsChanged();
    void clusterStateChanged(const drove::protocol::ClusterStateData &state);
    void operationAccepted(const drove::controller::OperationRecord &record);
    void operationFinished(const drove::controller::OperationRecord &record);

private:
    // A facade: every method forwards to one part. Declared in construction order; destroyed
    // the other way round, so the parts go before the engine (and its clock) they work on.
    /// The state all parts share and the operations on it (admission, OperationRun).
    std::unique_ptr<ControllerEngine> d;
    /// Reconciliation passes and executor reports; started when the engine has started.
    std::unique_ptr<ClusterMonitor> m_monitor;
    /// Maintenance, blacklist, executors and the simulation controls.
    std::unique_ptr<ClusterAdmin> m_admin;
    /// The read side.
    std::unique_ptr<ControllerQueries> m_queries;
};

} // namespace drove::controller
