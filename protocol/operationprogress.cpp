#include "protocol/operationprogress.h"

#include <QCoreApplication>

namespace drove::protocol {

using S = ApplicationState;
using T = OperationType;
using U = WorkUnit;
using V = OperationVariant;

const std::array<OperationRule, 14> &operationRules()
{
    static const std::array<OperationRule, 14> rules {{
        {T::Create, V::Plain, S::Init, U::AppCreated, "1",
         "the application exists (RUNNING when instances are required: the controller starts them "
         "in an operation of its own)",
         false, false},
        {T::StartInstances, V::ScaleUp, S::ScalingRequested, U::InstancesStarted, "instances",
         "the healthy count is the count when it began plus `instances`", true, false},
        {T::ScaleInstances, V::ScaleUp, S::ScalingRequested, U::InstancesStarted,
         "requiredInstances - healthy when it began", "the healthy count equals requiredInstances",
         true, false},
        {T::ScaleInstances, V::ScaleDown, S::ScalingRequested, U::InstancesStopped,
         "healthy when it began - requiredInstances",
         "the healthy count equals requiredInstances (oldest instances stopped first)", false,
         true},
        {T::Suspend, V::ScaleDown, S::ScalingRequested, U::InstancesStopped,
         "healthy when it began", "no instance is healthy; requiredInstances is 0", false, true},
        {T::ReplaceInstances, V::ReplaceAll, S::ReplaceInstancesRequested, U::InstancesReplaced,
         "instances HEALTHY when it began",
         "each of them is stopped and a replacement became HEALTHY before its stop", true, true},
        {T::ReplaceInstances, V::ReplaceSelected, S::ReplaceInstancesRequested,
         U::InstancesReplaced, "listed instances",
         "each listed instance is stopped and a replacement became HEALTHY before its stop", true,
         true},
        {T::ReplaceInstances, V::ReplaceStopFirst, S::ReplaceInstancesRequested,
         U::InstancesReplaced, "listed (or all HEALTHY) instances",
         "each is stopped, then its replacement became HEALTHY", true, true},
        {T::StopInstances, V::StopWithRespawn, S::StopInstancesRequested, U::InstancesStopped,
         "listed instances", "each listed instance is stopped after its replacement became HEALTHY",
         true, true},
        {T::StopInstances, V::StopSkipRespawn, S::StopInstancesRequested, U::InstancesStopped,
         "listed instances",
         "each listed instance is stopped; requiredInstances drops by the instances stopped", false,
         true},
        {T::Destroy, V::Plain, S::DestroyRequested, U::AppRemoved, "1",
         "the application and its instances are gone (DESTROYED)", false, true},
        {T::Recover, V::ScaleUp, S::OutageDetected, U::InstancesStarted,
         "requiredInstances - healthy when it began",
         "the healthy count is back at requiredInstances (the controller's own operation)", true,
         false},
        {T::Recover, V::ScaleDown, S::OutageDetected, U::InstancesStopped,
         "healthy when it began - requiredInstances",
         "the healthy count is back at requiredInstances", false, true},
        {T::Recover, V::Plain, S::OutageDetected, U::InstancesStarted, "0",
         "the healthy count already equals requiredInstances", false, false},
    }};
    return rules;
}

const OperationRule &ruleFor(OperationType type, OperationVariant variant)
{
    const OperationRule *first = nullptr;
    for (const OperationRule &rule : operationRules()) {
        if (rule.type != type)
            continue;
        if (rule.variant == variant)
            return rule;
        if (!first)
            first = &rule;
    }
    return first ? *first : operationRules().front();
}

OperationVariant variantOf(const ApplicationOperation &operation, qint64 healthyAtBegin)
{
    switch (operation.type) {
    case T::Create:
    case T::Destroy:
        return V::Plain;
    case T::StartInstances:
        return V::ScaleUp;
    case T::Suspend:
        return V::ScaleDown;
    case T::ScaleInstances:
        return operation.requiredInstances < healthyAtBegin ? V::ScaleDown : V::ScaleUp;
    case T::Recover:
        return V::ScaleUp;
    case T::ReplaceInstances:
        if (operation.stopFirst)
            return V::ReplaceStopFirst;
        return operation.instanceIds.isEmpty() ? V::ReplaceAll : V::ReplaceSelected;
    case T::StopInstances:
        return operation.skipRespawn ? V::StopSkipRespawn : V::StopWithRespawn;
    }
    return V::Plain;
}

std::optional<OperationType> operationOfState(ApplicationState state)
{
    switch (state) {
    case ApplicationState::Init:
        return OperationType::Create;
    case ApplicationState::OutageDetected:
        return OperationType::Recover;
    case ApplicationState::ScalingRequested:
        return OperationType::ScaleInstances;
    case ApplicationState::StopInstancesRequested:
        return OperationType::StopInstances;
    case ApplicationState::ReplaceInstancesRequested:
        return OperationType::ReplaceInstances;
    case ApplicationState::DestroyRequested:
        return OperationType::Destroy;
    default:
        return std::nullopt;
    }
}

QString unitVerb(WorkUnit unit)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("drove::protocol::OperationRule", text);
    };
    switch (unit) {
    case U::AppCreated:
        return tr("created");
    case U::InstancesStarted:
        return tr("started");
    case U::InstancesStopped:
        return tr("stopped");
    case U::InstancesReplaced:
        return tr("replaced");
    case U::AppRemoved:
        return tr("removed");
    }
    return QString();
}

} // namespace drove::protocol
