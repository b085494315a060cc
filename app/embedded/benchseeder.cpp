#include "benchseeder.h"

#include "app/common/benchapps.h"
#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"

using namespace drove::controller;
using namespace drove::protocol;

namespace {

constexpr int kCoresPerExecutor = 128;
constexpr int kBatchApps = 50;

ClusterOpSpec opSpec(int parallelism)
{
    return ClusterOpSpec::make(Duration::minutes(5), parallelism);
}

} // namespace

BenchSeeder::BenchSeeder(ControllerCore &core, int apps, int instancesPerApp, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_apps(apps)
    , m_perApp(instancesPerApp)
{
    m_poll.setInterval(250);
    connect(&m_poll, &QTimer::timeout, this, &BenchSeeder::poll);
}

QString BenchSeeder::appId(int index)
{
    return drove::app::benchAppId(index);
}

void BenchSeeder::start()
{
    m_elapsed.start();
    const qint64 target = qint64(m_apps) * m_perApp;
    const int executors = int((target + kCoresPerExecutor - 1) / kCoresPerExecutor) + 2;
    for (int i = 1; i <= executors; ++i) {
        m_core.addExecutor(
            ExecutorConfig::make(QStringLiteral("bench-executor-%1.drove.local").arg(i), 3000, 2,
                                 kCoresPerExecutor / 2, 64 * 1024));
    }
    m_savedTimeScale = m_core.timeScale();
    m_core.setTimeScale(0.005);
    m_poll.start();
    poll();
}

bool BenchSeeder::submitNextBatch()
{
    // Seeding in batches keeps the number of instances in flight (and their timers) bounded.
    const int end = qMin(m_apps, m_nextApp + kBatchApps);
    for (; m_nextApp < end; ++m_nextApp) {
        const int i = m_nextApp;
        const OperationResult created = m_core.submit(
            ApplicationOperation::create(drove::app::benchAppSpec(i), 0, opSpec(1)));
        if (!created.accepted && !m_core.appSummary(appId(i))) {
            fail(QStringLiteral("CREATE %1 rejected: %2")
                     .arg(appId(i), created.validationErrors.join(QStringLiteral("; "))));
            return false;
        }
        if (m_perApp > 0) {
            const OperationResult scaled = m_core.submit(
                ApplicationOperation::scale(appId(i), m_perApp, opSpec(qMin(m_perApp, 32))));
            if (!scaled.accepted) {
                fail(QStringLiteral("SCALE %1 rejected: %2")
                         .arg(appId(i), scaled.validationErrors.join(QStringLiteral("; "))));
                return false;
            }
        }
    }
    return true;
}

void BenchSeeder::fail(const QString &message)
{
    m_poll.stop();
    m_core.setTimeScale(m_savedTimeScale);
    Q_EMIT finished(false, message);
}

void BenchSeeder::poll()
{
    // The current batch is done when none of its apps has an operation running.
    for (int i = m_batchStart; i < m_nextApp; ++i) {
        if (m_core.activeOperation(appId(i)))
            return;
    }
    if (m_nextApp < m_apps) {
        m_batchStart = m_nextApp;
        if (submitNextBatch())
            QTimer::singleShot(0, this, &BenchSeeder::poll);
        reportProgress();
        return;
    }
    m_poll.stop();
    const qint64 target = qint64(m_apps) * m_perApp;
    const qint64 healthy = reportProgress();
    m_core.setTimeScale(m_savedTimeScale);
    if (healthy < target) {
        Q_EMIT finished(false,
                        QStringLiteral("only %1 of %2 instances healthy").arg(healthy).arg(target));
        return;
    }
    Q_EMIT finished(true,
                    QStringLiteral("%1 applications with %2 healthy instances in %3 s")
                        .arg(m_apps)
                        .arg(healthy)
                        .arg(double(m_elapsed.elapsed()) / 1000.0, 0, 'f', 1));
}

qint64 BenchSeeder::reportProgress()
{
    qint64 healthy = 0;
    for (int i = 0; i < m_nextApp; ++i) {
        if (const auto summary = m_core.appSummary(appId(i)))
            healthy += summary->healthyInstances;
    }
    Q_EMIT progress(int(healthy), m_apps * m_perApp);
    return healthy;
}
