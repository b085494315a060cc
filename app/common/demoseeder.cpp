#include "app/common/demoseeder.h"

#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"
#include "protocol/duration.h"
#include "protocol/parseerror.h"

#include <QDir>
#include <QFile>

namespace drove::app {

namespace {

using protocol::ApplicationOperation;
using protocol::ClusterOpSpec;
using protocol::Duration;
using protocol::FailureStrategy;

struct SeedPlan
{
    const char *resource;
    qint64 instances;   // SCALE target after CREATE (0: stays MONITORING)
    qint64 parallelism; // of that SCALE
};

// One RUNNING app with several healthy instances, one MONITORING, one whose scale-up at
// parallelism 1 takes the better part of a minute (so the Operations panel has something in
// flight when the window opens), and a small edge app with ONE_PER_HOST placement.
constexpr SeedPlan kPlans[] = {
    {":/samples/payments-api.json", 4, 4},
    {":/samples/ledger-worker.json", 0, 1},
    {":/samples/search-indexer.json", 10, 1},
    {":/samples/checkout-web.json", 3, 3},
};

std::optional<protocol::ApplicationSpec> loadSpec(const QString &resource, QString *error)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(resource);
        return std::nullopt;
    }
    protocol::ParseError parseError;
    const auto document = protocol::parseDocument(file.readAll(), &parseError);
    if (!document) {
        *error = QStringLiteral("%1: %2").arg(resource, parseError.toString());
        return std::nullopt;
    }
    auto spec = protocol::ApplicationSpec::fromJson(document->object(), &parseError);
    if (!spec)
        *error = QStringLiteral("%1: %2").arg(resource, parseError.toString());
    return spec;
}

void record(DemoSeedResult &result, const controller::OperationResult &outcome, const QString &what)
{
    if (!outcome.accepted)
        result.errors << QStringLiteral("%1 refused: %2 %3")
                             .arg(what, outcome.message,
                                  outcome.validationErrors.join(QStringLiteral("; ")));
}

} // namespace

DemoSeedResult seedDemoCluster(controller::ControllerCore &core)
{
    DemoSeedResult result;
    for (const SeedPlan &plan : kPlans) {
        QString error;
        const auto spec = loadSpec(QString::fromLatin1(plan.resource), &error);
        if (!spec) {
            result.errors << error;
            continue;
        }
        const ClusterOpSpec createSpec
            = ClusterOpSpec::make(Duration::minutes(5), 1, FailureStrategy::Stop);
        const auto created = core.submit(ApplicationOperation::create(*spec, 0, createSpec));
        record(result, created, QStringLiteral("CREATE %1").arg(spec->appId()));
        if (!created.accepted)
            continue;
        result.appIds << created.appId;
        if (plan.instances == 0)
            continue;
        const ClusterOpSpec scaleSpec
            = ClusterOpSpec::make(Duration::minutes(10), plan.parallelism, FailureStrategy::Stop);
        record(result,
               core.submit(ApplicationOperation::scale(created.appId, plan.instances, scaleSpec)),
               QStringLiteral("SCALE %1").arg(created.appId));
    }
    return result;
}

bool isFreshStateDirectory(const QString &stateDir)
{
    const QDir dir(stateDir);
    return !dir.exists() || dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace drove::app
