#include "ui/progressbardelegate.h"

#include <QApplication>
#include <QPainter>

namespace drove::ui {

ProgressBarDelegate::ProgressBarDelegate(int fractionRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(fractionRole)
{ }

void ProgressBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    const QVariant value = index.data(m_role);
    if (!value.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    double fraction = value.toDouble();
    // Models may report percentages.
    if (fraction > 1.0)
        fraction /= 100.0;
    fraction = std::clamp(fraction, 0.0, 1.0);

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect track = option.rect.adjusted(3, 4, -3, -4);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::Mid).lighter(130));
    painter->drawRoundedRect(track, 2, 2);
    QRect filled = track;
    filled.setWidth(int(track.width() * fraction));
    const QColor color = fraction >= 0.999 ? QColor(46, 125, 50) : QColor(245, 124, 0);
    painter->setBrush(color);
    if (filled.width() > 0)
        painter->drawRoundedRect(filled, 2, 2);
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(track, Qt::AlignCenter, text);
    painter->restore();
}

} // namespace drove::ui
