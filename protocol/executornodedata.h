#pragma once

#include "protocol/enums.h"
#include "protocol/executorstate.h"
#include "protocol/instanceinfo.h"
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

/// ExecutorNodeData (GET /cluster/executors/{id}; drove-api.md §2.2 item 5).
/// `tasks` and `serviceInstances` are kept as raw JSON (out of scope). The old `blacklisted`
/// boolean is read (kept in `blacklisted`, and mapped to executorState BLACKLISTED when
/// executorState itself is absent) but never written: current Drove does not emit it.
struct ExecutorNodeData
{
    /// state.cpus
    struct Cpus
    {
        QMap<QString, QList<int>> freeCores;
        QMap<QString, QList<int>> usedCores;
    };
    /// state.memory
    struct Memory
    {
        QMap<QString, qint64> freeMemory;
        QMap<QString, qint64> usedMemory;
    };
    /// state.layout (optional)
    struct Layout
    {
        QMap<QString, QList<int>> cores;
        QMap<QString, qint64> memory;
    };

    QString hostname;
    int port = 0;
    std::optional<TransportType> transportType;
    qint64 updated = 0;
    QString executorId; ///< state.executorId
    Cpus cpus;
    Memory memory;
    std::optional<Layout> layout;
    QList<InstanceInfo> instances;
    QJsonArray tasks;
    std::optional<QJsonArray> serviceInstances;
    QStringList tags;
    std::optional<QMap<QString, QString>> metadata;
    std::optional<ExecutorState> executorState;
    /// Legacy input only (never written).
    std::optional<bool> blacklisted;

    int freeCoreCount() const;
    int usedCoreCount() const;
    qint64 freeMemoryMb() const;
    qint64 usedMemoryMb() const;

    static std::optional<ExecutorNodeData>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const ExecutorNodeData &other) const;
    bool operator!=(const ExecutorNodeData &other) const { return !(*this == other); }
};

} // namespace drove::protocol
