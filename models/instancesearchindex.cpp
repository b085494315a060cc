#include "models/instancesearchindex.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/operationtracker.h"
#include "models/trackedoperation.h"

#include <QSet>

namespace drove::models {

namespace {

/// A burst of model signals (one sync) is one gathering.
constexpr int kCoalesceMs = 150;
/// Executor details can change without any signal the index follows (same instance count).
constexpr int kRefreshMs = 5000;

} // namespace

InstanceSearchIndex::InstanceSearchIndex(QObject *parent)
    : QObject(parent)
{
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

void InstanceSearchIndex::rebuild()
{
    m_rebuildTimer.stop();
    Coverage coverage;
    KnownInstances instances;
    if (m_enabled && m_session)
        instances = gather(*m_session, &coverage);
    if (instances == m_instances && coverage == m_coverage)
        return;
    m_instances = instances;
    m_coverage = coverage;
    Q_EMIT changed();
}

KnownInstances InstanceSearchIndex::gather(const ClusterSession &session, Coverage *coverage)
{
    KnownInstances byApp;
    QSet<QString> seen;
    const ExecutorsModel *executors = session.executors();
    // The freshest source first; an instance another source also lists keeps what it said.
    const auto add = [&](const protocol::InstanceInfo &instance, const QString &executorId) {
        if (instance.appId.isEmpty() || instance.instanceId.isEmpty()
            || seen.contains(instance.instanceId))
            return;
        seen.insert(instance.instanceId);
        KnownInstance known;
        known.instanceId = instance.instanceId;
        known.stateName = instance.stateText.isEmpty() ? protocol::toString(instance.state)
                                                       : instance.stateText;
        known.executorId = instance.executorId.isEmpty() ? executorId : instance.executorId;
        if (instance.localInfo)
            known.hostname = instance.localInfo->hostname;
        if (known.hostname.isEmpty()) {
            if (const auto executor = executors->executor(known.executorId))
                known.hostname = executor->hostname;
        }
        byApp[instance.appId] << known;
    };

    Coverage covered;
    const InstancesModel *scope = session.instances();
    covered.scopeAppId = scope->applicationId();
    for (int row = 0; row < scope->rowCount(); ++row)
        add(*scope->rowAt(row), QString());

    QSet<QString> inFlight;
    for (const TrackedOperation &operation : session.tracker()->operations()) {
        if (!operation.isFinished())
            inFlight.insert(operation.appId);
    }
    covered.appsInFlight = int(inFlight.size());
    for (const QString &appId : std::as_const(inFlight)) {
        for (const protocol::InstanceInfo &instance : session.followedInstances(appId))
            add(instance, QString());
    }

    covered.executors = executors->rowCount();
    for (int row = 0; row < executors->rowCount(); ++row) {
        const QString executorId = executors->rowAt(row)->executorId;
        if (!session.hasExecutorDetails(executorId))
            continue;
        ++covered.executorsWithDetails;
        for (const protocol::InstanceInfo &instance : session.instancesOnExecutor(executorId))
            add(instance, executorId);
    }
    if (coverage)
        *coverage = covered;
    return byApp;
}

} // namespace drove::models
