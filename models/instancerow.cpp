#include "models/instancerow.h"

#include "models/formatting.h"

#include <QCoreApplication>
#include <QStringList>

namespace drove::models {

using protocol::InstanceInfo;
using protocol::ResourceType;

namespace {

// The texts belong to the instances table (their translations are under its context).
QString trTable(const char *text, int n = -1)
{
    return QCoreApplication::translate("drove::models::InstancesModel", text, nullptr, n);
}

QString resourcesText(const InstanceInfo &instance)
{
    QStringList cpu;
    for (const auto &resource : instance.resources) {
        if (resource.type != ResourceType::Cpu)
            continue;
        for (auto it = resource.cores.cbegin(); it != resource.cores.cend(); ++it) {
            QStringList ids;
            for (int core : it.value())
                ids.append(QString::number(core));
            cpu.append(trTable("NUMA %1: %2").arg(it.key(), ids.join(QLatin1Char(','))));
        }
    }
    const qint64 cores = format::instanceCores(instance);
    QString text = trTable("%n core(s)", int(cores));
    if (!cpu.isEmpty())
        text += QLatin1String(" (") + cpu.join(QLatin1String("; ")) + QLatin1Char(')');
    return text + QLatin1String(" · ") + format::memoryMb(format::instanceMemoryMb(instance));
}

} // namespace

InstanceRow InstanceRow::from(const InstanceInfo &instance)
{
    InstanceRow row = withoutTexts(instance);
    row.addTexts(instance);
    return row;
}

void InstanceRow::addTexts(const InstanceInfo &instance)
{
    ports = format::instancePorts(instance);
    resources = resourcesText(instance);
}

InstanceRow InstanceRow::withoutTexts(const InstanceInfo &instance)
{
    InstanceRow row;
    row.instanceId = instance.instanceId;
    row.appId = instance.appId;
    row.executorId = instance.executorId;
    row.stateName
        = instance.stateText.isEmpty() ? protocol::toString(instance.state) : instance.stateText;
    if (instance.localInfo) {
        row.host = instance.localInfo->hostname;
        if (!instance.localInfo->ports.isEmpty())
            row.firstHostPort = instance.localInfo->ports.first().hostPort;
    }
    row.errorMessage = instance.errorMessage;
    // Cores first, then memory.
    row.sortResources
        = format::instanceCores(instance) * (qint64(1) << 32) + format::instanceMemoryMb(instance);
    row.created = instance.created;
    row.updated = instance.updated;
    row.state = instance.state;
    return row;
}

bool InstanceRow::operator==(const InstanceRow &other) const
{
    return state == other.state && created == other.created && updated == other.updated
        && sortResources == other.sortResources && firstHostPort == other.firstHostPort
        && instanceId == other.instanceId && appId == other.appId && executorId == other.executorId
        && stateName == other.stateName && host == other.host && ports == other.ports
        && resources == other.resources && errorMessage == other.errorMessage;
}

} // namespace drove::models
