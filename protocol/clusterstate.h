#pragma once

#include "protocol/enuminfo.h"

#include <QString>

#include <optional>

namespace drove::protocol {

/// Cluster state (drove-api.md §0.5).
enum class ClusterState {
    Normal,
    Maintenance,
};

template<>
struct EnumInfo<ClusterState>
{
    static constexpr const char *typeName = "ClusterState";
    static constexpr std::array<const char *, 2> names {"NORMAL", "MAINTENANCE"};
};

QString toString(ClusterState state);
/// Case-insensitive; nullopt for an unknown name.
std::optional<ClusterState> clusterStateFromString(QStringView text);

} // namespace drove::protocol
