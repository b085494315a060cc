#include "models/capacitycheck.h"

#include <algorithm>

namespace drove::models {

using protocol::ApplicationOperation;
using protocol::OperationType;

qint64 CapacityCheck::concurrentNewInstances(const ApplicationOperation &operation,
                                             const AppFootprint &app)
{
    switch (operation.type) {
    case OperationType::Create:
    case OperationType::StartInstances:
        return std::max<qint64>(0, operation.instances);
    case OperationType::ScaleInstances:
        return std::max<qint64>(0, operation.requiredInstances - app.activeInstances);
    case OperationType::ReplaceInstances: {
        if (operation.stopFirst)
            return 0;
        const qint64 targets
            = operation.instanceIds.isEmpty() ? app.healthyInstances : operation.instanceIds.size();
        const qint64 parallelism = operation.opSpec ? operation.opSpec->parallelism : 1;
        return std::min(std::max<qint64>(1, parallelism), targets);
    }
    case OperationType::StopInstances:
        return operation.skipRespawn ? 0 : operation.instanceIds.size();
    case OperationType::Suspend:
    case OperationType::Destroy:
    case OperationType::Recover:
        return 0;
    }
    return 0;
}

qint64 CapacityCheck::fittingInstances(const AppFootprint &app, QList<ExecutorCapacity> executors,
                                       qint64 limit)
{
    qint64 placed = 0;
    while (placed < limit) {
        // The executor with the most free cores that still holds one more instance.
        auto best = executors.end();
        for (auto it = executors.begin(); it != executors.end(); ++it) {
            if (it->freeCores < app.coresPerInstance || it->freeMemoryMb < app.memoryMbPerInstance)
                continue;
            if (best == executors.end() || it->freeCores > best->freeCores
                || (it->freeCores == best->freeCores && it->freeMemoryMb > best->freeMemoryMb))
                best = it;
        }
        if (best == executors.end())
            break;
        best->freeCores -= app.coresPerInstance;
        best->freeMemoryMb -= app.memoryMbPerInstance;
        ++placed;
        // An app that needs nothing fits anywhere; no point looping to the limit.
        if (app.coresPerInstance <= 0 && app.memoryMbPerInstance <= 0)
            return limit;
    }
    return placed;
}

QStringList CapacityCheck::warnings(const ApplicationOperation &operation, AppFootprint app,
                                    const QList<ExecutorCapacity> &executors)
{
    if (operation.type == OperationType::Create && operation.spec) {
        app.coresPerInstance = operation.spec->cpuCount();
        app.memoryMbPerInstance = operation.spec->memoryMb();
    }
    const qint64 needed = concurrentNewInstances(operation, app);
    if (needed <= 0)
        return {};
    if (executors.isEmpty())
        return {tr("No executor is accepting instances; the operation would wait until its "
                   "timeout.")};

    qint64 freeCores = 0;
    qint64 freeMemory = 0;
    for (const auto &executor : executors) {
        freeCores += executor.freeCores;
        freeMemory += executor.freeMemoryMb;
    }
    const qint64 fitting = fittingInstances(app, executors, needed);
    if (fitting >= needed)
        return {};

    QStringList result;
    QString what;
    if (operation.type == OperationType::ReplaceInstances)
        what = tr("A restart at parallelism %1 runs %2 new instance(s) next to the old ones")
                   .arg(operation.opSpec ? operation.opSpec->parallelism : 1)
                   .arg(needed);
    else if (operation.type == OperationType::StopInstances)
        what = tr("Without skipRespawn, %1 replacement(s) start before the old instances stop")
                   .arg(needed);
    else
        what = tr("The operation starts %1 new instance(s)").arg(needed);
    result << tr("%1, each needing %2 core(s) and %3 MB, but only %4 fit in the executors' free "
                 "capacity (%5 cores, %6 MB free). The operation would get stuck waiting for "
                 "capacity until its timeout.")
                  .arg(what)
                  .arg(app.coresPerInstance)
                  .arg(app.memoryMbPerInstance)
                  .arg(fitting)
                  .arg(freeCores)
                  .arg(freeMemory);
    return result;
}

} // namespace drove::models
