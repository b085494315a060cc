#pragma once

#include "controller/controllerconfig.h"
#include "controller/http/authenticator.h"
#include "controller/http/connectionguard.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// Everything drove-embedded is started with: the engine's ControllerConfig plus the HTTP
/// server's settings. Filled from the configuration file (--config, JSON, schema in
/// resources/drove-embedded.sample.json) and then from the command line, which wins.
struct EmbeddedOptions
{
    drove::controller::ControllerConfig controller;

    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 7000;
    QString listenText = QStringLiteral("127.0.0.1:7000");
    bool allowUnauthenticatedRemote = false;

    /// Users from the file's userAuth section and --user; auth is on when this is non-empty or
    /// userAuth.enabled is true.
    QList<drove::controller::http::ApiUser> users;
    bool authEnabled = false;

    drove::controller::http::ConnectionLimits limits;
    bool requestLog = true;

    QString tlsCertificate;
    QString tlsKey;

    bool leaderAddressGiven = false;
    bool inMemory = false;
    bool stateDirGiven = false;

    /// --seed-bench: applications and instances per application to create at start-up.
    int seedApps = 0;
    int seedInstancesPerApp = 0;

    /// Parses "HOST:PORT", "[v6]:PORT" or ":PORT"/"PORT" (loopback). Hostnames other than
    /// "localhost" are refused (listen on addresses, not names).
    static bool parseListen(const QString &text, QHostAddress *address, quint16 *port,
                            QString *error);

    /// Applies a configuration file. Unknown keys are errors so a typo does not go unnoticed.
    bool loadConfigFile(const QString &path, QString *error);
    /// Applies an already-parsed configuration object (used by loadConfigFile and tests).
    bool applyConfig(const QJsonObject &root, QString *error);

    /// Whether the address only reaches this machine.
    bool listensOnLoopbackOnly() const;
};
