#pragma once

#include <QList>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace drove::models {

/// What the application and instance proxies share: rows sorted on raw values (SortRole) with
/// the row key (RowKeyRole) as tie-break so the order is stable across refreshes, and filtered
/// by a set of allowed states (StateRole) and by free text — whitespace-separated terms, each of
/// which must appear (case-insensitively) in one of the texts searchableTexts() gives for the row.
class StateTextFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit StateTextFilterProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

protected:
    /// The texts a filter term may match in row \a sourceRow of the source model.
    virtual QStringList searchableTexts(int sourceRow, const QModelIndex &sourceParent) const = 0;

    /// Bit per state enum value; 0 lets every state pass.
    void setStateMask(quint32 mask);
    quint32 stateMask() const { return m_stateMask; }

    template<typename State>
    static quint32 maskOf(const QList<State> &states)
    {
        quint32 mask = 0;
        for (State state : states)
            mask |= quint32(1) << int(state);
        return mask;
    }
    template<typename State>
    static QList<State> statesIn(quint32 mask, const QList<State> &all)
    {
        QList<State> states;
        for (State state : all) {
            if (mask & (quint32(1) << int(state)))
                states.append(state);
        }
        return states;
    }

    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QStringList m_terms;
    quint32 m_stateMask = 0;
};

} // namespace drove::models
