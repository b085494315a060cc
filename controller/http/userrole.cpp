#include "controller/http/userrole.h"

namespace drove::controller::http {

std::optional<UserRole> userRoleFromString(const QString &name)
{
    if (name == QLatin1String("EXTERNAL_READ_ONLY")
        || name == QLatin1String("DROVE_EXTERNAL_READ_ONLY"))
        return UserRole::ReadOnly;
    if (name == QLatin1String("EXTERNAL_READ_WRITE")
        || name == QLatin1String("DROVE_EXTERNAL_READ_WRITE"))
        return UserRole::ReadWrite;
    if (name == QLatin1String("DROVE_EXTERNAL_MAINTENANCE")
        || name == QLatin1String("EXTERNAL_MAINTENANCE"))
        return UserRole::Maintenance;
    if (name == QLatin1String("EXTERNAL_ROOT") || name == QLatin1String("DROVE_EXTERNAL_ROOT"))
        return UserRole::Root;
    return std::nullopt;
}

QString userRoleName(UserRole role)
{
    switch (role) {
    case UserRole::ReadOnly:
        return QStringLiteral("EXTERNAL_READ_ONLY");
    case UserRole::ReadWrite:
        return QStringLiteral("EXTERNAL_READ_WRITE");
    case UserRole::Maintenance:
        return QStringLiteral("DROVE_EXTERNAL_MAINTENANCE");
    case UserRole::Root:
        return QStringLiteral("EXTERNAL_ROOT");
    }
    return QString();
}

bool roleAllows(UserRole role, Access access)
{
    switch (access) {
    case Access::AnyUser:
        return true;
    case Access::Operate:
        return role == UserRole::ReadWrite || role == UserRole::Root;
    case Access::Maintain:
        return role == UserRole::Maintenance || role == UserRole::Root;
    case Access::ReadLogs:
        return role != UserRole::Maintenance;
    }
    return false;
}

} // namespace drove::controller::http
