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
{ }

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
    return applySnapshot(applications);
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
    return applySnapshot(std::move(rows));
}

void ApplicationsModel::updateApplication(const AppSummary &application)
{
    if (!application.id.isEmpty())
        upsertRow(application);
}

void ApplicationsModel::removeApplication(const QString &appId)
{
    removeRowByKey(appId);
}

void ApplicationsModel::clear()
{
    resetRows({});
}

std::optional<AppSummary> ApplicationsModel::application(const QString &appId) const
{
    const AppSummary *app = rowForKey(appId);
    return app ? std::optional<AppSummary>(*app) : std::nullopt;
}

QStringList ApplicationsModel::applicationIds() const
{
    QStringList ids;
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
