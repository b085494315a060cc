#include "controller/admission.h"

#include "protocol/operationvalidator.h"

namespace drove::controller::Admission {

using protocol::InstanceState;
using protocol::OperationType;
using protocol::OperationValidator;

namespace {

AdmissionDecision refused(QStringList errors)
{
    return {Rejection::InvalidCommand, std::move(errors)};
}

} // namespace

AdmissionDecision admitRequest(const protocol::ApplicationOperation &operation, bool internal,
                               const ClusterView &view)
{
    if (internal)
        return {};
    const QStringList beanErrors = OperationValidator::validate(operation);
    if (!beanErrors.isEmpty())
        return refused(beanErrors);
    if (view.inMaintenanceWindow())
        return refused({OperationValidator::maintenanceMessage()});
    return {};
}

AdmissionDecision admit(const protocol::ApplicationOperation &operation, const ClusterView &view)
{
    const QString appId = operation.appIdOrDerived();
    if (appId.isEmpty())
        return refused({QStringLiteral("no app id found in operation")});
    const std::optional<ClusterView::App> app = view.app(appId);
    if (operation.type == OperationType::Create) {
        if (app)
            return refused({OperationValidator::alreadyExistsMessage(appId)});
        const QStringList errors = view.specProblems(*operation.spec);
        return errors.isEmpty() ? AdmissionDecision() : refused(errors);
    }
    if (!app)
        return refused({OperationValidator::noStateMessage(appId)});
    if (app->busyWith)
        return refused({OperationValidator::busyMessage(appId, *app->busyWith)});
    const QString stateError = OperationValidator::checkState(appId, app->state, operation.type);
    if (!stateError.isEmpty())
        return refused({stateError});

    switch (operation.type) {
    case OperationType::StartInstances: {
        const QStringList errors = view.resourceProblems(appId, operation.instances);
        return errors.isEmpty() ? AdmissionDecision() : refused(errors);
    }
    case OperationType::ScaleInstances: {
        const qint64 starting = view.startingOrHealthy(appId);
        if (operation.requiredInstances <= starting)
            return {};
        const QStringList errors
            = view.resourceProblems(appId, operation.requiredInstances - starting);
        return errors.isEmpty() ? AdmissionDecision() : refused(errors);
    }
    case OperationType::StopInstances: {
        QStringList missing;
        for (const QString &id : operation.instanceIds) {
            const auto instance = view.instance(id);
            if (!instance || instance->appId != appId || !protocol::isActive(instance->state)
                || instance->stale)
                missing.append(id);
        }
        if (missing.isEmpty())
            return {};
        return refused({QStringLiteral("App %1 does not have any instances with the "
                                       "following ids: %2")
                            .arg(appId, missing.join(QLatin1Char(',')))});
    }
    case OperationType::ReplaceInstances: {
        QStringList missing;
        for (const QString &id : operation.instanceIds) {
            const auto instance = view.instance(id);
            if (!instance || instance->appId != appId || instance->state != InstanceState::Healthy
                || instance->stale)
                missing.append(id);
        }
        if (missing.isEmpty())
            return {};
        return refused({QStringLiteral("There are no replaceable healthy instances with "
                                       "ids: [%1]")
                            .arg(missing.join(QStringLiteral(", ")))});
    }
    default:
        return {};
    }
}

AdmissionDecision admitSpec(const protocol::ApplicationSpec &spec, const ClusterView &view)
{
    QStringList errors = OperationValidator::validateSpecFields(spec);
    if (!errors.isEmpty())
        return refused(errors);
    if (view.inMaintenanceWindow())
        return refused({OperationValidator::maintenanceMessage()});
    errors = view.specProblems(spec);
    return errors.isEmpty() ? AdmissionDecision() : refused(errors);
}

} // namespace drove::controller::Admission
