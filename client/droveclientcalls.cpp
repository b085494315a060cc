// The typed calls of DroveClient: request from DroveApi, decoder from the protocol types.
#include "client/droveapi.h"
#include "client/droveclient.h"

#include "protocol/fastdecode.h"
#include "protocol/jsonreader.h"

#include "protocol/parseerror.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonObject>
#include <QRunnable>

#include <algorithm>

namespace drove::client {

namespace {

ApiError decodeError(const QString &why)
{
    ApiError error = ApiError::make(ApiError::Kind::Decode);
    error.detail = why;
    return error;
}

template<typename T>
Result<T> decodeOne(const QJsonValue &data)
{
    protocol::ParseError parseError;
    std::optional<T> value = T::fromJson(data, &parseError);
    if (!value)
        return decodeError(parseError.toString());
    return std::move(*value);
}

template<typename T>
Result<QList<T>> decodeList(const QJsonValue &data)
{
    if (!data.isArray())
        return decodeError(QStringLiteral("expected a list"));
    const QJsonArray array = data.toArray();
    QList<T> list;
    list.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        protocol::ParseError parseError;
        std::optional<T> value
            = T::fromJson(array.at(i), &parseError, QStringLiteral("[%1]").arg(i));
        if (!value)
            return decodeError(parseError.toString());
        list.append(std::move(*value));
    }
    return list;
}

Result<QList<protocol::AppSummary>> decodeApplications(const QJsonValue &data)
{
    protocol::ParseError parseError;
    std::optional<QMap<QString, protocol::AppSummary>> map
        = protocol::AppSummary::mapFromJson(data, &parseError);
    if (!map)
        return decodeError(parseError.toString());
    return map->values();
}

Result<void> decodeNothing(const QJsonValue &)
{
    return {};
}

QStringList stateNames(const QList<protocol::InstanceState> &states)
{
    QStringList names;
    for (protocol::InstanceState state : states)
        names.append(protocol::toString(state));
    return names;
}

} // namespace

template<typename T>
void DroveClient::deliver(const QPointer<QObject> &context, const Callback<T> &callback,
                          Result<T> result)
{
    if (!result.ok() && result.error().kind != ApiError::Kind::Cancelled)
        emit requestFailed(result.error());
    if (context && callback)
        callback(result);
}

template<typename T>
DroveClient::RequestId
DroveClient::call(const ApiRequest &request, QObject *context,
                  std::function<Result<T>(const QJsonValue &)> decoder, Callback<T> callback,
                  std::function<bool(const QByteArray &, Result<T> *)> fastDecoder,
                  bool alwaysOffThread)
{
    const ApiRequest::Payload payload = request.payload;
    return sendRaw(
        request, context,
        [this, payload, decoder = std::move(decoder), fastDecoder = std::move(fastDecoder),
         callback = std::move(callback), guard = QPointer<QObject>(context ? context : this),
         alwaysOffThread](const RawReply &raw, const std::optional<ApiError> &error) {
            if (error) {
                deliver<T>(guard, callback, *error);
                return;
            }
            const auto decodeAll = [payload, decoder, fastDecoder](const RawReply &reply) {
                // Answers may come from other Drove versions (see TolerantDecoding).
                const protocol::TolerantDecoding tolerant;
                if (fastDecoder && payload == ApiRequest::Payload::Envelope
                    && !ReplyClassifier::transportError(reply)) {
                    Result<T> fast = ApiError {};
                    if (fastDecoder(reply.body, &fast))
                        return fast;
                }
                Result<QJsonValue> data = ReplyClassifier::decode(reply, payload);
                if (!data.ok())
                    return Result<T>(data.error());
                Result<T> decoded = decoder(data.value());
                if (!decoded.ok()) {
                    ApiError withUrl = decoded.error();
                    withUrl.url = reply.url;
                    withUrl.httpStatus = reply.httpStatus;
                    return Result<T>(withUrl);
                }
                return decoded;
            };
            if (raw.body.size() < m_offThreadThreshold && !alwaysOffThread) {
                deliver<T>(guard, callback, decodeAll(raw));
                return;
            }
            m_decodePool.start(QRunnable::create([this, raw, decodeAll, guard, callback] {
                Result<T> result = decodeAll(raw);
                QMetaObject::invokeMethod(
                    this, [this, guard, callback, result] { deliver<T>(guard, callback, result); },
                    Qt::QueuedConnection);
            }));
        });
}

DroveClient::RequestId DroveClient::send(const ApiRequest &request, QObject *context,
                                         Callback<QJsonValue> callback)
{
    return call<QJsonValue>(
        request, context, [](const QJsonValue &value) { return Result<QJsonValue>(value); },
        std::move(callback));
}

DroveClient::RequestId DroveClient::ping(QObject *context, Callback<void> callback)
{
    return call<void>(DroveApi::ping(), context, decodeNothing, std::move(callback));
}

DroveClient::RequestId DroveClient::applications(QObject *context,
                                                 Callback<QList<protocol::AppSummary>> callback,
                                                 const QList<protocol::AppSummary> &previous)
{
    // On the decoding thread: the apps that did not change are delivered as the previous
    // list's values, so that comparing them on the GUI thread is comparing pointers and freeing
    // the previous list frees nothing.
    return call<QList<protocol::AppSummary>>(
        DroveApi::applications(), context,
        [previous](const QJsonValue &data) {
            Result<QList<protocol::AppSummary>> result = decodeApplications(data);
            if (result.ok())
                shareUnchangedApps(result.value(), previous);
            return result;
        },
        std::move(callback),
        [previous, memo = m_applicationsMemo](const QByteArray &body,
                                              Result<QList<protocol::AppSummary>> *result) {
            std::optional<QList<protocol::AppSummary>> apps
                = protocol::fastDecodeApplicationsEnvelope(body, memo.get());
            if (!apps)
                return false;
            shareUnchangedApps(*apps, previous);
            *result = std::move(*apps);
            return true;
        });
}

void DroveClient::shareUnchangedApps(QList<protocol::AppSummary> &applications,
                                     const QList<protocol::AppSummary> &previous)
{
    if (previous.isEmpty())
        return;
    const auto idLess = [](const protocol::AppSummary &a, const protocol::AppSummary &b) {
        return a.id < b.id;
    };
    // Both are ordered by id when they come from the decoders (QMap order); anything else is
    // left as it is rather than sorted here.
    if (!std::is_sorted(applications.cbegin(), applications.cend(), idLess)
        || !std::is_sorted(previous.cbegin(), previous.cend(), idLess))
        return;
    auto old = previous.cbegin();
    for (protocol::AppSummary &app : applications) {
        while (old != previous.cend() && old->id < app.id)
            ++old;
        if (old == previous.cend())
            break;
        if (old->id == app.id && *old == app)
            app = *old;
    }
}

DroveClient::RequestId DroveClient::application(const QString &appId, QObject *context,
                                                Callback<protocol::AppSummary> callback)
{
    return call<protocol::AppSummary>(DroveApi::application(appId), context,
                                      decodeOne<protocol::AppSummary>, std::move(callback));
}

DroveClient::RequestId DroveClient::applicationSpec(const QString &appId, QObject *context,
                                                    Callback<protocol::ApplicationSpec> callback)
{
    return call<protocol::ApplicationSpec>(DroveApi::applicationSpec(appId), context,
                                           decodeOne<protocol::ApplicationSpec>,
                                           std::move(callback));
}

namespace {

bool fastInstances(const QByteArray &body, Result<QList<protocol::InstanceInfo>> *result)
{
    std::optional<QList<protocol::InstanceInfo>> instances
        = protocol::fastDecodeInstancesEnvelope(body);
    if (instances)
        *result = std::move(*instances);
    return instances.has_value();
}

} // namespace

DroveClient::RequestId DroveClient::instances(const QString &appId,
                                              const QList<protocol::InstanceState> &states,
                                              QObject *context,
                                              Callback<QList<protocol::InstanceInfo>> callback)
{
    return call<QList<protocol::InstanceInfo>>(DroveApi::instances(appId, stateNames(states)),
                                               context, decodeList<protocol::InstanceInfo>,
                                               std::move(callback), fastInstances);
}

DroveClient::RequestId DroveClient::oldInstances(const QString &appId, int start, int size,
                                                 QObject *context,
                                                 Callback<QList<protocol::InstanceInfo>> callback)
{
    return call<QList<protocol::InstanceInfo>>(DroveApi::oldInstances(appId, start, size), context,
                                               decodeList<protocol::InstanceInfo>,
                                               std::move(callback), fastInstances);
}

DroveClient::RequestId DroveClient::instance(const QString &appId, const QString &instanceId,
                                             QObject *context,
                                             Callback<protocol::InstanceInfo> callback)
{
    return call<protocol::InstanceInfo>(DroveApi::instance(appId, instanceId), context,
                                        decodeOne<protocol::InstanceInfo>, std::move(callback));
}

DroveClient::RequestId DroveClient::submitOperation(const protocol::ApplicationOperation &operation,
                                                    QObject *context, Callback<QString> callback)
{
    const QString fallbackAppId = operation.appId;
    return call<QString>(
        DroveApi::submitOperation(operation.toJson()), context,
        [fallbackAppId](const QJsonValue &data) -> Result<QString> {
            const QString appId = data.toObject().value(QLatin1String("appId")).toString();
            if (!appId.isEmpty())
                return appId;
            if (!fallbackAppId.isEmpty())
                return fallbackAppId;
            return decodeError(QStringLiteral("the accepted operation names no appId"));
        },
        std::move(callback));
}

DroveClient::RequestId DroveClient::probeWriteAccess(QObject *context, Callback<bool> callback)
{
    return call<void>(
        DroveApi::submitOperation(QJsonObject()), context, decodeNothing,
        [callback = std::move(callback)](const Result<void> &result) {
            if (result.ok()) // cannot happen with an empty body; it did pass the role check
                return callback(Result<bool>(true));
            const ApiError &error = result.error();
            if (error.kind == ApiError::Kind::Forbidden)
                return callback(Result<bool>(false));
            if (error.httpStatus == 400 || error.httpStatus == 422)
                return callback(Result<bool>(true)); // past the role check, refused the body
            callback(Result<bool>(error));
        });
}

DroveClient::RequestId DroveClient::cancelOperation(const QString &appId, QObject *context,
                                                    Callback<void> callback)
{
    return call<void>(DroveApi::cancelOperation(appId), context, decodeNothing,
                      std::move(callback));
}

DroveClient::RequestId DroveClient::validateSpec(const protocol::ApplicationSpec &spec,
                                                 QObject *context, Callback<void> callback)
{
    return call<void>(DroveApi::validateSpec(spec.toJson()), context, decodeNothing,
                      std::move(callback));
}

DroveClient::RequestId DroveClient::endpoints(const QStringList &appNames, QObject *context,
                                              Callback<QList<protocol::ExposedAppInfo>> callback)
{
    return call<QList<protocol::ExposedAppInfo>>(DroveApi::endpoints(appNames), context,
                                                 decodeList<protocol::ExposedAppInfo>,
                                                 std::move(callback));
}

DroveClient::RequestId DroveClient::clusterSummary(QObject *context,
                                                   Callback<protocol::ClusterSummary> callback)
{
    return call<protocol::ClusterSummary>(DroveApi::clusterSummary(), context,
                                          decodeOne<protocol::ClusterSummary>, std::move(callback));
}

DroveClient::RequestId DroveClient::executors(QObject *context,
                                              Callback<QList<protocol::ExecutorSummary>> callback)
{
    return call<QList<protocol::ExecutorSummary>>(
        DroveApi::executors(), context, decodeList<protocol::ExecutorSummary>, std::move(callback),
        [](const QByteArray &body, Result<QList<protocol::ExecutorSummary>> *result) {
            std::optional<QList<protocol::ExecutorSummary>> executors
                = protocol::fastDecodeExecutorsEnvelope(body);
            if (executors)
                *result = std::move(*executors);
            return executors.has_value();
        });
}

DroveClient::RequestId DroveClient::executor(const QString &executorId, QObject *context,
                                             Callback<protocol::ExecutorNodeData> callback)
{
    // Off the GUI thread whatever its size: one executor's details (60 KiB for 128 instances)
    // took 2–4 ms of it to decode, and a session fetches every executor's in turn.
    return call<protocol::ExecutorNodeData>(DroveApi::executor(executorId), context,
                                            decodeOne<protocol::ExecutorNodeData>,
                                            std::move(callback), {}, true);
}

DroveClient::RequestId
DroveClient::blacklistExecutors(const QStringList &executorIds, QObject *context,
                                Callback<protocol::BlacklistOperationResponse> callback)
{
    return call<protocol::BlacklistOperationResponse>(
        DroveApi::blacklistExecutors(executorIds), context,
        decodeOne<protocol::BlacklistOperationResponse>, std::move(callback));
}

DroveClient::RequestId
DroveClient::unblacklistExecutors(const QStringList &executorIds, QObject *context,
                                  Callback<protocol::BlacklistOperationResponse> callback)
{
    return call<protocol::BlacklistOperationResponse>(
        DroveApi::unblacklistExecutors(executorIds), context,
        decodeOne<protocol::BlacklistOperationResponse>, std::move(callback));
}

DroveClient::RequestId DroveClient::setMaintenance(bool enabled, QObject *context,
                                                   Callback<protocol::ClusterStateData> callback)
{
    return call<protocol::ClusterStateData>(DroveApi::setMaintenance(enabled), context,
                                            decodeOne<protocol::ClusterStateData>,
                                            std::move(callback));
}

DroveClient::RequestId DroveClient::latestEvents(qint64 lastSyncTime, int size, QObject *context,
                                                 Callback<protocol::DroveEventsList> callback)
{
    return call<protocol::DroveEventsList>(DroveApi::latestEvents(lastSyncTime, size), context,
                                           decodeOne<protocol::DroveEventsList>,
                                           std::move(callback));
}

DroveClient::RequestId DroveClient::eventsSummary(qint64 lastSyncTime, QObject *context,
                                                  Callback<protocol::DroveEventsSummary> callback)
{
    return call<protocol::DroveEventsSummary>(DroveApi::eventsSummary(lastSyncTime), context,
                                              decodeOne<protocol::DroveEventsSummary>,
                                              std::move(callback));
}

DroveClient::RequestId DroveClient::legacyEvents(qint64 lastSyncTime, int size, QObject *context,
                                                 Callback<QList<protocol::DroveEvent>> callback)
{
    return call<QList<protocol::DroveEvent>>(DroveApi::legacyEvents(lastSyncTime, size), context,
                                             decodeList<protocol::DroveEvent>, std::move(callback));
}

void DroveClient::probeCapabilities()
{
    m_probed = true; // and again after a leader change
    // Each answer is noted by noteCapability(); the values themselves are not needed.
    const auto ignore = [](const Result<QJsonValue> &) {
    };
    send(DroveApi::latestEvents(QDateTime::currentMSecsSinceEpoch(), 1), this, ignore);
    send(DroveApi::legacyEvents(QDateTime::currentMSecsSinceEpoch(), 1), this, ignore);
    send(DroveApi::dashboard(), this, ignore);
    // An app name no one uses keeps the answer small on large clusters.
    send(DroveApi::endpoints({QStringLiteral("drove-console-capability-probe")}), this, ignore);
}

DroveClient::RequestId DroveClient::instanceLogFiles(const QString &appId,
                                                     const QString &instanceId, QObject *context,
                                                     Callback<QStringList> callback)
{
    return call<QStringList>(
        DroveApi::instanceLogFiles(appId, instanceId), context,
        [](const QJsonValue &data) -> Result<QStringList> {
            const QJsonValue files = data.toObject().value(QLatin1String("files"));
            if (!files.isArray())
                return decodeError(QStringLiteral("expected {\"files\": [...]}"));
            QStringList names;
            for (const QJsonValue &file : files.toArray()) {
                if (!file.isString())
                    return decodeError(QStringLiteral("files[] must hold strings"));
                names.append(file.toString());
            }
            return names;
        },
        std::move(callback));
}

DroveClient::RequestId DroveClient::readInstanceLog(const QString &appId, const QString &instanceId,
                                                    const QString &fileName, qint64 offset,
                                                    qint64 length, QObject *context,
                                                    Callback<LogChunk> callback)
{
    return call<LogChunk>(
        DroveApi::readInstanceLog(appId, instanceId, fileName, offset, length), context,
        [](const QJsonValue &data) -> Result<LogChunk> {
            const QJsonObject object = data.toObject();
            const QJsonValue text = object.value(QLatin1String("data"));
            const QJsonValue at = object.value(QLatin1String("offset"));
            if (!text.isString() || !at.isDouble())
                return decodeError(QStringLiteral("expected {\"data\": \"…\", \"offset\": n}"));
            return LogChunk {text.toString(), qint64(at.toDouble())};
        },
        std::move(callback));
}

DroveClient::RequestId DroveClient::downloadInstanceLog(const QString &appId,
                                                        const QString &instanceId,
                                                        const QString &fileName, QIODevice *sink,
                                                        QObject *context, Callback<qint64> callback)
{
    const QPointer<QObject> guard(context ? context : this);
    if (!sink || !sink->isWritable()) {
        ApiError error = ApiError::make(ApiError::Kind::Cancelled);
        error.detail = QStringLiteral("no writable destination for the download");
        QMetaObject::invokeMethod(
            this, [this, guard, callback, error] { deliver<qint64>(guard, callback, error); },
            Qt::QueuedConnection);
        return 0;
    }
    return sendRaw(
        DroveApi::downloadInstanceLog(appId, instanceId, fileName), context,
        [this, guard, callback](const RawReply &raw, const std::optional<ApiError> &error) {
            if (error) {
                deliver<qint64>(guard, callback, *error);
                return;
            }
            deliver<qint64>(guard, callback, raw.body.toLongLong());
        },
        sink);
}

} // namespace drove::client
