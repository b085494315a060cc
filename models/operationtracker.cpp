#include "models/operationtracker.h"

#include <QDateTime>

#include <algorithm>

namespace drove::models {

using protocol::ApplicationState;
using protocol::InstanceState;
using protocol::OperationType;
using Outcome = TrackedOperation::Outcome;
using Phase = TrackedOperation::Phase;
using Origin = TrackedOperation::Origin;

namespace {

// Events carry the controller's clock, acceptance the console's; allow a little skew when
// deciding whether an event belongs to an operation.
constexpr qint64 EventSkewMs = 1000;

bool isFailureState(InstanceState state)
{
    return protocol::isError(state) || state == InstanceState::Unhealthy
        || state == InstanceState::Lost;
}

bool isScaleFamily(OperationType type)
{
    return type == OperationType::ScaleInstances || type == OperationType::StartInstances
        || type == OperationType::Suspend || type == OperationType::Recover;
}

std::optional<Outcome> outcomeFromEventText(const QString &text)
{
    const QString upper = text.toUpper();
    if (upper.isEmpty())
        return std::nullopt;
    if (upper.contains(QLatin1String("TIME")))
        return Outcome::TimedOut;
    if (upper.contains(QLatin1String("CANCEL")))
        return Outcome::Cancelled;
    if (upper.contains(QLatin1String("FAIL")))
        return Outcome::Failed;
    if (upper.contains(QLatin1String("COMPLET")) || upper.contains(QLatin1String("SUCCESS")))
        return Outcome::Completed;
    return std::nullopt;
}

} // namespace

OperationTracker::OperationTracker(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &OperationTracker::tick);
}

OperationTracker::~OperationTracker() = default;

void OperationTracker::setClock(std::function<qint64()> nowMs)
{
    if (nowMs)
        m_clock = std::move(nowMs);
}

void OperationTracker::setTickInterval(int ms)
{
    if (ms <= 0) {
        m_timer.stop();
        m_timer.setInterval(0);
        return;
    }
    m_timer.setInterval(ms);
    if (inFlightCount() > 0)
        m_timer.start();
}

void OperationTracker::setFinishedRetention(int count)
{
    m_retention = std::max(0, count);
    pruneFinished();
}

qint64 OperationTracker::now() const
{
    return m_clock();
}

int OperationTracker::indexOf(const QString &id) const
{
    for (int i = 0; i < m_operations.size(); ++i) {
        if (m_operations.at(i).id == id)
            return i;
    }
    return -1;
}

int OperationTracker::activeIndex(const QString &appId) const
{
    const auto it = m_activeByApp.constFind(appId);
    return it == m_activeByApp.cend() ? -1 : indexOf(it.value());
}

std::optional<TrackedOperation> OperationTracker::operation(const QString &id) const
{
    const int i = indexOf(id);
    return i < 0 ? std::nullopt : std::optional<TrackedOperation>(m_operations.at(i));
}

std::optional<TrackedOperation> OperationTracker::activeOperation(const QString &appId) const
{
    const int i = activeIndex(appId);
    return i < 0 ? std::nullopt : std::optional<TrackedOperation>(m_operations.at(i));
}

int OperationTracker::inFlightCount() const
{
    return int(m_activeByApp.size());
}

QString OperationTracker::trackAccepted(const protocol::ApplicationOperation &operation,
                                        const QString &journalId)
{
    TrackedOperation op;
    op.appId = operation.appIdOrDerived();
    op.type = operation.type;
    op.origin = Origin::ThisConsole;
    op.journalId = journalId;
    op.acceptedAtMs = now();
    op.timeoutMs = operation.opSpec && operation.opSpec->timeout
        ? operation.opSpec->timeout->toMilliseconds()
        : m_defaultTimeoutMs;
    op.parallelism = operation.opSpec ? operation.opSpec->parallelism : 0;

    Aux aux;
    switch (operation.type) {
    case OperationType::ScaleInstances:
        op.targetInstances = operation.requiredInstances;
        break;
    case OperationType::Suspend:
        op.targetInstances = 0;
        break;
    case OperationType::StartInstances:
        aux.startIncrement = operation.instances;
        break;
    case OperationType::Create:
        op.targetInstances = operation.instances;
        break;
    case OperationType::StopInstances:
    case OperationType::ReplaceInstances:
        op.targetInstanceIds = operation.instanceIds;
        aux.replaceAll
            = operation.type == OperationType::ReplaceInstances && operation.instanceIds.isEmpty();
        break;
    case OperationType::Destroy:
    case OperationType::Recover:
        break;
    }

    // A newer accepted operation means the previous one is over, whatever we last saw.
    if (const int previous = activeIndex(op.appId); previous >= 0) {
        TrackedOperation &old = m_operations[previous];
        const Aux &oldAux = m_aux[old.id];
        if (goalReached(old, oldAux))
            finish(old, Outcome::Completed, QString());
        else
            finish(old, Outcome::Failed,
                   tr("Ended before its outcome was seen (a newer operation was accepted)"));
    }

    op.id = QStringLiteral("op-%1").arg(m_nextId++);
    captureBaseline(op, aux);
    m_aux.insert(op.id, aux);
    addOperation(op);
    return op.id;
}

void OperationTracker::captureBaseline(const TrackedOperation &op, Aux &aux) const
{
    const auto app = m_apps.constFind(op.appId);
    if (app == m_apps.cend() || !app->instances || now() - app->instancesAtMs > m_baselineFreshMs)
        return;
    aux.baselineFromSnapshot = true;
    for (auto it = app->instances->cbegin(); it != app->instances->cend(); ++it) {
        aux.baselineIds.insert(it.key());
        if (it->state == InstanceState::Healthy)
            aux.baselineHealthyIds.insert(it.key());
    }
}

void OperationTracker::addOperation(TrackedOperation operation)
{
    const QString id = operation.id;
    const QString appId = operation.appId;
    m_operations.append(std::move(operation));
    m_activeByApp.insert(appId, id);
    TrackedOperation &op = m_operations.last();
    Aux &aux = m_aux[id];
    recount(op, aux);
    updatePhase(op, aux);
    Q_EMIT operationAdded(op);
    if (m_timer.interval() > 0 && !m_timer.isActive())
        m_timer.start();
    evaluate(indexOf(id));
}

void OperationTracker::markCancelRequested(const QString &appId)
{
    const int i = activeIndex(appId);
    if (i < 0)
        return;
    TrackedOperation &op = m_operations[i];
    op.cancelRequested = true;
    op.cancelRequestedAtMs = now();
    op.cancelRejection.clear();
    evaluate(i);
}

void OperationTracker::markCancelRejected(const QString &appId, const QString &message)
{
    const int i = activeIndex(appId);
    if (i < 0)
        return;
    m_operations[i].cancelRejection = message;
    evaluate(i);
}

void OperationTracker::applicationsSynced(const QList<protocol::AppSummary> &applications)
{
    // Runs on the GUI thread for every app of the cluster at each full resync (10,000 apps on a
    // big cluster): one hash lookup per app, and the apps not listed any more are found by a
    // generation mark rather than a set of ids.
    const quint64 generation = ++m_syncGeneration;
    for (const protocol::AppSummary &app : applications) {
        AppSeen &seen = recordSummary(app);
        seen.listedInSync = generation;
        const int i = m_activeByApp.isEmpty() ? -1 : activeIndex(app.id);
        if (i >= 0)
            evaluate(i);
        else if (app.state && !protocol::isParked(*app.state))
            maybeDetectExternal(app.id); // only an operation state can start one
    }
    QStringList gone;
    for (auto it = m_apps.cbegin(); it != m_apps.cend(); ++it) {
        if (it->summary && it->listedInSync != generation)
            gone.append(it.key());
    }
    for (const QString &appId : std::as_const(gone))
        applicationRemoved(appId);
}

OperationTracker::AppSeen &OperationTracker::recordSummary(const protocol::AppSummary &application)
{
    AppSeen &seen = m_apps[application.id];
    seen.summary = application;
    ++seen.summarySeq;
    if (application.state && protocol::isParked(*application.state))
        seen.outageSeen = false;
    else if (application.state == ApplicationState::OutageDetected)
        seen.outageSeen = true;
    return seen;
}

void OperationTracker::applicationUpdated(const protocol::AppSummary &application)
{
    recordSummary(application);
    observeApp(application.id);
}

void OperationTracker::applicationRemoved(const QString &appId)
{
    m_apps.remove(appId);
    const int i = activeIndex(appId);
    if (i < 0)
        return;
    TrackedOperation &op = m_operations[i];
    op.appState = ApplicationState::Destroyed;
    if (op.type == OperationType::Destroy)
        finish(op, Outcome::Completed, QString());
    else
        finish(op, Outcome::Failed, tr("The application was destroyed"));
}

void OperationTracker::instancesSynced(const QString &appId,
                                       const QList<protocol::InstanceInfo> &instances)
{
    AppSeen &seen = m_apps[appId];
    QHash<QString, InstanceSeen> byId;
    byId.reserve(instances.size());
    for (const protocol::InstanceInfo &instance : instances) {
        if (protocol::isActive(instance.state))
            byId.insert(instance.instanceId, InstanceSeen {instance.created, instance.state});
    }
    seen.instances = std::move(byId);
    seen.instancesAtMs = now();
    const int i = activeIndex(appId);
    if (i >= 0) {
        Aux &aux = m_aux[m_operations.at(i).id];
        aux.instancesSeen = true;
        if (aux.parkedSinceMs > 0)
            aux.instancesAfterParked = true;
    }
    observeApp(appId);
}

void OperationTracker::eventsReceived(const QList<protocol::DroveEvent> &events)
{
    QList<protocol::DroveEvent> fresh;
    for (const protocol::DroveEvent &event : events) {
        if (!event.id.isEmpty() && m_seenEventIds.contains(event.id))
            continue;
        fresh.append(event);
    }
    if (m_seenEventIds.size() > 50000)
        m_seenEventIds.clear(); // bounded; a repeat after this only re-counts a failure
    for (const protocol::DroveEvent &event : fresh)
        m_seenEventIds.insert(event.id);
    // The API lists events newest first; replay them in the order they happened.
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const auto &a, const auto &b) { return a.time < b.time; });

    QSet<QString> touched;
    for (const protocol::DroveEvent &event : fresh) {
        const QString appId = event.metadataString(protocol::eventkeys::AppId);
        if (appId.isEmpty())
            continue;
        const QString stateName = event.metadataString(protocol::eventkeys::CurrentState);
        if (event.type == protocol::DroveEventType::AppStateChange) {
            const auto state = protocol::applicationStateFromString(stateName);
            if (!state)
                continue;
            if (*state == ApplicationState::OutageDetected)
                m_apps[appId].outageSeen = true;
            const int i = activeIndex(appId);
            if (i >= 0) {
                TrackedOperation &op = m_operations[i];
                if (event.time + EventSkewMs < op.acceptedAtMs)
                    continue;
                if (isOperationState(op, *state)) {
                    // The summary we hold may predate this event: a parked state only counts
                    // once a newer summary arrives.
                    op.sawOperationState = true;
                    m_aux[op.id].opStateSeq = m_apps.value(appId).summarySeq;
                }
                const QString outcomeText
                    = event.metadataString(protocol::eventkeys::OperationOutcome);
                if (const auto outcome = outcomeFromEventText(outcomeText))
                    m_aux[op.id].eventOutcome = outcome;
                touched.insert(appId);
            } else if (*state == ApplicationState::OutageDetected) {
                // A recovery can run its course between two polls; the event is the only trace.
                TrackedOperation op;
                op.appId = appId;
                op.type = OperationType::Recover;
                op.origin = Origin::Controller;
                op.acceptedAtMs = now();
                op.timeoutMs = m_defaultTimeoutMs;
                op.sawOperationState = true;
                op.id = QStringLiteral("op-%1").arg(m_nextId++);
                Aux aux;
                aux.opStateSeq = m_apps.value(appId).summarySeq;
                captureBaseline(op, aux);
                m_aux.insert(op.id, aux);
                addOperation(op);
            }
        } else if (event.type == protocol::DroveEventType::InstanceStateChange) {
            const int i = activeIndex(appId);
            const auto state = protocol::instanceStateFromString(stateName);
            if (i < 0 || !state)
                continue;
            TrackedOperation &op = m_operations[i];
            if (event.time + EventSkewMs < op.acceptedAtMs || !isFailureState(*state))
                continue;
            ++op.failedInstances;
            const QString error = event.metadataString(protocol::eventkeys::Error);
            const QString instanceId = event.metadataString(protocol::eventkeys::InstanceId);
            op.lastInstanceError = error.isEmpty() ? tr("%1 became %2").arg(instanceId, stateName)
                                                   : tr("%1: %2").arg(instanceId, error);
            touched.insert(appId);
        }
    }
    for (const QString &appId : std::as_const(touched)) {
        const int i = activeIndex(appId);
        if (i >= 0)
            evaluate(i);
    }
}

void OperationTracker::tick()
{
    const QStringList ids = m_activeByApp.values();
    for (const QString &id : ids) {
        const int i = indexOf(id);
        if (i >= 0)
            evaluate(i);
    }
    if (m_activeByApp.isEmpty())
        m_timer.stop();
}

void OperationTracker::observeApp(const QString &appId)
{
    const int i = activeIndex(appId);
    if (i >= 0)
        evaluate(i);
    else
        maybeDetectExternal(appId);
}

void OperationTracker::maybeDetectExternal(const QString &appId)
{
    const auto app = m_apps.constFind(appId);
    if (app == m_apps.cend() || !app->summary || !app->summary->state)
        return;
    const ApplicationState state = *app->summary->state;
    TrackedOperation op;
    op.origin = Origin::OtherClient;
    switch (state) {
    case ApplicationState::OutageDetected:
        op.type = OperationType::Recover;
        op.origin = Origin::Controller;
        break;
    case ApplicationState::ScalingRequested:
        op.type = app->outageSeen ? OperationType::Recover : OperationType::ScaleInstances;
        op.origin = app->outageSeen ? Origin::Controller : Origin::OtherClient;
        break;
    case ApplicationState::StopInstancesRequested:
        op.type = OperationType::StopInstances;
        break;
    case ApplicationState::ReplaceInstancesRequested:
        op.type = OperationType::ReplaceInstances;
        break;
    case ApplicationState::DestroyRequested:
        op.type = OperationType::Destroy;
        break;
    default:
        return;
    }
    // Recently finished here and the goal met: the app is only catching up with our operation.
    for (int i = m_operations.size() - 1; i >= 0; --i) {
        const TrackedOperation &previous = m_operations.at(i);
        if (previous.appId != appId)
            continue;
        if (previous.isFinished() && previous.type == op.type
            && now() - previous.finishedAtMs < m_settleDelayMs)
            return;
        break;
    }
    op.appId = appId;
    op.acceptedAtMs = now();
    op.timeoutMs = m_defaultTimeoutMs;
    op.sawOperationState = true;
    if (isScaleFamily(op.type))
        op.targetInstances = app->summary->requiredInstances;
    op.id = QStringLiteral("op-%1").arg(m_nextId++);
    Aux aux;
    // Someone else's replace or stop: we cannot know its ids; take what is healthy now as the
    // instances to go (replace) and follow the counts (stop).
    aux.replaceAll = op.type == OperationType::ReplaceInstances;
    captureBaseline(op, aux);
    m_aux.insert(op.id, aux);
    addOperation(op);
}

bool OperationTracker::isOperationState(const TrackedOperation &op, ApplicationState state) const
{
    switch (op.type) {
    case OperationType::ScaleInstances:
    case OperationType::StartInstances:
    case OperationType::Suspend:
        return state == ApplicationState::ScalingRequested;
    case OperationType::Recover:
        return state == ApplicationState::OutageDetected
            || state == ApplicationState::ScalingRequested;
    case OperationType::ReplaceInstances:
        return state == ApplicationState::ReplaceInstancesRequested;
    case OperationType::StopInstances:
        return state == ApplicationState::StopInstancesRequested;
    case OperationType::Destroy:
        return state == ApplicationState::DestroyRequested || state == ApplicationState::Destroyed;
    case OperationType::Create:
        return state == ApplicationState::Init;
    }
    return false;
}

void OperationTracker::recount(TrackedOperation &op, Aux &aux)
{
    const auto app = m_apps.constFind(op.appId);
    if (app == m_apps.cend())
        return;
    if (app->summary) {
        op.healthyInstances = app->summary->healthyInstances;
        op.requiredInstances = app->summary->requiredInstances;
        op.appState = app->summary->state;
        if (op.healthyAtStart < 0)
            op.healthyAtStart = op.healthyInstances;
        if (aux.startIncrement >= 0 && op.targetInstances < 0)
            op.targetInstances = op.healthyAtStart + aux.startIncrement;
        if (op.type == OperationType::Recover
            || (op.origin != Origin::ThisConsole && op.type == OperationType::ScaleInstances))
            op.targetInstances = op.requiredInstances;
        if (op.type == OperationType::StopInstances && op.targetInstances < 0)
            op.targetInstances = op.requiredInstances;
    }
    if (!app->instances || (!aux.instancesSeen && !aux.baselineFromSnapshot))
        return;
    // First instance list after acceptance without a fresh one before it: whatever was created
    // before acceptance counts as old from now on.
    if (!aux.baselineFromSnapshot) {
        aux.baselineFromSnapshot = true;
        for (auto it = app->instances->cbegin(); it != app->instances->cend(); ++it) {
            if (it->created < op.acceptedAtMs) {
                aux.baselineIds.insert(it.key());
                if (it->state == InstanceState::Healthy)
                    aux.baselineHealthyIds.insert(it.key());
            }
        }
    }
    if (aux.replaceAll && op.targetInstanceIds.isEmpty()) {
        op.targetInstanceIds
            = QStringList(aux.baselineHealthyIds.cbegin(), aux.baselineHealthyIds.cend());
        op.targetInstanceIds.sort();
    }
    // A replace of "all" covers every instance healthy when it started: one that was still
    // READY in our last list but is HEALTHY and old in the first list after acceptance is a
    // target too (new instances are never in the baseline).
    if (aux.replaceAll && aux.instancesSeen && !aux.targetsSettled) {
        aux.targetsSettled = true;
        for (auto it = app->instances->cbegin(); it != app->instances->cend(); ++it) {
            if (it->state == InstanceState::Healthy && aux.baselineIds.contains(it.key())
                && !op.targetInstanceIds.contains(it.key()))
                op.targetInstanceIds.append(it.key());
        }
        op.targetInstanceIds.sort();
    }
    int fresh = 0, freshHealthy = 0, old = 0, stopping = 0;
    for (auto it = app->instances->cbegin(); it != app->instances->cend(); ++it) {
        if (aux.baselineIds.contains(it.key())) {
            ++old;
        } else {
            ++fresh;
            if (it->state == InstanceState::Healthy)
                ++freshHealthy;
        }
        if (it->state == InstanceState::Stopping || it->state == InstanceState::Deprovisioning)
            ++stopping;
    }
    int remaining = 0;
    for (const QString &target : std::as_const(op.targetInstanceIds)) {
        if (app->instances->contains(target))
            ++remaining;
    }
    op.newInstances = fresh;
    op.newHealthy = freshHealthy;
    op.oldInstances = old;
    op.stoppingInstances = stopping;
    op.targetsRemaining = remaining;
}

bool OperationTracker::goalReached(const TrackedOperation &op, const Aux &aux) const
{
    switch (op.type) {
    case OperationType::ScaleInstances:
    case OperationType::StartInstances:
    case OperationType::Suspend:
    case OperationType::Recover:
        return op.targetInstances >= 0 && op.healthyAtStart >= 0
            && op.healthyInstances == op.targetInstances;
    case OperationType::ReplaceInstances:
        return aux.instancesSeen && op.targetsRemaining == 0
            && op.newHealthy >= op.targetInstanceIds.size();
    case OperationType::StopInstances:
        return aux.instancesSeen && op.targetsRemaining == 0;
    case OperationType::Create:
        return m_apps.contains(op.appId) && m_apps.value(op.appId).summary.has_value();
    case OperationType::Destroy:
        return false; // only the app's disappearance completes a destroy
    }
    return false;
}

void OperationTracker::evaluate(int index)
{
    if (index < 0 || index >= m_operations.size())
        return;
    TrackedOperation &op = m_operations[index];
    if (op.isFinished())
        return;
    Aux &aux = m_aux[op.id];
    recount(op, aux);
    const qint64 t = now();
    op.elapsedMs = t - op.acceptedAtMs;

    const std::optional<ApplicationState> state = op.appState;
    const quint64 seq = m_apps.value(op.appId).summarySeq;
    if (state && isOperationState(op, *state)) {
        op.sawOperationState = true;
        aux.opStateSeq = seq;
        aux.parkedSinceMs = 0;
        aux.instancesAfterParked = false;
    }
    const bool parked
        = state && protocol::isParked(*state) && (!op.sawOperationState || seq > aux.opStateSeq);
    if (parked) {
        if (op.type == OperationType::Create) {
            finish(op, Outcome::Completed, QString());
            return;
        }
        if (op.sawOperationState) {
            if (aux.parkedSinceMs == 0)
                aux.parkedSinceMs = t;
            // The app summary may arrive before the instance list that shows the end state:
            // without a definite answer, wait for that list (or the settle delay).
            const bool definite = aux.eventOutcome || goalReached(op, aux) || op.cancelRequested
                || isScaleFamily(op.type) || aux.instancesAfterParked
                || t - aux.parkedSinceMs >= m_settleDelayMs;
            if (definite) {
                decide(op, aux);
                return;
            }
        } else if (goalReached(op, aux) && op.elapsedMs >= m_settleDelayMs) {
            finish(op, Outcome::Completed, QString());
            return;
        } else if (op.timeoutMs > 0 && op.elapsedMs >= op.timeoutMs + m_settleDelayMs) {
            finish(op, Outcome::TimedOut,
                   tr("The application did not start the operation before its timeout"));
            return;
        }
    }
    updatePhase(op, aux);
    Q_EMIT operationUpdated(op);
}

void OperationTracker::decide(TrackedOperation &op, const Aux &aux)
{
    if (aux.eventOutcome) {
        finish(op, *aux.eventOutcome,
               *aux.eventOutcome == Outcome::Completed ? QString() : failureReason(op));
    } else if (goalReached(op, aux)) {
        finish(op, Outcome::Completed, QString());
    } else if (op.cancelRequested) {
        finish(op, Outcome::Cancelled, failureReason(op));
    } else if (op.timeoutMs > 0 && op.elapsedMs >= op.timeoutMs) {
        finish(op, Outcome::TimedOut, failureReason(op));
    } else {
        finish(op, Outcome::Failed, failureReason(op));
    }
}

QString OperationTracker::failureReason(const TrackedOperation &op) const
{
    QString counts;
    switch (op.type) {
    case OperationType::ReplaceInstances:
        counts = tr("%1 of %2 instances replaced")
                     .arg(op.targetInstanceIds.size() - op.targetsRemaining)
                     .arg(op.targetInstanceIds.size());
        break;
    case OperationType::StopInstances:
        counts = tr("%1 of %2 instances stopped")
                     .arg(op.targetInstanceIds.size() - op.targetsRemaining)
                     .arg(op.targetInstanceIds.size());
        break;
    default:
        counts = tr("%1 of %2 instances healthy").arg(op.healthyInstances).arg(op.targetInstances);
        break;
    }
    if (op.failedInstances > 0)
        return tr("%1; %n instance failure(s), last: %2", nullptr, op.failedInstances)
            .arg(counts, op.lastInstanceError);
    return counts;
}

void OperationTracker::finish(TrackedOperation &op, Outcome outcome, const QString &reason)
{
    if (op.isFinished())
        return;
    op.outcome = outcome;
    op.outcomeReason = reason;
    op.finishedAtMs = now();
    op.elapsedMs = op.finishedAtMs - op.acceptedAtMs;
    if (outcome == Outcome::Completed)
        op.progress = 1.0;
    const QString id = op.id;
    if (m_activeByApp.value(op.appId) == id)
        m_activeByApp.remove(op.appId);
    updatePhase(op, m_aux[id]);
    const TrackedOperation copy = op; // signals may re-enter and reallocate m_operations
    m_aux.remove(id);
    Q_EMIT operationUpdated(copy);
    Q_EMIT operationFinished(copy);
    pruneFinished();
}

void OperationTracker::updatePhase(TrackedOperation &op, const Aux &aux) const
{
    const int targets = int(op.targetInstanceIds.size());
    const int gone = targets - op.targetsRemaining;
    // Progress first; it does not depend on the phase.
    double progress = 0.0;
    if (isScaleFamily(op.type)) {
        if (op.targetInstances >= 0 && op.healthyAtStart >= 0) {
            const qint64 span = op.targetInstances - op.healthyAtStart;
            progress = span == 0 ? (op.healthyInstances == op.targetInstances ? 1.0 : 0.0)
                                 : double(op.healthyInstances - op.healthyAtStart) / double(span);
        }
    } else if (op.type == OperationType::ReplaceInstances) {
        if (aux.instancesSeen && targets > 0)
            progress = double(std::min(op.newHealthy, targets) + gone) / double(2 * targets);
    } else if (op.type == OperationType::StopInstances) {
        if (aux.instancesSeen && targets > 0)
            progress = double(gone) / double(targets);
    }
    if (op.outcome == Outcome::Completed)
        progress = 1.0;
    op.progress = std::clamp(progress, 0.0, 1.0);

    if (op.isFinished()) {
        op.phase = Phase::Finished;
        op.phaseText = op.outcomeReason.isEmpty()
            ? TrackedOperation::outcomeName(op.outcome)
            : tr("%1: %2").arg(TrackedOperation::outcomeName(op.outcome), op.outcomeReason);
        return;
    }
    if (op.cancelRequested) {
        op.phase = Phase::Cancelling;
        op.phaseText = tr("Cancellation requested — takes effect after the jobs in flight finish");
        return;
    }
    if (op.timeoutMs > 0 && op.elapsedMs > op.timeoutMs) {
        op.phase = Phase::Overdue;
        op.phaseText = tr("Past its timeout — waiting for the jobs in flight to finish");
        return;
    }
    if (!op.sawOperationState) {
        op.phase = Phase::Accepted;
        op.phaseText = TrackedOperation::phaseName(Phase::Accepted);
        return;
    }
    if (op.appState == ApplicationState::OutageDetected) {
        op.phase = Phase::Recovering;
        op.phaseText = TrackedOperation::phaseName(Phase::Recovering);
        return;
    }
    if (goalReached(op, aux)) {
        op.phase = Phase::Settling;
        op.phaseText = TrackedOperation::phaseName(Phase::Settling);
        return;
    }
    switch (op.type) {
    case OperationType::ScaleInstances:
    case OperationType::StartInstances:
    case OperationType::Suspend:
    case OperationType::Recover:
        op.phase = op.healthyInstances > op.targetInstances && op.targetInstances >= 0
            ? Phase::ScalingDown
            : Phase::ScalingUp;
        op.phaseText = tr("%1 %2/%3")
                           .arg(TrackedOperation::phaseName(op.phase))
                           .arg(op.healthyInstances)
                           .arg(op.targetInstances);
        break;
    case OperationType::ReplaceInstances:
        op.phase = Phase::Replacing;
        op.phaseText = tr("Replacing %1/%2").arg(gone).arg(targets);
        break;
    case OperationType::StopInstances:
        op.phase = Phase::Stopping;
        op.phaseText = tr("Stopping %1/%2").arg(gone).arg(targets);
        break;
    case OperationType::Destroy:
        op.phase = Phase::Destroying;
        op.phaseText = TrackedOperation::phaseName(op.phase);
        break;
    case OperationType::Create:
        op.phase = Phase::Creating;
        op.phaseText = TrackedOperation::phaseName(op.phase);
        break;
    }
}

void OperationTracker::pruneFinished()
{
    int finished = 0;
    for (const TrackedOperation &op : std::as_const(m_operations))
        finished += op.isFinished() ? 1 : 0;
    for (int i = 0; i < m_operations.size() && finished > m_retention;) {
        if (!m_operations.at(i).isFinished()) {
            ++i;
            continue;
        }
        const QString id = m_operations.at(i).id;
        m_operations.removeAt(i);
        --finished;
        Q_EMIT operationRemoved(id);
    }
}

} // namespace drove::models
