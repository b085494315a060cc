#pragma once

#include "controller/controllerconfig.h"
#include "controller/http/authenticator.h"
#include "controller/http/connectionguard.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace drove::app {

/// The embedded cluster's configuration file (JSON; the schema, with every key explained, is
/// resources/drove-embedded.sample.json): cluster shape, time scale, default op spec, users,
/// fault injection, engine timings, controller options and the HTTP front. drove-embedded and
/// drove-console (--config) both read it through this one implementation, so a file means the
/// same in both. Every key is optional: loading applies what the file says on top of the values
/// already held, and the command line, applied afterwards, wins.
///
/// Errors are one line for a terminal: a missing file, JSON syntax errors with line:column,
/// unknown keys (with the keys allowed there) and bad values (with the accepted range).
struct EmbeddedConfigFile
{
    drove::controller::ControllerConfig controller;

    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 7000;
    QString listenText = QStringLiteral("127.0.0.1:7000");
    bool allowUnauthenticatedRemote = false;

    /// Users from the file's userAuth section (and drove-embedded's --user); auth is on when
    /// this is non-empty or userAuth.enabled is true.
    QList<drove::controller::http::ApiUser> users;
    bool authEnabled = false;

    drove::controller::http::ConnectionLimits limits;
    bool requestLog = true;

    QString tlsCertificate;
    QString tlsKey;

    /// Which values the file set explicitly (defaults that depend on the executable apply
    /// otherwise).
    bool listenGiven = false;
    bool leaderAddressGiven = false;
    bool stateDirGiven = false;
    bool timeScaleGiven = false;

    /// Parses "HOST:PORT", "[v6]:PORT" or ":PORT"/"PORT" (loopback). Hostnames other than
    /// "localhost" are refused (listen on addresses, not names).
    static bool parseListen(const QString &text, QHostAddress *address, quint16 *port,
                            QString *error);

    /// Reads and applies a configuration file. Unknown keys are errors so a typo does not go
    /// unnoticed. On failure `error` starts with the path and nothing is guaranteed about
    /// which values were applied (callers stop).
    bool loadConfigFile(const QString &path, QString *error);
    /// The part of loadConfigFile() after reading: parses and applies \a bytes, the contents of
    /// \a path (named in errors). Also what the fuzz target feeds, without a file per input.
    bool loadConfigText(const QByteArray &bytes, const QString &path, QString *error);
    /// Applies an already-parsed configuration object (used by loadConfigFile and tests).
    bool applyConfig(const QJsonObject &root, QString *error);

    /// Applies the command line over the file (the command line wins), with the one validation
    /// both executables share: --listen, --user (turns authentication on), --follower,
    /// --allow-unauthenticated-remote, --no-request-log, --tls-cert, --tls-key,
    /// --max-body-bytes (1024..268435456), --time-scale (0.0001..1000), --state-dir and
    /// --in-memory (not both; with neither and no stateDir in the file, \a defaultStateDir).
    /// An option the executable does not define is never set, so each takes the ones it offers.
    /// On failure \a error names the option.
    bool applyCommandLine(const QCommandLineParser &parser, const QString &defaultStateDir,
                          QString *error);
};

} // namespace drove::app
