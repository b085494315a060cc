#include "ui/tablesupport.h"

#include "models/modelroles.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>

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
    return view;
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
