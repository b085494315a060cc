#include "controller/http/applicationroutes.h"

#include "controller/controllercore.h"
#include "controller/http/queryparams.h"
#include "controller/http/rejectionreply.h"
#include "protocol/enums.h"
#include "protocol/jsonwriter.h"
#include "protocol/parseerror.h"

#include <QJsonArray>
#include <QJsonObject>

#include <limits>
#include <memory>

namespace drove::controller::http {

using namespace drove::protocol;

namespace {

constexpr qint64 kMaxElements = std::numeric_limits<qint32>::max() - 1; // Apis.MAX_ELEMENTS

HttpReply fromResult(const OperationResult &result, const QJsonValue &successData)
{
    if (result.accepted)
        return HttpReply::success(successData);
    // A refusal that names no reason is still a refusal (the validator's, as before).
    return rejectionReply(result.rejection == Rejection::None ? Rejection::InvalidCommand
                                                              : result.rejection,
                          result.message, result.validationErrors);
}

HttpReply appNotFound(const QString &appId)
{
    return HttpReply::failed(200, QStringLiteral("App %1 not found").arg(appId));
}

template<typename T>
QJsonArray toJsonArray(const QList<T> &values)
{
    QJsonArray array;
    for (const T &value : values)
        array.append(value.toJson());
    return array;
}

/// An instance list written straight to bytes (the same bytes as toJsonArray()'s document).
HttpReply instanceList(const QList<InstanceInfo> &instances)
{
    QByteArray data = HttpReply::successPrefix();
    data.reserve(instances.size() * 480 + 64);
    JsonWriter writer(&data);
    writer.beginArray();
    for (const InstanceInfo &info : instances)
        info.writeJson(writer);
    writer.endArray();
    return HttpReply::successFromPrefixed(std::move(data));
}

} // namespace

void ApplicationRoutes::install(Router &router, ControllerCore &core)
{
    // Shared by every handler; lives as long as the router's handlers do.
    auto self = std::shared_ptr<ApplicationRoutes>(new ApplicationRoutes(core));
    auto bind = [self](HttpReply (ApplicationRoutes::*method)(const ApiRequest &) const) {
        return [self, method](const ApiRequest &request) {
            return ((*self).*method)(request);
        };
    };
    router.add(ApiPath::SubmitOperation, Access::Operate, bind(&ApplicationRoutes::submit));
    router.add(ApiPath::SubmitOperationShort, Access::Operate, bind(&ApplicationRoutes::submit));
    router.add(ApiPath::CancelOperation, Access::Operate, bind(&ApplicationRoutes::cancel));
    router.add(ApiPath::CancelOperationShort, Access::Operate, bind(&ApplicationRoutes::cancel));
    router.add(ApiPath::ValidateSpec, Access::AnyUser, bind(&ApplicationRoutes::validateSpec));
    router.add(ApiPath::Applications, Access::AnyUser, bind(&ApplicationRoutes::applications));
    router.add(ApiPath::Application, Access::AnyUser, bind(&ApplicationRoutes::summary));
    router.add(ApiPath::ApplicationSpec, Access::AnyUser, bind(&ApplicationRoutes::spec));
    router.add(ApiPath::Instances, Access::AnyUser, bind(&ApplicationRoutes::instances));
    router.add(ApiPath::OldInstances, Access::AnyUser, bind(&ApplicationRoutes::oldInstances));
    router.add(ApiPath::Instance, Access::AnyUser, bind(&ApplicationRoutes::instance));
    router.add(ApiPath::Endpoints, Access::AnyUser, bind(&ApplicationRoutes::endpoints));
    router.add(ApiPath::AppEndpoints, Access::AnyUser, bind(&ApplicationRoutes::appEndpoints));
}

bool ApplicationRoutes::decodeBody(const QByteArray &body, QJsonValue *json, HttpReply *reply)
{
    const QByteArray trimmed = body.trimmed();
    // Jersey hands a missing entity (or JSON null) to the @NotNull check, not to Jackson.
    if (trimmed.isEmpty() || trimmed == "null") {
        *reply = HttpReply::commandValidationFailure(
            {QStringLiteral("The request body may not be null")});
        return false;
    }
    ParseError error;
    const std::optional<QJsonDocument> document = parseDocument(body, &error);
    if (!document) {
        *reply = HttpReply::jsonValidationFailure({error.toString()});
        return false;
    }
    *json = document->isArray() ? QJsonValue(document->array()) : QJsonValue(document->object());
    return true;
}

HttpReply ApplicationRoutes::submit(const ApiRequest &request) const
{
    QJsonValue json;
    HttpReply reply;
    if (!decodeBody(request.body, &json, &reply))
        return reply;
    ParseError error;
    const std::optional<ApplicationOperation> operation
        = ApplicationOperation::fromJson(json, &error);
    if (!operation)
        return HttpReply::jsonValidationFailure({error.toString()});
    const OperationResult result = m_core.submit(*operation);
    return fromResult(result, QJsonObject {{QStringLiteral("appId"), result.appId}});
}

HttpReply ApplicationRoutes::cancel(const ApiRequest &request) const
{
    // Body-less by design: whatever the client sends (nothing, "{}", form data) is ignored.
    const CancelResult result = m_core.cancel(request.param(QStringLiteral("appId")));
    if (result.cancelled)
        return HttpReply::success();
    return rejectionReply(result.rejection == Rejection::None ? Rejection::NotCancellable
                                                              : result.rejection,
                          result.message);
}

HttpReply ApplicationRoutes::validateSpec(const ApiRequest &request) const
{
    QJsonValue json;
    HttpReply reply;
    if (!decodeBody(request.body, &json, &reply))
        return reply;
    ParseError error;
    const std::optional<ApplicationSpec> spec = ApplicationSpec::fromJson(json, &error);
    if (!spec)
        return HttpReply::jsonValidationFailure({error.toString()});
    return fromResult(m_core.validateSpec(*spec), QJsonObject {{QStringLiteral("valid"), true}});
}

HttpReply ApplicationRoutes::applications(const ApiRequest &request) const
{
    QueryParams params(request.query);
    const qint64 from = params.int32(QStringLiteral("from"), 0, 0, kMaxElements);
    const qint64 size = params.int32(QStringLiteral("size"), kMaxElements, 0, kMaxElements);
    if (auto error = params.error())
        return *error;
    // Written directly from the engine's records: no QJsonObject, no copied summaries, and the
    // envelope around it in the same buffer.
    QByteArray data = HttpReply::successPrefix();
    data.reserve(qMin<qint64>(m_core.applicationCount(), size) * 272 + 64);
    m_core.writeApplications(&data, from, size);
    return HttpReply::successFromPrefixed(std::move(data));
}

HttpReply ApplicationRoutes::summary(const ApiRequest &request) const
{
    const QString appId = request.param(QStringLiteral("id"));
    const std::optional<AppSummary> summary = m_core.appSummary(appId);
    if (!summary)
        return appNotFound(appId);
    QByteArray data;
    JsonWriter writer(&data);
    summary->writeJson(writer);
    return HttpReply::successJson(data);
}

HttpReply ApplicationRoutes::spec(const ApiRequest &request) const
{
    const QString appId = request.param(QStringLiteral("id"));
    const std::optional<ApplicationSpec> spec = m_core.spec(appId);
    if (!spec)
        return appNotFound(appId);
    return HttpReply::success(spec->toJson());
}

HttpReply ApplicationRoutes::instances(const ApiRequest &request) const
{
    QueryParams params(request.query);
    QList<InstanceState> states;
    for (const QString &name : params.all(QStringLiteral("state"))) {
        // JAX-RS converts with Enum.valueOf: exact, case-sensitive; a miss is a 404.
        const std::optional<InstanceState> state = enumFromStringExact<InstanceState>(name);
        if (!state)
            params.markUnconvertible();
        else if (!states.contains(*state))
            states.append(*state);
    }
    if (auto error = params.error())
        return *error;
    return instanceList(m_core.instances(request.param(QStringLiteral("id")), states));
}

HttpReply ApplicationRoutes::oldInstances(const ApiRequest &request) const
{
    QueryParams params(request.query);
    const qint64 start = params.int32(QStringLiteral("start"), 0, 0, kMaxElements);
    const qint64 size = params.int32(QStringLiteral("size"), kMaxElements, 0, kMaxElements);
    if (auto error = params.error())
        return *error;
    return instanceList(m_core.oldInstances(request.param(QStringLiteral("id")), start, size));
}

HttpReply ApplicationRoutes::instance(const ApiRequest &request) const
{
    const QString appId = request.param(QStringLiteral("id"));
    const QString instanceId = request.param(QStringLiteral("instanceId"));
    const std::optional<InstanceInfo> info = m_core.instance(appId, instanceId);
    if (!info) {
        return HttpReply::failed(
            200, QStringLiteral("No such application instance %1/%2").arg(appId, instanceId));
    }
    return HttpReply::success(info->toJson());
}

HttpReply ApplicationRoutes::endpoints(const ApiRequest &request) const
{
    QueryParams params(request.query);
    return HttpReply::success(toJsonArray(m_core.endpoints(params.all(QStringLiteral("app")))));
}

HttpReply ApplicationRoutes::appEndpoints(const ApiRequest &request) const
{
    return HttpReply::success(
        toJsonArray(m_core.endpoints({request.param(QStringLiteral("appName"))})));
}

} // namespace drove::controller::http
