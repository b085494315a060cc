#pragma once

#include "placement/executorresources.h"
#include "protocol/executorstate.h"
#include "protocol/placementpolicy.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

/// Placement rules of Drove's DefaultInstanceScheduler (drove-api.md §3.5, §4.3, §6.10), as pure
/// functions over value types. The embedded controller's scheduler places instances with them;
/// the console's pre-flight check and stuck reasons explain with them. Nothing about placement is
/// written anywhere else.
namespace drove::placement {

/// One executor as the placement rules see it.
struct Executor
{
    QString id;
    QString hostname;
    /// Tags as Drove reports them (the hostname first, then the configured ones); a hostname
    /// missing from the list is treated as present.
    QStringList tags;
    protocol::ExecutorState state = protocol::ExecutorState::Active;
    /// False when the executor stopped reporting (the controller does not place there).
    bool reachable = true;
    ExecutorResources resources;
    /// False when only totals were known: `resources` is one pseudo NUMA node holding them, so
    /// a "fits" may be refused by the real layout.
    bool layoutKnown = true;

    QString displayName() const { return hostname.isEmpty() ? id : hostname; }
};

/// Why one executor cannot take one more instance now (the first rule that refuses, in the
/// scheduler's order: state, tags, instances per host, resources).
enum class Refusal {
    None,
    NotActive,           ///< BLACKLISTED, BLACKLIST_REQUESTED, UNREADY, REMOVED
    Unreachable,         ///< stopped reporting
    Tags,                ///< MATCH_TAG not carried, or tags present under the implicit NO_TAG rule
    HostLimit,           ///< ONE_PER_HOST / MAX_N_PER_HOST already reached
    Cores,               ///< no NUMA node with that many free cores
    Memory,              ///< no NUMA node with that much free memory
    CoresAndMemoryApart, ///< cores on one node, memory on another, never both on one
};

/// The implicit NO_TAG rule (§3.5): unless the policy is or contains MATCH_TAG or RULE_BASED,
/// COMPOSITE(AND: policy, NO_TAG).
protocol::PlacementPolicy effectivePolicy(const protocol::PlacementPolicy &policy);
/// True when the executor has no tag besides its own hostname (NO_TAG).
bool hasOnlyHostnameTag(const QStringList &tags, const QString &hostname);
/// Whether an executor with these tags passes \a policy (already effective), given how many
/// instances of the app it holds.
bool matches(const protocol::PlacementPolicy &policy, const QStringList &tags,
             const QString &hostname, int appInstancesOnHost);
/// Tag rules only (MATCH_TAG, NO_TAG; the rest count as true): eligibility for resource checks.
bool tagEligible(const protocol::PlacementPolicy &policy, const QStringList &tags,
                 const QString &hostname);
bool isSchedulable(protocol::ExecutorState state, bool reachable);

/// The first rule that refuses one more instance of \a cores cores and \a memoryMb MB on
/// \a executor under \a effective (see effectivePolicy()); Refusal::None when it fits.
Refusal refusal(const Executor &executor, const protocol::PlacementPolicy &effective, int cores,
                qint64 memoryMb, int appInstancesOnHost);

/// The controller's §4.3 validation for \a instances more instances (ControllerUtils
/// .checkResources): Drove's own messages, empty when they may fit. \a activeExecutors are the
/// schedulable ones.
QStringList checkResources(const QList<Executor> &activeExecutors,
                           const protocol::PlacementPolicy &policy, qint64 instances,
                           qint64 coresPerInstance, qint64 memoryPerInstance);

/// What a simulated placement of several instances at once found.
struct Simulation
{
    int requested = 0;
    int placeable = 0;
    /// Why the rest cannot be placed, one plain sentence each ("ONE_PER_HOST allows one instance
    /// per executor and 3 executors are ACTIVE", "executor-3 is blacklisted").
    QStringList reasons;
    /// What would let them be placed ("unblacklist executor-3", "add executors").
    QStringList suggestions;
    /// Executors counted from totals only (their NUMA layout was not known).
    int layoutUnknown = 0;

    bool allPlaceable() const { return placeable >= requested; }
    /// "3 of 12 can be placed now: <reasons joined by '; '>"; empty when all can.
    QString summary() const;
};

/// Places \a count instances one after the other on copies of \a executors (the app already holds
/// \a appInstancesPerExecutor, by executor id) the way the scheduler would, and explains what
/// refused the rest.
Simulation simulate(QList<Executor> executors, const protocol::PlacementPolicy &policy, int cores,
                    qint64 memoryMb, int count, const QHash<QString, int> &appInstancesPerExecutor);

} // namespace drove::placement
