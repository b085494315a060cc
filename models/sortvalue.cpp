#include "models/sortvalue.h"

namespace drove::models {

SortValue SortValue::of(const QVariant &value)
{
    SortValue v;
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Bool:
        v.kind = Integer;
        v.integer = value.toLongLong();
        break;
    case QMetaType::Double:
        v.kind = Real;
        v.real = value.toDouble();
        break;
    default:
        // Folded once here, so comparing is a plain comparison of UTF-16 units (what a
        // case-insensitive QString::compare does character by character, every time).
        v.kind = Text;
        v.text = value.toString().toCaseFolded();
        break;
    }
    return v;
}

SortValue SortValue::exactText(const QString &text)
{
    SortValue v;
    v.kind = Text;
    v.text = text;
    return v;
}

int SortValue::compare(const SortValue &left, const SortValue &right)
{
    // Numbers numerically, anything else as case-insensitive text (the oracle in
    // tst_sortedtableproxy writes the same rule on QVariants).
    if (left.kind == Integer && right.kind == Integer)
        return left.integer < right.integer ? -1 : (right.integer < left.integer ? 1 : 0);
    if (left.kind != Text && right.kind != Text) {
        const double a = left.kind == Real ? left.real : double(left.integer);
        const double b = right.kind == Real ? right.real : double(right.integer);
        return a < b ? -1 : (b < a ? 1 : 0);
    }
    if (left.kind == Text && right.kind == Text)
        return QString::compare(left.text, right.text, Qt::CaseSensitive);
    const auto text = [](const SortValue &v) {
        if (v.kind == Text)
            return v.text;
        return v.kind == Real ? QVariant(v.real).toString() : QString::number(v.integer);
    };
    return QString::compare(text(left), text(right), Qt::CaseInsensitive);
}

int SortSpec::compareRows(const SortValue *a, const SortValue *b) const
{
    for (int k = 0; k < keys.size(); ++k) {
        const int order = SortValue::compare(a[k], b[k]);
        if (order != 0)
            return keys.at(k).order == Qt::AscendingOrder ? order : -order;
    }
    // Ties: by the row key, in the primary key's direction.
    if (tieBreakRole >= 0) {
        const int order = QString::compare(a[keys.size()].text, b[keys.size()].text);
        if (order != 0)
            return descending() ? -order : order;
    }
    return 0;
}

} // namespace drove::models
