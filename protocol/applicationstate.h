#pragma once

#include "protocol/enuminfo.h"

#include <QList>
#include <QString>

#include <optional>

namespace drove::protocol {

// The enum lives in a nested namespace so that argument-dependent lookup of toString(value)
// (QtTest's QCOMPARE printers) does not find the QString-returning toString() below and
// fail to compile; everyone names it drove::protocol::ApplicationState.
namespace wire {
/// Application state-machine states, exact Drove names (drove-api.md §5.1).
enum class ApplicationState {
    Init,
    Monitoring,
    Running,
    OutageDetected,
    ScalingRequested,
    StopInstancesRequested,
    ReplaceInstancesRequested,
    DestroyRequested,
    Destroyed,
    Failed,
};
} // namespace wire
using wire::ApplicationState;

template<>
struct EnumInfo<ApplicationState>
{
    static constexpr const char *typeName = "ApplicationState";
    static constexpr std::array<const char *, 10> names {"INIT",
                                                         "MONITORING",
                                                         "RUNNING",
                                                         "OUTAGE_DETECTED",
                                                         "SCALING_REQUESTED",
                                                         "STOP_INSTANCES_REQUESTED",
                                                         "REPLACE_INSTANCES_REQUESTED",
                                                         "DESTROY_REQUESTED",
                                                         "DESTROYED",
                                                         "FAILED"};
};

/// "RUNNING", "SCALING_REQUESTED", ...
QString toString(ApplicationState state);
/// Case-insensitive; nullopt for an unknown name.
std::optional<ApplicationState> applicationStateFromString(QStringView text);
/// All states in declaration order.
QList<ApplicationState> allApplicationStates();

/// Drove's ACTIVE_APP_STATES: RUNNING, OUTAGE_DETECTED and the *_REQUESTED states (not MONITORING).
bool isActiveAppState(ApplicationState state);
QList<ApplicationState> activeAppStates();
/// DESTROYED and FAILED.
bool isTerminal(ApplicationState state);
/// The states where the state machine is parked waiting for an operation (MONITORING, RUNNING).
bool isParked(ApplicationState state);

} // namespace drove::protocol
