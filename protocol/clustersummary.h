#pragma once

#include "protocol/clusterstate.h"
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

/// ClusterSummary (GET /cluster; drove-api.md §2.2 item 2), all 14 fields. The three task/local
/// service counters are optional on input (older controllers lack them) and always written.
struct ClusterSummary
{
    QString leader;
    ClusterState state = ClusterState::Normal;
    int numExecutors = 0;
    int numApplications = 0;
    int numActiveApplications = 0;
    int numActiveTasks = 0;
    int numLocalServices = 0;
    int numActiveLocalServices = 0;
    int freeCores = 0;
    int usedCores = 0;
    int totalCores = 0;
    qint64 freeMemory = 0;
    qint64 usedMemory = 0;
    qint64 totalMemory = 0;

    static std::optional<ClusterSummary>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const ClusterSummary &other) const;
    bool operator!=(const ClusterSummary &other) const { return !(*this == other); }
};

} // namespace drove::protocol
