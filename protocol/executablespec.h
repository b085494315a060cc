#pragma once

#include "protocol/duration.h"
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

/// `executable`: {"type":"DOCKER","url":..,"dockerPullTimeout":..}. A missing type means DOCKER.
struct ExecutableSpec
{
    ExecutableType type = ExecutableType::Docker;
    QString url;
    std::optional<Duration> dockerPullTimeout;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<ExecutableSpec>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const ExecutableSpec &other) const;
    bool operator!=(const ExecutableSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
