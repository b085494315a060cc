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

/// A check mode (healthcheck/readiness `mode`, preShutdown `hooks[]`): HTTP
/// {protocol, portName, path, verb, successCodes, payload, connectionTimeout, insecure} or CMD
/// {command, shellDisabled}.
struct CheckModeSpec
{
    CheckModeType type = CheckModeType::Http;
    // HTTP
    std::optional<Protocol> protocol;
    QString portName;
    QString path;
    std::optional<HttpVerb> verb;
    QList<int> successCodes;
    std::optional<QString> payload;
    std::optional<Duration> connectionTimeout;
    bool insecure = false;
    // CMD
    QString command;
    bool shellDisabled = false;

    static CheckModeSpec http(const QString &portName, const QString &path,
                              HttpVerb verb = HttpVerb::Get, QList<int> successCodes = {200});
    static CheckModeSpec cmd(const QString &command);

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<CheckModeSpec>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const CheckModeSpec &other) const;
    bool operator!=(const CheckModeSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
