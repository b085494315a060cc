#include "controller/http/logfileroutes.h"

#include "controller/controllercore.h"
#include "controller/http/queryparams.h"

#include <QJsonArray>
#include <QJsonObject>

#include <limits>
#include <memory>

namespace drove::controller::http {

using protocol::ApiPath;

namespace {

HttpReply unknownInstance(const ApiRequest &request)
{
    return HttpReply::failed(400,
                             QStringLiteral("No such application instance %1/%2")
                                 .arg(request.param(QStringLiteral("appId")),
                                      request.param(QStringLiteral("instanceId"))));
}

HttpReply unknownFile(const ApiRequest &request)
{
    return HttpReply::failed(400,
                             QStringLiteral("Could not read log file %1 of instance %2")
                                 .arg(request.param(QStringLiteral("file")),
                                      request.param(QStringLiteral("instanceId"))));
}

// Log files are addressed by plain name only; anything path-like never reaches the engine.
bool plainFileName(const QString &name)
{
    return !name.isEmpty() && !name.contains(QLatin1Char('/')) && !name.contains(QLatin1Char('\\'))
        && name != QLatin1String(".") && name != QLatin1String("..");
}

} // namespace

void LogFileRoutes::install(Router &router, ControllerCore &core)
{
    auto self = std::shared_ptr<LogFileRoutes>(new LogFileRoutes(core));
    auto bind = [self](HttpReply (LogFileRoutes::*method)(const ApiRequest &) const) {
        return [self, method](const ApiRequest &request) {
            return ((*self).*method)(request);
        };
    };
    router.add(ApiPath::LogList, Access::ReadLogs, bind(&LogFileRoutes::list));
    router.add(ApiPath::LogRead, Access::ReadLogs, bind(&LogFileRoutes::read));
    router.add(ApiPath::LogDownload, Access::ReadLogs, bind(&LogFileRoutes::download));
}

HttpReply LogFileRoutes::list(const ApiRequest &request) const
{
    const QString appId = request.param(QStringLiteral("appId"));
    const QString instanceId = request.param(QStringLiteral("instanceId"));
    if (!m_core.instance(appId, instanceId))
        return unknownInstance(request);
    return HttpReply::rawJson(QJsonObject {
        {QStringLiteral("files"), QJsonArray::fromStringList(m_core.logFiles(appId, instanceId))}});
}

HttpReply LogFileRoutes::read(const ApiRequest &request) const
{
    QueryParams params(request.query);
    const qint64 offset
        = params.int64(QStringLiteral("offset"), 0, -1, std::numeric_limits<qint64>::max());
    const qint64 length = params.int64(QStringLiteral("length"), MaxReadLength, 0, MaxReadLength);
    if (auto error = params.error())
        return *error;
    const QString appId = request.param(QStringLiteral("appId"));
    const QString instanceId = request.param(QStringLiteral("instanceId"));
    if (!m_core.instance(appId, instanceId))
        return unknownInstance(request);
    if (!plainFileName(request.param(QStringLiteral("file"))))
        return unknownFile(request);
    const std::optional<LogChunk> chunk
        = m_core.readLog(appId, instanceId, request.param(QStringLiteral("file")), offset, length);
    if (!chunk)
        return unknownFile(request);
    return HttpReply::rawJson(QJsonObject {{QStringLiteral("data"), QString::fromUtf8(chunk->data)},
                                           {QStringLiteral("offset"), chunk->offset}});
}

HttpReply LogFileRoutes::download(const ApiRequest &request) const
{
    const QString appId = request.param(QStringLiteral("appId"));
    const QString instanceId = request.param(QStringLiteral("instanceId"));
    const QString file = request.param(QStringLiteral("file"));
    if (!m_core.instance(appId, instanceId))
        return unknownInstance(request);
    if (!plainFileName(file))
        return unknownFile(request);
    const std::optional<QByteArray> content = m_core.logContent(appId, instanceId, file);
    if (!content)
        return unknownFile(request);
    HttpReply reply;
    reply.contentType = QByteArrayLiteral("text/plain");
    reply.body = *content;
    // The name comes from the path; keep header-breaking characters out of it.
    QByteArray safeName = file.toUtf8();
    safeName.replace('"', '_').replace('\r', '_').replace('\n', '_');
    reply.headers.append(
        {QByteArrayLiteral("Content-Disposition"), "attachment; filename=\"" + safeName + '"'});
    return reply;
}

} // namespace drove::controller::http
