#pragma once

#include "protocol/instanceinfo.h"

#include <QString>

namespace drove::models {

/// One instance as the instances table shows it: the texts and numbers of its columns, worked
/// out once (on the thread that diffs, not at every paint) and nothing else, so a table of
/// 100,000 instances holds neither their full records nor a second copy of them — the session
/// keeps the lists the rows were made from (InstancesModel::instance()).
struct InstanceRow
{
    QString instanceId;
    QString appId;
    QString executorId;
    QString stateName; ///< the controller's state text, or the state's name
    QString host;
    QString ports;     ///< "name:hostPort, …"
    QString resources; ///< cores with their NUMA node, memory
    QString errorMessage;
    qint64 sortResources = 0; ///< cores · 2^32 + memory MB
    qint64 created = 0;
    qint64 updated = 0;
    int firstHostPort = 0;
    protocol::InstanceState state = protocol::InstanceState::Unknown;

    static InstanceRow from(const protocol::InstanceInfo &instance);
    /// Every field but the formatted texts of ports and resources (what sorting reads), and
    /// those added later: from() is the two, and the worker that orders a first load makes the
    /// cheap part of every row before it knows which rows go first.
    static InstanceRow withoutTexts(const protocol::InstanceInfo &instance);
    void addTexts(const protocol::InstanceInfo &instance);

    bool operator==(const InstanceRow &other) const;
    bool operator!=(const InstanceRow &other) const { return !(*this == other); }
};

} // namespace drove::models
