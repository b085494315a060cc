#include "models/applicationfilterproxymodel.h"

#include <algorithm>

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

void ApplicationFilterProxyModel::setCondition(Condition condition)
{
    if (condition == m_condition)
        return;
    m_condition = condition;
    invalidateFilter();
}

int ApplicationFilterProxyModel::conditionCount(Condition condition) const
{
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return 0;
    int count = 0;
    for (int row = 0, rows = model->rowCount(); row < rows; ++row) {
        if (meets(condition, row, QModelIndex()) && textMatches(row, QModelIndex()))
            ++count;
    }
    return count;
}

bool ApplicationFilterProxyModel::meets(Condition condition, int sourceRow,
                                        const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    switch (condition) {
    case Condition::None:
        return true;
    case Condition::Unhealthy: {
        // HealthyFractionRole is healthy / required, 1.0 when nothing is required.
        const QVariant fraction
            = model->index(sourceRow, 0, sourceParent).data(HealthyFractionRole);
        return fraction.isValid() && fraction.toDouble() < 1.0;
    }
    case Condition::OperationInProgress: {
        // The controller's word (a state no operation parks in) or the tracker's (an operation
        // accepted that the state does not show yet, or one begun elsewhere).
        const QVariant state = model->index(sourceRow, 0, sourceParent).data(StateRole);
        if (state.isValid() && state.toInt() >= 0) {
            const auto appState = protocol::ApplicationState(state.toInt());
            if (!protocol::isParked(appState) && !protocol::isTerminal(appState))
                return true;
        }
        return !model->index(sourceRow, ApplicationsModel::ActiveOperationColumn, sourceParent)
                    .data()
                    .toString()
                    .isEmpty();
    }
    }
    return true;
}

bool ApplicationFilterProxyModel::filterMayChange(const QModelIndex &topLeft,
                                                  const QModelIndex &bottomRight,
                                                  const QList<int> &roles) const
{
    // A condition reads counts, states and the tracker's operations: any change may matter.
    return m_condition != Condition::None
        || StateTextFilterProxyModel::filterMayChange(topLeft, bottomRight, roles);
}

bool ApplicationFilterProxyModel::filterAcceptsRow(int sourceRow,
                                                   const QModelIndex &sourceParent) const
{
    return meets(m_condition, sourceRow, sourceParent)
        && StateTextFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool ApplicationFilterProxyModel::changeAffectsCounts(const QModelIndex &topLeft,
                                                      const QModelIndex &bottomRight,
                                                      const QList<int> &roles) const
{
    if (StateTextFilterProxyModel::changeAffectsCounts(topLeft, bottomRight, roles)
        || roles.contains(HealthyFractionRole))
        return true;
    return topLeft.column() <= ApplicationsModel::ActiveOperationColumn
        && bottomRight.column() >= ApplicationsModel::ActiveOperationColumn;
}

void ApplicationFilterProxyModel::setKnownInstances(const KnownInstances &instances,
                                                    const std::optional<QSet<QString>> &changedApps,
                                                    const KnownTexts &texts)
{
    m_texts = texts; // (made with `instances`: never one without the other)
    if (changedApps ? changedApps->isEmpty() : instances == m_instances) {
        m_instances = instances; // (the same lists)
        return;
    }
    m_instances = instances;
    // Only a search can match instances: without one nothing changes.
    if (filterTerms().isEmpty()) {
        forgetTextMatches();
        return;
    }
    const auto *apps = qobject_cast<const ApplicationsModel *>(sourceModel());
    if (!changedApps || !apps) {
        forgetTextMatches();
        invalidateFilter();
        scheduleCountsChanged();
        return;
    }
    // Only the rows of applications whose instances changed (a refresh of a 100,000-instance
    // index changes a few): matching every row's instances again took 25-30 ms per refresh.
    std::vector<int> rows;
    rows.reserve(size_t(changedApps->size()));
    for (const QString &appId : *changedApps) {
        const QModelIndex index = apps->indexOfKey(appId);
        // A row its own texts match stays matched whatever its instances are.
        if (index.isValid() && !matchesByOwnTexts(index.row()))
            rows.push_back(index.row());
    }
    forgetTextMatches(rows);
    refilterRows(rows);
    scheduleCountsChanged();
}

QList<KnownInstance> ApplicationFilterProxyModel::instancesOf(int sourceRow,
                                                              const QModelIndex &sourceParent) const
{
    return m_instances.value(
        sourceModel()->index(sourceRow, 0, sourceParent).data(AppIdRole).toString());
}

QList<KnownInstance> ApplicationFilterProxyModel::matchedInstances(const QModelIndex &index) const
{
    QList<KnownInstance> matched;
    const QModelIndex source = mapToSource(index);
    if (!source.isValid())
        return matched;
    const QList<KnownInstance> instances = instancesOf(source.row(), source.parent());
    for (const int i : matchingAlternatives(source.row(), source.parent()))
        matched << instances.at(i);
    return matched;
}

QVariant ApplicationFilterProxyModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::ToolTipRole || filterTerms().isEmpty())
        return StateTextFilterProxyModel::data(index, role);
    const QList<KnownInstance> matched = matchedInstances(index);
    const QString own = StateTextFilterProxyModel::data(index, role).toString();
    if (matched.isEmpty())
        return own.isEmpty() ? QVariant() : QVariant(own);
    constexpr int kListed = 5;
    QStringList lines {tr("Matched by %n instance(s):", nullptr, int(matched.size()))};
    for (int i = 0; i < matched.size() && i < kListed; ++i) {
        const KnownInstance &instance = matched.at(i);
        lines << (instance.stateName.isEmpty()
                      ? instance.instanceId
                      : tr("%1 (%2)").arg(instance.instanceId, instance.stateName));
        QStringList where;
        if (!instance.hostname.isEmpty())
            where << tr("on %1").arg(instance.hostname);
        if (!instance.executorId.isEmpty())
            where << tr("executor %1").arg(instance.executorId);
        if (!where.isEmpty())
            lines << QStringLiteral("    ") + where.join(QStringLiteral(", "));
    }
    if (matched.size() > kListed)
        lines << tr("and %n more", nullptr, int(matched.size()) - kListed);
    if (!own.isEmpty())
        lines << QString() << own;
    return lines.join(QLatin1Char('\n'));
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

QList<QStringList>
ApplicationFilterProxyModel::alternativeTexts(int sourceRow, const QModelIndex &sourceParent) const
{
    QList<QStringList> texts;
    for (const KnownInstance &instance : instancesOf(sourceRow, sourceParent))
        texts << instance.searchableTexts();
    return texts;
}

bool ApplicationFilterProxyModel::anyAlternativeContainsAll(int sourceRow,
                                                            const QModelIndex &sourceParent,
                                                            const QStringList &terms) const
{
    // Straight over the instances: a search of 10,000 apps with 10 instances each would
    // otherwise build 100,000 lists per keystroke.
    const QString appId
        = sourceModel()->index(sourceRow, 0, sourceParent).data(AppIdRole).toString();
    // Almost always some term is in none of the instances: one search of their joined texts
    // (looked up first: the first lookup of the key pays for its cache misses).
    const auto joined = m_texts.constFind(appId);
    if (joined != m_texts.cend()
        && !std::all_of(terms.cbegin(), terms.cend(), [&joined](const QString &term) {
               return joined.value().contains(term.toCaseFolded(), Qt::CaseSensitive);
           }))
        return false;
    const auto found = m_instances.constFind(appId);
    if (found == m_instances.cend())
        return false;
    const QList<KnownInstance> &instances = found.value();
    return std::any_of(
        instances.cbegin(), instances.cend(),
        [&terms](const KnownInstance &instance) { return instance.containsAll(terms); });
}

} // namespace drove::models
