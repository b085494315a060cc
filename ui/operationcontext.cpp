#include "ui/operationcontext.h"

namespace drove::ui {

OperationContext OperationContext::fromProfile(const client::ClusterProfile &profile)
{
    OperationContext context;
    context.clusterName = profile.name;
    if (!profile.endpoints.isEmpty())
        context.endpoint = profile.endpoints.constFirst();
    context.authMode = profile.authMode;
    context.username = profile.username;
    context.insecure = profile.insecure;
    context.criticality = profile.criticality;
    context.confirmEveryChange = profile.confirmEveryChange;
    context.netrcFile = profile.netrcFile;
    if (!profile.id.isEmpty())
        context.settingsGroup = QStringLiteral("clusters/") + profile.id;
    return context;
}

} // namespace drove::ui
