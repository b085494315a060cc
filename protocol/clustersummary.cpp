#include "protocol/clustersummary.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<ClusterSummary> ClusterSummary::fromJson(const QJsonValue &json, ParseError *error,
                                                       const QString &path)
{
    JsonReader reader(json, error, path);
    ClusterSummary summary;
    summary.leader = reader.string(QStringLiteral("leader"));
    if (const auto state = reader.optEnum<ClusterState>(QStringLiteral("state")))
        summary.state = *state;
    summary.numExecutors = reader.int32(QStringLiteral("numExecutors"));
    summary.numApplications = reader.int32(QStringLiteral("numApplications"));
    summary.numActiveApplications = reader.int32(QStringLiteral("numActiveApplications"));
    summary.numActiveTasks = reader.int32(QStringLiteral("numActiveTasks"));
    summary.numLocalServices = reader.int32(QStringLiteral("numLocalServices"));
    summary.numActiveLocalServices = reader.int32(QStringLiteral("numActiveLocalServices"));
    summary.freeCores = reader.int32(QStringLiteral("freeCores"));
    summary.usedCores = reader.int32(QStringLiteral("usedCores"));
    summary.totalCores = reader.int32(QStringLiteral("totalCores"));
    summary.freeMemory = reader.int64(QStringLiteral("freeMemory"));
    summary.usedMemory = reader.int64(QStringLiteral("usedMemory"));
    summary.totalMemory = reader.int64(QStringLiteral("totalMemory"));
    if (!reader.ok())
        return std::nullopt;
    return summary;
}

QJsonObject ClusterSummary::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("leader"), leader);
    json.insert(QStringLiteral("state"), enumToString(state));
    json.insert(QStringLiteral("numExecutors"), numExecutors);
    json.insert(QStringLiteral("numApplications"), numApplications);
    json.insert(QStringLiteral("numActiveApplications"), numActiveApplications);
    json.insert(QStringLiteral("numActiveTasks"), numActiveTasks);
    json.insert(QStringLiteral("numLocalServices"), numLocalServices);
    json.insert(QStringLiteral("numActiveLocalServices"), numActiveLocalServices);
    json.insert(QStringLiteral("freeCores"), freeCores);
    json.insert(QStringLiteral("usedCores"), usedCores);
    json.insert(QStringLiteral("totalCores"), totalCores);
    json.insert(QStringLiteral("freeMemory"), QJsonValue(freeMemory));
    json.insert(QStringLiteral("usedMemory"), QJsonValue(usedMemory));
    json.insert(QStringLiteral("totalMemory"), QJsonValue(totalMemory));
    return json;
}

bool ClusterSummary::operator==(const ClusterSummary &other) const
{
    return leader == other.leader && state == other.state && numExecutors == other.numExecutors
        && numApplications == other.numApplications
        && numActiveApplications == other.numActiveApplications
        && numActiveTasks == other.numActiveTasks && numLocalServices == other.numLocalServices
        && numActiveLocalServices == other.numActiveLocalServices && freeCores == other.freeCores
        && usedCores == other.usedCores && totalCores == other.totalCores
        && freeMemory == other.freeMemory && usedMemory == other.usedMemory
        && totalMemory == other.totalMemory;
}

} // namespace drove::protocol
