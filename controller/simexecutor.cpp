#include "controller/simexecutor.h"

#include "controller/nameuuid.h"

#include <QJsonArray>

namespace drove::controller {

SimExecutor SimExecutor::create(const ExecutorConfig &config, qint64 now, int firstPort)
{
    SimExecutor executor;
    executor.config = config;
    executor.id
        = javaNameUuid(QStringLiteral("%1:%2").arg(config.hostname).arg(config.port).toUtf8());
    executor.resources = ExecutorResources(config.numaNodes);
    for (const ResourceAllocation &held : config.reserved)
        executor.resources.claim(held);
    executor.updated = now;
    executor.nextPort = firstPort;
    return executor;
}

QStringList SimExecutor::tags() const
{
    QStringList result {config.hostname};
    for (const QString &tag : config.tags)
        if (!result.contains(tag))
            result.append(tag);
    return result;
}

bool SimExecutor::hasOnlyHostnameTag() const
{
    for (const QString &tag : config.tags)
        if (tag != config.hostname)
            return false;
    return true;
}

placement::Executor SimExecutor::placementView() const
{
    placement::Executor view;
    view.id = id;
    view.hostname = config.hostname;
    view.tags = tags();
    view.state = state;
    view.reachable = reachable;
    view.resources = resources;
    return view;
}

int SimExecutor::allocatePort(int first, int last)
{
    const int span = last - first + 1;
    if (span <= 0 || usedPorts.size() >= span)
        return 0;
    if (nextPort < first || nextPort > last)
        nextPort = first;
    // Round-robin so a port is not reused right after release, like ephemeral ports.
    for (int i = 0; i < span; ++i) {
        const int port = nextPort;
        nextPort = port == last ? first : port + 1;
        if (!usedPorts.contains(port)) {
            usedPorts.insert(port);
            return port;
        }
    }
    return 0;
}

QJsonObject SimExecutor::toJson() const
{
    QJsonArray nodes;
    for (const auto &node : config.numaNodes) {
        QJsonArray cores;
        for (int core : node.coreIds)
            cores.append(core);
        nodes.append(QJsonObject {{QStringLiteral("id"), node.id},
                                  {QStringLiteral("cores"), cores},
                                  {QStringLiteral("memoryMb"), node.memoryMb}});
    }
    QJsonArray reserved;
    for (const auto &held : config.reserved) {
        QJsonArray cores;
        for (int core : held.cores)
            cores.append(core);
        reserved.append(QJsonObject {{QStringLiteral("node"), held.numaNode},
                                     {QStringLiteral("cores"), cores},
                                     {QStringLiteral("memoryMb"), held.memoryMb}});
    }
    QJsonObject metadata;
    for (auto it = config.metadata.cbegin(); it != config.metadata.cend(); ++it)
        metadata.insert(it.key(), it.value());
    return QJsonObject {{QStringLiteral("id"), id},
                        {QStringLiteral("hostname"), config.hostname},
                        {QStringLiteral("port"), config.port},
                        {QStringLiteral("transportType"), config.transportType},
                        {QStringLiteral("tags"), QJsonArray::fromStringList(config.tags)},
                        {QStringLiteral("numaNodes"), nodes},
                        {QStringLiteral("reserved"), reserved},
                        {QStringLiteral("metadata"), metadata},
                        {QStringLiteral("state"), protocol::toString(state)},
                        {QStringLiteral("reachable"), reachable},
                        {QStringLiteral("updated"), updated},
                        {QStringLiteral("removedAt"), removedAt}};
}

SimExecutor SimExecutor::fromJson(const QJsonObject &json, int firstPort)
{
    ExecutorConfig config;
    config.hostname = json.value(QStringLiteral("hostname")).toString();
    config.port = json.value(QStringLiteral("port")).toInt();
    config.transportType = json.value(QStringLiteral("transportType")).toString();
    for (const auto &tag : json.value(QStringLiteral("tags")).toArray())
        config.tags.append(tag.toString());
    for (const auto &value : json.value(QStringLiteral("numaNodes")).toArray()) {
        const QJsonObject node = value.toObject();
        NumaNodeConfig numa;
        numa.id = node.value(QStringLiteral("id")).toInt();
        for (const auto &core : node.value(QStringLiteral("cores")).toArray())
            numa.coreIds.append(core.toInt());
        numa.memoryMb = node.value(QStringLiteral("memoryMb")).toInteger();
        config.numaNodes.append(numa);
    }
    for (const auto &value : json.value(QStringLiteral("reserved")).toArray()) {
        const QJsonObject held = value.toObject();
        ResourceAllocation allocation;
        allocation.numaNode = held.value(QStringLiteral("node")).toInt();
        for (const auto &core : held.value(QStringLiteral("cores")).toArray())
            allocation.cores.append(core.toInt());
        allocation.memoryMb = held.value(QStringLiteral("memoryMb")).toInteger();
        config.reserved.append(allocation);
    }
    const QJsonObject metadata = json.value(QStringLiteral("metadata")).toObject();
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
        config.metadata.insert(it.key(), it.value().toString());
    SimExecutor executor
        = create(config, json.value(QStringLiteral("updated")).toInteger(), firstPort);
    executor.state
        = protocol::executorStateFromString(json.value(QStringLiteral("state")).toString())
              .value_or(protocol::ExecutorState::Active);
    executor.reachable = json.value(QStringLiteral("reachable")).toBool(true);
    executor.removedAt = json.value(QStringLiteral("removedAt")).toInteger();
    return executor;
}

} // namespace drove::controller
