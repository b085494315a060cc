#pragma once

#include "protocol/instancestate.h"

#include <QSortFilterProxyModel>

namespace drove::models {

/// Sorts InstancesModel rows on raw values (SortRole) and filters them by free text (instance
/// id, host, executor id, ports, error message) and by a set of allowed instance states. Ties
/// sort by instance id.
class InstanceFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit InstanceFilterProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

    /// Only these states pass; empty = every state (the default).
    void setAllowedStates(const QList<protocol::InstanceState> &states);
    QList<protocol::InstanceState> allowedStates() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QStringList m_terms;
    quint32 m_stateMask = 0;
};

} // namespace drove::models
