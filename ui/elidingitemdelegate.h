#pragma once

#include <QStyledItemDelegate>

namespace drove::ui {

/// Text cells that say what they cut: the text is elided where the column wants it — ids in the
/// middle, so that both their prefix and their distinguishing end stay visible — and a cell
/// whose text does not fit shows it in full as its tooltip (unless the model gives one).
class ElidingItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ElidingItemDelegate(Qt::TextElideMode mode, QObject *parent = nullptr);

    Qt::TextElideMode elideMode() const { return m_mode; }

    /// Whether the text of a cell styled by `option` (its rect the cell's) is cut when painted.
    static bool isElided(const QStyleOptionViewItem &option);

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    Qt::TextElideMode m_mode;
};

} // namespace drove::ui
