#include "protocol/clusteropspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

ClusterOpSpec ClusterOpSpec::defaults()
{
    return make(Duration::seconds(300), 1, FailureStrategy::Stop);
}

ClusterOpSpec ClusterOpSpec::make(const Duration &timeout, qint64 parallelism,
                                  FailureStrategy strategy)
{
    ClusterOpSpec spec;
    spec.timeout = timeout;
    spec.parallelism = parallelism;
    spec.failureStrategy = strategy;
    return spec;
}

std::optional<ClusterOpSpec> ClusterOpSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                     const QString &path)
{
    JsonReader reader(json, error, path);
    ClusterOpSpec spec;
    spec.timeout = reader.optDuration(QStringLiteral("timeout"));
    spec.parallelism = reader.int32(QStringLiteral("parallelism"));
    spec.failureStrategy = reader.optEnum<FailureStrategy>(QStringLiteral("failureStrategy"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject ClusterOpSpec::toJson() const
{
    QJsonObject json;
    if (timeout)
        json.insert(QStringLiteral("timeout"), timeout->toJson());
    json.insert(QStringLiteral("parallelism"), QJsonValue(parallelism));
    if (failureStrategy)
        json.insert(QStringLiteral("failureStrategy"), enumToString(*failureStrategy));
    return json;
}

bool ClusterOpSpec::operator==(const ClusterOpSpec &other) const
{
    return timeout == other.timeout && parallelism == other.parallelism
        && failureStrategy == other.failureStrategy;
}

} // namespace drove::protocol
