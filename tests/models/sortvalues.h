#pragma once

#include <QString>
#include <QVariant>

namespace drove::models {

/// Orders two raw SortRole values: numbers numerically (qint64 exactly, doubles as doubles),
/// everything else as case-insensitive text. Returns <0, 0 or >0.
///
/// The rule SortedTableProxy implements on its cached values, written plainly on QVariants:
/// tst_sortedtableproxy's oracle sorts with it.
inline int compareSortValues(const QVariant &left, const QVariant &right)
{
    const auto isNumber = [](const QVariant &v) {
        switch (v.typeId()) {
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Double:
        case QMetaType::Bool:
            return true;
        default:
            return false;
        }
    };
    if (isNumber(left) && isNumber(right)) {
        if (left.typeId() == QMetaType::Double || right.typeId() == QMetaType::Double) {
            const double a = left.toDouble(), b = right.toDouble();
            return a < b ? -1 : (b < a ? 1 : 0);
        }
        const qint64 a = left.toLongLong(), b = right.toLongLong();
        return a < b ? -1 : (b < a ? 1 : 0);
    }
    return QString::compare(left.toString(), right.toString(), Qt::CaseInsensitive);
}

} // namespace drove::models
