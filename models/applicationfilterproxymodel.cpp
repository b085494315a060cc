#include "models/applicationfilterproxymodel.h"

#include "models/applicationsmodel.h"
#include "models/modelroles.h"

namespace drove::models {

ApplicationFilterProxyModel::ApplicationFilterProxyModel(QObject *parent)
    : StateTextFilterProxyModel(parent)
{ }

void ApplicationFilterProxyModel::setAllowedStates(const QList<protocol::ApplicationState> &states)
{
    setStateMask(maskOf(states));
}

QList<protocol::ApplicationState> ApplicationFilterProxyModel::allowedStates() const
{
    return statesIn(stateMask(), protocol::allApplicationStates());
}

QStringList ApplicationFilterProxyModel::searchableTexts(int sourceRow,
                                                         const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    QStringList texts {
        first.data(AppIdRole).toString(),
        model->index(sourceRow, ApplicationsModel::NameColumn, sourceParent).data().toString()};
    const QVariantMap tags = first.data(TagsRole).toMap();
    for (auto it = tags.cbegin(); it != tags.cend(); ++it) {
        const QString value = it.value().toString();
        texts << it.key() << value << it.key() + QLatin1Char('=') + value;
    }
    return texts;
}

} // namespace drove::models
