#pragma once

#include "protocol/enums.h"
#include "protocol/parseerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// An allocated resource of an instance: {"type":"CPU","cores":{"<numa>":[ids]}} or
/// {"type":"MEMORY","memoryInMB":{"<numa>":MB}}. NUMA node keys are strings of ints.
struct ResourceAllocation
{
    ResourceType type = ResourceType::Cpu;
    QMap<QString, QList<int>> cores;
    QMap<QString, qint64> memoryInMB;

    static ResourceAllocation cpu(const QMap<QString, QList<int>> &cores);
    static ResourceAllocation memory(const QMap<QString, qint64> &memoryInMB);
    /// Number of core ids / total MB over all NUMA nodes.
    qint64 coreCount() const;
    qint64 totalMemoryMb() const;

    static std::optional<ResourceAllocation>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const ResourceAllocation &other) const;
    bool operator!=(const ResourceAllocation &other) const { return !(*this == other); }
};

} // namespace drove::protocol
