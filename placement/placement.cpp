#include "placement/placement.h"

#include <QCoreApplication>
#include <QMap>

#include <algorithm>
#include <limits>

namespace drove::placement {

using protocol::CombinerType;
using protocol::ExecutorState;
using protocol::PlacementPolicy;
using protocol::PlacementPolicyType;

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("drove::placement::Simulation", text, nullptr, n);
}

bool isOr(const PlacementPolicy &policy)
{
    return policy.combiner.value_or(CombinerType::And) == CombinerType::Or;
}

/// "a", "a and b", "a, b and c", "a, b and 4 more".
QString names(const QStringList &list)
{
    if (list.size() <= 1)
        return list.value(0);
    if (list.size() <= 3)
        return tr("%1 and %2")
            .arg(list.mid(0, list.size() - 1).join(QStringLiteral(", ")), list.constLast());
    return tr("%1 and %n more", int(list.size() - 2))
        .arg(list.mid(0, 2).join(QStringLiteral(", ")));
}

void collectTags(const PlacementPolicy &policy, QStringList &tags)
{
    if (policy.type == PlacementPolicyType::MatchTag && !tags.contains(policy.tag))
        tags.append(policy.tag);
    for (const auto &child : policy.policies)
        collectTags(child, tags);
}

int maxPerHost(const PlacementPolicy &policy)
{
    if (policy.type == PlacementPolicyType::MaxNPerHost)
        return policy.max;
    for (const auto &child : policy.policies)
        if (const int max = maxPerHost(child); max > 0)
            return max;
    return 0;
}

QString stateSentence(const Executor &executor)
{
    const QString name = executor.displayName();
    if (!executor.reachable)
        return tr("%1 is not reachable").arg(name);
    switch (executor.state) {
    case ExecutorState::Blacklisted:
        return tr("%1 is blacklisted").arg(name);
    case ExecutorState::BlacklistRequested:
        return tr("%1 is being blacklisted").arg(name);
    case ExecutorState::Unready:
        return tr("%1 is not ready (UNREADY)").arg(name);
    case ExecutorState::Removed:
        return tr("%1 has left the cluster").arg(name);
    case ExecutorState::Active:
        break;
    }
    return QString();
}

} // namespace

PlacementPolicy effectivePolicy(const PlacementPolicy &policy)
{
    if (policy.contains(PlacementPolicyType::MatchTag)
        || policy.contains(PlacementPolicyType::RuleBased))
        return policy;
    return PlacementPolicy::composite({policy, PlacementPolicy::ofType(PlacementPolicyType::NoTag)},
                                      CombinerType::And);
}

bool hasOnlyHostnameTag(const QStringList &tags, const QString &hostname)
{
    for (const QString &tag : tags)
        if (tag != hostname)
            return false;
    return true;
}

bool matches(const PlacementPolicy &policy, const QStringList &tags, const QString &hostname,
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
        return policy.tag == hostname || tags.contains(policy.tag);
    case PlacementPolicyType::NoTag:
        return hasOnlyHostnameTag(tags, hostname);
    case PlacementPolicyType::Composite: {
        if (policy.policies.empty())
            return true;
        const bool anyOf = isOr(policy);
        for (const auto &child : policy.policies) {
            const bool ok = matches(child, tags, hostname, appInstancesOnHost);
            if (anyOf && ok)
                return true;
            if (!anyOf && !ok)
                return false;
        }
        return !anyOf;
    }
    case PlacementPolicyType::RuleBased: // refused at validation; never matches if it slips in
    case PlacementPolicyType::Local:
        return false;
    }
    return false;
}

bool tagEligible(const PlacementPolicy &policy, const QStringList &tags, const QString &hostname)
{
    switch (policy.type) {
    case PlacementPolicyType::MatchTag:
    case PlacementPolicyType::NoTag:
        return matches(policy, tags, hostname, 0);
    case PlacementPolicyType::Composite: {
        if (policy.policies.empty())
            return true;
        const bool anyOf = isOr(policy);
        for (const auto &child : policy.policies) {
            const bool ok = tagEligible(child, tags, hostname);
            if (anyOf && ok)
                return true;
            if (!anyOf && !ok)
                return false;
        }
        return !anyOf;
    }
    default:
        return true;
    }
}

bool isSchedulable(ExecutorState state, bool reachable)
{
    return state == ExecutorState::Active && reachable;
}

Refusal refusal(const Executor &executor, const PlacementPolicy &effective, int cores,
                qint64 memoryMb, int appInstancesOnHost)
{
    if (!executor.reachable)
        return Refusal::Unreachable;
    if (executor.state != ExecutorState::Active)
        return Refusal::NotActive;
    if (!tagEligible(effective, executor.tags, executor.hostname))
        return Refusal::Tags;
    if (!matches(effective, executor.tags, executor.hostname, appInstancesOnHost)) {
        const bool limited = effective.contains(PlacementPolicyType::OnePerHost)
            || effective.contains(PlacementPolicyType::MaxNPerHost);
        return limited ? Refusal::HostLimit : Refusal::Tags;
    }
    if (executor.resources.fits(cores, memoryMb))
        return Refusal::None;
    bool coresSomewhere = false;
    bool memorySomewhere = false;
    for (int node : executor.resources.nodeIds()) {
        coresSomewhere = coresSomewhere || executor.resources.freeCores(node).size() >= cores;
        memorySomewhere = memorySomewhere || executor.resources.freeMemory(node) >= memoryMb;
    }
    if (!coresSomewhere)
        return Refusal::Cores;
    if (!memorySomewhere)
        return Refusal::Memory;
    return Refusal::CoresAndMemoryApart;
}

QStringList checkResources(const QList<Executor> &activeExecutors, const PlacementPolicy &policy,
                           qint64 instances, qint64 coresPerInstance, qint64 memoryPerInstance)
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
    for (const Executor &executor : activeExecutors) {
        if (!tagEligible(effective, executor.tags, executor.hostname))
            continue;
        freeCores += executor.resources.freeCoreCount();
        freeMemory += executor.resources.freeMemory();
        for (int node : executor.resources.nodeIds()) {
            const int physical = int(executor.resources.layoutCores(node).size());
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

QString Simulation::summary() const
{
    if (allPlaceable())
        return QString();
    QString text = tr("%1 of %2 can be placed now").arg(placeable).arg(requested);
    if (!reasons.isEmpty())
        text += QStringLiteral(": ") + reasons.join(QStringLiteral("; "));
    if (layoutUnknown > 0)
        text += QStringLiteral(" ")
            + tr("(the NUMA layout of %n executor(s) is not known yet; their free totals were "
                 "counted)",
                 layoutUnknown);
    return text;
}

Simulation simulate(QList<Executor> executors, const PlacementPolicy &policy, int cores,
                    qint64 memoryMb, int count, const QHash<QString, int> &appInstancesPerExecutor)
{
    Simulation result;
    result.requested = qMax(0, count);
    const PlacementPolicy effective = effectivePolicy(policy);
    QHash<QString, int> onHost = appInstancesPerExecutor;
    for (const Executor &executor : std::as_const(executors))
        if (!executor.layoutKnown && isSchedulable(executor.state, executor.reachable))
            ++result.layoutUnknown;

    while (result.placeable < result.requested) {
        // The scheduler takes the first fit of a shuffled list; to count what can be placed,
        // spread: fewest instances of the app first, then the most free cores.
        int best = -1;
        for (int i = 0; i < executors.size(); ++i) {
            const Executor &executor = executors.at(i);
            if (refusal(executor, effective, cores, memoryMb, onHost.value(executor.id))
                != Refusal::None)
                continue;
            if (best < 0)
                best = i;
            const Executor &current = executors.at(best);
            const int mine = onHost.value(executor.id);
            const int theirs = onHost.value(current.id);
            if (mine < theirs
                || (mine == theirs
                    && executor.resources.freeCoreCount() > current.resources.freeCoreCount()))
                best = i;
        }
        if (best < 0)
            break;
        Executor &chosen = executors[best];
        if (!chosen.resources.allocate(cores, memoryMb).isValid())
            break; // cannot happen after fits(); never loop forever
        onHost[chosen.id] += 1;
        ++result.placeable;
        if (cores <= 0 && memoryMb <= 0 && !effective.contains(PlacementPolicyType::OnePerHost)
            && !effective.contains(PlacementPolicyType::MaxNPerHost)) {
            result.placeable = result.requested; // needs nothing: fits everywhere
            break;
        }
    }
    if (result.allPlaceable())
        return result;

    if (executors.isEmpty()) {
        result.reasons << tr("no executor is registered with the controller");
        result.suggestions << tr("start executors");
        return result;
    }

    QMap<Refusal, QList<const Executor *>> groups;
    for (const Executor &executor : std::as_const(executors))
        groups[refusal(executor, effective, cores, memoryMb, onHost.value(executor.id))].append(
            &executor);

    int eligibleActive = 0;
    for (const Executor &executor : std::as_const(executors))
        if (isSchedulable(executor.state, executor.reachable)
            && tagEligible(effective, executor.tags, executor.hostname))
            ++eligibleActive;

    if (groups.contains(Refusal::HostLimit)) {
        if (effective.contains(PlacementPolicyType::OnePerHost))
            result.reasons << tr("ONE_PER_HOST allows one instance per executor and %n "
                                 "executor(s) are ACTIVE",
                                 eligibleActive);
        else
            result.reasons << tr("MAX_N_PER_HOST allows %1 instances per executor and %n "
                                 "executor(s) are ACTIVE",
                                 eligibleActive)
                                  .arg(maxPerHost(effective));
        result.suggestions << tr("add executors or relax the placement policy");
    }
    for (Refusal state : {Refusal::NotActive, Refusal::Unreachable}) {
        for (const Executor *executor : groups.value(state)) {
            result.reasons << stateSentence(*executor);
            if (executor->reachable && executor->state == ExecutorState::Blacklisted)
                result.suggestions << tr("unblacklist %1").arg(executor->displayName());
        }
    }
    if (const auto tagged = groups.value(Refusal::Tags); !tagged.isEmpty()) {
        QStringList wanted;
        collectTags(effective, wanted);
        QStringList which;
        for (const Executor *executor : tagged)
            which << executor->displayName();
        if (!wanted.isEmpty()) {
            result.reasons << tr("%n executor(s) do not carry the tag %1 (%2)", int(which.size()))
                                  .arg(wanted.join(QStringLiteral(" / ")), names(which));
            result.suggestions << tr("tag more executors %1 or change the placement policy")
                                      .arg(wanted.join(QStringLiteral(" / ")));
        } else {
            result.reasons << tr("%n executor(s) carry tags and the placement policy asks for "
                                 "none: Drove keeps apps without MATCH_TAG off tagged executors "
                                 "(%1)",
                                 int(which.size()))
                                  .arg(names(which));
            result.suggestions << tr("add a MATCH_TAG to the placement policy");
        }
    }

    // Resources: the largest free NUMA node among the executors that pass every other rule.
    const auto resourceGroups = {Refusal::Cores, Refusal::Memory, Refusal::CoresAndMemoryApart};
    int largestCores = -1;
    QString largestCoresOn;
    qint64 largestMemory = -1;
    QString largestMemoryOn;
    for (Refusal r : resourceGroups) {
        for (const Executor *executor : groups.value(r)) {
            for (int node : executor->resources.nodeIds()) {
                const int free = int(executor->resources.freeCores(node).size());
                if (free > largestCores) {
                    largestCores = free;
                    largestCoresOn = executor->displayName();
                }
                if (executor->resources.freeMemory(node) > largestMemory) {
                    largestMemory = executor->resources.freeMemory(node);
                    largestMemoryOn = executor->displayName();
                }
            }
        }
    }
    bool resourceBound = false;
    if (groups.contains(Refusal::Cores)) {
        result.reasons << tr("no NUMA node has %n free core(s) (largest: %1 on %2)", cores)
                              .arg(largestCores)
                              .arg(largestCoresOn);
        resourceBound = true;
    }
    if (groups.contains(Refusal::Memory)) {
        result.reasons << tr("no NUMA node has %1 MB free (largest: %2 MB on %3)")
                              .arg(memoryMb)
                              .arg(largestMemory)
                              .arg(largestMemoryOn);
        resourceBound = true;
    }
    if (groups.contains(Refusal::CoresAndMemoryApart)) {
        result.reasons
            << tr("no NUMA node has both %n free core(s) and %1 MB free", cores).arg(memoryMb);
        resourceBound = true;
    }
    if (resourceBound)
        result.suggestions << tr("add executors or free capacity on them");
    if (eligibleActive == 0 && !groups.contains(Refusal::Tags))
        result.reasons << tr("no executor is ACTIVE");
    result.suggestions.removeDuplicates();
    return result;
}

} // namespace drove::placement
