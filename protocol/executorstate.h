#pragma once

#include "protocol/enuminfo.h"

#include <QString>

#include <optional>

namespace drove::protocol {

// The enum lives in a nested namespace so that argument-dependent lookup of toString(value)
// (QtTest's QCOMPARE printers) does not find the QString-returning toString() below and
// fail to compile; everyone names it drove::protocol::ExecutorState.
namespace wire {
/// Executor states (drove-api.md §2.2 item 4).
enum class ExecutorState {
    Active,
    BlacklistRequested,
    Blacklisted,
    Unready,
    Removed,
};
} // namespace wire
using wire::ExecutorState;

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
