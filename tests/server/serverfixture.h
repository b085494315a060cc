#pragma once

// A started ControllerCore on a virtual clock behind a real ApiServer on 127.0.0.1:<ephemeral>.
// HTTP requests run on the real event loop; engine time only moves when a test advances it.

#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/controllernode.h"
#include "httptestclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

struct ServerFixture
{
    explicit ServerFixture(drove::controller::ControllerConfig config = {},
                           const QList<drove::controller::http::ApiUser> &users = {})
        : node(settings(std::move(config), users, &clock))
    {
        QString error;
        if (!node.start(&error))
            qFatal("embedded node did not start: %s", qPrintable(error));
        core = node.core();
        server = node.server();
        port = node.port();
        client = std::make_unique<HttpTestClient>(port);
    }

    static drove::controller::http::NodeSettings
    settings(drove::controller::ControllerConfig config,
             const QList<drove::controller::http::ApiUser> &users, drove::controller::Clock *clock)
    {
        if (!config.randomSeed)
            config.randomSeed = 7;
        drove::controller::http::NodeSettings settings;
        settings.controller = std::move(config);
        settings.clock = clock;
        settings.authEnabled = !users.isEmpty();
        settings.users = users;
        return settings;
    }

    /// Runs virtual time until \a appId has no running operation (or 30 virtual minutes pass).
    bool settle(const QString &appId, qint64 maxMs = 30LL * 60 * 1000)
    {
        return clock.runUntil([&] { return !core->activeOperation(appId).has_value(); }, maxMs);
    }

    static QByteArray readData(const QString &relative)
    {
        QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/") + relative);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("missing test data %s", qPrintable(relative));
        return file.readAll();
    }
    static QJsonObject reference(const QString &name)
    {
        return QJsonDocument::fromJson(readData(QStringLiteral("drove-reference/") + name))
            .object();
    }

    drove::controller::VirtualClock clock;
    drove::controller::http::ControllerNode node;
    drove::controller::ControllerCore *core = nullptr;
    drove::controller::http::ApiServer *server = nullptr;
    quint16 port = 0;
    std::unique_ptr<HttpTestClient> client;
};
