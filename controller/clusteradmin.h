#pragma once

#include "controller/controllerconfig.h"
#include "protocol/blacklistoperationresponse.h"
#include "protocol/clusterstatedata.h"

#include <QString>
#include <QStringList>

namespace drove::controller {

class ClusterMonitor;
class ControllerEngine;

/// Cluster administration on the engine's state: maintenance mode, executor blacklisting,
/// executors added, removed or lost, and the simulation controls (faults, time scale, placement
/// and startup hints). Every change is stored before it is announced; see ControllerCore for
/// the semantics of each command.
class ClusterAdmin
{
public:
    ClusterAdmin(ControllerEngine &engine, ClusterMonitor &monitor);
    ClusterAdmin(const ClusterAdmin &) = delete;
    ClusterAdmin &operator=(const ClusterAdmin &) = delete;

    // ---- maintenance and blacklist (C4, C5, C8, C9) ----
    protocol::ClusterStateData setClusterState(protocol::ClusterState state);
    protocol::BlacklistOperationResponse setBlacklisted(const QStringList &ids, bool blacklisted);

    // ---- executors ----
    QString addExecutor(const ExecutorConfig &executor);
    bool removeExecutor(const QString &executorId);
    bool disappearExecutor(const QString &executorId);

    // ---- simulation controls ----
    void setFaults(const FaultConfig &faults);
    FaultConfig faults() const;
    void setTimeScale(double scale);
    double timeScale() const;
    bool failInstanceHealth(const QString &appId, const QString &instanceId);
    void setPlacementHints(const QString &appId, const QStringList &hostnames);
    void setStartupHint(const QString &appId, qint64 ms);

private:
    ControllerEngine &m_engine;
    ClusterMonitor &m_monitor;
};

} // namespace drove::controller
