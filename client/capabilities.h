#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <array>

namespace drove::client {

/// The parts of the Drove API that a controller may or may not serve. Controllers from before
/// 2023 have no `/cluster/events/latest`, gateways often route only part of `/apis/v1`; the
/// console finds out what is there and turns off only what is missing.
enum class Feature {
    None,            ///< a core endpoint (applications, cluster, executors): always expected
    EventsLatest,    ///< GET /cluster/events/latest
    EventsLegacy,    ///< GET /cluster/events (deprecated since Drove 1.27)
    Dashboard,       ///< GET /cluster/dashboard
    Endpoints,       ///< GET /endpoints
    ExecutorDetails, ///< GET /cluster/executors/{id}
    Logs,            ///< /logfiles/...
    ValidateSpec,    ///< POST /applications/validate/spec
    Blacklist,       ///< POST /cluster/executors/(un)blacklist
    Maintenance,     ///< POST /cluster/maintenance/(un)set
};
inline constexpr int kFeatureCount = int(Feature::Maintenance) + 1;

/// How the console learns of changes on the controller, best first.
enum class EventFeed {
    Latest,  ///< GET /cluster/events/latest (with the controller's cursor)
    Legacy,  ///< GET /cluster/events?lastSyncTime=&size= (a bare list; cursor kept here)
    Polling, ///< no event feed: snapshots every refresh interval
};

/// What one controller was found to serve. A value, kept by the DroveClient for the current
/// connection and forgotten when the settings or the leader change.
class ControllerCapabilities
{
    Q_DECLARE_TR_FUNCTIONS(drove::client::ControllerCapabilities)

public:
    enum class Support { Unknown, Present, Absent };

    Support support(Feature feature) const { return m_support[std::size_t(feature)]; }
    /// Absent only once the controller answered 404/405 for it (unknown counts as available).
    bool isAbsent(Feature feature) const { return support(feature) == Support::Absent; }
    /// True when the value changed.
    bool set(Feature feature, Support support);

    /// The best event feed not known to be absent.
    EventFeed eventFeed() const;

    /// Translated name of a feature ("the event feed", "instance logs", …).
    static QString featureName(Feature feature);
    /// Translated tooltip for a feature the controller does not offer.
    static QString unavailableText(Feature feature);
    /// Translated one-line description of the event feed in use, e.g. "no event feed: the
    /// console refreshes every 2 s".
    static QString eventFeedText(EventFeed feed, int refreshIntervalMs);
    /// Translated list, one feature a line, "✓ name", "✗ name (not offered)", "? name (not
    /// tried yet)", for the cluster bar's tooltip.
    QString describe() const;
    /// Stable, untranslated names for logs and tests ("EventsLatest").
    static QString featureKey(Feature feature);

    friend bool operator==(const ControllerCapabilities &a, const ControllerCapabilities &b)
    {
        return a.m_support == b.m_support;
    }
    friend bool operator!=(const ControllerCapabilities &a, const ControllerCapabilities &b)
    {
        return !(a == b);
    }

private:
    std::array<Support, kFeatureCount> m_support {};
};

} // namespace drove::client

Q_DECLARE_METATYPE(drove::client::ControllerCapabilities)
