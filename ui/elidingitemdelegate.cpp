#include "ui/elidingitemdelegate.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>

namespace drove::ui {

ElidingItemDelegate::ElidingItemDelegate(Qt::TextElideMode mode, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_mode(mode)
{ }

void ElidingItemDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode = m_mode;
}

bool ElidingItemDelegate::isElided(const QStyleOptionViewItem &option)
{
    if (option.text.isEmpty())
        return false;
    const QWidget *widget = option.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    // The room QCommonStyle gives the text: the text rect less the focus frame margin each side.
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &option, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    return option.fontMetrics.horizontalAdvance(option.text) > textRect.width() - 2 * margin;
}

bool ElidingItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && view && event->type() == QEvent::ToolTip
        && index.data(Qt::ToolTipRole).toString().isEmpty()) {
        QStyleOptionViewItem styled = option;
        initStyleOption(&styled, index);
        if (isElided(styled)) {
            QToolTip::showText(event->globalPos(), styled.text, view->viewport(), option.rect);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace drove::ui
