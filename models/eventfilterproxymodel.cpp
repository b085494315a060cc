#include "models/eventfilterproxymodel.h"

#include "models/modelroles.h"

namespace drove::models {

EventFilterProxyModel::EventFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

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

bool EventFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_appId.isEmpty() && index.data(AppIdRole).toString() != m_appId)
        return false;
    if (!m_types.isEmpty() && !m_types.contains(index.data(EventTypeRole).toString()))
        return false;
    return true;
}

} // namespace drove::models
