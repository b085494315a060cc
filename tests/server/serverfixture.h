#pragma once

// A started ControllerCore on a virtual clock behind a real ApiServer on 127.0.0.1:<ephemeral>.
// HTTP requests run on the real event loop; engine time only moves when a test advances it.

#include "controller/clock.h"
#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/droveapi.h"
#include "httptestclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

struct ServerFixture
{
    explicit ServerFixture(drove::controller::ControllerConfig config = {},
                           const QList<drove::controller::http::ApiUser> &users = {})
    {
        if (!config.randomSeed)
            config.randomSeed = 7;
        core = std::make_unique<drove::controller::ControllerCore>(config, &clock);
        QString error;
        if (!core->start(&error))
            qFatal("core did not start: %s", qPrintable(error));
        server = std::make_unique<drove::controller::http::ApiServer>();
        server->setLeader(config.leader);
        if (!users.isEmpty())
            server->setAuthenticator(drove::controller::http::Authenticator(users));
        drove::controller::http::installDroveApi(server->router(), *core);
        port = server->listenOn(QHostAddress::LocalHost, 0, &error);
        if (!port)
            qFatal("cannot listen: %s", qPrintable(error));
        client = std::make_unique<HttpTestClient>(port);
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
    std::unique_ptr<drove::controller::ControllerCore> core;
    std::unique_ptr<drove::controller::http::ApiServer> server;
    quint16 port = 0;
    std::unique_ptr<HttpTestClient> client;
};
