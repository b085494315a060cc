#pragma once

#include "protocol/enums.h"
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

/// One published port of an instance: localInfo.ports[name].
struct InstancePort
{
    int containerPort = 0;
    int hostPort = 0;
    std::optional<PortType> portType;

    static std::optional<InstancePort> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                                const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const InstancePort &other) const;
    bool operator!=(const InstancePort &other) const { return !(*this == other); }
};

} // namespace drove::protocol
