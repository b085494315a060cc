#include "client/droveapi.h"

#include <QJsonDocument>
#include <QUrl>

namespace drove::client {

namespace {

const QString kApi = QStringLiteral("/apis/v1");

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

QString logBase(const QString &appId, const QString &instanceId)
{
    return kApi + QStringLiteral("/logfiles/applications/") + DroveApi::segment(appId)
        + QLatin1Char('/') + DroveApi::segment(instanceId);
}

} // namespace

QString DroveApi::segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

ApiRequest DroveApi::ping()
{
    return get(kApi + QStringLiteral("/ping"));
}

ApiRequest DroveApi::applications()
{
    return get(kApi + QStringLiteral("/applications"));
}

ApiRequest DroveApi::application(const QString &appId)
{
    return get(kApi + QStringLiteral("/applications/") + segment(appId));
}

ApiRequest DroveApi::applicationSpec(const QString &appId)
{
    return get(kApi + QStringLiteral("/applications/") + segment(appId) + QStringLiteral("/spec"));
}

ApiRequest DroveApi::instances(const QString &appId, const QStringList &states)
{
    return get(kApi + QStringLiteral("/applications/") + segment(appId)
                   + QStringLiteral("/instances"),
               repeated(QStringLiteral("state"), states));
}

ApiRequest DroveApi::oldInstances(const QString &appId, int start, int size)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("start"), QString::number(qMax(0, start)));
    if (size >= 0)
        query.addQueryItem(QStringLiteral("size"), QString::number(size));
    return get(kApi + QStringLiteral("/applications/") + segment(appId)
                   + QStringLiteral("/instances/old"),
               query);
}

ApiRequest DroveApi::instance(const QString &appId, const QString &instanceId)
{
    return get(kApi + QStringLiteral("/applications/") + segment(appId)
               + QStringLiteral("/instances/") + segment(instanceId));
}

ApiRequest DroveApi::submitOperation(const QJsonObject &operation)
{
    return post(kApi + QStringLiteral("/applications/operations"), compactJson(operation));
}

ApiRequest DroveApi::cancelOperation(const QString &appId)
{
    return post(kApi + QStringLiteral("/applications/operations/") + segment(appId)
                + QStringLiteral("/cancel"));
}

ApiRequest DroveApi::validateSpec(const QJsonObject &spec)
{
    return post(kApi + QStringLiteral("/applications/validate/spec"), compactJson(spec), {},
                Feature::ValidateSpec);
}

ApiRequest DroveApi::endpoints(const QStringList &appNames)
{
    return get(kApi + QStringLiteral("/endpoints"), repeated(QStringLiteral("app"), appNames),
               Feature::Endpoints);
}

ApiRequest DroveApi::clusterSummary()
{
    return get(kApi + QStringLiteral("/cluster"));
}

ApiRequest DroveApi::executors()
{
    return get(kApi + QStringLiteral("/cluster/executors"));
}

ApiRequest DroveApi::executor(const QString &executorId)
{
    return get(kApi + QStringLiteral("/cluster/executors/") + segment(executorId), {},
               Feature::ExecutorDetails);
}

ApiRequest DroveApi::blacklistExecutors(const QStringList &executorIds)
{
    return post(kApi + QStringLiteral("/cluster/executors/blacklist"), {},
                repeated(QStringLiteral("id"), executorIds), Feature::Blacklist);
}

ApiRequest DroveApi::unblacklistExecutors(const QStringList &executorIds)
{
    return post(kApi + QStringLiteral("/cluster/executors/unblacklist"), {},
                repeated(QStringLiteral("id"), executorIds), Feature::Blacklist);
}

ApiRequest DroveApi::setMaintenance(bool enabled)
{
    return post(kApi + QStringLiteral("/cluster/maintenance/")
                    + (enabled ? QStringLiteral("set") : QStringLiteral("unset")),
                {}, {}, Feature::Maintenance);
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
    return get(kApi + QStringLiteral("/cluster/events/latest"), eventsQuery(lastSyncTime, size),
               Feature::EventsLatest);
}

ApiRequest DroveApi::legacyEvents(qint64 lastSyncTime, int size)
{
    return get(kApi + QStringLiteral("/cluster/events"), eventsQuery(lastSyncTime, size),
               Feature::EventsLegacy);
}

ApiRequest DroveApi::dashboard()
{
    return get(kApi + QStringLiteral("/cluster/dashboard"), {}, Feature::Dashboard);
}

ApiRequest DroveApi::eventsSummary(qint64 lastSyncTime)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("lastSyncTime"),
                       QString::number(qMax<qint64>(0, lastSyncTime)));
    return get(kApi + QStringLiteral("/cluster/events/summary"), query);
}

ApiRequest DroveApi::instanceLogFiles(const QString &appId, const QString &instanceId)
{
    ApiRequest request
        = get(logBase(appId, instanceId) + QStringLiteral("/list"), {}, Feature::Logs);
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
        = get(logBase(appId, instanceId) + QStringLiteral("/read/") + segment(fileName), query,
              Feature::Logs);
    request.payload = ApiRequest::Payload::BareJson;
    return request;
}

ApiRequest DroveApi::downloadInstanceLog(const QString &appId, const QString &instanceId,
                                         const QString &fileName)
{
    ApiRequest request
        = get(logBase(appId, instanceId) + QStringLiteral("/download/") + segment(fileName), {},
              Feature::Logs);
    request.payload = ApiRequest::Payload::Raw;
    return request;
}

} // namespace drove::client
