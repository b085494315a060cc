#include "models/applicationsmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/operationtracker.h"
#include "models/statepalette.h"

namespace drove::models {

using protocol::AppSummary;

namespace {

constexpr quint64 bit(int column)
{
    return quint64(1) << column;
}

double healthyFraction(const AppSummary &app)
{
    if (app.requiredInstances <= 0)
        return 1.0; // nothing required: nothing missing
    return std::min(1.0, double(app.healthyInstances) / double(app.requiredInstances));
}

QVariantMap tagsVariant(const AppSummary &app)
{
    QVariantMap map;
    if (app.tags) {
        for (auto it = app.tags->cbegin(); it != app.tags->cend(); ++it)
            map.insert(it.key(), it.value());
    }
    return map;
}

} // namespace

ApplicationsModel::ApplicationsModel(QObject *parent)
    : KeyedTableModel<AppSummary>(parent)
{
    // A zero timer: the next batch goes in once the events waiting (input, paint, replies) are
    // handled.
    m_loadTimer.setSingleShot(true);
    m_loadTimer.setInterval(0);
    connect(&m_loadTimer, &QTimer::timeout, this, &ApplicationsModel::loadNextBatch);
}

int ApplicationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QHash<int, QByteArray> ApplicationsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(StateRole, "state");
    names.insert(StateNameRole, "stateName");
    names.insert(AppIdRole, "appId");
    names.insert(RowKeyRole, "rowKey");
    names.insert(HealthyFractionRole, "healthyFraction");
    names.insert(TagsRole, "tags");
    return names;
}

QVariant ApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Application");
    case NameColumn:
        return tr("Name");
    case StateColumn:
        return tr("State");
    case HealthyColumn:
        return tr("Healthy");
    case CpusColumn:
        return tr("CPUs");
    case MemoryColumn:
        return tr("Memory");
    case TagsColumn:
        return tr("Tags");
    case CreatedColumn:
        return tr("Created");
    case UpdatedColumn:
        return tr("Updated");
    case ActiveOperationColumn:
        return tr("Operation");
    }
    return QVariant();
}

QVariant ApplicationsModel::data(const QModelIndex &index, int role) const
{
    const AppSummary *app = rowAt(index.row());
    if (!app || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(*app, column);
    case Qt::ToolTipRole:
        if (column == TagsColumn || column == ActiveOperationColumn || column == IdColumn)
            return displayValue(*app, column);
        return QVariant();
    case SortRole:
        return sortValue(*app, column);
    case Qt::TextAlignmentRole:
        if (column == HealthyColumn || column == CpusColumn || column == MemoryColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case Qt::ForegroundRole:
    case Qt::DecorationRole:
        if (column == StateColumn && app->state)
            return StatePalette::color(*app->state);
        return QVariant();
    case StateRole:
        return app->state ? int(*app->state) : -1;
    case StateNameRole:
        return app->state ? protocol::toString(*app->state) : app->stateText;
    case AppIdRole:
    case RowKeyRole:
        return app->id;
    case HealthyFractionRole:
        return healthyFraction(*app);
    case TagsRole:
        return tagsVariant(*app);
    default:
        return QVariant();
    }
}

QVariant ApplicationsModel::displayValue(const AppSummary &app, int column) const
{
    switch (column) {
    case IdColumn:
        return app.id;
    case NameColumn:
        return app.name;
    case StateColumn:
        return app.state ? protocol::toString(*app.state) : app.stateText;
    case HealthyColumn:
        return QStringLiteral("%1/%2").arg(app.healthyInstances).arg(app.requiredInstances);
    case CpusColumn:
        return app.totalCPUs;
    case MemoryColumn:
        return format::memoryMb(app.totalMemory);
    case TagsColumn:
        return app.tags ? format::tags(*app.tags) : QString();
    case CreatedColumn:
        return format::timestamp(app.created);
    case UpdatedColumn:
        return format::timestamp(app.updated);
    case ActiveOperationColumn:
        return activeOperationText(app.id);
    }
    return QVariant();
}

QVariant ApplicationsModel::sortValue(const AppSummary &app, int column) const
{
    switch (column) {
    case IdColumn:
        return app.id;
    case NameColumn:
        return app.name;
    case StateColumn:
        return app.state ? protocol::toString(*app.state) : app.stateText;
    case HealthyColumn:
        // Least healthy first when ascending; ties broken by the absolute count.
        return healthyFraction(app) * 1e9 + double(app.healthyInstances);
    case CpusColumn:
        return app.totalCPUs;
    case MemoryColumn:
        return app.totalMemory;
    case TagsColumn:
        return app.tags ? format::tags(*app.tags) : QString();
    case CreatedColumn:
        return app.created;
    case UpdatedColumn:
        return app.updated;
    case ActiveOperationColumn:
        return activeOperationText(app.id);
    }
    return QVariant();
}

quint64 ApplicationsModel::changedColumns(const AppSummary &before, const AppSummary &after) const
{
    quint64 mask = 0;
    if (before.name != after.name)
        mask |= bit(NameColumn);
    if (before.state != after.state)
        mask |= bit(StateColumn);
    if (before.healthyInstances != after.healthyInstances
        || before.requiredInstances != after.requiredInstances)
        mask |= bit(HealthyColumn);
    if (before.totalCPUs != after.totalCPUs)
        mask |= bit(CpusColumn);
    if (before.totalMemory != after.totalMemory)
        mask |= bit(MemoryColumn);
    if (before.tags != after.tags)
        mask |= bit(TagsColumn);
    if (before.created != after.created)
        mask |= bit(CreatedColumn);
    if (before.updated != after.updated)
        mask |= bit(UpdatedColumn);
    return mask;
}

QList<int> ApplicationsModel::changedRoles(int column) const
{
    switch (column) {
    case StateColumn:
        return {Qt::DisplayRole,    SortRole,  Qt::ForegroundRole,
                Qt::DecorationRole, StateRole, StateNameRole};
    case HealthyColumn:
        return {Qt::DisplayRole, SortRole, HealthyFractionRole};
    case TagsColumn:
        return {Qt::DisplayRole, SortRole, Qt::ToolTipRole, TagsRole};
    case ActiveOperationColumn:
        return {Qt::DisplayRole, SortRole, Qt::ToolTipRole};
    default:
        return {Qt::DisplayRole, SortRole};
    }
}

ApplicationsModel::ApplyStats
ApplicationsModel::applyApplications(const QList<AppSummary> &applications)
{
    // At least this many rows are new: a cheap test that keeps a warm resync (few new rows) on
    // the one-pass diff.
    if (!m_loading && (m_batchSize == 0 || applications.size() - rowCount() <= m_batchSize))
        return applySnapshot(applications);
    startLoading(applications);
    return {};
}

void ApplicationsModel::startLoading(const QList<AppSummary> &applications)
{
    // A list arriving while another is put in replaces it: from its first row again, with the
    // rows shown already kept (and updated, or removed, by the next batch).
    m_pending = applications;
    m_loadCursor = 0;
    m_shownAhead.clear();
    if (rowCount() > 0) {
        for (const AppSummary &app : std::as_const(m_pending)) {
            if (rowOfKey(app.id) >= 0)
                m_shownAhead.insert(app.id);
        }
    }
    m_loading = true;
    m_loadTimer.start();
    Q_EMIT loadingChanged();
}

void ApplicationsModel::loadNextBatch()
{
    if (!m_loading)
        return;
    // One diff of the model against what the list shows after this batch: the rows before the
    // cursor, the next batch of rows not shown yet, and the rows shown already further on.
    const QList<AppSummary> &pending = m_pending;
    std::vector<const AppSummary *> rows;
    rows.reserve(size_t(pending.size()));
    for (qsizetype i = 0; i < m_loadCursor; ++i)
        rows.push_back(&pending.at(i));
    int budget = m_batchSize;
    qsizetype i = m_loadCursor;
    for (; i < pending.size() && budget > 0; ++i) {
        const AppSummary &app = pending.at(i);
        rows.push_back(&app);
        if (m_shownAhead.isEmpty() || !m_shownAhead.remove(app.id))
            --budget;
    }
    m_loadCursor = i;
    if (!m_shownAhead.isEmpty()) {
        for (qsizetype j = i; j < pending.size(); ++j) {
            if (m_shownAhead.contains(pending.at(j).id))
                rows.push_back(&pending.at(j));
        }
    }
    applySnapshotOf(rows);
    if (m_loadCursor >= pending.size()) {
        stopLoading();
        return;
    }
    m_loadTimer.start();
    Q_EMIT loadingChanged();
}

void ApplicationsModel::stopLoading()
{
    m_loadTimer.stop();
    if (!m_loading)
        return;
    m_loading = false;
    m_pending = {};
    m_loadCursor = 0;
    m_shownAhead.clear();
    Q_EMIT loadingChanged();
}

qsizetype ApplicationsModel::pendingIndexOf(const QString &appId) const
{
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (m_pending.at(i).id == appId)
            return i;
    }
    return -1;
}

ApplicationsModel::ApplyStats
ApplicationsModel::applyApplications(const QMap<QString, AppSummary> &applications)
{
    std::vector<AppSummary> rows;
    rows.reserve(size_t(applications.size()));
    for (auto it = applications.cbegin(); it != applications.cend(); ++it) {
        rows.push_back(it.value());
        if (rows.back().id.isEmpty())
            rows.back().id = it.key(); // the map key is the app id
    }
    const ApplyStats stats = applySnapshot(std::move(rows));
    stopLoading(); // this list is all there is
    return stats;
}

void ApplicationsModel::updateApplication(const AppSummary &application)
{
    if (application.id.isEmpty())
        return;
    if (m_loading) {
        // Newer than the list being put in: a later batch must not put the list's value back.
        qsizetype i = pendingIndexOf(application.id);
        if (i >= 0) {
            m_pending[i] = application;
        } else {
            m_pending.append(application);
            i = m_pending.size() - 1;
        }
        if (i >= m_loadCursor)
            m_shownAhead.insert(application.id);
    }
    upsertRow(application);
}

void ApplicationsModel::removeApplication(const QString &appId)
{
    if (m_loading) {
        // Gone for good: a later batch of the (older) list must not put it back.
        const qsizetype i = pendingIndexOf(appId);
        if (i >= 0) {
            m_pending.removeAt(i);
            if (i < m_loadCursor)
                --m_loadCursor;
        }
        m_shownAhead.remove(appId);
    }
    removeRowByKey(appId);
}

void ApplicationsModel::clear()
{
    stopLoading();
    resetRows({});
}

std::optional<AppSummary> ApplicationsModel::application(const QString &appId) const
{
    if (const AppSummary *app = rowForKey(appId))
        return *app;
    if (m_loading) {
        if (const qsizetype i = pendingIndexOf(appId); i >= 0)
            return m_pending.at(i);
    }
    return std::nullopt;
}

QStringList ApplicationsModel::applicationIds() const
{
    QStringList ids;
    if (m_loading) {
        ids.reserve(m_pending.size());
        for (const AppSummary &app : m_pending)
            ids.append(app.id);
        return ids;
    }
    ids.reserve(rowCount());
    for (int row = 0; row < rowCount(); ++row)
        ids.append(rowAt(row)->id);
    return ids;
}

void ApplicationsModel::setOperationTracker(OperationTracker *tracker)
{
    if (m_tracker == tracker)
        return;
    if (m_tracker)
        disconnect(m_tracker, nullptr, this, nullptr);
    m_tracker = tracker;
    if (m_tracker) {
        connect(m_tracker, &OperationTracker::operationUpdated, this,
                &ApplicationsModel::onOperationChanged);
        connect(m_tracker, &OperationTracker::operationAdded, this,
                &ApplicationsModel::onOperationChanged);
    }
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, ActiveOperationColumn),
                           index(rowCount() - 1, ActiveOperationColumn),
                           changedRoles(ActiveOperationColumn));
}

QString ApplicationsModel::activeOperationText(const QString &appId) const
{
    if (!m_tracker)
        return QString();
    const auto op = m_tracker->activeOperation(appId);
    if (!op)
        return QString();
    return tr("%1 · %2").arg(TrackedOperation::typeName(op->type), op->phaseText);
}

void ApplicationsModel::onOperationChanged(const TrackedOperation &operation)
{
    notifyColumnsChanged(rowOfKey(operation.appId), bit(ActiveOperationColumn));
}

} // namespace drove::models
