#pragma once

#include "models/knowninstance.h"
#include "models/statetextfilterproxymodel.h"
#include "protocol/applicationstate.h"

#include <QSet>

#include <optional>

namespace drove::models {

/// Sorts ApplicationsModel rows on raw values and filters them by free text, by a set of
/// allowed states and by a condition (unhealthy, operation in progress). Ties sort by app id so
/// the order is stable across refreshes.
///
/// Free text: whitespace-separated terms, each of which must appear (case-insensitively) in the
/// id, the name, or a tag key, value or "key=value" — or, for the terms those leave unmatched,
/// in the id, executor id or host of one known instance of the app (setKnownInstances()). A row
/// found through an instance says which in its tooltip (matchedInstances()).
class ApplicationFilterProxyModel : public StateTextFilterProxyModel
{
    Q_OBJECT

public:
    /// Facets beside the states.
    enum class Condition {
        None,
        Unhealthy,           ///< fewer healthy instances than required
        OperationInProgress, ///< a state of an operation under way, or one the console tracks
    };
    Q_ENUM(Condition)

    explicit ApplicationFilterProxyModel(QObject *parent = nullptr);

    /// Only these states pass; empty = every state (the default).
    void setAllowedStates(const QList<protocol::ApplicationState> &states);
    QList<protocol::ApplicationState> allowedStates() const;

    /// Only rows meeting `condition` pass (None: every row, the default).
    void setCondition(Condition condition);
    Condition condition() const { return m_condition; }
    /// Rows passing the text filter that meet `condition`, whatever states and condition are
    /// chosen (like stateCounts(); follows stateCountsChanged()).
    int conditionCount(Condition condition) const;

    /// The instances the search may find applications by; re-filters when the text needs them:
    /// every row, or with `changedApps` only the rows of the applications whose instances
    /// differ from the previous ones (the others' lists are the same).
    /// `texts`, when given, holds joinedSearchableTexts() of every application of `instances`
    /// (made with them): a row whose joined text lacks a term is rejected without looking at
    /// each instance.
    void setKnownInstances(const KnownInstances &instances,
                           const std::optional<QSet<QString>> &changedApps = std::nullopt,
                           const KnownTexts &texts = {});
    /// The known instances of the row's application through which the search text matched it
    /// (empty when its own texts matched, or no text is set).
    QList<KnownInstance> matchedInstances(const QModelIndex &index) const;

    /// Qt::ToolTipRole of a row found through an instance starts with that instance.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    QStringList searchableTexts(int sourceRow, const QModelIndex &sourceParent) const override;
    QList<QStringList> alternativeTexts(int sourceRow,
                                        const QModelIndex &sourceParent) const override;
    bool anyAlternativeContainsAll(int sourceRow, const QModelIndex &sourceParent,
                                   const QStringList &terms) const override;
    bool changeAffectsCounts(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                             const QList<int> &roles) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool filterMayChange(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                         const QList<int> &roles) const override;

private:
    bool meets(Condition condition, int sourceRow, const QModelIndex &sourceParent) const;
    QList<KnownInstance> instancesOf(int sourceRow, const QModelIndex &sourceParent) const;

    Condition m_condition = Condition::None;
    KnownInstances m_instances;
    KnownTexts m_texts;
};

} // namespace drove::models
