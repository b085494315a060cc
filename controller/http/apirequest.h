#pragma once

#include "controller/http/authenticator.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrlQuery>

namespace drove::controller::http {

/// HTTP methods the router knows (HEAD is served by GET routes).
enum class HttpMethod { Get, Post, Put, Delete, Head, Options, Patch, Other };

/// What a route handler sees of a request: already routed, authenticated and authorised.
struct ApiRequest
{
    HttpMethod method = HttpMethod::Get;
    QString path;                       ///< decoded path, for logs
    QHash<QString, QString> pathParams; ///< {appId} → value, percent-decoded
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    Principal principal;

    QString param(const QString &name) const { return pathParams.value(name); }
};

} // namespace drove::controller::http
