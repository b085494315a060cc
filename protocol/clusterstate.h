#pragma once

#include "protocol/enuminfo.h"

#include <QString>

#include <optional>

namespace drove::protocol {

// The enum lives in a nested namespace so that argument-dependent lookup of toString(value)
// (QtTest's QCOMPARE printers) does not find the QString-returning toString() below and
// fail to compile; everyone names it drove::protocol::ClusterState.
namespace wire {
/// Cluster state (drove-api.md §0.5).
enum class ClusterState {
    Normal,
    Maintenance,
};
} // namespace wire
using wire::ClusterState;

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
