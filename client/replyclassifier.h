#pragma once

#include "client/apirequest.h"
#include "client/result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QNetworkReply>
#include <QUrl>

#include <optional>

namespace drove::client {

/// What came back for one request, copied out of the QNetworkReply so that it can be
/// classified and decoded anywhere (tests, worker threads).
struct RawReply
{
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString;
    int httpStatus = 0; ///< 0 when no HTTP answer arrived
    QByteArray contentType;
    QByteArray body;
    QUrl url;
    bool cancelled = false; ///< aborted by DroveClient::cancel
    bool timedOut = false;  ///< aborted by the transfer timeout

    static RawReply fromReply(QNetworkReply *reply, bool cancelledByClient);
};

/// The rules that turn a finished reply into an ApiError kind or the envelope's `data`
/// (drove-api.md §0.1–0.2). Pure functions.
class ReplyClassifier
{
public:
    /// The error of a reply, if it failed on the network or answered non-2xx; nullopt for a
    /// 2xx answer (whose body may still hold a FAILED envelope: see decode()).
    static std::optional<ApiError> transportError(const RawReply &reply);

    /// Full classification of any reply: errors as above, else the envelope checked
    /// (`status` FAILED → DroveFailure/NotLeader, 200 FAILED included) and its `data` returned
    /// (QJsonValue::Undefined when the key is absent). BareJson returns the whole document.
    static Result<QJsonValue> decode(const RawReply &reply, ApiRequest::Payload payload);

    /// The ApiError of a parsed FAILED envelope (message, validationErrors, data.failure).
    static ApiError failureFromEnvelope(const QJsonObject &envelope, int httpStatus);
};

} // namespace drove::client
