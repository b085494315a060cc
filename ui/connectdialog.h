#pragma once

#include "client/clusterprofile.h"
#include "ui/droveimportdialog.h"
#include "ui/profileeditordialog.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace drove::client {
class ProfileStore;
}

namespace drove::ui {

/// Cluster ▸ Connect…: the saved cluster profiles (criticality, controllers, authentication,
/// insecure TLS flagged) with Add, Edit, Duplicate and Delete (through ProfileEditorDialog,
/// saved with ProfileStore so secrets go to the keychain), "Import ~/.drove…" with a preview
/// (DroveImportDialog), and Connect. When the console runs an embedded cluster, it is offered
/// as the first entry so the operator can go back to it.
///
/// The dialog does not connect anything itself: Connect emits connectRequested(id) and closes.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    /// Id of the embedded cluster's entry.
    static const QString kEmbeddedId;

    explicit ConnectDialog(client::ProfileStore *store, QWidget *parent = nullptr);

    /// Offers the running embedded cluster (empty name: not offered).
    void setEmbeddedCluster(const QString &endpoint);
    /// The cluster the console is connected to now (marked, and selected at first).
    void setConnectedId(const QString &id);
    /// The file "Import ~/.drove…" opens first (default: DroveConfigImporter::defaultPath()).
    void setDroveConfigPath(const QString &path) { m_droveConfigPath = path; }

    QString selectedId() const;
    bool selectProfile(const QString &id);

    QTreeWidget *profileList() const { return m_list; }
    /// The profile editor or import preview currently open (nullptr when none), for tests.
    ProfileEditorDialog *editor() const { return m_editor; }
    DroveImportDialog *importDialog() const { return m_import; }

    /// Opens the editor: empty profile (add), a copy without id (duplicate) or the profile.
    void addProfile();
    void editProfile();
    void duplicateProfile();
    /// Asks, then removes the selected profile and its secret.
    void deleteProfile();
    void importDroveConfig();
    /// Emits connectRequested for the selection and closes.
    void connectSelected();

signals:
    /// The operator chose a cluster: a profile id, or kEmbeddedId.
    void connectRequested(const QString &id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void reload();
    void updateButtons();
    void openEditor(const client::ClusterProfile &profile, const QString &title,
                    bool duplicate = false);

    client::ProfileStore *m_store;
    QTreeWidget *m_list;
    QLabel *m_detail;
    QPushButton *m_connectButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_duplicateButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPointer<ProfileEditorDialog> m_editor;
    QPointer<DroveImportDialog> m_import;
    QString m_embeddedEndpoint;
    QString m_connectedId;
    QString m_droveConfigPath;
};

} // namespace drove::ui
