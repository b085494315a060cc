#include "models/executorsmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/statepalette.h"

namespace drove::models {

using protocol::ExecutorSummary;

namespace {

constexpr quint64 bit(int column)
{
    return quint64(1) << column;
}

} // namespace

ExecutorsModel::ExecutorsModel(QObject *parent)
    : KeyedTableModel<ExecutorSummary>(parent)
{ }

int ExecutorsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExecutorsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case HostColumn:
        return tr("Host");
    case StateColumn:
        return tr("State");
    case CoresFreeColumn:
        return tr("Free cores");
    case CoresUsedColumn:
        return tr("Used cores");
    case CoresTotalColumn:
        return tr("Cores");
    case MemoryFreeColumn:
        return tr("Free memory");
    case MemoryUsedColumn:
        return tr("Used memory");
    case MemoryTotalColumn:
        return tr("Memory");
    case TagsColumn:
        return tr("Tags");
    case InstancesColumn:
        return tr("Instances");
    case ExecutorIdColumn:
        return tr("Executor");
    }
    return QVariant();
}

QVariant ExecutorsModel::data(const QModelIndex &index, int role) const
{
    const ExecutorSummary *executor = rowAt(index.row());
    if (!executor || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(*executor, column);
    case SortRole:
        return sortValue(*executor, column);
    case Qt::TextAlignmentRole:
        if (column >= CoresFreeColumn && column <= MemoryTotalColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (column == InstancesColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case Qt::ForegroundRole:
    case Qt::DecorationRole:
        if (column == StateColumn && executor->state)
            return StatePalette::color(*executor->state);
        return QVariant();
    case ExecutorIdRole:
    case RowKeyRole:
        return executor->executorId;
    case StateRole:
        return executor->state ? int(*executor->state) : -1;
    case StateNameRole:
        return executor->state ? protocol::toString(*executor->state) : QString();
    case TagsRole:
        return executor->tags;
    default:
        return QVariant();
    }
}

QVariant ExecutorsModel::displayValue(const ExecutorSummary &executor, int column) const
{
    switch (column) {
    case HostColumn:
        return QStringLiteral("%1:%2").arg(executor.hostname).arg(executor.port);
    case StateColumn:
        return executor.state ? protocol::toString(*executor.state) : QString();
    case CoresFreeColumn:
        return executor.freeCores;
    case CoresUsedColumn:
        return executor.usedCores;
    case CoresTotalColumn:
        return executor.freeCores + executor.usedCores;
    case MemoryFreeColumn:
        return format::memoryMb(executor.freeMemory);
    case MemoryUsedColumn:
        return format::memoryMb(executor.usedMemory);
    case MemoryTotalColumn:
        return format::memoryMb(executor.freeMemory + executor.usedMemory);
    case TagsColumn:
        return executor.tags.join(QLatin1String(", "));
    case InstancesColumn: {
        const auto it = m_instanceCounts.constFind(executor.executorId);
        return it == m_instanceCounts.cend() ? QVariant() : QVariant(it.value());
    }
    case ExecutorIdColumn:
        return executor.executorId;
    }
    return QVariant();
}

QVariant ExecutorsModel::sortValue(const ExecutorSummary &executor, int column) const
{
    switch (column) {
    case MemoryFreeColumn:
        return executor.freeMemory;
    case MemoryUsedColumn:
        return executor.usedMemory;
    case MemoryTotalColumn:
        return executor.freeMemory + executor.usedMemory;
    case InstancesColumn:
        return m_instanceCounts.value(executor.executorId, -1);
    default:
        return displayValue(executor, column);
    }
}

quint64 ExecutorsModel::changedColumns(const ExecutorSummary &before,
                                       const ExecutorSummary &after) const
{
    quint64 mask = 0;
    if (before.hostname != after.hostname || before.port != after.port)
        mask |= bit(HostColumn);
    if (before.state != after.state)
        mask |= bit(StateColumn);
    if (before.freeCores != after.freeCores)
        mask |= bit(CoresFreeColumn);
    if (before.usedCores != after.usedCores)
        mask |= bit(CoresUsedColumn);
    if (before.freeCores + before.usedCores != after.freeCores + after.usedCores)
        mask |= bit(CoresTotalColumn);
    if (before.freeMemory != after.freeMemory)
        mask |= bit(MemoryFreeColumn);
    if (before.usedMemory != after.usedMemory)
        mask |= bit(MemoryUsedColumn);
    if (before.freeMemory + before.usedMemory != after.freeMemory + after.usedMemory)
        mask |= bit(MemoryTotalColumn);
    if (before.tags != after.tags)
        mask |= bit(TagsColumn);
    return mask;
}

QList<int> ExecutorsModel::changedRoles(int column) const
{
    switch (column) {
    case StateColumn:
        return {Qt::DisplayRole,    SortRole,  Qt::ForegroundRole,
                Qt::DecorationRole, StateRole, StateNameRole};
    case TagsColumn:
        return {Qt::DisplayRole, SortRole, TagsRole};
    default:
        return {Qt::DisplayRole, SortRole};
    }
}

ExecutorsModel::ApplyStats ExecutorsModel::applyExecutors(const QList<ExecutorSummary> &executors)
{
    return applySnapshot(executors);
}

void ExecutorsModel::setInstanceCounts(const QHash<QString, int> &counts)
{
    const QHash<QString, int> before = m_instanceCounts;
    m_instanceCounts = counts;
    for (int row = 0; row < rowCount(); ++row) {
        const QString &id = rowAt(row)->executorId;
        if (before.value(id, -1) != counts.value(id, -1))
            notifyColumnsChanged(row, bit(InstancesColumn));
    }
}

void ExecutorsModel::clear()
{
    m_instanceCounts.clear();
    resetRows({});
}

std::optional<ExecutorSummary> ExecutorsModel::executor(const QString &executorId) const
{
    const ExecutorSummary *row = rowForKey(executorId);
    return row ? std::optional<ExecutorSummary>(*row) : std::nullopt;
}

} // namespace drove::models
