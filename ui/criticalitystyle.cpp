#include "ui/criticalitystyle.h"

#include <QColor>
#include <QCoreApplication>

namespace drove::ui {

QString criticalityStyleSheet(client::Criticality criticality)
{
    const QColor background(client::ClusterProfile::criticalityColor(criticality));
    // Perceived luminance decides between black and white text.
    const double luminance
        = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    const QString text = luminance > 0.6 ? QStringLiteral("#000000") : QStringLiteral("#ffffff");
    QString sheet = QStringLiteral("background-color: %1; color: %2; padding: 4px 8px; "
                                   "border-radius: 3px;")
                        .arg(background.name(), text);
    if (criticality == client::Criticality::Production
        || criticality == client::Criticality::Unknown)
        sheet += QStringLiteral(" font-weight: bold;");
    return sheet;
}

QString criticalityBannerText(client::Criticality criticality, const QString &clusterName)
{
    if (criticality == client::Criticality::Unknown)
        return QCoreApplication::translate("drove::ui::CriticalityStyle",
                                           "cluster “%1” of UNKNOWN criticality")
            .arg(clusterName);
    return QCoreApplication::translate("drove::ui::CriticalityStyle", "%1 cluster “%2”")
        .arg(client::ClusterProfile::criticalityName(criticality), clusterName);
}

} // namespace drove::ui
