#include "rehearsal.h"

#include "embeddedcluster.h"
#include "simulationmenu.h"

#include "controller/controllercore.h"
#include "models/clustersession.h"
#include "models/operationjournal.h"
#include "protocol/applicationoperation.h"
#include "protocol/clusteropspec.h"
#include "ui/mainwindow.h"
#include "ui/operationrunner.h"
#include "ui/rehearsalpanel.h"

#include <QHostAddress>
#include <QMap>
#include <QStatusBar>
#include <QTemporaryDir>

namespace drove::console {

using namespace drove::controller;

namespace {

/// Placing the copies' instances: fast, the source's timings come after.
constexpr double kSeedTimeScale = 0.02;

protocol::ClusterOpSpec seedOpSpec(qint64 parallelism)
{
    return protocol::ClusterOpSpec::make(protocol::Duration::minutes(10),
                                         qBound(qint64(1), parallelism, qint64(32)));
}

protocol::ApplicationSpec creatableCopy(protocol::ApplicationSpec spec, int *filled)
{
    *filled = 0;
    if (spec.configs) {
        for (protocol::ConfigSpec &config : *spec.configs) {
            if (config.type == protocol::ConfigType::Inline && config.data.isEmpty()) {
                config.data = models::kMaskedConfigPlaceholder;
                ++*filled;
            }
        }
    }
    return spec;
}

bool isBlacklisted(protocol::ExecutorState state)
{
    return state == protocol::ExecutorState::Blacklisted
        || state == protocol::ExecutorState::BlacklistRequested;
}

} // namespace

ControllerConfig rehearsalConfig(const models::RehearsalSnapshot &snapshot)
{
    ControllerConfig config;
    config.stateDir.clear(); // in memory: a rehearsal leaves nothing behind
    config.timeScale = kSeedTimeScale;
    config.leaderAddress = QStringLiteral("rehearsal");
    for (const models::RehearsalExecutor &source : snapshot.executors) {
        ExecutorConfig executor;
        executor.hostname = source.hostname;
        executor.port = source.port;
        executor.tags = source.tags;
        executor.numaNodes = source.layout;
        executor.reserved = source.reserved;
        config.executors << executor;
    }
    return config;
}

RehearsalCluster::RehearsalCluster(const models::RehearsalSnapshot &snapshot, QObject *parent)
    : QObject(parent)
    , m_snapshot(snapshot)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &RehearsalCluster::poll);
}

RehearsalCluster::~RehearsalCluster() = default;

client::ClusterProfile RehearsalCluster::profile() const
{
    client::ClusterProfile profile;
    profile.id = QStringLiteral("rehearsal:%1").arg(m_snapshot.sourceProfileId);
    profile.name = tr("REHEARSAL of %1").arg(m_snapshot.sourceCluster);
    if (m_cluster)
        profile.endpoints = {m_cluster->endpoint()};
    profile.authMode = client::ClusterAuth::Mode::Basic;
    profile.username = m_cluster ? m_cluster->username() : QString();
    profile.criticality = client::Criticality::Local;
    profile.confirmEveryChange = false;
    profile.refreshIntervalMs = 1000;
    return profile;
}

QString RehearsalCluster::password() const
{
    return m_cluster ? m_cluster->password() : QString();
}

bool RehearsalCluster::start(QString *error)
{
    if (m_snapshot.executors.isEmpty()) {
        if (error)
            *error = tr("%1 has no executor that could be copied").arg(m_snapshot.sourceCluster);
        return false;
    }
    m_cluster = std::make_unique<EmbeddedCluster>(rehearsalConfig(m_snapshot));
    m_cluster->setListenAddress(QHostAddress::LocalHost, 0);
    if (!m_cluster->start(error))
        return false;

    m_cluster->runOnCore([this](ControllerCore &core) {
        // Blacklisted on the source: blacklisted here (nothing runs here yet, so nothing moves).
        QStringList blacklist;
        for (const models::RehearsalExecutor &source : std::as_const(m_snapshot.executors)) {
            if (!isBlacklisted(source.state))
                continue;
            for (const auto &executor : core.executors())
                if (executor.hostname == source.hostname && executor.port == source.port)
                    blacklist << executor.executorId;
        }
        if (!blacklist.isEmpty())
            core.blacklist(blacklist);
        for (const models::RehearsalExecutor &source : std::as_const(m_snapshot.executors))
            if (source.state == protocol::ExecutorState::Unready)
                m_problems << tr("%1 is UNREADY on %2; here it is ACTIVE")
                                  .arg(source.hostname, m_snapshot.sourceCluster);

        for (const models::RehearsalApp &app : std::as_const(m_snapshot.apps)) {
            int filled = 0;
            const protocol::ApplicationSpec spec = creatableCopy(app.spec, &filled);
            if (filled > 0)
                m_problems << tr("%1: the data of %n inline config file(s) is masked by the "
                                 "controller; the copy holds a placeholder instead",
                                 nullptr, filled)
                                  .arg(app.appId);
            const OperationResult created
                = core.submit(protocol::ApplicationOperation::create(spec, 0, seedOpSpec(1)));
            if (!created.accepted) {
                m_problems << tr("%1 could not be created in the copy: %2")
                                  .arg(app.appId,
                                       created.validationErrors.isEmpty()
                                           ? created.message
                                           : created.validationErrors.join(QStringLiteral("; ")));
                continue;
            }
            m_created << app.appId;
            if (app.summary.requiredInstances <= 0)
                continue;
            core.setPlacementHints(app.appId, app.placedOn);
            const OperationResult scaled = core.submit(
                protocol::ApplicationOperation::scale(app.appId, app.summary.requiredInstances,
                                                      seedOpSpec(app.summary.requiredInstances)));
            if (!scaled.accepted)
                m_problems << tr("%1: its %2 instance(s) could not be started in the copy: %3")
                                  .arg(app.appId)
                                  .arg(app.summary.requiredInstances)
                                  .arg(scaled.validationErrors.join(QStringLiteral("; ")));
        }
    });
    m_seedClock.start();
    m_poll.start();
    return true;
}

void RehearsalCluster::poll()
{
    bool busy = false;
    m_cluster->runOnCore([&](ControllerCore &core) {
        for (const QString &appId : std::as_const(m_created))
            if (core.activeOperation(appId))
                busy = true;
    });
    if (!busy)
        finishSeeding(false);
    else if (m_seedClock.elapsed() > m_seedTimeoutMs)
        finishSeeding(true);
}

void RehearsalCluster::finishSeeding(bool timedOut)
{
    m_poll.stop();
    if (timedOut)
        m_problems << tr("Placing the copies' instances did not finish within %1 s; the "
                         "rehearsal starts with what was placed")
                          .arg(m_seedTimeoutMs / 1000);
    m_cluster->runOnCore([this](ControllerCore &core) {
        for (const models::RehearsalApp &app : std::as_const(m_snapshot.apps)) {
            if (!m_created.contains(app.appId))
                continue;
            core.setPlacementHints(app.appId, {});
            core.setStartupHint(app.appId, app.startupMs);
            const auto summary = core.appSummary(app.appId);
            const qint64 healthy = summary ? summary->healthyInstances : 0;
            if (healthy < app.summary.requiredInstances) {
                QString reason;
                const QList<OperationRecord> records = core.operations(app.appId);
                if (!records.isEmpty())
                    reason = records.constLast().reason;
                m_problems << tr("%1: %2 of %3 instance(s) could be placed in the copy%4")
                                  .arg(app.appId)
                                  .arg(healthy)
                                  .arg(app.summary.requiredInstances)
                                  .arg(reason.isEmpty() ? QString()
                                                        : QStringLiteral(" (%1)").arg(reason));
            }
            // Where they landed, against where they run on the source.
            QMap<QString, int> wanted;
            for (const QString &host : app.placedOn)
                wanted[host] += 1;
            QHash<QString, QString> hostOf;
            for (const auto &executor : core.executors())
                hostOf.insert(executor.executorId, executor.hostname);
            for (const protocol::InstanceInfo &instance : core.instances(app.appId)) {
                auto it = wanted.find(hostOf.value(instance.executorId));
                if (it != wanted.end() && it.value() > 0)
                    it.value() -= 1;
            }
            int elsewhere = 0;
            for (int left : std::as_const(wanted))
                elsewhere += left;
            if (elsewhere > 0)
                m_problems << tr("%1: %n instance(s) run on other executors than on the source "
                                 "(the placement rules or the free cores there decided)",
                                 nullptr, elsewhere)
                                  .arg(app.appId);
        }
        core.setTimeScale(m_timeScale);
    });
    m_seeded = true;
    emit seeded(m_problems);
}

Rehearsals::Rehearsals(ui::MainWindow *sourceWindow,
                       std::function<models::ClusterSession *()> sourceSession,
                       QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_sourceWindow(sourceWindow)
    , m_sourceSession(std::move(sourceSession))
    , m_network(network)
{
    connect(m_sourceWindow, &ui::MainWindow::rehearseRequested, this, &Rehearsals::rehearse);
}

Rehearsals::~Rehearsals()
{
    for (const QPointer<ui::MainWindow> &window : std::as_const(m_windows))
        delete window.data();
}

QList<ui::MainWindow *> Rehearsals::windows() const
{
    QList<ui::MainWindow *> open;
    for (const QPointer<ui::MainWindow> &window : m_windows)
        if (window)
            open << window.data();
    return open;
}

void Rehearsals::rehearse(const QStringList &appIds)
{
    models::ClusterSession *source = m_sourceSession ? m_sourceSession() : nullptr;
    if (!source || appIds.isEmpty()) {
        emit failed(tr("Nothing to rehearse: no cluster or no application chosen."));
        return;
    }
    m_sourceWindow->statusBar()->showMessage(
        tr("Reading %1 for the rehearsal (executors, specs)…").arg(source->clusterName()));
    auto *builder = new models::RehearsalSnapshotBuilder(source, appIds, this);
    connect(builder, &models::RehearsalSnapshotBuilder::finished, this,
            [this](const models::RehearsalSnapshot &snapshot) {
                QString error;
                if (!open(snapshot, &error)) {
                    m_sourceWindow->statusBar()->showMessage(
                        tr("The rehearsal could not start: %1").arg(error), 15000);
                    emit failed(error);
                }
            });
    connect(builder, &models::RehearsalSnapshotBuilder::failed, this,
            [this](const QString &reason) {
                m_sourceWindow->statusBar()->showMessage(
                    tr("The rehearsal could not be built: %1").arg(reason), 15000);
                emit failed(reason);
            });
    builder->start();
}

ui::MainWindow *Rehearsals::open(const models::RehearsalSnapshot &snapshot, QString *error)
{
    // Owns the copy's cluster and session; deleted after its window.
    auto *holder = new QObject(this);
    auto *cluster = new RehearsalCluster(snapshot, holder);
    cluster->setTimeScale(m_timeScale);
    if (!cluster->start(error)) {
        delete holder;
        return nullptr;
    }
    auto *window = new ui::MainWindow(m_sourceWindow->journal());
    // A staged rollout rehearsed here is written where nothing outlives the rehearsal: a later
    // rehearsal of the same cluster must not find it and offer to resume it.
    auto *rollouts = new QTemporaryDir;
    connect(holder, &QObject::destroyed, [rollouts] { delete rollouts; });
    window->operationRunner()->setRolloutBaseDirectory(rollouts->path());
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &QObject::destroyed, holder, &QObject::deleteLater);
    m_windows << window;
    const QString profileId = snapshot.sourceProfileId;
    const client::ClusterProfile sourceProfile = [&] {
        models::ClusterSession *source = m_sourceSession ? m_sourceSession() : nullptr;
        return source ? source->profile() : client::ClusterProfile();
    }();

    ui::RehearsalPanel::Source source;
    source.clusterName = snapshot.sourceCluster;
    source.criticality = sourceProfile.criticality;
    source.confirmEveryChange = sourceProfile.confirmEveryChange;
    source.session = [this, profileId]() -> models::ClusterSession * {
        models::ClusterSession *session = m_sourceSession ? m_sourceSession() : nullptr;
        return session && session->profile().id == profileId ? session : nullptr;
    };
    window->statusBar()->showMessage(tr("Placing the copies' instances…"));
    const int number = ++m_count;
    auto openSession = [this, window, holder, cluster, source, snapshot, number] {
        auto *session = new models::ClusterSession(m_network, cluster->profile(), true,
                                                   window->journal(), holder);
        window->setSession(session);
        auto *panel = new ui::RehearsalPanel(
            source, session, window->journal(),
            [cluster] { return cluster->cluster() ? cluster->cluster()->timeScale() : 1.0; },
            window);
        QStringList apps;
        for (const models::RehearsalApp &app : snapshot.apps)
            apps << app.appId;
        panel->setCopyInfo(
            tr("<b>Rehearsal %1</b> of <b>%2</b>, copied at %3: %n executor(s) and %4.", nullptr,
               int(snapshot.executors.size()))
                .arg(number)
                .arg(snapshot.sourceCluster.toHtmlEscaped(),
                     snapshot.takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                     apps.join(QStringLiteral(", ")).toHtmlEscaped()),
            snapshot.notes + cluster->problems());
        window->setRehearsal(snapshot.sourceCluster, panel);
        window->addEmbeddedMenu(new SimulationMenu(cluster->cluster(), window));
        window->setSession(session);
        session->start(cluster->profile().connectionSettings(cluster->password()));
        window->statusBar()->clearMessage();
        emit opened(window);
    };
    // The session connects once the copy is placed: its first events poll is then history,
    // and the operator starts from the source's picture, not from the placing.
    if (cluster->isSeeded())
        openSession();
    else
        connect(cluster, &RehearsalCluster::seeded, window, openSession);
    window->setRehearsal(snapshot.sourceCluster, nullptr);
    window->show();
    m_sourceWindow->statusBar()->clearMessage();
    return window;
}

} // namespace drove::console
