#pragma once

#include "protocol/droveevent.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace drove::models {

/// Filters an EventsModel by application id and/or event types.
class EventFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventFilterProxyModel(QObject *parent = nullptr);

    /// Only events of this app (empty: all).
    void setAppId(const QString &appId);
    QString appId() const { return m_appId; }
    /// Only these types (empty: all).
    void setTypes(const QList<protocol::DroveEventType> &types);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_appId;
    QSet<QString> m_types;
};

} // namespace drove::models
