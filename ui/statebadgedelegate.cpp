#include "ui/statebadgedelegate.h"

#include <QApplication>
#include <QPainter>

namespace drove::ui {

namespace {

/// Room around the badge's text inside the badge, and around the badge inside the cell.
constexpr int kBadgePadding = 12;
constexpr int kCellMargin = 4;

} // namespace

QFont StateBadgeDelegate::badgeFont(const QFont &cellFont)
{
    QFont font = cellFont;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(true);
    return font;
}

int StateBadgeDelegate::columnWidthFor(const QFont &cellFont, const QStringList &texts)
{
    const QFontMetrics metrics(badgeFont(cellFont));
    int widest = 0;
    for (const QString &text : texts)
        widest = std::max(widest, metrics.horizontalAdvance(text));
    return widest + kBadgePadding + 2 * kCellMargin + 2;
}

void StateBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const QVariant colorValue = index.data(Qt::DecorationRole);
    const QString text = index.data(Qt::DisplayRole).toString();
    if (!colorValue.canConvert<QColor>() || text.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background and selection as usual, then the badge.
    QStyleOptionViewItem plain = option;
    initStyleOption(&plain, index);
    plain.text.clear();
    plain.icon = QIcon();
    plain.features &= ~QStyleOptionViewItem::HasDecoration;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &plain, painter, widget);

    const QColor background = colorValue.value<QColor>();
    const double luminance
        = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    const QFont font = badgeFont(option.font);
    const QFontMetrics metrics(font);
    const int width = std::min(metrics.horizontalAdvance(text) + kBadgePadding,
                               option.rect.width() - 2 * kCellMargin);
    const int height = std::min(metrics.height() + 4, option.rect.height() - 2);
    const QRect badge(option.rect.left() + kCellMargin, option.rect.center().y() - height / 2,
                      width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(badge, 3, 3);
    painter->setFont(font);
    painter->setPen(luminance > 0.6 ? Qt::black : Qt::white);
    painter->drawText(badge, Qt::AlignCenter,
                      metrics.elidedText(text, Qt::ElideRight, badge.width() - 6));
    painter->restore();
}

QSize StateBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(size.width() + 16);
    return size;
}

} // namespace drove::ui
