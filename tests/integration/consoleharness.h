#pragma once

// The console's data path as the GUI wires it: one QNetworkAccessManager, a DroveClient, a
// SyncEngine and a ClusterSession with its models, each model watched by a
// QAbstractItemModelTester for the harness's whole life. Intervals are shortened so that a test
// follows the embedded controller's fast time scale in seconds.

#include "client/clusterauth.h"

#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>

class QAbstractItemModel;
class QAbstractItemModelTester;
class QNetworkAccessManager;
class QSignalSpy;
class QTemporaryDir;

namespace drove::client {
class DroveClient;
class SyncEngine;
} // namespace drove::client
namespace drove::models {
class ClusterSession;
class OperationJournal;
} // namespace drove::models

class ConsoleHarness
{
public:
    explicit ConsoleHarness(const QList<QUrl> &endpoints,
                            const drove::client::ClusterAuth &auth = {});
    ~ConsoleHarness();

    /// Starts the sync loop (a full resync first).
    void start();

    drove::client::DroveClient *client() const { return m_client.get(); }
    drove::client::SyncEngine *sync() const { return m_sync.get(); }
    drove::models::ClusterSession *session() const { return m_session.get(); }
    drove::models::OperationJournal *journal() const { return m_journal.get(); }

    /// Resets seen on any of the session's models since construction (after the first
    /// setInstancesApplication, which is a scope change and so a legitimate reset).
    int resetCount() const;
    /// Forgets resets so far (call right after a deliberate scope change).
    void clearResets();

private:
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<drove::client::DroveClient> m_client;
    std::unique_ptr<drove::client::SyncEngine> m_sync;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<drove::models::OperationJournal> m_journal;
    std::unique_ptr<drove::models::ClusterSession> m_session;
    QList<QAbstractItemModelTester *> m_testers;
    QList<QSignalSpy *> m_resetSpies;
};
