#pragma once

#include "protocol/droveevent.h"
#include "protocol/parseerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// DroveEventsList {events (newest first), lastSyncTime} (GET /cluster/events/latest).
struct DroveEventsList
{
    QList<DroveEvent> events;
    qint64 lastSyncTime = 0;

    /// The legacy endpoint's bare list of events.
    static std::optional<QList<DroveEvent>> listFromJson(const QJsonValue &json,
                                                         ParseError *error = nullptr,
                                                         const QString &path = QString());
    static QJsonArray listToJson(const QList<DroveEvent> &events);

    static std::optional<DroveEventsList>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const DroveEventsList &other) const;
    bool operator!=(const DroveEventsList &other) const { return !(*this == other); }
};

} // namespace drove::protocol
