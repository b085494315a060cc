#include "ui/tablesupport.h"

#include "models/modelroles.h"
#include "ui/elidingitemdelegate.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <algorithm>

namespace drove::ui {

namespace {

/// A table whose selection changes only on the operator's input. When the current row goes
/// (an app destroyed, filtered out), QAbstractItemView moves the current index to a neighbour
/// and asks selectionCommand() with no event; Qt's answer selects that neighbour, arming its
/// actions without the operator having chosen it.
class OperatorSelectionTableView : public QTableView
{
public:
    using QTableView::QTableView;

protected:
    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index,
                                                         const QEvent *event) const override
    {
        if (!event)
            return QItemSelectionModel::NoUpdate;
        return QTableView::selectionCommand(index, event);
    }
};

} // namespace

QTableView *makeTable(QWidget *parent, const QString &objectName, QAbstractItemModel *model,
                      QAbstractItemView::SelectionMode selection, SelectionChanges changes)
{
    auto *view = changes == SelectionChanges::OperatorOnly ? new OperatorSelectionTableView(parent)
                                                           : new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(selection);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    view->setWordWrap(false);
    view->setItemDelegate(new ElidingItemDelegate(Qt::ElideRight, view));
    return view;
}

void elideIdsInMiddle(QTableView *view, const QList<int> &columns)
{
    auto *delegate = new ElidingItemDelegate(Qt::ElideMiddle, view);
    for (const int column : columns)
        view->setItemDelegateForColumn(column, delegate);
}

int columnWidthFor(const QTableView *view, int column, const QString &widest)
{
    const QFontMetrics metrics = view->fontMetrics();
    // Cell margins (style) and focus frame on both sides, plus air between columns.
    const int width
        = metrics.horizontalAdvance(widest) + metrics.horizontalAdvance(QLatin1Char('M'));
    return std::max(width + 8, view->horizontalHeader()->sectionSizeHint(column));
}

int columnWidthInEms(const QTableView *view, double ems)
{
    return int(ems * view->fontMetrics().horizontalAdvance(QLatin1Char('M')));
}

int timeColumnWidth(const QTableView *view, int column)
{
    return columnWidthFor(view, column, QStringLiteral("23:59:59, 31 Dec"));
}

QSortFilterProxyModel *sortingProxy(QAbstractItemModel *source, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(models::SortRole);
    proxy->setDynamicSortFilter(true);
    return proxy;
}

} // namespace drove::ui
