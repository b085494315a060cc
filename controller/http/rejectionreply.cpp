#include "controller/http/rejectionreply.h"

#include "protocol/apiresponse.h"
#include "protocol/operationvalidator.h"

namespace drove::controller::http {

int httpStatus(Rejection rejection)
{
    switch (rejection) {
    case Rejection::None:
        return 200;
    case Rejection::InvalidCommand:
    case Rejection::NotCancellable:
        // ValidationErrorHandler / the cancel resource: 400 with the FAILED envelope.
        return 400;
    case Rejection::NotStored:
        // A write that throws reaches Drove's CatchAllErrorHandler.java:16-18.
        return 500;
    case Rejection::StoreUnavailable:
        return 503;
    }
    return 500;
}

HttpReply rejectionReply(Rejection rejection, const QString &message,
                         const QStringList &validationErrors)
{
    const int status = httpStatus(rejection);
    switch (rejection) {
    case Rejection::None:
        return HttpReply::success();
    case Rejection::InvalidCommand:
        return HttpReply::validationFailed(
            message.isEmpty() ? protocol::ApiResponse::CommandValidationFailure : message,
            validationErrors, status);
    case Rejection::NotCancellable:
        return HttpReply::failed(
            status,
            message.isEmpty() ? protocol::OperationValidator::cancelFailedMessage() : message);
    case Rejection::NotStored:
        return HttpReply::unexpected(message);
    case Rejection::StoreUnavailable:
        return HttpReply::failed(status, message);
    }
    return HttpReply::unexpected(message);
}

} // namespace drove::controller::http
