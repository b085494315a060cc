#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace drove::client {

/// How the console authenticates to a cluster (drove-api.md §0.3).
struct ClusterAuth
{
    enum class Mode {
        None,   ///< controller without userAuth
        Basic,  ///< `Authorization: Basic base64(user:password)`
        Header, ///< a raw `Authorization` header value (e.g. "Bearer …", "O-Bearer …")
    };

    Mode mode = Mode::None;
    QString username; ///< Basic only; not a secret
    QString secret; ///< the password (Basic) or the header value (Header); never persisted in plain
                    ///< text

    /// The value of the Authorization header, empty for Mode::None.
    QByteArray authorizationHeader() const;
    /// True when the mode needs a secret that is not filled in yet.
    bool needsSecret() const { return mode != Mode::None && secret.isEmpty(); }

    static QString modeName(Mode mode); ///< "none", "basic", "header" (stable, for settings)
    static Mode modeFromName(const QString &name); ///< unknown names map to None

    friend bool operator==(const ClusterAuth &a, const ClusterAuth &b)
    {
        return a.mode == b.mode && a.username == b.username && a.secret == b.secret;
    }
};

/// How requests reach the controllers.
enum class ProxyMode {
    System, ///< the system's proxy configuration (on Linux: http_proxy/https_proxy/no_proxy)
    None,   ///< straight to the controllers
    Manual, ///< ConnectionSettings::proxyUrl, e.g. http://proxy.example.com:3128
};

/// Everything the transport needs to reach one cluster.
struct ConnectionSettings
{
    QList<QUrl>
        endpoints; ///< controller base URLs, e.g. https://drove.example.com or http://host:10000
    ClusterAuth auth;
    bool insecure = false;        ///< skip TLS verification; only when the profile says so
    int requestTimeoutMs = 15000; ///< per-request transfer timeout
    int probeTimeoutMs = 4000;    ///< timeout of the leader-discovery pings
    /// A PEM bundle of CA certificates trusted besides the system store (a private CA).
    QString caCertificatesFile;
    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl; ///< ProxyMode::Manual only
    /// Sent with every request (a gateway's routing header, …). Values may be secrets: never
    /// logged, never shown in errors.
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
};

} // namespace drove::client
