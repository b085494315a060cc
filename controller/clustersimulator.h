#pragma once

#include "controller/clock.h"
#include "controller/controllerconfig.h"
#include "controller/simexecutor.h"
#include "protocol/applicationspec.h"
#include "protocol/instanceinfo.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>

#include <functional>
#include <map>
#include <memory>

namespace drove::controller {

/// One simulated instance still on its executor (any state but STOPPED and LOST).
struct InstanceRuntime
{
    protocol::InstanceInfo info;
    std::shared_ptr<const protocol::ApplicationSpec> spec;
    ResourceAllocation allocation;
    QList<int> hostPorts;
    TimerId timer = 0;
    bool stopRequested = false;
    /// The executor stopped reporting: no more transitions, `updated` not refreshed.
    bool frozen = false;
    QByteArray log;
    qint64 healthySince = 0;
    qint64 trafficUntil = 0;
};

/// The simulated executors and the instances running on them. Drives every instance through
/// Drove's executor-side states (drove-api.md §5.2) on the injected clock, with fault injection,
/// and reports each state change through onInstanceChanged. Knows nothing about applications'
/// state machines or operations.
class ClusterSimulator : public QObject
{
    Q_OBJECT
public:
    ClusterSimulator(Clock &clock, QRandomGenerator &random, const ControllerConfig &config,
                     QObject *parent = nullptr);
    ~ClusterSimulator() override;

    /// Called after every state change of an instance (and after `updated` changes that matter).
    /// When the new state is STOPPED or LOST, the runtime is removed right after the call.
    std::function<void(InstanceRuntime &, protocol::InstanceState previous)> onInstanceChanged;
    /// Called when an executor's state, reachability or resources changed.
    std::function<void(const SimExecutor &)> onExecutorChanged;

    // executors
    /// Ordered by id; entries are stable (std::map), so pointers stay valid until removal.
    std::map<QString, SimExecutor> &executors() { return m_executors; }
    const std::map<QString, SimExecutor> &executors() const { return m_executors; }
    SimExecutor *executor(const QString &id);
    const SimExecutor *executor(const QString &id) const;
    /// Adds (or, for a known id, replaces the configuration of) an executor.
    SimExecutor &addExecutor(const SimExecutor &executor);
    /// Orderly removal: its instances become LOST, the executor REMOVED.
    bool removeExecutor(const QString &id, const QString &reason);
    /// Stops reporting (instances freeze).
    bool disappearExecutor(const QString &id);
    /// Drops REMOVED executors older than the retention; returns their ids.
    QStringList pruneRemoved(qint64 retentionMs);

    // instances
    InstanceRuntime *instance(const QString &instanceId);
    const InstanceRuntime *instance(const QString &instanceId) const;
    QList<const InstanceRuntime *> instancesOfApp(const QString &appId) const;
    /// Calls \a visit for each instance of \a appId without building a list (hot read paths:
    /// every application summary counts the app's healthy instances this way).
    template<typename Visitor>
    void forEachInstanceOf(const QString &appId, Visitor &&visit) const
    {
        const auto ids = m_byApp.constFind(appId);
        if (ids == m_byApp.cend())
            return;
        for (const auto &entry : *ids)
            visit(static_cast<const InstanceRuntime *>(entry.second));
    }
    QList<const InstanceRuntime *> instancesOn(const QString &executorId) const;
    /// Whether any instance of \a appId is on an executor that stopped reporting (only those
    /// can go stale, so only then must a healthy count look at each instance's `updated`).
    bool hasFrozenInstances(const QString &appId) const
    {
        return !m_frozenByApp.isEmpty() && m_frozenByApp.contains(appId);
    }
    int instanceCount() const { return int(m_instances.size()); }

    /// Starts a new instance on a placement (resources already allocated on \a executor).
    QString launch(const QString &appId, std::shared_ptr<const protocol::ApplicationSpec> spec,
                   SimExecutor &executor, const ResourceAllocation &allocation);
    /// Asks the instance to stop (STOPPING → DEPROVISIONING → STOPPED). False if unknown.
    bool stop(const QString &instanceId);
    /// Ends the instance at once in \a state (LOST/STOPPED) with \a error (destroy, lost executor).
    void terminate(const QString &instanceId, protocol::InstanceState state, const QString &error);
    /// Makes a HEALTHY instance start failing its health checks.
    bool failHealth(const QString &instanceId);
    /// Re-attaches an instance loaded from storage: claims its resources and ports and resumes
    /// its lifecycle from its state. False if its executor is unknown or the resources clash.
    bool restore(const protocol::InstanceInfo &info,
                 std::shared_ptr<const protocol::ApplicationSpec> spec);
    /// Every reachable executor refreshes `updated` of its instances (Drove's 20 s snapshot).
    void refreshReports();
    /// An id a restored node already knows (a stored instance, ended or not): never given to a
    /// new instance, even when a restart with the same seed draws it again.
    void reserveInstanceId(const QString &instanceId) { m_reservedIds.insert(instanceId); }

    void setFaults(const FaultConfig &faults) { m_faults = faults; }
    const FaultConfig &faults() const { return m_faults; }
    void setTimeScale(double scale) { m_timeScale = qMax(0.0, scale); }
    double timeScale() const { return m_timeScale; }
    /// How long (at time scale 1) the app's instances take from PENDING to HEALTHY, as measured
    /// on a real cluster (a rehearsal copies it): the image pull absorbs the difference from the
    /// simulated steps. 0 removes the hint (the spec's checks alone decide).
    void setStartupHint(const QString &appId, qint64 ms);
    qint64 startupHint(const QString &appId) const { return m_startupHints.value(appId); }

    /// The instance's log so far (lifecycle plus simulated traffic up to now).
    QByteArray materializedLog(const QString &instanceId);
    /// Appends simulated access-log lines for the time the instance has been HEALTHY.
    void materializeTraffic(InstanceRuntime &runtime);

private:
    void setState(InstanceRuntime &runtime, protocol::InstanceState state,
                  const QString &error = QString());
    void scheduleNext(InstanceRuntime &runtime);
    void advance(const QString &instanceId);
    void beginStop(InstanceRuntime &runtime);
    void finish(InstanceRuntime &runtime);
    void appendLog(InstanceRuntime &runtime, const QString &line);
    qint64 scaled(qint64 ms) const;
    bool roll(double probability);
    QString newInstanceId();
    void assignLocalInfo(InstanceRuntime &runtime);

    Clock &m_clock;
    QRandomGenerator &m_random;
    const ControllerConfig &m_config;
    FaultConfig m_faults;
    double m_timeScale;
    QHash<QString, qint64> m_startupHints;
    std::map<QString, SimExecutor> m_executors;
    // shared_ptr: runtimes stay put while hooks run and other instances are added.
    QHash<QString, std::shared_ptr<InstanceRuntime>> m_instances;
    /// Live instances per app, ordered by instance id, pointing into m_instances (which owns
    /// them): summaries walk this on every request, so no per-instance hashing.
    QHash<QString, std::map<QString, InstanceRuntime *>> m_byApp;
    /// Frozen runtimes per app (none in a healthy cluster).
    QHash<QString, int> m_frozenByApp;
    /// Ids restored from storage (see reserveInstanceId()).
    QSet<QString> m_reservedIds;
};

} // namespace drove::controller
