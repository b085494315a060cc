#include "models/operationtracker.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

namespace drove::models {

using protocol::ApplicationState;
using protocol::InstanceState;
using protocol::OperationType;
using protocol::OperationVariant;
using protocol::WorkUnit;
using Outcome = TrackedOperation::Outcome;
using Phase = TrackedOperation::Phase;
using Origin = TrackedOperation::Origin;

namespace {

// Events carry the controller's clock, acceptance the console's; allow this much skew when
// deciding whether an event can belong to an operation accepted here.
constexpr qint64 EventSkewMs = 1000;
/// An active instance missing from lists this long after its last change is gone (removed
/// executor).
constexpr qint64 VanishedAfterMs = 10000;
constexpr int MaxFailureMessages = 20;

bool isParkedOrGone(ApplicationState state)
{
    return protocol::isParked(state) || state == ApplicationState::Destroyed;
}

/// The operation an app state announces when nothing was sent from here.
bool isScaleFamily(OperationType type)
{
    return type == OperationType::ScaleInstances || type == OperationType::StartInstances
        || type == OperationType::Suspend || type == OperationType::Recover;
}

/// Whether `state` is the state an operation of this type begins in.
bool beginsIn(OperationType type, ApplicationState state)
{
    if (type == OperationType::Recover)
        return state == ApplicationState::OutageDetected
            || state == ApplicationState::ScalingRequested;
    return protocol::ruleFor(type, OperationVariant::Plain).beginState == state;
}

bool idLess(const protocol::AppSummary &a, const protocol::AppSummary &b)
{
    return a.id < b.id;
}

bool failedBeforeHealthy(InstanceState state)
{
    return protocol::isError(state) || state == InstanceState::Lost
        || state == InstanceState::Stopping || state == InstanceState::Deprovisioning
        || state == InstanceState::Stopped || state == InstanceState::Unhealthy;
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
    for (int i = int(m_operations.size()) - 1; i >= 0; --i) {
        if (m_operations.at(i).id == id)
            return i;
    }
    return -1;
}

int OperationTracker::headIndex(const QString &appId) const
{
    const auto it = m_queue.constFind(appId);
    return it == m_queue.cend() || it->isEmpty() ? -1 : indexOf(it->first());
}

TrackedOperation *OperationTracker::head(const QString &appId, Aux **aux)
{
    const int i = headIndex(appId);
    if (i < 0)
        return nullptr;
    TrackedOperation &op = m_operations[i];
    if (aux)
        *aux = &m_aux[op.id];
    return &op;
}

std::optional<TrackedOperation> OperationTracker::operation(const QString &id) const
{
    const int i = indexOf(id);
    return i < 0 ? std::nullopt : std::optional<TrackedOperation>(m_operations.at(i));
}

std::optional<TrackedOperation> OperationTracker::activeOperation(const QString &appId) const
{
    const int i = headIndex(appId);
    return i < 0 ? std::nullopt : std::optional<TrackedOperation>(m_operations.at(i));
}

int OperationTracker::inFlightCount() const
{
    return int(m_aux.size());
}

QString OperationTracker::addOperation(TrackedOperation op, Aux aux)
{
    op.id = QStringLiteral("op-%1").arg(m_nextId++);
    const QString id = op.id;
    seenOf(op.appId); // an app an operation is about is followed in full
    m_queue[op.appId].append(id);
    m_aux.insert(id, std::move(aux));
    m_operations.append(std::move(op));
    TrackedOperation &added = m_operations.last();
    updatePhase(added, m_aux[id]);
    Q_EMIT operationAdded(added);
    if (m_timer.interval() > 0 && !m_timer.isActive())
        m_timer.start();
    return id;
}

QString OperationTracker::trackAccepted(const protocol::ApplicationOperation &operation,
                                        const QString &journalId)
{
    const QString id = trackSubmitted(operation, journalId);
    confirmAccepted(id);
    return id;
}

void OperationTracker::confirmAccepted(const QString &id)
{
    const int i = indexOf(id);
    if (i < 0 || !m_aux.contains(id))
        return;
    m_aux[id].confirmed = true;
    publish(m_operations[i]);
}

void OperationTracker::withdrawRejected(const QString &id)
{
    const int i = indexOf(id);
    if (i < 0 || !m_aux.contains(id) || m_aux[id].confirmed)
        return;
    TrackedOperation &op = m_operations[i];
    Aux &aux = m_aux[id];
    if (aux.begun) {
        // What began was not this operation: another client's, seen first.
        op.origin = Origin::OtherClient;
        op.journalId.clear();
        op.typeInferred = op.type != protocol::OperationType::Recover;
        aux.sent.reset();
        aux.confirmed = true;
        publish(op);
        return;
    }
    m_queue[op.appId].removeOne(id);
    if (m_queue[op.appId].isEmpty())
        m_queue.remove(op.appId);
    m_aux.remove(id);
    m_operations.removeAt(i);
    Q_EMIT operationRemoved(id);
}

QString OperationTracker::trackSubmitted(const protocol::ApplicationOperation &operation,
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
    seenOf(op.appId); // an app an operation is about is followed in full
    const qint64 healthy = healthyCount(op.appId);
    op.variant = protocol::variantOf(operation, healthy);
    // The target of a scale sent here is known before the controller begins it.
    if (operation.type == OperationType::ScaleInstances)
        op.targetInstances = operation.requiredInstances;
    else if (operation.type == OperationType::Suspend)
        op.targetInstances = 0;
    else if (operation.type == OperationType::StartInstances && healthy >= 0)
        op.targetInstances = healthy + operation.instances;
    Aux aux;
    aux.sent = operation;
    aux.confirmed = false;
    if (const AppSeen &seen = seenOf(op.appId); seen.summary)
        aux.updatedAtSubmit = seen.summary->updated;
    return addOperation(std::move(op), std::move(aux));
}

void OperationTracker::markCancelRequested(const QString &appId)
{
    Aux *aux = nullptr;
    TrackedOperation *op = head(appId, &aux);
    if (!op)
        return;
    op->cancelRequested = true;
    op->cancelRequestedAtMs = now();
    op->cancelRejection.clear();
    publish(*op);
}

void OperationTracker::markCancelRejected(const QString &appId, const QString &message)
{
    TrackedOperation *op = head(appId);
    if (!op)
        return;
    op->cancelRejection = message;
    publish(*op);
}

// ---- snapshots ----

OperationTracker::ListStats
OperationTracker::applicationsSynced(const QList<protocol::AppSummary> &applications)
{
    // Runs for every app of the cluster at each full resync (10,000 apps on a big cluster), so
    // it looks only at what can have changed: an app whose summary is the one the previous list
    // had, that nothing told of since (no summary, removal or state event) and that no
    // operation here is about would be left exactly as it is. Both lists are walked in id order
    // (the sync engine delivers them so; anything else is sorted here), the apps not listed any
    // more found on the way.
    const bool first = m_syncGeneration == 0;
    const quint64 generation = ++m_syncGeneration;
    QList<protocol::AppSummary> listed = applications; // shared, unless it must be sorted
    if (!std::is_sorted(listed.cbegin(), listed.cend(), idLess))
        std::stable_sort(listed.begin(), listed.end(), idLess);

    // The apps that must be looked at even when listed as before, as positions in the list.
    QStringList busy(m_touchedApps.cbegin(), m_touchedApps.cend());
    for (auto it = m_queue.cbegin(); it != m_queue.cend(); ++it)
        busy.append(it.key());
    for (const QString &id : std::as_const(m_undecided)) {
        if (const int i = indexOf(id); i >= 0)
            busy.append(m_operations[i].appId);
    }
    std::vector<qsizetype> busyRows;
    for (const QString &appId : std::as_const(busy)) {
        auto it = std::lower_bound(
            listed.cbegin(), listed.cend(), appId,
            [](const protocol::AppSummary &app, const QString &id) { return app.id < id; });
        for (; it != listed.cend() && it->id == appId; ++it)
            busyRows.push_back(it - listed.cbegin());
    }
    std::sort(busyRows.begin(), busyRows.end());
    auto nextBusy = busyRows.cbegin();

    ListStats stats;
    const bool incremental = !m_listed.isEmpty();
    const bool examineAll = std::exchange(m_examineAll, false);
    QStringList gone;
    auto previous = m_listed.cbegin();
    const auto previousEnd = m_listed.cend();
    for (qsizetype row = 0; row < listed.size(); ++row) {
        const protocol::AppSummary &app = listed.at(row);
        bool unchanged = false;
        bool listedBefore = false;
        if (incremental) {
            // Mostly the same id as the previous list's next one (and, as the client shares
            // the unchanged apps' memory, a pointer comparison).
            if (previous == previousEnd || previous->id != app.id) {
                for (; previous != previousEnd && previous->id < app.id; ++previous)
                    gone.append(previous->id);
            }
            while (nextBusy != busyRows.cend() && *nextBusy < row)
                ++nextBusy;
            const bool isBusy = nextBusy != busyRows.cend() && *nextBusy == row;
            if (previous != previousEnd && previous->id == app.id) {
                listedBefore = true;
                unchanged = !examineAll && !isBusy && *previous == app;
                ++previous; // a repeated id in the new list is looked at in full
            }
        }
        if (unchanged)
            continue;
        ++stats.examined;
        syncListedApp(app, first, generation, listedBefore);
    }
    for (; previous != previousEnd; ++previous)
        gone.append(previous->id);

    if (incremental) {
        // Apps an earlier list had that survived being found gone (a CREATE of the same id sent
        // here) are still candidates.
        for (const QString &appId : std::as_const(m_lingering)) {
            const auto it = std::lower_bound(
                listed.cbegin(), listed.cend(), appId,
                [](const protocol::AppSummary &app, const QString &id) { return app.id < id; });
            if (it == listed.cend() || it->id != appId)
                gone.append(appId);
        }
        gone.removeDuplicates();
        QStringList stillGone;
        for (const QString &appId : std::as_const(gone)) {
            // Read from the previous list (still m_listed) if nothing else made it followed.
            if (!m_apps.contains(appId) && !listedSummary(appId))
                continue;
            const AppSeen &seen = seenOf(appId);
            // Only an app an earlier full list had: a list requested before an app was created
            // may arrive after its first events.
            if (seen.summary && seen.listedInSync != 0 && seen.listedInSync != generation)
                stillGone.append(appId);
        }
        gone = stillGone;
    } else {
        gone.clear();
        for (auto it = m_apps.cbegin(); it != m_apps.cend(); ++it) {
            if (it->summary && it->listedInSync != 0 && it->listedInSync != generation)
                gone.append(it.key());
        }
    }
    for (const QString &appId : std::as_const(gone))
        applicationRemoved(appId);
    stats.gone = int(gone.size());
    m_lingering.clear();
    for (const QString &appId : std::as_const(gone)) {
        if (m_apps.contains(appId))
            m_lingering.append(appId);
    }
    m_listed = listed;
    m_listedGeneration = generation;
    m_removedSinceList.clear();
    m_touchedApps.clear();
    stats.followed = int(m_apps.size());
    return stats;
}

void OperationTracker::syncListedApp(const protocol::AppSummary &app, bool first,
                                     quint64 generation, bool listedBefore)
{
    auto it = m_apps.find(app.id);
    bool known = true;
    if (it == m_apps.end()) {
        // Not followed: most apps of a large cluster. Nothing is kept for them but the list
        // itself (seenOf() reads it when something comes to need one), unless this list says
        // more than the list would: an operation under way to pick up, or (without an event
        // feed) a changed state to turn into a transition.
        known = listedBefore && !m_removedSinceList.contains(app.id);
        if (!app.state)
            return;
        if (!m_eventFeed && known) {
            applicationUpdated(app);
            return;
        }
        if (!(first || !known) || protocol::isParked(*app.state) || headIndex(app.id) >= 0)
            return;
        it = m_apps.insert(app.id, AppSeen {});
    }
    AppSeen &seen = *it;
    seen.listedInSync = generation;
    seen.summary = app;
    ++seen.summarySeq;
    if (!app.state)
        return;
    if (!m_eventFeed && known) {
        applicationUpdated(app);
        return;
    }
    if (!seen.state || !m_eventFeed)
        seen.state = app.state;
    // An app caught in the middle of an operation when the console connects: followed from
    // here on, once. Later lists never invent an operation; the event stream names them.
    if ((first || !known) && !protocol::isParked(*app.state) && headIndex(app.id) < 0)
        startExternal(app.id, *app.state, now(), true);
}

const protocol::AppSummary *OperationTracker::listedSummary(const QString &appId) const
{
    if (m_removedSinceList.contains(appId))
        return nullptr;
    const auto it = std::lower_bound(
        m_listed.cbegin(), m_listed.cend(), appId,
        [](const protocol::AppSummary &app, const QString &id) { return app.id < id; });
    return it != m_listed.cend() && it->id == appId ? &*it : nullptr;
}

OperationTracker::AppSeen &OperationTracker::seenOf(const QString &appId)
{
    auto it = m_apps.find(appId);
    if (it != m_apps.end())
        return *it;
    // An app known only from the last list: what processing that list would have kept.
    AppSeen seen;
    if (const protocol::AppSummary *listed = listedSummary(appId)) {
        seen.summary = *listed;
        seen.state = listed->state;
        seen.listedInSync = m_listedGeneration;
        seen.summarySeq = 1;
    }
    return *m_apps.insert(appId, std::move(seen));
}

void OperationTracker::applicationUpdated(const protocol::AppSummary &application)
{
    m_touchedApps.insert(application.id);
    AppSeen &seen = seenOf(application.id);
    seen.summary = application;
    ++seen.summarySeq;
    decideWaiting(application.id);
    if (!application.state)
        return;
    if (m_eventFeed) {
        if (!seen.state)
            seen.state = application.state;
        if (TrackedOperation *op = head(application.id)) {
            recount(*op, m_aux[op->id]);
            publish(*op);
        }
        return;
    }
    // No event feed: a changed state in a poll is the only trace of a transition.
    if (seen.state != application.state) {
        Transition t;
        t.time = now();
        t.appId = application.id;
        t.appState = *application.state;
        apply(t);
        return;
    }
    // An operation sent here that began and ended between two polls: the app record was
    // written since it was sent, and the app is parked again.
    Aux *aux = nullptr;
    TrackedOperation *op = head(application.id, &aux);
    if (op && !aux->begun && aux->confirmed && aux->updatedAtSubmit >= 0
        && application.updated > aux->updatedAtSubmit && protocol::isParked(*application.state)) {
        begin(*op, *aux, *application.state, now());
        end(*op, *aux, std::nullopt, now());
    }
}

void OperationTracker::applicationRemoved(const QString &appId)
{
    m_touchedApps.insert(appId);
    Aux *aux = nullptr;
    TrackedOperation *op = head(appId, &aux);
    // A CREATE sent here and not begun yet: the app is not there yet, rather than gone.
    if (op && op->type == OperationType::Create && !aux->begun)
        return;
    while (op && !(op->type == OperationType::Create && !aux->begun)) {
        if (op->type == OperationType::Destroy) {
            if (!aux->begun)
                begin(*op, *aux, ApplicationState::DestroyRequested, now());
            end(*op, *aux, ApplicationState::Destroyed, now());
        } else {
            op->appState = ApplicationState::Destroyed;
            finish(*op, Outcome::Failed, tr("The application was destroyed"));
        }
        op = head(appId, &aux);
    }
    if (op)
        return; // a CREATE of the same id sent since: the app is about to exist again
    m_apps.remove(appId);
    m_removedSinceList.insert(appId); // not to be read from the last list any more
}

void OperationTracker::instancesSynced(const QString &appId,
                                       const QList<protocol::InstanceInfo> &instances)
{
    AppSeen &seen = seenOf(appId);
    const bool firstList = !seen.instancesKnown;
    seen.instancesKnown = true;
    if (m_eventFeed || firstList) {
        // With an event feed the events keep the states (and are newer than any list): a list
        // only adds instances they never named.
        QSet<QString> listed;
        for (const protocol::InstanceInfo &instance : instances) {
            listed.insert(instance.instanceId);
            if (protocol::isActive(instance.state) && !seen.instances.contains(instance.instanceId)
                && !seen.ended.contains(instance.instanceId)) {
                InstanceSeen added {instance.created, instance.state,
                                    instance.state == InstanceState::Healthy, false, false};
                added.lastChangeMs = now();
                seen.instances.insert(instance.instanceId, added);
            }
        }
        // Drove deletes the instances of a removed executor without an event
        // (StateUpdater.RemoveExecutorUpdateData → deleteInstanceState): an instance the events
        // left active that a list no longer has, and that changed nothing for a while (so the
        // list cannot simply predate it), is gone. Counting it would claim more healthy
        // instances than the app has.
        if (!firstList) {
            QStringList vanished;
            for (auto it = seen.instances.cbegin(); it != seen.instances.cend(); ++it)
                if (protocol::isActive(it->state) && !listed.contains(it.key())
                    && now() - it->lastChangeMs > VanishedAfterMs)
                    vanished.append(it.key());
            for (const QString &id : std::as_const(vanished))
                applyVanished(appId, id, InstanceState::Lost,
                              tr("no longer listed by the controller (its executor left the "
                                 "cluster?)"));
        }
    } else {
        // Polling: each difference from the last list is a transition.
        QSet<QString> listed;
        for (const protocol::InstanceInfo &instance : instances) {
            listed.insert(instance.instanceId);
            const auto it = seen.instances.constFind(instance.instanceId);
            if (it != seen.instances.cend() && it->state == instance.state)
                continue;
            Transition t;
            t.time = now();
            t.appId = appId;
            t.isApp = false;
            t.instanceId = instance.instanceId;
            t.instanceState = instance.state;
            t.created = instance.created;
            t.error = instance.errorMessage;
            t.executorId = instance.executorId;
            apply(t);
        }
        QStringList vanished;
        for (auto it = seen.instances.cbegin(); it != seen.instances.cend(); ++it)
            if (!listed.contains(it.key()) && protocol::isActive(it->state))
                vanished.append(it.key());
        for (const QString &id : std::as_const(vanished))
            applyVanished(appId, id, InstanceState::Stopped, QString());
    }
    if (TrackedOperation *op = head(appId)) {
        recount(*op, m_aux[op->id]);
        publish(*op);
    }
}

// ---- events ----

void OperationTracker::eventsReceived(const QList<protocol::DroveEvent> &events)
{
    QList<Transition> fresh;
    for (const protocol::DroveEvent &event : events) {
        if (!event.isKnownType())
            continue; // a newer Drove's event: nothing to follow from it
        if (!event.id.isEmpty()) {
            if (m_seenEventIds.contains(event.id))
                continue;
            m_seenEventIds.insert(event.id);
        }
        Transition t;
        t.time = event.time;
        t.appId = event.metadataString(protocol::eventkeys::AppId);
        if (t.appId.isEmpty())
            continue;
        const QString stateName = event.metadataString(protocol::eventkeys::CurrentState);
        if (event.type == protocol::DroveEventType::AppStateChange) {
            const auto state = protocol::applicationStateFromString(stateName);
            if (!state)
                continue;
            t.appState = *state;
        } else if (event.type == protocol::DroveEventType::InstanceStateChange) {
            const auto state = protocol::instanceStateFromString(stateName);
            if (!state)
                continue;
            t.isApp = false;
            t.instanceState = *state;
            t.instanceId = event.metadataString(protocol::eventkeys::InstanceId);
            t.created = event.metadata.value(protocol::eventkeys::Created).toInteger();
            t.error = event.metadataString(protocol::eventkeys::Error);
            t.executorId = event.metadataString(protocol::eventkeys::ExecutorId);
            if (t.instanceId.isEmpty())
                continue;
        } else {
            continue;
        }
        fresh.append(t);
    }
    if (m_seenEventIds.size() > 200000)
        m_seenEventIds.clear(); // bounded; the cursor already keeps repeats rare
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const Transition &a, const Transition &b) { return a.time < b.time; });
    for (const Transition &t : std::as_const(fresh))
        apply(t);
}

void OperationTracker::apply(const Transition &transition)
{
    if (transition.isApp)
        applyAppState(transition);
    else
        applyInstanceState(transition);
}

void OperationTracker::applyAppState(const Transition &t)
{
    m_touchedApps.insert(t.appId);
    AppSeen &seen = seenOf(t.appId);
    const std::optional<ApplicationState> previous = seen.state;
    seen.state = t.appState;
    const ApplicationState state = t.appState;
    // Before the first applications list the events are the store's history (the first poll
    // lists what happened before the console connected): they tell states, not operations to
    // follow. An operation still running then is picked up from that list.
    if (m_syncGeneration == 0)
        return;

    Aux *aux = nullptr;
    TrackedOperation *op = head(t.appId, &aux);
    // An operation sent here that the controller has not begun: events from before it was
    // accepted belong to something else.
    if (op && !aux->begun && t.time + EventSkewMs < op->acceptedAtMs)
        op = nullptr;
    if (op && !aux->begun && op->origin == Origin::ThisConsole) {
        if (beginsIn(op->type, state)) {
            begin(*op, *aux, state, t.time);
            return;
        }
        const bool oneStep = op->type == OperationType::Create
            || (op->type == OperationType::Suspend && previous && protocol::isParked(*previous));
        if (isParkedOrGone(state) && oneStep) {
            // Began and ended in one step (CREATE, a SUSPEND of an app with nothing running).
            begin(*op, *aux, state, t.time);
            end(*op, *aux, std::nullopt, t.time);
            return;
        }
        if (!isParkedOrGone(state)) {
            // Another client's operation ran first: follow it, then ours.
            startExternal(t.appId, state, t.time, false);
        }
        return;
    }
    if (op && aux->begun) {
        if (isParkedOrGone(state)) {
            end(*op, *aux, state, t.time);
            return;
        }
        // Every state the controller sets counts, repeats included (each scale round is one).
        op->appStates.append(state);
        op->appState = state;
        recount(*op, *aux);
        publish(*op);
        return;
    }
    if (op && !aux->begun) {
        // An operation known only from a snapshot, or queued: this event begins it.
        if (!isParkedOrGone(state)) {
            begin(*op, *aux, state, t.time);
            op->beganBeforeConnect = false;
        }
        return;
    }
    // Nothing tracked for the app.
    if (!isParkedOrGone(state)) {
        startExternal(t.appId, state, t.time, false);
        return;
    }
    if (!previous && !seen.summary && m_syncGeneration > 0 && protocol::isParked(state)) {
        // An app the console never saw appears: someone else created it.
        TrackedOperation created;
        created.appId = t.appId;
        created.type = OperationType::Create;
        created.origin = Origin::OtherClient;
        created.acceptedAtMs = now();
        Aux createdAux;
        const QString id = addOperation(std::move(created), std::move(createdAux));
        TrackedOperation &added = m_operations[indexOf(id)];
        Aux &addedAux = m_aux[id];
        begin(added, addedAux, state, t.time);
        end(added, addedAux, std::nullopt, t.time);
    }
}

void OperationTracker::startExternal(const QString &appId, ApplicationState state, qint64 time,
                                     bool beganBeforeConnect)
{
    // A CREATE is never begun by a state (Drove announces no INIT): it is seen when the app
    // first appears.
    const auto type = protocol::operationOfState(state);
    if (!type || *type == OperationType::Create)
        return;
    TrackedOperation op;
    op.appId = appId;
    op.type = *type;
    op.origin = *type == OperationType::Recover ? Origin::Controller : Origin::OtherClient;
    op.typeInferred = *type == OperationType::ScaleInstances;
    op.acceptedAtMs = now();
    // The controller's own operations run with its default op spec; another client's deadline
    // cannot be known.
    op.timeoutMs = op.origin == Origin::Controller ? m_defaultTimeoutMs : 0;
    op.beganBeforeConnect = beganBeforeConnect;
    const QString id = addOperation(std::move(op), Aux());
    // It holds the app's slot now: ahead of anything sent here and not yet begun.
    QStringList &queue = m_queue[appId];
    queue.removeOne(id);
    queue.prepend(id);
    TrackedOperation &added = m_operations[indexOf(id)];
    begin(added, m_aux[id], state, time);
}

void OperationTracker::begin(TrackedOperation &op, Aux &aux, ApplicationState state, qint64 time)
{
    aux.begun = true;
    aux.summarySeqAtBegin = seenOf(op.appId).summarySeq;
    op.beganAtMs = time;
    op.lastProgressMs = now();
    op.appState = state;
    op.appStates = {state};
    const AppSeen &seen = seenOf(op.appId);
    const qint64 healthy = healthyCount(op.appId);
    op.healthyAtBegin = healthy;
    if (aux.sent)
        op.variant = protocol::variantOf(*aux.sent, healthy);
    const qint64 required = seen.summary ? seen.summary->requiredInstances : -1;

    switch (op.type) {
    case OperationType::Create:
        op.total = 1;
        break;
    case OperationType::Destroy:
        op.total = 1;
        op.variant = OperationVariant::Plain;
        break;
    case OperationType::StartInstances:
        op.targetInstances = healthy >= 0 && aux.sent ? healthy + aux.sent->instances : -1;
        break;
    case OperationType::ScaleInstances:
        op.targetInstances = aux.sent ? aux.sent->requiredInstances : -1;
        break;
    case OperationType::Suspend:
        op.targetInstances = 0;
        break;
    case OperationType::Recover:
        op.targetInstances = required;
        break;
    case OperationType::StopInstances:
    case OperationType::ReplaceInstances: {
        QStringList ids = aux.sent ? aux.sent->instanceIds : QStringList();
        const bool all = op.type == OperationType::ReplaceInstances && ids.isEmpty() && aux.sent;
        if (all && seen.instancesKnown) {
            for (auto it = seen.instances.cbegin(); it != seen.instances.cend(); ++it)
                if (it->state == InstanceState::Healthy)
                    ids.append(it.key());
        }
        ids.removeDuplicates();
        ids.sort();
        op.targetInstanceIds = ids;
        aux.targets = QSet<QString>(ids.cbegin(), ids.cend());
        if (aux.sent && !all)
            op.total = int(ids.size());
        else if (all)
            // Without an instance list the healthy count says how many; which ones it stops
            // shows in the events (HEALTHY → STOPPING).
            op.total = seen.instancesKnown ? int(ids.size()) : int(std::max<qint64>(0, healthy));
        if (!aux.sent)
            op.variant = op.type == OperationType::ReplaceInstances
                ? OperationVariant::ReplaceAll
                : OperationVariant::StopWithRespawn;
        break;
    }
    }
    if (isScaleFamily(op.type)) {
        if (op.targetInstances < 0 && required >= 0)
            op.targetInstances = required;
        if (op.targetInstances >= 0 && healthy >= 0) {
            op.variant = op.targetInstances < healthy ? OperationVariant::ScaleDown
                : op.targetInstances > healthy        ? OperationVariant::ScaleUp
                : op.type == OperationType::Recover   ? OperationVariant::Plain
                                                      : op.variant;
            op.total = int(qAbs(op.targetInstances - healthy));
        }
        if (op.beganBeforeConnect)
            op.total = -1; // what it had done before the console connected is unknown
    }
    recount(op, aux);
    publish(op);
}

// ---- instances ----

void OperationTracker::applyInstanceState(const Transition &t)
{
    AppSeen &seen = seenOf(t.appId);
    const bool known = seen.instances.contains(t.instanceId);
    InstanceSeen &instance = seen.instances[t.instanceId];
    const InstanceState previous = instance.state;
    if (!known)
        instance.created = t.created;
    if (t.instanceState == InstanceState::Stopping && previous == InstanceState::Healthy)
        instance.stoppedFromHealthy = true;
    if (t.instanceState == InstanceState::Unhealthy)
        instance.unhealthySeen = true;
    instance.state = t.instanceState;
    instance.lastChangeMs = now();

    Aux *aux = nullptr;
    TrackedOperation *op = head(t.appId, &aux);
    const bool healthyBefore = instance.everHealthy;
    if (t.instanceState == InstanceState::Healthy)
        instance.everHealthy = true;
    if (!protocol::isActive(t.instanceState)) {
        if (seen.ended.size() > 1000)
            seen.ended.clear(); // bounded: lists older than that many ends are long gone
        seen.ended.insert(t.instanceId);
    }
    if (!op || !aux->begun || t.time < op->beganAtMs) {
        if (!protocol::isActive(t.instanceState) && !op)
            seen.instances.remove(t.instanceId);
        return;
    }
    const auto &rule = protocol::ruleFor(op->type, op->variant);
    // Polling sees a new instance only at the next list, after the poll that saw the operation
    // begin: there, one never listed before is new too.
    const bool isNew = t.created >= op->beganAtMs || (!known && (t.created == 0 || !m_eventFeed));
    const QString who = t.instanceId;
    if (isNew || aux->targets.contains(who) || t.instanceState != InstanceState::Healthy)
        recordStep(*op, t, isNew, known ? std::optional<InstanceState>(previous) : std::nullopt);
    else
        for (const auto &track : std::as_const(op->timeline))
            if (track.instanceId == who) {
                recordStep(*op, t, isNew, previous);
                break;
            }
    if (isNew && t.instanceState == InstanceState::Healthy && !healthyBefore
        && !aux->started.contains(who)) {
        aux->started.insert(who);
        ++op->instancesStarted;
    }
    if (isNew && !healthyBefore && !instance.failureCounted
        && failedBeforeHealthy(t.instanceState)) {
        instance.failureCounted = true;
        ++op->failedStarts;
        addFailure(*op,
                   t.error.isEmpty()
                       ? tr("%1 did not start: %2").arg(who, protocol::toString(t.instanceState))
                       : tr("%1 did not start: %2").arg(who, t.error));
    } else if (!isNew && !instance.failureCounted
               && (t.instanceState == InstanceState::Unhealthy
                   || t.instanceState == InstanceState::Lost)) {
        instance.failureCounted = true;
        ++op->otherFailures;
        addFailure(
            *op,
            t.error.isEmpty()
                ? tr("%1 became %2").arg(who, protocol::toString(t.instanceState))
                : tr("%1 became %2: %3").arg(who, protocol::toString(t.instanceState), t.error));
    }
    // Stopped by the operation: a listed instance, or (scale down) a HEALTHY one it stopped.
    if (!protocol::isActive(t.instanceState) && t.instanceState != InstanceState::Lost
        && op->type != OperationType::Destroy && !aux->stopped.contains(who)
        && !(instance.failureCounted && !isNew) // it failed by itself (UNHEALTHY) first
        && !instance.unhealthySeen              // even before the operation began
        && (aux->targets.contains(who)
            || (aux->targets.isEmpty() && rule.stopsInstances && !isNew
                && instance.stoppedFromHealthy))) {
        aux->stopped.insert(who);
        ++op->instancesStopped;
    } else if (!protocol::isActive(t.instanceState) && aux->targets.contains(who)
               && !aux->stopped.contains(who)) {
        aux->selfEnded.insert(who); // gone by itself: nothing left for the operation to stop
    }
    recount(*op, *aux);
    publish(*op);
}

void OperationTracker::applyVanished(const QString &appId, const QString &instanceId,
                                     InstanceState state, const QString &error)
{
    Transition t;
    t.time = now();
    t.appId = appId;
    t.isApp = false;
    t.instanceId = instanceId;
    t.instanceState = state;
    t.created = seenOf(appId).instances.value(instanceId).created;
    t.error = error;
    apply(t);
}

void OperationTracker::recordStep(TrackedOperation &op, const Transition &t, bool isNew,
                                  std::optional<InstanceState> before)
{
    op.lastProgressMs = now();
    auto track = std::find_if(op.timeline.begin(), op.timeline.end(),
                              [&t](const auto &known) { return known.instanceId == t.instanceId; });
    if (track == op.timeline.end()) {
        if (op.timeline.size() >= 2000)
            return; // bounded: the counts still cover every instance
        TrackedOperation::InstanceTrack added;
        added.instanceId = t.instanceId;
        added.startedByOperation = isNew;
        // An old instance's bar starts with the state it had when the operation began.
        if (!isNew && before && *before != t.instanceState)
            added.steps.append({op.beganAtMs, *before, QString()});
        op.timeline.append(added);
        track = op.timeline.end() - 1;
    }
    if (!t.executorId.isEmpty())
        track->executorId = t.executorId;
    if (!track->steps.isEmpty() && track->steps.constLast().state == t.instanceState)
        return;
    track->steps.append({t.time, t.instanceState, t.error});
}

int OperationTracker::instancesNeededNow(const TrackedOperation &op, const Aux &aux) const
{
    const auto app = m_apps.constFind(op.appId);
    if (app == m_apps.cend() || !app->instancesKnown)
        return 0;
    int active = 0;
    int startingNew = 0;
    for (const InstanceSeen &instance : app->instances) {
        if (!protocol::isActive(instance.state))
            continue;
        ++active;
        if (!instance.everHealthy && instance.created >= op.beganAtMs)
            ++startingNew;
    }
    const int parallelism = int(std::max<qint64>(1, op.parallelism));
    switch (op.type) {
    case OperationType::ScaleInstances:
    case OperationType::StartInstances:
        if (op.variant == OperationVariant::ScaleDown || op.targetInstances < 0)
            return 0;
        return int(std::max<qint64>(0, op.targetInstances - active));
    case OperationType::ReplaceInstances:
    case OperationType::StopInstances: {
        if (!aux.sent || aux.sent->stopFirst
            || (op.type == OperationType::StopInstances && aux.sent->skipRespawn))
            return 0; // stop-first frees the room itself; skipRespawn starts nothing
        return std::max(0, std::min(parallelism, op.targetsRemaining) - startingNew);
    }
    default:
        return 0;
    }
}

void OperationTracker::updateStuck(TrackedOperation &op, Aux &aux)
{
    QString reason;
    QString suggestion;
    const bool workLeft = op.total < 0 || op.done < op.total;
    if (aux.begun && !op.cancelRequested && workLeft) {
        const qint64 quiet = now() - std::max(op.lastProgressMs, op.acceptedAtMs);
        const int needed = instancesNeededNow(op, aux);
        if (needed <= 0) {
            aux.placement.reset();
        } else if (m_placementProbe && (aux.probedAtMs < 0 || now() - aux.probedAtMs >= 1000)) {
            aux.probedAtMs = now();
            aux.placement = m_placementProbe(op.appId, needed);
        }
        const bool placementBlocked
            = aux.placement && aux.placement->placeable == 0 && aux.placement->requested > 0;
        if (placementBlocked && quiet >= m_placementGraceMs) {
            reason = aux.placement->summary(); // "0 of 3 can be placed now: <why>"
            QStringList suggestions = aux.placement->suggestions;
            if (op.type == OperationType::ReplaceInstances && op.parallelism > 1)
                suggestions.prepend(tr("cancel and restart with a lower parallelism"));
            suggestion = suggestions.join(QStringLiteral("; "));
        } else if (const std::optional<qint64> allowance
                   = m_quietAllowance ? m_quietAllowance(op.appId) : std::nullopt;
                   quiet >= std::max(m_noProgressMs, allowance.value_or(0))) {
            // A step the spec allows to take long (a slow pull, a health check's initial delay)
            // is not a stall: the rule waits at least that long.
            const qint64 waited = std::max(m_noProgressMs, allowance.value_or(0));
            reason = tr("no instance changed state for over %n minute(s)", nullptr,
                        int(std::max<qint64>(1, waited / 60000)));
            if (allowance)
                reason += tr(", longer than any step of the app's spec allows");
            else
                reason += tr(" (the app's spec is not known here, so its pull and check times "
                             "were not taken into account)");
            if (aux.placement && !aux.placement->allPlaceable())
                reason += QStringLiteral("; ") + aux.placement->summary();
            suggestion = tr("look at the app's events and its instances' logs");
        }
    }
    if (reason == op.stuckReason)
        return;
    if (reason.isEmpty() != op.stuckReason.isEmpty())
        op.stuckSinceMs = reason.isEmpty() ? 0 : now();
    op.stuckReason = reason;
    op.stuckSuggestion = suggestion;
    op.stuckHistory.append({now(), reason});
    if (op.stuckHistory.size() > 50)
        op.stuckHistory.removeFirst();
}

qint64 OperationTracker::healthyCount(const QString &appId) const
{
    const auto it = m_apps.constFind(appId);
    if (it == m_apps.cend()) {
        const protocol::AppSummary *listed = listedSummary(appId);
        return listed ? listed->healthyInstances : -1;
    }
    // Without a list the events name only the instances that changed: the summary counts.
    if (!it->instancesKnown)
        return it->summary ? it->summary->healthyInstances : -1;
    qint64 healthy = 0;
    for (const InstanceSeen &instance : it->instances)
        healthy += instance.state == InstanceState::Healthy ? 1 : 0;
    return healthy;
}

void OperationTracker::recount(TrackedOperation &op, const Aux &aux) const
{
    const auto app = m_apps.constFind(op.appId);
    if (app != m_apps.cend()) {
        op.healthyInstances = std::max<qint64>(0, healthyCount(op.appId));
        if (app->summary)
            op.requiredInstances = app->summary->requiredInstances;
        int remaining = 0;
        for (const QString &target : std::as_const(op.targetInstanceIds)) {
            const auto it = app->instances.constFind(target);
            remaining += it != app->instances.cend() && protocol::isActive(it->state) ? 1 : 0;
        }
        op.targetsRemaining = remaining;
    }
    if (op.total < 0)
        return;
    int measured = 0;
    switch (protocol::ruleFor(op.type, op.variant).unit) {
    case WorkUnit::AppCreated:
    case WorkUnit::AppRemoved:
        measured = 0; // set by end()
        break;
    case WorkUnit::InstancesStarted:
        measured = op.instancesStarted;
        break;
    case WorkUnit::InstancesStopped:
        measured = op.instancesStopped;
        break;
    case WorkUnit::InstancesReplaced:
        measured = std::min(op.instancesStarted, op.instancesStopped);
        break;
    }
    Q_UNUSED(aux)
    op.done = std::clamp(std::max(op.done, measured), 0, std::max(op.total, 0));
}

// ---- the end ----

void OperationTracker::end(TrackedOperation &op, Aux &aux, std::optional<ApplicationState> state,
                           qint64 time)
{
    if (state) {
        op.appStates.append(*state);
        op.appState = state;
    }
    recount(op, aux);
    aux.endedAtMs = time;
    forgetEndedInstances(op.appId);
    // Another client's scale names its target nowhere on the wire but in the app's summary,
    // which the sync engine fetches after the events that named the app: wait for it.
    const auto app = m_apps.constFind(op.appId);
    const bool summaryAfterBegin = app != m_apps.cend() && app->summarySeq > aux.summarySeqAtBegin;
    if (isScaleFamily(op.type) && op.origin == Origin::OtherClient && !summaryAfterBegin
        && m_eventFeed) {
        m_queue[op.appId].removeOne(op.id);
        m_undecided.append(op.id);
        op.phaseText = tr("Ended — waiting for the application's summary to tell its target");
        Q_EMIT operationUpdated(op);
        return;
    }
    decide(op, aux);
}

void OperationTracker::decide(TrackedOperation &op, Aux &aux)
{
    m_undecided.removeOne(op.id);
    const qint64 time = aux.endedAtMs;
    if (isScaleFamily(op.type) && op.origin == Origin::OtherClient) {
        const auto app = m_apps.constFind(op.appId);
        if (app != m_apps.cend() && app->summary)
            op.targetInstances = app->summary->requiredInstances;
        if (op.targetInstances >= 0 && op.healthyAtBegin >= 0 && !op.beganBeforeConnect) {
            const qint64 healthyAtEnd = op.healthyInstances;
            op.variant = op.targetInstances < op.healthyAtBegin ? OperationVariant::ScaleDown
                                                                : OperationVariant::ScaleUp;
            op.total = int(qAbs(op.targetInstances - op.healthyAtBegin));
            recount(op, aux);
            op.healthyInstances = healthyAtEnd; // as it was when the operation ended
        }
    }
    const auto &rule = protocol::ruleFor(op.type, op.variant);
    const int targets = int(op.targetInstanceIds.size());
    bool met = false;
    switch (op.type) {
    case OperationType::Create:
    case OperationType::Destroy:
        met = true;
        op.done = op.total = 1;
        break;
    case OperationType::StartInstances:
    case OperationType::ScaleInstances:
    case OperationType::Suspend:
    case OperationType::Recover:
        met = op.targetInstances >= 0 && op.healthyInstances == op.targetInstances;
        break;
    case OperationType::ReplaceInstances:
    case OperationType::StopInstances:
        if (targets > 0 || aux.sent) {
            const int gone = int(aux.selfEnded.size());
            met = op.instancesStopped + gone >= targets
                && (!rule.startsInstances
                    || op.instancesStarted
                        >= (op.type == OperationType::ReplaceInstances ? targets - gone : targets));
        } else if (op.total >= 0) {
            met = op.instancesStopped >= op.total
                && (!rule.startsInstances || op.instancesStarted >= op.total);
        } else {
            // Another client's list is not on the wire: every stop was matched by a start.
            met = op.instancesStopped > 0
                && (!rule.startsInstances || op.instancesStarted >= op.instancesStopped);
        }
        break;
    }
    const QString failures
        = op.failedStarts > 0 ? tr("%n failed start(s)", nullptr, op.failedStarts) : QString();
    QString counts = op.countText();
    if (isScaleFamily(op.type))
        counts = tr("%1; %2 of %3 healthy")
                     .arg(counts)
                     .arg(op.healthyInstances)
                     .arg(op.targetInstances >= 0 ? QString::number(op.targetInstances)
                                                  : QStringLiteral("?"));
    const QString shortReason = failures.isEmpty() ? counts : tr("%1; %2").arg(counts, failures);
    const qint64 deadline = op.beganAtMs + op.timeoutMs;
    if (op.cancelRequested) {
        finish(op, Outcome::Cancelled, shortReason);
    } else if (met) {
        if (isScaleFamily(op.type)) {
            // The count was reached: the work it took is the work there was (an instance that
            // failed meanwhile changes how many starts or stops that needed).
            const int measured
                = protocol::ruleFor(op.type, op.variant).unit == WorkUnit::InstancesStopped
                ? op.instancesStopped
                : op.instancesStarted;
            op.total = op.done = op.total < 0 ? op.done : measured;
        } else if (op.total > 0) {
            op.done = op.total;
        }
        finish(op, Outcome::Completed,
               failures.isEmpty() ? QString() : tr("with %1").arg(failures));
    } else if (op.origin == Origin::ThisConsole || op.origin == Origin::Controller) {
        if (op.timeoutMs > 0 && time >= deadline)
            finish(op, Outcome::TimedOut, shortReason);
        else if (op.origin == Origin::Controller)
            finish(op, Outcome::Failed,
                   tr("%1; ended before its deadline (cancelled by a client, or could not "
                      "reach its target)")
                       .arg(shortReason),
                   false);
        else
            finish(op, Outcome::Failed, shortReason);
    } else {
        finish(op, Outcome::Failed,
               tr("%1; ended short of its target: Drove does not say whether the client that "
                  "sent it cancelled it or it timed out")
                   .arg(shortReason),
               false);
    }
}

void OperationTracker::forgetEndedInstances(const QString &appId)
{
    const auto app = m_apps.find(appId);
    if (app == m_apps.end())
        return;
    for (auto it = app->instances.begin(); it != app->instances.end();) {
        if (!protocol::isActive(it->state))
            it = app->instances.erase(it);
        else {
            it->failureCounted = false;
            it->stoppedFromHealthy = false;
            ++it;
        }
    }
}

void OperationTracker::addFailure(TrackedOperation &op, const QString &message)
{
    op.failureMessages.append(message);
    while (op.failureMessages.size() > MaxFailureMessages)
        op.failureMessages.removeFirst();
}

void OperationTracker::decideWaiting(const QString &appId, qint64 olderThanMs)
{
    const QStringList waiting = m_undecided;
    for (const QString &id : waiting) {
        const int i = indexOf(id);
        if (i < 0 || !m_aux.contains(id)) {
            m_undecided.removeOne(id);
            continue;
        }
        TrackedOperation &op = m_operations[i];
        if ((appId.isEmpty() || op.appId == appId) && now() - m_aux[id].endedAtMs >= olderThanMs)
            decide(op, m_aux[id]);
    }
}

void OperationTracker::tick()
{
    // A summary that never comes (the app vanished, the fetch failed): decide with what is
    // known after a while.
    decideWaiting(QString(), 5000);
    const QStringList ids = m_aux.keys();
    for (const QString &id : ids) {
        const int i = indexOf(id);
        if (i >= 0)
            publish(m_operations[i]);
    }
    if (m_aux.isEmpty())
        m_timer.stop();
}

void OperationTracker::publish(TrackedOperation &op)
{
    if (op.isFinished())
        return;
    op.elapsedMs = now() - op.acceptedAtMs;
    Aux &aux = m_aux[op.id];
    updateStuck(op, aux);
    updatePhase(op, aux);
    Q_EMIT operationUpdated(op);
}

void OperationTracker::finish(TrackedOperation &op, Outcome outcome, const QString &reason,
                              bool causeKnown)
{
    if (op.isFinished())
        return;
    op.outcome = outcome;
    op.outcomeReason = reason;
    op.causeKnown = causeKnown;
    op.finishedAtMs = now();
    if (op.isStuck()) {
        op.stuckHistory.append({op.finishedAtMs, QString()});
        op.stuckReason.clear();
        op.stuckSuggestion.clear();
    }
    op.elapsedMs = op.finishedAtMs - op.acceptedAtMs;
    const QString id = op.id;
    m_queue[op.appId].removeOne(id);
    if (m_queue[op.appId].isEmpty())
        m_queue.remove(op.appId);
    updatePhase(op, m_aux[id]);
    const TrackedOperation copy = op; // signals may re-enter and reallocate m_operations
    m_aux.remove(id);
    Q_EMIT operationUpdated(copy);
    Q_EMIT operationFinished(copy);
    pruneFinished();
}

void OperationTracker::updatePhase(TrackedOperation &op, const Aux &aux) const
{
    op.progress = op.total > 0             ? double(op.done) / double(op.total)
        : op.outcome == Outcome::Completed ? 1.0
                                           : 0.0;
    if (op.outcome != Outcome::Completed)
        op.progress = std::min(op.progress, op.done >= op.total ? 1.0 : op.progress);

    QString counts = op.total >= 0 || aux.begun ? op.countText() : QString();
    if (op.total < 0 && isScaleFamily(op.type) && op.targetInstances >= 0)
        // Begun before the console connected: how much was started before is unknown, what the
        // app has now is not.
        counts = tr("%1 of %2 healthy").arg(op.healthyInstances).arg(op.targetInstances);
    const QString failures
        = op.failedStarts > 0 ? tr("%n failed start(s)", nullptr, op.failedStarts) : QString();
    const QString detail = failures.isEmpty() ? counts : tr("%1, %2").arg(counts, failures);
    if (op.isFinished()) {
        op.phase = Phase::Finished;
        op.phaseText = op.outcomeReason.isEmpty()
            ? TrackedOperation::outcomeName(op.outcome)
            : tr("%1: %2").arg(TrackedOperation::outcomeName(op.outcome), op.outcomeReason);
        return;
    }
    if (op.cancelRequested) {
        op.phase = Phase::Cancelling;
        op.phaseText
            = tr("Cancellation requested — takes effect after the jobs in flight finish (%1)")
                  .arg(detail);
        return;
    }
    if (op.timeoutMs > 0 && aux.begun && now() > op.acceptedAtMs + op.timeoutMs) {
        op.phase = Phase::Overdue;
        op.phaseText
            = tr("Past its timeout — waiting for the jobs in flight to finish (%1)").arg(detail);
        return;
    }
    if (!aux.begun) {
        op.phase = Phase::Accepted;
        op.phaseText = tr("Accepted — waiting for the controller to begin");
        return;
    }
    if (op.appState == ApplicationState::OutageDetected) {
        op.phase = Phase::Recovering;
    } else {
        switch (op.type) {
        case OperationType::ScaleInstances:
        case OperationType::StartInstances:
        case OperationType::Suspend:
        case OperationType::Recover:
            op.phase
                = op.variant == OperationVariant::ScaleDown ? Phase::ScalingDown : Phase::ScalingUp;
            break;
        case OperationType::ReplaceInstances:
            op.phase = Phase::Replacing;
            break;
        case OperationType::StopInstances:
            op.phase = Phase::Stopping;
            break;
        case OperationType::Destroy:
            op.phase = Phase::Destroying;
            break;
        case OperationType::Create:
            op.phase = Phase::Creating;
            break;
        }
    }
    op.phaseText = tr("%1: %2").arg(TrackedOperation::phaseName(op.phase), detail);
    if (op.beganBeforeConnect)
        op.phaseText += tr(" (running before the console connected)");
    if (op.isStuck())
        op.phaseText = tr("stuck: %1").arg(op.stuckReason);
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
