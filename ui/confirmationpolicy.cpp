#include "ui/confirmationpolicy.h"

namespace drove::ui {

Confirmation requiredConfirmation(protocol::OperationType type, bool reducesCapacity,
                                  client::Criticality criticality)
{
    using client::Criticality;
    if (type == protocol::OperationType::Destroy) {
        return criticality == Criticality::Production || criticality == Criticality::Unknown
            ? Confirmation::TypeNameAndAcknowledge
            : Confirmation::TypeName;
    }
    if (!reducesCapacity)
        return Confirmation::None;
    switch (criticality) {
    case Criticality::Local:
        return Confirmation::None;
    case Criticality::Development:
    case Criticality::Integration:
        return Confirmation::Acknowledge;
    case Criticality::Production:
    case Criticality::Unknown: // not known: as careful as production
        return Confirmation::TypeName;
    }
    return Confirmation::TypeName;
}

Confirmation requiredConfirmation(ClusterAction action, client::Criticality criticality)
{
    using client::Criticality;
    const bool production
        = criticality == Criticality::Production || criticality == Criticality::Unknown;
    switch (action) {
    case ClusterAction::Blacklist:
    case ClusterAction::MaintenanceOn:
    case ClusterAction::MaintenanceOff:
        return production ? Confirmation::TypeName : Confirmation::Acknowledge;
    case ClusterAction::Unblacklist:
        return criticality == Criticality::Local ? Confirmation::None : Confirmation::Acknowledge;
    case ClusterAction::CancelOperation:
        return production ? Confirmation::Acknowledge : Confirmation::None;
    }
    return Confirmation::TypeName; // the safe side
}

Confirmation withGuard(Confirmation confirmation, bool confirmEveryChange)
{
    return confirmEveryChange && confirmation == Confirmation::None ? Confirmation::Acknowledge
                                                                    : confirmation;
}

} // namespace drove::ui
