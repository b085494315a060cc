#include "models/statepalette.h"

namespace drove::models {

using protocol::ApplicationState;
using protocol::ExecutorState;
using protocol::InstanceState;

StatePalette::Tone StatePalette::tone(ApplicationState state)
{
    switch (state) {
    case ApplicationState::Running:
        return Tone::Good;
    case ApplicationState::Monitoring:
        return Tone::Idle;
    case ApplicationState::Init:
    case ApplicationState::ScalingRequested:
    case ApplicationState::StopInstancesRequested:
    case ApplicationState::ReplaceInstancesRequested:
    case ApplicationState::DestroyRequested:
        return Tone::Progress;
    case ApplicationState::OutageDetected:
        return Tone::Warning;
    case ApplicationState::Destroyed:
        return Tone::Neutral;
    case ApplicationState::Failed:
        return Tone::Error;
    }
    return Tone::Neutral;
}

StatePalette::Tone StatePalette::tone(InstanceState state)
{
    switch (state) {
    case InstanceState::Healthy:
        return Tone::Good;
    case InstanceState::Stopped:
        return Tone::Idle;
    case InstanceState::Pending:
    case InstanceState::Provisioning:
    case InstanceState::Starting:
    case InstanceState::Unready:
    case InstanceState::Ready:
    case InstanceState::Stopping:
    case InstanceState::Deprovisioning:
        return Tone::Progress;
    case InstanceState::Unhealthy:
    case InstanceState::Unknown:
        return Tone::Warning;
    case InstanceState::ProvisioningFailed:
    case InstanceState::StartFailed:
    case InstanceState::ReadinessCheckFailed:
    case InstanceState::Lost:
        return Tone::Error;
    }
    return Tone::Neutral;
}

StatePalette::Tone StatePalette::tone(ExecutorState state)
{
    switch (state) {
    case ExecutorState::Active:
        return Tone::Good;
    case ExecutorState::BlacklistRequested:
        return Tone::Progress;
    case ExecutorState::Blacklisted:
    case ExecutorState::Unready:
        return Tone::Warning;
    case ExecutorState::Removed:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

QColor StatePalette::color(Tone tone)
{
    // Mid-saturation colours stay legible as text on both light and dark window themes.
    switch (tone) {
    case Tone::Good:
        return QColor(0x2e, 0x9d, 0x4f);
    case Tone::Idle:
        return QColor(0x6b, 0x7b, 0x8c);
    case Tone::Progress:
        return QColor(0x2f, 0x7f, 0xd8);
    case Tone::Warning:
        return QColor(0xd9, 0x8a, 0x1c);
    case Tone::Error:
        return QColor(0xd0, 0x3b, 0x3b);
    case Tone::Neutral:
        return QColor(0x8a, 0x8a, 0x8a);
    }
    return QColor(0x8a, 0x8a, 0x8a);
}

} // namespace drove::models
