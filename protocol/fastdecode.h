#pragma once

#include "protocol/appsummary.h"
#include "protocol/executorsummary.h"
#include "protocol/instanceinfo.h"

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
///
/// simdjson's On-Demand parser does the reading (it replaced a hand-written byte scanner of the
/// same speed, issue 18; bench/protocol/RESULTS.md); every value it does not use is still read
/// in full, so a malformed one is refused as the regular path refuses it.
std::optional<QList<AppSummary>> fastDecodeApplicationsEnvelope(QByteArrayView body);

/// Same contract for `GET /apis/v1/cluster/executors` (a `data` array of ExecutorSummary, in
/// the order sent), against ExecutorSummary::listFromJson. Unknown enum values, numbers that
/// are not plain integers in range and repeated keys go to the regular path.
std::optional<QList<ExecutorSummary>> fastDecodeExecutorsEnvelope(QByteArrayView body);

/// Same contract for an instance list (`GET /apis/v1/applications/{id}/instances` and the old
/// instances), against decodeList<InstanceInfo>: a state this version does not know, metadata
/// values that are not strings, a resource without its type and the like go to the regular path.
std::optional<QList<InstanceInfo>> fastDecodeInstancesEnvelope(QByteArrayView body);

} // namespace drove::protocol
