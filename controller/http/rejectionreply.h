#pragma once

#include "controller/http/httpreply.h"
#include "controller/rejection.h"

#include <QString>
#include <QStringList>

namespace drove::controller::http {

/// The HTTP status Drove answers \a rejection with (200 for Rejection::None).
int httpStatus(Rejection rejection);

/// The whole answer to a refused command: status and Drove envelope. \a message and
/// \a validationErrors are the core's; an empty message gets Drove's default for the kind.
/// Rejection::None answers the plain success envelope.
HttpReply rejectionReply(Rejection rejection, const QString &message,
                         const QStringList &validationErrors = {});

} // namespace drove::controller::http
