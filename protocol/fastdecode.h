#pragma once

#include "protocol/appsummary.h"
#include "protocol/executorsummary.h"
#include "protocol/instanceinfo.h"

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QMutex>

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

/// What one decode of `/applications` leaves for the next: each app's bytes on the wire (as
/// two 64-bit hashes and a length, with its id's) beside the value they decoded to. A cluster
/// resynced every minute sends the same bytes for almost every app; those are not decoded
/// again (building 10,000 AppSummary values was most of a decode's cost).
/// Thread-safe: the decode thread updates it, any thread may clear it.
class ApplicationsDecodeMemo
{
public:
    qsizetype size() const;
    void clear();

private:
    friend std::optional<QList<AppSummary>>
    fastDecodeApplicationsEnvelope(QByteArrayView body, ApplicationsDecodeMemo *memo,
                                   qsizetype *reused);
    struct Key
    {
        quint64 first = 0;
        quint64 second = 0;
        qsizetype length = 0;
        bool operator==(const Key &other) const
        {
            return first == other.first && second == other.second && length == other.length;
        }
    };
    friend size_t qHash(const Key &key, size_t seed) { return size_t(key.first) ^ seed; }
    /// The apps in the order read, and where each key's is: a hash of small nodes (a node
    /// holding the whole app made remembering 10,000 of them cost as much as decoding them).
    struct Apps
    {
        QHash<Key, qsizetype> index;
        QList<std::pair<QString, AppSummary>> values;
    };
    Apps take();
    void put(Apps apps);

    mutable QMutex m_mutex;
    Apps m_apps;
};

/// The same decode (same contract, same result), reusing from `memo` every app whose bytes it
/// has seen and leaving in it this body's apps (only when the body is accepted). `reused`, when
/// given, receives how many apps came from the memo.
std::optional<QList<AppSummary>> fastDecodeApplicationsEnvelope(QByteArrayView body,
                                                                ApplicationsDecodeMemo *memo,
                                                                qsizetype *reused = nullptr);

/// Same contract for `GET /apis/v1/cluster/executors` (a `data` array of ExecutorSummary, in
/// the order sent), against ExecutorSummary::listFromJson. Unknown enum values, numbers that
/// are not plain integers in range and repeated keys go to the regular path.
std::optional<QList<ExecutorSummary>> fastDecodeExecutorsEnvelope(QByteArrayView body);

/// Same contract for an instance list (`GET /apis/v1/applications/{id}/instances` and the old
/// instances), against decodeList<InstanceInfo>: a state this version does not know, metadata
/// values that are not strings, a resource without its type and the like go to the regular path.
std::optional<QList<InstanceInfo>> fastDecodeInstancesEnvelope(QByteArrayView body);

} // namespace drove::protocol
