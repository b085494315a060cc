#include "controller/controllerconfig.h"

namespace drove::controller {

ExecutorConfig ExecutorConfig::make(const QString &hostname, int port, int nodes, int coresPerNode,
                                    qint64 memoryMbPerNode, const QStringList &tags)
{
    ExecutorConfig config;
    config.hostname = hostname;
    config.port = port;
    config.tags = tags;
    for (int node = 0; node < nodes; ++node) {
        NumaNodeConfig numa;
        numa.id = node;
        for (int core = 0; core < coresPerNode; ++core)
            numa.coreIds.append(node * coresPerNode + core);
        numa.memoryMb = memoryMbPerNode;
        config.numaNodes.append(numa);
    }
    return config;
}

QList<ExecutorConfig> ControllerConfig::defaultCluster()
{
    QList<ExecutorConfig> result;
    for (int i = 1; i <= 3; ++i)
        result.append(ExecutorConfig::make(QStringLiteral("executor-%1.drove.local").arg(i)));
    return result;
}

} // namespace drove::controller
