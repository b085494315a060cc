#pragma once

#include "models/sortedtableproxy.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <QTimer>

#include <vector>

namespace drove::models {

/// What the application, instance and event proxies share: rows sorted on raw values (SortRole)
/// with the row key (RowKeyRole) as tie-break so the order is stable across refreshes, and
/// filtered by a set of allowed states (StateRole) and by free text — whitespace-separated
/// terms, each of which must appear (case-insensitively) in one of the texts searchableTexts()
/// gives for the row, or, for the terms those leave unmatched, all in the texts of one of the
/// row's alternativeTexts() (an application found by one of its instances: "web host-3" is an
/// app matching "web" with an instance on host-3, not one instance on web and another on host-3).
///
/// Sorting takes a list of keys (column + order): the first is sortColumn()/sortOrder() (what a
/// header shows), the others break its ties in turn. The order is kept incrementally by
/// SortedTableProxy: a change in any key re-positions only the rows that changed.
/// sort() from a view replaces the list (or, for the primary column, only flips its order);
/// addSortKey() appends a secondary key (a Shift+click on a header).
///
/// Facets: stateCounts() counts the rows that pass the text filter, by state, whatever states
/// are allowed, so a facet list can show "RUNNING (12)" next to the other choices.
class StateTextFilterProxyModel : public SortedTableProxy
{
    Q_OBJECT

public:
    using SortKey = SortedTableProxy::SortKey;

    explicit StateTextFilterProxyModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);
    /// Builds the rows' searchable texts a slice at a time in idle turns of the event loop (and
    /// again as rows change), so the first keystroke of a search does not build them all at
    /// once. Off by default; a page with a search field turns it on.
    void setSearchWarming(bool warm);

    /// Sorts by `column` alone, or flips the order of the primary key when `column` is it
    /// (secondary keys stay). A negative column drops every key (source order).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /// Replaces the key list (invalid columns and repeated columns are dropped).
    void setSortKeys(const QList<SortKey> &keys);
    QList<SortKey> sortKeys() const { return sortKeyList(); }
    void setSourceModel(QAbstractItemModel *model) override;
    /// Appends `column` as the next tie-breaker (ascending). When it already is a key its order
    /// flips instead (for the primary key too).
    void addSortKey(int column);
    /// "State ↑, then Updated ↓" from the source model's header titles; "" with no key.
    QString sortDescription() const;
    /// "2:a,8:d" — for settings; sortKeysFromString() reads it back (bad parts are skipped).
    static QString sortKeysToString(const QList<SortKey> &keys);
    static QList<SortKey> sortKeysFromString(const QString &text);

    /// Rows shown that passed the text filter only through one of their alternatives (an
    /// application found by an instance), from the remembered matches.
    int rowsMatchedThroughAlternatives() const;
    /// Rows passing the text filter, counted by StateRole value (-1: unknown state).
    QMap<int, int> stateCounts() const;

Q_SIGNALS:
    void sortKeysChanged();
    /// stateCounts() may have changed (emitted once per event-loop pass at most).
    void stateCountsChanged();

protected:
    /// The texts a filter term may match in row \a sourceRow of the source model.
    virtual QStringList searchableTexts(int sourceRow, const QModelIndex &sourceParent) const = 0;
    /// Other things the row stands for, each with its own texts (an application's instances):
    /// none by default.
    virtual QList<QStringList> alternativeTexts(int sourceRow,
                                                const QModelIndex &sourceParent) const;
    /// Whether one alternative's texts contain every one of `terms` (case-insensitively). By
    /// default through alternativeTexts(); a subclass with many alternatives per row may answer
    /// without building the lists.
    virtual bool anyAlternativeContainsAll(int sourceRow, const QModelIndex &sourceParent,
                                           const QStringList &terms) const;
    /// Whether a change of these roles in these source cells may change stateCounts() (or what
    /// a subclass counts next to it); by default a change of StateRole.
    virtual bool changeAffectsCounts(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                     const QList<int> &roles) const;

    /// The filter's terms (empty: no text filter).
    QStringList filterTerms() const { return m_terms; }
    /// Whether the row passes the text filter (whatever the states allowed). Remembered per
    /// source row until the terms, the row or the table's shape change, so the filter and the
    /// facet counts (stateCounts(), a subclass's counts) match each row once per change.
    bool textMatches(int sourceRow, const QModelIndex &sourceParent) const;
    /// Forgets every remembered text match (what alternativeTexts() gives has changed).
    void forgetTextMatches() const { m_textMatch.clear(); }
    /// Whether the row is remembered as matching the terms by its own texts (no alternative
    /// needed: a change of its alternatives cannot change that).
    bool matchesByOwnTexts(int sourceRow) const
    {
        return sourceRow >= 0 && size_t(sourceRow) < m_textMatch.size()
            && m_textMatch[size_t(sourceRow)] == 1;
    }
    /// Forgets the remembered text match of these source rows only.
    void forgetTextMatches(const std::vector<int> &sourceRows) const
    {
        for (int row : sourceRows) {
            if (row >= 0 && size_t(row) < m_textMatch.size())
                m_textMatch[size_t(row)] = -1;
        }
    }
    /// The alternatives (indexes into alternativeTexts()) through which the row passes the text
    /// filter; empty when its own texts match every term, or when it does not pass.
    QList<int> matchingAlternatives(int sourceRow, const QModelIndex &sourceParent) const;
    /// Emits stateCountsChanged() once, at the next pass of the event loop.
    void scheduleCountsChanged();

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
    /// A change of StateRole while states are chosen, or of anything while text is set (and
    /// of every role when a signal names none).
    bool filterMayChange(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                         const QList<int> &roles) const override;

private:
    /// The terms none of the row's own texts contains.
    QStringList unmatchedTerms(int sourceRow, const QModelIndex &sourceParent) const;
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                             const QList<int> &roles);

    QString m_text;
    QStringList m_terms;
    quint32 m_stateMask = 0;
    QTimer m_countsTimer;
    /// Per source row, for the current terms: -1 not known, 0 no match, 1 matched by its own
    /// texts, 2 matched through an alternative.
    mutable std::vector<qint8> m_textMatch;
    /// Per source row: searchableTexts() joined, each preceded by a separator (null: not built).
    const QString &haystack(int sourceRow, const QModelIndex &sourceParent) const;
    void warmHaystacks();
    void scheduleWarming();
    mutable std::vector<QString> m_haystacks;
    mutable QString m_uncachedHaystack;
    QTimer m_warmTimer;
    int m_warmNext = 0;
    bool m_warmHaystacks = false;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace drove::models
