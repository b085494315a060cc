#include "protocol/operationtype.h"

#include <algorithm>

namespace drove::protocol {

QString wireName(OperationType type)
{
    if (type == OperationType::ScaleInstances)
        return QStringLiteral("SCALE");
    return enumToString(type);
}

QString enumName(OperationType type)
{
    return enumToString(type);
}

std::optional<OperationType> operationTypeFromWireName(QStringView text)
{
    for (OperationType type : allOperationTypes()) {
        if (text == wireName(type))
            return type;
    }
    return std::nullopt;
}

std::optional<OperationType> operationTypeFromEnumName(QStringView text)
{
    return enumFromString<OperationType>(text);
}

QList<OperationType> allOperationTypes()
{
    return enumValues<OperationType>();
}

QList<OperationType> allowedOperations(ApplicationState state)
{
    QList<OperationType> allowed;
    switch (state) {
    case ApplicationState::Monitoring:
        // SUSPEND from MONITORING is this project's decision (a no-op there); the real table
        // lacks it.
        allowed = {OperationType::StartInstances, OperationType::ScaleInstances,
                   OperationType::Suspend, OperationType::Destroy, OperationType::Recover};
        break;
    case ApplicationState::Running:
        allowed = {OperationType::StartInstances, OperationType::StopInstances,
                   OperationType::ScaleInstances, OperationType::ReplaceInstances,
                   OperationType::Suspend,        OperationType::Recover};
        break;
    case ApplicationState::ScalingRequested:
        allowed = {OperationType::ScaleInstances};
        break;
    case ApplicationState::Init:
    case ApplicationState::OutageDetected:
    case ApplicationState::StopInstancesRequested:
    case ApplicationState::ReplaceInstancesRequested:
    case ApplicationState::DestroyRequested:
    case ApplicationState::Destroyed:
    case ApplicationState::Failed:
        break;
    }
    std::sort(allowed.begin(), allowed.end(),
              [](OperationType a, OperationType b) { return enumName(a) < enumName(b); });
    return allowed;
}

bool isOperationAllowed(ApplicationState state, OperationType type)
{
    return allowedOperations(state).contains(type);
}

bool isCancellable(OperationType type)
{
    switch (type) {
    case OperationType::ScaleInstances:
    case OperationType::StartInstances:
    case OperationType::Suspend:
    case OperationType::ReplaceInstances:
    case OperationType::StopInstances:
        return true;
    case OperationType::Create:
    case OperationType::Destroy:
    case OperationType::Recover:
        return false;
    }
    return false;
}

} // namespace drove::protocol
