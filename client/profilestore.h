#pragma once

#include "client/clusterprofile.h"
#include "client/droveconfigimporter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QSettings;

namespace drove::client {

class SecretStore;

/// The console's cluster profiles: persisted in QSettings (group "clusters"), without
/// secrets. Passwords and header values go to a SecretStore (the system keychain); when the
/// keychain is unavailable they are asked for once per run (secretNeeded) and kept in memory
/// only. Nothing secret is ever written to the settings file.
class ProfileStore : public QObject
{
    Q_OBJECT

public:
    using SecretCallback = std::function<void(const std::optional<QString> &secret)>;
    using SettingsCallback = std::function<void(const std::optional<ConnectionSettings> &settings)>;

    /// Neither `settings` nor `secrets` is owned; both must outlive the store.
    ProfileStore(QSettings *settings, SecretStore *secrets, QObject *parent = nullptr);

    /// All profiles, sorted by name.
    QList<ClusterProfile> profiles() const;
    std::optional<ClusterProfile> profile(const QString &id) const;
    /// The profile to connect to at start-up; empty when none.
    QString currentProfileId() const;
    void setCurrentProfileId(const QString &id);

    /// Adds the profile, or replaces the one with the same id (a new id is made when empty).
    /// Returns the translated problems when it is invalid (and saves nothing).
    QStringList saveProfile(ClusterProfile &profile);
    /// Removes the profile and its secret.
    void removeProfile(const QString &id);

    /// Keeps `secret` for this run and, when `remember` and a keychain exists, in the keychain.
    void storeSecret(const QString &id, const QString &secret, bool remember = true);
    /// The operator typed a new secret for a saved profile (the profile form): stored as
    /// storeSecret() does, and secretReplaced() tells a connected session to reconnect with it.
    void replaceSecret(const QString &id, const QString &secret, bool remember = true);
    /// The secret of a profile: this run's copy, else the keychain, else the user (through
    /// secretNeeded, answered with provideSecret/declineSecret). Profiles without auth get "".
    /// nullopt when the user declined or the profile does not exist.
    void requestSecret(const QString &id, QObject *context, SecretCallback callback);
    /// The answer to secretNeeded. `remember` stores it in the keychain when there is one.
    void provideSecret(const QString &id, const QString &secret, bool remember);
    /// The user cancelled the prompt: pending requests get nullopt.
    void declineSecret(const QString &id);
    /// Drops this run's copy (e.g. after a 401) so the next request asks again.
    void forgetSecret(const QString &id);
    /// Everything a DroveClient needs, with the secret resolved as requestSecret does.
    void requestConnectionSettings(const QString &id, QObject *context, SettingsCallback callback);

    /// False once the keychain answered "unavailable" in this run.
    bool isKeychainAvailable() const { return m_keychainAvailable; }

    /// Saves the clusters of a ~/.drove import (names made unique with " (2)", …) and their
    /// secrets; the CLI's current cluster becomes current when none is set. Returns the saved
    /// profiles.
    QList<ClusterProfile> importClusters(const DroveConfigImport &import);

signals:
    void profilesChanged();
    void currentProfileChanged(const QString &id);
    /// A secret is needed and not known: ask the user, then call provideSecret() or
    /// declineSecret(). `reason` is translated ("No keychain is available…").
    void secretNeeded(const drove::client::ClusterProfile &profile, const QString &reason);
    /// The keychain cannot be used in this run; secrets will be asked for once per run.
    void keychainUnavailable(const QString &message);
    /// Writing to the keychain failed for another reason (the secret is kept for this run).
    void secretStoreFailed(const QString &id, const QString &message);
    /// replaceSecret() stored a new secret for `id`.
    void secretReplaced(const QString &id);

private:
    void write(const ClusterProfile &profile);
    ClusterProfile read(const QString &id) const;
    void resolve(const QString &id, const std::optional<QString> &secret);
    void ask(const QString &id, const QString &reason);

    QSettings *m_settings;
    SecretStore *m_secrets;
    QHash<QString, QString> m_session; ///< secrets known in this run, by profile id
    struct Waiter
    {
        QPointer<QObject> context;
        SecretCallback callback;
    };
    QHash<QString, QList<Waiter>> m_waiting;
    bool m_keychainAvailable = true;
};

} // namespace drove::client
