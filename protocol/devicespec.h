#pragma once

#include "protocol/enums.h"
#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// `devices[]`: DIRECT {pathOnHost, pathInContainer, permissions} or DETAILED
/// {driver, count, deviceIds, capabilities, options}.
struct DeviceSpec
{
    DeviceType type = DeviceType::Direct;
    // DIRECT
    QString pathOnHost;
    std::optional<QString> pathInContainer;
    std::optional<DevicePermissions> permissions;
    // DETAILED
    std::optional<QString> driver;
    std::optional<int> count;
    std::optional<QStringList> deviceIds;
    std::optional<QList<QStringList>> capabilities;
    std::optional<QMap<QString, QString>> options;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<DeviceSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                              const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const DeviceSpec &other) const;
    bool operator!=(const DeviceSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
