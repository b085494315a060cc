#include "models/instancesmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/statepalette.h"

#include <QDateTime>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <numeric>
#include <utility>

namespace drove::models {

using protocol::InstanceInfo;
using protocol::ResourceType;

namespace {

constexpr quint64 bit(int column)
{
    return quint64(1) << column;
}

struct RowTraits
{
    static const QString &key(const InstanceRow &row) { return row.instanceId; }
    static quint64 changedColumns(const InstanceRow &before, const InstanceRow &after)
    {
        return InstancesModel::rowChangedColumns(before, after);
    }
};

/// Makes rows' sort values for one spec as SortedTableProxy reads them through data(): a text
/// repeated from the row before (a state) shares the value folded for it.
class SortValueMaker
{
public:
    explicit SortValueMaker(const SortSpec &spec)
        : m_spec(spec)
        , m_folders(size_t(spec.keys.size()))
    { }

    SortValues operator()(const InstanceRow &row)
    {
        SortValues values = std::make_unique<SortValue[]>(size_t(m_spec.stride()));
        for (int k = 0; k < m_spec.keys.size(); ++k) {
            values[k] = m_folders[size_t(k)].of(
                InstancesModel::rowSortValue(row, m_spec.keys.at(k).column));
        }
        if (m_spec.tieBreakRole >= 0) // RowKeyRole or InstanceIdRole (see supported())
            values[m_spec.keys.size()] = SortValue::exactText(row.instanceId);
        return values;
    }

    /// Whether the model can make values for `spec` off the GUI thread.
    static bool supported(const SortSpec &spec)
    {
        if (spec.keys.isEmpty() || spec.sortRole != SortRole
            || (spec.tieBreakRole >= 0 && spec.tieBreakRole != RowKeyRole
                && spec.tieBreakRole != InstanceIdRole))
            return false;
        return std::all_of(spec.keys.cbegin(), spec.keys.cend(), [](const SortKey &key) {
            return key.column >= 0 && key.column < InstancesModel::ColumnCount
                && key.column != InstancesModel::AgeColumn;
        });
    }

private:
    SortSpec m_spec;
    std::vector<SortValueFolder> m_folders; ///< one per key
};

} // namespace

/// The lists one snapshot's rows were made from (shared with the session: no copy).
struct InstancesModel::Snapshot
{
    QList<InstanceInfo> active;
    QList<InstanceInfo> old;
    Mode mode = Mode::All;
    /// What the proxies sorting on this model compare (distinct), the first one's order first:
    /// the worker makes the new rows' values for each.
    std::vector<SortSpec> specs;

    /// The instances to show, in order: active, then old ones not active again (active wins
    /// over a stale old record).
    std::vector<const InstanceInfo *> selected() const
    {
        std::vector<const InstanceInfo *> selected;
        selected.reserve(size_t(active.size() + old.size()));
        QSet<QString> activeIds;
        const bool needActiveIds = mode == Mode::All && !old.isEmpty();
        if (mode != Mode::Old) {
            if (needActiveIds)
                activeIds.reserve(active.size());
            for (const InstanceInfo &instance : active) {
                selected.push_back(&instance);
                if (needActiveIds)
                    activeIds.insert(instance.instanceId);
            }
        }
        if (mode != Mode::Active) {
            for (const InstanceInfo &instance : old) {
                if (!activeIds.contains(instance.instanceId))
                    selected.push_back(&instance);
            }
        }
        return selected;
    }

    static std::vector<InstanceRow> rowsOf(const std::vector<const InstanceInfo *> &instances,
                                           size_t first, size_t end)
    {
        std::vector<InstanceRow> rows;
        rows.reserve(end - first);
        for (size_t i = first; i < end; ++i)
            rows.push_back(InstanceRow::from(*instances[i]));
        return rows;
    }

    std::vector<InstanceRow> rows() const
    {
        const std::vector<const InstanceInfo *> instances = selected();
        return rowsOf(instances, 0, instances.size());
    }
};

class InstancesModel::Differ : public ShadowDiffer<InstanceRow, RowTraits>
{ };

/// A change set on its way into the rows, with the snapshot it leads to.
struct InstancesModel::Pending
{
    RowChangeSet<InstanceRow> set;
    std::shared_ptr<const Snapshot> snapshot;
    bool started = false;      ///< removals and changes applied
    size_t appended = 0;       ///< new rows inserted so far
    bool continuation = false; ///< applies the same snapshot as the set before
    ApplyStats stats;
    /// Per spec of the snapshot: the sort values of set.appended's rows (empty: none made).
    std::vector<std::vector<SortValues>> values;
};

InstancesModel::InstancesModel(QObject *parent)
    : KeyedTableModel<InstanceRow>(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_ageTimer.setInterval(10000);
    connect(&m_ageTimer, &QTimer::timeout, this, &InstancesModel::refreshAges);
    m_ageTimer.start();
    m_differ = std::make_shared<Differ>();
}

InstancesModel::~InstancesModel()
{
    if (m_thread) {
        // A diff in progress finishes; what it posts back is dropped with this object.
        m_thread->quit();
        m_thread->wait();
        delete m_worker;
    }
}

int InstancesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InstancesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case InstanceIdColumn:
        return tr("Instance");
    case StateColumn:
        return tr("State");
    case HostColumn:
        return tr("Host");
    case PortsColumn:
        return tr("Ports");
    case ExecutorColumn:
        return tr("Executor");
    case ResourcesColumn:
        return tr("Resources");
    case ErrorColumn:
        return tr("Error");
    case CreatedColumn:
        return tr("Created");
    case UpdatedColumn:
        return tr("Updated");
    case AgeColumn:
        return tr("Age");
    }
    return QVariant();
}

QVariant InstancesModel::data(const QModelIndex &index, int role) const
{
    const InstanceRow *instance = rowAt(index.row());
    if (!instance || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(*instance, column);
    case SortRole:
        return sortValue(*instance, column);
    case Qt::ToolTipRole:
        if (column == ErrorColumn || (column == StateColumn && !instance->errorMessage.isEmpty()))
            return instance->errorMessage.isEmpty() ? QVariant() : instance->errorMessage;
        if (column == ResourcesColumn || column == PortsColumn)
            return displayValue(*instance, column);
        return QVariant();
    case Qt::TextAlignmentRole:
        if (column == AgeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case Qt::ForegroundRole:
        if (column == StateColumn)
            return StatePalette::color(instance->state);
        if (column == ErrorColumn && !instance->errorMessage.isEmpty())
            return StatePalette::color(StatePalette::Tone::Error);
        return QVariant();
    case Qt::DecorationRole:
        if (column == StateColumn)
            return StatePalette::color(instance->state);
        return QVariant();
    case InstanceIdRole:
    case RowKeyRole:
        return instance->instanceId;
    case AppIdRole:
        return instance->appId;
    case ExecutorIdRole:
        return instance->executorId;
    case StateRole:
        return int(instance->state);
    case StateNameRole:
        return instance->stateName;
    case ErrorMessageRole:
        return instance->errorMessage;
    case IsOldRole:
        return protocol::isOld(instance->state);
    default:
        return QVariant();
    }
}

QVariant InstancesModel::displayValue(const InstanceRow &row, int column) const
{
    switch (column) {
    case InstanceIdColumn:
        return row.instanceId;
    case StateColumn:
        return row.stateName;
    case HostColumn:
        return row.host;
    case PortsColumn:
        return row.ports;
    case ExecutorColumn:
        return row.executorId;
    case ResourcesColumn:
        return row.resources;
    case ErrorColumn:
        return row.errorMessage;
    case CreatedColumn:
        return format::timestamp(row.created);
    case UpdatedColumn:
        return format::timestamp(row.updated);
    case AgeColumn:
        return row.created > 0 ? format::elapsed(m_clock() - row.created) : QString();
    }
    return QVariant();
}

QVariant InstancesModel::sortValue(const InstanceRow &row, int column) const
{
    if (column == AgeColumn) // older first when ascending; the order of ages never changes
        return row.created > 0 ? m_clock() - row.created : qint64(0);
    return rowSortValue(row, column);
}

QVariant InstancesModel::rowSortValue(const InstanceRow &row, int column)
{
    switch (column) {
    case InstanceIdColumn:
        return row.instanceId;
    case StateColumn:
        return row.stateName;
    case HostColumn:
        return row.host;
    case PortsColumn:
        return row.firstHostPort;
    case ExecutorColumn:
        return row.executorId;
    case ResourcesColumn:
        return row.sortResources;
    case ErrorColumn:
        return row.errorMessage;
    case CreatedColumn:
        return row.created;
    case UpdatedColumn:
        return row.updated;
    }
    return QVariant();
}

quint64 InstancesModel::rowChangedColumns(const InstanceRow &before, const InstanceRow &after)
{
    quint64 mask = 0;
    if (before.state != after.state || before.stateName != after.stateName)
        mask |= bit(StateColumn);
    if (before.host != after.host)
        mask |= bit(HostColumn);
    if (before.ports != after.ports || before.firstHostPort != after.firstHostPort)
        mask |= bit(PortsColumn);
    if (before.executorId != after.executorId)
        mask |= bit(ExecutorColumn);
    if (before.resources != after.resources || before.sortResources != after.sortResources)
        mask |= bit(ResourcesColumn);
    if (before.errorMessage != after.errorMessage)
        mask |= bit(ErrorColumn);
    if (before.created != after.created)
        mask |= bit(CreatedColumn) | bit(AgeColumn);
    if (before.updated != after.updated)
        mask |= bit(UpdatedColumn);
    return mask;
}

QList<int> InstancesModel::changedRoles(int column) const
{
    switch (column) {
    case StateColumn:
        return {Qt::DisplayRole, SortRole,      Qt::ForegroundRole, Qt::DecorationRole,
                StateRole,       StateNameRole, IsOldRole,          Qt::ToolTipRole};
    case ErrorColumn:
        return {Qt::DisplayRole, SortRole, Qt::ToolTipRole, Qt::ForegroundRole, ErrorMessageRole};
    case ExecutorColumn:
        return {Qt::DisplayRole, SortRole, ExecutorIdRole};
    case PortsColumn:
    case ResourcesColumn:
        return {Qt::DisplayRole, SortRole, Qt::ToolTipRole};
    default:
        return {Qt::DisplayRole, SortRole};
    }
}

void InstancesModel::setApplication(const QString &appId)
{
    if (appId == m_appId)
        return;
    m_appId = appId;
    m_active.clear();
    m_old.clear();
    m_lastStats = {};
    // What is being diffed or inserted for the previous application is dropped.
    ++m_generation;
    // The previous application's shadow rows and change sets were made on the worker: freed
    // there too (dispose()), not in this call.
    dispose(std::exchange(m_differ, std::make_shared<Differ>()));
    m_workerBusy = false;
    m_rebuildWanted = false;
    for (auto &pending : m_pending)
        dispose(std::move(pending));
    m_pending.clear();
    m_shown.reset();
    m_shownByIdDirty = true;
    resetRows({});
    updateLoading();
}

void InstancesModel::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    rebuild();
}

bool InstancesModel::applyActiveInstances(const QString &appId, const QList<InstanceInfo> &active)
{
    if (appId != m_appId || appId.isEmpty())
        return false;
    // Gone from the active list: presumed old until the next old list says otherwise, so the
    // row survives the move. Only matters when old instances are shown.
    if (m_mode != Mode::Active && !m_active.isEmpty()) {
        QSet<QString> kept;
        kept.reserve(active.size() + m_old.size());
        for (const InstanceInfo &instance : active)
            kept.insert(instance.instanceId);
        for (const InstanceInfo &instance : std::as_const(m_old))
            kept.insert(instance.instanceId);
        for (const InstanceInfo &instance : std::as_const(m_active)) {
            if (!kept.contains(instance.instanceId))
                m_old.append(instance);
        }
    }
    m_active = active;
    rebuild();
    return true;
}

bool InstancesModel::applyOldInstances(const QString &appId, const QList<InstanceInfo> &old)
{
    if (appId != m_appId || appId.isEmpty())
        return false;
    m_old = old;
    rebuild();
    return true;
}

bool InstancesModel::applyInstances(const QString &appId, const QList<InstanceInfo> &instances)
{
    if (appId != m_appId || appId.isEmpty())
        return false;
    m_active.clear();
    m_old.clear();
    for (const InstanceInfo &instance : instances)
        (protocol::isActive(instance.state) ? m_active : m_old).append(instance);
    rebuild();
    return true;
}

void InstancesModel::rebuild()
{
    if (m_workerBusy) {
        m_rebuildWanted = true; // diffed when the worker is back, against what it returns
        updateLoading();
        return;
    }
    auto snapshot = std::make_shared<Snapshot>(Snapshot {m_active, m_old, m_mode, {}});
    const qsizetype size = m_active.size() + m_old.size() + rowCount();
    if (m_backgroundThreshold < 0 || size < m_backgroundThreshold) {
        // Few rows: the proxies read their values themselves.
        auto pending = std::make_shared<Pending>();
        pending->set = m_differ->diff(snapshot->rows());
        pending->snapshot = std::move(snapshot);
        m_pending.push_back(std::move(pending));
        pump();
        return;
    }
    for (const auto &[proxy, spec] : m_sortRequests) {
        if (std::find(snapshot->specs.cbegin(), snapshot->specs.cend(), spec)
            == snapshot->specs.cend())
            snapshot->specs.push_back(spec);
    }
    startWorker(std::move(snapshot));
}

void InstancesModel::setSortRequest(const QObject *proxy, const std::optional<SortSpec> &spec)
{
    const auto it = std::find_if(m_sortRequests.begin(), m_sortRequests.end(),
                                 [proxy](const auto &request) { return request.first == proxy; });
    if (!spec || !SortValueMaker::supported(*spec)) {
        if (it != m_sortRequests.end())
            m_sortRequests.erase(it);
        return;
    }
    // A proxy keeps its place when its keys change: the first one asking orders first loads.
    if (it != m_sortRequests.end())
        it->second = *spec;
    else
        m_sortRequests.emplace_back(proxy, *spec);
}

std::vector<SortValues> InstancesModel::takeSortValues(const SortSpec &spec, int first, int last)
{
    if (!m_inserting || first != m_insertingRow || last < first)
        return {};
    const std::vector<SortSpec> &specs = m_inserting->snapshot->specs;
    const auto found = std::find(specs.cbegin(), specs.cend(), spec);
    if (found == specs.cend() || size_t(found - specs.cbegin()) >= m_inserting->values.size())
        return {};
    std::vector<SortValues> &values = m_inserting->values[size_t(found - specs.cbegin())];
    const size_t from = m_insertingFrom;
    const size_t end = from + size_t(last - first + 1);
    if (end > values.size() || !values[from]) // none made, or taken by a proxy with this spec
        return {};
    return {std::make_move_iterator(values.begin() + long(from)),
            std::make_move_iterator(values.begin() + long(end))};
}

void InstancesModel::startWorker(std::shared_ptr<const Snapshot> snapshot)
{
    if (!m_thread) {
        m_thread = new QThread(this);
        m_thread->setObjectName(QStringLiteral("instances-diff"));
        m_worker = new QObject;
        m_worker->moveToThread(m_thread);
        m_thread->start(QThread::LowPriority);
    }
    m_workerBusy = true;
    updateLoading();
    const quint64 generation = m_generation;
    std::shared_ptr<Differ> differ = m_differ;
    const size_t slice = size_t(m_insertSlice);
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation, differ, snapshot, slice] {
            // This object outlives the thread (its destructor waits for it), and an event
            // posted to it is dropped if it is deleted before the event is delivered.
            bool continuation = false; // a later part of the same snapshot
            // `firstValues`: the new rows' values for the first spec, when already made.
            const auto post = [&](RowChangeSet<InstanceRow> set, bool last,
                                  std::vector<SortValues> firstValues = {}) {
                auto pending = std::make_shared<Pending>();
                pending->set = std::move(set);
                pending->snapshot = snapshot;
                pending->continuation = std::exchange(continuation, true);
                pending->values.resize(snapshot->specs.size());
                for (size_t k = 0; k < snapshot->specs.size(); ++k) {
                    std::vector<SortValues> &values = pending->values[k];
                    if (k == 0 && !firstValues.empty()) {
                        values = std::move(firstValues);
                        continue;
                    }
                    SortValueMaker make(snapshot->specs[k]);
                    values.reserve(pending->set.appended.size());
                    for (const InstanceRow &row : pending->set.appended)
                        values.push_back(make(row));
                }
                // Moved on, not copied: the last reference must not die with this event
                // (see dispose()).
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, pending, last]() mutable {
                        workerDone(generation, std::move(pending), last);
                    },
                    Qt::QueuedConnection);
            };
            const std::vector<const InstanceInfo *> instances = snapshot->selected();
            if (differ->size() == 0 && instances.size() > slice && !snapshot->specs.empty()) {
                // Nothing shown yet, and a proxy sorts: the rows in its order, a slice at a
                // time, so it appends each slice at the end of its order (and the top of the
                // table shows first).
                // The rows without their formatted texts first (what the order needs), the
                // first slice picked out and sent before the rest is sorted: the first rows
                // still show at once.
                std::vector<InstanceRow> all;
                all.reserve(instances.size());
                for (const InstanceInfo *instance : instances)
                    all.push_back(InstanceRow::withoutTexts(*instance));
                const SortSpec &spec = snapshot->specs.front();
                SortValueMaker make(spec);
                std::vector<SortValues> values;
                values.reserve(all.size());
                for (const InstanceRow &row : all)
                    values.push_back(make(row));
                std::vector<int> order(all.size());
                std::iota(order.begin(), order.end(), 0);
                const auto less = [&](int a, int b) {
                    const int c
                        = spec.compareRows(values[size_t(a)].get(), values[size_t(b)].get());
                    return c != 0 ? c < 0 : a < b;
                };
                std::nth_element(order.begin(), order.begin() + long(slice), order.end(), less);
                std::sort(order.begin(), order.begin() + long(slice), less);
                for (size_t first = 0; first < order.size(); first += slice) {
                    if (first == slice)
                        std::sort(order.begin() + long(slice), order.end(), less);
                    const size_t end = std::min(order.size(), first + slice);
                    std::vector<InstanceRow> rows;
                    std::vector<SortValues> rowValues;
                    rows.reserve(end - first);
                    rowValues.reserve(end - first);
                    for (size_t i = first; i < end; ++i) {
                        const size_t at = size_t(order[i]);
                        all[at].addTexts(*instances[at]);
                        rows.push_back(std::move(all[at]));
                        rowValues.push_back(std::move(values[at]));
                    }
                    RowChangeSet<InstanceRow> set;
                    if (!differ->appendNew(rows, set))
                        break; // a key listed twice: the whole diff below sorts it out
                    if (end == order.size())
                        return post(std::move(set), true, std::move(rowValues));
                    post(std::move(set), false, std::move(rowValues));
                }
            } else if (differ->size() == 0 && instances.size() > slice) {
                // Nothing shown yet (an application just opened): its rows a slice at a time,
                // each sent as soon as it is made, so the first ones show at once.
                for (size_t first = 0; first < instances.size(); first += slice) {
                    const size_t end = std::min(instances.size(), first + slice);
                    std::vector<InstanceRow> rows = Snapshot::rowsOf(instances, first, end);
                    RowChangeSet<InstanceRow> set;
                    if (!differ->appendNew(rows, set))
                        break; // a key listed twice: the whole diff below sorts it out
                    if (end == instances.size())
                        return post(std::move(set), true);
                    post(std::move(set), false);
                }
            }
            post(differ->diff(Snapshot::rowsOf(instances, 0, instances.size())), true);
        },
        Qt::QueuedConnection);
}

void InstancesModel::workerDone(quint64 generation, std::shared_ptr<Pending> pending, bool last)
{
    if (generation != m_generation)
        return dispose(std::move(pending)); // for an application no longer shown
    m_workerBusy = !last;
    m_pending.push_back(std::move(pending));
    pump();
    if (last && m_rebuildWanted) {
        m_rebuildWanted = false;
        rebuild();
    }
    updateLoading();
}

void InstancesModel::pump()
{
    m_pumpScheduled = false;
    int budget = m_insertSlice;
    while (!m_pending.empty()) {
        Pending &pending = *m_pending.front();
        if (!pending.started) {
            pending.stats = applyChangeSet(pending.set, 0);
            pending.started = true;
            m_shown = pending.snapshot;
            m_shownByIdDirty = true;
        }
        m_inserting = &pending; // for takeSortValues(), while the rows go in
        m_insertingFrom = pending.appended;
        m_insertingRow = rowCount();
        const int inserted = appendChangeSetRows(pending.set, pending.appended, budget);
        m_inserting = nullptr;
        pending.appended += size_t(inserted);
        pending.stats.inserted += inserted;
        budget -= inserted;
        if (pending.appended < pending.set.appended.size())
            break;
        if (pending.continuation) { // one snapshot in several sets: one apply's figures
            m_lastStats.removed += pending.stats.removed;
            m_lastStats.inserted += pending.stats.inserted;
            m_lastStats.changed += pending.stats.changed;
            m_lastStats.dataChangedSignals += pending.stats.dataChangedSignals;
        } else {
            m_lastStats = pending.stats;
        }
        dispose(std::move(m_pending.front()));
        m_pending.pop_front();
        if (budget <= 0 && !m_pending.empty())
            break;
    }
    if (!m_pending.empty())
        schedulePump();
    updateLoading();
}

void InstancesModel::dispose(std::shared_ptr<void> spent)
{
    if (!m_worker || !spent)
        return;
    // Change sets and shadow rows are allocated on the worker and freed there: freed here,
    // glibc consolidated the worker's arena under its lock on this thread, 5–8 ms of a 1 %
    // change of a 100,000-row table.
    QMetaObject::invokeMethod(
        m_worker, [spent = std::move(spent)]() mutable { spent.reset(); }, Qt::QueuedConnection);
}

void InstancesModel::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    // Queued, so the rows inserted so far are painted before the next slice goes in.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_pumpScheduled)
                pump();
        },
        Qt::QueuedConnection);
}

bool InstancesModel::isLoading() const
{
    return m_workerBusy || m_rebuildWanted || !m_pending.empty();
}

void InstancesModel::updateLoading()
{
    const bool loading = isLoading();
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

std::optional<InstanceInfo> InstancesModel::instance(const QString &instanceId) const
{
    const InstanceInfo *info = instanceAt(rowOfKey(instanceId));
    return info ? std::optional<InstanceInfo>(*info) : std::nullopt;
}

QList<QList<InstanceInfo>> InstancesModel::shownInstanceLists() const
{
    QList<QList<InstanceInfo>> lists;
    if (!m_shown)
        return lists;
    if (m_shown->mode != Mode::Old)
        lists.append(m_shown->active);
    if (m_shown->mode != Mode::Active)
        lists.append(m_shown->old);
    return lists;
}

QStringList InstancesModel::activeInstanceIds() const
{
    QStringList ids;
    for (int row = 0; row < rowCount(); ++row) {
        const InstanceRow *shown = rowAt(row);
        if (!protocol::isOld(shown->state))
            ids.append(shown->instanceId);
    }
    return ids;
}

const InstanceInfo *InstancesModel::instanceAt(int row) const
{
    const InstanceRow *shown = rowAt(row);
    if (!shown || !m_shown)
        return nullptr;
    if (m_shownByIdDirty) {
        // Once per snapshot and only when asked: old records first, so an active one wins.
        m_shownById.clear();
        m_shownById.reserve(m_shown->active.size() + m_shown->old.size());
        for (const InstanceInfo &instance : m_shown->old)
            m_shownById.insert(instance.instanceId, &instance);
        for (const InstanceInfo &instance : m_shown->active)
            m_shownById.insert(instance.instanceId, &instance);
        m_shownByIdDirty = false;
    }
    return m_shownById.value(shown->instanceId, nullptr);
}

void InstancesModel::setClock(std::function<qint64()> nowMs)
{
    if (nowMs)
        m_clock = std::move(nowMs);
}

void InstancesModel::setAgeRefreshInterval(int ms)
{
    if (ms <= 0) {
        m_ageTimer.stop();
        return;
    }
    m_ageTimer.start(ms);
}

void InstancesModel::refreshAges()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, AgeColumn), index(rowCount() - 1, AgeColumn),
                           {Qt::DisplayRole});
}

} // namespace drove::models
