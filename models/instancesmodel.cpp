#include "models/instancesmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/statepalette.h"

#include <QDateTime>
#include <QSet>

namespace drove::models {

using protocol::InstanceInfo;
using protocol::ResourceType;

namespace {

constexpr quint64 bit(int column)
{
    return quint64(1) << column;
}

QString hostOf(const InstanceInfo &instance)
{
    return instance.localInfo ? instance.localInfo->hostname : QString();
}

QString resourcesText(const InstanceInfo &instance)
{
    QStringList cpu;
    for (const auto &resource : instance.resources) {
        if (resource.type != ResourceType::Cpu)
            continue;
        for (auto it = resource.cores.cbegin(); it != resource.cores.cend(); ++it) {
            QStringList ids;
            for (int core : it.value())
                ids.append(QString::number(core));
            cpu.append(InstancesModel::tr("NUMA %1: %2").arg(it.key(), ids.join(QLatin1Char(','))));
        }
    }
    const qint64 cores = format::instanceCores(instance);
    QString text = InstancesModel::tr("%n core(s)", nullptr, int(cores));
    if (!cpu.isEmpty())
        text += QLatin1String(" (") + cpu.join(QLatin1String("; ")) + QLatin1Char(')');
    return text + QLatin1String(" · ") + format::memoryMb(format::instanceMemoryMb(instance));
}

} // namespace

InstancesModel::InstancesModel(QObject *parent)
    : KeyedTableModel<InstanceInfo>(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_ageTimer.setInterval(10000);
    connect(&m_ageTimer, &QTimer::timeout, this, &InstancesModel::refreshAges);
    m_ageTimer.start();
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
    const InstanceInfo *instance = rowAt(index.row());
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
        return (instance->stateText.isEmpty() ? protocol::toString(instance->state)
                                              : instance->stateText);
    case ErrorMessageRole:
        return instance->errorMessage;
    case IsOldRole:
        return protocol::isOld(instance->state);
    default:
        return QVariant();
    }
}

QVariant InstancesModel::displayValue(const InstanceInfo &instance, int column) const
{
    switch (column) {
    case InstanceIdColumn:
        return instance.instanceId;
    case StateColumn:
        return (instance.stateText.isEmpty() ? protocol::toString(instance.state)
                                             : instance.stateText);
    case HostColumn:
        return hostOf(instance);
    case PortsColumn:
        return format::instancePorts(instance);
    case ExecutorColumn:
        return instance.executorId;
    case ResourcesColumn:
        return resourcesText(instance);
    case ErrorColumn:
        return instance.errorMessage;
    case CreatedColumn:
        return format::timestamp(instance.created);
    case UpdatedColumn:
        return format::timestamp(instance.updated);
    case AgeColumn:
        return instance.created > 0 ? format::elapsed(m_clock() - instance.created) : QString();
    }
    return QVariant();
}

QVariant InstancesModel::sortValue(const InstanceInfo &instance, int column) const
{
    switch (column) {
    case InstanceIdColumn:
        return instance.instanceId;
    case StateColumn:
        return (instance.stateText.isEmpty() ? protocol::toString(instance.state)
                                             : instance.stateText);
    case HostColumn:
        return hostOf(instance);
    case PortsColumn: {
        if (!instance.localInfo || instance.localInfo->ports.isEmpty())
            return 0;
        return instance.localInfo->ports.first().hostPort;
    }
    case ExecutorColumn:
        return instance.executorId;
    case ResourcesColumn:
        // Cores first, then memory.
        return format::instanceCores(instance) * (qint64(1) << 32)
            + format::instanceMemoryMb(instance);
    case ErrorColumn:
        return instance.errorMessage;
    case CreatedColumn:
        return instance.created;
    case UpdatedColumn:
        return instance.updated;
    case AgeColumn:
        // Older first when ascending; the order of ages never changes with time.
        return instance.created > 0 ? m_clock() - instance.created : qint64(0);
    }
    return QVariant();
}

quint64 InstancesModel::changedColumns(const InstanceInfo &before, const InstanceInfo &after) const
{
    quint64 mask = 0;
    if (before.state != after.state)
        mask |= bit(StateColumn);
    if (hostOf(before) != hostOf(after))
        mask |= bit(HostColumn);
    if (before.localInfo != after.localInfo)
        mask |= bit(PortsColumn);
    if (before.executorId != after.executorId)
        mask |= bit(ExecutorColumn);
    if (before.resources != after.resources)
        mask |= bit(ResourcesColumn);
    if (before.errorMessage != after.errorMessage)
        mask |= bit(ErrorColumn);
    if (before.created != after.created)
        mask |= bit(CreatedColumn) | bit(AgeColumn);
    if (before.updated != after.updated)
        mask |= bit(UpdatedColumn);
    if ((mask & bit(PortsColumn)) && format::instancePorts(before) == format::instancePorts(after))
        mask &= ~bit(PortsColumn); // a container port or type change shows nothing new
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
    resetRows({});
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
    // Pointers into the lists held here: only new and changed instances are copied.
    std::vector<const InstanceInfo *> rows;
    rows.reserve(size_t(m_active.size() + m_old.size()));
    QSet<QString> active;
    const bool needActiveIds = m_mode == Mode::All && !m_old.isEmpty();
    if (m_mode != Mode::Old) {
        if (needActiveIds)
            active.reserve(m_active.size());
        for (const InstanceInfo &instance : std::as_const(m_active)) {
            rows.push_back(&instance);
            if (needActiveIds)
                active.insert(instance.instanceId);
        }
    }
    if (m_mode != Mode::Active) {
        for (const InstanceInfo &instance : std::as_const(m_old)) {
            if (!active.contains(instance.instanceId)) // active wins over a stale old record
                rows.push_back(&instance);
        }
    }
    m_lastStats = applySnapshotOf(rows);
}

std::optional<InstanceInfo> InstancesModel::instance(const QString &instanceId) const
{
    const InstanceInfo *row = rowForKey(instanceId);
    return row ? std::optional<InstanceInfo>(*row) : std::nullopt;
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
