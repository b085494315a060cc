#include "ui/connectiontester.h"

#include "client/droveclient.h"

#include <QLocale>
#include <QNetworkAccessManager>

namespace drove::ui {

namespace {

// A test answers within seconds or not at all: the operator is waiting in front of the dialog.
constexpr int kProbeTimeoutMs = 5000;
constexpr int kRequestTimeoutMs = 8000;

} // namespace

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{ }

ConnectionTester::~ConnectionTester()
{
    cancel();
}

void ConnectionTester::test(const client::ConnectionSettings &settings)
{
    cancel();
    client::ConnectionSettings quick = settings;
    quick.probeTimeoutMs = qMin(quick.probeTimeoutMs, kProbeTimeoutMs);
    quick.requestTimeoutMs = qMin(quick.requestTimeoutMs, kRequestTimeoutMs);
    // A manager per test: DroveClient sets the profile's proxy on its manager and clears its
    // connection cache, which must not happen to the one the window's session uses.
    auto *network = new QNetworkAccessManager(this);
    auto *probe = new client::DroveClient(network, this);
    network->setParent(probe); // goes with the probe, after it (children are deleted last)
    probe->setRetryPolicy(client::RetryPolicy::none());
    probe->setConnectionSettings(quick);
    m_client = probe;
    m_elapsed.start();
    emit started();

    probe->ping(this, [this, probe](const client::Result<void> &result) {
        if (probe != m_client)
            return; // abandoned
        if (!result.ok()) {
            fail(result.error());
            return;
        }
        const qint64 ms = m_elapsed.elapsed();
        const QString leader = probe->leader().toDisplayString();
        const int endpoints = int(probe->connectionSettings().endpoints.size());
        const QString found = endpoints > 1
            ? tr("Connected: %1 is the leader controller (found among %2 endpoints, %3 ms).")
                  .arg(leader)
                  .arg(endpoints)
                  .arg(ms)
            : tr("Connected: %1 answered as the leader controller (%2 ms).").arg(leader).arg(ms);
        // The cluster summary tells the operator this is the cluster they meant.
        probe->clusterSummary(
            this, [this, probe, found](const client::Result<protocol::ClusterSummary> &summary) {
                if (probe != m_client)
                    return;
                if (!summary.ok()) {
                    succeed(found + QLatin1Char(' ')
                            + tr("The cluster summary could not be read: %1")
                                  .arg(summary.error().userText()));
                    return;
                }
                const protocol::ClusterSummary &cluster = summary.value();
                const QString executors = cluster.numExecutors == 1
                    ? tr("1 executor")
                    : tr("%1 executors").arg(cluster.numExecutors);
                const QString applications = cluster.numApplications == 1
                    ? tr("1 application")
                    : tr("%1 applications").arg(cluster.numApplications);
                succeed(found + QLatin1Char(' ')
                        + tr("The cluster has %1 and %2; %3 of %4 cores are in use.")
                              .arg(executors, applications)
                              .arg(cluster.usedCores)
                              .arg(cluster.totalCores));
            });
    });
}

void ConnectionTester::cancel()
{
    if (!m_client)
        return;
    client::DroveClient *client = m_client;
    m_client = nullptr;
    client->cancelAll();
    client->deleteLater();
}

void ConnectionTester::fail(const client::ApiError &error)
{
    m_lastOk = false;
    m_lastError = error;
    // "Cannot connect: Cannot connect to …" says it twice; the title only adds what is new.
    QString text = error.userText().startsWith(error.title())
        ? error.userText()
        : error.title() + QStringLiteral(": ") + error.userText();
    if (error.kind == client::ApiError::Kind::NotLeader) {
        // userText speaks of the running console ("looking for the leader"); here nothing
        // keeps looking, so say what it means for the profile.
        text += QLatin1Char(' ')
            + tr("No endpoint of this profile answered as the leader: an election may be under "
                 "way, or the list is missing the leader's address.");
    }
    m_lastMessage = text;
    finish();
    emit finished(false, text);
}

void ConnectionTester::succeed(const QString &message)
{
    m_lastOk = true;
    m_lastError = client::ApiError::make(client::ApiError::Kind::Cancelled);
    m_lastMessage = message;
    finish();
    emit finished(true, message);
}

void ConnectionTester::finish()
{
    if (m_client) {
        m_client->deleteLater();
        m_client = nullptr;
    }
}

} // namespace drove::ui
