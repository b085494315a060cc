#include "protocol/executornodedata.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

namespace {

int countCores(const QMap<QString, QList<int>> &cores)
{
    int count = 0;
    for (const QList<int> &ids : cores)
        count += static_cast<int>(ids.size());
    return count;
}

qint64 sumMemory(const QMap<QString, qint64> &memory)
{
    qint64 total = 0;
    for (qint64 mb : memory)
        total += mb;
    return total;
}

} // namespace

int ExecutorNodeData::freeCoreCount() const
{
    return countCores(cpus.freeCores);
}

int ExecutorNodeData::usedCoreCount() const
{
    return countCores(cpus.usedCores);
}

qint64 ExecutorNodeData::freeMemoryMb() const
{
    return sumMemory(memory.freeMemory);
}

qint64 ExecutorNodeData::usedMemoryMb() const
{
    return sumMemory(memory.usedMemory);
}

std::optional<ExecutorNodeData> ExecutorNodeData::fromJson(const QJsonValue &json,
                                                           ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    ExecutorNodeData data;
    data.hostname = reader.string(QStringLiteral("hostname"));
    data.port = reader.int32(QStringLiteral("port"));
    data.transportType = reader.optEnum<TransportType>(QStringLiteral("transportType"));
    data.updated = reader.int64(QStringLiteral("updated"));
    if (reader.ok() && reader.has(QStringLiteral("state"))) {
        JsonReader state(reader.raw(QStringLiteral("state")), error,
                         reader.childPath(QStringLiteral("state")));
        data.executorId = state.string(QStringLiteral("executorId"));
        if (state.ok() && state.has(QStringLiteral("cpus"))) {
            JsonReader cpus(state.raw(QStringLiteral("cpus")), error,
                            state.childPath(QStringLiteral("cpus")));
            data.cpus.freeCores = cpus.intListMap(QStringLiteral("freeCores"));
            data.cpus.usedCores = cpus.intListMap(QStringLiteral("usedCores"));
            if (!cpus.ok())
                return std::nullopt;
        }
        if (state.ok() && state.has(QStringLiteral("memory"))) {
            JsonReader memory(state.raw(QStringLiteral("memory")), error,
                              state.childPath(QStringLiteral("memory")));
            data.memory.freeMemory = memory.int64Map(QStringLiteral("freeMemory"));
            data.memory.usedMemory = memory.int64Map(QStringLiteral("usedMemory"));
            if (!memory.ok())
                return std::nullopt;
        }
        if (state.ok() && state.has(QStringLiteral("layout"))) {
            JsonReader layout(state.raw(QStringLiteral("layout")), error,
                              state.childPath(QStringLiteral("layout")));
            Layout value;
            value.cores = layout.intListMap(QStringLiteral("cores"));
            value.memory = layout.int64Map(QStringLiteral("memory"));
            if (!layout.ok())
                return std::nullopt;
            data.layout = value;
        }
        if (!state.ok())
            return std::nullopt;
    }
    data.instances = reader.list<InstanceInfo>(QStringLiteral("instances"));
    data.tasks = reader.arrayAt(QStringLiteral("tasks"));
    if (reader.has(QStringLiteral("serviceInstances")))
        data.serviceInstances = reader.arrayAt(QStringLiteral("serviceInstances"));
    data.tags = reader.stringList(QStringLiteral("tags"));
    if (reader.has(QStringLiteral("metadata")))
        data.metadata = reader.stringMap(QStringLiteral("metadata"));
    data.executorState = reader.optEnum<ExecutorState>(QStringLiteral("executorState"));
    data.blacklisted = reader.optBoolean(QStringLiteral("blacklisted"));
    // Older controllers only say `blacklisted`; map it so callers can rely on executorState.
    if (!data.executorState && data.blacklisted)
        data.executorState = *data.blacklisted ? ExecutorState::Blacklisted : ExecutorState::Active;
    if (!reader.ok())
        return std::nullopt;
    return data;
}

QJsonObject ExecutorNodeData::toJson() const
{
    QJsonObject cpusJson;
    cpusJson.insert(QStringLiteral("type"), QStringLiteral("CPU"));
    cpusJson.insert(QStringLiteral("freeCores"), json::toObject(cpus.freeCores));
    cpusJson.insert(QStringLiteral("usedCores"), json::toObject(cpus.usedCores));
    QJsonObject memoryJson;
    memoryJson.insert(QStringLiteral("type"), QStringLiteral("MEMORY"));
    memoryJson.insert(QStringLiteral("freeMemory"), json::toObject(memory.freeMemory));
    memoryJson.insert(QStringLiteral("usedMemory"), json::toObject(memory.usedMemory));
    QJsonObject stateJson;
    stateJson.insert(QStringLiteral("executorId"), executorId);
    stateJson.insert(QStringLiteral("cpus"), cpusJson);
    stateJson.insert(QStringLiteral("memory"), memoryJson);
    if (layout) {
        QJsonObject layoutJson;
        layoutJson.insert(QStringLiteral("cores"), json::toObject(layout->cores));
        layoutJson.insert(QStringLiteral("memory"), json::toObject(layout->memory));
        stateJson.insert(QStringLiteral("layout"), layoutJson);
    }

    QJsonObject json;
    json.insert(QStringLiteral("type"), QStringLiteral("EXECUTOR"));
    json.insert(QStringLiteral("hostname"), hostname);
    json.insert(QStringLiteral("port"), port);
    if (transportType)
        json.insert(QStringLiteral("transportType"), enumToString(*transportType));
    json.insert(QStringLiteral("updated"), QJsonValue(updated));
    json.insert(QStringLiteral("state"), stateJson);
    json.insert(QStringLiteral("instances"), json::toArray(instances));
    json.insert(QStringLiteral("tasks"), tasks);
    if (serviceInstances)
        json.insert(QStringLiteral("serviceInstances"), *serviceInstances);
    json.insert(QStringLiteral("tags"), json::toArray(tags));
    if (metadata)
        json.insert(QStringLiteral("metadata"), json::toObject(*metadata));
    if (executorState)
        json.insert(QStringLiteral("executorState"), enumToString(*executorState));
    return json;
}

bool ExecutorNodeData::operator==(const ExecutorNodeData &other) const
{
    const auto sameLayout = [](const std::optional<Layout> &a, const std::optional<Layout> &b) {
        if (a.has_value() != b.has_value())
            return false;
        return !a || (a->cores == b->cores && a->memory == b->memory);
    };
    // `blacklisted` is input-only and deliberately not compared.
    return hostname == other.hostname && port == other.port && transportType == other.transportType
        && updated == other.updated && executorId == other.executorId
        && cpus.freeCores == other.cpus.freeCores && cpus.usedCores == other.cpus.usedCores
        && memory.freeMemory == other.memory.freeMemory
        && memory.usedMemory == other.memory.usedMemory && sameLayout(layout, other.layout)
        && instances == other.instances && tasks == other.tasks
        && serviceInstances == other.serviceInstances && tags == other.tags
        && metadata == other.metadata && executorState == other.executorState;
}

} // namespace drove::protocol
