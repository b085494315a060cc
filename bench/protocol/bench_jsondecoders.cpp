// simdjson's On-Demand API against QJsonDocument (issue 18, "use the well-kept library where it
// wins"), on the three large responses a resync decodes:
//   GET /apis/v1/applications      (10,000 apps): QJsonDocument + AppSummary::mapFromJson (the
//                                   regular decoder) and protocol/fastdecode, which is simdjson
//                                   since it replaced the hand-written byte scanner (the scanner
//                                   measured 28.4 ms against simdjson's 27.5 ms on the same body;
//                                   bench/protocol/RESULTS.md), checked to give equal values;
//   GET /apis/v1/applications/{id}/instances (2,000 instances) and GET /apis/v1/cluster/executors
//                                  (800 executors): QJsonDocument + the regular decoders, and
//                                   simdjson walking every value and making every string a
//                                   QString (a lower bound for a full simdjson decoder).
//
//   bench_jsondecoders [runs]      (median of `runs`, default 15; prints MB/s and ratios)
//
// The bodies are written by the protocol's own encoders, as drove-embedded sends them.
#include "protocol/appsummary.h"
#include "protocol/enuminfo.h"
#include "protocol/executorsummary.h"
#include "protocol/fastdecode.h"
#include "protocol/instanceinfo.h"
#include "protocol/jsonreader.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace drove;
using namespace drove::protocol;

namespace {

QByteArray envelope(const QJsonValue &data)
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("SUCCESS"));
    body.insert(QStringLiteral("data"), data);
    body.insert(QStringLiteral("message"), QStringLiteral("success"));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

/// `changed`: every 100th app reports one healthy instance fewer (a 1 % change).
QByteArray applicationsBody(int count, bool changed = false)
{
    QMap<QString, AppSummary> apps;
    for (int i = 0; i < count; ++i) {
        AppSummary a;
        a.id = QStringLiteral("BENCH_APP_%1-1").arg(i);
        a.name = QStringLiteral("BENCH_APP_%1").arg(i);
        a.state = ApplicationState::Running;
        a.requiredInstances = 10;
        a.healthyInstances = changed && i % 100 == 0 ? 9 : 10;
        a.totalCPUs = 10;
        a.totalMemory = 1280;
        a.tags = QMap<QString, QString> {
            {QStringLiteral("team"), QStringLiteral("team-%1").arg(i % 37)},
            {QStringLiteral("bench"), QStringLiteral("yes")}};
        a.created = 1767225674804 + i;
        a.updated = 1767225674804 + 2 * i;
        apps.insert(a.id, a);
    }
    return envelope(AppSummary::mapToJson(apps));
}

QByteArray instancesBody(int count)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        InstanceInfo x;
        x.appId = QStringLiteral("BENCH_APP_1-1");
        x.appName = QStringLiteral("BENCH_APP_1");
        x.instanceId
            = QStringLiteral("AI-%1-7df9-483e-8f46-c58234bd61b7").arg(i, 8, 16, QLatin1Char('0'));
        x.executorId
            = QStringLiteral("8cb7150e-0004-34d4-a1eb-%1").arg(i % 800, 12, 10, QLatin1Char('0'));
        LocalInstanceInfo local;
        local.hostname = QStringLiteral("bench-exec-%1.drove.local").arg(i % 800);
        InstancePort port;
        port.containerPort = 8000;
        port.hostPort = 30000 + i;
        local.ports.insert(QStringLiteral("main"), port);
        x.localInfo = local;
        x.resources = {ResourceAllocation::cpu({{QStringLiteral("0"), {i % 32}}}),
                       ResourceAllocation::memory({{QStringLiteral("0"), 128}})};
        x.state = InstanceState::Healthy;
        x.created = 1767225674804 + i;
        x.updated = 1767225674804 + i;
        list.append(x.toJson());
    }
    return envelope(list);
}

QByteArray executorsBody(int count)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        ExecutorSummary e;
        e.executorId
            = QStringLiteral("8cb7150e-0004-34d4-a1eb-%1").arg(i, 12, 10, QLatin1Char('0'));
        e.hostname = QStringLiteral("bench-exec-%1.drove.local").arg(i);
        e.port = 3000;
        e.transportType = TransportType::Http;
        e.freeCores = 16;
        e.usedCores = 48;
        e.freeMemory = 4096;
        e.usedMemory = 12288;
        e.tags = {QStringLiteral("bench-exec-%1.drove.local").arg(i)};
        e.state = ExecutorState::Active;
        list.append(e.toJson());
    }
    return envelope(list);
}

double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

/// Median time of `decode()` over `runs`, and its last result. Each result is freed after its
/// timer stopped (when the next one replaces it), so freeing is never part of a time and the
/// heap does not grow from run to run (keeping every result made malloc the largest cost of
/// both decoders, and the later one paid for the earlier one's fragmentation).
template<typename Decode>
auto timedDecodes(int runs, Decode decode)
{
    using Result = decltype(decode());
    std::vector<double> ms;
    Result last {};
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        Result result = decode();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        last = std::move(result);
    }
    std::sort(ms.begin(), ms.end());
    return std::make_pair(ms[ms.size() / 2], std::move(last));
}

QString qstr(std::string_view view)
{
    return QString::fromUtf8(view.data(), qsizetype(view.size()));
}

// ---- simdjson: every value of a document, strings made QStrings (lower bound) ----

qint64 walk(simdjson::ondemand::value value, int depth);

qint64 walkObject(simdjson::ondemand::object object, int depth)
{
    qint64 n = 0;
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key) == simdjson::SUCCESS)
            n += qstr(key).size();
        n += walk(field.value(), depth + 1);
    }
    return n;
}

qint64 walk(simdjson::ondemand::value value, int depth)
{
    using namespace simdjson;
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS)
        return 0;
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        return value.get_object().get(object) == SUCCESS ? walkObject(object, depth) : 0;
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        if (value.get_array().get(array) != SUCCESS)
            return 0;
        qint64 n = 0;
        for (auto element : array)
            n += walk(element.value(), depth + 1);
        return n;
    }
    case ondemand::json_type::string: {
        std::string_view text;
        return value.get_string().get(text) == SUCCESS ? qstr(text).size() : 0;
    }
    case ondemand::json_type::number: {
        double number = 0;
        return value.get_double().get(number) == SUCCESS ? 1 : 0;
    }
    default:
        return 1;
    }
}

qint64 simdjsonWalk(simdjson::ondemand::parser &parser, const simdjson::padded_string &json)
{
    simdjson::ondemand::document doc;
    if (parser.iterate(json).get(doc) != simdjson::SUCCESS)
        return -1;
    simdjson::ondemand::object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS)
        return -1;
    return walkObject(root, 0);
}

/// Decoded lists are kept here until the end, so freeing them is never part of a time.
std::vector<std::shared_ptr<const void>> &kept()
{
    static std::vector<std::shared_ptr<const void>> lists;
    return lists;
}

template<typename T>
qsizetype regularList(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    auto list = std::make_shared<QList<T>>();
    for (const QJsonValue &value : doc.object().value(QStringLiteral("data")).toArray())
        list->append(*T::fromJson(value));
    kept().push_back(list);
    return list->size();
}

void row(const char *what, qsizetype bytes, double ms, double baselineMs)
{
    std::printf("  %-58s %8.2f ms  %7.1f MB/s  %5.2fx the regular decoder\n", what, ms,
                double(bytes) / 1e6 / (ms / 1e3), ms / baselineMs);
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 15;
    simdjson::ondemand::parser parser;
#define DROVE_STR2(x) #x
#define DROVE_STR(x) DROVE_STR2(x)
    // On-Demand runs the kernel chosen when this file was compiled (no run-time dispatch in
    // simdjson 3.0): "fallback" for a portable x86-64 build, "haswell" with -march=haswell.
    std::printf("simdjson %s, On-Demand kernel %s (run-time best: %s); median of %d runs\n",
                DROVE_STR(SIMDJSON_VERSION), simdjson::builtin_implementation()->name().c_str(),
                simdjson::get_active_implementation()->name().c_str(), runs);

    // /applications
    const QByteArray apps = applicationsBody(10000);
    std::printf("GET /applications, 10,000 apps, %.2f MB\n", double(apps.size()) / 1e6);
    const auto regularDecodeApps = [](const QByteArray &body) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        return AppSummary::mapFromJson(doc.object().value(QStringLiteral("data")))->values();
    };
    const auto [appsRegular, regular] = timedDecodes(runs, [&] { return regularDecodeApps(apps); });
    const auto [appsFast, fast]
        = timedDecodes(runs, [&] { return fastDecodeApplicationsEnvelope(apps); });
    const double appsParseOnly = medianMs(runs, [&] { (void)QJsonDocument::fromJson(apps); });
    row("QJsonDocument + AppSummary::mapFromJson (regular)", apps.size(), appsRegular, appsRegular);
    row("  of which QJsonDocument::fromJson alone", apps.size(), appsParseOnly, appsRegular);
    row("protocol/fastdecode (simdjson On-Demand)", apps.size(), appsFast, appsRegular);
    std::printf("  same values: %s\n", fast && *fast == regular ? "yes" : "NO");

    // The memo of the previous body (a warm resync): what the client decodes every minute.
    // A fresh memo per run, freed after all of them (the client never frees one mid-decode).
    std::vector<std::unique_ptr<ApplicationsDecodeMemo>> fresh;
    for (int i = 0; i < runs; ++i)
        fresh.push_back(std::make_unique<ApplicationsDecodeMemo>());
    int next = 0;
    const auto [memoFirst, memoFirstResult] = timedDecodes(
        runs, [&] { return fastDecodeApplicationsEnvelope(apps, fresh[size_t(next++)].get()); });
    fresh.clear();
    ApplicationsDecodeMemo memo;
    (void)fastDecodeApplicationsEnvelope(apps, &memo);
    const auto [memoSame, memoSameResult]
        = timedDecodes(runs, [&] { return fastDecodeApplicationsEnvelope(apps, &memo); });
    const QByteArray changedApps = applicationsBody(10000, true);
    bool flip = false;
    qsizetype reused = 0;
    const auto [memoChanged, memoChangedResult] = timedDecodes(runs, [&] {
        flip = !flip; // alternating bodies: each decode meets 100 apps it has not seen
        return fastDecodeApplicationsEnvelope(flip ? changedApps : apps, &memo, &reused);
    });
    row("fastdecode + memo, first body (every app decoded and remembered)", apps.size(), memoFirst,
        appsRegular);
    row("fastdecode + memo, the same body again", apps.size(), memoSame, appsRegular);
    row("fastdecode + memo, 1 % of the apps changed", apps.size(), memoChanged, appsRegular);
    const auto changedRegular = regularDecodeApps(flip ? changedApps : apps);
    std::printf("  same values: %s, %s, %s; %lld apps reused in the last decode\n",
                memoFirstResult && *memoFirstResult == regular ? "yes" : "NO",
                memoSameResult && *memoSameResult == regular ? "yes" : "NO",
                memoChangedResult && *memoChangedResult == changedRegular ? "yes" : "NO",
                qlonglong(reused));

    // instances and executors
    for (const auto &[what, body, regularDecode] :
         {std::tuple<const char *, QByteArray, std::function<qsizetype(const QByteArray &)>> {
              "GET /applications/{id}/instances, 2,000 instances", instancesBody(2000),
              [](const QByteArray &b) {
                  return regularList<InstanceInfo>(b);
              }},
          std::tuple<const char *, QByteArray, std::function<qsizetype(const QByteArray &)>> {
              "GET /cluster/executors, 800 executors", executorsBody(800), [](const QByteArray &b) {
                  return regularList<ExecutorSummary>(b);
              }}}) {
        const simdjson::padded_string padded(body.constData(), size_t(body.size()));
        std::printf("%s, %.2f MB\n", what, double(body.size()) / 1e6);
        qsizetype decoded = 0;
        const double regularMs = medianMs(runs, [&] { decoded = regularDecode(body); });
        const double parseMs = medianMs(runs, [&] { (void)QJsonDocument::fromJson(body); });
        qint64 walked = 0;
        const double simdMs = medianMs(runs, [&] { walked = simdjsonWalk(parser, padded); });
        row("QJsonDocument + fromJson per element (regular)", body.size(), regularMs, regularMs);
        row("  of which QJsonDocument::fromJson alone", body.size(), parseMs, regularMs);
        row("simdjson On-Demand, every value, strings as QString", body.size(), simdMs, regularMs);
        std::printf("  (%lld elements decoded; %lld values walked)\n", qlonglong(decoded),
                    qlonglong(walked));
    }

    // instances through the production fast path (simdjson since issue 18)
    {
        const QByteArray body = instancesBody(2000);
        const auto [regularMs, regular] = timedDecodes(runs, [&] {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            return *decodeList<InstanceInfo>(doc.object().value(QStringLiteral("data")), nullptr,
                                             QString());
        });
        const auto [fastMs, fast]
            = timedDecodes(runs, [&] { return fastDecodeInstancesEnvelope(body); });
        std::printf(
            "GET /applications/{id}/instances, 2,000 instances, into InstanceInfo values\n");
        row("QJsonDocument + decodeList<InstanceInfo> (regular)", body.size(), regularMs,
            regularMs);
        row("protocol/fastdecode (simdjson On-Demand)", body.size(), fastMs, regularMs);
        std::printf("  same values: %s\n", fast && *fast == regular ? "yes" : "NO");
    }

    // executors through the production fast path (simdjson since issue 18)
    {
        const QByteArray body = executorsBody(800);
        const auto [regularMs, regular] = timedDecodes(runs, [&] {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            return *ExecutorSummary::listFromJson(doc.object().value(QStringLiteral("data")));
        });
        const auto [fastMs, fast]
            = timedDecodes(runs, [&] { return fastDecodeExecutorsEnvelope(body); });
        std::printf("GET /cluster/executors, 800 executors, into ExecutorSummary values\n");
        row("QJsonDocument + ExecutorSummary::listFromJson (regular)", body.size(), regularMs,
            regularMs);
        row("protocol/fastdecode (simdjson On-Demand)", body.size(), fastMs, regularMs);
        std::printf("  same values: %s\n", fast && *fast == regular ? "yes" : "NO");
    }
    return 0;
}
