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

/// `logging`: LOCAL {maxSize, maxFiles, compress} or RSYSLOG {server, tagPrefix, tagSuffix}.
struct LoggingSpec
{
    LoggingType type = LoggingType::Local;
    // LOCAL
    QString maxSize;
    int maxFiles = 0;
    bool compress = false;
    // RSYSLOG
    QString server;
    std::optional<QString> tagPrefix;
    std::optional<QString> tagSuffix;

    /// Drove's default when absent: LOCAL, "10m", 3 files, compressed.
    static LoggingSpec defaults();

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<LoggingSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                               const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const LoggingSpec &other) const;
    bool operator!=(const LoggingSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
