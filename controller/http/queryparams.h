#pragma once

#include "controller/http/httpreply.h"

#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace drove::controller::http {

/// Reads query parameters with JAX-RS/Dropwizard semantics, as Drove's resources declare them:
/// a value that does not convert to the parameter's Java type (int, long, enum) makes the
/// resource unmatchable (404, no envelope); a value outside @Min/@Max is a bean-validation
/// failure (400 "Command validation failure" with "query param size must be …"). Missing or
/// empty values take the default. Repeated parameters use the first value.
class QueryParams
{
public:
    explicit QueryParams(const QUrlQuery &query);

    /// A Java `int` parameter.
    qint64 int32(const QString &name, qint64 defaultValue, qint64 min, qint64 max);
    /// A Java `long` parameter.
    qint64 int64(const QString &name, qint64 defaultValue, qint64 min, qint64 max);
    /// Every value of a repeated parameter (`?id=a&id=b`), decoded.
    QStringList all(const QString &name) const;
    /// Records a violation for a non-numeric rule (e.g. "query param id must not be empty").
    void addViolation(const QString &message) { m_violations.append(message); }
    /// Marks a conversion failure (e.g. an unknown enum name).
    void markUnconvertible() { m_unconvertible = true; }

    /// The answer to give instead of running the resource: 404 for a conversion failure,
    /// 400 with every violation otherwise; nullopt when all parameters are fine.
    std::optional<HttpReply> error() const;

private:
    qint64 integer(const QString &name, qint64 defaultValue, qint64 min, qint64 max, qint64 typeMin,
                   qint64 typeMax);

    QUrlQuery m_query;
    QStringList m_violations;
    bool m_unconvertible = false;
};

} // namespace drove::controller::http
