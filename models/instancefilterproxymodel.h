#pragma once

#include "models/statetextfilterproxymodel.h"
#include "protocol/instancestate.h"

namespace drove::models {

/// Sorts InstancesModel rows on raw values and filters them by free text (instance id, host,
/// executor id, ports, error message, state name) and by a set of allowed instance states. Ties
/// sort by instance id.
class InstanceFilterProxyModel : public StateTextFilterProxyModel
{
    Q_OBJECT

public:
    explicit InstanceFilterProxyModel(QObject *parent = nullptr);

    /// Only these states pass; empty = every state (the default).
    void setAllowedStates(const QList<protocol::InstanceState> &states);
    QList<protocol::InstanceState> allowedStates() const;

protected:
    QStringList searchableTexts(int sourceRow, const QModelIndex &sourceParent) const override;
};

} // namespace drove::models
