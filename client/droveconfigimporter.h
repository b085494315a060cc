#pragma once

#include "client/clusterprofile.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace drove::client {

/// One cluster found in ~/.drove: a profile (with a fresh id) and its secret, which the
/// caller hands to ProfileStore (keychain), never to settings.
struct ImportedCluster
{
    ClusterProfile profile;
    QString secret; ///< password (Basic) or header value (Header); may be empty
};

/// The outcome of reading a ~/.drove file.
struct DroveConfigImport
{
    QList<ImportedCluster> clusters;
    QString currentCluster; ///< name of the CLI's current cluster, empty if none
    QStringList warnings;   ///< translated notes about skipped or doubtful entries
    QString error; ///< translated reason the file could not be read at all; empty on success

    bool ok() const { return error.isEmpty(); }
};

/// Reads the official Drove CLI's configuration (~/.drove): INI sections with `endpoint`,
/// `username`, `password`, `auth_header`, `insecure`, and `current_cluster` in [DEFAULT],
/// with Python configparser semantics (see IniFile). DEFAULT itself is a cluster when it has
/// an endpoint (as the CLI's `config get-clusters` shows it); a file with keys but no section
/// header (older CLI versions) is one cluster named "default".
class DroveConfigImporter
{
    Q_DECLARE_TR_FUNCTIONS(drove::client::DroveConfigImporter)

public:
    static DroveConfigImport importText(const QString &text);
    static DroveConfigImport importFile(const QString &path);
    /// $HOME/.drove
    static QString defaultPath();
};

} // namespace drove::client
