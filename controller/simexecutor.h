#pragma once

#include "controller/controllerconfig.h"
#include "placement/placement.h"
#include "protocol/executorstate.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace drove::controller {

/// A simulated executor node: identity, state, NUMA resources and host ports.
struct SimExecutor
{
    QString id;
    ExecutorConfig config;
    protocol::ExecutorState state = protocol::ExecutorState::Active;
    ExecutorResources resources;
    /// False once the executor "disappeared": it stops reporting and its instances freeze.
    bool reachable = true;
    qint64 updated = 0;
    qint64 removedAt = 0;
    QSet<int> usedPorts;
    int nextPort = 0;

    static SimExecutor create(const ExecutorConfig &config, qint64 now, int firstPort);

    /// Tags as reported by Drove: the hostname first, then the configured ones.
    QStringList tags() const;
    /// True when the executor has no tag besides its own hostname (NO_TAG policy).
    bool hasOnlyHostnameTag() const;
    bool isSchedulable() const { return placement::isSchedulable(state, reachable); }
    /// The executor as the shared placement rules see it (cheap: implicitly shared copies).
    placement::Executor placementView() const;

    /// A free host port from [first, last]; 0 when the range is exhausted.
    int allocatePort(int first, int last);
    void releasePort(int port) { usedPorts.remove(port); }

    /// Configuration and state (not resources: those are rebuilt from instances on load).
    QJsonObject toJson() const;
    static SimExecutor fromJson(const QJsonObject &json, int firstPort);
};

} // namespace drove::controller
