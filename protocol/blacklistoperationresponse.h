#pragma once

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

/// BlacklistOperationResponse {successful, failed, approxCompletionTimeMs, message}.
struct BlacklistOperationResponse
{
    QStringList successful;
    QStringList failed;
    qint64 approxCompletionTimeMs = 0;
    std::optional<QString> message;

    static std::optional<BlacklistOperationResponse>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const BlacklistOperationResponse &other) const;
    bool operator!=(const BlacklistOperationResponse &other) const { return !(*this == other); }
};

} // namespace drove::protocol
