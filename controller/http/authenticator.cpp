#include "controller/http/authenticator.h"

namespace drove::controller::http {

namespace {

// Same bound as Drove's default authentication cache (maximumSize=500).
constexpr qsizetype kMaxCachedHeaders = 500;

// Compares without an early exit so response time does not reveal how much of a password matched.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = qMax(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a.at(i)) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b.at(i)) : 0;
        diff |= x ^ y;
    }
    return diff == 0;
}

} // namespace

Authenticator::Authenticator(const QList<ApiUser> &users)
    : m_enabled(true)
    , m_users(users)
{
    for (qsizetype i = 0; i < m_users.size(); ++i)
        m_byName.insert(m_users.at(i).name, i); // a later duplicate wins, like a map in config
}

std::optional<Principal> Authenticator::authenticate(const QByteArray &authorizationHeader) const
{
    if (!m_enabled)
        return Principal {QStringLiteral("default-user"), UserRole::Root};

    const auto cached = m_cache.constFind(authorizationHeader);
    if (cached != m_cache.constEnd())
        return *cached;

    const QByteArray header = authorizationHeader.trimmed();
    const int space = header.indexOf(' ');
    if (space <= 0 || header.left(space).toLower() != "basic")
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(header.mid(space + 1).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QByteArray &credentials = *decoded;
    const int colon = credentials.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    const QString name = QString::fromUtf8(credentials.left(colon));
    const auto it = m_byName.constFind(name);
    if (it == m_byName.constEnd())
        return std::nullopt;
    const ApiUser &user = m_users.at(*it);
    if (!constantTimeEquals(user.password.toUtf8(), credentials.mid(colon + 1)))
        return std::nullopt;

    Principal principal {user.name, user.role};
    if (m_cache.size() >= kMaxCachedHeaders)
        m_cache.clear();
    m_cache.insert(authorizationHeader, principal);
    return principal;
}

std::optional<ApiUser> Authenticator::parseUserSpec(const QString &spec, QString *error)
{
    const qsizetype first = spec.indexOf(QLatin1Char(':'));
    const qsizetype last = spec.lastIndexOf(QLatin1Char(':'));
    if (first <= 0 || last == first) {
        if (error)
            *error = QStringLiteral("expected NAME:PASSWORD:ROLE");
        return std::nullopt;
    }
    ApiUser user;
    user.name = spec.left(first);
    user.password = spec.mid(first + 1, last - first - 1);
    const QString roleName = spec.mid(last + 1);
    const std::optional<UserRole> role = userRoleFromString(roleName);
    if (!role) {
        if (error)
            *error = QStringLiteral(
                         "unknown role \"%1\" (use EXTERNAL_READ_ONLY, EXTERNAL_READ_WRITE, "
                         "DROVE_EXTERNAL_MAINTENANCE or EXTERNAL_ROOT)")
                         .arg(roleName);
        return std::nullopt;
    }
    if (user.password.isEmpty()) {
        if (error)
            *error = QStringLiteral("empty password for user \"%1\"").arg(user.name);
        return std::nullopt;
    }
    user.role = *role;
    return user;
}

} // namespace drove::controller::http
