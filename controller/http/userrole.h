#pragma once

#include <QString>

#include <optional>

namespace drove::controller::http {

/// Drove's external user roles (drove-api.md §0.3). Role checks are exact matches, there is no
/// hierarchy: a READ_WRITE user may not set maintenance mode.
enum class UserRole {
    ReadOnly,    ///< config EXTERNAL_READ_ONLY: reads and log files
    ReadWrite,   ///< config EXTERNAL_READ_WRITE: reads, operations, cancel, log files
    Maintenance, ///< config DROVE_EXTERNAL_MAINTENANCE: reads, maintenance, blacklisting
    Root,        ///< config EXTERNAL_ROOT: everything
};

/// Who may call a route.
enum class Access {
    AnyUser,  ///< @PermitAll: any authenticated user (all GETs, validate spec)
    Operate,  ///< READ_WRITE or ROOT (operations and cancel)
    Maintain, ///< MAINTENANCE or ROOT (maintenance mode, blacklisting)
    ReadLogs, ///< ROOT, READ_ONLY or READ_WRITE (log file APIs)
};

/// Parses the configuration name (EXTERNAL_READ_ONLY …) or the role string checked by Drove
/// (DROVE_EXTERNAL_READ_ONLY …); case-sensitive like the Java enum.
std::optional<UserRole> userRoleFromString(const QString &name);
/// The configuration name, e.g. "EXTERNAL_READ_WRITE".
QString userRoleName(UserRole role);
/// Whether `role` may call a route with `access`.
bool roleAllows(UserRole role, Access access);

} // namespace drove::controller::http
