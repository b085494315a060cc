// The whole console, as an operator uses it, against a controller holding a large cluster
// (issue 18's "no frame-sized stall anywhere"): the real MainWindow (offscreen, 1366×768) on a
// ClusterSession, and every GUI-thread dispatch timed (thread CPU and wall), with a 1 ms
// heartbeat, phase by phase:
//   first resync · warm resyncs · steady state with operations flowing · opening the largest
//   app · switching the selected app · sorting 10,000 rows (one key, then a secondary key) ·
//   filtering 10,000 rows as the search text is typed and cleared.
//
//   bench_clientsync --serve --apps 10000 --per-app 10 --big-app 2000   (prints READY <port>)
//   bench_consolephases --url http://127.0.0.1:PORT [--runs 3] [--steady-seconds 10]
//
// Each phase prints its longest dispatch (CPU and wall), how many dispatches took over 8 ms of
// CPU, and the heartbeat's longest stall, against the targets (8 ms dispatch, 12 ms stall).
#include "benchwait.h"
#include "dispatchtimer.h"
#include "stallprobe.h"

#include "client/clusterprofile.h"
#include "client/droveclient.h"
#include "client/syncengine.h"
#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "protocol/applicationoperation.h"
#include "protocol/clusteropspec.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

using namespace drove;

namespace {

constexpr double kDispatchTargetMs = 8;
constexpr double kStallTargetMs = 12;

class TimedApplication : public QApplication
{
public:
    TimedApplication(int &argc, char **argv)
        : QApplication(argc, argv)
    { }
    bool notify(QObject *receiver, QEvent *event) override
    {
        return clock.time(
            this, [&] { return QApplication::notify(receiver, event); }, receiver, event);
    }
    DispatchClock clock;
};

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Phase
{
    QString name;
    double cpuMs = 0;
    double wallMs = 0;
    int over8 = 0;
    double stallMs = 0;
    QString note;
    QString longest;
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("The controller."),
                                       QStringLiteral("URL"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Warm resyncs."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption steadyOption(QStringLiteral("steady-seconds"),
                                          QStringLiteral("Length of the steady-state phase."),
                                          QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption resyncsOnlyOption(
        QStringLiteral("resyncs-only"),
        QStringLiteral("Stop after the first and warm resyncs (to profile them alone)."));
    const QCommandLineOption phasesOption(
        QStringLiteral("phases"),
        QStringLiteral("The phases after the resyncs to run, by number (3 steady state, 4 opening "
                       "the largest app, 5 switching, 6 sorting, 7 filtering); default all."),
        QStringLiteral("LIST"), QStringLiteral("3,4,5,6,7"));
    parser.addOptions({urlOption, runsOption, steadyOption, resyncsOnlyOption, phasesOption});
    parser.process(app);
    const QUrl base(parser.value(urlOption));
    if (!base.isValid() || base.isEmpty()) {
        QTextStream(stderr) << "--url is required (start bench_clientsync --serve first)\n";
        return 2;
    }
    const int runs = qMax(1, parser.value(runsOption).toInt());
    QSet<int> wanted;
    for (const QString &part : parser.value(phasesOption).split(QLatin1Char(',')))
        wanted.insert(part.trimmed().toInt());
    const auto want = [&wanted](int phase) {
        return wanted.contains(phase);
    };
    const int steadySeconds = qMax(1, parser.value(steadyOption).toInt());

    QTemporaryDir home;
    QStandardPaths::setTestModeEnabled(true);
    StallProbe probe;
    QList<Phase> phases;
    const auto begin = [&] {
        probe.reset();
        app.clock.reset();
    };
    const auto end = [&](const QString &name, const QString &note = QString()) {
        phases.append(Phase {name, app.clock.maxCpuMs(), app.clock.maxWallMs(),
                             app.clock.over(kDispatchTargetMs), probe.maxStallMs(), note,
                             app.clock.longestWhat()});
        const Phase &p = phases.constLast();
        out() << "  " << name << ": longest dispatch " << QString::number(p.cpuMs, 'f', 1)
              << " ms CPU / " << QString::number(p.wallMs, 'f', 1) << " ms wall, " << p.over8
              << " over 8 ms; heartbeat " << QString::number(p.stallMs, 'f', 1) << " ms"
              << (note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(note))
              << "; longest: " << p.longest << Qt::endl;
    };

    // The floor of this thread with the window shown and nothing to do.
    QNetworkAccessManager network;
    client::DroveClient client(&network);
    client::ClusterProfile profile;
    profile.id = QStringLiteral("bench");
    profile.name = QStringLiteral("bench");
    profile.endpoints = {base};
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 1000;
    client::ConnectionSettings settings = profile.connectionSettings();
    settings.requestTimeoutMs = 120000;
    client.setConnectionSettings(settings);
    client::SyncEngine sync(&client);
    sync.setRefreshInterval(1000);
    sync.setFullResyncInterval(3600 * 1000);
    models::OperationJournal journal(home.filePath(QStringLiteral("journal.jsonl")));
    journal.load();
    models::ClusterSession session(&client, &sync, profile, true, &journal);
    ui::MainWindow window(&journal);
    window.resize(1366, 768);
    window.setSession(&session);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        QTextStream(stderr) << "the window was not exposed\n";
        return 1;
    }
    begin();
    waitFor([] { return false; }, 2000);
    end(QStringLiteral("idle floor (window shown, not connected)"));

    bool resyncDone = false;
    bool resyncRunning = false;
    QObject::connect(&sync, &client::SyncEngine::fullResyncStarted, [&] { resyncRunning = true; });
    QObject::connect(&sync, &client::SyncEngine::fullResyncFinished, [&] {
        resyncRunning = false;
        resyncDone = true;
    });
    const auto quiesce = [&] {
        waitFor([] { return false; }, 1000);
        waitFor([&] { return !resyncRunning; }, 300000);
    };

    // 1. First resync: connect, and wait until the list is in (and painted).
    begin();
    sync.start();
    // Done when every part answered and every row is in (the first list goes into the table a
    // batch per turn).
    if (!waitFor([&] { return resyncDone && !session.applications()->isLoading(); }, 300000)) {
        QTextStream(stderr) << "first resync did not finish\n";
        return 1;
    }
    waitFor([] { return false; }, 300);
    const int appRows = session.applications()->rowCount();
    end(QStringLiteral("first resync"), QStringLiteral("%1 application rows").arg(appRows));
    quiesce();
    quiesce();

    // 2. Warm resyncs.
    begin();
    for (int i = 0; i < runs; ++i) {
        resyncDone = false;
        sync.requestFullResync();
        waitFor([&] { return resyncDone; }, 300000);
        quiesce();
    }
    end(QStringLiteral("warm resyncs"), QStringLiteral("%1 runs").arg(runs));
    if (parser.isSet(resyncsOnlyOption))
        return 0;

    auto *appsView = window.findChild<QTableView *>(QStringLiteral("applicationsView"));
    auto *proxy = appsView ? qobject_cast<models::ApplicationFilterProxyModel *>(appsView->model())
                           : nullptr;
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    if (!appsView || !proxy || !search) {
        QTextStream(stderr) << "the window has no applications view, proxy or search field\n";
        return 1;
    }
    const auto select = [&](const QString &appId) {
        const QModelIndex source = session.applications()->indexOfKey(appId);
        const QModelIndex index = proxy->mapFromSource(source);
        if (!index.isValid())
            return false;
        // As an operator does: bring the row into view and click it.
        appsView->scrollTo(index);
        QCoreApplication::processEvents();
        QTest::mouseClick(appsView->viewport(), Qt::LeftButton, {},
                          appsView->visualRect(index).center());
        return true;
    };
    const auto instancesShown = [&](const QString &appId, qint64 count) {
        return session.instances()->applicationId() == appId
            && session.instances()->rowCount() >= count;
    };

    // 3. Steady state with operations flowing: a SCALE every 500 ms (10 <-> 11) on random apps,
    //    the first app's instances in view.
    QString largest;
    qint64 largestCount = -1;
    for (int row = 0; row < session.applications()->rowCount(); ++row) {
        const auto app = session.applications()->application(
            session.applications()->index(row, 0).data(models::RowKeyRole).toString());
        if (app && app->healthyInstances > largestCount) {
            largestCount = app->healthyInstances;
            largest = app->id;
        }
    }
    const QString first = proxy->index(0, 0).data(models::RowKeyRole).toString();
    select(first);
    if (!waitFor([&] { return instancesShown(first, 1); }, 60000))
        out() << "    the first app's instances did not show: model has "
              << session.instances()->applicationId() << ", " << session.instances()->rowCount()
              << " rows" << Qt::endl;
    quiesce();
    QTimer churn;
    churn.setInterval(500);
    int sent = 0;
    int accepted = 0;
    QObject::connect(&churn, &QTimer::timeout, [&] {
        const QString appId
            = session.applications()
                  ->index(
                      int(QRandomGenerator::global()->bounded(session.applications()->rowCount())),
                      0)
                  .data(models::RowKeyRole)
                  .toString();
        const auto current = session.applications()->application(appId);
        if (!current || appId == largest)
            return;
        const qint64 target = current->requiredInstances > 10 ? 10 : 11;
        ++sent;
        client.submitOperation(
            protocol::ApplicationOperation::scale(
                appId, target, protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1)),
            &churn, [&accepted](const client::Result<QString> &result) {
                accepted += result.ok() ? 1 : 0;
            });
    });
    if (want(3)) {
        begin();
        churn.start();
        waitFor([] { return false; }, steadySeconds * 1000);
        churn.stop();
        end(QStringLiteral("steady state, operations flowing"),
            QStringLiteral("%1 s, %2 SCALEs sent, %3 accepted")
                .arg(steadySeconds)
                .arg(sent)
                .arg(accepted));
        quiesce();
    }

    // 4. Opening the largest app.
    if (want(4)) {
        begin();
        QElapsedTimer opening;
        opening.start();
        select(largest);
        const bool opened = waitFor([&] { return instancesShown(largest, largestCount); }, 120000);
        const double openMs = double(opening.nsecsElapsed()) / 1e6;
        if (!opened)
            out() << "    instances model: app " << session.instances()->applicationId() << ", "
                  << session.instances()->rowCount() << " rows" << Qt::endl;
        waitFor([] { return false; }, 300);
        end(QStringLiteral("opening the largest app"),
            QStringLiteral("%1, %2 instances, all rows in after %3 ms%4")
                .arg(largest)
                .arg(largestCount)
                .arg(openMs, 0, 'f', 0)
                .arg(opened ? QString() : QStringLiteral(" — NOT all shown")));
    }

    // 5. Switching the selected app: 20 apps one after another, each until its instances show.
    if (want(5)) {
        begin();
        for (int i = 0; i < 20; ++i) {
            const QString appId = proxy->index(1 + i * 37 % qMax(1, proxy->rowCount() - 1), 0)
                                      .data(models::RowKeyRole)
                                      .toString();
            select(appId);
            waitFor([&] { return instancesShown(appId, 1); }, 30000);
        }
        end(QStringLiteral("switching the selected app"), QStringLiteral("20 apps"));
    }

    // 6. Sorting the whole list: a header click on each sortable column, then a secondary key.
    if (want(6)) {
        quiesce();
        begin();
        for (int column : {int(models::ApplicationsModel::NameColumn),
                           int(models::ApplicationsModel::StateColumn),
                           int(models::ApplicationsModel::HealthyColumn),
                           int(models::ApplicationsModel::UpdatedColumn)}) {
            appsView->sortByColumn(column, Qt::AscendingOrder);
            waitFor([] { return false; }, 100);
            appsView->sortByColumn(column, Qt::DescendingOrder);
            waitFor([] { return false; }, 100);
        }
        end(QStringLiteral("sorting %1 rows (4 columns, both orders)").arg(proxy->rowCount()));
        begin();
        appsView->sortByColumn(models::ApplicationsModel::StateColumn, Qt::AscendingOrder);
        proxy->addSortKey(models::ApplicationsModel::HealthyColumn);
        waitFor([] { return false; }, 200);
        end(QStringLiteral("adding a secondary sort key"));
        // With the two keys on, operations flowing change the secondary key of some rows.
        begin();
        churn.start();
        waitFor([] { return false; }, 5000);
        churn.stop();
        end(QStringLiteral("two sort keys while operations flow"), QStringLiteral("5 s"));
    }

    // 7. Filtering as the operator types, then clearing; sorted on two keys, as phase 6 leaves
    //    the list (set here when phase 6 was not run).
    if (want(7)) {
        if (!want(6)) {
            appsView->sortByColumn(models::ApplicationsModel::StateColumn, Qt::AscendingOrder);
            proxy->addSortKey(models::ApplicationsModel::HealthyColumn);
        }
        quiesce();
        begin();
        search->setFocus();
        for (const QString &text : {QStringLiteral("BENCH_1"), QStringLiteral("BENCH")}) {
            search->clear();
            for (QChar c : text) {
                QTest::keyClick(search, c.toLatin1());
                waitFor([] { return false; }, 60);
            }
            waitFor([] { return false; }, 400);
            const int matched = proxy->rowCount();
            search->clear();
            waitFor([] { return false; }, 400);
            out() << "    \"" << text << "\" matched " << matched << " rows" << Qt::endl;
        }
        end(QStringLiteral("filtering %1 rows as text is typed and cleared")
                .arg(session.applications()->rowCount()));
    }

    out() << "\n| phase | longest dispatch CPU / wall (ms) | dispatches > 8 ms | heartbeat max (ms)"
             " | targets |\n|---|---|---|---|---|\n";
    bool allMet = true;
    for (const Phase &p : std::as_const(phases)) {
        const bool met = p.cpuMs <= kDispatchTargetMs && p.stallMs <= kStallTargetMs;
        allMet = allMet && met;
        out() << "| " << p.name
              << (p.note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(p.note)) << " | "
              << QString::number(p.cpuMs, 'f', 1) << " / " << QString::number(p.wallMs, 'f', 1)
              << " | " << p.over8 << " | " << QString::number(p.stallMs, 'f', 1) << " | "
              << (met ? "met" : "**missed**") << " |\n";
    }
    out() << "\nall phases within 8 ms dispatch / 12 ms heartbeat: " << (allMet ? "yes" : "no")
          << Qt::endl;
    return 0;
}
