#pragma once

#include <QList>
#include <QString>
#include <QVariant>

#include <memory>

namespace drove::models {

/// One sort key of a table: a column and its order.
struct SortKey
{
    int column = 0;
    Qt::SortOrder order = Qt::AscendingOrder;
    bool operator==(const SortKey &other) const
    {
        return column == other.column && order == other.order;
    }
};

/// A sort value as SortedTableProxy compares it: a number, or text folded once so comparing is
/// a plain comparison of UTF-16 units. Made from a role's raw value by of(); pure, so a source
/// model may make them on a thread of its own (SortValueSource).
struct SortValue
{
    enum Kind : quint8 { Integer, Real, Text } kind = Integer;
    qint64 integer = 0;
    double real = 0;
    QString text;

    static SortValue of(const QVariant &value);
    /// A tie-break value: the text as it is (row keys compare case-sensitively).
    static SortValue exactText(const QString &text);
    /// Numbers numerically, anything else as case-insensitive text; <0, 0 or >0.
    static int compare(const SortValue &left, const SortValue &right);
};

/// SortValue::of() for one column read row after row: a column of few distinct texts (states)
/// folds each once, not once per row — the value folded for the last text is shared when the
/// next row has the same.
class SortValueFolder
{
public:
    SortValue of(const QVariant &value)
    {
        if (value.typeId() == QMetaType::QString && m_folded.kind == SortValue::Text
            && value.toString() == m_from)
            return m_folded;
        SortValue made = SortValue::of(value);
        if (made.kind == SortValue::Text) {
            m_from = value.toString();
            m_folded = made;
        }
        return made;
    }

private:
    QString m_from;
    SortValue m_folded;
};

/// One row's sort values: one per key, then the tie-break value (SortSpec::stride()).
using SortValues = std::unique_ptr<SortValue[]>;

/// What a sorted proxy compares: keys on the sort role's values, ties broken by the tie-break
/// role's text (in the primary key's direction), then by source row.
struct SortSpec
{
    QList<SortKey> keys;
    int sortRole = Qt::DisplayRole;
    int tieBreakRole = -1; ///< none

    int stride() const { return int(keys.size()) + (tieBreakRole >= 0 ? 1 : 0); }
    bool descending() const
    {
        return !keys.isEmpty() && keys.constFirst().order == Qt::DescendingOrder;
    }
    /// Two rows' values (stride() each) in this order: <0 when `a` goes first, >0 when `b`
    /// does, 0 when only their source rows can tell them apart.
    int compareRows(const SortValue *a, const SortValue *b) const;

    bool operator==(const SortSpec &other) const
    {
        return keys == other.keys && sortRole == other.sortRole
            && tieBreakRole == other.tieBreakRole;
    }
    bool operator!=(const SortSpec &other) const { return !(*this == other); }
};

} // namespace drove::models
