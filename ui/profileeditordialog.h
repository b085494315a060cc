#pragma once

#include "client/clusterprofile.h"

#include <QDialog>
#include <QSet>

#include <memory>

class QLabel;
class QPushButton;

namespace Ui {
class ProfileEditorForm;
}

namespace drove::client {
class ProfileStore;
}

namespace drove::ui {

class ConnectionTester;

/// Adds or edits a cluster profile: name, controller endpoints (several = leader discovery),
/// authentication (none, basic user + password, raw Authorization header), "do not verify the
/// TLS certificate" (flagged as insecure), criticality with its colour and the refresh
/// interval; on a second tab, Network, the extra CA certificates file with the certificates
/// found in it, the proxy (system, none or an HTTP proxy), extra request headers and the request
/// timeout (a ⚠ on the tab while one of them is wrong). Every field is checked as it is typed
/// with ClusterProfile's own rules; the error shows under the field and Save stays disabled until
/// the profile is valid. "Test connection" pings the endpoints with what is typed (see
/// ConnectionTester).
///
/// The dialog returns a value (profile() and the secret typed); the caller saves it through
/// ProfileStore, which puts the secret in the keychain.
class ProfileEditorDialog : public QDialog
{
    Q_OBJECT

public:
    /// `store` (for the stored secret of an existing profile when testing) is not owned.
    explicit ProfileEditorDialog(client::ProfileStore *store, QWidget *parent = nullptr);
    ~ProfileEditorDialog() override;

    /// Fills the form. A profile with an id is edited (an empty password keeps the stored
    /// one); without an id it is new.
    /// Fills the form. The criticality of an existing profile (or of one being duplicated:
    /// `criticalityChosen` true) is the operator's and is never guessed over; a new profile's is
    /// a guess from its name and endpoints, shown as one until chosen.
    void setProfile(const client::ClusterProfile &profile,
                    std::optional<bool> criticalityChosen = std::nullopt);
    /// Names of the other profiles: a profile name must be unique (--cluster NAME picks by it).
    void setTakenNames(const QStringList &names);

    /// The profile as typed (id kept from setProfile).
    client::ClusterProfile profile() const;
    /// The password or header value typed; empty when none was typed.
    QString secret() const;
    /// Whether a secret was typed (for an existing profile, empty means "keep the stored one").
    bool secretEntered() const { return !secret().isEmpty(); }

    /// Translated problems of the form as it is; empty when Save is possible.
    QStringList problems() const;
    ConnectionTester *tester() const { return m_tester; }
    QPushButton *saveButton() const { return m_saveButton; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void validate();
    void growToFit();
    void updateAuthFields();
    void updateInsecureWarning();
    void updateCriticalityPreview();
    void updateProxyFields();
    void browseForCaFile();
    void addHeaderRow(const QString &name = {}, const QString &value = {});
    void removeSelectedHeaders();
    QList<QPair<QString, QString>> typedHeaders() const;
    void guessCriticality();
    void testConnection();
    void showTestResult(bool ok, const QString &message);
    static void showError(QLabel *label, const QStringList &problems);

    std::unique_ptr<::Ui::ProfileEditorForm> m_ui;
    client::ProfileStore *m_store;
    ConnectionTester *m_tester;
    QPushButton *m_saveButton = nullptr;
    client::ClusterProfile m_original;
    QStringList m_takenNames;
    /// Fields edited by the user: "required" errors show only for those, so a new, empty form
    /// does not open full of red.
    QSet<QString> m_touched;
    bool m_criticalityChosen = false;
    bool m_guardChosen = false; ///< the read-only guard was set by the operator (or saved)
    bool m_filling = false;
    QStringList m_problems;
    QStringList m_networkProblems; ///< those of m_problems on the Network tab
};

} // namespace drove::ui
