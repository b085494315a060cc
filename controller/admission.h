#pragma once

#include "controller/rejection.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationstate.h"
#include "protocol/instancestate.h"
#include "protocol/operationtype.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace drove::controller {

/// What admission may read of the cluster: facts, never a way to change it. The engine answers
/// from its records; tests answer from a table.
class ClusterView
{
public:
    struct App
    {
        protocol::ApplicationState state = protocol::ApplicationState::Init;
        /// The type of the operation in the app's slot, if one is running.
        std::optional<protocol::OperationType> busyWith;
    };
    struct Instance
    {
        QString appId;
        protocol::InstanceState state = protocol::InstanceState::Pending;
        /// Its executor stopped reporting it for longer than the stale period.
        bool stale = false;
    };

    virtual ~ClusterView() = default;
    virtual bool inMaintenanceWindow() const = 0;
    virtual std::optional<App> app(const QString &appId) const = 0;
    virtual std::optional<Instance> instance(const QString &instanceId) const = 0;
    /// The app's instances on their way to HEALTHY or HEALTHY (PENDING … HEALTHY).
    virtual qint64 startingOrHealthy(const QString &appId) const = 0;
    /// Why \a count more instances of the app cannot be placed now (Drove's §4.3 messages).
    virtual QStringList resourceProblems(const QString &appId, qint64 count) const = 0;
    /// Drove's semantic checks of a spec under this controller's options.
    virtual QStringList specProblems(const protocol::ApplicationSpec &spec) const = 0;
};

/// Accepted, or refused with a typed reason and Drove's messages.
struct AdmissionDecision
{
    Rejection rejection = Rejection::None;
    QStringList errors;
    bool accepted() const { return rejection == Rejection::None; }
};

/// Whether the controller takes an operation: a pure function of the operation and a
/// read-only view of the cluster, in the real controller's order (bean validation, maintenance,
/// then ApplicationCommandValidator: app id, existence, the one-operation slot, the state
/// table, resources and instance ids). The store's health is the engine's to check in between
/// (admitRequest() before it, admit() after), because probing it may write.
namespace Admission {
/// Bean validation and the maintenance window (skipped for the controller's own operations).
AdmissionDecision admitRequest(const protocol::ApplicationOperation &operation, bool internal,
                               const ClusterView &view);
/// Everything after: app id, CREATE's existence and spec checks, the app's slot and state, and
/// per type the resources (START_INSTANCES, SCALE) or the instance ids (STOP, REPLACE).
AdmissionDecision admit(const protocol::ApplicationOperation &operation, const ClusterView &view);
/// POST /applications/validate/spec: the spec's bean rules, the maintenance window, then Drove's
/// semantic checks of the spec.
AdmissionDecision admitSpec(const protocol::ApplicationSpec &spec, const ClusterView &view);
} // namespace Admission

} // namespace drove::controller
