#pragma once

#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// `userSpec`: run the container as a non-root user {user (required), group}.
struct UserSpec
{
    QString user;
    std::optional<QString> group;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<UserSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                            const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const UserSpec &other) const;
    bool operator!=(const UserSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
