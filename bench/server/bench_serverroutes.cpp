// Server time of the hot read routes at scale, from one run (issue 15):
//   GET /apis/v1/applications with 10,000 apps and 100,000 instances (target: p50 <= 15 ms of
//   server time, i.e. >= 150 MB/s of JSON), GET /apis/v1/applications/{id}/instances of an app
//   with 1,000 instances (target: <= 5 ms), and the app summary / ping throughput ratio over
//   loopback HTTP (target: >= 0.8).
//
// The cluster is seeded in virtual time (bench/client's BenchCluster) and served by the real
// ApiServer on its own thread. "Server time" is the route as the server runs it: router match,
// handler, JSON writing and the HTTP serialisation of the reply, timed on the server's thread in
// wall time and in that thread's CPU time (the figure a loaded, shared machine does not inflate;
// MB/s is computed from it). The loopback part uses one keep-alive connection from this thread,
// ping and summary in alternating batches, and counts whole requests.
//
//   bench_serverroutes [--apps 10000] [--per-app 10] [--big 1000] [--runs 41] [--requests 3000]

#include "benchcluster.h"

#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/router.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <ctime>
#include <functional>

using namespace drove::controller;

namespace {

struct Timing
{
    double p50Ms = 0;
    double p90Ms = 0;
    double minMs = 0;
    double cpuP50Ms = 0; ///< CPU time of the server thread: what the load of other processes
                         ///< on a shared machine does not inflate
    qint64 bytes = 0;
};

qint64 threadCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

/// Runs \a route on the server's thread \a runs times (after one warm-up) and times each.
Timing timeRoute(BenchCluster &cluster, const QByteArray &path, int runs)
{
    Timing timing;
    QList<double> ms;
    QList<double> cpuMs;
    QObject context;
    context.moveToThread(cluster.thread());
    QMetaObject::invokeMethod(
        &context,
        [&] {
            http::ApiServer &server = *cluster.server();
            QStringList segments;
            http::Router::splitPath(path, &segments);
            for (int i = 0; i <= runs; ++i) {
                QElapsedTimer timer;
                timer.start();
                const qint64 cpuStart = threadCpuNs();
                const auto match = server.router().match(http::HttpMethod::Get, segments);
                http::ApiRequest request;
                request.path = QString::fromUtf8(path);
                request.pathParams = match.params;
                const http::HttpReply reply = match.route->handler(request);
                const QByteArray bytes = reply.serialize();
                const double elapsed = double(timer.nsecsElapsed()) / 1e6;
                const double cpu = double(threadCpuNs() - cpuStart) / 1e6;
                if (i > 0) {
                    ms.append(elapsed);
                    cpuMs.append(cpu);
                }
                timing.bytes = bytes.size();
            }
        },
        Qt::BlockingQueuedConnection);
    std::sort(ms.begin(), ms.end());
    std::sort(cpuMs.begin(), cpuMs.end());
    timing.cpuP50Ms = cpuMs.at(cpuMs.size() / 2);
    timing.p50Ms = ms.at(ms.size() / 2);
    timing.p90Ms = ms.at(ms.size() * 9 / 10);
    timing.minMs = ms.first();
    return timing;
}

/// Sequential GETs of \a path on one keep-alive loopback connection; returns the seconds taken.
double loopbackSeconds(QTcpSocket &socket, const QByteArray &path, int requests)
{
    const QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < requests; ++i) {
        socket.write(request);
        qint64 need = -1;
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (need < 0 && headerEnd >= 0) {
                const QByteArray head = buffer.left(headerEnd).toLower();
                const qsizetype at = head.indexOf("content-length:");
                need = headerEnd + 4 + head.mid(at + 15).split('\r').first().trimmed().toLongLong();
            }
            if (need >= 0 && buffer.size() >= need) {
                buffer.remove(0, need);
                break;
            }
            if (!socket.waitForReadyRead(10000))
                return -1;
            buffer += socket.readAll();
        }
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

/// Ping and app summary in alternating batches on one connection, so that a change in the
/// machine's load hits both alike; returns {ping req/s, summary req/s}.
QPair<double, double> loopbackRates(quint16 port, const QByteArray &summaryPath, int requests)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {0, 0};
    loopbackSeconds(socket, "/apis/v1/ping", 100); // warm-up
    loopbackSeconds(socket, summaryPath, 100);
    constexpr int kRounds = 20;
    const int batch = qMax(1, requests / kRounds);
    double ping = 0;
    double summary = 0;
    for (int round = 0; round < kRounds; ++round) {
        ping += loopbackSeconds(socket, "/apis/v1/ping", batch);
        summary += loopbackSeconds(socket, summaryPath, batch);
    }
    return {kRounds * batch / ping, kRounds * batch / summary};
}

struct Served
{
    std::unique_ptr<QThread> thread;
    BenchCluster *cluster = nullptr;
    quint16 port = 0;
};

Served serve(int apps, int perApp)
{
    Served served;
    served.thread = std::make_unique<QThread>();
    served.thread->start();
    QObject context;
    context.moveToThread(served.thread.get());
    QString error;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            served.cluster = new BenchCluster(apps, perApp); // lives in the server thread
            served.port = served.cluster->start(&error);
        },
        Qt::BlockingQueuedConnection);
    if (!served.port)
        QTextStream(stderr) << "seeding failed: " << error << Qt::endl;
    return served;
}

void stop(Served &served)
{
    QObject context;
    context.moveToThread(served.thread.get());
    QMetaObject::invokeMethod(
        &context, [&] { delete served.cluster; }, Qt::BlockingQueuedConnection);
    served.thread->quit();
    served.thread->wait();
}

void printTiming(QTextStream &out, const QString &name, const Timing &t)
{
    auto ms = [](double value) {
        return QString::number(value, 'f', 3);
    };
    out << "| " << name << " | " << ms(t.p50Ms) << " | " << ms(t.p90Ms) << " | " << ms(t.minMs)
        << " | " << ms(t.cpuP50Ms) << " | " << t.bytes << " | "
        << QString::number(double(t.bytes) / 1e6 / (t.cpuP50Ms / 1e3), 'f', 0) << " |" << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    auto option = [&parser](const char *name, const char *help, const char *value) {
        QCommandLineOption o(QLatin1String(name), QLatin1String(help), QStringLiteral("N"),
                             QLatin1String(value));
        parser.addOption(o);
        return o;
    };
    const auto appsOption = option("apps", "Applications in the big list.", "10000");
    const auto perAppOption = option("per-app", "Instances per application.", "10");
    const auto bigOption = option("big", "Instances of the one app whose list is timed.", "1000");
    const auto runsOption = option("runs", "Timed runs per route.", "41");
    const auto requestsOption = option("requests", "Loopback requests per route.", "3000");
    parser.process(app);
    const int apps = parser.value(appsOption).toInt();
    const int perApp = parser.value(perAppOption).toInt();
    const int big = parser.value(bigOption).toInt();
    const int runs = qMax(3, parser.value(runsOption).toInt());
    const int requests = qMax(100, parser.value(requestsOption).toInt());

    QTextStream out(stdout);
    out << "| route | wall p50 ms | wall p90 ms | wall min ms | CPU p50 ms | bytes | MB/s at CPU "
           "p50 |"
        << Qt::endl;
    out << "|---|---|---|---|---|---|---|" << Qt::endl;

    Served list = serve(apps, perApp);
    if (!list.port)
        return 1;
    const QByteArray appPath = "/apis/v1/applications/" + BenchCluster::appId(apps / 2).toUtf8();
    printTiming(
        out,
        QStringLiteral("applications (%1 apps, %2 instances)").arg(apps).arg(qint64(apps) * perApp),
        timeRoute(*list.cluster, "/apis/v1/applications", runs));
    printTiming(out, QStringLiteral("app summary"), timeRoute(*list.cluster, appPath, runs * 10));
    printTiming(out, QStringLiteral("ping"), timeRoute(*list.cluster, "/apis/v1/ping", runs * 10));
    const auto [ping, summary] = loopbackRates(list.port, appPath, requests);
    stop(list);

    Served one = serve(1, big);
    if (!one.port)
        return 1;
    printTiming(out, QStringLiteral("instances of an app with %1").arg(big),
                timeRoute(*one.cluster,
                          "/apis/v1/applications/" + BenchCluster::appId(0).toUtf8() + "/instances",
                          runs));
    stop(one);

    out << Qt::endl
        << "loopback, one keep-alive connection, " << requests
        << " sequential requests each, in alternating batches: ping "
        << QString::number(ping, 'f', 0) << " req/s, app summary "
        << QString::number(summary, 'f', 0) << " req/s, summary/ping "
        << QString::number(summary / ping, 'f', 2) << Qt::endl;
    return 0;
}
