#include "controller/controllerqueries.h"

#include "controller/controllerengine.h"

#include "protocol/enuminfo.h"
#include "protocol/jsonwriter.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace drove::controller {

using protocol::InstanceState;

protocol::AppSummary ControllerQueries::summaryOf(const AppRecord &app) const
{
    protocol::AppSummary summary;
    fillSummary(app, summary);
    return summary;
}

void ControllerQueries::fillSummary(const AppRecord &app, protocol::AppSummary &summary) const
{
    summary.id = app.appId;
    summary.name = app.spec->name;
    summary.requiredInstances = app.required;
    summary.healthyInstances = m_engine.healthyCount(app);
    summary.totalCPUs = app.required * app.spec->cpuCount();
    summary.totalMemory = app.required * app.spec->memoryMb();
    summary.tags = app.spec->tags;
    summary.state = app.state;
    summary.created = app.created;
    summary.updated = app.updated;
}

namespace {

char *writeNumber(char *at, qint64 number)
{
    return std::to_chars(at, at + 20, number).ptr;
}

template<std::size_t N>
char *writeLiteral(char *at, const char (&text)[N])
{
    memcpy(at, text, N - 1);
    return at + N - 1;
}

char *writeBytes(char *at, const char *bytes, qsizetype size)
{
    memcpy(at, bytes, size_t(size));
    return at + size;
}

} // namespace

void ControllerQueries::writeListEntry(const AppRecord &app, QByteArray *out) const
{
    using protocol::JsonWriter;
    if (app.listBytes.isEmpty()) {
        QByteArray &bytes = app.listBytes;
        JsonWriter::appendString(&bytes, app.appId);
        bytes.append(':');
        app.listKeyEnd = int(bytes.size());
        bytes.append(",\"id\":");
        JsonWriter::appendString(&bytes, app.appId);
        bytes.append(",\"name\":");
        JsonWriter::appendString(&bytes, app.spec->name);
        app.listIdNameEnd = int(bytes.size());
        if (app.spec->tags) {
            bytes.append(",\"tags\":");
            JsonWriter writer(&bytes);
            writer.beginObject();
            for (auto it = app.spec->tags->cbegin(); it != app.spec->tags->cend(); ++it) {
                writer.key(it.key());
                writer.value(it.value());
            }
            writer.endObject();
        }
        bytes.squeeze();
        app.listCpuPerInstance = app.spec->cpuCount();
        app.listMemoryPerInstance = app.spec->memoryMb();
    }
    // Room for the cached bytes, the literals and state below (under 140 bytes) and six numbers
    // (20 each).
    const qsizetype begin = out->size();
    const qsizetype most = app.listBytes.size() + 320;
    if (out->capacity() - begin < most)
        out->reserve(qMax(out->capacity() * 2, begin + most));
    out->resize(begin + most);
    const char *cached = app.listBytes.constData();
    const char *state
        = protocol::EnumInfo<protocol::ApplicationState>::names[std::size_t(app.state)];
    // AppSummary::writeJson's keys and values (fillSummary), in QJsonObject's order.
    char *at = out->data() + begin;
    at = writeBytes(at, cached, app.listKeyEnd);
    at = writeLiteral(at, "{\"created\":");
    at = writeNumber(at, app.created);
    at = writeLiteral(at, ",\"healthyInstances\":");
    at = writeNumber(at, m_engine.healthyCount(app));
    at = writeBytes(at, cached + app.listKeyEnd, app.listIdNameEnd - app.listKeyEnd);
    at = writeLiteral(at, ",\"requiredInstances\":");
    at = writeNumber(at, app.required);
    at = writeLiteral(at, ",\"state\":\"");
    at = writeBytes(at, state, qsizetype(strlen(state)));
    *at++ = '"';
    at = writeBytes(at, cached + app.listIdNameEnd, app.listBytes.size() - app.listIdNameEnd);
    at = writeLiteral(at, ",\"totalCPUs\":");
    at = writeNumber(at, app.required * app.listCpuPerInstance);
    at = writeLiteral(at, ",\"totalMemory\":");
    at = writeNumber(at, app.required * app.listMemoryPerInstance);
    at = writeLiteral(at, ",\"updated\":");
    at = writeNumber(at, app.updated);
    *at++ = '}';
    out->resize(at - out->constData());
}

protocol::ExecutorSummary ControllerQueries::executorSummary(const SimExecutor &executor) const
{
    protocol::ExecutorSummary summary;
    summary.executorId = executor.id;
    summary.hostname = executor.config.hostname;
    summary.port = executor.config.port;
    summary.transportType
        = protocol::enumFromString<protocol::TransportType>(executor.config.transportType)
              .value_or(protocol::TransportType::Http);
    summary.freeCores = executor.resources.freeCoreCount();
    summary.usedCores = executor.resources.usedCoreCount();
    summary.freeMemory = executor.resources.freeMemory();
    summary.usedMemory = executor.resources.usedMemory();
    summary.tags = executor.tags();
    summary.state = executor.state;
    return summary;
}

std::optional<QByteArray> ControllerQueries::logBytes(const QString &appId,
                                                      const QString &instanceId,
                                                      const QString &file) const
{
    if (file != QLatin1String("output.log"))
        return std::nullopt;
    if (const InstanceRuntime *runtime = m_engine.m_sim->instance(instanceId)) {
        if (runtime->info.appId != appId)
            return std::nullopt;
        return m_engine.m_sim->materializedLog(instanceId);
    }
    if (const AppRecord *app = m_engine.findApp(appId))
        for (const auto &old : app->old)
            if (old.info.instanceId == instanceId)
                return old.log;
    return std::nullopt;
}

QMap<QString, protocol::AppSummary> ControllerQueries::applications(qint64 from, qint64 size) const
{
    QMap<QString, protocol::AppSummary> result;
    qint64 index = 0;
    for (const auto &entry : m_engine.m_apps) {
        if (index++ < from)
            continue;
        if (result.size() >= size)
            break;
        result.insert(entry.first, summaryOf(*entry.second));
    }
    return result;
}

void ControllerQueries::writeApplications(QByteArray *out, qint64 from, qint64 size) const
{
    // Memory-bound: 10,000 records and cached buffers spread over a heap shared with 100,000
    // instances. The records are walked from a contiguous array (no map nodes to chase) and
    // loads for a few apps ahead are started early so that their cache misses overlap.
    auto &order = m_engine.m_appOrder;
    if (!m_engine.m_appOrderValid) {
        order.clear();
        order.reserve(m_engine.m_apps.size());
        for (const auto &entry : m_engine.m_apps)
            order.push_back(entry.second.get());
        m_engine.m_appOrderValid = true;
    }
    const auto count = qint64(order.size());
    const qint64 first = qBound<qint64>(0, from, count);
    const qint64 last = first + qBound<qint64>(0, size, count - first);
    constexpr qint64 kRecordAhead = 8;
    constexpr qint64 kBytesAhead = 4;
    out->append('{');
    for (qint64 i = first; i < last; ++i) {
        if (i + kRecordAhead < last) {
            __builtin_prefetch(order[std::size_t(i + kRecordAhead)]);
            __builtin_prefetch(&order[std::size_t(i + kRecordAhead)]->listBytes);
        }
        if (i + kBytesAhead < last)
            __builtin_prefetch(order[std::size_t(i + kBytesAhead)]->listBytes.constData());
        if (i > first)
            out->append(',');
        writeListEntry(*order[std::size_t(i)], out);
    }
    out->append('}');
}

int ControllerQueries::applicationCount() const
{
    return int(m_engine.m_apps.size());
}

std::optional<protocol::AppSummary> ControllerQueries::appSummary(const QString &appId) const
{
    const AppRecord *app = m_engine.findApp(appId);
    return app ? std::optional(summaryOf(*app)) : std::nullopt;
}

std::optional<protocol::ApplicationSpec> ControllerQueries::spec(const QString &appId) const
{
    const AppRecord *app = m_engine.findApp(appId);
    return app ? std::optional(app->spec->masked()) : std::nullopt;
}

QList<protocol::InstanceInfo> ControllerQueries::instances(const QString &appId,
                                                           const QList<InstanceState> &states) const
{
    QList<protocol::InstanceInfo> result;
    for (const InstanceRuntime *runtime : m_engine.liveInstances(appId)) {
        // A failed instance still on its executor is an old one until it is cleaned up.
        if (!protocol::isActive(runtime->info.state) || m_engine.isStale(runtime->info))
            continue;
        if (!states.isEmpty() && !states.contains(runtime->info.state))
            continue;
        result.append(runtime->info);
    }
    std::sort(result.begin(), result.end(), [](const auto &a, const auto &b) {
        return a.created != b.created ? a.created < b.created : a.instanceId < b.instanceId;
    });
    return result;
}

QList<protocol::InstanceInfo> ControllerQueries::oldInstances(const QString &appId, qint64 start,
                                                              qint64 size) const
{
    QList<protocol::InstanceInfo> result;
    const AppRecord *app = m_engine.findApp(appId);
    if (!app || start < 0)
        return result;
    for (qint64 i = start; i < app->old.size() && result.size() < size; ++i)
        result.append(app->old[i].info);
    return result;
}

std::optional<protocol::InstanceInfo> ControllerQueries::instance(const QString &appId,
                                                                  const QString &instanceId) const
{
    if (const InstanceRuntime *runtime = m_engine.m_sim->instance(instanceId))
        return runtime->info.appId == appId ? std::optional(runtime->info) : std::nullopt;
    if (const AppRecord *app = m_engine.findApp(appId))
        for (const auto &old : app->old)
            if (old.info.instanceId == instanceId)
                return old.info;
    return std::nullopt;
}

QList<protocol::ExposedAppInfo> ControllerQueries::endpoints(const QStringList &appNames) const
{
    QList<protocol::ExposedAppInfo> result;
    const bool skipStaleness = m_engine.isInMaintenanceWindow();
    for (const auto &entry : m_engine.m_apps) {
        const AppRecord &app = *entry.second;
        const auto &spec = *app.spec;
        if (!protocol::isActiveAppState(app.state) || !spec.exposureSpec)
            continue;
        if (!appNames.isEmpty() && !appNames.contains(spec.name))
            continue;
        const protocol::PortSpec *port = spec.port(spec.exposureSpec->portName);
        if (!port)
            continue;
        protocol::ExposedAppInfo info;
        info.appName = spec.name;
        info.appId = app.appId;
        info.vhost = spec.exposureSpec->vhost;
        info.tags = spec.tags.value_or(QMap<QString, QString>());
        QList<protocol::InstanceInfo> healthy;
        for (const InstanceRuntime *runtime : m_engine.liveInstances(app.appId))
            if (runtime->info.state == InstanceState::Healthy && runtime->info.localInfo
                && (skipStaleness || !m_engine.isStale(runtime->info)))
                healthy.append(runtime->info);
        std::sort(healthy.begin(), healthy.end(),
                  [](const auto &a, const auto &b) { return a.created < b.created; });
        for (const auto &instance : std::as_const(healthy)) {
            const int hostPort = instance.hostPort(port->name);
            if (hostPort <= 0)
                continue;
            info.hosts.append({instance.localInfo->hostname, hostPort,
                               port->type.value_or(protocol::PortType::Http)});
        }
        result.append(info);
    }
    return result;
}

std::optional<protocol::ClusterSummary> ControllerQueries::clusterSummary() const
{
    protocol::ClusterSummary summary;
    summary.leader = m_engine.m_config.leaderAddress;
    summary.state = m_engine.m_clusterState.state;
    for (const auto &entry : m_engine.m_sim->executors()) {
        const SimExecutor &executor = entry.second;
        if (executor.state != protocol::ExecutorState::Active)
            continue;
        ++summary.numExecutors;
        summary.freeCores += executor.resources.freeCoreCount();
        summary.usedCores += executor.resources.usedCoreCount();
        summary.freeMemory += executor.resources.freeMemory();
        summary.usedMemory += executor.resources.usedMemory();
    }
    summary.totalCores = summary.freeCores + summary.usedCores;
    summary.totalMemory = summary.freeMemory + summary.usedMemory;
    summary.numApplications = int(m_engine.m_apps.size());
    for (const auto &entry : m_engine.m_apps)
        if (protocol::isActiveAppState(entry.second->state))
            ++summary.numActiveApplications;
    return summary;
}

QList<protocol::ExecutorSummary> ControllerQueries::executors() const
{
    QList<protocol::ExecutorSummary> result;
    for (const auto &entry : m_engine.m_sim->executors())
        result.append(executorSummary(entry.second));
    return result;
}

std::optional<protocol::ExecutorNodeData>
ControllerQueries::executorDetails(const QString &executorId) const
{
    const SimExecutor *executor = m_engine.m_sim->executor(executorId);
    if (!executor || executor->state == protocol::ExecutorState::Removed)
        return std::nullopt;
    protocol::ExecutorNodeData data;
    data.hostname = executor->config.hostname;
    data.port = executor->config.port;
    data.transportType = executorSummary(*executor).transportType;
    data.updated = executor->updated;
    data.executorId = executor->id;
    protocol::ExecutorNodeData::Layout layout;
    for (int node : executor->resources.nodeIds()) {
        const QString key = QString::number(node);
        data.cpus.freeCores.insert(key, executor->resources.freeCores(node));
        data.cpus.usedCores.insert(key, executor->resources.usedCores(node));
        data.memory.freeMemory.insert(key, executor->resources.freeMemory(node));
        data.memory.usedMemory.insert(key, executor->resources.usedMemory(node));
        layout.cores.insert(key, executor->resources.layoutCores(node));
        layout.memory.insert(key, executor->resources.layoutMemory(node));
    }
    data.layout = layout;
    QList<const InstanceRuntime *> onExecutor = m_engine.m_sim->instancesOn(executorId);
    std::sort(onExecutor.begin(), onExecutor.end(),
              [](const auto *a, const auto *b) { return a->info.created < b->info.created; });
    for (const InstanceRuntime *runtime : std::as_const(onExecutor))
        data.instances.append(runtime->info);
    data.serviceInstances = QJsonArray();
    data.tags = executor->tags();
    data.metadata = executor->config.metadata;
    data.executorState = executor->state;
    return data;
}

protocol::DroveEventsList ControllerQueries::eventsSince(qint64 lastSyncTime, qint64 size) const
{
    return m_engine.m_events.since(lastSyncTime, size);
}

protocol::DroveEventsSummary ControllerQueries::eventsSummary(qint64 lastSyncTime) const
{
    return m_engine.m_events.summary(lastSyncTime);
}

QStringList ControllerQueries::logFiles(const QString &appId, const QString &instanceId) const
{
    return instance(appId, instanceId) ? QStringList {QStringLiteral("output.log")} : QStringList();
}

std::optional<LogChunk> ControllerQueries::readLog(const QString &appId, const QString &instanceId,
                                                   const QString &file, qint64 offset,
                                                   qint64 length) const
{
    const auto bytes = logBytes(appId, instanceId, file);
    if (!bytes)
        return std::nullopt;
    LogChunk chunk;
    if (offset < 0) {
        chunk.offset = bytes->size();
        return chunk;
    }
    chunk.offset = offset;
    if (offset < bytes->size())
        chunk.data = bytes->mid(offset, length < 0 ? -1 : length);
    return chunk;
}

std::optional<QByteArray> ControllerQueries::logContent(const QString &appId,
                                                        const QString &instanceId,
                                                        const QString &file) const
{
    return logBytes(appId, instanceId, file);
}

QList<OperationRecord> ControllerQueries::operations(const QString &appId) const
{
    QList<OperationRecord> result;
    for (const QString &id : m_engine.m_recordOrder) {
        const OperationRecord &record = m_engine.m_records[id];
        if (appId.isEmpty() || record.appId == appId)
            result.append(record);
    }
    return result;
}

std::optional<OperationRecord> ControllerQueries::operation(const QString &operationId) const
{
    const auto it = m_engine.m_records.constFind(operationId);
    return it == m_engine.m_records.cend() ? std::nullopt : std::optional(*it);
}

std::optional<OperationRecord> ControllerQueries::activeOperation(const QString &appId) const
{
    const AppRecord *app = m_engine.findApp(appId);
    if (!app || !app->op)
        return std::nullopt;
    return m_engine.m_records.value(app->op->record.operationId);
}

} // namespace drove::controller
