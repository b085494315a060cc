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

/// DroveEventsSummary {eventsCount: {"<DroveEventType>": n}, lastSyncTime}. Keys are kept as
/// strings so an unknown (newer) event type does not fail decoding.
struct DroveEventsSummary
{
    QMap<QString, qint64> eventsCount;
    qint64 lastSyncTime = 0;

    qint64 count(DroveEventType type) const;

    static std::optional<DroveEventsSummary>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const DroveEventsSummary &other) const;
    bool operator!=(const DroveEventsSummary &other) const { return !(*this == other); }
};

} // namespace drove::protocol
