#include "placement/executorresources.h"

#include <algorithm>

namespace drove::placement {

QList<NumaNodeConfig> uniformLayout(int nodes, int coresPerNode, qint64 memoryMbPerNode)
{
    QList<NumaNodeConfig> layout;
    for (int node = 0; node < nodes; ++node) {
        NumaNodeConfig numa;
        numa.id = node;
        for (int core = 0; core < coresPerNode; ++core)
            numa.coreIds.append(node * coresPerNode + core);
        numa.memoryMb = memoryMbPerNode;
        layout.append(numa);
    }
    return layout;
}

ExecutorResources::ExecutorResources(const QList<NumaNodeConfig> &nodes)
{
    for (const auto &node : nodes) {
        QList<int> cores = node.coreIds;
        std::sort(cores.begin(), cores.end());
        m_layout.insert(node.id, cores);
        m_free.insert(node.id, QSet<int>(cores.cbegin(), cores.cend()));
        m_memory.insert(node.id, node.memoryMb);
        m_freeMemory.insert(node.id, node.memoryMb);
    }
}

ResourceAllocation ExecutorResources::allocate(int cores, qint64 memoryMb)
{
    ResourceAllocation result;
    if (cores < 0 || memoryMb < 0)
        return result;
    for (auto it = m_layout.cbegin(); it != m_layout.cend(); ++it) {
        const int node = it.key();
        QSet<int> &free = m_free[node];
        if (free.size() < cores || m_freeMemory.value(node) < memoryMb)
            continue;
        result.numaNode = node;
        for (int core : it.value()) {
            if (result.cores.size() == cores)
                break;
            if (free.contains(core))
                result.cores.append(core);
        }
        for (int core : std::as_const(result.cores))
            free.remove(core);
        m_freeMemory[node] -= memoryMb;
        result.memoryMb = memoryMb;
        return result;
    }
    return result;
}

bool ExecutorResources::claim(const ResourceAllocation &allocation)
{
    if (!allocation.isValid() || !m_layout.contains(allocation.numaNode))
        return false;
    QSet<int> &free = m_free[allocation.numaNode];
    for (int core : allocation.cores)
        if (!free.contains(core))
            return false;
    if (m_freeMemory.value(allocation.numaNode) < allocation.memoryMb)
        return false;
    for (int core : allocation.cores)
        free.remove(core);
    m_freeMemory[allocation.numaNode] -= allocation.memoryMb;
    return true;
}

void ExecutorResources::release(const ResourceAllocation &allocation)
{
    if (!allocation.isValid() || !m_layout.contains(allocation.numaNode))
        return;
    const QList<int> &layout = m_layout[allocation.numaNode];
    QSet<int> &free = m_free[allocation.numaNode];
    for (int core : allocation.cores)
        if (layout.contains(core))
            free.insert(core);
    m_freeMemory[allocation.numaNode]
        = qMin(m_memory.value(allocation.numaNode),
               m_freeMemory.value(allocation.numaNode) + allocation.memoryMb);
}

bool ExecutorResources::fits(int cores, qint64 memoryMb) const
{
    for (auto it = m_free.cbegin(); it != m_free.cend(); ++it)
        if (it.value().size() >= cores && m_freeMemory.value(it.key()) >= memoryMb)
            return true;
    return false;
}

int ExecutorResources::freeCoreCount() const
{
    int n = 0;
    for (const auto &free : m_free)
        n += free.size();
    return n;
}

int ExecutorResources::usedCoreCount() const
{
    int total = 0;
    for (const auto &cores : m_layout)
        total += cores.size();
    return total - freeCoreCount();
}

qint64 ExecutorResources::freeMemory() const
{
    qint64 n = 0;
    for (qint64 m : m_freeMemory)
        n += m;
    return n;
}

qint64 ExecutorResources::usedMemory() const
{
    qint64 total = 0;
    for (qint64 m : m_memory)
        total += m;
    return total - freeMemory();
}

int ExecutorResources::maxCoresPerNode() const
{
    int best = 0;
    for (const auto &cores : m_layout)
        best = qMax(best, int(cores.size()));
    return best;
}

QList<int> ExecutorResources::freeCores(int node) const
{
    QList<int> result;
    const QSet<int> free = m_free.value(node);
    for (int core : m_layout.value(node))
        if (free.contains(core))
            result.append(core);
    return result;
}

QList<int> ExecutorResources::usedCores(int node) const
{
    QList<int> result;
    const QSet<int> free = m_free.value(node);
    for (int core : m_layout.value(node))
        if (!free.contains(core))
            result.append(core);
    return result;
}

} // namespace drove::placement
