#include "controller/controllerconfig.h"

#include "protocol/duration.h"

#include <QHash>
#include <QJsonArray>

namespace drove::controller {

ExecutorConfig ExecutorConfig::make(const QString &hostname, int port, int nodes, int coresPerNode,
                                    qint64 memoryMbPerNode, const QStringList &tags)
{
    ExecutorConfig config;
    config.hostname = hostname;
    config.port = port;
    config.tags = tags;
    config.numaNodes = placement::uniformLayout(nodes, coresPerNode, memoryMbPerNode);
    return config;
}

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
} // namespace

std::optional<std::pair<qint64, qint64>> ControllerConfig::durationRangeMs(const QString &key)
{
    static const QHash<QString, std::pair<qint64, qint64>> ranges = {
        // engine timings (the file's timings section and the flat controller keys)
        {QStringLiteral("monitorPeriod"), {kSecond, kDay}},
        {QStringLiteral("monitorInitialDelay"), {0, kDay}},
        {QStringLiteral("executorReportInterval"), {kSecond, kHour}},
        {QStringLiteral("instanceStale"), {kSecond, kDay}},
        {QStringLiteral("eventRetention"), {kSecond, 30 * kDay}},
        {QStringLiteral("maintenanceTail"), {0, kDay}},
        {QStringLiteral("jobRetryInterval"), {100, kHour}},
        // default op spec
        {QStringLiteral("timeout"), {kSecond, 30 * kDay}},
        {QStringLiteral("clusterOpTimeout"), {kSecond, 30 * kDay}},
        // HTTP front
        {QStringLiteral("idleTimeout"), {kSecond, kDay}},
        {QStringLiteral("firstByteTimeout"), {kSecond, kHour}},
        {QStringLiteral("requestTimeout"), {kSecond, kHour}},
    };
    const auto it = ranges.constFind(key);
    if (it == ranges.cend())
        return std::nullopt;
    return *it;
}

QString ControllerConfig::describeMs(qint64 ms)
{
    const struct
    {
        qint64 size;
        const char *one;
        const char *many;
    } units[] = {{kDay, "day", "days"},
                 {kHour, "hour", "hours"},
                 {kMinute, "minute", "minutes"},
                 {kSecond, "second", "seconds"}};
    for (const auto &unit : units)
        if (ms != 0 && ms % unit.size == 0)
            return QStringLiteral("%1 %2")
                .arg(ms / unit.size)
                .arg(QLatin1String(ms == unit.size ? unit.one : unit.many));
    return QStringLiteral("%1 ms").arg(ms);
}

QString ControllerConfig::checkDuration(const QString &key, const QString &displayKey, qint64 ms)
{
    const auto range = durationRangeMs(key);
    if (!range || (ms >= range->first && ms <= range->second))
        return QString();
    return QStringLiteral("%1 must be between %2 and %3 (got %4)")
        .arg(displayKey, describeMs(range->first), describeMs(range->second), describeMs(ms));
}

QList<ExecutorConfig> ControllerConfig::defaultCluster()
{
    QList<ExecutorConfig> result;
    for (int i = 1; i <= 3; ++i)
        result.append(ExecutorConfig::make(QStringLiteral("executor-%1.drove.local").arg(i)));
    return result;
}

std::optional<ControllerConfig> ControllerConfig::fromJson(const QJsonObject &json, QString *error)
{
    ControllerConfig config;
    QString problem;
    auto fail = [&](const QString &message) {
        if (problem.isEmpty())
            problem = message;
    };
    auto number = [&](const QString &key, double fallback, double min, double max) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isDouble() || value.toDouble() < min || value.toDouble() > max) {
            fail(
                QStringLiteral("%1 must be a number between %2 and %3").arg(key).arg(min).arg(max));
            return fallback;
        }
        return value.toDouble();
    };
    auto duration = [&](const QString &key, qint64 fallback) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return fallback;
        QString message;
        const auto parsed = protocol::Duration::parse(value.toString(), &message);
        if (!value.isString() || !parsed) {
            fail(QStringLiteral("%1: %2").arg(
                key, message.isEmpty() ? QStringLiteral("not a duration") : message));
            return fallback;
        }
        if (const QString outOfRange = checkDuration(key, key, parsed->toMilliseconds());
            !outOfRange.isEmpty()) {
            fail(outOfRange);
            return fallback;
        }
        return parsed->toMilliseconds();
    };
    auto flag = [&](const QString &key, bool fallback) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            fail(QStringLiteral("%1 must be true or false").arg(key));
        return value.toBool(fallback);
    };

    if (json.contains(QStringLiteral("executors"))) {
        const QJsonValue executors = json.value(QStringLiteral("executors"));
        if (!executors.isArray())
            fail(QStringLiteral("executors must be a list"));
        for (const QJsonValue &value : executors.toArray()) {
            const QJsonObject node = value.toObject();
            const QString hostname = node.value(QStringLiteral("hostname")).toString();
            const int port = node.value(QStringLiteral("port")).toInt(3000);
            const int nodes = node.value(QStringLiteral("numaNodes")).toInt(2);
            const int cores = node.value(QStringLiteral("coresPerNode")).toInt(8);
            const qint64 memory = node.value(QStringLiteral("memoryMbPerNode")).toInteger(16384);
            if (hostname.isEmpty() || port <= 0 || port > 65535 || nodes < 1 || nodes > 64
                || cores < 1 || cores > 1024 || memory < 1) {
                fail(QStringLiteral("executor entries need a hostname, a port 1..65535, 1..64 NUMA "
                                    "nodes, 1..1024 cores and positive memory per node"));
                continue;
            }
            QStringList tags;
            for (const QJsonValue &tag : node.value(QStringLiteral("tags")).toArray())
                tags.append(tag.toString());
            ExecutorConfig executor
                = ExecutorConfig::make(hostname, port, nodes, cores, memory, tags);
            executor.transportType
                = node.value(QStringLiteral("transportType")).toString(QStringLiteral("HTTP"));
            config.executors.append(executor);
        }
    }
    config.timeScale = number(QStringLiteral("timeScale"), config.timeScale, 0, 1000);
    config.stateDir = json.value(QStringLiteral("stateDir")).toString();
    config.synchronousFull = flag(QStringLiteral("synchronousFull"), false);
    config.defaultOpTimeoutMs
        = duration(QStringLiteral("clusterOpTimeout"), config.defaultOpTimeoutMs);
    config.defaultOpParallelism
        = int(number(QStringLiteral("clusterOpParallelism"), config.defaultOpParallelism, 1, 32));
    const QJsonObject faults = json.value(QStringLiteral("faults")).toObject();
    auto probability = [&](const QString &key, double &target) {
        const QJsonValue value = faults.value(key);
        if (value.isUndefined())
            return;
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 1)
            fail(QStringLiteral("faults.%1 must be a probability between 0 and 1").arg(key));
        else
            target = value.toDouble();
    };
    probability(QStringLiteral("provisioningFailure"), config.faults.provisioningFailure);
    probability(QStringLiteral("startFailure"), config.faults.startFailure);
    probability(QStringLiteral("readinessFailure"), config.faults.readinessFailure);
    probability(QStringLiteral("healthFailure"), config.faults.healthFailure);
    config.eventRetentionMs = duration(QStringLiteral("eventRetention"), config.eventRetentionMs);
    config.monitorPeriodMs = duration(QStringLiteral("monitorPeriod"), config.monitorPeriodMs);
    config.maxOldInstances
        = int(number(QStringLiteral("maxOldInstances"), config.maxOldInstances, 0, 100000));
    config.leader = flag(QStringLiteral("leader"), true);
    config.leaderAddress
        = json.value(QStringLiteral("leaderAddress")).toString(config.leaderAddress);
    config.randomSeed = quint64(number(QStringLiteral("randomSeed"), 0, 0, 9.0e15));
    for (const QJsonValue &dir : json.value(QStringLiteral("allowedMountDirs")).toArray())
        config.allowedMountDirs.append(dir.toString());
    config.disableCmdlArgs = flag(QStringLiteral("disableCmdlArgs"), false);
    config.enableRawDeviceAccess = flag(QStringLiteral("enableRawDeviceAccess"), false);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return std::nullopt;
    }
    return config;
}

} // namespace drove::controller
