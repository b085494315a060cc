#pragma once

#include "controller/http/userrole.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace drove::controller::http {

/// One configured API user. The password is kept only in memory and never logged.
struct ApiUser
{
    QString name;
    QString password;
    UserRole role = UserRole::ReadOnly;
};

/// The identity a request runs as.
struct Principal
{
    QString name;
    UserRole role = UserRole::Root;
};

/// HTTP Basic authentication against a fixed user list, like Drove's `userAuth` with PLAIN
/// encoding. With authentication disabled every request runs as `default-user` with role
/// EXTERNAL_ROOT, as in the real controller. Successful header values are cached so a client
/// that sends the same header on every request costs one hash lookup.
class Authenticator
{
public:
    /// Authentication off: everyone is root.
    Authenticator() = default;
    /// Authentication on with these users (an empty list locks everyone out).
    explicit Authenticator(const QList<ApiUser> &users);

    bool enabled() const { return m_enabled; }
    const QList<ApiUser> &users() const { return m_users; }

    /// Checks an `Authorization` header value; nullopt means 401.
    std::optional<Principal> authenticate(const QByteArray &authorizationHeader) const;

    /// Parses "NAME:PASSWORD:ROLE" (the --user option). The password may contain ':'; the role is
    /// after the last ':'. Returns nullopt and sets *error on a bad value.
    static std::optional<ApiUser> parseUserSpec(const QString &spec, QString *error);

private:
    bool m_enabled = false;
    QList<ApiUser> m_users;
    QHash<QString, qsizetype> m_byName;
    mutable QHash<QByteArray, Principal> m_cache;
};

} // namespace drove::controller::http
