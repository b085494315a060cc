#pragma once

#include "protocol/instanceport.h"
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

/// InstanceInfo.localInfo: where the container runs (absent until the container exists).
struct LocalInstanceInfo
{
    QString hostname;
    QMap<QString, InstancePort> ports;

    static std::optional<LocalInstanceInfo>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const LocalInstanceInfo &other) const;
    bool operator!=(const LocalInstanceInfo &other) const { return !(*this == other); }
};

} // namespace drove::protocol
