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

/// `healthcheck` / `readiness` (drove-api.md §3.3).
struct CheckSpec
{
    std::optional<CheckModeSpec> mode;
    std::optional<Duration> timeout;
    std::optional<Duration> interval;
    int attempts = 0;
    std::optional<Duration> initialDelay;

    /// initialDelay + attempts × (timeout + interval), in ms (drove-api.md §6.2).
    qint64 worstCaseMilliseconds() const;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<CheckSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                             const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const CheckSpec &other) const;
    bool operator!=(const CheckSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
