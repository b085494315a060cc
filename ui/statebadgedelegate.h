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

    /// The font of the badge's text in a cell of font `cellFont`.
    static QFont badgeFont(const QFont &cellFont);
    /// The column width that shows the badge of each of `texts` in full, in a view of font
    /// `cellFont`.
    static int columnWidthFor(const QFont &cellFont, const QStringList &texts);
};

} // namespace drove::ui
