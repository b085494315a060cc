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

/// `exposedPorts[]`: {name, port, type}.
struct PortSpec
{
    QString name;
    int port = 0;
    std::optional<PortType> type;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<PortSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                            const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const PortSpec &other) const;
    bool operator!=(const PortSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
