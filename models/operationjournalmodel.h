#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QStringList>

namespace drove::models {

class OperationJournal;

/// The operations journal as a table (the History view): one row per entry, oldest first,
/// following the journal incrementally (a row inserted per record, dataChanged per outcome).
///
/// Roles: Qt::DisplayRole, SortRole (raw: epoch ms for times, outcome as int), Qt::ToolTipRole
/// (the payload as JSON on every column), RowKeyRole (entry id), AppIdRole, OutcomeRole
/// (OperationJournal::Outcome as int), TimestampRole (sent, epoch ms).
class OperationJournalModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SentColumn,
        ClusterColumn,
        AppColumn,
        OperationColumn,
        OutcomeColumn,
        DetailColumn,
        FinishedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit OperationJournalModel(QObject *parent = nullptr);

    /// Shows `journal` (a reset) and follows it. May be null.
    void setJournal(OperationJournal *journal);
    OperationJournal *journal() const { return m_journal; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void onEntryAdded(const QString &id);
    void onEntryChanged(const QString &id);

    QPointer<OperationJournal> m_journal;
    QStringList m_ids; ///< row → entry id, in journal order
};

} // namespace drove::models
