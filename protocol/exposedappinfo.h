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

/// ExposedAppInfo (GET /endpoints; drove-api.md §2.1 A10).
struct ExposedAppInfo
{
    struct Host
    {
        QString host;
        int port = 0;
        std::optional<PortType> portType;
        bool operator==(const Host &other) const;
    };

    std::optional<QString> appName;
    QString appId;
    QString vhost;
    QMap<QString, QString> tags;
    QList<Host> hosts;

    static std::optional<QList<ExposedAppInfo>> listFromJson(const QJsonValue &json,
                                                             ParseError *error = nullptr,
                                                             const QString &path = QString());
    static QJsonArray listToJson(const QList<ExposedAppInfo> &apps);

    static std::optional<ExposedAppInfo>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const ExposedAppInfo &other) const;
    bool operator!=(const ExposedAppInfo &other) const { return !(*this == other); }
};

} // namespace drove::protocol
