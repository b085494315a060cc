#pragma once

// Small builders for protocol values used across the model tests.

#include "protocol/appsummary.h"
#include "protocol/droveevent.h"
#include "protocol/executorsummary.h"
#include "protocol/instanceinfo.h"

#include <QJsonObject>

namespace drove::models::test {

inline protocol::AppSummary app(const QString &id, protocol::ApplicationState state, qint64 healthy,
                                qint64 required, qint64 updated = 1000)
{
    protocol::AppSummary a;
    a.id = id;
    a.name = id.section(QLatin1Char('-'), 0, 0);
    a.state = state;
    a.healthyInstances = healthy;
    a.requiredInstances = required;
    a.totalCPUs = required;
    a.totalMemory = required * 512;
    a.created = 500;
    a.updated = updated;
    return a;
}

inline protocol::InstanceInfo instance(const QString &appId, const QString &id,
                                       protocol::InstanceState state, qint64 created,
                                       const QString &host = QStringLiteral("exec-1"))
{
    protocol::InstanceInfo i;
    i.appId = appId;
    i.appName = appId.section(QLatin1Char('-'), 0, 0);
    i.instanceId = id;
    i.executorId = QStringLiteral("e-") + host;
    i.state = state;
    i.created = created;
    i.updated = created;
    if (state != protocol::InstanceState::Pending
        && state != protocol::InstanceState::Provisioning) {
        protocol::LocalInstanceInfo local;
        local.hostname = host;
        protocol::InstancePort port;
        port.containerPort = 8000;
        port.hostPort = 32000;
        port.portType = protocol::PortType::Http;
        local.ports.insert(QStringLiteral("main"), port);
        i.localInfo = local;
    }
    i.resources = {protocol::ResourceAllocation::cpu({{QStringLiteral("0"), {3, 4}}}),
                   protocol::ResourceAllocation::memory({{QStringLiteral("0"), 512}})};
    return i;
}

inline protocol::DroveEvent appStateEvent(const QString &id, qint64 time, const QString &appId,
                                          protocol::ApplicationState state)
{
    protocol::DroveEvent e;
    e.type = protocol::DroveEventType::AppStateChange;
    e.id = id;
    e.time = time;
    e.metadata.insert(protocol::eventkeys::AppId, appId);
    e.metadata.insert(protocol::eventkeys::CurrentState, protocol::toString(state));
    return e;
}

inline protocol::DroveEvent instanceEvent(const QString &id, qint64 time, const QString &appId,
                                          const QString &instanceId, protocol::InstanceState state,
                                          const QString &error = QString())
{
    protocol::DroveEvent e;
    e.type = protocol::DroveEventType::InstanceStateChange;
    e.id = id;
    e.time = time;
    e.metadata.insert(protocol::eventkeys::AppId, appId);
    e.metadata.insert(protocol::eventkeys::InstanceId, instanceId);
    e.metadata.insert(protocol::eventkeys::CurrentState, protocol::toString(state));
    if (!error.isEmpty())
        e.metadata.insert(protocol::eventkeys::Error, error);
    return e;
}

} // namespace drove::models::test
