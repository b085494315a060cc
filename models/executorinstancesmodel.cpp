#include "models/executorinstancesmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/statepalette.h"

namespace drove::models {

using protocol::InstanceInfo;

namespace {

constexpr quint64 bit(int column)
{
    return quint64(1) << column;
}

} // namespace

ExecutorInstancesModel::ExecutorInstancesModel(QObject *parent)
    : KeyedTableModel<InstanceInfo>(parent)
{ }

int ExecutorInstancesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExecutorInstancesModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AppColumn:
        return tr("Application");
    case InstanceIdColumn:
        return tr("Instance");
    case StateColumn:
        return tr("State");
    case PortsColumn:
        return tr("Ports");
    case CoresColumn:
        return tr("Cores");
    case MemoryColumn:
        return tr("Memory");
    case UpdatedColumn:
        return tr("Updated");
    }
    return QVariant();
}

QVariant ExecutorInstancesModel::data(const QModelIndex &index, int role) const
{
    const InstanceInfo *instance = rowAt(index.row());
    if (!instance || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(*instance, column);
    case SortRole:
        return sortValue(*instance, column);
    case Qt::TextAlignmentRole:
        if (column == CoresColumn || column == MemoryColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case Qt::ForegroundRole:
        if (column == StateColumn)
            return StatePalette::color(instance->state);
        return QVariant();
    case Qt::ToolTipRole:
        return instance->errorMessage.isEmpty() ? QVariant() : QVariant(instance->errorMessage);
    case RowKeyRole:
    case InstanceIdRole:
        return instance->instanceId;
    case AppIdRole:
        return instance->appId;
    case ExecutorIdRole:
        return instance->executorId;
    case StateRole:
        return int(instance->state);
    case StateNameRole:
        return protocol::toString(instance->state);
    case ErrorMessageRole:
        return instance->errorMessage;
    default:
        return QVariant();
    }
}

QVariant ExecutorInstancesModel::displayValue(const InstanceInfo &instance, int column) const
{
    switch (column) {
    case AppColumn:
        return instance.appId;
    case InstanceIdColumn:
        return instance.instanceId;
    case StateColumn:
        return protocol::toString(instance.state);
    case PortsColumn:
        return format::instancePorts(instance);
    case CoresColumn:
        return format::instanceCores(instance);
    case MemoryColumn:
        return format::memoryMb(format::instanceMemoryMb(instance));
    case UpdatedColumn:
        return format::timestamp(instance.updated);
    }
    return QVariant();
}

QVariant ExecutorInstancesModel::sortValue(const InstanceInfo &instance, int column) const
{
    switch (column) {
    case StateColumn:
        return int(instance.state);
    case MemoryColumn:
        return format::instanceMemoryMb(instance);
    case UpdatedColumn:
        return instance.updated;
    default:
        return displayValue(instance, column);
    }
}

quint64 ExecutorInstancesModel::changedColumns(const InstanceInfo &before,
                                               const InstanceInfo &after) const
{
    quint64 mask = 0;
    if (before.appId != after.appId)
        mask |= bit(AppColumn);
    if (before.state != after.state || before.errorMessage != after.errorMessage)
        mask |= bit(StateColumn);
    if (before.localInfo != after.localInfo)
        mask |= bit(PortsColumn);
    if (before.resources != after.resources)
        mask |= bit(CoresColumn) | bit(MemoryColumn);
    if (before.updated != after.updated)
        mask |= bit(UpdatedColumn);
    return mask;
}

QList<int> ExecutorInstancesModel::changedRoles(int column) const
{
    switch (column) {
    case StateColumn:
        return {Qt::DisplayRole, SortRole,      Qt::ForegroundRole, Qt::ToolTipRole,
                StateRole,       StateNameRole, ErrorMessageRole};
    case AppColumn:
        return {Qt::DisplayRole, SortRole, AppIdRole};
    default:
        return {Qt::DisplayRole, SortRole};
    }
}

void ExecutorInstancesModel::setExecutor(const QString &executorId)
{
    if (executorId == m_executorId)
        return;
    m_executorId = executorId;
    m_loaded = false;
    resetRows({});
}

bool ExecutorInstancesModel::applyInstances(const QString &executorId,
                                            const QList<InstanceInfo> &instances)
{
    if (executorId.isEmpty() || executorId != m_executorId)
        return false;
    applySnapshot(instances);
    if (!m_loaded) {
        m_loaded = true;
        Q_EMIT loaded();
    }
    return true;
}

} // namespace drove::models
