#pragma once

#include "controller/http/apirequest.h"
#include "controller/http/httpreply.h"
#include "controller/http/userrole.h"
#include "protocol/apipaths.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace drove::controller::http {

/// A route handler. Runs on the server's thread and answers synchronously.
using RouteHandler = std::function<HttpReply(const ApiRequest &)>;

/// One entry of the routing table.
struct Route
{
    HttpMethod method = HttpMethod::Get;
    QString pattern; ///< "/apis/v1/applications/{appId}/instances/{instanceId}"
    Access access = Access::AnyUser;
    RouteHandler handler;
};

/// Matches decoded path segments against a table of path templates, the way JAX-RS does for
/// Drove: whole-path match, an optional trailing slash, literal segments win over `{params}`
/// (so `/instances/old` is not an instance id), and a known path with the wrong method is told
/// apart from an unknown path (405 vs 404).
class Router
{
public:
    struct Match
    {
        enum class Kind { Found, WrongMethod, NotFound };
        Kind kind = Kind::NotFound;
        const Route *route = nullptr;
        QHash<QString, QString> params;
        QList<HttpMethod> allowed; ///< for WrongMethod: the methods the path accepts
    };

    void add(Route route);
    /// A route of the Drove API: method and template from protocol's table of API paths.
    void add(protocol::ApiPath path, Access access, RouteHandler handler);
    const QList<Route> &routes() const { return m_routes; }

    /// `segments` are the percent-decoded path segments without the leading empty one.
    Match match(HttpMethod method, const QStringList &segments) const;

    /// Splits an encoded path ("/apis/v1/a%2Fb/") into decoded segments; drops one trailing
    /// empty segment (trailing slash) and rejects empty inner segments ("//") by returning
    /// an empty list. Returns false for a path that does not start with '/'.
    static bool splitPath(const QByteArray &encodedPath, QStringList *segments);

    static QByteArray methodName(HttpMethod method);

private:
    struct Compiled
    {
        QStringList segments; ///< literal text, or the param name for params
        QList<bool> isParam;
        int literalCount = 0;
    };
    QList<Route> m_routes;
    QList<Compiled> m_compiled;
};

} // namespace drove::controller::http
