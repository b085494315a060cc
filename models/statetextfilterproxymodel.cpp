#include "models/statetextfilterproxymodel.h"

#include "models/modelroles.h"

#include <algorithm>

namespace drove::models {

namespace {

/// Between the texts of a row in its haystack: no search term contains it.
const QString kTextSeparator = QStringLiteral("\x1f");

} // namespace

StateTextFilterProxyModel::StateTextFilterProxyModel(QObject *parent)
    : SortedTableProxy(parent)
{
    setSortRole(SortRole);
    setTieBreakRole(RowKeyRole);
    // Counts change with every refresh; a facet list needs them once per burst, not per row.
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(0);
    connect(&m_countsTimer, &QTimer::timeout, this, &StateTextFilterProxyModel::stateCountsChanged);
    m_warmTimer.setSingleShot(true);
    m_warmTimer.setInterval(0);
    connect(&m_warmTimer, &QTimer::timeout, this, &StateTextFilterProxyModel::warmHaystacks);
}

void StateTextFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    for (const auto &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    SortedTableProxy::setSourceModel(model);
    // The keys outlive a change of source (another cluster's models): drop the ones the new
    // source has no column for, sort the new rows by the rest.
    setSortKeys(sortKeyList());
    Q_EMIT sortKeysChanged(); // the description names the new source's headers
    if (model) {
        const auto changed = [this] {
            scheduleCountsChanged();
        };
        // Row numbers are about to mean other rows: forget the matches before the base class
        // filters the new rows (it is connected first, so it sees the about-to signals first
        // and the done signals first).
        const auto shapeChanges = [this] {
            forgetTextMatches();
            m_haystacks.clear();
            scheduleWarming();
        };
        using M = QAbstractItemModel;
        m_sourceConnections << connect(model, &M::rowsAboutToBeInserted, this, shapeChanges)
                            << connect(model, &M::rowsAboutToBeRemoved, this, shapeChanges)
                            << connect(model, &M::rowsAboutToBeMoved, this, shapeChanges)
                            << connect(model, &M::layoutAboutToBeChanged, this, shapeChanges)
                            << connect(model, &M::modelAboutToBeReset, this, shapeChanges);
        m_sourceConnections << connect(model, &QAbstractItemModel::rowsInserted, this, changed)
                            << connect(model, &QAbstractItemModel::rowsRemoved, this, changed)
                            << connect(model, &QAbstractItemModel::modelReset, this, changed)
                            << connect(model, &QAbstractItemModel::layoutChanged, this, changed)
                            << connect(model, &QAbstractItemModel::dataChanged, this,
                                       &StateTextFilterProxyModel::onSourceDataChanged);
    }
    scheduleCountsChanged();
}

void StateTextFilterProxyModel::onSourceDataChanged(const QModelIndex &topLeft,
                                                    const QModelIndex &bottomRight,
                                                    const QList<int> &roles)
{
    if (!m_terms.isEmpty() || changeAffectsCounts(topLeft, bottomRight, roles))
        scheduleCountsChanged();
    const int first = std::max(topLeft.row(), 0);
    for (int row = first, last = std::min(bottomRight.row(), int(m_textMatch.size()) - 1);
         row <= last; ++row)
        m_textMatch[size_t(row)] = -1;
    bool forgot = false;
    for (int row = first, last = std::min(bottomRight.row(), int(m_haystacks.size()) - 1);
         row <= last; ++row) {
        forgot = forgot || !m_haystacks[size_t(row)].isNull();
        m_haystacks[size_t(row)] = QString();
    }
    if (forgot)
        scheduleWarming();
}

bool StateTextFilterProxyModel::filterMayChange(const QModelIndex &, const QModelIndex &,
                                                const QList<int> &roles) const
{
    if (roles.isEmpty())
        return true;
    if (m_stateMask != 0 && roles.contains(StateRole))
        return true;
    return !m_terms.isEmpty();
}

void StateTextFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    const QStringList before
        = std::exchange(m_terms, text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts));
    // Typing on narrows: when every earlier term is inside one of the new terms, a row that
    // did not match cannot match now (its texts, or one alternative, would have to contain the
    // earlier terms too), so only the rows that matched are asked again.
    const bool narrows = !before.isEmpty()
        && std::all_of(before.cbegin(), before.cend(), [this](const QString &old) {
               return std::any_of(m_terms.cbegin(), m_terms.cend(), [&old](const QString &term) {
                   return term.contains(old, Qt::CaseInsensitive);
               });
           });
    if (narrows) {
        for (qint8 &match : m_textMatch)
            match = match == 0 ? qint8(0) : qint8(-1);
    } else {
        forgetTextMatches();
    }
    invalidateFilter();
    scheduleCountsChanged();
}

void StateTextFilterProxyModel::setStateMask(quint32 mask)
{
    if (mask == m_stateMask)
        return;
    m_stateMask = mask;
    invalidateFilter();
}

bool StateTextFilterProxyModel::filterAcceptsRow(int sourceRow,
                                                 const QModelIndex &sourceParent) const
{
    if (m_stateMask != 0) {
        const int state = sourceModel()->index(sourceRow, 0, sourceParent).data(StateRole).toInt();
        if (state < 0 || !(m_stateMask & (quint32(1) << state)))
            return false;
    }
    return textMatches(sourceRow, sourceParent);
}

QList<QStringList> StateTextFilterProxyModel::alternativeTexts(int, const QModelIndex &) const
{
    return {};
}

bool StateTextFilterProxyModel::changeAffectsCounts(const QModelIndex &, const QModelIndex &,
                                                    const QList<int> &roles) const
{
    return roles.isEmpty() || roles.contains(StateRole);
}

QStringList StateTextFilterProxyModel::unmatchedTerms(int sourceRow,
                                                      const QModelIndex &sourceParent) const
{
    const QString &texts = haystack(sourceRow, sourceParent);
    QStringList unmatched;
    for (const QString &term : m_terms) {
        // A term never spans two texts: they are kept apart by a character nobody types.
        if (!texts.contains(term, Qt::CaseInsensitive))
            unmatched << term;
    }
    return unmatched;
}

const QString &StateTextFilterProxyModel::haystack(int sourceRow,
                                                   const QModelIndex &sourceParent) const
{
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    const bool cacheable = !sourceParent.isValid() && sourceRow >= 0 && sourceRow < rows;
    if (!cacheable) {
        m_uncachedHaystack = searchableTexts(sourceRow, sourceParent).join(kTextSeparator);
        return m_uncachedHaystack;
    }
    if (m_haystacks.size() != size_t(rows))
        m_haystacks.assign(size_t(rows), QString());
    QString &texts = m_haystacks[size_t(sourceRow)];
    if (texts.isNull()) // built ones are never null, even when empty
        texts = kTextSeparator + searchableTexts(sourceRow, sourceParent).join(kTextSeparator);
    return texts;
}

void StateTextFilterProxyModel::warmHaystacks()
{
    // A slice per turn of the event loop, so the first keystroke of a search finds the texts
    // of every row ready without any turn taking long.
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    if (m_haystacks.size() != size_t(rows))
        m_haystacks.assign(size_t(rows), QString());
    constexpr int kSlice = 400;
    int built = 0;
    while (m_warmNext < rows && built < kSlice) {
        if (m_haystacks[size_t(m_warmNext)].isNull()) {
            haystack(m_warmNext, QModelIndex());
            ++built;
        }
        ++m_warmNext;
    }
    if (m_warmNext < rows)
        m_warmTimer.start();
}

void StateTextFilterProxyModel::scheduleWarming()
{
    m_warmNext = 0;
    if (m_warmHaystacks && !m_warmTimer.isActive())
        m_warmTimer.start();
}

void StateTextFilterProxyModel::setSearchWarming(bool warm)
{
    m_warmHaystacks = warm;
    if (warm)
        scheduleWarming();
    else
        m_warmTimer.stop();
}

namespace {

bool containsAll(const QStringList &texts, const QStringList &terms)
{
    return std::all_of(terms.cbegin(), terms.cend(), [&texts](const QString &term) {
        return std::any_of(texts.cbegin(), texts.cend(), [&term](const QString &text) {
            return text.contains(term, Qt::CaseInsensitive);
        });
    });
}

} // namespace

bool StateTextFilterProxyModel::anyAlternativeContainsAll(int sourceRow,
                                                          const QModelIndex &sourceParent,
                                                          const QStringList &terms) const
{
    const QList<QStringList> alternatives = alternativeTexts(sourceRow, sourceParent);
    return std::any_of(alternatives.cbegin(), alternatives.cend(),
                       [&terms](const QStringList &texts) { return containsAll(texts, terms); });
}

bool StateTextFilterProxyModel::textMatches(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty())
        return true;
    const bool cacheable = !sourceParent.isValid() && sourceRow >= 0 && sourceModel()
        && sourceRow < sourceModel()->rowCount();
    if (cacheable) {
        if (m_textMatch.size() != size_t(sourceModel()->rowCount()))
            m_textMatch.assign(size_t(sourceModel()->rowCount()), qint8(-1));
        if (m_textMatch[size_t(sourceRow)] >= 0)
            return m_textMatch[size_t(sourceRow)] > 0;
    }
    const QStringList unmatched = unmatchedTerms(sourceRow, sourceParent);
    const bool own = unmatched.isEmpty();
    const bool matches = own || anyAlternativeContainsAll(sourceRow, sourceParent, unmatched);
    if (cacheable)
        m_textMatch[size_t(sourceRow)] = qint8(!matches ? 0 : (own ? 1 : 2));
    return matches;
}

int StateTextFilterProxyModel::rowsMatchedThroughAlternatives() const
{
    if (m_terms.isEmpty())
        return 0;
    int count = 0;
    for (int row = 0, rows = rowCount(); row < rows; ++row) {
        const int source = mapToSource(index(row, 0)).row();
        if (source >= 0 && textMatches(source, QModelIndex()) && m_textMatch.size() > size_t(source)
            && m_textMatch[size_t(source)] == 2)
            ++count;
    }
    return count;
}

QList<int> StateTextFilterProxyModel::matchingAlternatives(int sourceRow,
                                                           const QModelIndex &sourceParent) const
{
    QList<int> matching;
    if (m_terms.isEmpty())
        return matching;
    const QStringList unmatched = unmatchedTerms(sourceRow, sourceParent);
    if (unmatched.isEmpty())
        return matching;
    const QList<QStringList> alternatives = alternativeTexts(sourceRow, sourceParent);
    for (int i = 0; i < alternatives.size(); ++i) {
        if (containsAll(alternatives.at(i), unmatched))
            matching << i;
    }
    return matching;
}

void StateTextFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    QList<SortKey> keys;
    if (column >= 0) {
        const QList<SortKey> current = sortKeyList();
        if (!current.isEmpty() && current.constFirst().column == column) {
            keys = current;
            keys.first().order = order;
        } else {
            keys = {SortKey {column, order}};
        }
    }
    setSortKeys(keys);
}

void StateTextFilterProxyModel::setSortKeys(const QList<SortKey> &keys)
{
    const int columns = sourceModel() ? sourceModel()->columnCount() : -1;
    QList<SortKey> valid;
    for (const SortKey &key : keys) {
        const bool repeated = std::any_of(valid.cbegin(), valid.cend(),
                                          [&](const SortKey &k) { return k.column == key.column; });
        if (key.column < 0 || (columns >= 0 && key.column >= columns) || repeated)
            continue;
        valid << key;
    }
    const bool changed = valid != sortKeyList();
    setSortKeyList(valid);
    if (changed)
        Q_EMIT sortKeysChanged();
}

void StateTextFilterProxyModel::addSortKey(int column)
{
    QList<SortKey> keys = sortKeyList();
    const auto it = std::find_if(keys.begin(), keys.end(),
                                 [column](const SortKey &k) { return k.column == column; });
    if (it != keys.end())
        it->order = it->order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    else
        keys << SortKey {column, Qt::AscendingOrder};
    setSortKeys(keys);
}

QString StateTextFilterProxyModel::sortDescription() const
{
    const QList<SortKey> keys = sortKeyList();
    if (!sourceModel() || keys.isEmpty())
        return QString();
    QStringList parts;
    for (const SortKey &key : keys) {
        parts << sourceModel()->headerData(key.column, Qt::Horizontal).toString()
                + (key.order == Qt::AscendingOrder ? QStringLiteral(" ↑") : QStringLiteral(" ↓"));
    }
    return parts.join(tr(", then "));
}

QString StateTextFilterProxyModel::sortKeysToString(const QList<SortKey> &keys)
{
    QStringList parts;
    for (const SortKey &key : keys) {
        parts << QString::number(key.column) + QLatin1Char(':')
                + (key.order == Qt::AscendingOrder ? QLatin1Char('a') : QLatin1Char('d'));
    }
    return parts.join(QLatin1Char(','));
}

QList<StateTextFilterProxyModel::SortKey>
StateTextFilterProxyModel::sortKeysFromString(const QString &text)
{
    QList<SortKey> keys;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList fields = part.trimmed().split(QLatin1Char(':'));
        bool ok = false;
        const int column = fields.value(0).toInt(&ok);
        const QString order = fields.value(1);
        if (fields.size() != 2 || !ok || column < 0
            || (order != QLatin1String("a") && order != QLatin1String("d")))
            continue;
        keys << SortKey {column,
                         order == QLatin1String("a") ? Qt::AscendingOrder : Qt::DescendingOrder};
    }
    return keys;
}

QMap<int, int> StateTextFilterProxyModel::stateCounts() const
{
    QMap<int, int> counts;
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return counts;
    for (int row = 0, rows = model->rowCount(); row < rows; ++row) {
        if (!textMatches(row, QModelIndex()))
            continue;
        const QVariant state = model->index(row, 0).data(StateRole);
        ++counts[state.isValid() ? state.toInt() : -1];
    }
    return counts;
}

void StateTextFilterProxyModel::scheduleCountsChanged()
{
    if (!m_countsTimer.isActive())
        m_countsTimer.start();
}

} // namespace drove::models
