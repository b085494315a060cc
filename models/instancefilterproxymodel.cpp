#include "models/instancefilterproxymodel.h"

#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "models/sortvalues.h"

namespace drove::models {

InstanceFilterProxyModel::InstanceFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void InstanceFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_terms = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void InstanceFilterProxyModel::setAllowedStates(const QList<protocol::InstanceState> &states)
{
    quint32 mask = 0;
    for (protocol::InstanceState state : states)
        mask |= quint32(1) << int(state);
    if (mask == m_stateMask)
        return;
    m_stateMask = mask;
    invalidateFilter();
}

QList<protocol::InstanceState> InstanceFilterProxyModel::allowedStates() const
{
    QList<protocol::InstanceState> states;
    for (protocol::InstanceState state : protocol::allInstanceStates()) {
        if (m_stateMask & (quint32(1) << int(state)))
            states.append(state);
    }
    return states;
}

bool InstanceFilterProxyModel::filterAcceptsRow(int sourceRow,
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
    const auto text = [&](int column) {
        return model->index(sourceRow, column, sourceParent).data().toString();
    };
    const QStringList haystack {
        first.data(InstanceIdRole).toString(),   text(InstancesModel::HostColumn),
        first.data(ExecutorIdRole).toString(),   text(InstancesModel::PortsColumn),
        first.data(ErrorMessageRole).toString(), first.data(StateNameRole).toString()};
    for (const QString &term : m_terms) {
        bool found = false;
        for (const QString &field : haystack) {
            if (field.contains(term, Qt::CaseInsensitive)) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

bool InstanceFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int order = compareSortValues(left.data(SortRole), right.data(SortRole));
    if (order != 0)
        return order < 0;
    return left.data(RowKeyRole).toString() < right.data(RowKeyRole).toString();
}

} // namespace drove::models
