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

/// A sortable, row-selecting table as every page of the window shows them. Its cells elide
/// on the right and show a cut text in full as their tooltip (ElidingItemDelegate).
QTableView *makeTable(QWidget *parent, const QString &objectName, QAbstractItemModel *model,
                      QAbstractItemView::SelectionMode selection,
                      SelectionChanges changes = SelectionChanges::FollowCurrent);
/// A proxy that only sorts, on raw values (models::SortRole).
QSortFilterProxyModel *sortingProxy(QAbstractItemModel *source, QObject *parent);
/// These columns hold ids (instance, executor, application ids): elided in the middle, so that
/// a narrow column keeps both their prefix and their distinguishing end, with the full id in
/// the tooltip.
void elideIdsInMiddle(QTableView *view, const QList<int> &columns);

/// Widths for first-start column layouts, in the view's font.
/// A column showing `widest` in full: the text, the cell's margins and a little air; never
/// narrower than the header's own title (and sort arrow) needs.
int columnWidthFor(const QTableView *view, int column, const QString &widest);
/// A column `ems` wide (em: the width of "M").
int columnWidthInEms(const QTableView *view, double ems);
/// A time column ("14:03:27, 6 Dec"): the time of day and, when not today, the day; the year
/// of an older time is cut (the tooltip has it).
int timeColumnWidth(const QTableView *view, int column);

} // namespace drove::ui
