#include "controller/controllerconfig.h"

#include <QHash>

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

} // namespace drove::controller
