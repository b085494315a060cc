#include "controller/scheduler.h"

#include "controller/simexecutor.h"

#include <algorithm>
#include <limits>

namespace drove::controller {

using protocol::PlacementPolicy;
using protocol::PlacementPolicyType;

PlacementPolicy Scheduler::effectivePolicy(const PlacementPolicy &policy)
{
    if (policy.contains(PlacementPolicyType::MatchTag)
        || policy.contains(PlacementPolicyType::RuleBased))
        return policy;
    return PlacementPolicy::composite({policy, PlacementPolicy::ofType(PlacementPolicyType::NoTag)},
                                      protocol::CombinerType::And);
}

bool Scheduler::matches(const PlacementPolicy &policy, const SimExecutor &executor,
                        int appInstancesOnHost)
{
    switch (policy.type) {
    case PlacementPolicyType::Any:
        return true;
    case PlacementPolicyType::OnePerHost:
        return appInstancesOnHost == 0;
    case PlacementPolicyType::MaxNPerHost:
        return appInstancesOnHost < policy.max;
    case PlacementPolicyType::MatchTag:
        return executor.tags().contains(policy.tag);
    case PlacementPolicyType::NoTag:
        return executor.hasOnlyHostnameTag();
    case PlacementPolicyType::Composite: {
        const bool isOr
            = policy.combiner.value_or(protocol::CombinerType::And) == protocol::CombinerType::Or;
        if (policy.policies.empty())
            return true;
        for (const auto &child : policy.policies) {
            const bool ok = matches(child, executor, appInstancesOnHost);
            if (isOr && ok)
                return true;
            if (!isOr && !ok)
                return false;
        }
        return !isOr;
    }
    case PlacementPolicyType::RuleBased: // refused at validation; never matches if it slips in
    case PlacementPolicyType::Local:
        return false;
    }
    return false;
}

bool Scheduler::tagEligible(const PlacementPolicy &policy, const SimExecutor &executor)
{
    switch (policy.type) {
    case PlacementPolicyType::MatchTag:
    case PlacementPolicyType::NoTag:
        return matches(policy, executor, 0);
    case PlacementPolicyType::Composite: {
        const bool isOr
            = policy.combiner.value_or(protocol::CombinerType::And) == protocol::CombinerType::Or;
        if (policy.policies.empty())
            return true;
        for (const auto &child : policy.policies) {
            const bool ok = tagEligible(child, executor);
            if (isOr && ok)
                return true;
            if (!isOr && !ok)
                return false;
        }
        return !isOr;
    }
    default:
        return true;
    }
}

std::optional<Scheduler::Placement> Scheduler::place(QList<SimExecutor *> candidates,
                                                     const PlacementPolicy &policy, int cores,
                                                     qint64 memoryMb, const HostCount &hostCount,
                                                     QRandomGenerator &random)
{
    const PlacementPolicy effective = effectivePolicy(policy);
    // Fisher–Yates with the core's seeded generator, so tests are reproducible.
    for (qsizetype i = candidates.size() - 1; i > 0; --i)
        std::swap(candidates[i], candidates[qsizetype(random.bounded(quint32(i + 1)))]);
    for (SimExecutor *executor : std::as_const(candidates)) {
        if (!executor->isSchedulable() || !executor->resources.fits(cores, memoryMb))
            continue;
        if (!matches(effective, *executor, hostCount ? hostCount(*executor) : 0))
            continue;
        Placement placement;
        placement.executor = executor;
        placement.allocation = executor->resources.allocate(cores, memoryMb);
        if (placement.allocation.isValid())
            return placement;
    }
    return std::nullopt;
}

QStringList Scheduler::checkResources(const QList<const SimExecutor *> &activeExecutors,
                                      const PlacementPolicy &policy, qint64 instances,
                                      qint64 coresPerInstance, qint64 memoryPerInstance)
{
    if (activeExecutors.isEmpty())
        return {QStringLiteral("No executors on cluster")};
    const PlacementPolicy effective = effectivePolicy(policy);
    qint64 freeCores = 0;
    qint64 freeMemory = 0;
    // ControllerUtils.checkResources: the NUMA limit is the largest *physical* core count of a
    // node (the executor's layout) among eligible executors, not its free cores, so a merely
    // full cluster gets only the CPU message; no eligible executor → no limit (MAX_VALUE).
    int maxNodeCores = std::numeric_limits<int>::max();
    bool anyNode = false;
    for (const SimExecutor *executor : activeExecutors) {
        if (!tagEligible(effective, *executor))
            continue;
        freeCores += executor->resources.freeCoreCount();
        freeMemory += executor->resources.freeMemory();
        for (int node : executor->resources.nodeIds()) {
            const int physical = int(executor->resources.layoutCores(node).size());
            maxNodeCores = anyNode ? qMax(maxNodeCores, physical) : physical;
            anyNode = true;
        }
    }
    QStringList errors;
    const qint64 requiredCores = instances * coresPerInstance;
    const qint64 requiredMemory = instances * memoryPerInstance;
    if (requiredCores > freeCores)
        errors.append(QStringLiteral("Cluster does not have enough CPU. Required: %1 Available: %2")
                          .arg(requiredCores)
                          .arg(freeCores));
    if (requiredMemory > freeMemory)
        errors.append(
            QStringLiteral("Cluster does not have enough Memory. Required: %1 Available: %2")
                .arg(requiredMemory)
                .arg(freeMemory));
    if (coresPerInstance > maxNodeCores)
        errors.append(QStringLiteral("Required cores exceeds the maximum core available on a "
                                     "single NUMA node in the cluster. Required: %1 Max: %2")
                          .arg(requiredCores)
                          .arg(maxNodeCores));
    return errors;
}

} // namespace drove::controller
