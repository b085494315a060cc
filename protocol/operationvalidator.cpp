#include "protocol/operationvalidator.h"

#include <QSet>

namespace drove::protocol {

namespace {

const QString MustNotBeEmpty = QStringLiteral("must not be empty");
const QString MustNotBeNull = QStringLiteral("must not be null");

QString field(const QString &prefix, const QString &name)
{
    return prefix + name;
}

QString indexed(const QString &prefix, const QString &name, qsizetype index)
{
    return prefix + name + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString between(qint64 min, qint64 max)
{
    return QStringLiteral("must be between %1 and %2").arg(min).arg(max);
}

// Java's [a-zA-Z\d\-_]* (ASCII only).
bool isIdentifier(const QString &text)
{
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
        if (!ok)
            return false;
    }
    return true;
}

// Java's Collection.toString(): "[a, b]".
QString javaList(const QStringList &items)
{
    return QLatin1Char('[') + items.join(QLatin1String(", ")) + QLatin1Char(']');
}

void checkMode(const CheckModeSpec &mode, const QString &path, QStringList &errors)
{
    if (mode.type == CheckModeType::Http) {
        if (!mode.protocol)
            errors << path + QStringLiteral(".protocol ") + MustNotBeNull;
        if (mode.portName.isEmpty())
            errors << path + QStringLiteral(".portName ") + MustNotBeEmpty;
        if (mode.path.isEmpty())
            errors << path + QStringLiteral(".path ") + MustNotBeEmpty;
        if (!mode.verb)
            errors << path + QStringLiteral(".verb ") + MustNotBeNull;
        if (mode.successCodes.isEmpty())
            errors << path + QStringLiteral(".successCodes ") + MustNotBeEmpty;
    } else if (mode.command.isEmpty()) {
        errors << path + QStringLiteral(".command ") + MustNotBeEmpty;
    }
}

void checkCheckSpec(const std::optional<CheckSpec> &check, const QString &path, QStringList &errors)
{
    if (!check) {
        errors << path + QLatin1Char(' ') + MustNotBeNull;
        return;
    }
    if (!check->mode)
        errors << path + QStringLiteral(".mode ") + MustNotBeNull;
    else
        checkMode(*check->mode, path + QStringLiteral(".mode"), errors);
    if (!check->timeout)
        errors << path + QStringLiteral(".timeout ") + MustNotBeNull;
    if (!check->interval)
        errors << path + QStringLiteral(".interval ") + MustNotBeNull;
    if (check->attempts < 1 || check->attempts > 100)
        errors << path + QStringLiteral(".attempts ") + between(1, 100);
}

void checkPlacement(const PlacementPolicy &policy, const QString &path, QStringList &errors)
{
    switch (policy.type) {
    case PlacementPolicyType::MaxNPerHost:
        if (policy.max < 1 || policy.max > 64)
            errors << path + QStringLiteral(".max ") + between(1, 64);
        break;
    case PlacementPolicyType::MatchTag:
        if (policy.tag.isEmpty())
            errors << path + QStringLiteral(".tag ") + MustNotBeEmpty;
        break;
    case PlacementPolicyType::RuleBased:
        if (policy.rule.isEmpty())
            errors << path + QStringLiteral(".rule ") + MustNotBeEmpty;
        if (!policy.ruleType)
            errors << path + QStringLiteral(".ruleType ") + MustNotBeNull;
        break;
    case PlacementPolicyType::Composite:
        if (policy.policies.empty())
            errors << path + QStringLiteral(".policies ") + MustNotBeEmpty;
        for (std::size_t i = 0; i < policy.policies.size(); ++i)
            checkPlacement(policy.policies[i],
                           indexed(path + QLatin1Char('.'), QStringLiteral("policies"),
                                   static_cast<qsizetype>(i)),
                           errors);
        break;
    case PlacementPolicyType::Any:
    case PlacementPolicyType::OnePerHost:
    case PlacementPolicyType::NoTag:
    case PlacementPolicyType::Local:
        break;
    }
}

void checkHttpCall(const std::optional<HttpCallSpec> &http, const QString &path,
                   QStringList &errors)
{
    if (!http) {
        errors << path + QLatin1Char(' ') + MustNotBeNull;
        return;
    }
    if (http->hostname.isEmpty())
        errors << path + QStringLiteral(".hostname ") + MustNotBeEmpty;
    if (http->port < 0 || http->port > 65535)
        errors << path + QStringLiteral(".port ") + between(0, 65535);
}

} // namespace

QStringList OperationValidator::validateOpSpec(const ClusterOpSpec &opSpec, const QString &prefix)
{
    QStringList errors;
    if (!opSpec.timeout)
        errors << prefix + QStringLiteral(".timeout ") + MustNotBeNull;
    if (opSpec.parallelism < MinParallelism || opSpec.parallelism > MaxParallelism)
        errors << prefix + QStringLiteral(".parallelism ")
                + between(MinParallelism, MaxParallelism);
    if (!opSpec.failureStrategy)
        errors << prefix + QStringLiteral(".failureStrategy ") + MustNotBeNull;
    else if (*opSpec.failureStrategy != FailureStrategy::Stop)
        errors << prefix + QStringLiteral(".failureStrategy ")
                + enumToString(*opSpec.failureStrategy)
                + QStringLiteral(" is not supported: only STOP is");
    return errors;
}

QStringList OperationValidator::validateSpecFields(const ApplicationSpec &spec,
                                                   const QString &prefix)
{
    QStringList errors;
    const QString badChars = QStringLiteral(" - Only characters, numbers, hyphen and underscore "
                                            "is allowed");
    if (spec.name.isEmpty())
        errors << field(prefix, QStringLiteral("name - Application name is mandatory"));
    else if (!isIdentifier(spec.name))
        errors << field(prefix, QStringLiteral("name")) + badChars;
    if (spec.version.isEmpty())
        errors << field(prefix, QStringLiteral("version - App version is mandatory"));
    else if (!isIdentifier(spec.version))
        errors << field(prefix, QStringLiteral("version")) + badChars;
    if (!spec.type)
        errors << field(prefix, QStringLiteral("type ")) + MustNotBeNull;

    if (!spec.executable) {
        errors << field(prefix, QStringLiteral("executable ")) + MustNotBeNull;
    } else {
        if (spec.executable->url.isEmpty())
            errors << field(prefix, QStringLiteral("executable.url ")) + MustNotBeEmpty;
        if (!spec.executable->dockerPullTimeout)
            errors << field(prefix, QStringLiteral("executable.dockerPullTimeout "))
                    + MustNotBeNull;
    }

    if (spec.exposedPorts.isEmpty())
        errors << field(prefix, QStringLiteral("exposedPorts ")) + MustNotBeEmpty;
    for (qsizetype i = 0; i < spec.exposedPorts.size(); ++i) {
        const PortSpec &port = spec.exposedPorts.at(i);
        const QString path = indexed(prefix, QStringLiteral("exposedPorts"), i);
        if (port.name.isEmpty())
            errors << path + QStringLiteral(".name ") + MustNotBeEmpty;
        else if (!isIdentifier(port.name))
            errors << path + QStringLiteral(".name must match \"[a-zA-Z\\d\\-_]*\"");
        if (port.port < 1 || port.port > 65535)
            errors << path + QStringLiteral(".port ") + between(1, 65535);
        if (!port.type)
            errors << path + QStringLiteral(".type ") + MustNotBeNull;
    }

    if (spec.volumes) {
        for (qsizetype i = 0; i < spec.volumes->size(); ++i) {
            const MountedVolume &volume = spec.volumes->at(i);
            const QString path = indexed(prefix, QStringLiteral("volumes"), i);
            if (volume.pathInContainer.isEmpty())
                errors << path + QStringLiteral(".pathInContainer ") + MustNotBeEmpty;
            if (volume.pathOnHost.isEmpty())
                errors << path + QStringLiteral(".pathOnHost ") + MustNotBeEmpty;
            if (!volume.mode)
                errors << path + QStringLiteral(".mode ") + MustNotBeNull;
        }
    }

    if (spec.configs) {
        for (qsizetype i = 0; i < spec.configs->size(); ++i) {
            const ConfigSpec &config = spec.configs->at(i);
            const QString path = indexed(prefix, QStringLiteral("configs"), i);
            if (config.localFilename.isEmpty())
                errors << path + QStringLiteral(".localFilename ") + MustNotBeEmpty;
            switch (config.type) {
            case ConfigType::Inline:
                if (config.data.isEmpty())
                    errors << path + QStringLiteral(".data ") + MustNotBeEmpty;
                break;
            case ConfigType::ExecutorLocalFile:
                if (config.filePathOnHost.isEmpty())
                    errors << path + QStringLiteral(".filePathOnHost ") + MustNotBeEmpty;
                break;
            case ConfigType::ControllerHttpFetch:
            case ConfigType::ExecutorHttpFetch:
                checkHttpCall(config.http, path + QStringLiteral(".http"), errors);
                break;
            }
        }
    }

    if (spec.logging) {
        const QString path = field(prefix, QStringLiteral("logging"));
        if (spec.logging->type == LoggingType::Local) {
            if (spec.logging->maxSize.isEmpty())
                errors << path + QStringLiteral(".maxSize ") + MustNotBeEmpty;
            if (spec.logging->maxFiles < 1 || spec.logging->maxFiles > 100)
                errors << path + QStringLiteral(".maxFiles ") + between(1, 100);
        } else if (spec.logging->server.isEmpty()) {
            errors << path + QStringLiteral(".server ") + MustNotBeEmpty;
        }
    }

    if (spec.resources.isEmpty())
        errors << field(prefix, QStringLiteral("resources ")) + MustNotBeEmpty;
    if (spec.placementPolicy)
        checkPlacement(*spec.placementPolicy, field(prefix, QStringLiteral("placementPolicy")),
                       errors);
    checkCheckSpec(spec.healthcheck, field(prefix, QStringLiteral("healthcheck")), errors);
    checkCheckSpec(spec.readiness, field(prefix, QStringLiteral("readiness")), errors);

    if (spec.args && spec.args->size() > MaxArgsLength)
        errors << field(prefix, QStringLiteral("args size ")) + between(0, MaxArgsLength);

    if (spec.devices) {
        for (qsizetype i = 0; i < spec.devices->size(); ++i) {
            const DeviceSpec &device = spec.devices->at(i);
            if (device.type == DeviceType::Direct && device.pathOnHost.isEmpty())
                errors << indexed(prefix, QStringLiteral("devices"), i)
                        + QStringLiteral(".pathOnHost ") + MustNotBeEmpty;
        }
    }

    if (spec.exposureSpec) {
        const QString path = field(prefix, QStringLiteral("exposureSpec"));
        if (spec.exposureSpec->vhost.isEmpty())
            errors << path + QStringLiteral(".vhost ") + MustNotBeEmpty;
        if (spec.exposureSpec->portName.isEmpty())
            errors << path + QStringLiteral(".portName ") + MustNotBeEmpty;
        if (!spec.exposureSpec->mode)
            errors << path + QStringLiteral(".mode ") + MustNotBeNull;
    }

    if (spec.preShutdown) {
        for (qsizetype i = 0; i < spec.preShutdown->hooks.size(); ++i)
            checkMode(spec.preShutdown->hooks.at(i),
                      indexed(prefix, QStringLiteral("preShutdown.hooks"), i), errors);
    }

    if (spec.userSpec && spec.userSpec->user.isEmpty())
        errors << field(prefix, QStringLiteral("userSpec.user ")) + MustNotBeEmpty;
    return errors;
}

QStringList OperationValidator::validateSpecSemantics(const ApplicationSpec &spec,
                                                      const SpecValidationOptions &options)
{
    QStringList errors;
    // Drove builds a set of names; sorted here so the message is stable.
    QStringList names = spec.portNames();
    names.removeDuplicates();
    names.sort();
    const QSet<QString> nameSet(names.cbegin(), names.cend());

    for (const std::optional<CheckSpec> *check : {&spec.healthcheck, &spec.readiness}) {
        if (*check && (*check)->mode && (*check)->mode->type == CheckModeType::Http
            && !nameSet.contains((*check)->mode->portName))
            errors << QStringLiteral("Invalid port name for health check: %1. Available ports: %2")
                          .arg((*check)->mode->portName, javaList(names));
    }

    bool hasCpu = false;
    bool hasMemory = false;
    for (const ResourceRequirement &requirement : spec.resources) {
        hasCpu = hasCpu || requirement.type == ResourceType::Cpu;
        hasMemory = hasMemory || requirement.type == ResourceType::Memory;
    }
    if (!hasCpu)
        errors << QStringLiteral("Cpu requirements are mandatory");
    if (!hasMemory)
        errors << QStringLiteral("Memory requirements are mandatory");

    if (spec.exposureSpec && !nameSet.contains(spec.exposureSpec->portName))
        errors << QStringLiteral("Exposed port name %1 is undefined. Defined port names: %2")
                      .arg(spec.exposureSpec->portName, javaList(names));

    if (spec.volumes && !options.allowedMountDirs.isEmpty()) {
        for (const MountedVolume &volume : *spec.volumes) {
            bool allowed = false;
            for (const QString &dir : options.allowedMountDirs)
                allowed = allowed || volume.pathOnHost.startsWith(dir);
            if (!allowed)
                errors << QStringLiteral("Volume mount requested on non whitelisted host "
                                         "directory: ")
                        + volume.pathOnHost;
        }
    }

    if (spec.args && !spec.args->isEmpty()) {
        if (options.disableCmdlArgs)
            errors << QStringLiteral("Passing command line to containers is disabled on this "
                                     "cluster");
        else if (spec.args->join(QLatin1Char(' ')).size() > MaxArgsLength)
            errors << QStringLiteral("Maximum combined length of command line arguments can be "
                                     "2048");
    }

    if (spec.devices && !spec.devices->isEmpty() && !options.enableRawDeviceAccess)
        errors << QStringLiteral("Device access is disabled. To enable, set "
                                 "enableRawDeviceAccess: true in controller options.");

    if (spec.placementPolicy && spec.placementPolicy->contains(PlacementPolicyType::Local))
        errors << QStringLiteral("Local service placement is not allowed for apps");
    return errors;
}

QStringList OperationValidator::validate(const ApplicationOperation &operation)
{
    QStringList errors;
    const OperationType type = operation.type;
    if (type == OperationType::Create) {
        if (!operation.spec)
            errors << QStringLiteral("spec ") + MustNotBeNull;
        else
            errors << validateSpecFields(*operation.spec, QStringLiteral("spec."));
    } else if (type == OperationType::ScaleInstances || type == OperationType::Suspend) {
        // ApplicationScaleOperation / ApplicationSuspendOperation: appId is @NotNull only; an
        // empty one passes here and ApplicationCommandValidator answers "no app id found in
        // operation". The other operations carry @NotEmpty.
        if (operation.appId.isNull())
            errors << QStringLiteral("appId ") + MustNotBeNull;
    } else if (operation.appId.isEmpty()) {
        errors << QStringLiteral("appId ") + MustNotBeEmpty;
    }

    switch (type) {
    case OperationType::Create:
        if (operation.instances < 0 || operation.instances > MaxCreateInstances)
            errors << QStringLiteral("instances ") + between(0, MaxCreateInstances);
        break;
    case OperationType::StartInstances:
        if (operation.instances < 0 || operation.instances > MaxStartInstances)
            errors << QStringLiteral("instances ") + between(0, MaxStartInstances);
        break;
    case OperationType::ScaleInstances:
        if (operation.requiredInstances < 0 || operation.requiredInstances > MaxScaleInstances)
            errors << QStringLiteral("requiredInstances ") + between(0, MaxScaleInstances);
        break;
    case OperationType::StopInstances:
        if (operation.instanceIds.isEmpty())
            errors << QStringLiteral("instanceIds ") + MustNotBeEmpty;
        break;
    case OperationType::ReplaceInstances:
    case OperationType::Suspend:
    case OperationType::Destroy:
    case OperationType::Recover:
        break;
    }

    if (type != OperationType::Recover) {
        if (!operation.opSpec)
            errors << QStringLiteral("opSpec ") + MustNotBeNull;
        else
            errors << validateOpSpec(*operation.opSpec);
    }
    return errors;
}

QStringList OperationValidator::validateForSend(const ApplicationOperation &operation)
{
    QStringList errors = validate(operation);
    if (operation.type == OperationType::Create && operation.spec) {
        // Controller options are unknown on the client: let the controller judge mounts and
        // devices, check what holds on every cluster.
        SpecValidationOptions options;
        options.enableRawDeviceAccess = true;
        errors << validateSpecSemantics(*operation.spec, options);
    }
    return errors;
}

QString OperationValidator::stateRejectionMessage(const QString &appId, ApplicationState state)
{
    const QList<OperationType> allowed = allowedOperations(state);
    if (allowed.isEmpty())
        return QStringLiteral("No operations allowed for %1 as it is in %2 state")
            .arg(appId, toString(state));
    QStringList names;
    for (OperationType type : allowed)
        names.append(enumName(type));
    names.sort();
    return QStringLiteral("Only %1 allowed for app %2 as it is in %3 state")
        .arg(javaList(names), appId, toString(state));
}

QString OperationValidator::checkState(const QString &appId, ApplicationState state,
                                       OperationType type)
{
    if (isOperationAllowed(state, type))
        return QString();
    return stateRejectionMessage(appId, state);
}

QString OperationValidator::noStateMessage(const QString &appId)
{
    return QStringLiteral("No state found for app: ") + appId;
}

QString OperationValidator::alreadyExistsMessage(const QString &appId)
{
    return QStringLiteral("App %1 already exists").arg(appId);
}

QString OperationValidator::appNotFoundMessage(const QString &appId)
{
    return QStringLiteral("App %1 not found").arg(appId);
}

QString OperationValidator::busyMessage(const QString &appId, OperationType activeType)
{
    return QStringLiteral("Operation %1 is already in progress for app %2; wait for it to finish "
                          "or cancel it")
        .arg(wireName(activeType), appId);
}

QString OperationValidator::cancelFailedMessage()
{
    return QStringLiteral("Current operation could not be cancelled");
}

QString OperationValidator::maintenanceMessage()
{
    return QStringLiteral("Cluster is in maintenance mode");
}

} // namespace drove::protocol
