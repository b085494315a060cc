#pragma once

#include "client/clusterauth.h"

#include <QCoreApplication>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace drove::client {

/// How careful the operator must be with a cluster; the UI colours everything by it.
enum class Criticality { Local, Development, Integration, Production };

/// One cluster the console can connect to. A value: secrets are not part of it (ProfileStore
/// keeps them in the keychain); `auth.secret` is only filled transiently by connection code.
struct ClusterProfile
{
    Q_DECLARE_TR_FUNCTIONS(drove::client::ClusterProfile)

public:
    QString id;            ///< stable key for settings and keychain (a UUID without braces)
    QString name;          ///< shown to the user, e.g. "stage-blr"
    QList<QUrl> endpoints; ///< one or more controllers; the leader is found among them
    ClusterAuth::Mode authMode = ClusterAuth::Mode::None;
    QString username;      ///< Basic auth user (not secret)
    bool insecure = false; ///< skip TLS verification (flag it visibly)
    Criticality criticality = Criticality::Production;
    int refreshIntervalMs = 2000; ///< events poll interval

    static constexpr int kMinRefreshIntervalMs = 500;
    static constexpr int kMaxRefreshIntervalMs = 60000;

    bool isInsecure() const { return insecure; }
    /// The transport settings for this profile with `secret` (password or header value).
    ConnectionSettings connectionSettings(const QString &secret = {}) const;
    /// Whether a password / header value must be found before connecting.
    bool needsSecret() const { return authMode != ClusterAuth::Mode::None; }
    /// Translated problems that prevent using the profile; empty when it is usable.
    QStringList validate() const;

    /// A new random id.
    static QString newId();
    /// "LOCAL", "DEVELOPMENT", "INTEGRATION", "PRODUCTION" (stable; stored in settings).
    static QString criticalityName(Criticality criticality);
    static std::optional<Criticality> criticalityFromName(const QString &name);
    /// Translated label ("Production").
    static QString criticalityLabel(Criticality criticality);
    /// The label's colour as "#rrggbb" (Core only; models turn it into a QColor).
    static QString criticalityColor(Criticality criticality);
    /// A cautious guess for imported clusters: loopback endpoints → Local; names mentioning
    /// (in the name or the hosts) dev / int|stag|uat|qa / prod → that label; anything else →
    /// Production (the safe side).
    static Criticality guessCriticality(const QString &name, const QList<QUrl> &endpoints);
    /// Parses "http://a:10000" or a comma/space/newline separated list; bad URLs are reported.
    static QList<QUrl> parseEndpoints(const QString &text, QStringList *problems = nullptr);

    friend bool operator==(const ClusterProfile &a, const ClusterProfile &b)
    {
        return a.id == b.id && a.name == b.name && a.endpoints == b.endpoints
            && a.authMode == b.authMode && a.username == b.username && a.insecure == b.insecure
            && a.criticality == b.criticality && a.refreshIntervalMs == b.refreshIntervalMs;
    }
    friend bool operator!=(const ClusterProfile &a, const ClusterProfile &b) { return !(a == b); }
};

} // namespace drove::client

Q_DECLARE_METATYPE(drove::client::ClusterProfile)
