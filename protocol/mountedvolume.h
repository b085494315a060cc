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

/// `volumes[]`: {pathInContainer, pathOnHost, mode}.
struct MountedVolume
{
    QString pathInContainer;
    QString pathOnHost;
    std::optional<VolumeMode> mode;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<MountedVolume>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const MountedVolume &other) const;
    bool operator!=(const MountedVolume &other) const { return !(*this == other); }
};

} // namespace drove::protocol
