#include "models/instancesearchindex.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"

#include <QCoreApplication>
#include <QThreadPool>

#include <QSet>

namespace drove::models {

namespace {

/// A burst of model signals (one sync) is one gathering.
constexpr int kCoalesceMs = 150;
/// Executor details can change without any signal the index follows (same instance count).
constexpr int kRefreshMs = 5000;

/// Drops a reference to an index on a pool thread: freeing 100,000 known instances took
/// 13 ms of the GUI thread when the last reference went there.
void releaseOffThread(KnownInstances &&instances, KnownTexts &&texts)
{
    if (instances.isEmpty() && texts.isEmpty())
        return;
    QThreadPool::globalInstance()->start(
        [instances = std::move(instances), texts = std::move(texts)]() mutable {
            instances = KnownInstances();
            texts = KnownTexts();
        });
}

} // namespace

InstanceSearchIndex::InstanceSearchIndex(QObject *parent)
    : QObject(parent)
    , m_token(std::make_shared<Token>())
{
    m_token->index = this;
    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(kCoalesceMs);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &InstanceSearchIndex::rebuild);
    m_refreshTimer.setInterval(kRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &InstanceSearchIndex::rebuild);
}

void InstanceSearchIndex::setSession(ClusterSession *session)
{
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    if (session) {
        m_sessionContext = new QObject(this);
        const auto follow = [this](QAbstractItemModel *model) {
            for (const auto signal :
                 {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
                connect(model, signal, m_sessionContext, [this] { scheduleRebuild(); });
            connect(model, &QAbstractItemModel::modelReset, m_sessionContext,
                    [this] { scheduleRebuild(); });
            connect(model, &QAbstractItemModel::dataChanged, m_sessionContext,
                    [this] { scheduleRebuild(); });
        };
        follow(session->instances());
        follow(session->executors());
        follow(session->applications());
        OperationTracker *tracker = session->tracker();
        for (const auto signal :
             {&OperationTracker::operationAdded, &OperationTracker::operationFinished})
            connect(tracker, signal, m_sessionContext, [this] { scheduleRebuild(); });
        connect(tracker, &OperationTracker::operationRemoved, m_sessionContext,
                [this] { scheduleRebuild(); });
    }
    rebuild();
}

void InstanceSearchIndex::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (enabled)
        m_refreshTimer.start();
    else
        m_refreshTimer.stop();
    rebuild();
}

void InstanceSearchIndex::scheduleRebuild()
{
    if (m_enabled && !m_rebuildTimer.isActive())
        m_rebuildTimer.start();
}

InstanceSearchIndex::~InstanceSearchIndex()
{
    m_token->index = nullptr;
}

void InstanceSearchIndex::rebuild()
{
    m_rebuildTimer.stop();
    const quint64 generation = ++m_token->generation;
    if (!m_enabled || !m_session) {
        apply({}, {}, {}, std::nullopt);
        return;
    }
    // Shared copies here; the walk over every instance on a pool thread.
    std::weak_ptr<Token> token = m_token;
    Snapshot taken = snapshot(*m_session);
    taken.previous = m_instances;
    taken.previousTexts = m_texts;
    QThreadPool::globalInstance()->start([snapshot = std::move(taken), token, generation] {
        Coverage coverage;
        QSet<QString> changedApps;
        KnownTexts texts;
        KnownInstances instances = gather(snapshot, &coverage, &changedApps, &texts);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [token, generation, instances = std::move(instances), texts = std::move(texts),
             coverage, changedApps = std::move(changedApps)]() mutable {
                const std::shared_ptr<Token> alive = token.lock();
                if (alive && alive->index && alive->generation == generation)
                    alive->index->apply(std::move(instances), std::move(texts), coverage,
                                        std::move(changedApps));
                else
                    releaseOffThread(std::move(instances), std::move(texts));
            },
            Qt::QueuedConnection);
    });
}

void InstanceSearchIndex::apply(KnownInstances instances, KnownTexts texts,
                                const Coverage &coverage, std::optional<QSet<QString>> changedApps)
{
    const bool same = changedApps ? changedApps->isEmpty() : instances == m_instances;
    if (same && coverage == m_coverage) {
        releaseOffThread(std::move(instances), std::move(texts));
        return;
    }
    KnownInstances previous = std::exchange(m_instances, std::move(instances));
    KnownTexts previousTexts = std::exchange(m_texts, std::move(texts));
    m_changedApps = std::move(changedApps);
    m_coverage = coverage;
    Q_EMIT changed(); // the receivers drop their references to the previous ones
    releaseOffThread(std::move(previous), std::move(previousTexts));
}

InstanceSearchIndex::Snapshot InstanceSearchIndex::snapshot(const ClusterSession &session)
{
    Snapshot snap;
    const InstancesModel *scope = session.instances();
    snap.scopeAppId = scope->applicationId();
    // Shared copies of the lists the rows were made from: nothing copied on this thread.
    snap.scope = scope->shownInstanceLists();

    QSet<QString> inFlight;
    for (const TrackedOperation &operation : session.tracker()->operations()) {
        if (!operation.isFinished())
            inFlight.insert(operation.appId);
    }
    snap.appsInFlight = int(inFlight.size());
    for (const QString &appId : std::as_const(inFlight))
        snap.inFlight.append(session.followedInstances(appId));

    const ExecutorsModel *executors = session.executors();
    snap.executors = executors->rowCount();
    snap.executorHosts.reserve(executors->rowCount());
    for (int row = 0; row < executors->rowCount(); ++row) {
        const auto *executor = executors->rowAt(row);
        snap.executorHosts.insert(executor->executorId, executor->hostname);
        if (session.hasExecutorDetails(executor->executorId))
            snap.executorInstances.append(
                {executor->executorId, session.instancesOnExecutor(executor->executorId)});
    }
    return snap;
}

KnownInstances InstanceSearchIndex::gather(const Snapshot &snapshot, Coverage *coverage,
                                           QSet<QString> *changed, KnownTexts *texts)
{
    KnownInstances byApp;
    QSet<QString> seen;
    // The freshest source first; an instance another source also lists keeps what it said.
    const auto addKnown = [&](const QString &appId, const QString &instanceId,
                              protocol::InstanceState state, const QString &stateText,
                              const QString &executorId, const QString &hostname) {
        if (appId.isEmpty() || instanceId.isEmpty() || seen.contains(instanceId))
            return;
        seen.insert(instanceId);
        KnownInstance known;
        known.instanceId = instanceId;
        known.stateName = stateText.isEmpty() ? protocol::toString(state) : stateText;
        known.executorId = executorId;
        known.hostname = hostname.isEmpty() ? snapshot.executorHosts.value(executorId) : hostname;
        byApp[appId] << known;
    };
    const auto add = [&](const protocol::InstanceInfo &instance) {
        addKnown(instance.appId, instance.instanceId, instance.state, instance.stateText,
                 instance.executorId,
                 instance.localInfo ? instance.localInfo->hostname : QString());
    };

    Coverage covered;
    covered.scopeAppId = snapshot.scopeAppId;
    for (const QList<protocol::InstanceInfo> &instances : snapshot.scope) {
        for (const protocol::InstanceInfo &instance : instances)
            add(instance);
    }
    covered.appsInFlight = snapshot.appsInFlight;
    for (const QList<protocol::InstanceInfo> &instances : snapshot.inFlight) {
        for (const protocol::InstanceInfo &instance : instances)
            add(instance);
    }
    covered.executors = snapshot.executors;
    for (const auto &[executorId, instances] : snapshot.executorInstances) {
        ++covered.executorsWithDetails;
        for (qsizetype i = 0; i < instances.size(); ++i) {
            const QString listedOn = instances.executorId(i);
            addKnown(instances.appId(i), instances.instanceId(i), instances.state(i),
                     instances.stateText(i), listedOn.isEmpty() ? executorId : listedOn,
                     instances.hostname(i));
        }
    }
    if (coverage)
        *coverage = covered;
    // Lists equal to those held now are shared with them: the GUI thread then compares and
    // frees nothing for them, and re-filters only the applications that changed.
    const KnownInstances &previous = snapshot.previous;
    QSet<QString> differ;
    KnownTexts joined;
    joined.reserve(byApp.size());
    for (auto it = byApp.begin(); it != byApp.end(); ++it) {
        const auto held = previous.constFind(it.key());
        const auto heldText = snapshot.previousTexts.constFind(it.key());
        if (held != previous.cend() && held.value() == it.value()
            && heldText != snapshot.previousTexts.cend()) {
            it.value() = held.value();
            joined.insert(it.key(), heldText.value());
        } else {
            differ.insert(it.key());
            joined.insert(it.key(), joinedSearchableTexts(it.value()));
        }
    }
    for (auto it = previous.cbegin(); it != previous.cend(); ++it) {
        if (!byApp.contains(it.key()))
            differ.insert(it.key());
    }
    if (differ.isEmpty()) {
        byApp = previous;
        joined = snapshot.previousTexts;
    }
    if (changed)
        *changed = std::move(differ);
    if (texts)
        *texts = std::move(joined);
    return byApp;
}

} // namespace drove::models
