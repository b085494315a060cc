#include "ui/tablesupport.h"

#include "models/modelroles.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace drove::ui {

QTableView *makeTable(QWidget *parent, const QString &objectName, QAbstractItemModel *model,
                      QAbstractItemView::SelectionMode selection)
{
    auto *view = new QTableView(parent);
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
