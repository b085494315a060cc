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

namespace {

AppFootprint withSpec(const ApplicationOperation &operation, AppFootprint app)
{
    if (operation.type == OperationType::Create && operation.spec) {
        app.coresPerInstance = operation.spec->cpuCount();
        app.memoryMbPerInstance = operation.spec->memoryMb();
        app.policy = operation.spec->effectivePlacementPolicy();
        app.instancesPerExecutor.clear();
    }
    return app;
}

} // namespace

placement::Simulation CapacityCheck::simulate(const ApplicationOperation &operation,
                                              const AppFootprint &given,
                                              const QList<placement::Executor> &executors)
{
    const AppFootprint app = withSpec(operation, given);
    const qint64 needed = concurrentNewInstances(operation, app);
    return placement::simulate(executors, app.policy.value_or(protocol::PlacementPolicy::any()),
                               int(app.coresPerInstance), app.memoryMbPerInstance,
                               int(std::min<qint64>(needed, 100000)), app.instancesPerExecutor);
}

QStringList CapacityCheck::warnings(const ApplicationOperation &operation, AppFootprint app,
                                    const QList<placement::Executor> &executors)
{
    app = withSpec(operation, app);
    const qint64 needed = concurrentNewInstances(operation, app);
    if (needed <= 0)
        return {};
    const placement::Simulation simulation = simulate(operation, app, executors);
    if (simulation.allPlaceable())
        return {};

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
    QStringList result;
    result << tr("%1, each needing %2 core(s) and %3 MB. %4.")
                  .arg(what)
                  .arg(app.coresPerInstance)
                  .arg(app.memoryMbPerInstance)
                  .arg(simulation.summary());
    if (!app.policy && operation.type != OperationType::Create)
        result << tr("The app's placement policy is not known yet (its spec was not fetched): "
                     "ANY was assumed.");
    QStringList suggestions = simulation.suggestions;
    if (operation.type == OperationType::ReplaceInstances) {
        if (needed > 1 && simulation.placeable > 0)
            suggestions.prepend(tr("lower the parallelism to %1").arg(simulation.placeable));
        suggestions.prepend(tr("tick stopFirst (each old instance stops before its replacement "
                               "starts)"));
    }
    if (operation.type == OperationType::StopInstances)
        suggestions.prepend(tr("tick skipRespawn"));
    if (!suggestions.isEmpty())
        result << tr("To let it proceed: %1.").arg(suggestions.join(QStringLiteral("; ")));
    if (operation.type == OperationType::ReplaceInstances
        || operation.type == OperationType::StopInstances)
        // ControllerEngine::pairJob, after Drove's replace job: a failed start does not keep
        // the paired stop from running.
        result << tr("Sent as it is, a replacement that cannot start fails after its retries "
                     "and the old instance is stopped anyway: the app runs short of instances "
                     "until the controller's monitor starts them again where there is room.");
    else
        result << tr("Sent as it is, the operation would wait for capacity until its timeout.");
    return result;
}

} // namespace drove::models
