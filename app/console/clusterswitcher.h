#pragma once

#include "client/clusterprofile.h"

#include <QObject>
#include <QString>

#include <optional>

class QNetworkAccessManager;

namespace drove::client {
struct ApiError;
class ProfileStore;
} // namespace drove::client
namespace drove::models {
class ClusterSession;
} // namespace drove::models

namespace drove::ui {
class ConnectDialog;
class MainWindow;
} // namespace drove::ui

namespace drove::console {

/// Which cluster the window shows, and the one path to change it: the cluster bar's selector,
/// Cluster ▸ Connect… and start-up all go through connectTo(). Switching makes a new
/// models::ClusterSession for the cluster (its own client and sync loop), shows it in the
/// window and destroys the previous one; the session starts syncing once the credentials are
/// known (a saved profile's secret comes from ProfileStore: this run's copy, the keychain, or
/// the password prompt). The
/// embedded cluster, while it runs, is offered beside the saved profiles so the operator can
/// always go back to it. A declined password leaves the window not connected, saying why.
class ClusterSwitcher : public QObject
{
    Q_OBJECT

public:
    /// None of the pointers is owned; all must outlive the switcher. Sessions journal into the
    /// window's journal.
    ClusterSwitcher(client::ProfileStore *profiles, ui::MainWindow *window,
                    QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ClusterSwitcher() override;

    /// The session of the cluster shown (owned; replaced on every switch). Null before the
    /// first connectTo().
    models::ClusterSession *session() const { return m_session; }

    /// The running embedded cluster (its profile and session password); nullopt when none.
    void setEmbeddedCluster(const std::optional<client::ClusterProfile> &profile,
                            const QString &password = {});
    bool hasEmbeddedCluster() const { return m_embedded.has_value(); }

    /// Connects to a saved profile by id, or to the embedded cluster (ConnectDialog::kEmbeddedId).
    /// When the operator chose it (`remember`), a saved profile becomes the one used at the next
    /// start and the embedded cluster clears that; start-up itself passes false. False when
    /// there is no such cluster.
    bool connectTo(const QString &id, bool remember = true);
    /// A cluster given on the command line for this run only (not saved).
    void connectAdHoc(const client::ClusterProfile &profile, const QString &secret);

    /// Id of the cluster shown (a profile id, the embedded id, or the ad-hoc profile's).
    QString connectedId() const { return m_connectedId; }
    /// Why the shown cluster is not connected (a declined password); empty otherwise.
    QString notConnectedReason() const { return m_notConnectedReason; }

    /// Offers the saved profiles (and the embedded cluster) in the cluster bar.
    void refreshProfiles();
    /// Cluster ▸ Connect…: opens the connect dialog (deleted on close).
    ui::ConnectDialog *openConnectDialog();

signals:
    /// The window now shows `id`, newly or again after its profile was edited (syncing may
    /// still wait for a password).
    void switched(const QString &id);

private:
    /// A saved profile's credentials were refused (HTTP 401): ask for them again, once per
    /// connection, instead of polling with a password that cannot work.
    void onSyncFailed(const client::ApiError &error);
    /// The connected profile was edited: connect again with what was saved.
    void onProfilesChanged();
    /// A new session for `profile` in the window; the previous one is destroyed.
    models::ClusterSession *replaceSession(const client::ClusterProfile &profile, bool embedded);
    void connectEmbedded();
    void connectProfile(const client::ClusterProfile &profile);
    void notConnected(const QString &reason);

    client::ProfileStore *m_profiles;
    ui::MainWindow *m_window;
    models::ClusterSession *m_session = nullptr;
    QNetworkAccessManager *m_network;
    std::optional<client::ClusterProfile> m_embedded;
    QString m_embeddedPassword;
    QString m_connectedId;
    /// The saved profile the window shows, as it was when connecting.
    std::optional<client::ClusterProfile> m_connectedProfile;
    QString m_notConnectedReason;
    bool m_reaskedAfterRejection = false;
};

} // namespace drove::console
