#pragma once

#include "protocol/appsummary.h"

#include <QByteArrayView>
#include <QList>

#include <optional>

namespace drove::protocol {

/// Decodes a whole `GET /apis/v1/applications` response body (the SUCCESS envelope with its
/// `data` object keyed by app id) straight from the bytes, sorted by app id like
/// AppSummary::mapFromJson(...).values(). About three times cheaper than QJsonDocument +
/// mapFromJson, which matters when a cluster has thousands of applications.
///
/// nullopt means "not the plain success case": a FAILED envelope, malformed JSON, a value of an
/// unexpected type, an unknown state, a duplicate key... The caller then decodes the same bytes
/// the regular way, which yields the precise error (or the same values). It never accepts a
/// body that the regular path rejects, and never decodes one differently.
std::optional<QList<AppSummary>> fastDecodeApplicationsEnvelope(QByteArrayView body);

} // namespace drove::protocol
