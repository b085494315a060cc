#include "client/droveapi.h"

#include "protocol/apipaths.h"

#include <QJsonDocument>
#include <QUrl>

namespace drove::client {

using protocol::ApiPath;
using protocol::apiPath;

namespace {

ApiRequest get(QString path, QUrlQuery query = {}, Feature feature = Feature::None)
{
    ApiRequest request;
    request.feature = feature;
    request.method = ApiRequest::Method::Get;
    request.path = std::move(path);
    request.query = std::move(query);
    return request;
}

ApiRequest post(QString path, QByteArray body = {}, QUrlQuery query = {},
                Feature feature = Feature::None)
{
    ApiRequest request;
    request.feature = feature;
    request.method = ApiRequest::Method::Post;
    request.path = std::move(path);
    request.body = std::move(body);
    request.query = std::move(query);
    return request;
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QUrlQuery repeated(const QString &key, const QStringList &values)
{
    QUrlQuery query;
    for (const QString &value : values)
        query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    return query;
}

} // namespace

QString DroveApi::segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

ApiRequest DroveApi::ping()
{
    return get(apiPath(ApiPath::Ping));
}

ApiRequest DroveApi::applications()
{
    return get(apiPath(ApiPath::Applications));
}

ApiRequest DroveApi::application(const QString &appId)
{
    return get(apiPath(ApiPath::Application, {appId}));
}

ApiRequest DroveApi::applicationSpec(const QString &appId)
{
    return get(apiPath(ApiPath::ApplicationSpec, {appId}));
}

ApiRequest DroveApi::instances(const QString &appId, const QStringList &states)
{
    return get(apiPath(ApiPath::Instances, {appId}), repeated(QStringLiteral("state"), states));
}

ApiRequest DroveApi::oldInstances(const QString &appId, int start, int size)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("start"), QString::number(qMax(0, start)));
    if (size >= 0)
        query.addQueryItem(QStringLiteral("size"), QString::number(size));
    return get(apiPath(ApiPath::OldInstances, {appId}), query);
}

ApiRequest DroveApi::instance(const QString &appId, const QString &instanceId)
{
    return get(apiPath(ApiPath::Instance, {appId, instanceId}));
}

ApiRequest DroveApi::submitOperation(const QJsonObject &operation)
{
    return post(apiPath(ApiPath::SubmitOperation), compactJson(operation));
}

ApiRequest DroveApi::cancelOperation(const QString &appId)
{
    return post(apiPath(ApiPath::CancelOperation, {appId}));
}

ApiRequest DroveApi::validateSpec(const QJsonObject &spec)
{
    return post(apiPath(ApiPath::ValidateSpec), compactJson(spec), {}, Feature::ValidateSpec);
}

ApiRequest DroveApi::endpoints(const QStringList &appNames)
{
    return get(apiPath(ApiPath::Endpoints), repeated(QStringLiteral("app"), appNames),
               Feature::Endpoints);
}

ApiRequest DroveApi::clusterSummary()
{
    return get(apiPath(ApiPath::Cluster));
}

ApiRequest DroveApi::executors()
{
    return get(apiPath(ApiPath::Executors));
}

ApiRequest DroveApi::executor(const QString &executorId)
{
    return get(apiPath(ApiPath::Executor, {executorId}), {}, Feature::ExecutorDetails);
}

ApiRequest DroveApi::blacklistExecutors(const QStringList &executorIds)
{
    return post(apiPath(ApiPath::BlacklistExecutors), {},
                repeated(QStringLiteral("id"), executorIds), Feature::Blacklist);
}

ApiRequest DroveApi::unblacklistExecutors(const QStringList &executorIds)
{
    return post(apiPath(ApiPath::UnblacklistExecutors), {},
                repeated(QStringLiteral("id"), executorIds), Feature::Blacklist);
}

ApiRequest DroveApi::setMaintenance(bool enabled)
{
    return post(apiPath(enabled ? ApiPath::MaintenanceSet : ApiPath::MaintenanceUnset), {}, {},
                Feature::Maintenance);
}

namespace {

QUrlQuery eventsQuery(qint64 lastSyncTime, int size)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("lastSyncTime"),
                       QString::number(qMax<qint64>(0, lastSyncTime)));
    query.addQueryItem(QStringLiteral("size"), QString::number(qMax(0, size)));
    return query;
}

} // namespace

ApiRequest DroveApi::latestEvents(qint64 lastSyncTime, int size)
{
    return get(apiPath(ApiPath::EventsLatest), eventsQuery(lastSyncTime, size),
               Feature::EventsLatest);
}

ApiRequest DroveApi::legacyEvents(qint64 lastSyncTime, int size)
{
    return get(apiPath(ApiPath::EventsLegacy), eventsQuery(lastSyncTime, size),
               Feature::EventsLegacy);
}

ApiRequest DroveApi::dashboard()
{
    return get(apiPath(ApiPath::ClusterDashboard), {}, Feature::Dashboard);
}

ApiRequest DroveApi::eventsSummary(qint64 lastSyncTime)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("lastSyncTime"),
                       QString::number(qMax<qint64>(0, lastSyncTime)));
    return get(apiPath(ApiPath::EventsSummary), query);
}

ApiRequest DroveApi::instanceLogFiles(const QString &appId, const QString &instanceId)
{
    ApiRequest request = get(apiPath(ApiPath::LogList, {appId, instanceId}), {}, Feature::Logs);
    request.payload = ApiRequest::Payload::BareJson;
    return request;
}

ApiRequest DroveApi::readInstanceLog(const QString &appId, const QString &instanceId,
                                     const QString &fileName, qint64 offset, qint64 length)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset < 0 ? -1 : offset));
    if (length >= 0)
        query.addQueryItem(QStringLiteral("length"), QString::number(length));
    ApiRequest request
        = get(apiPath(ApiPath::LogRead, {appId, instanceId, fileName}), query, Feature::Logs);
    request.payload = ApiRequest::Payload::BareJson;
    return request;
}

ApiRequest DroveApi::downloadInstanceLog(const QString &appId, const QString &instanceId,
                                         const QString &fileName)
{
    ApiRequest request
        = get(apiPath(ApiPath::LogDownload, {appId, instanceId, fileName}), {}, Feature::Logs);
    request.payload = ApiRequest::Payload::Raw;
    return request;
}

} // namespace drove::client
