#include "client/profilestore.h"

#include "client/secretstore.h"

#include <QSettings>

#include <algorithm>

namespace drove::client {

namespace {

const QString kGroup = QStringLiteral("clusters");
const QString kCurrent = QStringLiteral("currentCluster");

QString keyFor(const QString &id)
{
    return QStringLiteral("cluster/") + id;
}

} // namespace

ProfileStore::ProfileStore(QSettings *settings, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
{ }

QList<ClusterProfile> ProfileStore::profiles() const
{
    m_settings->beginGroup(kGroup);
    const QStringList ids = m_settings->childGroups();
    m_settings->endGroup();
    QList<ClusterProfile> result;
    for (const QString &id : ids)
        result.append(read(id));
    std::sort(result.begin(), result.end(), [](const ClusterProfile &a, const ClusterProfile &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return result;
}

std::optional<ClusterProfile> ProfileStore::profile(const QString &id) const
{
    if (id.isEmpty())
        return std::nullopt;
    m_settings->beginGroup(kGroup);
    const bool exists = m_settings->childGroups().contains(id);
    m_settings->endGroup();
    if (!exists)
        return std::nullopt;
    return read(id);
}

ClusterProfile ProfileStore::read(const QString &id) const
{
    ClusterProfile profile;
    m_settings->beginGroup(kGroup + QLatin1Char('/') + id);
    profile.id = id;
    profile.name = m_settings->value(QStringLiteral("name")).toString();
    for (const QString &endpoint : m_settings->value(QStringLiteral("endpoints")).toStringList())
        profile.endpoints.append(QUrl(endpoint, QUrl::StrictMode));
    profile.authMode
        = ClusterAuth::modeFromName(m_settings->value(QStringLiteral("auth")).toString());
    profile.username = m_settings->value(QStringLiteral("username")).toString();
    profile.insecure = m_settings->value(QStringLiteral("insecure"), false).toBool();
    profile.criticality = ClusterProfile::criticalityFromName(
                              m_settings->value(QStringLiteral("criticality")).toString())
                              .value_or(Criticality::Production);
    // Profiles saved before the guard existed get its default: on for PRODUCTION.
    profile.confirmEveryChange = m_settings
                                     ->value(QStringLiteral("confirmEveryChange"),
                                             profile.criticality == Criticality::Production
                                                 || profile.criticality == Criticality::Unknown)
                                     .toBool();
    profile.refreshIntervalMs
        = m_settings->value(QStringLiteral("refreshIntervalMs"), 2000).toInt();
    profile.caCertificatesFile = m_settings->value(QStringLiteral("caFile")).toString();
    profile.setProxyText(m_settings->value(QStringLiteral("proxy")).toString());
    profile.extraHeaders = ClusterProfile::parseHeaderLines(
        m_settings->value(QStringLiteral("headers")).toStringList());
    profile.requestTimeoutMs = m_settings->value(QStringLiteral("requestTimeoutMs"), 15000).toInt();
    m_settings->endGroup();
    return profile;
}

void ProfileStore::write(const ClusterProfile &profile)
{
    m_settings->beginGroup(kGroup + QLatin1Char('/') + profile.id);
    m_settings->remove(QString()); // drop keys of an older version of the profile
    m_settings->setValue(QStringLiteral("name"), profile.name);
    QStringList endpoints;
    for (const QUrl &endpoint : profile.endpoints)
        endpoints.append(endpoint.toString());
    m_settings->setValue(QStringLiteral("endpoints"), endpoints);
    m_settings->setValue(QStringLiteral("auth"), ClusterAuth::modeName(profile.authMode));
    if (profile.authMode == ClusterAuth::Mode::Basic)
        m_settings->setValue(QStringLiteral("username"), profile.username);
    m_settings->setValue(QStringLiteral("insecure"), profile.insecure);
    m_settings->setValue(QStringLiteral("confirmEveryChange"), profile.confirmEveryChange);
    m_settings->setValue(QStringLiteral("criticality"),
                         ClusterProfile::criticalityName(profile.criticality));
    m_settings->setValue(QStringLiteral("refreshIntervalMs"), profile.refreshIntervalMs);
    if (!profile.caCertificatesFile.isEmpty())
        m_settings->setValue(QStringLiteral("caFile"), profile.caCertificatesFile);
    if (profile.proxyMode != ProxyMode::System)
        m_settings->setValue(QStringLiteral("proxy"), profile.proxyText());
    if (!profile.extraHeaders.isEmpty())
        m_settings->setValue(QStringLiteral("headers"), profile.extraHeaderLines());
    m_settings->setValue(QStringLiteral("requestTimeoutMs"), profile.requestTimeoutMs);
    m_settings->endGroup();
}

QString ProfileStore::currentProfileId() const
{
    const QString id = m_settings->value(kCurrent).toString();
    return profile(id) ? id : QString();
}

void ProfileStore::setCurrentProfileId(const QString &id)
{
    if (m_settings->value(kCurrent).toString() == id)
        return;
    m_settings->setValue(kCurrent, id);
    emit currentProfileChanged(id);
}

QStringList ProfileStore::saveProfile(ClusterProfile &profile)
{
    const QStringList problems = profile.validate();
    if (!problems.isEmpty())
        return problems;
    if (profile.id.isEmpty())
        profile.id = ClusterProfile::newId();
    const std::optional<ClusterProfile> before = this->profile(profile.id);
    write(profile);
    m_settings->sync();
    if (before && before->authMode != profile.authMode) {
        // A password is no header value: the old secret is meaningless now.
        forgetSecret(profile.id);
        m_secrets->remove(keyFor(profile.id), this, nullptr);
    }
    emit profilesChanged();
    return {};
}

void ProfileStore::removeProfile(const QString &id)
{
    if (!profile(id))
        return;
    m_settings->remove(kGroup + QLatin1Char('/') + id);
    if (m_settings->value(kCurrent).toString() == id) {
        m_settings->remove(kCurrent);
        emit currentProfileChanged(QString());
    }
    m_settings->sync();
    forgetSecret(id);
    if (m_keychainAvailable)
        m_secrets->remove(keyFor(id), this, nullptr);
    resolve(id, std::nullopt);
    emit profilesChanged();
}

void ProfileStore::storeSecret(const QString &id, const QString &secret, bool remember)
{
    m_session.insert(id, secret);
    if (!remember || !m_keychainAvailable)
        return;
    m_secrets->write(keyFor(id), secret, this,
                     [this, id](SecretStore::Status status, const QString &message) {
                         if (status == SecretStore::Status::Unavailable) {
                             m_keychainAvailable = false;
                             emit keychainUnavailable(message);
                         } else if (status != SecretStore::Status::Ok) {
                             emit secretStoreFailed(id, message);
                         }
                     });
}

void ProfileStore::replaceSecret(const QString &id, const QString &secret, bool remember)
{
    storeSecret(id, secret, remember);
    emit secretReplaced(id);
}

void ProfileStore::requestSecret(const QString &id, QObject *context, SecretCallback callback)
{
    const std::optional<ClusterProfile> known = profile(id);
    const QPointer<QObject> guard(context ? context : this);
    const auto answerLater = [this, guard, callback](std::optional<QString> secret) {
        QMetaObject::invokeMethod(
            this,
            [guard, callback, secret] {
                if (guard)
                    callback(secret);
            },
            Qt::QueuedConnection);
    };
    if (!known) {
        answerLater(std::nullopt);
        return;
    }
    if (!known->needsSecret()) {
        answerLater(QString());
        return;
    }
    if (m_session.contains(id)) {
        answerLater(m_session.value(id));
        return;
    }
    QList<Waiter> &waiters = m_waiting[id];
    waiters.append({guard, callback});
    if (waiters.size() > 1)
        return; // a lookup or a prompt is already under way

    if (!m_keychainAvailable) {
        ask(id, tr("No keychain is available; the secret is kept only until the console exits."));
        return;
    }
    m_secrets->read(
        keyFor(id), this,
        [this, id](SecretStore::Status status, const QString &secret, const QString &message) {
            switch (status) {
            case SecretStore::Status::Ok:
                m_session.insert(id, secret);
                resolve(id, secret);
                return;
            case SecretStore::Status::NotFound:
                ask(id, tr("No password or token is stored for this cluster."));
                return;
            case SecretStore::Status::Unavailable:
                m_keychainAvailable = false;
                emit keychainUnavailable(message);
                ask(id,
                    tr("No keychain is available; the secret is kept only until "
                       "the console exits."));
                return;
            case SecretStore::Status::Error:
                ask(id, tr("The keychain refused access: %1").arg(message));
                return;
            }
        });
}

void ProfileStore::ask(const QString &id, const QString &reason)
{
    const std::optional<ClusterProfile> known = profile(id);
    if (!known) {
        resolve(id, std::nullopt);
        return;
    }
    emit secretNeeded(*known, reason);
}

void ProfileStore::provideSecret(const QString &id, const QString &secret, bool remember)
{
    storeSecret(id, secret, remember);
    resolve(id, secret);
}

void ProfileStore::declineSecret(const QString &id)
{
    resolve(id, std::nullopt);
}

void ProfileStore::forgetSecret(const QString &id)
{
    m_session.remove(id);
}

void ProfileStore::resolve(const QString &id, const std::optional<QString> &secret)
{
    const QList<Waiter> waiters = m_waiting.take(id);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.callback(secret);
    }
}

void ProfileStore::requestConnectionSettings(const QString &id, QObject *context,
                                             SettingsCallback callback)
{
    requestSecret(id, context, [this, id, callback](const std::optional<QString> &secret) {
        const std::optional<ClusterProfile> known = profile(id);
        if (!secret || !known) {
            callback(std::nullopt);
            return;
        }
        callback(known->connectionSettings(*secret));
    });
}

QList<ClusterProfile> ProfileStore::importClusters(const DroveConfigImport &import)
{
    QStringList names;
    for (const ClusterProfile &existing : profiles())
        names.append(existing.name);

    QList<ClusterProfile> saved;
    QString currentId;
    for (const ImportedCluster &cluster : import.clusters) {
        ClusterProfile profile = cluster.profile;
        const QString base = profile.name;
        for (int n = 2; names.contains(profile.name); ++n)
            profile.name = QStringLiteral("%1 (%2)").arg(base).arg(n);
        if (!saveProfile(profile).isEmpty())
            continue;
        names.append(profile.name);
        if (profile.needsSecret() && !cluster.secret.isEmpty())
            storeSecret(profile.id, cluster.secret, true);
        if (base == import.currentCluster)
            currentId = profile.id;
        saved.append(profile);
    }
    if (currentProfileId().isEmpty() && !currentId.isEmpty())
        setCurrentProfileId(currentId);
    return saved;
}

} // namespace drove::client
