#pragma once

#include "protocol/instancestate.h"
#include "protocol/localinstanceinfo.h"
#include "protocol/parseerror.h"
#include "protocol/resourceallocation.h"

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

/// InstanceInfo (drove-api.md §7). errorMessage and metadata are always written.
struct InstanceInfo
{
    QString appId;
    QString appName;
    QString instanceId;
    QString executorId;
    std::optional<LocalInstanceInfo> localInfo;
    QList<ResourceAllocation> resources;
    InstanceState state = InstanceState::Pending;
    /// A state this console does not know (a newer Drove's), as received; `state` is then
    /// UNKNOWN. Empty otherwise.
    QString stateText;
    QMap<QString, QString> metadata;
    QString errorMessage;
    qint64 created = 0;
    qint64 updated = 0;

    /// Host port of a named port, or 0 when not published / no localInfo.
    int hostPort(const QString &portName) const;

    static std::optional<QList<InstanceInfo>> listFromJson(const QJsonValue &json,
                                                           ParseError *error = nullptr,
                                                           const QString &path = QString());
    static QJsonArray listToJson(const QList<InstanceInfo> &instances);

    static std::optional<InstanceInfo> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                                const QString &path = QString());
    QJsonObject toJson() const;
    /// The bytes QJsonDocument(toJson()) writes, without building it (the instance list).
    void writeJson(JsonWriter &writer) const;
    bool operator==(const InstanceInfo &other) const;
    bool operator!=(const InstanceInfo &other) const { return !(*this == other); }
};

} // namespace drove::protocol
