#include "protocol/clusterstatedata.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<ClusterStateData> ClusterStateData::fromJson(const QJsonValue &json,
                                                           ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    ClusterStateData data;
    if (const auto state = reader.optEnum<ClusterState>(QStringLiteral("state")))
        data.state = *state;
    data.updated = reader.int64(QStringLiteral("updated"));
    if (!reader.ok())
        return std::nullopt;
    return data;
}

QJsonObject ClusterStateData::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("state"), enumToString(state));
    json.insert(QStringLiteral("updated"), QJsonValue(updated));
    return json;
}

bool ClusterStateData::operator==(const ClusterStateData &other) const
{
    return state == other.state && updated == other.updated;
}

} // namespace drove::protocol
