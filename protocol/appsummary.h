#pragma once

#include "protocol/applicationstate.h"
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

class JsonWriter;

/// AppSummary (GET /applications, /applications/{id}; drove-api.md §2.1 A4).
struct AppSummary
{
    QString id;
    QString name;
    qint64 requiredInstances = 0;
    qint64 healthyInstances = 0;
    qint64 totalCPUs = 0;
    qint64 totalMemory = 0;
    /// Omitted when the spec has no tags.
    std::optional<QMap<QString, QString>> tags;
    /// Omitted when the app has no state machine.
    std::optional<ApplicationState> state;
    /// A state this console does not know (a newer Drove's), as received; empty otherwise.
    QString stateText;
    qint64 created = 0;
    qint64 updated = 0;

    /// GET /applications `data`: object keyed by appId.
    static std::optional<QMap<QString, AppSummary>> mapFromJson(const QJsonValue &json,
                                                                ParseError *error = nullptr,
                                                                const QString &path = QString());
    static QJsonObject mapToJson(const QMap<QString, AppSummary> &summaries);

    static std::optional<AppSummary> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                              const QString &path = QString());
    QJsonObject toJson() const;
    /// The same object as toJson(), written straight into \a writer (same keys, same order).
    void writeJson(JsonWriter &writer) const;
    bool operator==(const AppSummary &other) const;
    bool operator!=(const AppSummary &other) const { return !(*this == other); }
};

} // namespace drove::protocol
