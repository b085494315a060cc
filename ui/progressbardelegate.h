#pragma once

#include <QStyledItemDelegate>

namespace drove::ui {

/// Paints a fraction (0–1, read from `fractionRole`) as a bar behind the cell's text: healthy vs
/// required instances, an operation's progress.
class ProgressBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ProgressBarDelegate(int fractionRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    int m_role;
};

} // namespace drove::ui
