#include "ui/confirmationpolicy.h"

namespace drove::ui {

Confirmation requiredConfirmation(protocol::OperationType type, bool reducesCapacity,
                                  client::Criticality criticality)
{
    using client::Criticality;
    if (type == protocol::OperationType::Destroy) {
        return criticality == Criticality::Production ? Confirmation::TypeAppIdAndAcknowledge
                                                      : Confirmation::TypeAppId;
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
        return Confirmation::TypeAppId;
    }
    return Confirmation::TypeAppId;
}

} // namespace drove::ui
