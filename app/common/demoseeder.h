#pragma once

#include <QString>
#include <QStringList>

namespace drove::controller {
class ControllerCore;
}

namespace drove::app {

/// What seeding a new embedded cluster did.
struct DemoSeedResult
{
    /// Applications created, in creation order.
    QStringList appIds;
    /// Operations the controller refused (with its messages); empty when all went through.
    QStringList errors;
};

/// Seeds a freshly created embedded cluster so a new user has something real to look at: a
/// RUNNING application with several healthy instances, a MONITORING one, one with a scale-up
/// under way at parallelism 1, and a small RUNNING edge app. Everything is done with ordinary
/// operations submitted to the controller (CREATE, SCALE), never written to storage directly, so
/// the result is what the same calls would give on a real cluster. The specs come from the
/// compiled-in samples (":/samples/*.json", resources/samples/).
DemoSeedResult seedDemoCluster(controller::ControllerCore &core);

/// Whether \a stateDir holds no controller state yet (missing or empty): the first start of an
/// embedded cluster, when seeding applies.
bool isFreshStateDirectory(const QString &stateDir);

} // namespace drove::app
