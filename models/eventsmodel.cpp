#include "models/eventsmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"

#include <QJsonDocument>

#include <algorithm>

namespace drove::models {

using protocol::DroveEvent;
namespace keys = protocol::eventkeys;

EventsModel::EventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Event");
    case AppColumn:
        return tr("Application");
    case SubjectColumn:
        return tr("Instance / host");
    case StateColumn:
        return tr("State");
    case DetailsColumn:
        return tr("Details");
    }
    return QVariant();
}

const DroveEvent *EventsModel::eventAt(int row) const
{
    return (row >= 0 && row < m_events.size()) ? &m_events.at(row) : nullptr;
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    const DroveEvent *event = eventAt(index.row());
    if (!event || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    const auto details = [event] {
        const QString error = event->metadataString(keys::Error);
        if (!error.isEmpty())
            return error;
        QStringList parts;
        for (const QString &key : {keys::ExecutorHost, keys::Ports, keys::CurrentInstances}) {
            const QString value = event->metadataString(key);
            if (!value.isEmpty())
                parts.append(key + QLatin1Char('=') + value);
        }
        return parts.join(QLatin1String(", "));
    };
    const auto subject = [event] {
        const QString instance = event->metadataString(keys::InstanceId);
        return instance.isEmpty() ? event->metadataString(keys::Hostname) : instance;
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return format::timestamp(event->time);
        case TypeColumn:
            return event->typeName();
        case AppColumn:
            return event->metadataString(keys::AppId);
        case SubjectColumn:
            return subject();
        case StateColumn:
            return event->metadataString(keys::CurrentState);
        case DetailsColumn:
            return details();
        }
        return QVariant();
    case SortRole:
        if (index.column() == TimeColumn)
            return event->time;
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == DetailsColumn)
            return QString::fromUtf8(
                QJsonDocument(event->metadata).toJson(QJsonDocument::Indented));
        return QVariant();
    case RowKeyRole:
        return keyOf(*event);
    case TimestampRole:
        return event->time;
    case EventTypeRole:
        return event->typeName();
    case AppIdRole:
        return event->metadataString(keys::AppId);
    case InstanceIdRole:
        return event->metadataString(keys::InstanceId);
    case StateNameRole:
        return event->metadataString(keys::CurrentState);
    case EventMetadataTextsRole: {
        QStringList values;
        for (auto it = event->metadata.constBegin(); it != event->metadata.constEnd(); ++it)
            values << event->metadataString(it.key());
        return values;
    }
    default:
        return QVariant();
    }
}

QString EventsModel::keyOf(const DroveEvent &event)
{
    if (!event.id.isEmpty())
        return event.id;
    // No id (should not happen on the wire): identical content counts as the same event.
    return event.typeName() + QLatin1Char('@') + QString::number(event.time)
        + QString::fromUtf8(QJsonDocument(event.metadata).toJson(QJsonDocument::Compact));
}

int EventsModel::addEvents(const QList<DroveEvent> &events)
{
    QList<DroveEvent> fresh;
    QSet<QString> batch;
    for (const DroveEvent &event : events) {
        const QString key = keyOf(event);
        if (m_keys.contains(key) || batch.contains(key))
            continue;
        batch.insert(key);
        fresh.append(event);
    }
    if (fresh.isEmpty())
        return 0;
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const DroveEvent &a, const DroveEvent &b) { return a.time > b.time; });

    // The usual case: everything is newer than what is shown, one block at the top.
    if (m_events.isEmpty() || fresh.last().time >= m_events.first().time) {
        beginInsertRows(QModelIndex(), 0, int(fresh.size()) - 1);
        for (const DroveEvent &event : std::as_const(fresh))
            m_keys.insert(keyOf(event));
        m_events = fresh + m_events;
        endInsertRows();
    } else {
        // Late arrivals go where their time puts them.
        for (const DroveEvent &event : std::as_const(fresh)) {
            const auto at = std::lower_bound(
                m_events.cbegin(), m_events.cend(), event.time,
                [](const DroveEvent &shown, qint64 time) { return shown.time > time; });
            const int row = int(at - m_events.cbegin());
            beginInsertRows(QModelIndex(), row, row);
            m_keys.insert(keyOf(event));
            m_events.insert(row, event);
            endInsertRows();
        }
    }
    trim();
    return int(fresh.size());
}

void EventsModel::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    trim();
}

void EventsModel::trim()
{
    if (m_events.size() <= m_capacity)
        return;
    beginRemoveRows(QModelIndex(), m_capacity, int(m_events.size()) - 1);
    for (int i = m_capacity; i < m_events.size(); ++i)
        m_keys.remove(keyOf(m_events.at(i)));
    m_events.resize(m_capacity);
    endRemoveRows();
}

void EventsModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_keys.clear();
    endResetModel();
}

} // namespace drove::models
