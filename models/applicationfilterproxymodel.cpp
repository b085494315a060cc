#include "models/applicationfilterproxymodel.h"

#include "models/applicationsmodel.h"
#include "models/modelroles.h"
#include "models/sortvalues.h"

namespace drove::models {

ApplicationFilterProxyModel::ApplicationFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void ApplicationFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_terms = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void ApplicationFilterProxyModel::setAllowedStates(const QList<protocol::ApplicationState> &states)
{
    quint32 mask = 0;
    for (protocol::ApplicationState state : states)
        mask |= quint32(1) << int(state);
    if (mask == m_stateMask)
        return;
    m_stateMask = mask;
    invalidateFilter();
}

QList<protocol::ApplicationState> ApplicationFilterProxyModel::allowedStates() const
{
    QList<protocol::ApplicationState> states;
    for (protocol::ApplicationState state : protocol::allApplicationStates()) {
        if (m_stateMask & (quint32(1) << int(state)))
            states.append(state);
    }
    return states;
}

bool ApplicationFilterProxyModel::filterAcceptsRow(int sourceRow,
                                                   const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    if (m_stateMask != 0) {
        const int state = first.data(StateRole).toInt();
        if (state < 0 || !(m_stateMask & (quint32(1) << state)))
            return false;
    }
    if (m_terms.isEmpty())
        return true;
    const QString id = first.data(AppIdRole).toString();
    const QString name
        = model->index(sourceRow, ApplicationsModel::NameColumn, sourceParent).data().toString();
    const QVariantMap tags = first.data(TagsRole).toMap();
    for (const QString &term : m_terms) {
        bool found
            = id.contains(term, Qt::CaseInsensitive) || name.contains(term, Qt::CaseInsensitive);
        for (auto it = tags.cbegin(); !found && it != tags.cend(); ++it) {
            const QString value = it.value().toString();
            found = it.key().contains(term, Qt::CaseInsensitive)
                || value.contains(term, Qt::CaseInsensitive)
                || QString(it.key() + QLatin1Char('=') + value).contains(term, Qt::CaseInsensitive);
        }
        if (!found)
            return false;
    }
    return true;
}

bool ApplicationFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int order = compareSortValues(left.data(SortRole), right.data(SortRole));
    if (order != 0)
        return order < 0;
    return left.data(RowKeyRole).toString() < right.data(RowKeyRole).toString();
}

} // namespace drove::models
