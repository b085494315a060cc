#pragma once

#include "client/clusterprofile.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QLineEdit;
class QPushButton;

namespace drove::client {
class ProfileStore;
}

namespace drove::ui {

/// Asks for a cluster's password (basic auth) or Authorization header value when the keychain
/// has none or cannot be used: masked entry, the reason it is asked, and "Remember in the
/// keychain" only when a keychain is available.
class SecretPromptDialog : public QDialog
{
    Q_OBJECT

public:
    SecretPromptDialog(const client::ClusterProfile &profile, const QString &reason,
                       bool keychainAvailable, QWidget *parent = nullptr);

    const client::ClusterProfile &profile() const { return m_profile; }
    QString secret() const;
    /// Whether to store it in the keychain (false when there is none).
    bool remember() const;

    /// Answers every ProfileStore::secretNeeded with a prompt window-modal to `parent`: OK is
    /// provideSecret, Cancel is declineSecret and then `onDeclined(profile, reason)` so the
    /// caller can say why the cluster is not connected. `reason` there is translated.
    static void answerSecretRequests(
        client::ProfileStore *store, QWidget *parent,
        std::function<void(const client::ClusterProfile &profile, const QString &reason)> onDeclined
        = {});

private:
    client::ClusterProfile m_profile;
    QLineEdit *m_secretEdit;
    QCheckBox *m_rememberCheckBox;
    QPushButton *m_okButton = nullptr;
    bool m_keychainAvailable;
};

} // namespace drove::ui
