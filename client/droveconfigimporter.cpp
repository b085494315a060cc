#include "client/droveconfigimporter.h"

#include "client/inifile.h"

#include <QDir>
#include <QFile>

namespace drove::client {

namespace {

const QString kDefault = QString::fromLatin1(IniFile::kDefaultSection);
const QString kImplicit = QStringLiteral("default");

} // namespace

QString DroveConfigImporter::defaultPath()
{
    return QDir::homePath() + QStringLiteral("/.drove");
}

DroveConfigImport DroveConfigImporter::importFile(const QString &path)
{
    QFile file(path);
    if (!file.exists()) {
        DroveConfigImport result;
        result.error = tr("%1 does not exist.").arg(QDir::toNativeSeparators(path));
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        DroveConfigImport result;
        result.error
            = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return result;
    }
    DroveConfigImport result = importText(QString::fromUtf8(file.readAll()));
    if (!result.ok())
        result.error = tr("%1: %2").arg(QDir::toNativeSeparators(path), result.error);
    return result;
}

DroveConfigImport DroveConfigImporter::importText(const QString &text)
{
    DroveConfigImport result;
    QString parseError;
    const std::optional<IniFile> ini = IniFile::parse(text, &parseError, kImplicit);
    if (!ini) {
        result.error = tr("not a valid Drove CLI configuration (%1)").arg(parseError);
        return result;
    }

    QStringList candidates;
    // DEFAULT is a cluster of its own when it names an endpoint (drove config get-clusters).
    if (ini->rawValue(kDefault, QStringLiteral("endpoint")))
        candidates.append(kDefault);
    candidates += ini->sections();

    for (const QString &section : candidates) {
        const auto read = [&](const char *key) -> std::optional<QString> {
            QString error;
            const std::optional<QString> value = ini->value(section, QLatin1String(key), &error);
            if (!error.isEmpty()) {
                result.warnings.append(tr("[%1] %2: %3").arg(section, QLatin1String(key), error));
                return std::nullopt;
            }
            return value;
        };

        const std::optional<QString> endpointText = read("endpoint");
        if (!endpointText || endpointText->trimmed().isEmpty()) {
            result.warnings.append(tr("[%1] has no endpoint; skipped.").arg(section));
            continue;
        }
        QStringList endpointProblems;
        const QList<QUrl> endpoints
            = ClusterProfile::parseEndpoints(*endpointText, &endpointProblems);
        for (const QString &problem : endpointProblems)
            result.warnings.append(tr("[%1] %2").arg(section, problem));
        if (endpoints.isEmpty()) {
            result.warnings.append(tr("[%1] has no usable endpoint; skipped.").arg(section));
            continue;
        }

        ImportedCluster cluster;
        ClusterProfile &profile = cluster.profile;
        profile.id = ClusterProfile::newId();
        profile.name = section;
        profile.endpoints = endpoints;

        const std::optional<QString> username = read("username");
        const std::optional<QString> password = read("password");
        const std::optional<QString> authHeader = read("auth_header");
        // The CLI uses basic auth only when both user and password are given, else the header.
        if (username && !username->isEmpty()) {
            profile.authMode = ClusterAuth::Mode::Basic;
            profile.username = *username;
            cluster.secret = password.value_or(QString());
            if (!password)
                result.warnings.append(
                    tr("[%1] has a username but no password; it will be asked for.").arg(section));
            if (authHeader && !authHeader->isEmpty())
                result.warnings.append(
                    tr("[%1] has both a username and an auth_header; using the username and "
                       "password, as the Drove CLI does.")
                        .arg(section));
        } else if (authHeader && !authHeader->isEmpty()) {
            profile.authMode = ClusterAuth::Mode::Header;
            cluster.secret = *authHeader;
            if (cluster.secret.contains(QLatin1Char('\n'))) {
                // A header value cannot span lines; configparser continuation lines join it.
                cluster.secret = cluster.secret.split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                     .join(QLatin1Char(' '));
                result.warnings.append(
                    tr("[%1] auth_header spans several lines; they were joined with spaces.")
                        .arg(section));
            }
        }

        if (const std::optional<QString> insecure = read("insecure")) {
            const std::optional<bool> flag = IniFile::toBool(*insecure);
            if (flag) {
                profile.insecure = *flag;
            } else {
                result.warnings.append(
                    tr("[%1] insecure = \"%2\" is not a yes/no value; TLS verification stays on.")
                        .arg(section, *insecure));
            }
        }
        profile.criticality = ClusterProfile::guessCriticality(profile.name, profile.endpoints);
        profile.confirmEveryChange = profile.criticality == Criticality::Production;
        result.clusters.append(cluster);
    }

    if (const std::optional<QString> current
        = ini->rawValue(kDefault, QStringLiteral("current_cluster"))) {
        const bool known
            = std::any_of(result.clusters.cbegin(), result.clusters.cend(),
                          [&](const ImportedCluster &c) { return c.profile.name == *current; });
        if (known)
            result.currentCluster = *current;
        else
            result.warnings.append(
                tr("current_cluster names \"%1\", which is not an imported cluster.")
                    .arg(*current));
    } else if (!result.clusters.isEmpty()
               && (result.clusters.first().profile.name == kDefault
                   || result.clusters.first().profile.name == kImplicit)) {
        // Without current_cluster the CLI uses the DEFAULT values.
        result.currentCluster = result.clusters.first().profile.name;
    }
    if (result.clusters.isEmpty() && result.warnings.isEmpty())
        result.warnings.append(tr("The file names no clusters."));
    return result;
}

} // namespace drove::client
