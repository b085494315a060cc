#pragma once

#include <QAbstractItemView>
#include <QList>
#include <QString>

class QAbstractItemModel;
class QComboBox;
class QObject;
class QSortFilterProxyModel;
class QTableView;
class QWidget;

namespace drove::ui {

/// How a table's selection may change.
enum class SelectionChanges {
    FollowCurrent, ///< Qt's default: moving the current row (also when rows go) selects it
    OperatorOnly,  ///< only the operator's clicks and keys select: a removed or filtered-out
                   ///< row leaves nothing selected instead of selecting its neighbour
};

/// A sortable, row-selecting table as every page of the window shows them.
QTableView *makeTable(QWidget *parent, const QString &objectName, QAbstractItemModel *model,
                      QAbstractItemView::SelectionMode selection,
                      SelectionChanges changes = SelectionChanges::FollowCurrent);
/// A proxy that only sorts, on raw values (models::SortRole).
QSortFilterProxyModel *sortingProxy(QAbstractItemModel *source, QObject *parent);

} // namespace drove::ui
