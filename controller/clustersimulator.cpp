#include "controller/clustersimulator.h"

#include <QDateTime>
#include <QUuid>

#include <cmath>

namespace drove::controller {

using protocol::InstanceState;

namespace {
qint64 durationMs(const std::optional<protocol::Duration> &duration, qint64 fallback = 0)
{
    return duration ? duration->toMilliseconds() : fallback;
}

QString stamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

ClusterSimulator::ClusterSimulator(Clock &clock, QRandomGenerator &random,
                                   const ControllerConfig &config, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_random(random)
    , m_config(config)
    , m_faults(config.faults)
    , m_timeScale(config.timeScale)
{ }

ClusterSimulator::~ClusterSimulator()
{
    for (const auto &runtime : std::as_const(m_instances))
        if (runtime->timer)
            m_clock.cancel(runtime->timer);
}

SimExecutor *ClusterSimulator::executor(const QString &id)
{
    const auto it = m_executors.find(id);
    return it == m_executors.end() ? nullptr : &it->second;
}

const SimExecutor *ClusterSimulator::executor(const QString &id) const
{
    const auto it = m_executors.find(id);
    return it == m_executors.end() ? nullptr : &it->second;
}

SimExecutor &ClusterSimulator::addExecutor(const SimExecutor &executor)
{
    auto &slot = m_executors[executor.id];
    slot = executor;
    if (onExecutorChanged)
        onExecutorChanged(slot);
    return slot;
}

bool ClusterSimulator::removeExecutor(const QString &id, const QString &reason)
{
    SimExecutor *node = executor(id);
    if (!node || node->state == protocol::ExecutorState::Removed)
        return false;
    for (const InstanceRuntime *runtime : instancesOn(id))
        terminate(runtime->info.instanceId, InstanceState::Lost, reason);
    node->state = protocol::ExecutorState::Removed;
    node->reachable = false;
    node->removedAt = m_clock.now();
    node->updated = m_clock.now();
    if (onExecutorChanged)
        onExecutorChanged(*node);
    return true;
}

bool ClusterSimulator::disappearExecutor(const QString &id)
{
    SimExecutor *node = executor(id);
    if (!node || !node->reachable)
        return false;
    node->reachable = false;
    for (const InstanceRuntime *constRuntime : instancesOn(id)) {
        auto *runtime = const_cast<InstanceRuntime *>(constRuntime);
        if (!runtime->frozen)
            ++m_frozenByApp[runtime->info.appId];
        runtime->frozen = true;
        if (runtime->timer) {
            m_clock.cancel(runtime->timer);
            runtime->timer = 0;
        }
    }
    if (onExecutorChanged)
        onExecutorChanged(*node);
    return true;
}

QStringList ClusterSimulator::pruneRemoved(qint64 retentionMs)
{
    QStringList pruned;
    for (auto it = m_executors.begin(); it != m_executors.end();) {
        if (it->second.state == protocol::ExecutorState::Removed
            && it->second.removedAt + retentionMs < m_clock.now()) {
            pruned.append(it->first);
            it = m_executors.erase(it);
        } else {
            ++it;
        }
    }
    return pruned;
}

InstanceRuntime *ClusterSimulator::instance(const QString &instanceId)
{
    const auto it = m_instances.constFind(instanceId);
    return it == m_instances.cend() ? nullptr : it->get();
}

const InstanceRuntime *ClusterSimulator::instance(const QString &instanceId) const
{
    const auto it = m_instances.constFind(instanceId);
    return it == m_instances.cend() ? nullptr : it->get();
}

QList<const InstanceRuntime *> ClusterSimulator::instancesOfApp(const QString &appId) const
{
    QList<const InstanceRuntime *> result;
    // constFind, not value(): iterating a copied QSet detaches it, copying its buckets per call.
    if (const auto ids = m_byApp.constFind(appId); ids != m_byApp.cend())
        result.reserve(qsizetype(ids->size()));
    forEachInstanceOf(appId, [&result](const InstanceRuntime *runtime) { result.append(runtime); });
    return result;
}

QList<const InstanceRuntime *> ClusterSimulator::instancesOn(const QString &executorId) const
{
    QList<const InstanceRuntime *> result;
    for (const auto &runtime : m_instances)
        if (runtime->info.executorId == executorId)
            result.append(runtime.get());
    return result;
}

QString ClusterSimulator::newInstanceId()
{
    // A UUID v4 from the core's seeded generator, so runs with a fixed seed are reproducible. A
    // restarted node with the same seed draws the same ids again: skip those it restored.
    QString id;
    do {
        QByteArray bytes(16, Qt::Uninitialized);
        for (int i = 0; i < 16; i += 4) {
            const quint32 value = m_random.generate();
            memcpy(bytes.data() + i, &value, 4);
        }
        bytes[6] = char((quint8(bytes[6]) & 0x0f) | 0x40);
        bytes[8] = char((quint8(bytes[8]) & 0x3f) | 0x80);
        id = QStringLiteral("AI-") + QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    } while (m_reservedIds.contains(id) || m_instances.contains(id));
    return id;
}

QString ClusterSimulator::launch(const QString &appId,
                                 std::shared_ptr<const protocol::ApplicationSpec> spec,
                                 SimExecutor &executor, const ResourceAllocation &allocation)
{
    auto runtime = std::make_shared<InstanceRuntime>();
    runtime->spec = std::move(spec);
    runtime->allocation = allocation;
    auto &info = runtime->info;
    info.appId = appId;
    info.appName = runtime->spec->name;
    info.instanceId = newInstanceId();
    info.executorId = executor.id;
    const QString node = QString::number(allocation.numaNode);
    info.resources = {protocol::ResourceAllocation::cpu({{node, allocation.cores}}),
                      protocol::ResourceAllocation::memory({{node, allocation.memoryMb}})};
    info.state = InstanceState::Pending;
    info.created = m_clock.now();
    info.updated = info.created;
    for (int i = 0; i < runtime->spec->exposedPorts.size(); ++i)
        runtime->hostPorts.append(
            executor.allocatePort(m_config.hostPortFirst, m_config.hostPortLast));
    const QString id = info.instanceId;
    m_instances.insert(id, runtime);
    m_byApp[appId][id] = runtime.get();
    appendLog(*runtime,
              QStringLiteral("Instance %1 of %2 accepted by executor %3 (%4)")
                  .arg(id, appId, executor.config.hostname, executor.id));
    if (onInstanceChanged)
        onInstanceChanged(*runtime, InstanceState::Pending);
    scheduleNext(*runtime);
    return id;
}

void ClusterSimulator::assignLocalInfo(InstanceRuntime &runtime)
{
    const SimExecutor *node = executor(runtime.info.executorId);
    protocol::LocalInstanceInfo local;
    local.hostname = node ? node->config.hostname : QString();
    const auto &ports = runtime.spec->exposedPorts;
    for (int i = 0; i < ports.size(); ++i) {
        protocol::InstancePort port;
        port.containerPort = ports[i].port;
        port.hostPort = runtime.hostPorts.value(i);
        port.portType = ports[i].type.value_or(protocol::PortType::Http);
        local.ports.insert(ports[i].name, port);
    }
    runtime.info.localInfo = local;
}

void ClusterSimulator::setStartupHint(const QString &appId, qint64 ms)
{
    if (ms > 0)
        m_startupHints.insert(appId, ms);
    else
        m_startupHints.remove(appId);
}

qint64 ClusterSimulator::scaled(qint64 ms) const
{
    return qint64(std::llround(double(ms) * m_timeScale));
}

bool ClusterSimulator::roll(double probability)
{
    return probability > 0 && m_random.generateDouble() < probability;
}

void ClusterSimulator::scheduleNext(InstanceRuntime &runtime)
{
    if (runtime.frozen)
        return;
    if (runtime.timer)
        m_clock.cancel(runtime.timer);
    runtime.timer = 0;
    const auto &spec = *runtime.spec;
    qint64 delay = -1;
    switch (runtime.info.state) {
    case InstanceState::Pending:
        delay = 50;
        break;
    case InstanceState::Provisioning: {
        // Pull time grows with the configured pull timeout but stays short: 0.5–1.5 s at scale 1.
        const qint64 pullTimeout
            = spec.executable ? durationMs(spec.executable->dockerPullTimeout) : 0;
        delay = 500 + qint64(m_random.bounded(1000)) + qMin<qint64>(pullTimeout / 1000, 500);
        if (const qint64 hint = m_startupHints.value(runtime.info.appId); hint > 0) {
            // The other steps as scheduled below (their fixed parts and mean draws), so that
            // PENDING → HEALTHY takes about the measured time; ±10 % keeps instances apart.
            const auto &readiness = spec.readiness;
            const auto &health = spec.healthcheck;
            const qint64 rest = 50 + 450
                + (readiness ? qMin<qint64>(durationMs(readiness->initialDelay), 10000)
                           + qMin<qint64>(durationMs(readiness->interval, 1000), 1000)
                             : 500)
                + (health ? qMin<qint64>(durationMs(health->initialDelay), 10000)
                           + qMin<qint64>(durationMs(health->interval, 1000), 1000) / 2
                          : 300);
            const qint64 pull = qMax<qint64>(100, hint - rest);
            delay = pull + qint64(m_random.bounded(quint32(qMax<qint64>(1, pull / 5)))) - pull / 10;
        }
        break;
    }
    case InstanceState::Starting:
        delay = 300 + qint64(m_random.bounded(300));
        break;
    case InstanceState::Unready: {
        const auto &check = spec.readiness;
        delay = check ? qMin<qint64>(durationMs(check->initialDelay), 10000)
                + qMin<qint64>(durationMs(check->interval, 1000), 1000)
                      : 500;
        break;
    }
    case InstanceState::Ready: {
        const auto &check = spec.healthcheck;
        delay = check ? qMin<qint64>(durationMs(check->initialDelay), 10000)
                + qMin<qint64>(durationMs(check->interval, 1000), 1000) / 2
                      : 300;
        break;
    }
    case InstanceState::Healthy: {
        if (m_faults.healthFailure <= 0 && !runtime.stopRequested)
            return;
        // Time until checks start failing: geometric in check intervals, then `attempts` fails.
        const auto &check = spec.healthcheck;
        const qint64 interval = qMax<qint64>(check ? durationMs(check->interval, 1000) : 1000, 100);
        const int attempts = qMax(1, check ? check->attempts : 1);
        const double u = qMax(1e-12, m_random.generateDouble());
        const double p = qMin(1.0, m_faults.healthFailure);
        const qint64 intervals = p >= 1.0 ? 1 : qint64(std::ceil(std::log(u) / std::log(1.0 - p)));
        runtime.timer
            = m_clock.schedule((qMin<qint64>(intervals, 1000000) + attempts) * interval,
                               [this, id = runtime.info.instanceId] { failHealth(id); }, this);
        return;
    }
    case InstanceState::Unhealthy:
        delay = 200;
        break;
    case InstanceState::Stopping: {
        const qint64 wait = spec.preShutdown ? durationMs(spec.preShutdown->waitBeforeKill) : 0;
        delay = wait + 200;
        break;
    }
    case InstanceState::ProvisioningFailed:
    case InstanceState::StartFailed:
    case InstanceState::ReadinessCheckFailed:
        // The executor cleans up a failed instance (destroy or stop action) before it ends.
        delay = 200;
        break;
    case InstanceState::Deprovisioning:
        delay = 300;
        break;
    default:
        return;
    }
    runtime.timer = m_clock.schedule(
        scaled(delay), [this, id = runtime.info.instanceId] { advance(id); }, this);
}

void ClusterSimulator::advance(const QString &instanceId)
{
    InstanceRuntime *runtime = instance(instanceId);
    if (!runtime || runtime->frozen)
        return;
    runtime->timer = 0;
    const auto &spec = *runtime->spec;
    switch (runtime->info.state) {
    case InstanceState::Pending:
        if (runtime->stopRequested)
            return beginStop(*runtime);
        setState(*runtime, InstanceState::Provisioning);
        break;
    case InstanceState::Provisioning:
        if (roll(m_faults.provisioningFailure))
            return setState(*runtime, InstanceState::ProvisioningFailed,
                            QStringLiteral("Error while pulling image %1: simulated pull failure")
                                .arg(spec.executable ? spec.executable->url : QString()));
        if (runtime->stopRequested)
            return beginStop(*runtime);
        setState(*runtime, InstanceState::Starting);
        break;
    case InstanceState::Starting:
        if (roll(m_faults.startFailure))
            return setState(*runtime, InstanceState::StartFailed,
                            QStringLiteral("Error creating container: simulated start failure"));
        if (runtime->stopRequested)
            return beginStop(*runtime);
        assignLocalInfo(*runtime);
        setState(*runtime, InstanceState::Unready);
        break;
    case InstanceState::Unready:
        if (runtime->stopRequested)
            return beginStop(*runtime);
        if (roll(m_faults.readinessFailure))
            return setState(*runtime, InstanceState::ReadinessCheckFailed,
                            QStringLiteral("Readiness check failed: simulated failure"));
        setState(*runtime, InstanceState::Ready);
        break;
    case InstanceState::Ready:
        if (runtime->stopRequested)
            return beginStop(*runtime);
        runtime->healthySince = m_clock.now();
        runtime->trafficUntil = runtime->healthySince;
        setState(*runtime, InstanceState::Healthy);
        break;
    case InstanceState::Unhealthy:
        setState(*runtime, InstanceState::Deprovisioning);
        break;
    case InstanceState::Stopping:
    case InstanceState::ProvisioningFailed:
    case InstanceState::StartFailed:
    case InstanceState::ReadinessCheckFailed:
        // ApplicationInstanceStateMachine: every failure state goes on to DEPROVISIONING; the
        // error message is kept (StateData.from), so STOPPED still carries it.
        setState(*runtime, InstanceState::Deprovisioning);
        break;
    case InstanceState::Deprovisioning:
        setState(*runtime, InstanceState::Stopped);
        break;
    default:
        break;
    }
}

void ClusterSimulator::beginStop(InstanceRuntime &runtime)
{
    setState(runtime, InstanceState::Stopping);
}

bool ClusterSimulator::stop(const QString &instanceId)
{
    InstanceRuntime *runtime = instance(instanceId);
    if (!runtime)
        return false;
    if (runtime->stopRequested || runtime->frozen)
        return true;
    runtime->stopRequested = true;
    switch (runtime->info.state) {
    case InstanceState::Unready:
    case InstanceState::Ready:
    case InstanceState::Healthy:
        if (runtime->timer) {
            m_clock.cancel(runtime->timer);
            runtime->timer = 0;
        }
        beginStop(*runtime);
        break;
    default:
        // PENDING/PROVISIONING/STARTING stop at their next step; stopping states carry on.
        break;
    }
    return true;
}

bool ClusterSimulator::failHealth(const QString &instanceId)
{
    InstanceRuntime *runtime = instance(instanceId);
    if (!runtime || runtime->frozen || runtime->info.state != InstanceState::Healthy)
        return false;
    if (runtime->timer) {
        m_clock.cancel(runtime->timer);
        runtime->timer = 0;
    }
    setState(*runtime, InstanceState::Unhealthy,
             QStringLiteral("Healthcheck failed: simulated health check failure"));
    return true;
}

void ClusterSimulator::terminate(const QString &instanceId, InstanceState state,
                                 const QString &error)
{
    InstanceRuntime *runtime = instance(instanceId);
    if (!runtime)
        return;
    if (runtime->timer) {
        m_clock.cancel(runtime->timer);
        runtime->timer = 0;
    }
    setState(*runtime, state, error);
}

void ClusterSimulator::setState(InstanceRuntime &runtime, InstanceState state, const QString &error)
{
    if (runtime.info.state == InstanceState::Healthy && state != InstanceState::Healthy)
        materializeTraffic(runtime);
    const InstanceState previous = runtime.info.state;
    runtime.info.state = state;
    runtime.info.updated = m_clock.now();
    if (!error.isEmpty())
        runtime.info.errorMessage = error;
    appendLog(runtime,
              QStringLiteral("State changed %1 -> %2%3")
                  .arg(protocol::toString(previous), protocol::toString(state),
                       error.isEmpty() ? QString() : QStringLiteral(": ") + error));
    // A failed instance is not active but is still on its executor until it is cleaned up:
    // only STOPPED and LOST end it.
    const bool ended = protocol::isTerminal(state);
    // Keep the runtime alive across the hook; an ended instance leaves the maps first so that
    // whatever the hook starts next sees the cluster as it now is.
    const auto keep = m_instances.value(runtime.info.instanceId);
    if (ended) {
        finish(runtime);
        if (runtime.frozen) {
            if (const auto frozen = m_frozenByApp.find(runtime.info.appId);
                frozen != m_frozenByApp.end() && --frozen.value() <= 0)
                m_frozenByApp.erase(frozen);
            runtime.frozen = false;
        }
        if (const auto ids = m_byApp.find(runtime.info.appId); ids != m_byApp.end()) {
            ids->erase(runtime.info.instanceId);
            if (ids->empty())
                m_byApp.erase(ids);
        }
        m_instances.remove(runtime.info.instanceId);
    }
    if (onInstanceChanged)
        onInstanceChanged(runtime, previous);
    // A hook that moved the instance on (e.g. stopped it) has already scheduled its next step.
    if (!ended && runtime.info.state == state)
        scheduleNext(runtime);
}

void ClusterSimulator::finish(InstanceRuntime &runtime)
{
    if (runtime.timer) {
        m_clock.cancel(runtime.timer);
        runtime.timer = 0;
    }
    if (SimExecutor *node = executor(runtime.info.executorId)) {
        node->resources.release(runtime.allocation);
        for (int port : std::as_const(runtime.hostPorts))
            node->releasePort(port);
    }
    runtime.allocation = ResourceAllocation();
    runtime.hostPorts.clear();
}

bool ClusterSimulator::restore(const protocol::InstanceInfo &info,
                               std::shared_ptr<const protocol::ApplicationSpec> spec)
{
    SimExecutor *node = executor(info.executorId);
    if (!node || !protocol::isActive(info.state) || m_instances.contains(info.instanceId))
        return false;
    auto runtime = std::make_shared<InstanceRuntime>();
    runtime->info = info;
    runtime->spec = std::move(spec);
    for (const auto &resource : info.resources) {
        if (resource.type == protocol::ResourceType::Cpu && !resource.cores.isEmpty()) {
            runtime->allocation.numaNode = resource.cores.firstKey().toInt();
            runtime->allocation.cores = resource.cores.first();
        } else if (resource.type == protocol::ResourceType::Memory
                   && !resource.memoryInMB.isEmpty()) {
            runtime->allocation.memoryMb = resource.memoryInMB.first();
        }
    }
    if (!node->resources.claim(runtime->allocation))
        return false;
    if (info.localInfo) {
        for (const auto &port : info.localInfo->ports) {
            node->usedPorts.insert(port.hostPort);
            runtime->hostPorts.append(port.hostPort);
        }
    } else {
        for (int i = 0; i < runtime->spec->exposedPorts.size(); ++i)
            runtime->hostPorts.append(
                node->allocatePort(m_config.hostPortFirst, m_config.hostPortLast));
    }
    runtime->frozen = !node->reachable;
    if (runtime->frozen)
        ++m_frozenByApp[info.appId];
    runtime->info.updated = node->reachable ? m_clock.now() : info.updated;
    if (info.state == InstanceState::Healthy) {
        runtime->healthySince = m_clock.now();
        runtime->trafficUntil = runtime->healthySince;
    }
    if (info.state == InstanceState::Stopping || info.state == InstanceState::Unhealthy
        || info.state == InstanceState::Deprovisioning)
        runtime->stopRequested = true;
    m_instances.insert(info.instanceId, runtime);
    m_byApp[info.appId][info.instanceId] = runtime.get();
    appendLog(*runtime,
              QStringLiteral("Instance re-attached after controller restart in state %1")
                  .arg(protocol::toString(info.state)));
    scheduleNext(*runtime);
    return true;
}

void ClusterSimulator::refreshReports()
{
    const qint64 now = m_clock.now();
    for (auto &runtime : m_instances) {
        if (runtime->frozen)
            continue;
        runtime->info.updated = now;
    }
    for (auto &entry : m_executors)
        if (entry.second.reachable)
            entry.second.updated = now;
}

void ClusterSimulator::appendLog(InstanceRuntime &runtime, const QString &line)
{
    runtime.log += (stamp(m_clock.now()) + QStringLiteral(" INFO  [drove-executor] ") + line
                    + QLatin1Char('\n'))
                       .toUtf8();
}

void ClusterSimulator::materializeTraffic(InstanceRuntime &runtime)
{
    if (runtime.healthySince == 0 || runtime.info.state != InstanceState::Healthy)
        return;
    constexpr qint64 LineSpacingMs = 1500;
    constexpr int MaxLinesPerCall = 400;
    constexpr qsizetype MaxLogBytes = 1 << 20;
    const qint64 now = m_clock.now();
    // Only the most recent lines are produced when a long stretch was never read.
    qint64 from = qMax(runtime.trafficUntil, now - LineSpacingMs * MaxLinesPerCall);
    static const char *const paths[]
        = {"/", "/health", "/api/v1/items", "/api/v1/orders", "/static/app.js"};
    static const int codes[] = {200, 200, 200, 201, 304, 404, 500};
    const uint seed = qHash(runtime.info.instanceId);
    for (qint64 t = from + LineSpacingMs; t <= now; t += LineSpacingMs) {
        if (runtime.log.size() > MaxLogBytes)
            break;
        const uint h = seed ^ uint(t / LineSpacingMs) * 2654435761u;
        // Decided by the line's own hash, so re-reading a log never changes what it says.
        if (m_faults.logError > 0 && double((h >> 3) % 100000) < m_faults.logError * 100000) {
            runtime.log += QStringLiteral("%1 ERROR [http] java.lang.IllegalStateException: "
                                          "simulated failure serving GET %2\n")
                               .arg(stamp(t), QLatin1String(paths[h % 5]))
                               .toUtf8();
            runtime.trafficUntil = t;
            continue;
        }
        runtime.log += QStringLiteral("%1 INFO  [http] 10.0.%2.%3 \"GET %4 HTTP/1.1\" %5 %6 %7ms\n")
                           .arg(stamp(t))
                           .arg((h >> 8) % 255)
                           .arg((h >> 16) % 255)
                           .arg(QLatin1String(paths[h % 5]))
                           .arg(codes[(h >> 4) % 7])
                           .arg(100 + (h >> 12) % 4000)
                           .arg(1 + (h >> 20) % 250)
                           .toUtf8();
        runtime.trafficUntil = t;
    }
    runtime.trafficUntil = qMax(runtime.trafficUntil, from);
}

QByteArray ClusterSimulator::materializedLog(const QString &instanceId)
{
    InstanceRuntime *runtime = instance(instanceId);
    if (!runtime)
        return {};
    materializeTraffic(*runtime);
    return runtime->log;
}

} // namespace drove::controller
