#pragma once

#include "controller/http/httpreply.h"
#include "controller/http/router.h"

namespace drove::controller {
class ControllerCore;
}

namespace drove::controller::http {

/// Application, instance, operation and endpoint routes (drove-api.md §1 A1–A11, with the
/// deprecated /apis/v1/operations aliases). The handlers translate between HTTP and
/// ControllerCore; the core must outlive the router.
class ApplicationRoutes
{
public:
    static void install(Router &router, ControllerCore &core);

    /// Decodes a request body the way Drove's Jersey stack does before validation: an empty or
    /// `null` body is a bean-validation failure ("The request body may not be null"), anything
    /// that is not the expected JSON is a "JSON validation failure". On failure returns false
    /// and sets *reply.
    static bool decodeBody(const QByteArray &body, QJsonValue *json, HttpReply *reply);

private:
    explicit ApplicationRoutes(ControllerCore &core)
        : m_core(core)
    { }

    HttpReply submit(const ApiRequest &request) const;
    HttpReply cancel(const ApiRequest &request) const;
    HttpReply validateSpec(const ApiRequest &request) const;
    HttpReply applications(const ApiRequest &request) const;
    HttpReply summary(const ApiRequest &request) const;
    HttpReply spec(const ApiRequest &request) const;
    HttpReply instances(const ApiRequest &request) const;
    HttpReply oldInstances(const ApiRequest &request) const;
    HttpReply instance(const ApiRequest &request) const;
    HttpReply endpoints(const ApiRequest &request) const;
    HttpReply appEndpoints(const ApiRequest &request) const;

    ControllerCore &m_core;
};

} // namespace drove::controller::http
