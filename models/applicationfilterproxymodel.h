#pragma once

#include "models/statetextfilterproxymodel.h"
#include "protocol/applicationstate.h"

namespace drove::models {

/// Sorts ApplicationsModel rows on raw values and filters them by free text and by a set of
/// allowed states. Ties sort by app id so the order is stable across refreshes.
///
/// Free text: whitespace-separated terms, each of which must appear (case-insensitively) in the
/// id, the name, or a tag key, value or "key=value".
class ApplicationFilterProxyModel : public StateTextFilterProxyModel
{
    Q_OBJECT

public:
    explicit ApplicationFilterProxyModel(QObject *parent = nullptr);

    /// Only these states pass; empty = every state (the default).
    void setAllowedStates(const QList<protocol::ApplicationState> &states);
    QList<protocol::ApplicationState> allowedStates() const;

protected:
    QStringList searchableTexts(int sourceRow, const QModelIndex &sourceParent) const override;
};

} // namespace drove::models
