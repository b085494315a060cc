#pragma once

#include <QStyledItemDelegate>

namespace drove::ui {

/// Paints a state as a coloured badge: the model's Qt::DecorationRole colour (StatePalette) as
/// background and the display text on top, like Drove's web UI.
class StateBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace drove::ui
