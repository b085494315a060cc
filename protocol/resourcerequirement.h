#pragma once

#include "protocol/enums.h"
#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// `resources[]`: {"type":"CPU","count":n} or {"type":"MEMORY","sizeInMB":n}.
struct ResourceRequirement
{
    ResourceType type = ResourceType::Cpu;
    /// CPU: number of cores.
    qint64 count = 0;
    /// MEMORY: megabytes.
    qint64 sizeInMB = 0;

    static ResourceRequirement cpu(qint64 count) { return {ResourceType::Cpu, count, 0}; }
    static ResourceRequirement memory(qint64 mb) { return {ResourceType::Memory, 0, mb}; }

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<ResourceRequirement>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const ResourceRequirement &other) const;
    bool operator!=(const ResourceRequirement &other) const { return !(*this == other); }
};

} // namespace drove::protocol
