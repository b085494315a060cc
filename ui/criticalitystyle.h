#pragma once

#include "client/clusterprofile.h"

#include <QString>

namespace drove::ui {

/// Style sheet for a label or banner showing a cluster's criticality: the profile colour as
/// background with readable text; production is bold.
QString criticalityStyleSheet(client::Criticality criticality);
/// "PRODUCTION cluster “name”" and the like, for headers and banners.
QString criticalityBannerText(client::Criticality criticality, const QString &clusterName);

} // namespace drove::ui
