#pragma once

#include "placement/placement.h"
#include "protocol/applicationoperation.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::models {

/// The application side of a placement check.
struct AppFootprint
{
    qint64 coresPerInstance = 0;
    qint64 memoryMbPerInstance = 0;
    /// Instances currently HEALTHY (what REPLACE without ids targets).
    qint64 healthyInstances = 0;
    /// Instances in any active state (what SCALE compares its target with).
    qint64 activeInstances = 0;
    /// The spec's placement policy; nullopt when the spec is not known (ANY is assumed and the
    /// warning says so).
    std::optional<protocol::PlacementPolicy> policy;
    /// The app's instances holding resources, by executor id (ONE_PER_HOST, MAX_N_PER_HOST).
    QHash<QString, int> instancesPerExecutor;
};

/// Says, before an operation that starts instances is sent, whether the cluster can place them:
/// it simulates their placement with the same rules the controller's scheduler uses
/// (placement/placement.h: NUMA nodes, memory, placement policies, tags, executor states) and
/// explains what refuses the rest.
class CapacityCheck
{
    Q_DECLARE_TR_FUNCTIONS(drove::models::CapacityCheck)

public:
    /// New instances that must exist at the same time while `operation` runs:
    /// CREATE/START: the count; SCALE: target − active (never negative); REPLACE: the surge,
    /// min(parallelism, targets), or 0 with stopFirst; STOP without skipRespawn: one replacement
    /// per listed instance (started before the old ones stop); otherwise 0.
    static qint64 concurrentNewInstances(const protocol::ApplicationOperation &operation,
                                         const AppFootprint &app);

    /// The placement of the instances `operation` needs at once (requested 0 when none).
    static placement::Simulation simulate(const protocol::ApplicationOperation &operation,
                                          const AppFootprint &app,
                                          const QList<placement::Executor> &executors);

    /// Translated warnings; empty when the instances can be placed or nothing is started. For
    /// CREATE the footprint and policy come from the operation's spec.
    static QStringList warnings(const protocol::ApplicationOperation &operation, AppFootprint app,
                                const QList<placement::Executor> &executors);
};

} // namespace drove::models
