#pragma once

#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"
#include "protocol/operationtype.h"
#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// One value type for the eight application operations (drove-api.md §4.2). Which fields are
/// meaningful depends on `type`:
///   CREATE: spec, instances, opSpec          START_INSTANCES: appId, instances, opSpec
///   SCALE: appId, requiredInstances, opSpec   SUSPEND, DESTROY: appId, opSpec
///   STOP_INSTANCES: appId, instanceIds, skipRespawn, opSpec
///   REPLACE_INSTANCES: appId, instanceIds (empty = all), stopFirst, opSpec
///   RECOVER: appId
/// Wire `type` names are case-sensitive: "SCALE" (not "SCALE_INSTANCES").
struct ApplicationOperation
{
    OperationType type = OperationType::Create;
    QString appId;
    std::optional<ApplicationSpec> spec;
    /// CREATE (initial count), START_INSTANCES (additional instances).
    qint64 instances = 0;
    /// SCALE: absolute target.
    qint64 requiredInstances = 0;
    QStringList instanceIds;
    bool skipRespawn = false;
    bool stopFirst = false;
    std::optional<ClusterOpSpec> opSpec;

    /// CREATE → spec.appId() (empty if no spec); others → appId.
    QString appIdOrDerived() const;

    // Factories for the UI and the controller's generated operations.
    static ApplicationOperation create(const ApplicationSpec &spec, qint64 instances,
                                       const ClusterOpSpec &opSpec);
    static ApplicationOperation startInstances(const QString &appId, qint64 instances,
                                               const ClusterOpSpec &opSpec);
    static ApplicationOperation scale(const QString &appId, qint64 requiredInstances,
                                      const ClusterOpSpec &opSpec);
    static ApplicationOperation suspend(const QString &appId, const ClusterOpSpec &opSpec);
    static ApplicationOperation stopInstances(const QString &appId, const QStringList &instanceIds,
                                              bool skipRespawn, const ClusterOpSpec &opSpec);
    static ApplicationOperation replaceInstances(const QString &appId,
                                                 const QStringList &instanceIds, bool stopFirst,
                                                 const ClusterOpSpec &opSpec);
    static ApplicationOperation destroy(const QString &appId, const ClusterOpSpec &opSpec);
    static ApplicationOperation recover(const QString &appId);

    /// Decodes; unknown/missing `type` → ParseError "Could not resolve type id 'X' as a subtype
    /// of ...". Bean rules are checked separately (OperationValidator::validate).
    static std::optional<ApplicationOperation>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Only the fields of this type, in Drove's shape (e.g. the seed page's SCALE body
    /// {"type":"SCALE","appId":..,"requiredInstances":..,"opSpec":{..}}).
    QJsonObject toJson() const;
    bool operator==(const ApplicationOperation &other) const;
    bool operator!=(const ApplicationOperation &other) const { return !(*this == other); }
};

} // namespace drove::protocol
