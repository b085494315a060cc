#pragma once

#include "protocol/enuminfo.h"

#include <QList>
#include <QString>

#include <optional>

namespace drove::protocol {

// The enum lives in a nested namespace so that argument-dependent lookup of toString(value)
// (QtTest's QCOMPARE printers) does not find the QString-returning toString() below and
// fail to compile; everyone names it drove::protocol::InstanceState.
namespace wire {
/// Application instance states, exact Drove names (drove-api.md §5.2).
enum class InstanceState {
    Pending,
    Provisioning,
    ProvisioningFailed,
    Starting,
    StartFailed,
    Unready,
    ReadinessCheckFailed,
    Ready,
    Healthy,
    Unhealthy,
    Deprovisioning,
    Stopping,
    Stopped,
    Lost,
    Unknown,
};
} // namespace wire
using wire::InstanceState;

template<>
struct EnumInfo<InstanceState>
{
    static constexpr const char *typeName = "InstanceState";
    static constexpr std::array<const char *, 15> names {"PENDING",
                                                         "PROVISIONING",
                                                         "PROVISIONING_FAILED",
                                                         "STARTING",
                                                         "START_FAILED",
                                                         "UNREADY",
                                                         "READINESS_CHECK_FAILED",
                                                         "READY",
                                                         "HEALTHY",
                                                         "UNHEALTHY",
                                                         "DEPROVISIONING",
                                                         "STOPPING",
                                                         "STOPPED",
                                                         "LOST",
                                                         "UNKNOWN"};
};

QString toString(InstanceState state);
/// Case-insensitive; nullopt for an unknown name.
std::optional<InstanceState> instanceStateFromString(QStringView text);
QList<InstanceState> allInstanceStates();

/// ACTIVE_STATES: PENDING, PROVISIONING, STARTING, UNREADY, READY, HEALTHY, UNHEALTHY,
/// DEPROVISIONING, STOPPING (the resource-consuming states).
bool isActive(InstanceState state);
QList<InstanceState> activeInstanceStates();
/// RUNNING_STATES: UNREADY, READY, HEALTHY.
bool isRunning(InstanceState state);
/// STOPPED and LOST.
bool isTerminal(InstanceState state);
/// PROVISIONING_FAILED, START_FAILED, READINESS_CHECK_FAILED.
bool isError(InstanceState state);
/// "Old" instances (GET .../instances/old): every state not in ACTIVE_STATES.
bool isOld(InstanceState state);
/// HEALTHY is the only state counted as healthy anywhere in Drove.
bool isHealthy(InstanceState state);

} // namespace drove::protocol
