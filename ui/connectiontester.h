#pragma once

#include "client/apierror.h"
#include "client/clusterauth.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace drove::client {
class DroveClient;
}

namespace drove::ui {

/// "Test connection" of the profile editor: pings a cluster with a short-lived DroveClient on a
/// QNetworkAccessManager of its own (no retries, short timeouts; the profile's proxy and TLS
/// settings apply to that manager only, so the console's connection is never touched) and says in
/// plain words what happened: which controller is the leader and what the cluster looks like,
/// or why it failed (wrong credentials, cannot connect, TLS, no leader…), in the client's own
/// words (ApiError::userText).
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    /// Starts a test; a test still running is abandoned (its result is never reported).
    void test(const client::ConnectionSettings &settings);
    void cancel();
    bool isRunning() const { return m_client != nullptr; }

    /// The last result (valid after finished()).
    bool lastOk() const { return m_lastOk; }
    QString lastMessage() const { return m_lastMessage; }
    /// The error of the last failed test (kind Cancelled when it succeeded).
    client::ApiError lastError() const { return m_lastError; }

signals:
    void started();
    /// The test ended; `message` is translated, one or two sentences.
    void finished(bool ok, const QString &message);

private:
    void fail(const client::ApiError &error);
    void succeed(const QString &message);
    void finish();

    /// The probe of the running test (a child), with its own network manager (the probe's child).
    client::DroveClient *m_client = nullptr;
    QElapsedTimer m_elapsed;
    bool m_lastOk = false;
    QString m_lastMessage;
    client::ApiError m_lastError;
};

} // namespace drove::ui
