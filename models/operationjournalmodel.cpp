#include "models/operationjournalmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/operationjournal.h"

#include <QJsonDocument>

namespace drove::models {

OperationJournalModel::OperationJournalModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void OperationJournalModel::setJournal(OperationJournal *journal)
{
    beginResetModel();
    if (m_journal)
        disconnect(m_journal, nullptr, this, nullptr);
    m_journal = journal;
    m_ids.clear();
    if (journal) {
        const auto entries = journal->entries();
        for (const auto &entry : entries)
            m_ids << entry.id;
        connect(journal, &OperationJournal::entryAdded, this, &OperationJournalModel::onEntryAdded);
        connect(journal, &OperationJournal::entryChanged, this,
                &OperationJournalModel::onEntryChanged);
    }
    endResetModel();
}

int OperationJournalModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int OperationJournalModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationJournalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SentColumn:
        return tr("Sent");
    case ClusterColumn:
        return tr("Cluster");
    case AppColumn:
        return tr("Application");
    case OperationColumn:
        return tr("Operation");
    case OutcomeColumn:
        return tr("Outcome");
    case DetailColumn:
        return tr("Detail");
    case FinishedColumn:
        return tr("Finished");
    }
    return QVariant();
}

QVariant OperationJournalModel::data(const QModelIndex &index, int role) const
{
    if (!m_journal || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const auto entry = m_journal->entry(m_ids.at(index.row()));
    if (!entry)
        return QVariant();
    const auto msecs = [](const QDateTime &t) {
        return t.isValid() ? t.toMSecsSinceEpoch() : 0;
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SentColumn:
            return format::timestamp(msecs(entry->sentAt));
        case ClusterColumn:
            return entry->cluster;
        case AppColumn:
            return entry->appId;
        case OperationColumn:
            return entry->operation;
        case OutcomeColumn:
            return OperationJournal::outcomeName(entry->outcome);
        case DetailColumn:
            return entry->detail.simplified(); // one line in a table; the tooltip has it all
        case FinishedColumn:
            return format::timestamp(msecs(entry->finishedAt));
        }
        return QVariant();
    case SortRole:
        switch (index.column()) {
        case SentColumn:
            return msecs(entry->sentAt);
        case FinishedColumn:
            return msecs(entry->finishedAt);
        case OutcomeColumn:
            return int(entry->outcome);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole: {
        const QString payload
            = QString::fromUtf8(QJsonDocument(entry->payload).toJson(QJsonDocument::Indented));
        return entry->detail.isEmpty() ? payload : entry->detail + QStringLiteral("\n\n") + payload;
    }
    case RowKeyRole:
        return entry->id;
    case AppIdRole:
        return entry->appId;
    case OutcomeRole:
        return int(entry->outcome);
    case TimestampRole:
        return msecs(entry->sentAt);
    default:
        return QVariant();
    }
}

void OperationJournalModel::onEntryAdded(const QString &id)
{
    if (m_ids.contains(id))
        return;
    beginInsertRows(QModelIndex(), int(m_ids.size()), int(m_ids.size()));
    m_ids << id;
    endInsertRows();
}

void OperationJournalModel::onEntryChanged(const QString &id)
{
    const int row = int(m_ids.lastIndexOf(id));
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace drove::models
