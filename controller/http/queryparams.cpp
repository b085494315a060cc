#include "controller/http/queryparams.h"

#include <limits>

namespace drove::controller::http {

QueryParams::QueryParams(const QUrlQuery &query)
    : m_query(query)
{ }

qint64 QueryParams::int32(const QString &name, qint64 defaultValue, qint64 min, qint64 max)
{
    return integer(name, defaultValue, min, max, std::numeric_limits<qint32>::min(),
                   std::numeric_limits<qint32>::max());
}

qint64 QueryParams::int64(const QString &name, qint64 defaultValue, qint64 min, qint64 max)
{
    return integer(name, defaultValue, min, max, std::numeric_limits<qint64>::min(),
                   std::numeric_limits<qint64>::max());
}

qint64 QueryParams::integer(const QString &name, qint64 defaultValue, qint64 min, qint64 max,
                            qint64 typeMin, qint64 typeMax)
{
    if (!m_query.hasQueryItem(name))
        return defaultValue;
    const QString text = m_query.queryItemValue(name, QUrl::FullyDecoded);
    if (text.isEmpty())
        return defaultValue;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < typeMin || value > typeMax) {
        m_unconvertible = true;
        return defaultValue;
    }
    if (value < min) {
        m_violations.append(QStringLiteral("query param %1 must be greater than or equal to %2")
                                .arg(name)
                                .arg(min));
        return defaultValue;
    }
    if (value > max) {
        m_violations.append(
            QStringLiteral("query param %1 must be less than or equal to %2").arg(name).arg(max));
        return defaultValue;
    }
    return value;
}

QStringList QueryParams::all(const QString &name) const
{
    return m_query.allQueryItemValues(name, QUrl::FullyDecoded);
}

std::optional<HttpReply> QueryParams::error() const
{
    if (m_unconvertible)
        return HttpReply::text(404, QByteArrayLiteral("HTTP 404 Not Found"));
    if (!m_violations.isEmpty())
        return HttpReply::commandValidationFailure(m_violations);
    return std::nullopt;
}

} // namespace drove::controller::http
