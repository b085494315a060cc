#pragma once

#include "client/capabilities.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace drove::client {

/// Why a call to the Drove API failed, as a value the UI can act on.
/// Build one through ReplyClassifier (from a finished reply) or the named constructors below;
/// show it with userText(), the one place that turns errors into words.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(drove::client::ApiError)

public:
    enum class Kind {
        CannotConnect, ///< refused, host not found, connection dropped before an answer
        Timeout,       ///< no complete answer within the request's transfer timeout
        Tls,           ///< TLS handshake or certificate verification failed
        Unauthorized,  ///< HTTP 401: missing or wrong credentials
        Forbidden,     ///< HTTP 403: authenticated, but the role does not allow this call
        NotLeader,     ///< 400 "This node is not the leader controller"
        DroveFailure,  ///< a Drove envelope with status FAILED (message, validationErrors)
        HttpStatus,    ///< any other non-2xx answer without a Drove envelope
        Decode,        ///< a 2xx answer whose body is not what the endpoint returns
        Cancelled,     ///< cancelled by the console (DroveClient::cancel)
    };

    Kind kind = Kind::CannotConnect;
    int httpStatus = 0; ///< 0 when no HTTP answer was received
    QString message;    ///< the controller's own message (envelope `message`, or 401/403 body)
    QStringList validationErrors; ///< envelope `data.validationErrors`, verbatim
    QString detail; ///< technical detail: Qt's network error text, `data.failure`, decode reason
    QUrl url;       ///< the request URL (never carries credentials)
    /// The optional part of the API the request needed (see ApiRequest::feature).
    Feature feature = Feature::None;

    static ApiError make(Kind kind, QString message = {}, int httpStatus = 0);

    /// Clear, translated text for the user: what went wrong, the controller's own words and
    /// every validation error, one per line. The only place ApiError becomes prose.
    QString userText() const;
    /// A short translated title for dialogs and status bars ("Not authorised", …).
    QString title() const;

    /// Worth retrying a read later (network trouble, timeouts, 502/503/504, not leader).
    bool isTransient() const;
    /// The controller that answered (or not) may no longer be the leader; look again.
    bool suggestsLeaderChange() const;
    /// The controller is there but does not serve this route: a 404 or 405 without a Drove
    /// envelope (a Drove "not found" for an app or executor comes in an envelope and is a
    /// DroveFailure). Reported for the feature, never as "offline".
    bool isMissingEndpoint() const
    {
        return kind == Kind::HttpStatus && (httpStatus == 404 || httpStatus == 405);
    }

    /// Stable, untranslated name for logs and tests ("NotLeader").
    static QString kindName(Kind kind);
};

/// The exact message non-leader controllers answer with (drove-api.md §0.2).
inline constexpr const char kNotLeaderMessage[] = "This node is not the leader controller";

} // namespace drove::client

Q_DECLARE_METATYPE(drove::client::ApiError)
