#include "models/statetextfilterproxymodel.h"

#include "models/modelroles.h"
#include "models/sortvalues.h"

#include <algorithm>

namespace drove::models {

StateTextFilterProxyModel::StateTextFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void StateTextFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_terms = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void StateTextFilterProxyModel::setStateMask(quint32 mask)
{
    if (mask == m_stateMask)
        return;
    m_stateMask = mask;
    invalidateFilter();
}

bool StateTextFilterProxyModel::filterAcceptsRow(int sourceRow,
                                                 const QModelIndex &sourceParent) const
{
    if (m_stateMask != 0) {
        const int state = sourceModel()->index(sourceRow, 0, sourceParent).data(StateRole).toInt();
        if (state < 0 || !(m_stateMask & (quint32(1) << state)))
            return false;
    }
    if (m_terms.isEmpty())
        return true;
    const QStringList texts = searchableTexts(sourceRow, sourceParent);
    for (const QString &term : m_terms) {
        const bool found = std::any_of(texts.cbegin(), texts.cend(), [&](const QString &text) {
            return text.contains(term, Qt::CaseInsensitive);
        });
        if (!found)
            return false;
    }
    return true;
}

bool StateTextFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int order = compareSortValues(left.data(SortRole), right.data(SortRole));
    if (order != 0)
        return order < 0;
    return left.data(RowKeyRole).toString() < right.data(RowKeyRole).toString();
}

} // namespace drove::models
