#pragma once

#include "client/capabilities.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

namespace drove::client {

/// One Drove API call, independent of which controller it goes to: built by DroveApi,
/// turned into a QNetworkRequest by RequestBuilder, sent by DroveClient.
struct ApiRequest
{
    enum class Method { Get, Post };
    /// What the body of a successful answer looks like.
    enum class Payload {
        Envelope, ///< `{status, data, message}` (every JSON API)
        BareJson, ///< plain JSON, no envelope (log list / read)
        Raw,      ///< bytes (log download)
    };

    Method method = Method::Get;
    QString path; ///< below the endpoint's base path, segments percent-encoded: "/apis/v1/ping"
    QUrlQuery query;
    QByteArray body; ///< JSON body of a POST; empty means none
    Payload payload = Payload::Envelope;
    /// The optional part of the API this call needs; None for the core endpoints. A 404/405
    /// without a Drove envelope marks it absent in the client's ControllerCapabilities.
    Feature feature = Feature::None;

    /// Reads may be retried; anything that changes cluster state must not be.
    bool isRead() const { return method == Method::Get; }
    /// "GET /apis/v1/applications" (for logs and tests).
    QString describe() const
    {
        QString text
            = (method == Method::Get ? QStringLiteral("GET ") : QStringLiteral("POST ")) + path;
        if (!query.isEmpty())
            text += QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
        return text;
    }
};

} // namespace drove::client
