#pragma once

#include "protocol/droveevent.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

namespace drove::models {

/// Cluster events, newest first, bounded (the oldest fall off the end). Events already shown
/// (same id) are ignored, so overlapping polls are harmless. Filter per application with
/// EventFilterProxyModel.
///
/// Roles: Qt::DisplayRole, SortRole (raw), Qt::ToolTipRole (Details). Row-level: RowKeyRole
/// (event id), TimestampRole (epoch ms), EventTypeRole ("INSTANCE_STATE_CHANGE"), AppIdRole,
/// InstanceIdRole, StateNameRole (CURRENT_STATE), EventMetadataTextsRole (every metadata value).
class EventsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        TypeColumn,
        AppColumn,
        SubjectColumn, ///< instance id, or executor host for executor events
        StateColumn,   ///< CURRENT_STATE
        DetailsColumn, ///< error text or other metadata
        ColumnCount
    };
    Q_ENUM(Column)

    explicit EventsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Adds events (any order); returns how many were new.
    int addEvents(const QList<protocol::DroveEvent> &events);
    /// Most rows kept (default 2000); lowering it removes the oldest rows.
    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }
    /// Another cluster: a reset.
    void clear();

    const protocol::DroveEvent *eventAt(int row) const;

private:
    static QString keyOf(const protocol::DroveEvent &event);
    void trim();

    QList<protocol::DroveEvent> m_events; ///< newest first
    QSet<QString> m_keys;
    int m_capacity = 2000;
};

} // namespace drove::models
