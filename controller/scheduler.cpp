#include "controller/scheduler.h"

#include "controller/simexecutor.h"

#include <algorithm>

namespace drove::controller {

using protocol::PlacementPolicy;

PlacementPolicy Scheduler::effectivePolicy(const PlacementPolicy &policy)
{
    return placement::effectivePolicy(policy);
}

bool Scheduler::matches(const PlacementPolicy &policy, const SimExecutor &executor,
                        int appInstancesOnHost)
{
    return placement::matches(policy, executor.tags(), executor.config.hostname,
                              appInstancesOnHost);
}

bool Scheduler::tagEligible(const PlacementPolicy &policy, const SimExecutor &executor)
{
    return placement::tagEligible(policy, executor.tags(), executor.config.hostname);
}

std::optional<Scheduler::Placement> Scheduler::place(QList<SimExecutor *> candidates,
                                                     const PlacementPolicy &policy, int cores,
                                                     qint64 memoryMb, const HostCount &hostCount,
                                                     QRandomGenerator &random,
                                                     const QString &preferredHostname)
{
    const PlacementPolicy effective = effectivePolicy(policy);
    // Fisher–Yates with the core's seeded generator, so tests are reproducible.
    for (qsizetype i = candidates.size() - 1; i > 0; --i)
        std::swap(candidates[i], candidates[qsizetype(random.bounded(quint32(i + 1)))]);
    if (!preferredHostname.isEmpty()) {
        for (qsizetype i = 0; i < candidates.size(); ++i) {
            if (candidates[i]->config.hostname == preferredHostname) {
                candidates.move(i, 0);
                break;
            }
        }
    }
    for (SimExecutor *executor : std::as_const(candidates)) {
        if (placement::refusal(executor->placementView(), effective, cores, memoryMb,
                               hostCount ? hostCount(*executor) : 0)
            != placement::Refusal::None)
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
    QList<placement::Executor> views;
    views.reserve(activeExecutors.size());
    for (const SimExecutor *executor : activeExecutors)
        views.append(executor->placementView());
    return placement::checkResources(views, policy, instances, coresPerInstance, memoryPerInstance);
}

} // namespace drove::controller
