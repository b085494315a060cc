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

/// ClusterStateData {state, updated} (maintenance set/unset).
struct ClusterStateData
{
    ClusterState state = ClusterState::Normal;
    qint64 updated = 0;

    static std::optional<ClusterStateData>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const ClusterStateData &other) const;
    bool operator!=(const ClusterStateData &other) const { return !(*this == other); }
};

} // namespace drove::protocol
