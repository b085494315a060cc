#include "protocol/applicationoperation.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

QString ApplicationOperation::appIdOrDerived() const
{
    if (type == OperationType::Create)
        return spec ? spec->appId() : QString();
    return appId;
}

ApplicationOperation ApplicationOperation::create(const ApplicationSpec &spec, qint64 instances,
                                                  const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::Create;
    op.spec = spec;
    op.instances = instances;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::startInstances(const QString &appId, qint64 instances,
                                                          const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::StartInstances;
    op.appId = appId;
    op.instances = instances;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::scale(const QString &appId, qint64 requiredInstances,
                                                 const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::ScaleInstances;
    op.appId = appId;
    op.requiredInstances = requiredInstances;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::suspend(const QString &appId,
                                                   const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::Suspend;
    op.appId = appId;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::stopInstances(const QString &appId,
                                                         const QStringList &instanceIds,
                                                         bool skipRespawn,
                                                         const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::StopInstances;
    op.appId = appId;
    op.instanceIds = instanceIds;
    op.skipRespawn = skipRespawn;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::replaceInstances(const QString &appId,
                                                            const QStringList &instanceIds,
                                                            bool stopFirst,
                                                            const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::ReplaceInstances;
    op.appId = appId;
    op.instanceIds = instanceIds;
    op.stopFirst = stopFirst;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::destroy(const QString &appId,
                                                   const ClusterOpSpec &opSpec)
{
    ApplicationOperation op;
    op.type = OperationType::Destroy;
    op.appId = appId;
    op.opSpec = opSpec;
    return op;
}

ApplicationOperation ApplicationOperation::recover(const QString &appId)
{
    ApplicationOperation op;
    op.type = OperationType::Recover;
    op.appId = appId;
    return op;
}

std::optional<ApplicationOperation>
ApplicationOperation::fromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    if (!reader.ok())
        return std::nullopt;
    const QString typeKey = QStringLiteral("type");
    const QString typeName = QStringLiteral("ApplicationOperation");
    QStringList known;
    for (OperationType type : allOperationTypes())
        known.append(wireName(type));
    if (!reader.has(typeKey)) {
        reader.fail(reader.childPath(typeKey), JsonReader::missingTypeIdMessage(typeKey, typeName));
        return std::nullopt;
    }
    const std::optional<QString> typeText = reader.optString(typeKey);
    if (!typeText)
        return std::nullopt;
    const std::optional<OperationType> type = operationTypeFromWireName(*typeText);
    if (!type) {
        reader.fail(reader.childPath(typeKey),
                    JsonReader::unknownTypeIdMessage(*typeText, typeName, known));
        return std::nullopt;
    }

    ApplicationOperation op;
    op.type = *type;
    switch (op.type) {
    case OperationType::Create:
        op.spec = reader.optObject<ApplicationSpec>(QStringLiteral("spec"));
        op.instances = reader.int64(QStringLiteral("instances"));
        break;
    case OperationType::StartInstances:
        op.appId = reader.string(QStringLiteral("appId"));
        op.instances = reader.int64(QStringLiteral("instances"));
        break;
    case OperationType::ScaleInstances:
        op.appId = reader.string(QStringLiteral("appId"));
        op.requiredInstances = reader.int64(QStringLiteral("requiredInstances"));
        break;
    case OperationType::StopInstances:
        op.appId = reader.string(QStringLiteral("appId"));
        op.instanceIds = reader.stringList(QStringLiteral("instanceIds"));
        op.skipRespawn = reader.boolean(QStringLiteral("skipRespawn"));
        break;
    case OperationType::ReplaceInstances:
        op.appId = reader.string(QStringLiteral("appId"));
        op.instanceIds = reader.stringList(QStringLiteral("instanceIds"));
        op.stopFirst = reader.boolean(QStringLiteral("stopFirst"));
        break;
    case OperationType::Suspend:
    case OperationType::Destroy:
    case OperationType::Recover:
        op.appId = reader.string(QStringLiteral("appId"));
        break;
    }
    if (op.type != OperationType::Recover)
        op.opSpec = reader.optObject<ClusterOpSpec>(QStringLiteral("opSpec"));
    if (!reader.ok())
        return std::nullopt;
    return op;
}

QJsonObject ApplicationOperation::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), wireName(type));
    switch (type) {
    case OperationType::Create:
        if (spec)
            json.insert(QStringLiteral("spec"), spec->toJson());
        // The documented CREATE body has no `instances`; 0 is its default.
        if (instances != 0)
            json.insert(QStringLiteral("instances"), QJsonValue(instances));
        break;
    case OperationType::StartInstances:
        json.insert(QStringLiteral("appId"), appId);
        json.insert(QStringLiteral("instances"), QJsonValue(instances));
        break;
    case OperationType::ScaleInstances:
        json.insert(QStringLiteral("appId"), appId);
        json.insert(QStringLiteral("requiredInstances"), QJsonValue(requiredInstances));
        break;
    case OperationType::StopInstances:
        json.insert(QStringLiteral("appId"), appId);
        json.insert(QStringLiteral("instanceIds"), json::toArray(instanceIds));
        json.insert(QStringLiteral("skipRespawn"), skipRespawn);
        break;
    case OperationType::ReplaceInstances:
        json.insert(QStringLiteral("appId"), appId);
        json.insert(QStringLiteral("instanceIds"), json::toArray(instanceIds));
        // Not in the documented body; only sent when it changes behaviour.
        if (stopFirst)
            json.insert(QStringLiteral("stopFirst"), stopFirst);
        break;
    case OperationType::Suspend:
    case OperationType::Destroy:
    case OperationType::Recover:
        json.insert(QStringLiteral("appId"), appId);
        break;
    }
    if (opSpec && type != OperationType::Recover)
        json.insert(QStringLiteral("opSpec"), opSpec->toJson());
    return json;
}

bool ApplicationOperation::operator==(const ApplicationOperation &other) const
{
    return type == other.type && appId == other.appId && spec == other.spec
        && instances == other.instances && requiredInstances == other.requiredInstances
        && instanceIds == other.instanceIds && skipRespawn == other.skipRespawn
        && stopFirst == other.stopFirst && opSpec == other.opSpec;
}

} // namespace drove::protocol
