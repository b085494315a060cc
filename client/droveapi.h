#pragma once

#include "client/apirequest.h"

#include <QJsonObject>
#include <QStringList>

namespace drove::client {

/// The Drove endpoints the console uses, as pure functions producing ApiRequest values
/// (drove-api.md §1). No network, no state: URLs, queries and bodies are unit-testable.
/// Ids are percent-encoded as path segments.
class DroveApi
{
public:
    static ApiRequest ping();

    // Applications (A1–A11)
    static ApiRequest applications();
    static ApiRequest application(const QString &appId);
    static ApiRequest applicationSpec(const QString &appId);
    /// `states` are exact Drove InstanceState names; empty = every active instance.
    static ApiRequest instances(const QString &appId, const QStringList &states = {});
    /// `size` < 0 leaves the controller default (all retained old instances).
    static ApiRequest oldInstances(const QString &appId, int start = 0, int size = -1);
    static ApiRequest instance(const QString &appId, const QString &instanceId);
    /// POST /apis/v1/applications/operations with an ApplicationOperation JSON object.
    static ApiRequest submitOperation(const QJsonObject &operation);
    /// POST /apis/v1/applications/operations/{appId}/cancel (canonical path, body-less).
    static ApiRequest cancelOperation(const QString &appId);
    static ApiRequest validateSpec(const QJsonObject &spec);
    /// `appNames` filter by application *name* (not id); empty = all.
    static ApiRequest endpoints(const QStringList &appNames = {});

    // Cluster (C1–C11)
    static ApiRequest clusterSummary();
    static ApiRequest executors();
    static ApiRequest executor(const QString &executorId);
    static ApiRequest blacklistExecutors(const QStringList &executorIds);
    static ApiRequest unblacklistExecutors(const QStringList &executorIds);
    static ApiRequest setMaintenance(bool enabled);
    static ApiRequest latestEvents(qint64 lastSyncTime, int size = 1024);
    static ApiRequest eventsSummary(qint64 lastSyncTime);
    /// The deprecated bare-list feed (C12), for controllers without events/latest.
    static ApiRequest legacyEvents(qint64 lastSyncTime, int size = 1024);
    /// GET /apis/v1/cluster/dashboard (C3), only probed.
    static ApiRequest dashboard();

    // Instance logs (not enveloped)
    static ApiRequest instanceLogFiles(const QString &appId, const QString &instanceId);
    /// offset < 0 asks the controller for the end of the file (tail); length < 0 = default.
    static ApiRequest readInstanceLog(const QString &appId, const QString &instanceId,
                                      const QString &fileName, qint64 offset, qint64 length = -1);
    static ApiRequest downloadInstanceLog(const QString &appId, const QString &instanceId,
                                          const QString &fileName);

    /// Percent-encodes one path segment ("a/b" → "a%2Fb").
    static QString segment(const QString &value);
};

} // namespace drove::client
