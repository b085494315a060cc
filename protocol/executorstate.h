#pragma once

#include "protocol/enuminfo.h"

#include <QString>

#include <optional>

namespace drove::protocol {

/// Executor states (drove-api.md §2.2 item 4).
enum class ExecutorState {
    Active,
    BlacklistRequested,
    Blacklisted,
    Unready,
    Removed,
};

template<>
struct EnumInfo<ExecutorState>
{
    static constexpr const char *typeName = "ExecutorState";
    static constexpr std::array<const char *, 5> names {"ACTIVE", "BLACKLIST_REQUESTED",
                                                        "BLACKLISTED", "UNREADY", "REMOVED"};
};

QString toString(ExecutorState state);
/// Case-insensitive; nullopt for an unknown name.
std::optional<ExecutorState> executorStateFromString(QStringView text);

} // namespace drove::protocol
