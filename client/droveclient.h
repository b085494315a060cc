#pragma once

#include "client/apirequest.h"
#include "client/capabilities.h"
#include "client/clusterauth.h"
#include "client/logchunk.h"
#include "client/replyclassifier.h"
#include "client/requestbuilder.h"
#include "client/result.h"
#include "client/retrypolicy.h"

#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/appsummary.h"
#include "protocol/blacklistoperationresponse.h"
#include "protocol/clusterstatedata.h"
#include "protocol/clustersummary.h"
#include "protocol/droveeventslist.h"
#include "protocol/droveeventssummary.h"
#include "protocol/executornodedata.h"
#include "protocol/executorsummary.h"
#include "protocol/exposedappinfo.h"
#include "protocol/fastdecode.h"
#include "protocol/instanceinfo.h"
#include "protocol/instancestate.h"

#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <random>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QSslError;

namespace drove::client {

class LeaderDiscovery;

/// The console's asynchronous Drove API client.
///
/// - One injected QNetworkAccessManager (not owned); every call returns immediately.
/// - Every call is bound to a `context` object: the callback runs on the GUI thread, never
///   after `context` is destroyed (the request is aborted then). A null context means the
///   client itself.
/// - Results are values (Result<T>): the decoded protocol type, or an ApiError.
/// - Reads (GET) are retried on transient errors with RetryPolicy's bounded backoff;
///   operations (POST) are never retried automatically.
/// - With several endpoints the leader is found with /ping and requests fail over when a
///   controller stops answering or answers "not the leader"; see leaderChanged().
/// - Responses above offThreadDecodeThreshold() bytes are parsed and decoded on a worker
///   thread.
class DroveClient : public QObject
{
    Q_OBJECT

public:
    using RequestId = quint64;

    explicit DroveClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~DroveClient() override;

    /// Points the client at a cluster. Cancels everything in flight (callbacks get Cancelled)
    /// and forgets the leader.
    void setConnectionSettings(const ConnectionSettings &settings);
    const ConnectionSettings &connectionSettings() const { return m_settings; }
    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }
    const RetryPolicy &retryPolicy() const { return m_retryPolicy; }
    /// Bodies of at least this many bytes are decoded off the GUI thread (default 64 KiB).
    void setOffThreadDecodeThreshold(qsizetype bytes) { m_offThreadThreshold = bytes; }
    qsizetype offThreadDecodeThreshold() const { return m_offThreadThreshold; }

    /// What the current controller was found to serve (from probeCapabilities() and from every
    /// answer: a 2xx marks a feature present, a 404/405 without envelope marks it absent).
    /// Forgotten on setConnectionSettings() and when the leader changes.
    const ControllerCapabilities &capabilities() const { return m_capabilities; }
    /// Asks the cheap optional GETs (event feeds, dashboard, endpoints of no app) once each;
    /// the answers land in capabilities(). Features behind POSTs, executor details and logs are
    /// learnt on first use. Once asked, asked again whenever the leader changes.
    void probeCapabilities();

    /// The controller requests currently go to; empty while unknown.
    QUrl leader() const;
    /// Requests in flight, waiting for the leader, or waiting to retry.
    int pendingCount() const { return int(m_pending.size()); }

    /// Translated description of certificate problems: what is wrong (expired on …, issued by
    /// an unknown "…", made for other names: …) and which profile option fixes it.
    static QString describeSslErrors(const QList<QSslError> &errors, const QString &host);

    /// Aborts one request; its callback gets ApiError::Kind::Cancelled (if its context lives).
    void cancel(RequestId id);
    /// Aborts everything in flight (callbacks get Cancelled).
    void cancelAll();

    /// Any call, decoded only as far as the envelope: `data` (Undefined when absent) for
    /// Envelope requests, the whole document for BareJson, the body as a string for Raw.
    RequestId send(const ApiRequest &request, QObject *context, Callback<QJsonValue> callback);

    // ---- Typed calls (drove-api.md §1). All asynchronous; see the class comment. ----

    /// GET /apis/v1/ping on the current leader.
    RequestId ping(QObject *context, Callback<void> callback);

    /// GET /apis/v1/applications, as a list ordered by app id (the wire map is keyed by it).
    /// An app equal to its entry in `previous` (a list this call delivered before) is
    /// delivered as that entry, sharing its memory (see shareUnchangedApps()).
    RequestId applications(QObject *context, Callback<QList<protocol::AppSummary>> callback,
                           const QList<protocol::AppSummary> &previous = {});
    /// Replaces every app of `applications` equal to the entry of the same id in `previous` by
    /// that entry (both ordered by id, else nothing is done): the values stay the same, but
    /// their strings and tags are the previous list's, so comparing the two lists compares
    /// pointers and dropping the previous list frees almost nothing. Thread-safe on values.
    static void shareUnchangedApps(QList<protocol::AppSummary> &applications,
                                   const QList<protocol::AppSummary> &previous);
    RequestId application(const QString &appId, QObject *context,
                          Callback<protocol::AppSummary> callback);
    RequestId applicationSpec(const QString &appId, QObject *context,
                              Callback<protocol::ApplicationSpec> callback);
    /// Active instances; `states` filters on the server (empty = all active).
    RequestId instances(const QString &appId, const QList<protocol::InstanceState> &states,
                        QObject *context, Callback<QList<protocol::InstanceInfo>> callback);
    /// Old (terminated) instances; `size` < 0 = all the controller keeps.
    RequestId oldInstances(const QString &appId, int start, int size, QObject *context,
                           Callback<QList<protocol::InstanceInfo>> callback);
    RequestId instance(const QString &appId, const QString &instanceId, QObject *context,
                       Callback<protocol::InstanceInfo> callback);
    /// POST /apis/v1/applications/operations. Never retried. Success carries the app id
    /// (derived from the spec for CREATE).
    RequestId submitOperation(const protocol::ApplicationOperation &operation, QObject *context,
                              Callback<QString> callback);
    /// Whether this user may change anything, asked before the first refusal: POSTs an
    /// operation body that fails validation (`{}`) to /apis/v1/applications/operations. Drove
    /// checks the role (@RolesAllowed, a Jersey request filter) before it reads the body, so a
    /// read-only user gets 403 and a writer 400, and nothing can change either way. true: may
    /// write; false: 403; an error when the answer says neither (offline, 401, 5xx…).
    RequestId probeWriteAccess(QObject *context, Callback<bool> callback);
    /// POST /apis/v1/applications/operations/{appId}/cancel. Never retried.
    RequestId cancelOperation(const QString &appId, QObject *context, Callback<void> callback);
    /// POST /apis/v1/applications/validate/spec; failure carries the validation errors.
    RequestId validateSpec(const protocol::ApplicationSpec &spec, QObject *context,
                           Callback<void> callback);
    /// GET /apis/v1/endpoints, optionally filtered by app *names*.
    RequestId endpoints(const QStringList &appNames, QObject *context,
                        Callback<QList<protocol::ExposedAppInfo>> callback);

    RequestId clusterSummary(QObject *context, Callback<protocol::ClusterSummary> callback);
    RequestId executors(QObject *context, Callback<QList<protocol::ExecutorSummary>> callback);
    RequestId executor(const QString &executorId, QObject *context,
                       Callback<protocol::ExecutorNodeData> callback);
    /// POST …/executors/blacklist?id=…; never retried.
    RequestId blacklistExecutors(const QStringList &executorIds, QObject *context,
                                 Callback<protocol::BlacklistOperationResponse> callback);
    RequestId unblacklistExecutors(const QStringList &executorIds, QObject *context,
                                   Callback<protocol::BlacklistOperationResponse> callback);
    /// POST …/maintenance/set (true) or unset (false); never retried.
    RequestId setMaintenance(bool enabled, QObject *context,
                             Callback<protocol::ClusterStateData> callback);
    /// GET …/events/latest?lastSyncTime=…&size=… (events newest first).
    RequestId latestEvents(qint64 lastSyncTime, int size, QObject *context,
                           Callback<protocol::DroveEventsList> callback);
    RequestId eventsSummary(qint64 lastSyncTime, QObject *context,
                            Callback<protocol::DroveEventsSummary> callback);
    /// GET …/events?lastSyncTime=…&size=… (deprecated C12; a bare list, newest first).
    RequestId legacyEvents(qint64 lastSyncTime, int size, QObject *context,
                           Callback<QList<protocol::DroveEvent>> callback);

    /// Log file names of an instance.
    RequestId instanceLogFiles(const QString &appId, const QString &instanceId, QObject *context,
                               Callback<QStringList> callback);
    /// Reads from `offset` (< 0: the tail); `length` < 0 = controller default.
    RequestId readInstanceLog(const QString &appId, const QString &instanceId,
                              const QString &fileName, qint64 offset, qint64 length,
                              QObject *context, Callback<LogChunk> callback);
    /// Streams a log file into `sink` (opened for writing, not owned; must outlive the call
    /// or the download is aborted). Success carries the number of bytes written. Not retried
    /// (bytes already written cannot be taken back).
    RequestId downloadInstanceLog(const QString &appId, const QString &instanceId,
                                  const QString &fileName, QIODevice *sink, QObject *context,
                                  Callback<qint64> callback);

signals:
    /// Requests now go to `leader` (first discovery included).
    void leaderChanged(const QUrl &leader);
    /// A request finally failed (after retries). For status bars and logs; callbacks get the
    /// same error.
    void requestFailed(const drove::client::ApiError &error);
    /// capabilities() changed (a feature found present or absent, or all forgotten).
    void capabilitiesChanged(const drove::client::ControllerCapabilities &capabilities);

private:
    /// Called once per request with the reply and, when it failed, its error (a failed leader
    /// discovery has no reply: `raw` is then empty).
    using RawHandler
        = std::function<void(const RawReply &raw, const std::optional<ApiError> &error)>;

    struct Pending
    {
        RequestId id = 0;
        ApiRequest request;
        QPointer<QObject> context;
        RawHandler handler;
        QPointer<QNetworkReply> reply;
        QPointer<QIODevice> sink;
        QUrl endpoint;
        QString tlsProblems; ///< what was wrong with the certificate, for the error
        qint64 written = 0;
        QByteArray body;             ///< what arrived of the answer so far (not for a sink)
        bool drainScheduled = false; ///< more of the body is taken on the next turn
        bool replyFinished = false;  ///< the reply finished; its body may still be being taken
        int attempt = 0;
        bool waitingForLeader = false;
        bool cancelled = false;
        QMetaObject::Connection contextConnection;
    };

    RequestId sendRaw(const ApiRequest &request, QObject *context, RawHandler handler,
                      QIODevice *sink = nullptr);
    void dispatch(RequestId id);
    void start(Pending &pending, const QUrl &endpoint);
    void onReplyFinished(RequestId id, QNetworkReply *reply);
    /// Moves at most kBodySlice bytes of the reply's body into `pending.body`; true when more
    /// is waiting.
    bool takeBodySlice(Pending &pending);
    /// Takes the next slice on the next turn of the event loop (and finishes the request once
    /// the reply finished and its body is all in).
    void scheduleDrain(Pending &pending);
    void onLeaderFound(const QUrl &leader);
    void onDiscoveryFailed(const ApiError &error);
    /// Retries a read when the error allows it; otherwise finishes. True when retrying.
    bool retryIfAllowed(RequestId id, const ApiError &error);
    void finish(RequestId id, const RawReply &raw, const std::optional<ApiError> &error);
    void abortForDeadContext(RequestId id);
    /// Learns from one answer whether the feature behind `request` is there.
    void noteCapability(const ApiRequest &request, const RawReply &raw,
                        const std::optional<ApiError> &error);
    void forgetCapabilities();

    /// Decodes `raw` with `decoder` (on the worker when large) and calls back on this thread.
    /// `fastDecoder`, when given, is tried first on a 2xx body: it decodes the plain success
    /// case straight from the bytes into its Result and returns true; for anything else it
    /// returns false and the body goes through the envelope check and `decoder` as usual.
    template<typename T>
    RequestId call(const ApiRequest &request, QObject *context,
                   std::function<Result<T>(const QJsonValue &)> decoder, Callback<T> callback,
                   std::function<bool(const QByteArray &, Result<T> *)> fastDecoder = {},
                   bool alwaysOffThread = false);
    template<typename T>
    void deliver(const QPointer<QObject> &context, const Callback<T> &callback, Result<T> result);

    QNetworkAccessManager *m_network;
    LeaderDiscovery *m_discovery;
    ConnectionSettings m_settings;
    ControllerCapabilities m_capabilities;
    QUrl m_knownLeader;    ///< the leader of this connection, once found
    bool m_probed = false; ///< probeCapabilities() was asked for on this connection
    RequestBuilder m_builder;
    RetryPolicy m_retryPolicy;
    qsizetype m_offThreadThreshold = 64 * 1024;
    /// Bodies announced up to this size get their whole buffer up front.
    static constexpr qint64 kMaxReservedBody = 256 * 1024 * 1024;
    /// Body bytes taken per turn of the event loop (a couple of ms at most, page faults included).
    static constexpr qint64 kBodySlice = 256 * 1024;
    QHash<RequestId, Pending> m_pending;
    RequestId m_nextId = 1;
    std::mt19937 m_random {std::random_device {}()};
    QThreadPool m_decodePool;
    /// The last /applications body's apps by their bytes: unchanged apps are not decoded again.
    std::shared_ptr<protocol::ApplicationsDecodeMemo> m_applicationsMemo
        = std::make_shared<protocol::ApplicationsDecodeMemo>();
};

} // namespace drove::client
