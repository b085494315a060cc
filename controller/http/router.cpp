#include "controller/http/router.h"

#include <QUrl>

namespace drove::controller::http {

void Router::add(protocol::ApiPath path, Access access, RouteHandler handler)
{
    add({protocol::apiMethod(path) == protocol::ApiMethod::Post ? HttpMethod::Post
                                                                : HttpMethod::Get,
         protocol::apiPathTemplate(path), access, std::move(handler)});
}

void Router::add(Route route)
{
    Compiled compiled;
    QStringList parts = route.pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const bool param = part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}'));
        compiled.segments.append(param ? part.mid(1, part.size() - 2) : part);
        compiled.isParam.append(param);
        if (!param)
            ++compiled.literalCount;
    }
    m_routes.append(std::move(route));
    m_compiled.append(std::move(compiled));
}

Router::Match Router::match(HttpMethod method, const QStringList &segments) const
{
    // HEAD is answered by the GET route, without a body (JAX-RS does the same).
    const HttpMethod wanted = method == HttpMethod::Head ? HttpMethod::Get : method;

    // JAX-RS order: pick the most specific matching path template first (most literal
    // segments), then the method among the routes of that template; a miss there is a 405.
    int bestLiterals = -1;
    QList<qsizetype> candidates;
    for (qsizetype r = 0; r < m_routes.size(); ++r) {
        const Compiled &c = m_compiled.at(r);
        if (c.segments.size() != segments.size() || c.literalCount < bestLiterals)
            continue;
        bool ok = true;
        for (qsizetype i = 0; i < segments.size() && ok; ++i)
            ok = c.isParam.at(i) || c.segments.at(i) == segments.at(i);
        if (!ok)
            continue;
        if (c.literalCount > bestLiterals) {
            bestLiterals = c.literalCount;
            candidates.clear();
        }
        candidates.append(r);
    }

    Match result;
    for (qsizetype r : candidates) {
        const Route &route = m_routes.at(r);
        if (route.method == wanted) {
            const Compiled &c = m_compiled.at(r);
            result.kind = Match::Kind::Found;
            result.route = &route;
            for (qsizetype i = 0; i < segments.size(); ++i) {
                if (c.isParam.at(i))
                    result.params.insert(c.segments.at(i), segments.at(i));
            }
            result.allowed.clear();
            return result;
        }
        if (!result.allowed.contains(route.method))
            result.allowed.append(route.method);
    }
    if (!result.allowed.isEmpty())
        result.kind = Match::Kind::WrongMethod;
    return result;
}

bool Router::splitPath(const QByteArray &encodedPath, QStringList *segments)
{
    segments->clear();
    if (!encodedPath.startsWith('/'))
        return false;
    const QList<QByteArray> raw = encodedPath.mid(1).split('/');
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QByteArray &part = raw.at(i);
        if (part.isEmpty()) {
            if (i == raw.size() - 1 && i > 0)
                break; // one trailing slash is tolerated
            if (raw.size() == 1)
                break; // "/" itself
            return false;
        }
        segments->append(QUrl::fromPercentEncoding(part));
    }
    return true;
}

QByteArray Router::methodName(HttpMethod method)
{
    switch (method) {
    case HttpMethod::Get:
        return QByteArrayLiteral("GET");
    case HttpMethod::Post:
        return QByteArrayLiteral("POST");
    case HttpMethod::Put:
        return QByteArrayLiteral("PUT");
    case HttpMethod::Delete:
        return QByteArrayLiteral("DELETE");
    case HttpMethod::Head:
        return QByteArrayLiteral("HEAD");
    case HttpMethod::Options:
        return QByteArrayLiteral("OPTIONS");
    case HttpMethod::Patch:
        return QByteArrayLiteral("PATCH");
    case HttpMethod::Other:
        return QByteArrayLiteral("OTHER");
    }
    return QByteArray();
}

} // namespace drove::controller::http
