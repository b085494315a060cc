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

/// A sortable, row-selecting table as every page of the window shows them.
QTableView *makeTable(QWidget *parent, const QString &objectName, QAbstractItemModel *model,
                      QAbstractItemView::SelectionMode selection);
/// A proxy that only sorts, on raw values (models::SortRole).
QSortFilterProxyModel *sortingProxy(QAbstractItemModel *source, QObject *parent);

} // namespace drove::ui
