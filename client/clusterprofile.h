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
/// How careful the console must be with a cluster. Unknown (an `--endpoint` run without
/// `--criticality`) is shown in a neutral colour and guarded like Production.
enum class Criticality { Local, Development, Integration, Production, Unknown };

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
    /// The read-only guard: every change to this cluster asks for at least a tick, whatever the
    /// criticality's own policy says. New PRODUCTION profiles (the editor, the `~/.drove`
    /// import, profiles saved before it existed) and UNKNOWN `--endpoint` runs have it on.
    bool confirmEveryChange = false;
    int refreshIntervalMs = 2000; ///< events poll interval
    /// PEM bundle of extra CA certificates (a private CA), trusted besides the system store.
    QString caCertificatesFile;
    /// The embedded cluster only, never saved: a netrc file (0600) holding its session user's
    /// credentials, so that copied curl commands work as printed (`curl --netrc-file …`).
    QString netrcFile;
    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl; ///< ProxyMode::Manual: http://host:port
    /// Sent with every request, e.g. a gateway's routing header. Kept in the settings, never
    /// logged; a credential belongs in the authorization header (kept in the keychain).
    QList<QPair<QString, QString>> extraHeaders;
    int requestTimeoutMs = 15000; ///< per-request transfer timeout

    static constexpr int kMinRefreshIntervalMs = 500;
    static constexpr int kMaxRefreshIntervalMs = 60000;
    static constexpr int kMinRequestTimeoutMs = 1000;
    static constexpr int kMaxRequestTimeoutMs = 300000;

    /// "system", "none" or the proxy URL (stable; stored in settings).
    QString proxyText() const;
    /// Reads proxyText(); false (and nothing changed) when it is none of those.
    bool setProxyText(const QString &text);
    /// "Name: value" lines (stored in settings, shown in the profile editor).
    QStringList extraHeaderLines() const;
    /// Parses "Name: value" lines; bad lines are reported in `problems`.
    static QList<QPair<QString, QString>> parseHeaderLines(const QStringList &lines,
                                                           QStringList *problems = nullptr);
    /// Translated problems of extra headers: a name that is not an HTTP token or is given
    /// twice, a value with a line break or another control character (it could not be stored
    /// as one line, nor sent), and the headers the console sets itself (Authorization belongs
    /// to the authentication setting, whose secret goes to the keychain). Values are never
    /// quoted: they may be secrets.
    static QStringList headerProblems(const QList<QPair<QString, QString>> &headers);
    /// Translated problems of a ProxyMode::Manual address: it must be http://host:port, and
    /// hold no password (the settings file is no place for one).
    static QStringList proxyUrlProblems(const QUrl &url);

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
            && a.criticality == b.criticality && a.confirmEveryChange == b.confirmEveryChange
            && a.refreshIntervalMs == b.refreshIntervalMs
            && a.caCertificatesFile == b.caCertificatesFile && a.proxyMode == b.proxyMode
            && a.proxyUrl == b.proxyUrl && a.extraHeaders == b.extraHeaders
            && a.requestTimeoutMs == b.requestTimeoutMs;
    }
    friend bool operator!=(const ClusterProfile &a, const ClusterProfile &b) { return !(a == b); }
};

} // namespace drove::client

Q_DECLARE_METATYPE(drove::client::ClusterProfile)
