// The toString/fromString functions of the state and event enums, and the state sets.
#include "protocol/applicationstate.h"
#include "protocol/clusterstate.h"
#include "protocol/droveevent.h"
#include "protocol/executorstate.h"
#include "protocol/instancestate.h"

namespace drove::protocol {

QString toString(ApplicationState state)
{
    return enumToString(state);
}

std::optional<ApplicationState> applicationStateFromString(QStringView text)
{
    return enumFromString<ApplicationState>(text);
}

QList<ApplicationState> allApplicationStates()
{
    return enumValues<ApplicationState>();
}

bool isActiveAppState(ApplicationState state)
{
    switch (state) {
    case ApplicationState::Running:
    case ApplicationState::OutageDetected:
    case ApplicationState::ScalingRequested:
    case ApplicationState::StopInstancesRequested:
    case ApplicationState::ReplaceInstancesRequested:
    case ApplicationState::DestroyRequested:
        return true;
    case ApplicationState::Init:
    case ApplicationState::Monitoring:
    case ApplicationState::Destroyed:
    case ApplicationState::Failed:
        return false;
    }
    return false;
}

QList<ApplicationState> activeAppStates()
{
    QList<ApplicationState> result;
    for (ApplicationState state : allApplicationStates()) {
        if (isActiveAppState(state))
            result.append(state);
    }
    return result;
}

bool isTerminal(ApplicationState state)
{
    return state == ApplicationState::Destroyed || state == ApplicationState::Failed;
}

bool isParked(ApplicationState state)
{
    return state == ApplicationState::Monitoring || state == ApplicationState::Running;
}

QString toString(InstanceState state)
{
    return enumToString(state);
}

std::optional<InstanceState> instanceStateFromString(QStringView text)
{
    return enumFromString<InstanceState>(text);
}

QList<InstanceState> allInstanceStates()
{
    return enumValues<InstanceState>();
}

bool isActive(InstanceState state)
{
    switch (state) {
    case InstanceState::Pending:
    case InstanceState::Provisioning:
    case InstanceState::Starting:
    case InstanceState::Unready:
    case InstanceState::Ready:
    case InstanceState::Healthy:
    case InstanceState::Unhealthy:
    case InstanceState::Deprovisioning:
    case InstanceState::Stopping:
        return true;
    case InstanceState::ProvisioningFailed:
    case InstanceState::StartFailed:
    case InstanceState::ReadinessCheckFailed:
    case InstanceState::Stopped:
    case InstanceState::Lost:
    case InstanceState::Unknown:
        return false;
    }
    return false;
}

QList<InstanceState> activeInstanceStates()
{
    QList<InstanceState> result;
    for (InstanceState state : allInstanceStates()) {
        if (isActive(state))
            result.append(state);
    }
    return result;
}

bool isRunning(InstanceState state)
{
    return state == InstanceState::Unready || state == InstanceState::Ready
        || state == InstanceState::Healthy;
}

bool isTerminal(InstanceState state)
{
    return state == InstanceState::Stopped || state == InstanceState::Lost;
}

bool isError(InstanceState state)
{
    return state == InstanceState::ProvisioningFailed || state == InstanceState::StartFailed
        || state == InstanceState::ReadinessCheckFailed;
}

bool isOld(InstanceState state)
{
    return !isActive(state);
}

bool isHealthy(InstanceState state)
{
    return state == InstanceState::Healthy;
}

QString toString(ExecutorState state)
{
    return enumToString(state);
}

std::optional<ExecutorState> executorStateFromString(QStringView text)
{
    return enumFromString<ExecutorState>(text);
}

QString toString(ClusterState state)
{
    return enumToString(state);
}

std::optional<ClusterState> clusterStateFromString(QStringView text)
{
    return enumFromString<ClusterState>(text);
}

QString toString(DroveEventType type)
{
    return enumToString(type);
}

std::optional<DroveEventType> droveEventTypeFromString(QStringView text)
{
    return enumFromString<DroveEventType>(text);
}

} // namespace drove::protocol
