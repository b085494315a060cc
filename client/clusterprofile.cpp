#include "client/clusterprofile.h"

#include "client/cabundle.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace drove::client {

ConnectionSettings ClusterProfile::connectionSettings(const QString &secret) const
{
    ConnectionSettings settings;
    settings.endpoints = endpoints;
    settings.auth.mode = authMode;
    settings.auth.username = username;
    settings.auth.secret = secret;
    settings.insecure = insecure;
    settings.caCertificatesFile = caCertificatesFile;
    settings.proxyMode = proxyMode;
    settings.proxyUrl = proxyUrl;
    for (const auto &[name, value] : extraHeaders)
        settings.extraHeaders.append({name.toLatin1(), value.toUtf8()});
    settings.requestTimeoutMs = requestTimeoutMs;
    return settings;
}

QString ClusterProfile::proxyText() const
{
    switch (proxyMode) {
    case ProxyMode::System:
        return QStringLiteral("system");
    case ProxyMode::None:
        return QStringLiteral("none");
    case ProxyMode::Manual:
        return proxyUrl.toString();
    }
    return QStringLiteral("system");
}

bool ClusterProfile::setProxyText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0) {
        proxyMode = ProxyMode::System;
        proxyUrl.clear();
        return true;
    }
    if (trimmed.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        proxyMode = ProxyMode::None;
        proxyUrl.clear();
        return true;
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.scheme() != QLatin1String("http"))
        return false;
    proxyMode = ProxyMode::Manual;
    proxyUrl = url;
    return true;
}

QStringList ClusterProfile::extraHeaderLines() const
{
    QStringList lines;
    for (const auto &[name, value] : extraHeaders)
        lines << name + QStringLiteral(": ") + value;
    return lines;
}

QList<QPair<QString, QString>> ClusterProfile::parseHeaderLines(const QStringList &lines,
                                                                QStringList *problems)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    QList<QPair<QString, QString>> headers;
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = line.left(colon).trimmed();
        if (colon <= 0 || !token.match(name).hasMatch()) {
            if (problems)
                problems->append(tr("\"%1\" is not a header line (Name: value).")
                                     .arg(colon > 0 ? name : line.trimmed()));
            continue;
        }
        headers.append({name, line.mid(colon + 1).trimmed()});
    }
    return headers;
}

QStringList ClusterProfile::validate() const
{
    QStringList problems;
    if (name.trimmed().isEmpty())
        problems.append(tr("The profile needs a name."));
    if (endpoints.isEmpty())
        problems.append(tr("The profile needs at least one controller endpoint."));
    for (const QUrl &endpoint : endpoints) {
        const QString scheme = endpoint.scheme();
        if (!endpoint.isValid() || endpoint.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            problems.append(tr("\"%1\" is not an http:// or https:// controller address.")
                                .arg(endpoint.toDisplayString()));
        }
    }
    if (authMode == ClusterAuth::Mode::Basic && username.trimmed().isEmpty())
        problems.append(tr("Basic authentication needs a user name."));
    if (refreshIntervalMs < kMinRefreshIntervalMs || refreshIntervalMs > kMaxRefreshIntervalMs)
        problems.append(tr("The refresh interval must be between %1 and %2 seconds.")
                            .arg(kMinRefreshIntervalMs / 1000.0)
                            .arg(kMaxRefreshIntervalMs / 1000));
    if (requestTimeoutMs < kMinRequestTimeoutMs || requestTimeoutMs > kMaxRequestTimeoutMs)
        problems.append(tr("The request timeout must be between %1 and %2 seconds.")
                            .arg(kMinRequestTimeoutMs / 1000)
                            .arg(kMaxRequestTimeoutMs / 1000));
    if (proxyMode == ProxyMode::Manual)
        problems += proxyUrlProblems(proxyUrl);
    problems += headerProblems(extraHeaders);
    if (!caCertificatesFile.isEmpty()) {
        // What connecting would fail on: unreadable, or no PEM certificate in it.
        const QString caProblem = CaBundle::read(caCertificatesFile).problem();
        if (!caProblem.isEmpty())
            problems.append(caProblem);
    }
    return problems;
}

QStringList ClusterProfile::headerProblems(const QList<QPair<QString, QString>> &headers)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    // Set by the console for every request; a second copy would fight it.
    static const QStringList reserved {QStringLiteral("Content-Type"),
                                       QStringLiteral("Content-Length"),
                                       QStringLiteral("Transfer-Encoding")};
    QStringList problems;
    QStringList seen;
    for (const auto &[name, value] : headers) {
        if (!token.match(name).hasMatch()) {
            problems.append(
                name.isEmpty()
                    ? tr("A header needs a name.")
                    : tr("\"%1\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only).")
                          .arg(name));
            continue;
        }
        if (seen.contains(name, Qt::CaseInsensitive)) {
            problems.append(tr("The header %1 is given twice.").arg(name));
            continue;
        }
        seen.append(name);
        if (name.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0) {
            problems.append(tr("%1 is a credential: choose it under Authentication, which keeps "
                               "it in the keychain, not as an extra header.")
                                .arg(name));
            continue;
        }
        if (reserved.contains(name, Qt::CaseInsensitive)) {
            problems.append(tr("%1 is set by the console for each request.").arg(name));
            continue;
        }
        const bool control = std::any_of(value.cbegin(), value.cend(), [](QChar c) {
            return c != QLatin1Char('\t') && (c.unicode() < 0x20 || c.unicode() == 0x7f);
        });
        if (control)
            problems.append(
                tr("The value of %1 holds a line break or another control character.").arg(name));
    }
    return problems;
}

QStringList ClusterProfile::proxyUrlProblems(const QUrl &url)
{
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()
        || url.port() <= 0 || (!url.path().isEmpty() && url.path() != QLatin1String("/"))) {
        return {tr("The proxy must be given as http://host:port, e.g. "
                   "http://proxy.example.com:3128.")};
    }
    if (!url.password().isEmpty())
        return {tr("The proxy address must not hold a password: it would be stored in the "
                   "settings file in plain text.")};
    return {};
}

QString ClusterProfile::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString ClusterProfile::criticalityName(Criticality criticality)
{
    switch (criticality) {
    case Criticality::Local:
        return QStringLiteral("LOCAL");
    case Criticality::Development:
        return QStringLiteral("DEVELOPMENT");
    case Criticality::Integration:
        return QStringLiteral("INTEGRATION");
    case Criticality::Production:
        return QStringLiteral("PRODUCTION");
    case Criticality::Unknown:
        return QStringLiteral("UNKNOWN");
    }
    return QStringLiteral("UNKNOWN");
}

std::optional<Criticality> ClusterProfile::criticalityFromName(const QString &name)
{
    for (Criticality c : {Criticality::Local, Criticality::Development, Criticality::Integration,
                          Criticality::Production, Criticality::Unknown}) {
        if (name.compare(criticalityName(c), Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

QString ClusterProfile::criticalityLabel(Criticality criticality)
{
    switch (criticality) {
    case Criticality::Local:
        return tr("Local");
    case Criticality::Development:
        return tr("Development");
    case Criticality::Integration:
        return tr("Integration");
    case Criticality::Production:
        return tr("Production");
    case Criticality::Unknown:
        return tr("Unknown");
    }
    return {};
}

QString ClusterProfile::criticalityColor(Criticality criticality)
{
    // Colour-blind-safe steps from calm to alarming.
    switch (criticality) {
    case Criticality::Local:
        return QStringLiteral("#607d8b"); // blue grey
    case Criticality::Development:
        return QStringLiteral("#2e7d32"); // green
    case Criticality::Integration:
        return QStringLiteral("#ef6c00"); // orange
    case Criticality::Production:
        return QStringLiteral("#c62828"); // red
    case Criticality::Unknown:
        return QStringLiteral("#757575"); // neutral grey: not known, not calm either
    }
    return QStringLiteral("#757575");
}

Criticality ClusterProfile::guessCriticality(const QString &name, const QList<QUrl> &endpoints)
{
    // What the name and hosts say comes first ("prod-blr" on 127.0.0.1 is a tunnel to
    // production, not a local cluster); loopback alone only suggests LOCAL.
    QString lower = name.toLower();
    for (const QUrl &endpoint : endpoints)
        lower += QLatin1Char(' ') + endpoint.host().toLower();
    if (lower.contains(QLatin1String("prod")) && !lower.contains(QLatin1String("preprod")))
        return Criticality::Production;
    static const QRegularExpression integration(
        QStringLiteral("(^|[^a-z])(int|integration|stage|staging|uat|qa|preprod)([^a-z]|$)"));
    if (integration.match(lower).hasMatch())
        return Criticality::Integration;
    bool allLoopback = !endpoints.isEmpty();
    for (const QUrl &endpoint : endpoints) {
        const QString host = endpoint.host();
        const QHostAddress address(host);
        if (host != QLatin1String("localhost") && !address.isLoopback())
            allLoopback = false;
    }
    if (lower.contains(QLatin1String("dev")) || lower.contains(QLatin1String("test")))
        return Criticality::Development;
    if (allLoopback || lower.contains(QLatin1String("local")))
        return Criticality::Local;
    return Criticality::Production;
}

QList<QUrl> ClusterProfile::parseEndpoints(const QString &text, QStringList *problems)
{
    QList<QUrl> result;
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        QString trimmed = part.trimmed();
        while (trimmed.endsWith(QLatin1Char('/')))
            trimmed.chop(1);
        const QUrl url(trimmed, QUrl::StrictMode);
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            if (problems)
                problems->append(
                    tr("\"%1\" is not an http:// or https:// controller address.").arg(part));
            continue;
        }
        if (!result.contains(url))
            result.append(url);
    }
    return result;
}

} // namespace drove::client
