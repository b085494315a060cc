#include "models/eventfilterproxymodel.h"

#include "models/eventsmodel.h"
#include "models/modelroles.h"

namespace drove::models {

EventFilterProxyModel::EventFilterProxyModel(QObject *parent)
    : StateTextFilterProxyModel(parent)
{ }

void EventFilterProxyModel::setAppId(const QString &appId)
{
    if (appId == m_appId)
        return;
    m_appId = appId;
    invalidateFilter();
}

void EventFilterProxyModel::setTypes(const QList<protocol::DroveEventType> &types)
{
    QSet<QString> names;
    for (protocol::DroveEventType type : types)
        names.insert(protocol::toString(type));
    m_types = names;
    invalidateFilter();
}

void EventFilterProxyModel::setTimeWindow(qint64 from, qint64 to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    invalidateFilter();
}

bool EventFilterProxyModel::filterMayChange(const QModelIndex &topLeft,
                                            const QModelIndex &bottomRight,
                                            const QList<int> &roles) const
{
    return !m_appId.isEmpty() || !m_types.isEmpty() || m_from > 0 || m_to > 0
        || StateTextFilterProxyModel::filterMayChange(topLeft, bottomRight, roles);
}

bool EventFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_appId.isEmpty() && index.data(AppIdRole).toString() != m_appId)
        return false;
    if (!m_types.isEmpty() && !m_types.contains(index.data(EventTypeRole).toString()))
        return false;
    if (m_from > 0 || m_to > 0) {
        const auto *events = qobject_cast<const EventsModel *>(sourceModel());
        const protocol::DroveEvent *event = events ? events->eventAt(sourceRow) : nullptr;
        if (!event || event->time < m_from || (m_to > 0 && event->time > m_to))
            return false;
    }
    return StateTextFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

QStringList EventFilterProxyModel::searchableTexts(int sourceRow,
                                                   const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    QStringList texts;
    for (int column = 0; column < EventsModel::ColumnCount; ++column) {
        if (column != EventsModel::TimeColumn)
            texts << model->index(sourceRow, column, sourceParent).data().toString();
    }
    // The details column shows the error when there is one; the executor is in the metadata.
    texts << model->index(sourceRow, 0, sourceParent).data(EventMetadataTextsRole).toStringList();
    return texts;
}

} // namespace drove::models
