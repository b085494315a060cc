#pragma once

#include "protocol/applicationoperation.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace drove::models {

/// Free resources of one schedulable (ACTIVE) executor.
struct ExecutorCapacity
{
    QString hostname;
    qint64 freeCores = 0;
    qint64 freeMemoryMb = 0;
};

/// The application side of a capacity check.
struct AppFootprint
{
    qint64 coresPerInstance = 0;
    qint64 memoryMbPerInstance = 0;
    /// Instances currently HEALTHY (what REPLACE without ids targets).
    qint64 healthyInstances = 0;
    /// Instances in any active state (what SCALE compares its target with).
    qint64 activeInstances = 0;
};

/// Warns before an operation that starts instances when the executors' free cores and memory
/// cannot hold them. It is a necessary check, not a sufficient one: placement policies and NUMA
/// layout can still refuse a placement the totals allow.
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

    /// How many instances of `app`'s size fit on `executors`, placing each on the executor with
    /// the most free cores that can hold it (stops counting at `limit`).
    static qint64 fittingInstances(const AppFootprint &app, QList<ExecutorCapacity> executors,
                                   qint64 limit);

    /// Translated warnings; empty when the instances fit or nothing is started. For CREATE the
    /// footprint comes from the operation's spec.
    static QStringList warnings(const protocol::ApplicationOperation &operation, AppFootprint app,
                                const QList<ExecutorCapacity> &executors);
};

} // namespace drove::models
