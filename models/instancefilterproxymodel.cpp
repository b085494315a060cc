#include "models/instancefilterproxymodel.h"

#include "models/instancesmodel.h"
#include "models/modelroles.h"

namespace drove::models {

InstanceFilterProxyModel::InstanceFilterProxyModel(QObject *parent)
    : StateTextFilterProxyModel(parent)
{ }

void InstanceFilterProxyModel::setAllowedStates(const QList<protocol::InstanceState> &states)
{
    setStateMask(maskOf(states));
}

QList<protocol::InstanceState> InstanceFilterProxyModel::allowedStates() const
{
    return statesIn(stateMask(), protocol::allInstanceStates());
}

QStringList InstanceFilterProxyModel::searchableTexts(int sourceRow,
                                                      const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    const auto text = [&](int column) {
        return model->index(sourceRow, column, sourceParent).data().toString();
    };
    return {first.data(InstanceIdRole).toString(),   text(InstancesModel::HostColumn),
            first.data(ExecutorIdRole).toString(),   text(InstancesModel::PortsColumn),
            first.data(ErrorMessageRole).toString(), first.data(StateNameRole).toString()};
}

} // namespace drove::models
