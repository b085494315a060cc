#include "benchcluster.h"

#include "app/common/benchapps.h"
#include "controller/controllercore.h"
#include "controller/http/controllernode.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"

#include <QElapsedTimer>
#include <QTextStream>

using namespace drove;
using namespace drove::controller;

namespace {

constexpr int kCoresPerNode = 64;

} // namespace

BenchCluster::BenchCluster(int apps, int perApp, QObject *parent, int bigApp)
    : QObject(parent)
    , m_apps(apps)
    , m_perApp(perApp)
    , m_bigApp(qMax(0, bigApp))
{
    m_tick.setInterval(50);
    connect(&m_tick, &QTimer::timeout, this, &BenchCluster::followWallClock);
}

BenchCluster::~BenchCluster() = default;

ControllerCore *BenchCluster::core() const
{
    return m_node ? m_node->core() : nullptr;
}

http::ApiServer *BenchCluster::server() const
{
    return m_node ? m_node->server() : nullptr;
}

QString BenchCluster::appId(int index)
{
    return app::benchAppId(index);
}

bool BenchCluster::seed(QString *error)
{
    ControllerConfig config;
    config.randomSeed = 5;
    const qint64 cores = qint64(m_apps) * m_perApp + m_bigApp + 2 * kCoresPerNode;
    const int executors = int((cores + 2 * kCoresPerNode - 1) / (2 * kCoresPerNode));
    for (int i = 1; i <= executors; ++i) {
        config.executors.append(
            ExecutorConfig::make(QStringLiteral("bench-exec-%1.drove.local").arg(i), 3000, 2,
                                 kCoresPerNode, kCoresPerNode * 256));
    }
    http::NodeSettings settings;
    settings.controller = config;
    settings.clock = &m_clock;
    m_node = std::make_unique<http::ControllerNode>(settings);
    if (!m_node->startCore(error))
        return false;
    ControllerCore *const core = m_node->core();

    QElapsedTimer timer;
    timer.start();
    int finished = 0;
    // The counter lives on this stack frame, so the connection must not outlive it: its context
    // is a local declared after the counter (destroyed first), not the cluster, which lives on
    // while the seeded core runs operations (--serve).
    QObject seeding;
    connect(core, &ControllerCore::operationFinished, &seeding, [&finished] { ++finished; });
    // In batches, so that timers in flight stay bounded.
    constexpr int kBatch = 500;
    for (int first = 0; first < m_apps; first += kBatch) {
        const int end = qMin(m_apps, first + kBatch);
        const int target = 2 * end; // CREATE and SCALE of every app so far
        for (int i = first; i < end; ++i) {
            const auto created = core->submit(protocol::ApplicationOperation::create(
                app::benchAppSpec(i), 0,
                protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
            if (!created.accepted) {
                *error = QStringLiteral("CREATE %1: %2")
                             .arg(appId(i), created.validationErrors.join(u';'));
                return false;
            }
            if (m_perApp == 0) {
                ++finished; // nothing to scale
                continue;
            }
            // Parallelism is at most 32 (the operations page's range).
            const auto scaled = core->submit(protocol::ApplicationOperation::scale(
                appId(i), m_perApp,
                protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), qMin(m_perApp, 32))));
            if (!scaled.accepted) {
                *error = QStringLiteral("SCALE %1: %2")
                             .arg(appId(i), scaled.validationErrors.join(u';'));
                return false;
            }
        }
        if (!m_clock.runUntil([&] { return finished >= target; }, 30LL * 60 * 1000)) {
            *error = QStringLiteral("seeding stalled at %1 operations").arg(finished);
            return false;
        }
    }
    if (m_bigApp > 0) {
        const int target = finished + 2;
        const auto created = core->submit(protocol::ApplicationOperation::create(
            app::benchAppSpec(m_apps), 0,
            protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)));
        const auto scaled = core->submit(protocol::ApplicationOperation::scale(
            appId(m_apps), m_bigApp,
            protocol::ClusterOpSpec::make(protocol::Duration::minutes(60), 32)));
        if (!created.accepted || !scaled.accepted) {
            *error = QStringLiteral("the big app was refused: %1")
                         .arg((created.validationErrors + scaled.validationErrors).join(u';'));
            return false;
        }
        if (!m_clock.runUntil([&] { return finished >= target; }, 4LL * 60 * 60 * 1000)) {
            *error = QStringLiteral("seeding the big app stalled");
            return false;
        }
    }
    qint64 healthy = 0;
    for (const protocol::AppSummary &app : core->applications())
        healthy += app.healthyInstances;
    QTextStream(stderr) << "bench cluster: " << m_apps << " apps, " << healthy
                        << " healthy instances, " << executors << " executors, seeded in "
                        << timer.elapsed() << " ms\n";
    if (healthy != qint64(m_apps) * m_perApp + m_bigApp) {
        *error = QStringLiteral("only %1 instances healthy").arg(healthy);
        return false;
    }
    return true;
}

quint16 BenchCluster::start(QString *error)
{
    if (!seed(error))
        return 0;
    const quint16 port = m_node->listen(error);
    if (!port)
        return 0;
    m_wall.start();
    m_tick.start();
    return port;
}

void BenchCluster::followWallClock()
{
    const qint64 now = m_wall.elapsed();
    m_clock.advance(now - m_wallSeen);
    m_wallSeen = now;
}
