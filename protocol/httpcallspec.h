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

/// HTTPCallSpec used by CONTROLLER_HTTP_FETCH / EXECUTOR_HTTP_FETCH configs (drove-api.md §3.4).
/// username, password and authHeader are secrets: masked() replaces them with "***".
struct HttpCallSpec
{
    std::optional<Protocol> protocol;
    QString hostname;
    int port = 0;
    std::optional<QString> path;
    std::optional<HttpVerb> verb;
    std::optional<QList<int>> successCodes;
    std::optional<QString> payload;
    std::optional<Duration> connectionTimeout;
    std::optional<Duration> operationTimeout;
    std::optional<QString> username;
    std::optional<QString> password;
    std::optional<QString> authHeader;
    std::optional<QMap<QString, QString>> headers;
    bool insecure = false;

    /// Secrets (username, password, authHeader, when set) replaced by "***".
    HttpCallSpec masked() const;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<HttpCallSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                                const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const HttpCallSpec &other) const;
    bool operator!=(const HttpCallSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
