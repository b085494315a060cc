#pragma once

#include "protocol/checkmodespec.h"
#include "protocol/duration.h"
#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// `preShutdown`: hooks run in order, then waitBeforeKill, then docker stop.
struct PreShutdownSpec
{
    QList<CheckModeSpec> hooks;
    std::optional<Duration> waitBeforeKill;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<PreShutdownSpec>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const PreShutdownSpec &other) const;
    bool operator!=(const PreShutdownSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
