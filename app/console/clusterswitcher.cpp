#include "clusterswitcher.h"

#include "client/apierror.h"
#include "client/profilestore.h"
#include "models/clustersession.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"
#include "ui/secretpromptdialog.h"

#include <QStatusBar>
#include <QTimer>

namespace drove::console {

ClusterSwitcher::ClusterSwitcher(client::ProfileStore *profiles, ui::MainWindow *window,
                                 QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_window(window)
    , m_network(network)
{
    connect(m_window, &ui::MainWindow::profileSwitchRequested, this,
            [this](const QString &id) { connectTo(id); });
    connect(m_window, &ui::MainWindow::connectRequested, this, &ClusterSwitcher::openConnectDialog);
    connect(m_profiles, &client::ProfileStore::profilesChanged, this,
            &ClusterSwitcher::refreshProfiles);
    connect(m_profiles, &client::ProfileStore::profilesChanged, this,
            &ClusterSwitcher::onProfilesChanged);
    // Saving a changed password or token for the connected profile reconnects with it (the
    // profile itself may be unchanged, so onProfilesChanged would not).
    connect(m_profiles, &client::ProfileStore::secretReplaced, this, [this](const QString &id) {
        QTimer::singleShot(0, this, [this, id] {
            const auto current = m_profiles->profile(id);
            if (m_connectedId == id && current)
                connectProfile(*current);
        });
    });
    connect(m_profiles, &client::ProfileStore::keychainUnavailable, this,
            [this](const QString &message) {
                m_window->statusBar()->showMessage(
                    tr("No keychain is available (%1): passwords and tokens are kept only until "
                       "the console exits.")
                        .arg(message),
                    15000);
            });
    // Cancel in the password prompt leaves the cluster unconnected, and says why.
    ui::SecretPromptDialog::answerSecretRequests(
        m_profiles, m_window, [this](const client::ClusterProfile &profile, const QString &reason) {
            if (profile.id == m_connectedId)
                notConnected(tr("Not connected to “%1”: no password or token was given (%2)")
                                 .arg(profile.name, reason));
        });
}

ClusterSwitcher::~ClusterSwitcher()
{
    m_window->setSession(nullptr);
    delete m_session;
}

models::ClusterSession *ClusterSwitcher::replaceSession(const client::ClusterProfile &profile,
                                                        bool embedded)
{
    models::ClusterSession *old = m_session;
    m_session = new models::ClusterSession(m_network, profile, embedded, m_window->journal(), this);
    connect(m_session, &models::ClusterSession::syncFailed, this, &ClusterSwitcher::onSyncFailed);
    m_window->setSession(m_session);
    // Nothing of the previous cluster survives the switch: its requests, timers and models go.
    delete old;
    return m_session;
}

void ClusterSwitcher::setEmbeddedCluster(const std::optional<client::ClusterProfile> &profile,
                                         const QString &password)
{
    m_embedded = profile;
    m_embeddedPassword = password;
    refreshProfiles();
}

bool ClusterSwitcher::connectTo(const QString &id, bool remember)
{
    if (id == ui::ConnectDialog::kEmbeddedId) {
        if (!m_embedded)
            return false;
        // Next start is on the embedded cluster again, as the operator left it.
        if (remember)
            m_profiles->setCurrentProfileId(QString());
        connectEmbedded();
    } else {
        const auto profile = m_profiles->profile(id);
        if (!profile)
            return false;
        if (remember)
            m_profiles->setCurrentProfileId(id);
        connectProfile(*profile);
    }
    refreshProfiles();
    return true;
}

void ClusterSwitcher::connectAdHoc(const client::ClusterProfile &profile, const QString &secret)
{
    m_connectedId = profile.id;
    m_connectedProfile.reset();
    m_notConnectedReason.clear();
    replaceSession(profile, false)->start(profile.connectionSettings(secret));
    refreshProfiles();
    emit switched(m_connectedId);
}

void ClusterSwitcher::connectEmbedded()
{
    m_connectedId = m_embedded->id;
    m_connectedProfile.reset();
    m_notConnectedReason.clear();
    m_window->statusBar()->clearMessage();
    replaceSession(*m_embedded, true)->start(m_embedded->connectionSettings(m_embeddedPassword));
    emit switched(m_connectedId);
}

void ClusterSwitcher::connectProfile(const client::ClusterProfile &profile)
{
    m_connectedId = profile.id;
    m_connectedProfile = profile;
    m_notConnectedReason.clear();
    m_reaskedAfterRejection = false;
    m_window->statusBar()->clearMessage();
    const QPointer<models::ClusterSession> session = replaceSession(profile, false);
    const QString id = profile.id;
    m_profiles->requestConnectionSettings(
        id, session,
        [this, session, id](const std::optional<client::ConnectionSettings> &connection) {
            if (m_connectedId != id || !session || session != m_session)
                return; // the operator chose another cluster meanwhile
            if (!connection) {
                notConnected(tr("Not connected: no password or token was given."));
                return;
            }
            session->start(*connection);
        });
    emit switched(m_connectedId);
}

void ClusterSwitcher::onSyncFailed(const client::ApiError &error)
{
    if (error.kind != client::ApiError::Kind::Unauthorized || m_reaskedAfterRejection)
        return;
    const auto profile = m_profiles->profile(m_connectedId);
    if (!profile || !profile->needsSecret())
        return; // the embedded cluster or a command-line cluster: nothing to ask
    m_reaskedAfterRejection = true;
    m_session->stop();
    m_profiles->forgetSecret(profile->id);
    auto *dialog = new ui::SecretPromptDialog(
        *profile,
        tr("The controller rejected the stored credentials (HTTP 401). Enter them again, or "
           "cancel and correct the profile in Cluster ▸ Connect…."),
        m_profiles->isKeychainAvailable(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    const QString id = profile->id;
    connect(dialog, &QDialog::finished, this, [this, dialog, id](int result) {
        if (m_connectedId != id)
            return; // the operator went elsewhere meanwhile
        if (result != QDialog::Accepted) {
            notConnected(tr("Not connected: the controller rejected the credentials (HTTP 401)."));
            return;
        }
        m_profiles->provideSecret(id, dialog->secret(), dialog->remember());
        if (const auto current = m_profiles->profile(id); current && m_session)
            m_session->start(current->connectionSettings(dialog->secret()));
    });
    dialog->open();
}

void ClusterSwitcher::onProfilesChanged()
{
    if (!m_connectedProfile)
        return;
    const auto saved = m_profiles->profile(m_connectedProfile->id);
    if (!saved || *saved == *m_connectedProfile)
        return; // deleted (the window stays connected until another choice) or unchanged
    // Later, so that a password saved together with the profile is the one used.
    const QString id = saved->id;
    QTimer::singleShot(0, this, [this, id] {
        const auto current = m_profiles->profile(id);
        if (m_connectedId == id && current && m_connectedProfile && *current != *m_connectedProfile)
            connectProfile(*current);
    });
}

void ClusterSwitcher::notConnected(const QString &reason)
{
    if (m_session)
        m_session->stop();
    // A declined prompt reports twice: the generic answer to the request, then the prompt's
    // own reason, which replaces it.
    m_notConnectedReason = reason;
    m_window->statusBar()->showMessage(reason);
}

void ClusterSwitcher::refreshProfiles()
{
    QList<client::ClusterProfile> offered = m_profiles->profiles();
    if (m_embedded)
        offered.prepend(*m_embedded);
    m_window->setProfiles(offered, m_connectedId);
}

ui::ConnectDialog *ClusterSwitcher::openConnectDialog()
{
    auto *dialog = new ui::ConnectDialog(m_profiles, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_embedded)
        dialog->setEmbeddedCluster(m_embedded->endpoints.value(0).toDisplayString());
    dialog->setConnectedId(m_connectedId);
    connect(dialog, &ui::ConnectDialog::connectRequested, this,
            [this](const QString &id) { connectTo(id); });
    dialog->open();
    return dialog;
}

} // namespace drove::console
