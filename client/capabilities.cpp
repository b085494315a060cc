#include "client/capabilities.h"

namespace drove::client {

bool ControllerCapabilities::set(Feature feature, Support support)
{
    if (feature == Feature::None || m_support[std::size_t(feature)] == support)
        return false;
    m_support[std::size_t(feature)] = support;
    return true;
}

EventFeed ControllerCapabilities::eventFeed() const
{
    if (!isAbsent(Feature::EventsLatest))
        return EventFeed::Latest;
    if (!isAbsent(Feature::EventsLegacy))
        return EventFeed::Legacy;
    return EventFeed::Polling;
}

QString ControllerCapabilities::featureKey(Feature feature)
{
    switch (feature) {
    case Feature::None:
        return QStringLiteral("None");
    case Feature::EventsLatest:
        return QStringLiteral("EventsLatest");
    case Feature::EventsLegacy:
        return QStringLiteral("EventsLegacy");
    case Feature::Dashboard:
        return QStringLiteral("Dashboard");
    case Feature::Endpoints:
        return QStringLiteral("Endpoints");
    case Feature::ExecutorDetails:
        return QStringLiteral("ExecutorDetails");
    case Feature::Logs:
        return QStringLiteral("Logs");
    case Feature::ValidateSpec:
        return QStringLiteral("ValidateSpec");
    case Feature::Blacklist:
        return QStringLiteral("Blacklist");
    case Feature::Maintenance:
        return QStringLiteral("Maintenance");
    }
    return {};
}

QString ControllerCapabilities::featureName(Feature feature)
{
    switch (feature) {
    case Feature::None:
        return tr("the cluster API");
    case Feature::EventsLatest:
        return tr("the event feed (/cluster/events/latest)");
    case Feature::EventsLegacy:
        return tr("the older event feed (/cluster/events)");
    case Feature::Dashboard:
        return tr("the dashboard summary");
    case Feature::Endpoints:
        return tr("exposed endpoints");
    case Feature::ExecutorDetails:
        return tr("executor details (instances per executor)");
    case Feature::Logs:
        return tr("instance logs");
    case Feature::ValidateSpec:
        return tr("spec validation");
    case Feature::Blacklist:
        return tr("executor blacklisting");
    case Feature::Maintenance:
        return tr("maintenance mode");
    }
    return {};
}

QString ControllerCapabilities::unavailableText(Feature feature)
{
    return tr("This controller does not offer %1 (it answered \"not found\" for it).")
        .arg(featureName(feature));
}

QString ControllerCapabilities::eventFeedText(EventFeed feed, int refreshIntervalMs)
{
    const QString seconds = QString::number(refreshIntervalMs / 1000.0, 'g', 3);
    switch (feed) {
    case EventFeed::Latest:
        return tr("Event feed: /cluster/events/latest, checked every %1 s").arg(seconds);
    case EventFeed::Legacy:
        return tr("Event feed: the older /cluster/events, checked every %1 s").arg(seconds);
    case EventFeed::Polling:
        return tr("This controller has no event feed: the console refreshes everything every "
                  "%1 s")
            .arg(seconds);
    }
    return {};
}

QString ControllerCapabilities::describe() const
{
    QStringList lines;
    for (int i = int(Feature::EventsLatest); i < kFeatureCount; ++i) {
        const auto feature = Feature(i);
        switch (support(feature)) {
        case Support::Present:
            lines << QStringLiteral("\u2713 ") + featureName(feature);
            break;
        case Support::Absent:
            lines << QStringLiteral("\u2717 ") + tr("%1 (not offered)").arg(featureName(feature));
            break;
        case Support::Unknown:
            lines << QStringLiteral("? ") + tr("%1 (not tried yet)").arg(featureName(feature));
            break;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace drove::client
