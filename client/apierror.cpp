#include "client/apierror.h"

namespace drove::client {

ApiError ApiError::make(Kind kind, QString message, int httpStatus)
{
    ApiError error;
    error.kind = kind;
    error.message = std::move(message);
    error.httpStatus = httpStatus;
    return error;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::CannotConnect:
        return QStringLiteral("CannotConnect");
    case Kind::Timeout:
        return QStringLiteral("Timeout");
    case Kind::Tls:
        return QStringLiteral("Tls");
    case Kind::Unauthorized:
        return QStringLiteral("Unauthorized");
    case Kind::Forbidden:
        return QStringLiteral("Forbidden");
    case Kind::NotLeader:
        return QStringLiteral("NotLeader");
    case Kind::DroveFailure:
        return QStringLiteral("DroveFailure");
    case Kind::HttpStatus:
        return QStringLiteral("HttpStatus");
    case Kind::Decode:
        return QStringLiteral("Decode");
    case Kind::Cancelled:
        return QStringLiteral("Cancelled");
    }
    return QStringLiteral("Unknown");
}

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::CannotConnect:
    case Kind::Timeout:
    case Kind::NotLeader:
        return true;
    case Kind::HttpStatus:
        // Gateways in front of the controllers answer these while a controller restarts.
        return httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
    default:
        return false;
    }
}

bool ApiError::suggestsLeaderChange() const
{
    return kind == Kind::CannotConnect || kind == Kind::Timeout || kind == Kind::NotLeader;
}

QString ApiError::title() const
{
    switch (kind) {
    case Kind::CannotConnect:
        return tr("Cannot connect");
    case Kind::Timeout:
        return tr("No answer in time");
    case Kind::Tls:
        return tr("Secure connection failed");
    case Kind::Unauthorized:
        return tr("Not signed in");
    case Kind::Forbidden:
        return tr("Not allowed");
    case Kind::NotLeader:
        return tr("Not the leader");
    case Kind::DroveFailure:
        return tr("Refused by the controller");
    case Kind::HttpStatus:
        return isMissingEndpoint() ? tr("Not offered by this controller") : tr("Unexpected answer");
    case Kind::Decode:
        return tr("Unreadable answer");
    case Kind::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString ApiError::userText() const
{
    const QString where = url.isEmpty()
        ? tr("the controller")
        : url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo)
              .toDisplayString();
    QString text;
    switch (kind) {
    case Kind::CannotConnect:
        text = tr("Cannot connect to %1.").arg(where);
        if (!detail.isEmpty())
            text += QLatin1Char(' ') + tr("Reason: %1").arg(detail);
        break;
    case Kind::Timeout:
        text = tr("%1 did not answer in time. The controller may be overloaded or unreachable.")
                   .arg(where);
        break;
    case Kind::Tls:
        text = tr("The secure connection to %1 failed: %2. Check the controller's certificate; "
                  "only if you trust this controller, mark the cluster profile as insecure.")
                   .arg(where, detail.isEmpty() ? tr("certificate not accepted") : detail);
        break;
    case Kind::Unauthorized:
        text = tr("%1 rejected the credentials (HTTP 401). Check the user name and password, or "
                  "the authorization header, in the cluster profile.")
                   .arg(where);
        break;
    case Kind::Forbidden:
        text = tr("Your user is not allowed to do this (HTTP 403). Operations and cancel need a "
                  "read-write role; maintenance mode and blacklisting need the maintenance role.");
        break;
    case Kind::NotLeader:
        text = tr("%1 is not the leader controller; the console is looking for the leader.")
                   .arg(where);
        break;
    case Kind::DroveFailure:
        text = message.isEmpty() ? tr("The controller refused the request.")
                                 : tr("The controller refused the request: %1").arg(message);
        if (!detail.isEmpty())
            text += QLatin1Char('\n') + detail;
        break;
    case Kind::HttpStatus:
        if (isMissingEndpoint()) {
            text = tr("%1 does not serve %2 (HTTP %3). The rest of the console keeps working.")
                       .arg(where, url.path().isEmpty() ? tr("this request") : url.path())
                       .arg(httpStatus);
            if (feature != Feature::None)
                text = ControllerCapabilities::unavailableText(feature) + QLatin1Char(' ') + text;
            break;
        }
        text = message.isEmpty()
            ? tr("The controller answered with HTTP status %1.").arg(httpStatus)
            : tr("The controller answered with HTTP status %1: %2")
                  .arg(QString::number(httpStatus), message);
        break;
    case Kind::Decode:
        text = tr("The controller's answer could not be understood (%1).")
                   .arg(detail.isEmpty() ? tr("unexpected content") : detail);
        break;
    case Kind::Cancelled:
        text = tr("The request was cancelled.");
        break;
    }
    if (!validationErrors.isEmpty()) {
        text += QLatin1Char('\n');
        for (const QString &validationError : validationErrors)
            text += QLatin1Char('\n') + QStringLiteral("\u2022 ") + validationError;
    }
    return text;
}

} // namespace drove::client
