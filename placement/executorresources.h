#pragma once

#include <QList>
#include <QMap>
#include <QSet>
#include <QtGlobal>

namespace drove::placement {

/// One NUMA node of a simulated executor: its core ids and memory.
struct NumaNodeConfig
{
    int id = 0;
    QList<int> coreIds;
    qint64 memoryMb = 0;
};

/// `nodes` NUMA nodes of `coresPerNode` cores (ids numbered on from node 0) and `memoryMbPerNode`
/// MB each: the shape of a simulated executor and of the tests' executors.
QList<NumaNodeConfig> uniformLayout(int nodes, int coresPerNode, qint64 memoryMbPerNode);

/// Cores (all on one NUMA node) and memory handed to one instance.
struct ResourceAllocation
{
    int numaNode = -1;
    QList<int> cores;
    qint64 memoryMb = 0;

    bool isValid() const { return numaNode >= 0; }
};

/// Free/used bookkeeping of an executor's cores and memory, per NUMA node. Allocation is
/// NUMA-local as in Drove's scheduler: every core and all the memory of an instance come from one
/// node, and cores are concrete ids.
class ExecutorResources
{
public:
    ExecutorResources() = default;
    explicit ExecutorResources(const QList<NumaNodeConfig> &nodes);

    /// Allocates \a cores cores and \a memoryMb MB from a single node; an invalid allocation when
    /// no node has both. Lowest node first, lowest core ids first, so placements are reproducible.
    ResourceAllocation allocate(int cores, qint64 memoryMb);
    /// Takes exactly the given allocation (used when reloading persisted instances); false if any
    /// part is not free.
    bool claim(const ResourceAllocation &allocation);
    void release(const ResourceAllocation &allocation);

    /// Whether some single node could hold the request right now.
    bool fits(int cores, qint64 memoryMb) const;

    int freeCoreCount() const;
    int usedCoreCount() const;
    qint64 freeMemory() const;
    qint64 usedMemory() const;
    int maxCoresPerNode() const;

    QList<int> nodeIds() const { return m_layout.keys(); }
    QList<int> freeCores(int node) const;
    QList<int> usedCores(int node) const;
    QList<int> layoutCores(int node) const { return m_layout.value(node); }
    qint64 freeMemory(int node) const { return m_freeMemory.value(node); }
    qint64 usedMemory(int node) const { return m_memory.value(node) - m_freeMemory.value(node); }
    qint64 layoutMemory(int node) const { return m_memory.value(node); }

private:
    QMap<int, QList<int>> m_layout;
    QMap<int, QSet<int>> m_free;
    QMap<int, qint64> m_memory;
    QMap<int, qint64> m_freeMemory;
};

} // namespace drove::placement
