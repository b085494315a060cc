// Model diff cost: how long applying a snapshot takes on the GUI thread.
//
//   bench_modeldiff [iterations [scenario-substring]]
//
// Scenarios (each apply is timed on its own; we report mean, median and the longest single apply,
// which is what a user feels as a GUI stall):
//   apps/*       ApplicationsModel holding 10,000 applications
//   instances/*  InstancesModel holding one application with 100,000 instances (worst case)
//   tracker/*    OperationTracker fed 100,000 instances as 10,000 per-app snapshots
// "+proxy" rows have an ApplicationFilterProxyModel / InstanceFilterProxyModel sorted on a
// column attached, as the UI does. Each timed apply includes one pass of the event loop, where
// the proxies re-filter and re-position the rows that changed: the sum is the GUI stall.

#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/instancefilterproxymodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationtracker.h"

#include "dispatchtimer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include <time.h>

using namespace drove;
using protocol::ApplicationState;
using protocol::AppSummary;
using protocol::InstanceInfo;
using protocol::InstanceState;

namespace {

struct Stats
{
    double mean = 0, median = 0, max = 0;
};

Stats measure(int iterations, const std::function<void(int)> &prepare,
              const std::function<void()> &apply)
{
    std::vector<double> ms;
    for (int i = 0; i < iterations; ++i) {
        prepare(i);
        QCoreApplication::processEvents(); // the preparation's own deferred work, untimed
        QElapsedTimer timer;
        timer.start();
        apply();
        QCoreApplication::processEvents(); // the proxies' deferred re-filter and re-position
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    Stats s;
    for (double v : ms)
        s.mean += v;
    s.mean /= double(ms.size());
    std::sort(ms.begin(), ms.end());
    s.median = ms[ms.size() / 2];
    s.max = ms.back();
    return s;
}

const char *g_only = nullptr; // run only the scenarios whose name contains this

void report(const char *name, const Stats &s)
{
    std::printf("%-44s mean %9.2f ms   median %9.2f ms   max %9.2f ms\n", name, s.mean, s.median,
                s.max);
    std::fflush(stdout);
}

AppSummary makeApp(int i, qint64 updated)
{
    AppSummary a;
    a.id = QStringLiteral("APP_%1-1").arg(i);
    a.name = QStringLiteral("APP_%1").arg(i);
    a.state = ApplicationState::Running;
    a.requiredInstances = 10;
    a.healthyInstances = 10;
    a.totalCPUs = 10;
    a.totalMemory = 5120;
    a.tags = QMap<QString, QString> {{QStringLiteral("team"), QStringLiteral("t%1").arg(i % 37)}};
    a.created = 1'700'000'000'000;
    a.updated = updated;
    return a;
}

InstanceInfo makeInstance(const QString &appId, int i, InstanceState state, qint64 updated)
{
    InstanceInfo x;
    x.appId = appId;
    x.appName = appId;
    x.instanceId = QStringLiteral("AI-%1-%2").arg(appId).arg(i);
    x.executorId = QStringLiteral("exec-%1").arg(i % 500);
    protocol::LocalInstanceInfo local;
    local.hostname = QStringLiteral("host-%1").arg(i % 500);
    protocol::InstancePort port;
    port.containerPort = 8000;
    port.hostPort = 30000 + i % 20000;
    local.ports.insert(QStringLiteral("main"), port);
    x.localInfo = local;
    x.resources = {protocol::ResourceAllocation::cpu({{QStringLiteral("0"), {i % 32}}}),
                   protocol::ResourceAllocation::memory({{QStringLiteral("0"), 512}})};
    x.state = state;
    x.created = 1'700'000'000'000 + i;
    x.updated = updated;
    return x;
}

// 1% changed: state/health of 1% of rows, plus 0.1% removed and 0.1% added (new ids).
QList<AppSummary> appsChanged(int count, int round)
{
    QList<AppSummary> list;
    list.reserve(count);
    auto *rng = QRandomGenerator::global();
    const int removedEvery = 1000;
    for (int i = 0; i < count; ++i) {
        if (i % removedEvery == round % removedEvery)
            continue; // removed this round
        AppSummary a = makeApp(i, 1000);
        if (rng->bounded(100) == 0) {
            a.state = ApplicationState::ScalingRequested;
            a.healthyInstances = rng->bounded(10);
            a.updated = 2000 + round;
        }
        list.append(a);
    }
    for (int k = 0; k < count / removedEvery; ++k)
        list.append(makeApp(count + round * 100 + k, 1000));
    return list;
}

QList<InstanceInfo> instancesChanged(const QString &appId, int count, int round)
{
    QList<InstanceInfo> list;
    list.reserve(count);
    auto *rng = QRandomGenerator::global();
    const int removedEvery = 1000;
    for (int i = 0; i < count; ++i) {
        if (i % removedEvery == round % removedEvery)
            continue;
        const bool changed = rng->bounded(100) == 0;
        list.append(makeInstance(appId, i,
                                 changed ? InstanceState::Stopping : InstanceState::Healthy,
                                 changed ? 2000 + round : 1000));
    }
    for (int k = 0; k < count / removedEvery; ++k)
        list.append(makeInstance(appId, count + round * 1000 + k, InstanceState::Starting, 1000));
    return list;
}

/// Measures and reports one scenario, unless the filter leaves it out.
void run(const char *name, int iterations, const std::function<void(int)> &prepare,
         const std::function<void()> &apply)
{
    if (g_only && !std::strstr(name, g_only))
        return;
    report(name, measure(iterations, prepare, apply));
}

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

/// One application's instances: `prepare` gives the model in its starting state (loaded and
/// settled), `apply` hands it the snapshot; timed until the model has every row in and the
/// proxies have done their deferred work.
void runInstances(DispatchTimingApplication &app, const char *name, int iterations,
                  const std::function<models::InstancesModel *(int)> &prepare,
                  const std::function<void()> &apply)
{
    if (g_only && !std::strstr(name, g_only))
        return;
    std::vector<double> total, firstRows, done, longest;
    for (int i = 0; i < iterations; ++i) {
        models::InstancesModel *model = prepare(i);
        QCoreApplication::processEvents();
        double first = -1;
        QElapsedTimer wall;
        const auto connection
            = QObject::connect(model, &QAbstractItemModel::rowsInserted, model, [&] {
                  if (first < 0)
                      first = double(wall.nsecsElapsed()) / 1e6;
              });
        app.resetTimings();
        wall.start();
        const double cpu0 = threadCpuMs();
        apply();
        const double applyCpu = threadCpuMs() - cpu0;
        while (model->isLoading())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::processEvents(); // the proxies' deferred re-filter and re-position
        total.push_back(threadCpuMs() - cpu0);
        done.push_back(double(wall.nsecsElapsed()) / 1e6);
        firstRows.push_back(first);
        longest.push_back(std::max(applyCpu, app.maxDispatchCpuMs()));
        if (qEnvironmentVariableIsSet("BENCH_TRACE"))
            std::printf("  apply call %.2f ms, longest dispatch %.2f ms (%s), total %.2f ms\n",
                        applyCpu, app.maxDispatchCpuMs(), qPrintable(app.longestWhat()),
                        total.back());
        QObject::disconnect(connection);
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("%-48s GUI CPU median %7.2f ms (max %7.2f)   longest piece median %6.2f ms "
                "(max %6.2f)   ",
                name, median(total), *std::max_element(total.begin(), total.end()), median(longest),
                *std::max_element(longest.begin(), longest.end()));
    if (median(firstRows) >= 0)
        std::printf("first rows %7.2f ms   ", median(firstRows));
    std::printf("all in %7.2f ms\n", median(done));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    DispatchTimingApplication app(argc, argv);
    const int iterations = argc > 1 ? std::max(1, atoi(argv[1])) : 10;
    if (argc > 2)
        g_only = argv[2];
    constexpr int AppCount = 10'000;
    constexpr int InstanceCount = 100'000;
    std::printf("bench_modeldiff: %d iterations per scenario\n", iterations);

    // ---- applications ----
    QList<AppSummary> baseApps;
    for (int i = 0; i < AppCount; ++i)
        baseApps.append(makeApp(i, 1000));
    QList<AppSummary> allChanged;
    for (int i = 0; i < AppCount; ++i)
        allChanged.append(makeApp(i, 5000));

    for (bool withProxy : {false, true}) {
        const char *suffix = withProxy ? " +proxy" : "";
        std::unique_ptr<models::ApplicationsModel> model;
        std::unique_ptr<models::ApplicationFilterProxyModel> proxy;
        const auto fresh = [&] {
            proxy.reset();
            model = std::make_unique<models::ApplicationsModel>();
            if (withProxy) {
                proxy = std::make_unique<models::ApplicationFilterProxyModel>();
                proxy->setSourceModel(model.get());
                proxy->sort(models::ApplicationsModel::HealthyColumn);
            }
        };
        QList<AppSummary> next;
        char name[96];
        std::snprintf(name, sizeof name, "apps/full-first-load 10k%s", suffix);
        run(
            name, iterations, [&](int) { fresh(); }, [&] { model->applyApplications(baseApps); });
        std::snprintf(name, sizeof name, "apps/full-unchanged 10k%s", suffix);
        run(
            name, iterations, [&](int) {}, [&] { model->applyApplications(baseApps); });
        std::snprintf(name, sizeof name, "apps/full-every-row-changed 10k%s", suffix);
        run(
            name, iterations,
            [&](int i) {
                model->applyApplications(baseApps);
                next = allChanged;
                for (auto &a : next)
                    a.updated += i;
            },
            [&] { model->applyApplications(next); });
        std::snprintf(name, sizeof name, "apps/1%%-changed 10k%s", suffix);
        run(
            name, iterations,
            [&](int i) {
                model->applyApplications(baseApps);
                next = appsChanged(AppCount, i + 1);
            },
            [&] { model->applyApplications(next); });
    }

    // ---- a sort on two keys where the change is in the secondary key (issue 18) ----
    // Sorted by state, then healthy count: 1% of the apps change their healthy count only.
    // Applied, then the event loop run once (the proxy's re-sort of the moved rows happens
    // there); both on the GUI thread, so the sum is the stall.
    {
        auto model = std::make_unique<models::ApplicationsModel>();
        auto proxy = std::make_unique<models::ApplicationFilterProxyModel>();
        proxy->setSourceModel(model.get());
        proxy->setSortKeys({{models::ApplicationsModel::StateColumn, Qt::AscendingOrder},
                            {models::ApplicationsModel::HealthyColumn, Qt::AscendingOrder}});
        QList<AppSummary> next;
        run(
            "apps/1%-secondary-key-changed 10k +proxy 2 keys", iterations,
            [&](int i) {
                model->applyApplications(baseApps);
                QCoreApplication::processEvents();
                next = baseApps;
                auto *rng = QRandomGenerator::global();
                for (auto &a : next)
                    if (rng->bounded(100) == 0)
                        a.healthyInstances = rng->bounded(10);
                (void)i;
            },
            [&] {
                model->applyApplications(next);
                QCoreApplication::processEvents();
            });
        // The order is right: every row sorted by (state, healthy).
        for (int row = 1; row < proxy->rowCount(); ++row) {
            const auto before = proxy->index(row - 1, 0).data(models::RowKeyRole).toString();
            const auto after = proxy->index(row, 0).data(models::RowKeyRole).toString();
            const auto a = model->application(before);
            const auto b = model->application(after);
            if (a && b && a->state == b->state && a->healthyInstances > b->healthyInstances) {
                std::printf("ORDER WRONG at row %d: %s (%lld) before %s (%lld)\n", row,
                            qPrintable(before), a->healthyInstances, qPrintable(after),
                            b->healthyInstances);
                return 1;
            }
        }
    }

    // ---- typing a search over 10k apps whose 100k instances are known (issue 18) ----
    // What one keystroke costs the GUI thread: the re-filter, then the facet counts the page
    // shows (states, unhealthy, in progress), as ApplicationsPage asks for them.
    {
        auto model = std::make_unique<models::ApplicationsModel>();
        auto proxy = std::make_unique<models::ApplicationFilterProxyModel>();
        proxy->setSourceModel(model.get());
        proxy->sort(models::ApplicationsModel::NameColumn);
        model->applyApplications(baseApps);
        models::KnownInstances known;
        for (int i = 0; i < AppCount; ++i) {
            QList<models::KnownInstance> list;
            for (int k = 0; k < 10; ++k)
                list.append({QStringLiteral("AI-%1-%2").arg(i).arg(k), QStringLiteral("HEALTHY"),
                             QStringLiteral("exec-%1").arg((i * 10 + k) % 500),
                             QStringLiteral("host-%1").arg((i * 10 + k) % 500)});
            known.insert(makeApp(i, 0).id, list);
        }
        // With the joined texts, as the page passes them from the search index.
        models::KnownTexts texts;
        for (auto it = known.cbegin(); it != known.cend(); ++it)
            texts.insert(it.key(), models::joinedSearchableTexts(it.value()));
        proxy->setKnownInstances(known, std::nullopt, texts);
        proxy->setSearchWarming(true); // as ApplicationsPage: texts built in idle slices
        for (int turn = 0; turn < 200; ++turn)
            QCoreApplication::processEvents();
        const QStringList typed {
            QStringLiteral("h"),       QStringLiteral("ho"),       QStringLiteral("hos"),
            QStringLiteral("host"),    QStringLiteral("host-"),    QStringLiteral("host-4"),
            QStringLiteral("host-42"), QStringLiteral("host-421"), QStringLiteral("A"),
            QStringLiteral("AP"),      QStringLiteral("APP_"),     QStringLiteral("APP_X"),
            QString()};
        int shown = 0;
        run(
            "apps/search keystroke 10k +proxy, 100k known instances", int(typed.size()),
            [&](int) {},
            [&, i = 0]() mutable {
                proxy->setFilterText(typed.at(i++ % typed.size()));
                (void)proxy->stateCounts();
                (void)proxy->conditionCount(
                    models::ApplicationFilterProxyModel::Condition::Unhealthy);
                (void)proxy->conditionCount(
                    models::ApplicationFilterProxyModel::Condition::OperationInProgress);
                shown = proxy->rowCount();
            });
        (void)shown;
    }

    // ---- typing and clearing a search over 10k apps sorted on two keys (issue 18) ----
    // As bench_consolephases' filtering phase after its sorting phase: sorted by state, then
    // healthy count (most rows tie on both, so the row key decides), a text that hides every
    // row, then clearing it: all 10k rows come back in sorted order.
    {
        auto model = std::make_unique<models::ApplicationsModel>();
        auto proxy = std::make_unique<models::ApplicationFilterProxyModel>();
        proxy->setSourceModel(model.get());
        proxy->setSortKeys({{models::ApplicationsModel::StateColumn, Qt::AscendingOrder},
                            {models::ApplicationsModel::HealthyColumn, Qt::AscendingOrder}});
        model->applyApplications(baseApps);
        QCoreApplication::processEvents();
        int shown = -1; // stays -1 when the scenario is filtered out
        run(
            "apps/search hides all, then cleared 10k +proxy 2 keys", iterations,
            [&](int) {
                proxy->setFilterText(QStringLiteral("no such text"));
                QCoreApplication::processEvents();
            },
            [&] {
                proxy->setFilterText(QString());
                QCoreApplication::processEvents();
                shown = proxy->rowCount();
            });
        if (shown >= 0 && shown != model->rowCount()) {
            std::printf("CLEARED SEARCH SHOWS %d of %d rows\n", shown, model->rowCount());
            return 1;
        }
        for (int row = 1; row < proxy->rowCount(); ++row) {
            const auto a
                = model->application(proxy->index(row - 1, 0).data(models::RowKeyRole).toString());
            const auto b
                = model->application(proxy->index(row, 0).data(models::RowKeyRole).toString());
            if (a && b && a->state == b->state && a->healthyInstances > b->healthyInstances) {
                std::printf("ORDER WRONG after clearing at row %d\n", row);
                return 1;
            }
        }
    }

    // ---- instances of one huge application ----
    // Timed differently from the rest: a large snapshot is diffed on a worker thread and its new
    // rows go in a slice per turn of the event loop, so what counts is the GUI thread's CPU time
    // in all (from the apply to the last row in, proxies done), its longest single piece (the
    // apply call itself or one event dispatch), and how soon the first rows show.
    // "on GUI thread" rows: the same model with the worker off (backgroundThreshold -1), as
    // before issue 18's change.
    const QString bigApp = QStringLiteral("BIG-1");
    QList<InstanceInfo> baseInstances;
    for (int i = 0; i < InstanceCount; ++i)
        baseInstances.append(makeInstance(bigApp, i, InstanceState::Healthy, 1000));
    for (bool onWorker : {false, true}) {
        for (bool withProxy : {false, true}) {
            char suffix[48];
            std::snprintf(suffix, sizeof suffix, "%s%s", withProxy ? " +proxy" : "",
                          onWorker ? " worker" : " on GUI thread");
            std::unique_ptr<models::InstancesModel> model;
            std::unique_ptr<models::InstanceFilterProxyModel> proxy;
            const auto fresh = [&] {
                proxy.reset();
                model = std::make_unique<models::InstancesModel>();
                model->setAgeRefreshInterval(0);
                model->setBackgroundThreshold(onWorker ? 1000 : -1);
                model->setMode(models::InstancesModel::Mode::Active);
                model->setApplication(bigApp);
                if (withProxy) {
                    proxy = std::make_unique<models::InstanceFilterProxyModel>();
                    proxy->setSourceModel(model.get());
                    proxy->sort(models::InstancesModel::StateColumn);
                }
            };
            const auto settle = [&] {
                while (model->isLoading())
                    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
                QCoreApplication::processEvents();
            };
            QList<InstanceInfo> next;
            char name[96];
            std::snprintf(name, sizeof name, "instances/first-load 100k%s", suffix);
            runInstances(
                app, name, std::max(1, iterations / 2),
                [&](int) {
                    fresh();
                    return model.get();
                },
                [&] { model->applyActiveInstances(bigApp, baseInstances); });
            std::snprintf(name, sizeof name, "instances/unchanged 100k%s", suffix);
            runInstances(
                app, name, std::max(1, iterations / 2),
                [&](int) {
                    if (!model || model->rowCount() == 0) {
                        fresh();
                        model->applyActiveInstances(bigApp, baseInstances);
                        settle();
                    }
                    return model.get();
                },
                [&] { model->applyActiveInstances(bigApp, baseInstances); });
            std::snprintf(name, sizeof name, "instances/1%%-changed 100k%s", suffix);
            runInstances(
                app, name, std::max(1, iterations / 2),
                [&](int i) {
                    if (!model)
                        fresh();
                    model->applyActiveInstances(bigApp, baseInstances);
                    settle();
                    next = instancesChanged(bigApp, InstanceCount, i + 1);
                    return model.get();
                },
                [&] { model->applyActiveInstances(bigApp, next); });
        }
    }

    // ---- the tracker's view of every app's instances: 10,000 snapshots of 10 ----
    {
        models::OperationTracker tracker;
        tracker.setTickInterval(0);
        QList<QList<InstanceInfo>> perApp;
        QStringList ids;
        for (int a = 0; a < AppCount; ++a) {
            ids.append(QStringLiteral("APP_%1-1").arg(a));
            QList<InstanceInfo> list;
            for (int i = 0; i < 10; ++i)
                list.append(makeInstance(ids.last(), i, InstanceState::Healthy, 1000));
            perApp.append(list);
        }
        tracker.applicationsSynced(baseApps);
        run(
            "tracker/100k instances as 10k snapshots", iterations, [&](int) {},
            [&] {
                for (int a = 0; a < AppCount; ++a)
                    tracker.instancesSynced(ids.at(a), perApp.at(a));
            });
        run(
            "tracker/apps full 10k (no ops in flight)", iterations, [&](int) {},
            [&] { tracker.applicationsSynced(baseApps); });
    }
    return 0;
}
