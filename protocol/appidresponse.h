#pragma once

#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace drove::protocol {

/// `data` of an accepted operation: {"appId": "<id>"} (drove-api.md §2.1 A1).
struct AppIdResponse
{
    QString appId;

    static std::optional<AppIdResponse>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const AppIdResponse &other) const { return appId == other.appId; }
    bool operator!=(const AppIdResponse &other) const { return !(*this == other); }
};

} // namespace drove::protocol
