#include "models/rehearsalsnapshot.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/executorsmodel.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace drove::models {

namespace {

/// An hour: a "start" longer than this was a different story (a stuck pull, a clock jump).
constexpr qint64 kLongestStartMs = 60LL * 60 * 1000;

} // namespace

std::pair<qint64, int> RehearsalSnapshot::measuredStartup(const QString &appId,
                                                          const QList<protocol::DroveEvent> &events)
{
    QList<qint64> samples;
    QSet<QString> seen;
    for (const protocol::DroveEvent &event : events) {
        if (!event.isKnownType() || event.type != protocol::DroveEventType::InstanceStateChange)
            continue;
        if (event.metadataString(protocol::eventkeys::AppId) != appId
            || event.metadataString(protocol::eventkeys::CurrentState) != QLatin1String("HEALTHY"))
            continue;
        const QString instanceId = event.metadataString(protocol::eventkeys::InstanceId);
        if (seen.contains(instanceId))
            continue; // healthy again after a check flapped: not a start
        bool ok = false;
        const qint64 created = event.metadataString(protocol::eventkeys::Created).toLongLong(&ok);
        const qint64 took = event.time - created;
        if (!ok || created <= 0 || took <= 0 || took > kLongestStartMs)
            continue;
        seen.insert(instanceId);
        samples << took;
    }
    if (samples.isEmpty())
        return {0, 0};
    std::sort(samples.begin(), samples.end());
    return {samples.at(samples.size() / 2), int(samples.size())};
}

RehearsalSnapshot RehearsalSnapshot::assemble(
    const QString &cluster, const QString &profileId,
    const QList<protocol::ExecutorSummary> &executorSummaries,
    const QList<placement::Executor> &executors,
    const QHash<QString, QList<protocol::InstanceInfo>> &instancesByExecutor,
    const QList<protocol::AppSummary> &apps, const QHash<QString, protocol::ApplicationSpec> &specs,
    const QList<protocol::DroveEvent> &events)
{
    RehearsalSnapshot snapshot;
    snapshot.sourceCluster = cluster;
    snapshot.sourceProfileId = profileId;
    snapshot.takenAt = QDateTime::currentDateTimeUtc();

    QSet<QString> selected;
    for (const protocol::AppSummary &app : apps)
        selected.insert(app.id);
    QHash<QString, QStringList> placedOn;
    int unknownLayouts = 0;
    QStringList skipped;

    for (const placement::Executor &executor : executors) {
        if (executor.state == protocol::ExecutorState::Removed || !executor.reachable) {
            skipped << executor.displayName();
            continue;
        }
        RehearsalExecutor copy;
        copy.executorId = executor.id;
        copy.hostname = executor.hostname;
        for (const protocol::ExecutorSummary &summary : executorSummaries) {
            if (summary.executorId == executor.id) {
                copy.port = summary.port > 0 ? summary.port : copy.port;
                break;
            }
        }
        for (const QString &tag : executor.tags)
            if (tag != executor.hostname)
                copy.tags << tag;
        copy.state = executor.state;
        copy.layoutKnown = executor.layoutKnown;
        if (!executor.layoutKnown)
            ++unknownLayouts;

        // Per node: what is used now, less what the selected applications' instances hold
        // (they are re-created in the copy). The rest belongs to other applications.
        const QList<protocol::InstanceInfo> here = instancesByExecutor.value(executor.id);
        QHash<int, QSet<int>> selectedCores;
        QHash<int, qint64> selectedMemory;
        int selectedWithoutResources = 0;
        for (const protocol::InstanceInfo &instance : here) {
            if (!selected.contains(instance.appId))
                continue;
            if (protocol::isActive(instance.state))
                placedOn[instance.appId] << executor.hostname;
            bool described = false;
            for (const protocol::ResourceAllocation &resource : instance.resources) {
                for (auto it = resource.cores.cbegin(); it != resource.cores.cend(); ++it) {
                    for (int core : it.value())
                        selectedCores[it.key().toInt()].insert(core);
                    described = true;
                }
                for (auto it = resource.memoryInMB.cbegin(); it != resource.memoryInMB.cend(); ++it)
                    selectedMemory[it.key().toInt()] += it.value();
            }
            if (!described)
                ++selectedWithoutResources;
        }
        for (int node : executor.resources.nodeIds()) {
            placement::NumaNodeConfig config;
            config.id = node;
            config.coreIds = executor.resources.layoutCores(node);
            config.memoryMb = executor.resources.layoutMemory(node);
            copy.layout << config;
            placement::ResourceAllocation held;
            held.numaNode = node;
            const QList<int> used = executor.resources.usedCores(node);
            if (executor.layoutKnown) {
                for (int core : used)
                    if (!selectedCores.value(node).contains(core))
                        held.cores << core;
                held.memoryMb = qMax<qint64>(
                    0, executor.resources.usedMemory(node) - selectedMemory.value(node));
            } else {
                // Only totals: the selected apps' share is taken off by count and size.
                qint64 cores = used.size();
                qint64 memory = executor.resources.usedMemory(node);
                for (const protocol::InstanceInfo &instance : here) {
                    if (!selected.contains(instance.appId) || !protocol::isActive(instance.state))
                        continue;
                    const auto spec = specs.constFind(instance.appId);
                    if (spec == specs.cend())
                        continue;
                    cores -= spec->cpuCount();
                    memory -= spec->memoryMb();
                }
                held.cores = used.mid(0, int(qMax<qint64>(0, cores)));
                held.memoryMb = qMax<qint64>(0, memory);
            }
            if (!held.cores.isEmpty() || held.memoryMb > 0)
                copy.reserved << held;
        }
        if (selectedWithoutResources > 0)
            snapshot.notes << QObject::tr("%1: %n instance(s) of the selected applications did not "
                                          "say which cores they hold; their cores count as used "
                                          "by other applications",
                                          nullptr, selectedWithoutResources)
                                  .arg(executor.displayName());
        snapshot.executors << copy;
    }
    if (unknownLayouts > 0)
        snapshot.notes << QObject::tr("The NUMA layout of %n executor(s) was not known (their "
                                      "details could not be read): each is one node of its totals",
                                      nullptr, unknownLayouts);
    if (!skipped.isEmpty())
        snapshot.notes << QObject::tr("Not copied (removed or not reporting): %1")
                              .arg(skipped.join(QStringLiteral(", ")));

    for (const protocol::AppSummary &summary : apps) {
        RehearsalApp app;
        app.appId = summary.id;
        app.summary = summary;
        app.spec = specs.value(summary.id);
        app.placedOn = placedOn.value(summary.id);
        std::sort(app.placedOn.begin(), app.placedOn.end());
        const auto [startup, samples] = measuredStartup(summary.id, events);
        app.startupMs = startup;
        app.startupSamples = samples;
        if (summary.healthyInstances != summary.requiredInstances)
            snapshot.notes << QObject::tr("%1: %2 of %3 instance(s) were healthy on %4; the copy "
                                          "starts all %3 healthy")
                                  .arg(summary.id)
                                  .arg(summary.healthyInstances)
                                  .arg(summary.requiredInstances)
                                  .arg(cluster);
        snapshot.apps << app;
    }
    return snapshot;
}

RehearsalSnapshotBuilder::RehearsalSnapshotBuilder(ClusterSession *session,
                                                   const QStringList &appIds, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_appIds(appIds)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &RehearsalSnapshotBuilder::check);
}

void RehearsalSnapshotBuilder::start()
{
    if (!m_session) {
        emit failed(tr("Not connected to a cluster."));
        deleteLater();
        return;
    }
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    // Reads only: every executor's details (layout, free cores, instances) and each spec.
    m_session->refreshPlacementData();
    for (const QString &appId : std::as_const(m_appIds)) {
        m_session->fetchSpec(appId, this,
                             [this, appId](const client::Result<protocol::ApplicationSpec> &r) {
                                 ++m_specAnswers;
                                 if (r.ok())
                                     m_specs.insert(appId, r.value());
                                 else
                                     m_specErrors << tr("%1: %2").arg(appId, r.error().userText());
                             });
    }
    m_poll.start();
}

void RehearsalSnapshotBuilder::check()
{
    if (m_done)
        return;
    if (!m_session) {
        m_done = true;
        emit failed(tr("The source cluster was disconnected while it was being read."));
        deleteLater();
        return;
    }
    const bool specsIn = m_specAnswers >= m_appIds.size();
    bool detailsIn = true;
    ExecutorsModel *executors = m_session->executors();
    for (int row = 0; row < executors->rowCount(); ++row)
        if (!m_session->hasExecutorDetails(executors->rowAt(row)->executorId))
            detailsIn = false;
    const bool late = QDateTime::currentMSecsSinceEpoch() - m_startedMs > m_timeoutMs;
    if ((specsIn && detailsIn && executors->rowCount() > 0) || late)
        finish();
}

void RehearsalSnapshotBuilder::finish()
{
    m_done = true;
    m_poll.stop();
    if (m_specs.size() < m_appIds.size()) {
        QStringList missing = m_specErrors;
        if (missing.isEmpty())
            missing << tr("no answer within %1 s").arg(m_timeoutMs / 1000);
        emit failed(tr("The specs of the selected applications could not be read: %1")
                        .arg(missing.join(QStringLiteral("; "))));
        deleteLater();
        return;
    }
    ExecutorsModel *executorsModel = m_session->executors();
    if (executorsModel->rowCount() == 0) {
        emit failed(tr("The source cluster has not listed its executors yet."));
        deleteLater();
        return;
    }
    QList<protocol::ExecutorSummary> summaries;
    QHash<QString, QList<protocol::InstanceInfo>> instances;
    for (int row = 0; row < executorsModel->rowCount(); ++row) {
        const protocol::ExecutorSummary *summary = executorsModel->rowAt(row);
        summaries << *summary;
        // The compact records carry what a rehearsal reads: app, state, resources.
        instances.insert(summary->executorId,
                         m_session->instancesOnExecutor(summary->executorId).instances());
    }
    QList<protocol::AppSummary> apps;
    for (const QString &appId : std::as_const(m_appIds)) {
        if (const auto summary = m_session->applications()->application(appId))
            apps << *summary;
    }
    QList<protocol::DroveEvent> events;
    EventsModel *eventsModel = m_session->events();
    for (int row = 0; row < eventsModel->rowCount(); ++row)
        events << *eventsModel->eventAt(row);
    RehearsalSnapshot snapshot = RehearsalSnapshot::assemble(
        m_session->clusterName(), m_session->profile().id, summaries,
        m_session->placementExecutors(), instances, apps, m_specs, events);
    emit finished(snapshot);
    deleteLater();
}

} // namespace drove::models
