#include "consoleharness.h"

#include "client/droveclient.h"
#include "client/syncengine.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventsmodel.h"
#include "models/executorsmodel.h"
#include "models/instancesmodel.h"
#include "models/operationjournal.h"
#include "models/operationsmodel.h"
#include "models/operationtracker.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace drove;

ConsoleHarness::ConsoleHarness(const QList<QUrl> &endpoints, const client::ClusterAuth &auth)
    : m_network(std::make_unique<QNetworkAccessManager>())
    , m_client(std::make_unique<client::DroveClient>(m_network.get()))
    , m_dir(std::make_unique<QTemporaryDir>())
{
    client::ConnectionSettings settings;
    settings.endpoints = endpoints;
    settings.auth = auth;
    // Loopback: a controller that does not answer in 3 s is gone, not slow (the default 15 s
    // would make the failover tests wait for nothing).
    settings.requestTimeoutMs = 3000;
    settings.probeTimeoutMs = 1000;
    m_client->setConnectionSettings(settings);
    client::RetryPolicy retry;
    retry.initialDelayMs = 50;
    retry.maxDelayMs = 200;
    m_client->setRetryPolicy(retry);

    m_sync = std::make_unique<client::SyncEngine>(m_client.get());
    m_sync->setRefreshInterval(100);
    m_sync->setMaxBackoff(400);
    m_journal = std::make_unique<models::OperationJournal>(
        m_dir->filePath(QStringLiteral("journal.jsonl")));
    client::ClusterProfile profile;
    profile.name = QStringLiteral("embedded");
    profile.criticality = client::Criticality::Local;
    m_session = std::make_unique<models::ClusterSession>(m_client.get(), m_sync.get(), profile,
                                                         true, m_journal.get());
    models::OperationTracker *tracker = m_session->tracker();
    tracker->setTickInterval(50);

    const QList<QAbstractItemModel *> watched
        = {m_session->applications(), m_session->instances(), m_session->executors(),
           m_session->events(), m_session->operations()};
    for (QAbstractItemModel *model : watched) {
        m_testers.append(new QAbstractItemModelTester(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_resetSpies.append(new QSignalSpy(model, &QAbstractItemModel::modelAboutToBeReset));
    }
}

ConsoleHarness::~ConsoleHarness()
{
    m_sync->stop();
    qDeleteAll(m_resetSpies);
    qDeleteAll(m_testers);
}

void ConsoleHarness::start()
{
    m_sync->start();
}

int ConsoleHarness::resetCount() const
{
    int count = 0;
    for (const QSignalSpy *spy : m_resetSpies)
        count += int(spy->count());
    return count;
}

void ConsoleHarness::clearResets()
{
    for (QSignalSpy *spy : m_resetSpies)
        spy->clear();
}
