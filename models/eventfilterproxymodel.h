#pragma once

#include "models/statetextfilterproxymodel.h"
#include "protocol/droveevent.h"

#include <QSet>

namespace drove::models {

/// Filters an EventsModel by application id, event types and free text (the shared terms of
/// StateTextFilterProxyModel over the event type, application, instance id or executor host,
/// state, and the details: error text, executor id and host, ports).
class EventFilterProxyModel : public StateTextFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventFilterProxyModel(QObject *parent = nullptr);

    /// Only events of this app (empty: all).
    void setAppId(const QString &appId);
    QString appId() const { return m_appId; }
    /// Only these types (empty: all).
    void setTypes(const QList<protocol::DroveEventType> &types);
    /// Only events with from <= time <= to (epoch ms; `to` 0: no end). Default: all times.
    void setTimeWindow(qint64 from, qint64 to);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool filterMayChange(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                         const QList<int> &roles) const override;
    QStringList searchableTexts(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_appId;
    QSet<QString> m_types;
    qint64 m_from = 0;
    qint64 m_to = 0;
};

} // namespace drove::models
