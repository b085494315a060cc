#pragma once

#include "protocol/applicationstate.h"

#include <QSortFilterProxyModel>

namespace drove::models {

/// Sorts ApplicationsModel rows on raw values (SortRole) and filters them by free text and by
/// a set of allowed states. Ties sort by app id so the order is stable across refreshes.
///
/// Free text: whitespace-separated terms, each of which must appear (case-insensitively) in the
/// id, the name, or a tag key, value or "key=value".
class ApplicationFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ApplicationFilterProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

    /// Only these states pass; empty = every state (the default).
    void setAllowedStates(const QList<protocol::ApplicationState> &states);
    QList<protocol::ApplicationState> allowedStates() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QStringList m_terms;
    quint32 m_stateMask = 0; ///< bit per ApplicationState; 0 = all
};

} // namespace drove::models
