#include "protocol/resourceallocation.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

ResourceAllocation ResourceAllocation::cpu(const QMap<QString, QList<int>> &cores)
{
    ResourceAllocation allocation;
    allocation.type = ResourceType::Cpu;
    allocation.cores = cores;
    return allocation;
}

ResourceAllocation ResourceAllocation::memory(const QMap<QString, qint64> &memoryInMB)
{
    ResourceAllocation allocation;
    allocation.type = ResourceType::Memory;
    allocation.memoryInMB = memoryInMB;
    return allocation;
}

qint64 ResourceAllocation::coreCount() const
{
    qint64 count = 0;
    for (const QList<int> &ids : cores)
        count += ids.size();
    return count;
}

qint64 ResourceAllocation::totalMemoryMb() const
{
    qint64 total = 0;
    for (qint64 mb : memoryInMB)
        total += mb;
    return total;
}

std::optional<ResourceAllocation>
ResourceAllocation::fromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    JsonReader reader(json, error, path);
    ResourceAllocation allocation;
    if (const auto type = reader.discriminator<ResourceType>())
        allocation.type = *type;
    if (allocation.type == ResourceType::Cpu)
        allocation.cores = reader.intListMap(QStringLiteral("cores"));
    else
        allocation.memoryInMB = reader.int64Map(QStringLiteral("memoryInMB"));
    if (!reader.ok())
        return std::nullopt;
    return allocation;
}

QJsonObject ResourceAllocation::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    if (type == ResourceType::Cpu)
        json.insert(QStringLiteral("cores"), json::toObject(cores));
    else
        json.insert(QStringLiteral("memoryInMB"), json::toObject(memoryInMB));
    return json;
}

bool ResourceAllocation::operator==(const ResourceAllocation &other) const
{
    if (type != other.type)
        return false;
    return type == ResourceType::Cpu ? cores == other.cores : memoryInMB == other.memoryInMB;
}

} // namespace drove::protocol
