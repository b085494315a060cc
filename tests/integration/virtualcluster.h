#pragma once

// The embedded controller on a virtual clock behind its real HTTP API, and the console's client,
// sync loop and session talking to it: what tst_consoleoperations and tst_stagedrolloutrunner
// both drive (virtual time advanced step by step, HTTP on 127.0.0.1).
#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/controllernode.h"
#include "models/clustersession.h"
#include "models/operationjournal.h"
#include "models/operationtracker.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <memory>

struct VirtualCluster
{
    /// Starts the core (seeded), its API on an ephemeral port, and a session syncing every 40 ms
    /// whose tracker reads the virtual clock. False with \a error set when the core or the
    /// listener fails.
    bool start(quint64 randomSeed, QString *error)
    {
        clock = std::make_unique<drove::controller::VirtualClock>();
        drove::controller::http::NodeSettings settings;
        settings.controller.randomSeed = randomSeed;
        settings.clock = clock.get();
        node = std::make_unique<drove::controller::http::ControllerNode>(settings);
        if (!node->start(error))
            return false;
        core = node->core();
        const quint16 port = node->port();
        network = std::make_unique<QNetworkAccessManager>();
        client = std::make_unique<drove::client::DroveClient>(network.get());
        drove::client::ConnectionSettings connection;
        connection.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
        client->setConnectionSettings(connection);
        sync = std::make_unique<drove::client::SyncEngine>(client.get());
        sync->setRefreshInterval(40);
        dir = std::make_unique<QTemporaryDir>();
        journal = std::make_unique<drove::models::OperationJournal>(
            dir->filePath(QStringLiteral("journal.jsonl")));
        drove::client::ClusterProfile profile;
        profile.name = QStringLiteral("embedded");
        session = std::make_unique<drove::models::ClusterSession>(client.get(), sync.get(), profile,
                                                                  true, journal.get());
        session->tracker()->setClock([this] { return clock->now(); });
        return true;
    }

    /// Stops syncing and destroys everything, session first (safe when start() failed).
    void stop()
    {
        if (sync)
            sync->stop();
        session.reset();
        journal.reset();
        sync.reset();
        client.reset();
        network.reset();
        core = nullptr;
        node.reset();
        clock.reset();
        dir.reset();
    }

    std::unique_ptr<drove::controller::VirtualClock> clock;
    std::unique_ptr<drove::controller::http::ControllerNode> node;
    drove::controller::ControllerCore *core = nullptr; ///< the node's
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<drove::client::DroveClient> client;
    std::unique_ptr<drove::client::SyncEngine> sync;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<drove::models::OperationJournal> journal;
    std::unique_ptr<drove::models::ClusterSession> session;
};
