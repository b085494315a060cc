// Client benchmark (bench/client/RESULTS.md): the console's data path against a controller
// holding a large cluster.
//
//   bench_clientsync [--apps 10000] [--per-app 10] [--runs 5] [--steady-seconds 20]
//                    [--url http://127.0.0.1:PORT]
//
// Without --url it starts itself with --serve in a child process (BenchCluster: seeded in
// virtual time, then served in wall-clock time), so this process holds only the console side.
// It measures, in this order:
//   1. the event-loop stall floor of this (idle) thread on this machine;
//   2. the bare HTTP transfer of a full resync's responses (QNetworkAccessManager, download only);
//   3. full resyncs through DroveClient + SyncEngine + ClusterSession (HTTP, decode, diff, model
//      signals): the first (10,000 inserts) and warm ones; ratio to (2);
//   4. the longest GUI-thread stall during the resyncs and during a steady-state incremental
//      refresh (1 s events poll while operations run on the cluster);
//   5. VmRSS / VmHWM of this process holding the cluster in the models.

#include "benchcluster.h"
#include "benchwait.h"
#include "dispatchtimer.h"
#include "stallprobe.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/operationtracker.h"
#include "protocol/applicationoperation.h"
#include "protocol/clusteropspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>

#include <malloc.h>

#include <algorithm>

using namespace drove;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

/// "VmRSS" / "VmHWM" from /proc/self/status, in MiB.
double procStatusMiB(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

void reportMemory(const QString &when)
{
    // What the program holds (malloc's blocks in use, every arena, and its mmapped blocks)
    // beside what the kernel counts: the difference is memory freed but kept by malloc.
    const struct mallinfo2 info = mallinfo2();
    const double inUse = double(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
    const double kept = double(info.fordblks) / (1024.0 * 1024.0);
    out() << QStringLiteral("| memory %1 | VmRSS %2 MiB, VmHWM %3 MiB; malloc in use %4 MiB, "
                            "free but kept by malloc %5 MiB |\n")
                 .arg(when)
                 .arg(procStatusMiB("VmRSS"), 0, 'f', 1)
                 .arg(procStatusMiB("VmHWM"), 0, 'f', 1)
                 .arg(inUse, 0, 'f', 1)
                 .arg(kept, 0, 'f', 1);
    out().flush();
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

QString list(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts.append(QString::number(v, 'f', 1));
    return parts.join(QStringLiteral(", "));
}

/// GETs every path in parallel, reads the bodies, nothing more. Returns ms, or -1.
double bareTransfer(QNetworkAccessManager &network, const QUrl &base, const QStringList &paths,
                    qint64 *bytes, QList<QByteArray> *bodies = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    int left = int(paths.size());
    bool failed = false;
    *bytes = 0;
    QList<QPointer<QNetworkReply>> replies;
    for (const QString &path : paths) {
        QUrl url = base;
        const qsizetype query = path.indexOf(QLatin1Char('?'));
        url.setPath(query < 0 ? path : path.left(query));
        if (query >= 0)
            url.setQuery(path.mid(query + 1));
        QNetworkRequest request(url);
        request.setRawHeader("Accept", "application/json");
        QNetworkReply *reply = network.get(request);
        replies.append(reply);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            reply->deleteLater();
            failed |= reply->error() != QNetworkReply::NoError;
            const QByteArray body = reply->readAll();
            *bytes += body.size();
            if (bodies)
                bodies->append(body);
            --left;
        });
    }
    if (!waitFor([&] { return left == 0; }, 120000)) {
        // The handlers refer to this frame: replies still out must not finish after it.
        for (const QPointer<QNetworkReply> &reply : std::as_const(replies)) {
            if (!reply)
                continue;
            QObject::disconnect(reply, nullptr, nullptr, nullptr);
            reply->abort();
            reply->deleteLater();
        }
        return -1;
    }
    if (failed)
        return -1;
    return double(timer.nsecsElapsed()) / 1e6;
}

int serve(int apps, int perApp, int bigApp)
{
    BenchCluster cluster(apps, perApp, nullptr, bigApp);
    QString error;
    const quint16 port = cluster.start(&error);
    if (!port) {
        QTextStream(stderr) << "bench cluster failed: " << error << '\n';
        return 1;
    }
    QTextStream(stdout) << "READY " << port << Qt::endl;
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    DispatchTimingApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption appsOption(QStringLiteral("apps"), QStringLiteral("Applications."),
                                        QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption perAppOption(QStringLiteral("per-app"),
                                          QStringLiteral("Instances per application."),
                                          QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Warm resyncs."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption steadyOption(QStringLiteral("steady-seconds"),
                                          QStringLiteral("Length of the steady-state phase."),
                                          QStringLiteral("S"), QStringLiteral("20"));
    const QCommandLineOption urlOption(QStringLiteral("url"),
                                       QStringLiteral("Use a running controller instead."),
                                       QStringLiteral("URL"));
    const QCommandLineOption serveOption(QStringLiteral("serve"),
                                         QStringLiteral("Internal: be the controller."));
    const QCommandLineOption bigAppOption(
        QStringLiteral("big-app"),
        QStringLiteral("With --serve: one more application with N instances."), QStringLiteral("N"),
        QStringLiteral("0"));
    parser.addOptions(
        {appsOption, perAppOption, runsOption, steadyOption, urlOption, serveOption, bigAppOption});
    parser.process(app);
    const int apps = parser.value(appsOption).toInt();
    const int perApp = parser.value(perAppOption).toInt();
    const int runs = qMax(1, parser.value(runsOption).toInt());
    const int steadySeconds = qMax(1, parser.value(steadyOption).toInt());
    if (parser.isSet(serveOption))
        return serve(apps, perApp, parser.value(bigAppOption).toInt());

    reportMemory(QStringLiteral("at start"));
    StallProbe probe;

    // 1. The floor: how late a 1 ms timer fires on this thread with nothing else to do.
    probe.reset();
    app.resetTimings();
    waitFor([] { return false; }, 3000);
    const double floorMax = probe.maxStallMs();
    const double floorP999 = probe.percentile(0.999);

    // The controller, in another process unless given.
    QProcess server;
    QUrl base(parser.value(urlOption));
    if (base.isEmpty()) {
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--serve"), QStringLiteral("--apps"), QString::number(apps),
                      QStringLiteral("--per-app"), QString::number(perApp)});
        QElapsedTimer seeding;
        seeding.start();
        if (!server.waitForStarted(10000)
            || !waitFor(
                [&] { return server.canReadLine() || server.state() == QProcess::NotRunning; },
                30 * 60 * 1000)) {
            QTextStream(stderr) << "the bench cluster did not come up\n";
            return 1;
        }
        const QByteArray line = server.readLine().trimmed();
        if (!line.startsWith("READY ")) {
            QTextStream(stderr) << "the bench cluster failed: " << line << '\n';
            return 1;
        }
        base = QUrl(QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(line.mid(6)));
        out() << "| cluster | " << apps << " apps x " << perApp << " instances, up in "
              << seeding.elapsed() << " ms (seeded in virtual time, other process) |\n";
    }

    // 2. Bare transfer of what a full resync fetches.
    const QStringList paths
        = {QStringLiteral("/apis/v1/applications"), QStringLiteral("/apis/v1/cluster"),
           QStringLiteral("/apis/v1/cluster/executors")};
    QNetworkAccessManager bareNetwork;
    qint64 bytes = 0;
    QList<QByteArray> bodies;
    bareTransfer(bareNetwork, base, paths, &bytes, &bodies); // warm-up: connections, server caches
    QList<double> bare;
    for (int i = 0; i < runs; ++i)
        bare.append(bareTransfer(bareNetwork, base, paths, &bytes));
    // For scale: what parsing the biggest body (/applications) costs on its own.
    std::sort(bodies.begin(), bodies.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    // Scoped: the document (~8 MiB for 10,000 apps) must not count in the console's memory.
    double parseMs = 0;
    qsizetype parsedKeys = 0;
    {
        QElapsedTimer parse;
        parse.start();
        const QJsonDocument parsed = QJsonDocument::fromJson(bodies.value(0));
        parseMs = double(parse.nsecsElapsed()) / 1e6;
        parsedKeys = parsed.object().size();
    }
    const qsizetype biggest = bodies.value(0).size();
    bodies.clear();
    out() << "| bare HTTP transfer (3 GETs in parallel, " << bytes / 1024 << " KiB) | median "
          << QString::number(median(bare), 'f', 1) << " ms (" << list(bare) << ") |\n";
    out() << "| for scale: QJsonDocument::fromJson of the biggest body alone (" << biggest / 1024
          << " KiB) | " << QString::number(parseMs, 'f', 1) << " ms, " << parsedKeys
          << " top-level keys |\n";

    // 3. The console's path.
    QNetworkAccessManager network;
    client::DroveClient client(&network);
    client::ConnectionSettings settings;
    settings.endpoints = {base};
    settings.requestTimeoutMs = 120000;
    client.setConnectionSettings(settings);
    client::SyncEngine sync(&client);
    sync.setRefreshInterval(3600 * 1000); // no events polls while resyncs are timed
    sync.setFullResyncInterval(3600 * 1000);
    models::ClusterSession session(&client, &sync, client::ClusterProfile(), false, nullptr);
    QElapsedTimer resync;
    double lastResyncMs = 0;
    bool resyncDone = false;
    QObject::connect(&sync, &client::SyncEngine::fullResyncFinished, [&] {
        lastResyncMs = double(resync.nsecsElapsed()) / 1e6;
        resyncDone = true;
    });
    bool resyncRunning = false;
    QObject::connect(&sync, &client::SyncEngine::fullResyncStarted,
                     [&resyncRunning] { resyncRunning = true; });
    QObject::connect(&sync, &client::SyncEngine::fullResyncFinished,
                     [&resyncRunning] { resyncRunning = false; });
    // Lets follow-up resyncs (the first events poll returns a full batch of history, which
    // counts as a gap) finish before the next measurement.
    const auto quiesce = [&] {
        waitFor([] { return false; }, 1000);
        waitFor([&] { return !resyncRunning; }, 300000);
    };

    // When each part of a resync lands on the GUI thread (after its decode), relative to the
    // request: shows which response the resync waits for.
    QStringList partTimes;
    const auto notePart = [&](const QString &part) {
        if (resyncRunning)
            partTimes.append(part + QLatin1Char(' ')
                             + QString::number(double(resync.nsecsElapsed()) / 1e6, 'f', 1));
    };
    QObject::connect(&sync, &client::SyncEngine::applicationsSynced,
                     [&] { notePart(QStringLiteral("apps")); });
    QObject::connect(&sync, &client::SyncEngine::clusterSynced,
                     [&] { notePart(QStringLiteral("cluster")); });
    QObject::connect(&sync, &client::SyncEngine::executorsSynced,
                     [&] { notePart(QStringLiteral("executors")); });
    QObject::connect(&sync, &client::SyncEngine::instancesSynced,
                     [&] { notePart(QStringLiteral("instances")); });
    // The console's first resync starts with the events poll that takes the event cursor (up to
    // 1,024 events of history), then the three GETs: the bare counterpart of the same sequence.
    qint64 eventBytes = 0;
    const double firstEvents = bareTransfer(
        bareNetwork, base,
        {QStringLiteral("/apis/v1/cluster/events/latest?lastSyncTime=0&size=1024")}, &eventBytes);
    const double firstBare = bareTransfer(bareNetwork, base, paths, &bytes);
    probe.reset();
    app.resetTimings();
    resync.start();
    resyncDone = false;
    sync.start();
    // The first list goes into the table a batch per turn: the resync is done when every row is
    // in, which may be after the last part answered.
    double listInMs = 0;
    const auto listIn
        = QObject::connect(session.applications(), &models::ApplicationsModel::loadingChanged, [&] {
              if (!session.applications()->isLoading())
                  listInMs = double(resync.nsecsElapsed()) / 1e6;
          });
    if (!waitFor([&] { return resyncDone && !session.applications()->isLoading(); }, 300000)) {
        QTextStream(stderr) << "first resync did not finish\n";
        return 1;
    }
    QObject::disconnect(listIn);
    const double firstMs = std::max(lastResyncMs, listInMs);
    partTimes.append(QStringLiteral("all app rows in %1").arg(listInMs, 0, 'f', 1));
    const double firstStall = probe.maxStallMs();
    out() << "| first full resync (" << session.applications()->rowCount() << " app rows, "
          << session.executors()->rowCount() << " executor rows inserted) | "
          << QString::number(firstMs, 'f', 1) << " ms, ratio "
          << QString::number(firstMs / median(bare), 'f', 2)
          << " (vs the bare transfer just before it, " << QString::number(firstBare, 'f', 1)
          << " ms: " << QString::number(firstMs / firstBare, 'f', 2)
          << "; vs the same sequence bare, events " << QString::number(firstEvents, 'f', 1)
          << " ms (" << eventBytes / 1024 << " KiB) then the 3 GETs: "
          << QString::number(firstMs / (firstEvents + firstBare), 'f', 2) << "), max stall "
          << QString::number(firstStall, 'f', 1) << " ms, longest dispatch "
          << QString::number(app.maxDispatchCpuMs(), 'f', 1) << " ms CPU / "
          << QString::number(app.maxDispatchWallMs(), 'f', 1)
          << " ms wall; parts delivered at (ms) " << partTimes.join(QLatin1String(", ")) << " |\n";
    reportMemory(QStringLiteral("after the first resync"));

    QList<double> warm, warmStalls, warmCpu, pairedBare, pairedRatio;
    QStringList warmParts;
    for (int i = 0; i < runs; ++i) {
        quiesce();
        // A bare transfer right before each resync: the controller's answer times drift (its
        // simulation runs in real time), so each resync is compared with its own neighbour.
        pairedBare.append(bareTransfer(bareNetwork, base, paths, &bytes));
        probe.reset();
        app.resetTimings();
        resync.start();
        resyncDone = false;
        partTimes.clear();
        sync.requestFullResync();
        if (!waitFor([&] { return resyncDone; }, 300000))
            return 1;
        warmParts.append(partTimes.join(QLatin1String(", ")));
        warm.append(lastResyncMs);
        pairedRatio.append(lastResyncMs / pairedBare.constLast());
        warmStalls.append(probe.maxStallMs());
        warmCpu.append(app.maxDispatchCpuMs());
    }
    reportMemory(QStringLiteral("after the warm resyncs"));
    // Breakdown of the GUI-thread part: the same 10,000-row snapshot applied directly.
    {
        QList<protocol::AppSummary> snapshot;
        const auto capture = QObject::connect(
            &sync, &client::SyncEngine::applicationsSynced,
            [&snapshot](const QList<protocol::AppSummary> &apps) { snapshot = apps; });
        quiesce();
        resyncDone = false;
        sync.requestFullResync();
        waitFor([&] { return resyncDone; }, 300000);
        QObject::disconnect(capture);
        QElapsedTimer step;
        models::ApplicationsModel fresh;
        step.start();
        fresh.applyApplications(snapshot);
        const double insertMs = double(step.nsecsElapsed()) / 1e6;
        step.restart();
        session.applications()->applyApplications(snapshot);
        const double diffMs = double(step.nsecsElapsed()) / 1e6;
        step.restart();
        session.tracker()->applicationsSynced(snapshot);
        const double trackerMs = double(step.nsecsElapsed()) / 1e6;
        out() << "| breakdown, same " << snapshot.size()
              << "-app snapshot applied directly | insert into an empty ApplicationsModel "
              << QString::number(insertMs, 'f', 1) << " ms, no-change diff "
              << QString::number(diffMs, 'f', 1) << " ms, OperationTracker::applicationsSynced "
              << QString::number(trackerMs, 'f', 1) << " ms |\n";
    }
    out() << "| warm full resync (diff, nothing or little changed) | median "
          << QString::number(median(warm), 'f', 1) << " ms (" << list(warm) << "), ratio "
          << QString::number(median(warm) / median(bare), 'f', 2) << " |\n";
    out() << "| warm resync vs a bare transfer just before it (paired) | bare " << list(pairedBare)
          << " ms; ratios " << list(pairedRatio) << ", median "
          << QString::number(median(pairedRatio), 'f', 2) << " |\n";
    out() << "| warm resyncs: each part delivered to the models at (ms) | "
          << warmParts.join(QLatin1String(" / ")) << " |\n";
    out() << "| GUI-thread max stall during warm resyncs (heartbeat) | " << list(warmStalls)
          << " ms |\n";
    out() << "| longest single dispatch during warm resyncs (thread CPU) | " << list(warmCpu)
          << " ms |\n";

    reportMemory(QStringLiteral("after the breakdown"));
    // 4. Steady state: 1 s events poll (a short profile interval), one app's instances in view,
    // and operations running on the cluster (a SCALE every 500 ms on a random app, 10 ↔ 11).
    // A new poll interval only applies from the next poll (see RESULTS.md), so restart the
    // loop; its start-up resync is left to finish before measuring.
    sync.stop();
    sync.setRefreshInterval(1000);
    session.setInstancesApplication(BenchCluster::appId(0), true);
    resyncDone = false;
    sync.start();
    waitFor([&] { return resyncDone; }, 300000);
    // The first events poll delivers the stored history; a full batch of it counts as a gap
    // and triggers one more resync. Start measuring once that has settled.
    quiesce();
    quiesce();
    int resyncsDuringSteady = 0;
    QObject::connect(&sync, &client::SyncEngine::fullResyncStarted,
                     [&resyncsDuringSteady] { ++resyncsDuringSteady; });
    int updates = 0;
    QObject::connect(&sync, &client::SyncEngine::applicationUpdated, [&updates] { ++updates; });
    QTimer churn;
    churn.setInterval(500);
    int sent = 0, accepted = 0;
    QString firstRefusal;
    QObject::connect(&churn, &QTimer::timeout, [&] {
        const int index = sent == 0 ? 0 : int(QRandomGenerator::global()->bounded(apps));
        const QString appId = BenchCluster::appId(index);
        const auto current = session.applications()->application(appId);
        const qint64 target = current && current->requiredInstances > perApp ? perApp : perApp + 1;
        client.submitOperation(
            protocol::ApplicationOperation::scale(
                appId, target, protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)),
            &churn, [&accepted, &firstRefusal](const client::Result<QString> &result) {
                accepted += result.ok() ? 1 : 0;
                if (!result.ok() && firstRefusal.isEmpty())
                    firstRefusal = client::ApiError::kindName(result.error().kind)
                        + QStringLiteral(": ") + result.error().message + QStringLiteral(" / ")
                        + result.error().detail
                        + QStringLiteral(" / %1").arg(result.error().httpStatus);
            });
        ++sent;
    });
    probe.reset();
    app.resetTimings();
    churn.start();
    waitFor([] { return false; }, steadySeconds * 1000);
    churn.stop();
    out() << "| steady state: " << steadySeconds << " s, " << sent << " SCALEs sent (" << accepted
          << " accepted), " << updates << " app updates applied, "
          << session.instances()->rowCount() << " instance rows in view, " << resyncsDuringSteady
          << " full resyncs | longest dispatch " << QString::number(app.maxDispatchCpuMs(), 'f', 2)
          << " ms CPU / " << QString::number(app.maxDispatchWallMs(), 'f', 1) << " ms wall, "
          << app.dispatchesOver4Ms() << " dispatches > 4 ms CPU; heartbeat max stall "
          << QString::number(probe.maxStallMs(), 'f', 1) << " ms, p99.9 "
          << QString::number(probe.percentile(0.999), 'f', 2) << " ms, " << probe.stallsOver(4.0)
          << " gaps > 4 ms |\n";
    if (!firstRefusal.isEmpty())
        out() << "| first refused SCALE | " << firstRefusal << " |\n";
    out() << "| idle floor (same probe, before connecting, 3 s) | max "
          << QString::number(floorMax, 'f', 1) << " ms, p99.9 "
          << QString::number(floorP999, 'f', 2) << " ms |\n";
    reportMemory(QStringLiteral("holding the cluster"));

    sync.stop();
    if (server.state() != QProcess::NotRunning) {
        server.terminate();
        if (!server.waitForFinished(5000))
            server.kill();
    }
    return 0;
}
