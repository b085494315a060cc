#include "ui/confirmationpolicy.h"

namespace drove::ui {

Confirmation requiredConfirmation(protocol::OperationType type, bool reducesCapacity,
                                  client::Criticality criticality)
{
    using client::Criticality;
    if (type == protocol::OperationType::Destroy) {
        return criticality == Criticality::Production ? Confirmation::TypeNameAndAcknowledge
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
        return Confirmation::TypeName;
    }
    return Confirmation::TypeName;
}

Confirmation requiredConfirmation(ClusterAction action, client::Criticality criticality)
{
    using client::Criticality;
    const bool production = criticality == Criticality::Production;
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

} // namespace drove::ui
