// Durable write cost: operations accepted per second with SQLite durability on (WAL with
// synchronous=NORMAL, and synchronous=FULL), versus in memory. Each accepted operation writes its
// record and the app's new state in one transaction before submit() returns.
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTextStream>

using namespace drove::controller;
using drove::protocol::ApplicationOperation;

namespace {
struct Result
{
    double creates;
    double scales;
};

Result run(const drove::protocol::ApplicationSpec &base, const QString &stateDir, bool full,
           int apps)
{
    ControllerConfig config;
    config.stateDir = stateDir;
    config.synchronousFull = full;
    config.randomSeed = 1;
    VirtualClock clock;
    ControllerCore core(config, &clock);
    core.start();
    const auto opSpec
        = drove::protocol::ClusterOpSpec::make(drove::protocol::Duration::minutes(5), 1);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < apps; ++i) {
        auto spec = base;
        spec.name = QStringLiteral("APP_%1").arg(i);
        if (!core.submit(ApplicationOperation::create(spec, 0, opSpec)).accepted)
            qFatal("create rejected");
    }
    const double createSeconds = timer.nsecsElapsed() / 1e9;
    timer.restart();
    for (int i = 0; i < apps; ++i)
        if (!core.submit(ApplicationOperation::scale(QStringLiteral("APP_%1-1").arg(i), 1, opSpec))
                 .accepted)
            qFatal("scale rejected");
    const double scaleSeconds = timer.nsecsElapsed() / 1e9;
    return {apps / createSeconds, apps / scaleSeconds};
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int apps = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    QFile file(
        QStringLiteral(DROVE_SOURCE_DIR "/tests/data/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    const auto spec = drove::protocol::ApplicationSpec::fromJson(
        QJsonDocument::fromJson(file.readAll()).object());
    QTextStream out(stdout);
    out << "operations accepted per second (" << apps << " CREATE, then " << apps << " SCALE)\n";
    const Result memory = run(*spec, QString(), false, apps);
    out << "in memory:                 CREATE " << qRound(memory.creates) << "/s, SCALE "
        << qRound(memory.scales) << "/s\n";
    QTemporaryDir normalDir;
    const Result normal = run(*spec, normalDir.path(), false, apps);
    out << "SQLite WAL, sync=NORMAL:   CREATE " << qRound(normal.creates) << "/s, SCALE "
        << qRound(normal.scales) << "/s\n";
    QTemporaryDir fullDir;
    const Result full = run(*spec, fullDir.path(), true, apps);
    out << "SQLite WAL, sync=FULL:     CREATE " << qRound(full.creates) << "/s, SCALE "
        << qRound(full.scales) << "/s\n";
    return 0;
}
