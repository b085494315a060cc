// Cost of a full resync through DroveClient against the bare HTTP transfer of the same bytes,
// and the longest GUI-thread stall while it runs (decode on the worker vs on the GUI thread).
//
//   bench_clientresync [apps=10000] [instances=100000] [rounds=5]
//
// A local HTTP stub serves /apis/v1/applications (apps) and one app's instance list holding
// `instances` instances (the worst single list the sync loop may fetch).
#include "client/droveclient.h"

#include "stubhttpserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace drove::client;

namespace {

QByteArray applicationsBody(int count)
{
    QByteArray map;
    map.reserve(count * 260);
    map += "{\"status\":\"SUCCESS\",\"message\":\"success\",\"data\":{";
    for (int i = 0; i < count; ++i) {
        const QByteArray id = "APP_" + QByteArray::number(i) + "-1";
        if (i)
            map += ',';
        map += "\"" + id + "\":{\"id\":\"" + id + "\",\"name\":\"APP_" + QByteArray::number(i)
            + "\",\"requiredInstances\":10,\"healthyInstances\":10,\"totalCPUs\":10,"
              "\"totalMemory\":1280,\"tags\":{\"team\":\"payments\"},\"state\":\"RUNNING\","
              "\"created\":1719826995764,\"updated\":1719892126096}";
    }
    return map + "}}";
}

QByteArray instancesBody(int count)
{
    QByteArray list;
    list.reserve(count * 700);
    list += "{\"status\":\"SUCCESS\",\"message\":\"success\",\"data\":[";
    for (int i = 0; i < count; ++i) {
        if (i)
            list += ',';
        list += "{\"appId\":\"BIG-1\",\"appName\":\"BIG\",\"instanceId\":\"AI-"
            + QByteArray::number(100000000 + i)
            + "-8c2c-4ea2-a159-8fc68010a146\",\"executorId\":\"a45442a1-d4d0-3479-ab9e-"
              "3ed0aa5f7d2d\","
              "\"localInfo\":{\"hostname\":\"host-"
            + QByteArray::number(i % 500)
            + "\",\"ports\":{\"main\":{\"containerPort\":8000,\"hostPort\":"
            + QByteArray::number(30000 + i % 30000)
            + ",\"portType\":\"HTTP\"}}},\"resources\":[{\"type\":\"CPU\",\"cores\":{\"0\":["
            + QByteArray::number(i % 64)
            + "]}},{\"type\":\"MEMORY\",\"memoryInMB\":{\"0\":128}}],\"state\":\"HEALTHY\","
              "\"metadata\":{},\"errorMessage\":\"\",\"created\":1719977629042,\"updated\":"
              "1719977631534}";
    }
    return list + "]}";
}

/// Measures the longest gap between 1 ms timer ticks on this thread while `work` runs.
struct StallMeter
{
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    StallMeter()
    {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(1);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
    }
    void start()
    {
        worst = 0;
        clock.start();
        last = clock.nsecsElapsed();
        timer.start();
    }
    double stopMs()
    {
        timer.stop();
        worst = std::max(worst, clock.nsecsElapsed() - last);
        return worst / 1e6;
    }
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

double bareTransferMs(QNetworkAccessManager &network, const QUrl &url)
{
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    if (body.isEmpty())
        std::fprintf(stderr, "empty body\n");
    return timer.nsecsElapsed() / 1e6;
}

template<typename Call>
double clientMs(Call call, StallMeter &stall, double *stallMs)
{
    QElapsedTimer timer;
    QEventLoop loop;
    bool ok = false;
    stall.start();
    timer.start();
    call([&](bool success) {
        ok = success;
        loop.quit();
    });
    loop.exec();
    const double elapsed = timer.nsecsElapsed() / 1e6;
    *stallMs = stall.stopMs();
    if (!ok)
        std::fprintf(stderr, "call failed\n");
    return elapsed;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int apps = argc > 1 ? QByteArray(argv[1]).toInt() : 10000;
    const int instances = argc > 2 ? QByteArray(argv[2]).toInt() : 100000;
    const int rounds = argc > 3 ? QByteArray(argv[3]).toInt() : 5;

    const QByteArray appsJson = applicationsBody(apps);
    const QByteArray instancesJson = instancesBody(instances);

    // Where the time goes without any network: JSON parse, then protocol decode.
    {
        QList<double> parse, decode;
        for (int round = 0; round < rounds; ++round) {
            QElapsedTimer t;
            t.start();
            const QJsonDocument doc = QJsonDocument::fromJson(appsJson);
            parse.append(t.nsecsElapsed() / 1e6);
            t.restart();
            const auto map = drove::protocol::AppSummary::mapFromJson(
                doc.object().value(QLatin1String("data")));
            decode.append(t.nsecsElapsed() / 1e6);
            if (!map || map->size() != apps)
                std::fprintf(stderr, "apps decode failed\n");
        }
        std::printf("%-38s JSON parse %8.1f ms | AppSummary::mapFromJson %8.1f ms\n",
                    "applications, no network", median(parse), median(decode));
        QList<double> iparse, idecode;
        for (int round = 0; round < rounds; ++round) {
            QElapsedTimer t;
            t.start();
            const QJsonDocument doc = QJsonDocument::fromJson(instancesJson);
            iparse.append(t.nsecsElapsed() / 1e6);
            t.restart();
            const QJsonArray array = doc.object().value(QLatin1String("data")).toArray();
            int decoded = 0;
            for (const QJsonValue &value : array)
                decoded += drove::protocol::InstanceInfo::fromJson(value) ? 1 : 0;
            idecode.append(t.nsecsElapsed() / 1e6);
            if (decoded != instances)
                std::fprintf(stderr, "instances decode failed\n");
        }
        std::printf("%-38s JSON parse %8.1f ms | InstanceInfo::fromJson x%d %8.1f ms\n",
                    "instances, no network", median(iparse), instances, median(idecode));
    }

    // The stub serves from its own thread so that its work is not counted as a GUI stall.
    QThread serverThread;
    serverThread.start();
    StubHttpServer *server = nullptr;
    QObject threadContext;
    threadContext.moveToThread(&serverThread);
    bool listening = false;
    QMetaObject::invokeMethod(
        &threadContext,
        [&] {
            server = new StubHttpServer; // created in, and owned by, the server thread
            listening = server->start();
            server->setResponse(QStringLiteral("/apis/v1/applications"),
                                StubResponse::json(200, appsJson));
            server->setResponse(QStringLiteral("/apis/v1/applications/BIG-1/instances"),
                                StubResponse::json(200, instancesJson));
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        serverThread.quit();
        serverThread.wait();
        return 1;
    }

    QNetworkAccessManager network;
    DroveClient client(&network);
    ConnectionSettings settings;
    settings.endpoints = {server->url()};
    settings.requestTimeoutMs = 120000;
    client.setConnectionSettings(settings);
    StallMeter stall;

    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::printf("apps=%d (%.1f MB)  instances=%d (%.1f MB)  rounds=%d\n", apps,
                appsJson.size() / 1e6, instances, instancesJson.size() / 1e6, rounds);
    struct Case
    {
        const char *name;
        QString path;
        bool offThread;
    };
    const QList<Case> cases {
        {"applications, decode on worker", QStringLiteral("/apis/v1/applications"), true},
        {"applications, decode on GUI thread", QStringLiteral("/apis/v1/applications"), false},
        {"instances, decode on worker", QStringLiteral("/apis/v1/applications/BIG-1/instances"),
         true},
        {"instances, decode on GUI thread", QStringLiteral("/apis/v1/applications/BIG-1/instances"),
         false}};
    for (const Case &c : cases) {
        client.setOffThreadDecodeThreshold(c.offThread ? 64 * 1024
                                                       : std::numeric_limits<qsizetype>::max());
        QUrl url = server->url();
        url.setPath(c.path);
        QList<double> bare, full, stalls;
        for (int round = 0; round < rounds; ++round) {
            bare.append(bareTransferMs(network, url));
            double stallMs = 0;
            const bool apps = c.path.endsWith(QLatin1String("applications"));
            full.append(clientMs(
                [&](auto done) {
                    if (apps)
                        client.applications(&app, [done](const auto &r) { done(r.ok()); });
                    else
                        client.instances(QStringLiteral("BIG-1"), {}, &app,
                                         [done](const auto &r) { done(r.ok()); });
                },
                stall, &stallMs));
            stalls.append(stallMs);
        }
        std::printf("%-38s bare transfer %8.1f ms | client (transfer+parse+decode) %8.1f ms | "
                    "ratio %.2f | longest GUI stall %7.1f ms\n",
                    c.name, median(bare), median(full), median(full) / median(bare),
                    median(stalls));
    }
    QMetaObject::invokeMethod(
        &threadContext, [&server] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
