#include "protocol/applicationspec.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

QString ApplicationSpec::appId() const
{
    return name + QLatin1Char('-') + version;
}

qint64 ApplicationSpec::cpuCount() const
{
    for (const ResourceRequirement &requirement : resources) {
        if (requirement.type == ResourceType::Cpu)
            return requirement.count;
    }
    return 0;
}

qint64 ApplicationSpec::memoryMb() const
{
    for (const ResourceRequirement &requirement : resources) {
        if (requirement.type == ResourceType::Memory)
            return requirement.sizeInMB;
    }
    return 0;
}

ApplicationSpec ApplicationSpec::masked() const
{
    ApplicationSpec copy = *this;
    if (copy.configs) {
        for (ConfigSpec &config : *copy.configs)
            config = config.masked();
    }
    return copy;
}

PlacementPolicy ApplicationSpec::effectivePlacementPolicy() const
{
    return placementPolicy.value_or(PlacementPolicy::any());
}

const PortSpec *ApplicationSpec::port(const QString &portName) const
{
    for (const PortSpec &spec : exposedPorts) {
        if (spec.name == portName)
            return &spec;
    }
    return nullptr;
}

QStringList ApplicationSpec::portNames() const
{
    QStringList names;
    for (const PortSpec &spec : exposedPorts)
        names.append(spec.name);
    return names;
}

std::optional<ApplicationSpec> ApplicationSpec::fromJson(const QJsonValue &json, ParseError *error,
                                                         const QString &path)
{
    JsonReader reader(json, error, path);
    ApplicationSpec spec;
    spec.name = reader.string(QStringLiteral("name"));
    spec.version = reader.string(QStringLiteral("version"));
    spec.type = reader.optEnum<JobType>(QStringLiteral("type"));
    spec.executable = reader.optObject<ExecutableSpec>(QStringLiteral("executable"));
    spec.exposedPorts = reader.list<PortSpec>(QStringLiteral("exposedPorts"));
    if (reader.has(QStringLiteral("volumes")))
        spec.volumes = reader.list<MountedVolume>(QStringLiteral("volumes"));
    if (reader.has(QStringLiteral("configs")))
        spec.configs = reader.list<ConfigSpec>(QStringLiteral("configs"));
    spec.logging = reader.optObject<LoggingSpec>(QStringLiteral("logging"));
    spec.resources = reader.list<ResourceRequirement>(QStringLiteral("resources"));
    spec.placementPolicy = reader.optObject<PlacementPolicy>(QStringLiteral("placementPolicy"));
    spec.healthcheck = reader.optObject<CheckSpec>(QStringLiteral("healthcheck"));
    spec.readiness = reader.optObject<CheckSpec>(QStringLiteral("readiness"));
    if (reader.has(QStringLiteral("tags")))
        spec.tags = reader.stringMap(QStringLiteral("tags"));
    if (reader.has(QStringLiteral("env")))
        spec.env = reader.stringMap(QStringLiteral("env"));
    if (reader.has(QStringLiteral("args")))
        spec.args = reader.stringList(QStringLiteral("args"));
    if (reader.has(QStringLiteral("devices")))
        spec.devices = reader.list<DeviceSpec>(QStringLiteral("devices"));
    spec.exposureSpec = reader.optObject<ExposureSpec>(QStringLiteral("exposureSpec"));
    spec.preShutdown = reader.optObject<PreShutdownSpec>(QStringLiteral("preShutdown"));
    spec.userSpec = reader.optObject<UserSpec>(QStringLiteral("userSpec"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject ApplicationSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("name"), name);
    json.insert(QStringLiteral("version"), version);
    if (type)
        json.insert(QStringLiteral("type"), enumToString(*type));
    if (executable)
        json.insert(QStringLiteral("executable"), executable->toJson());
    json.insert(QStringLiteral("exposedPorts"), json::toArray(exposedPorts));
    if (volumes)
        json.insert(QStringLiteral("volumes"), json::toArray(*volumes));
    if (configs)
        json.insert(QStringLiteral("configs"), json::toArray(*configs));
    if (logging)
        json.insert(QStringLiteral("logging"), logging->toJson());
    json.insert(QStringLiteral("resources"), json::toArray(resources));
    if (placementPolicy)
        json.insert(QStringLiteral("placementPolicy"), placementPolicy->toJson());
    if (healthcheck)
        json.insert(QStringLiteral("healthcheck"), healthcheck->toJson());
    if (readiness)
        json.insert(QStringLiteral("readiness"), readiness->toJson());
    if (tags)
        json.insert(QStringLiteral("tags"), json::toObject(*tags));
    if (env)
        json.insert(QStringLiteral("env"), json::toObject(*env));
    if (args)
        json.insert(QStringLiteral("args"), json::toArray(*args));
    if (devices)
        json.insert(QStringLiteral("devices"), json::toArray(*devices));
    if (exposureSpec)
        json.insert(QStringLiteral("exposureSpec"), exposureSpec->toJson());
    if (preShutdown)
        json.insert(QStringLiteral("preShutdown"), preShutdown->toJson());
    if (userSpec)
        json.insert(QStringLiteral("userSpec"), userSpec->toJson());
    return json;
}

bool ApplicationSpec::operator==(const ApplicationSpec &other) const
{
    return name == other.name && version == other.version && type == other.type
        && executable == other.executable && exposedPorts == other.exposedPorts
        && volumes == other.volumes && configs == other.configs && logging == other.logging
        && resources == other.resources && placementPolicy == other.placementPolicy
        && healthcheck == other.healthcheck && readiness == other.readiness && tags == other.tags
        && env == other.env && args == other.args && devices == other.devices
        && exposureSpec == other.exposureSpec && preShutdown == other.preShutdown
        && userSpec == other.userSpec;
}

} // namespace drove::protocol
