// Rehearse before you run: a copy of a live cluster in an embedded controller core.
//
// The "source" is an embedded controller behind its HTTP API (as a remote Drove would be),
// shaped to catch a careless copy: a tagged executor, a blacklisted one, a busy one whose cores
// are held by an application that is not copied, several apps. The console reads it through its
// real client and session (GETs only), builds the rehearsal, and the tests check that the copy
// offers what the source offers, fails where the source fails for the same reason, never writes
// to the source, and that Run on <cluster>… sends the identical payload, linked in the journal.
#include "../controller/controllertestsupport.h"
#include "app/console/embeddedcluster.h"
#include "app/console/rehearsal.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/controllernode.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/operationjournal.h"
#include "models/operationtracker.h"
#include "models/rehearsalsnapshot.h"
#include "ui/guarddialog.h"
#include "ui/mainwindow.h"
#include "ui/rehearsalpanel.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace drove;
using controller::test::opSpec;
using controller::test::testSpec;

namespace {

constexpr int kTimeoutMs = 30000;
const QString kUser = QStringLiteral("admin");
const QString kPassword = QStringLiteral("pw-rehearsal");

struct SeenRequest
{
    QByteArray method;
    QString path;
};

} // namespace

class TestRehearsal : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void measuredStartupIsTheMedianOfStarts();
    void copyOffersWhatTheSourceOffers();
    void placementFailsForTheSameReason();
    void rehearsalNeverWritesToTheSource();
    void runOnSourceSendsTheRehearsedPayload();

private:
    models::RehearsalSnapshot snapshotOf(const QStringList &appIds);
    controller::ControllerCore &source() { return *m_core; }
    QString sourceHost(const QString &executorId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<controller::http::ControllerNode> m_node;
    /// The node's core (seeded before the node serves).
    controller::ControllerCore *m_core = nullptr;
    quint16 m_port = 0;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::OperationJournal> m_journal;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<models::ClusterSession> m_session;
    QList<SeenRequest> m_requests;
    QString m_webId, m_batchId, m_gpuId, m_otherId;
};

void TestRehearsal::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("drove-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_rehearsal"));
    qRegisterMetaType<ui::MainWindow *>();
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());

    controller::ControllerConfig config;
    config.monitorInitialDelayMs = 600000;
    config.timeScale = 0.02;
    config.randomSeed = 7;
    using controller::ExecutorConfig;
    config.executors = {
        ExecutorConfig::make(QStringLiteral("exec-1.src"), 3000, 2, 4, 8192),
        ExecutorConfig::make(QStringLiteral("exec-2.src"), 3000, 2, 4, 8192),
        ExecutorConfig::make(QStringLiteral("busy-3.src"), 3000, 2, 4, 8192),
        ExecutorConfig::make(QStringLiteral("gpu-4.src"), 3000, 1, 8, 16384,
                             {QStringLiteral("gpu")}),
        ExecutorConfig::make(QStringLiteral("black-5.src"), 3000, 2, 4, 8192),
    };
    controller::http::NodeSettings node;
    node.controller = config;
    node.authEnabled = true;
    node.users = {controller::http::ApiUser {kUser, kPassword, controller::http::UserRole::Root}};
    m_node = std::make_unique<controller::http::ControllerNode>(node);
    QString error;
    // The source cluster is seeded before it serves, as a real one would be busy already.
    QVERIFY2(m_node->startCore(&error), qPrintable(error));
    m_core = m_node->core();

    // "other": not copied; it makes busy-3 busy (placed there by hint, 3 cores each).
    auto other = testSpec(QStringLiteral("other"), QStringLiteral("1"), 3, 2048);
    auto web = testSpec(QStringLiteral("web"), QStringLiteral("1"), 1, 1024);
    web.placementPolicy
        = protocol::PlacementPolicy::ofType(protocol::PlacementPolicyType::OnePerHost);
    auto batch = testSpec(QStringLiteral("batch"), QStringLiteral("1"), 1, 512);
    auto gpu = testSpec(QStringLiteral("gpujob"), QStringLiteral("1"), 4, 4096);
    gpu.placementPolicy = protocol::PlacementPolicy::matchTag(QStringLiteral("gpu"));
    m_otherId = other.appId();
    m_webId = web.appId();
    m_batchId = batch.appId();
    m_gpuId = gpu.appId();
    // Blacklisted first: the copy must keep it out of every placement, as the source does.
    for (const auto &executor : m_core->executors())
        if (executor.hostname == QLatin1String("black-5.src"))
            m_core->blacklist({executor.executorId});
    for (const auto &spec : {other, web, batch, gpu})
        QVERIFY(
            m_core->submit(protocol::ApplicationOperation::create(spec, 0, opSpec(1))).accepted);
    m_core->setPlacementHints(m_otherId,
                              {QStringLiteral("busy-3.src"), QStringLiteral("busy-3.src")});
    QVERIFY(
        m_core->submit(protocol::ApplicationOperation::scale(m_otherId, 2, opSpec(2))).accepted);
    QTRY_COMPARE_WITH_TIMEOUT(m_core->appSummary(m_otherId)->healthyInstances, 2, kTimeoutMs);
    QVERIFY(m_core->submit(protocol::ApplicationOperation::scale(m_webId, 3, opSpec(3))).accepted);
    QVERIFY(
        m_core->submit(protocol::ApplicationOperation::scale(m_batchId, 4, opSpec(4))).accepted);
    QVERIFY(m_core->submit(protocol::ApplicationOperation::scale(m_gpuId, 1, opSpec(1))).accepted);
    QTRY_COMPARE_WITH_TIMEOUT(m_core->appSummary(m_webId)->healthyInstances, 3, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_core->appSummary(m_batchId)->healthyInstances, 4, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_core->appSummary(m_gpuId)->healthyInstances, 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_core->activeOperation(m_webId)
                                 && !m_core->activeOperation(m_batchId)
                                 && !m_core->activeOperation(m_gpuId),
                             kTimeoutMs);
    connect(m_node->server(), &controller::http::ApiServer::requestFinished, this,
            [this](const controller::http::RequestLogEntry &entry) {
                m_requests << SeenRequest {entry.method, entry.path};
            });
    m_port = m_node->listen(&error);
    QVERIFY2(m_port != 0, qPrintable(error));

    client::ClusterProfile profile;
    profile.id = QStringLiteral("src-profile");
    profile.name = QStringLiteral("staging-eu");
    profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port))};
    profile.authMode = client::ClusterAuth::Mode::Basic;
    profile.username = kUser;
    profile.criticality = client::Criticality::Development;
    profile.refreshIntervalMs = 500;
    m_network = std::make_unique<QNetworkAccessManager>();
    m_journal = std::make_unique<models::OperationJournal>(
        m_dir.filePath(QStringLiteral("journal.jsonl")));
    m_window = std::make_unique<ui::MainWindow>(m_journal.get());
    m_session = std::make_unique<models::ClusterSession>(m_network.get(), profile, false,
                                                         m_journal.get());
    m_window->setSession(m_session.get());
    // The session's write-access probe (a POST the controller refuses unread) belongs to the
    // connection; it is over before any test counts requests.
    QSignalSpy probed(m_session.get(), &models::ClusterSession::writeAccessKnown);
    m_session->start(profile.connectionSettings(kPassword));
    QTRY_VERIFY_WITH_TIMEOUT(!probed.isEmpty(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->applications()->application(m_webId)
                                 && m_session->executors()->rowCount() == 5,
                             kTimeoutMs);
}

void TestRehearsal::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
    m_core = nullptr;
    m_node.reset();
}

models::RehearsalSnapshot TestRehearsal::snapshotOf(const QStringList &appIds)
{
    models::RehearsalSnapshot result;
    auto *builder = new models::RehearsalSnapshotBuilder(m_session.get(), appIds);
    QSignalSpy done(builder, &models::RehearsalSnapshotBuilder::finished);
    QSignalSpy failed(builder, &models::RehearsalSnapshotBuilder::failed);
    builder->start();
    if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, kTimeoutMs))
        qWarning("snapshot builder did not answer");
    if (!failed.isEmpty())
        qWarning("%s", qPrintable(failed.constFirst().constFirst().toString()));
    if (!done.isEmpty())
        result = done.constFirst().constFirst().value<models::RehearsalSnapshot>();
    return result;
}

QString TestRehearsal::sourceHost(const QString &executorId) const
{
    for (const auto &executor : m_core->executors())
        if (executor.executorId == executorId)
            return executor.hostname;
    return {};
}

void TestRehearsal::measuredStartupIsTheMedianOfStarts()
{
    auto healthy = [](const QString &instance, qint64 created, qint64 at) {
        protocol::DroveEvent event;
        event.type = protocol::DroveEventType::InstanceStateChange;
        event.time = at;
        event.metadata = {{protocol::eventkeys::AppId, QStringLiteral("a-1")},
                          {protocol::eventkeys::InstanceId, instance},
                          {protocol::eventkeys::CurrentState, QStringLiteral("HEALTHY")},
                          {protocol::eventkeys::Created, created}};
        return event;
    };
    const QList<protocol::DroveEvent> events {
        healthy(QStringLiteral("AI-1"), 1000, 21000),  // 20 s
        healthy(QStringLiteral("AI-2"), 1000, 41000),  // 40 s
        healthy(QStringLiteral("AI-3"), 1000, 31000),  // 30 s
        healthy(QStringLiteral("AI-3"), 1000, 900000), // healthy again later: not a start
        healthy(QStringLiteral("AI-4"), 0, 5000),      // no creation time: not measurable
    };
    const auto [ms, samples]
        = models::RehearsalSnapshot::measuredStartup(QStringLiteral("a-1"), events);
    QCOMPARE(samples, 3);
    QCOMPARE(ms, qint64(30000));
    QCOMPARE(models::RehearsalSnapshot::measuredStartup(QStringLiteral("b-1"), events).second, 0);
}

void TestRehearsal::copyOffersWhatTheSourceOffers()
{
    const models::RehearsalSnapshot snapshot = snapshotOf({m_webId, m_batchId, m_gpuId});
    QCOMPARE(snapshot.apps.size(), 3);
    QCOMPARE(snapshot.executors.size(), 5);
    console::RehearsalCluster rehearsal(snapshot);
    QString error;
    QVERIFY2(rehearsal.start(&error), qPrintable(error));
    QSignalSpy seeded(&rehearsal, &console::RehearsalCluster::seeded);
    QVERIFY(seeded.wait(kTimeoutMs) || rehearsal.isSeeded());
    // The only difference said: Drove masks inline config data (TEST_APP has one config).
    for (const QString &problem : rehearsal.problems())
        QVERIFY2(problem.contains(QLatin1String("masked by the controller")), qPrintable(problem));

    // Executors: same hosts, tags, states, and per NUMA node the same free cores and memory
    // (what "other" holds on busy-3 is held as reserved in the copy).
    QHash<QString, protocol::ExecutorNodeData> copied;
    QHash<QString, protocol::ExecutorSummary> copiedSummaries;
    QHash<QString, protocol::ApplicationSpec> copiedSpecs;
    QHash<QString, protocol::AppSummary> copiedApps;
    QHash<QString, QStringList> copiedPlacement;
    rehearsal.cluster()->runOnCore([&](controller::ControllerCore &core) {
        QHash<QString, QString> host;
        for (const auto &executor : core.executors()) {
            copiedSummaries.insert(executor.hostname, executor);
            copied.insert(executor.hostname, *core.executorDetails(executor.executorId));
            host.insert(executor.executorId, executor.hostname);
        }
        for (const auto &app : {m_webId, m_batchId, m_gpuId}) {
            copiedSpecs.insert(app, *core.spec(app));
            copiedApps.insert(app, *core.appSummary(app));
            for (const auto &instance : core.instances(app))
                copiedPlacement[app] << host.value(instance.executorId);
            copiedPlacement[app].sort();
        }
    });
    for (const auto &executor : m_core->executors()) {
        QVERIFY2(copied.contains(executor.hostname), qPrintable(executor.hostname));
        const protocol::ExecutorNodeData real = *m_core->executorDetails(executor.executorId);
        const protocol::ExecutorNodeData &copy = copied.value(executor.hostname);
        QCOMPARE(copy.cpus.freeCores, real.cpus.freeCores);
        QCOMPARE(copy.cpus.usedCores, real.cpus.usedCores);
        QCOMPARE(copy.memory.freeMemory, real.memory.freeMemory);
        QCOMPARE(copy.memory.usedMemory, real.memory.usedMemory);
        QCOMPARE(copiedSummaries.value(executor.hostname).tags, executor.tags);
        QCOMPARE(copiedSummaries.value(executor.hostname).state, executor.state);
    }
    // Apps: the real specs, the same counts, healthy, on the same executors.
    for (const auto &app : {m_webId, m_batchId, m_gpuId}) {
        QCOMPARE(copiedSpecs.value(app).toJson(), m_core->spec(app)->toJson());
        QCOMPARE(copiedApps.value(app).requiredInstances,
                 m_core->appSummary(app)->requiredInstances);
        QCOMPARE(copiedApps.value(app).healthyInstances, m_core->appSummary(app)->healthyInstances);
        QStringList real;
        for (const auto &instance : m_core->instances(app))
            real << sourceHost(instance.executorId);
        real.sort();
        QCOMPARE(copiedPlacement.value(app), real);
    }
    QVERIFY(!copied.contains(QStringLiteral("nowhere")));
}

void TestRehearsal::placementFailsForTheSameReason()
{
    const models::RehearsalSnapshot snapshot = snapshotOf({m_webId, m_gpuId});
    console::RehearsalCluster rehearsal(snapshot);
    QVERIFY(rehearsal.start());
    QSignalSpy seeded(&rehearsal, &console::RehearsalCluster::seeded);
    QVERIFY(seeded.wait(kTimeoutMs) || rehearsal.isSeeded());

    // Each refused by the §4.3 resource check on the source (nothing changes there); the copy
    // must refuse with exactly the same words.
    const QList<protocol::ApplicationOperation> refused {
        // More cores than the ACTIVE untagged executors have free.
        protocol::ApplicationOperation::scale(m_webId, 40, opSpec(1)),
        // 4 cores on one NUMA node, only gpu-4 carries the tag and has 4 left.
        protocol::ApplicationOperation::scale(m_gpuId, 3, opSpec(1)),
    };
    for (const auto &operation : refused) {
        const controller::OperationResult real = m_core->submit(operation);
        QVERIFY2(!real.accepted, qPrintable(operation.appId));
        controller::OperationResult copy;
        rehearsal.cluster()->runOnCore(
            [&](controller::ControllerCore &core) { copy = core.submit(operation); });
        QVERIFY(!copy.accepted);
        QCOMPARE(copy.validationErrors, real.validationErrors);
    }
}

void TestRehearsal::rehearsalNeverWritesToTheSource()
{
    m_requests.clear();
    console::Rehearsals rehearsals(
        m_window.get(), [this] { return m_session.get(); }, m_network.get());
    rehearsals.setTimeScale(0.05);
    QSignalSpy opened(&rehearsals, &console::Rehearsals::opened);
    QSignalSpy failed(&rehearsals, &console::Rehearsals::failed);
    // Through the window, as the operator does it: Rehearse… with web ticked.
    QVERIFY(m_window->selectApplication(m_webId));
    auto *dialog = m_window->openRehearseDialog();
    QVERIFY(dialog);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), kTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    auto *window = opened.constFirst().constFirst().value<ui::MainWindow *>();
    QVERIFY(window->isRehearsal());
    QVERIFY(window->windowTitle().startsWith(QLatin1String("REHEARSAL of staging-eu")));
    QVERIFY(window->session());
    QTRY_VERIFY_WITH_TIMEOUT(window->session()->applications()->application(m_webId), kTimeoutMs);

    // An operation in the rehearsal (scale web 3 → 2).
    const auto ticket = window->session()->submitOperation(
        protocol::ApplicationOperation::scale(m_webId, 2, opSpec(1)));
    QVERIFY(ticket.sent());
    QTRY_VERIFY_WITH_TIMEOUT(
        window->session()->tracker()->operations().size() == 1
            && window->session()->tracker()->operations().constFirst().isFinished(),
        kTimeoutMs);
    QCOMPARE(m_core->appSummary(m_webId)->requiredInstances, 3); // untouched on the source

    QVERIFY(!m_requests.isEmpty()); // the source was read
    for (const SeenRequest &request : std::as_const(m_requests))
        QVERIFY2(request.method == "GET",
                 qPrintable(QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method),
                                                        request.path)));
    window->close();
}

void TestRehearsal::runOnSourceSendsTheRehearsedPayload()
{
    console::Rehearsals rehearsals(
        m_window.get(), [this] { return m_session.get(); }, m_network.get());
    rehearsals.setTimeScale(0.05);
    QSignalSpy opened(&rehearsals, &console::Rehearsals::opened);
    rehearsals.rehearse({m_batchId});
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), kTimeoutMs);
    auto *window = opened.constFirst().constFirst().value<ui::MainWindow *>();
    QTRY_VERIFY_WITH_TIMEOUT(window->session()->applications()->application(m_batchId), kTimeoutMs);
    auto *panel = window->findChild<ui::RehearsalPanel *>();
    QVERIFY(panel);

    const auto operation = protocol::ApplicationOperation::scale(m_batchId, 5, opSpec(2, 120));
    QVERIFY(window->session()->submitOperation(operation).sent());
    QTRY_COMPARE_WITH_TIMEOUT(panel->operationsView()->topLevelItemCount(), 1, kTimeoutMs);
    const QString trackedId
        = panel->operationsView()->topLevelItem(0)->data(0, Qt::UserRole).toString();
    QTRY_VERIFY_WITH_TIMEOUT(window->session()->tracker()->operation(trackedId)->isFinished(),
                             kTimeoutMs);
    const auto rehearsed = *window->session()->tracker()->operation(trackedId);
    QCOMPARE(rehearsed.outcome, protocol::OperationOutcome::Completed);
    // At time scale 0.05 the estimate is the time here × 20.
    QVERIFY2(panel->operationsView()->topLevelItem(0)->text(4).startsWith(QLatin1String("about ")),
             qPrintable(panel->operationsView()->topLevelItem(0)->text(4)));

    m_requests.clear();
    panel->runOnSource(trackedId);
    auto *guard = qobject_cast<ui::GuardDialog *>(panel->lastGuard());
    QVERIFY(guard);
    // DEVELOPMENT and a scale up would need nothing; from a rehearsal it is never one click.
    QCOMPARE(guard->confirmation(), ui::Confirmation::Acknowledge);
    QVERIFY(m_requests.isEmpty()); // nothing before the confirmation
    auto *tick = guard->findChild<QCheckBox *>();
    QVERIFY(tick);
    tick->setChecked(true);
    QSignalSpy sent(panel, &ui::RehearsalPanel::sentToSource);
    guard->accept();
    QVERIFY(sent.wait(kTimeoutMs));
    QCOMPARE(sent.constFirst().constFirst().toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(m_core->appSummary(m_batchId)->requiredInstances, 5, kTimeoutMs);

    // The identical payload, and the two journal entries point at each other.
    int posts = 0;
    for (const SeenRequest &request : std::as_const(m_requests))
        posts += request.method == "POST" ? 1 : 0;
    QCOMPARE(posts, 1);
    const auto lastRecord = m_core->operations(m_batchId).constLast();
    QCOMPARE(lastRecord.operation, operation.toJson());
    const auto rehearsalEntry = *m_journal->entry(rehearsed.journalId);
    QVERIFY(!rehearsalEntry.runId.isEmpty());
    const auto runEntry = *m_journal->entry(rehearsalEntry.runId);
    QCOMPARE(runEntry.rehearsalId, rehearsalEntry.id);
    QCOMPARE(runEntry.cluster, QStringLiteral("staging-eu"));
    QCOMPARE(rehearsalEntry.cluster, QStringLiteral("REHEARSAL of staging-eu"));
    QCOMPARE(runEntry.payload, rehearsalEntry.payload);
    // Kept across a restart of the console (the journal file).
    models::OperationJournal reread(m_journal->filePath());
    QVERIFY(reread.load());
    QCOMPARE(reread.entry(runEntry.id)->rehearsalId, rehearsalEntry.id);
    window->close();
}

QTEST_MAIN(TestRehearsal)
#include "tst_rehearsal.moc"
