// Engine cost of scaling one app 0 → N instances at parallelism P, in virtual time, in memory.
// Prints CPU time (getrusage), peak RSS, heap growth (mallinfo2) and per-instance memory.
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <malloc.h>
#include <sys/resource.h>

using namespace drove::controller;
using drove::protocol::ApplicationOperation;

namespace {
double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}
long maxRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}
size_t heapBytes()
{
    return mallinfo2().uordblks;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int instances = argc > 1 ? QByteArray(argv[1]).toInt() : 2048;
    const int parallelism = argc > 2 ? QByteArray(argv[2]).toInt() : 32;
    QFile file(
        QStringLiteral(DROVE_SOURCE_DIR "/tests/data/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    auto spec = drove::protocol::ApplicationSpec::fromJson(
        QJsonDocument::fromJson(file.readAll()).object());
    spec->resources = {drove::protocol::ResourceRequirement::cpu(1),
                       drove::protocol::ResourceRequirement::memory(128)};

    // 40 executors × 2 NUMA nodes × 32 cores = 2560 cores.
    ControllerConfig config;
    config.randomSeed = 1;
    for (int i = 0; i < 40; ++i)
        config.executors.append(ExecutorConfig::make(QStringLiteral("executor-%1.bench").arg(i),
                                                     3000, 2, 32, 64 * 1024));
    VirtualClock clock;
    ControllerCore core(config, &clock);
    if (!core.start())
        return 1;
    const auto opSpec
        = drove::protocol::ClusterOpSpec::make(drove::protocol::Duration::minutes(30), parallelism);
    const QString appId = core.submit(ApplicationOperation::create(*spec, 0, opSpec)).appId;

    const double cpu0 = cpuSeconds();
    const size_t heap0 = heapBytes();
    const long rss0 = maxRssKb();
    const qint64 virtual0 = clock.now();
    QElapsedTimer wall;
    wall.start();
    const auto result = core.submit(ApplicationOperation::scale(appId, instances, opSpec));
    if (!result.accepted) {
        QTextStream(stderr) << result.validationErrors.join(QLatin1Char('\n')) << '\n';
        return 1;
    }
    clock.runUntil([&] { return !core.activeOperation(appId); }, 24LL * 3600 * 1000);
    const qint64 wallMs = wall.elapsed();
    const double cpu = cpuSeconds() - cpu0;
    const size_t heap = heapBytes() - heap0;
    const auto summary = core.appSummary(appId);
    QTextStream out(stdout);
    out << "instances healthy:      " << summary->healthyInstances << " / " << instances << '\n'
        << "parallelism:            " << parallelism << '\n'
        << "outcome:                " << outcomeName(core.operation(result.operationId)->outcome)
        << '\n'
        << "virtual time:           " << (clock.now() - virtual0) / 1000.0 << " s\n"
        << "wall time:              " << wallMs << " ms\n"
        << "CPU time (user+sys):    " << cpu << " s\n"
        << "timers fired:           " << clock.firedCount() << '\n'
        << "events stored:          " << core.eventsSince(0, 1 << 30).events.size() << '\n'
        << "peak RSS before/after:  " << rss0 / 1024.0 << " / " << maxRssKb() / 1024.0 << " MiB\n"
        << "heap growth:            " << heap / (1024.0 * 1024.0) << " MiB\n"
        << "heap per instance:      " << double(heap) / qMax(1, instances) / 1024.0
        << " KiB (incl. its events and log)\n";
    return summary->healthyInstances == instances ? 0 : 1;
}
