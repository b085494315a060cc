#pragma once

#include "placement/placement.h"
#include "protocol/placementpolicy.h"

#include <QList>
#include <QRandomGenerator>
#include <QStringList>

#include <functional>
#include <optional>

namespace drove::controller {

struct SimExecutor;

/// The embedded controller's side of Drove's DefaultInstanceScheduler (drove-api.md §6.10, §4.3):
/// the rules themselves are placement/placement.h, shared with the console; this picks executors
/// in the controller's own (seeded, shuffled) order and takes the allocation.
class Scheduler
{
public:
    /// Counts the app's resource-consuming instances on an executor (ONE_PER_HOST, MAX_N_PER_HOST).
    using HostCount = std::function<int(const SimExecutor &)>;

    struct Placement
    {
        SimExecutor *executor = nullptr;
        placement::ResourceAllocation allocation;
    };

    /// The implicit NO_TAG rule (§3.5): unless the policy is or contains MATCH_TAG or RULE_BASED,
    /// COMPOSITE(AND: policy, NO_TAG).
    static protocol::PlacementPolicy effectivePolicy(const protocol::PlacementPolicy &policy);

    /// Whether \a executor passes \a policy, given how many instances of the app it already has.
    static bool matches(const protocol::PlacementPolicy &policy, const SimExecutor &executor,
                        int appInstancesOnHost);
    /// Tag rules only (MATCH_TAG, NO_TAG; the rest count as true): eligibility for resource checks.
    static bool tagEligible(const protocol::PlacementPolicy &policy, const SimExecutor &executor);

    /// Picks an executor (shuffled, first fit wins) and allocates cores on one NUMA node plus
    /// memory. \a candidates should be the schedulable executors; the allocation is taken at once.
    /// An executor named \a preferredHostname is tried first (a rehearsal places instances where
    /// the source cluster has them); the rules still decide whether it may take the instance.
    static std::optional<Placement> place(QList<SimExecutor *> candidates,
                                          const protocol::PlacementPolicy &policy, int cores,
                                          qint64 memoryMb, const HostCount &hostCount,
                                          QRandomGenerator &random,
                                          const QString &preferredHostname = QString());

    /// The §4.3 resource check for \a instances more instances; empty when they may fit.
    static QStringList checkResources(const QList<const SimExecutor *> &activeExecutors,
                                      const protocol::PlacementPolicy &policy, qint64 instances,
                                      qint64 coresPerInstance, qint64 memoryPerInstance);
};

} // namespace drove::controller
