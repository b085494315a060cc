#pragma once

#include "client/droveconfigimporter.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace drove::ui {

/// Shows what importing the Drove CLI's configuration (~/.drove, or another file picked here)
/// would add before anything is saved: each cluster with its name (as it will be saved, made
/// unique), controllers, authentication, TLS verification and guessed criticality, with a
/// check box to leave it out; the file's warnings; or why the file cannot be read. Secrets are
/// never shown. The caller imports selectedImport() through ProfileStore::importClusters.
class DroveImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DroveImportDialog(QWidget *parent = nullptr);

    /// Names already taken by saved profiles (imported ones get " (2)" and so on).
    void setExistingNames(const QStringList &names);
    /// Reads `path` and shows its clusters.
    void loadFile(const QString &path);
    QString path() const;

    /// The file's content restricted to the checked clusters.
    client::DroveConfigImport selectedImport() const;
    QTreeWidget *clusterList() const { return m_list; }
    QPushButton *importButton() const { return m_importButton; }

private:
    void chooseFile();
    void updateButton();

    QLineEdit *m_pathEdit;
    QTreeWidget *m_list;
    QLabel *m_statusLabel;
    QPlainTextEdit *m_warnings;
    QPushButton *m_importButton = nullptr;
    QStringList m_existingNames;
    client::DroveConfigImport m_import;
};

} // namespace drove::ui
