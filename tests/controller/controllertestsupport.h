#pragma once

// Shared fixtures of the controller engine tests: a core on a virtual clock and spec builders.

#include "controller/clock.h"
#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"

#include <QFile>
#include <QJsonDocument>

#include <memory>

namespace drove::controller::test {

/// The reference TEST_APP spec (1 core, 128 MB, port "main", exposure), renamed/resized.
inline protocol::ApplicationSpec testSpec(const QString &name = QStringLiteral("TEST_APP"),
                                          const QString &version = QStringLiteral("1"),
                                          qint64 cpu = 1, qint64 memoryMb = 128)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("test spec missing");
    auto spec
        = protocol::ApplicationSpec::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!spec)
        qFatal("test spec does not decode");
    spec->name = name;
    spec->version = version;
    spec->resources = {protocol::ResourceRequirement::cpu(cpu),
                       protocol::ResourceRequirement::memory(memoryMb)};
    return *spec;
}

inline protocol::ClusterOpSpec opSpec(int parallelism = 4, qint64 timeoutSeconds = 300)
{
    return protocol::ClusterOpSpec::make(protocol::Duration::seconds(timeoutSeconds), parallelism);
}

/// Faults where every instance fails in one way: "provisioning", "start" or "readiness".
inline FaultConfig certainFault(const QString &kind)
{
    FaultConfig faults;
    (kind == QLatin1String("provisioning") ? faults.provisioningFailure
         : kind == QLatin1String("start")  ? faults.startFailure
                                           : faults.readinessFailure)
        = 1.0;
    return faults;
}

/// A started core on a virtual clock with a fixed seed.
struct Harness
{
    explicit Harness(ControllerConfig config = ControllerConfig())
    {
        if (!config.randomSeed)
            config.randomSeed = 42;
        core = std::make_unique<ControllerCore>(config, &clock);
        QString error;
        if (!core->start(&error))
            qFatal("core did not start: %s", qPrintable(error));
    }

    bool idle(const QString &appId) const { return !core->activeOperation(appId).has_value(); }
    /// Runs virtual time until the app has no running operation.
    bool settle(const QString &appId, qint64 maxMs = 30LL * 60 * 1000)
    {
        return clock.runUntil([&] { return idle(appId); }, maxMs);
    }
    OperationResult create(const protocol::ApplicationSpec &spec, qint64 instances = 0)
    {
        return core->submit(protocol::ApplicationOperation::create(spec, instances, opSpec()));
    }
    /// Creates the app and scales it to \a healthy instances; returns the appId.
    QString running(const protocol::ApplicationSpec &spec, qint64 healthy, int parallelism = 4)
    {
        const QString appId = create(spec).appId;
        core->submit(protocol::ApplicationOperation::scale(appId, healthy, opSpec(parallelism)));
        settle(appId);
        return appId;
    }
    QStringList instanceIds(const QString &appId,
                            protocol::InstanceState state = protocol::InstanceState::Healthy) const
    {
        QStringList ids;
        for (const auto &info : core->instances(appId, {state}))
            ids.append(info.instanceId);
        return ids;
    }

    VirtualClock clock;
    std::unique_ptr<ControllerCore> core;
};

} // namespace drove::controller::test
