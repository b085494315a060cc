// drove-embedded: the embedded Drove controller core behind Drove's HTTP API, headless.
#include "benchseeder.h"
#include "embeddedoptions.h"
#include "signalwatcher.h"

#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/controllernode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QSysInfo>
#ifndef QT_NO_SSL
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#endif

#include <cstdio>
#include <memory>

using namespace drove::controller;
using namespace drove::controller::http;

namespace {

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    if (stream == stderr)
        std::fflush(stream);
}

int fail(const QString &message)
{
    printLine(stderr, QStringLiteral("drove-embedded: ") + message);
    return 1;
}

QString helpEpilogue()
{
    return QStringLiteral(
        "\nServes Drove's HTTP API (/apis/v1/...) from an embedded controller with simulated\n"
        "executors, so the console, curl, scripts and the official `drove` CLI work against it.\n"
        "\n"
        "Listening: loopback (127.0.0.1:7000) unless --listen says otherwise. Listening beyond\n"
        "loopback without any user configured is refused unless --allow-unauthenticated-remote.\n"
        "\n"
        "Authentication: off unless users are configured (--user or userAuth in --config); then\n"
        "HTTP Basic with Drove's roles: EXTERNAL_READ_ONLY, EXTERNAL_READ_WRITE,\n"
        "DROVE_EXTERNAL_MAINTENANCE, EXTERNAL_ROOT. With authentication off every request\n"
        "runs as EXTERNAL_ROOT, as in the real controller.\n"
        "\n"
        "Configuration file: JSON; every key is documented in drove-embedded.sample.json\n"
        "(installed under share/drove-console, in the source tree under resources/).\n"
        "Command-line options override the file.\n"
        "\n"
        "Signals: SIGINT/SIGTERM stop accepting requests, let the engine write its state and\n"
        "exit 0.\n");
}

} // namespace

int main(int argc, char *argv[])
{
    // One line per request is a log: line-buffered even when stdout is a pipe or a file.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("drove-embedded"));
    QCoreApplication::setOrganizationName(QStringLiteral("drove-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "Embedded Drove controller with simulated executors, serving Drove's HTTP API.")
        + helpEpilogue());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(
        QStringLiteral("listen"),
        QStringLiteral("Address and port to listen on: HOST:PORT, [IPv6]:PORT or PORT "
                       "(default 127.0.0.1:7000; 0.0.0.0:PORT for every IPv4 interface; "
                       "port 0 picks a free port and prints it)."),
        QStringLiteral("host:port"));
    const QCommandLineOption stateDirOption(
        QStringLiteral("state-dir"),
        QStringLiteral("Directory of the durable state (SQLite). Default: %1/state.")
            .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        QStringLiteral("dir"));
    const QCommandLineOption inMemoryOption(
        QStringLiteral("in-memory"),
        QStringLiteral("Keep no state on disk; everything is lost at exit."));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QStringLiteral("JSON configuration file: cluster shape, time scale, default op spec, "
                       "users and roles, fault injection, timings (see the sample file)."),
        QStringLiteral("file"));
    const QCommandLineOption userOption(
        QStringLiteral("user"),
        QStringLiteral("Adds an API user, NAME:PASSWORD:ROLE (repeatable). For throwaway setups "
                       "only: the password is visible to other local users in the process "
                       "list; use userAuth in --config for anything else."),
        QStringLiteral("name:password:role"));
    const QCommandLineOption followerOption(
        QStringLiteral("follower"),
        QStringLiteral("Run as a non-leader: every /apis request answers 400 \"This node is not "
                       "the leader controller\" (after authentication), for testing clients' "
                       "leader discovery."));
    const QCommandLineOption tlsCertOption(
        QStringLiteral("tls-cert"),
        QStringLiteral("PEM certificate (chain) to serve HTTPS with; needs --tls-key."),
        QStringLiteral("file"));
    const QCommandLineOption tlsKeyOption(
        QStringLiteral("tls-key"),
        QStringLiteral("PEM private key (RSA or EC, unencrypted) for --tls-cert."),
        QStringLiteral("file"));
    const QCommandLineOption allowRemoteOption(
        QStringLiteral("allow-unauthenticated-remote"),
        QStringLiteral("Allow listening beyond loopback with authentication off (anyone who can "
                       "reach the port gets EXTERNAL_ROOT)."));
    const QCommandLineOption maxBodyOption(
        QStringLiteral("max-body-bytes"),
        QStringLiteral("Largest accepted request body; larger ones get 413 (default 4194304)."),
        QStringLiteral("bytes"));
    const QCommandLineOption timeScaleOption(
        QStringLiteral("time-scale"),
        QStringLiteral("Multiplier of simulated instance timings (1 = an instance is HEALTHY in "
                       "a few seconds; 0.1 = ten times faster)."),
        QStringLiteral("factor"));
    const QCommandLineOption quietOption(
        QStringLiteral("no-request-log"),
        QStringLiteral("Do not log one line per request on stdout."));
    const QCommandLineOption seedOption(
        QStringLiteral("seed-bench"),
        QStringLiteral("Before listening, create APPS applications with INSTANCES healthy "
                       "instances each (BENCH_APP_<n>-1), adding executors as needed; for load "
                       "tests. Example: 1000x10."),
        QStringLiteral("appsxinstances"));
    parser.addOptions({listenOption, stateDirOption, inMemoryOption, configOption, userOption,
                       followerOption, tlsCertOption, tlsKeyOption, allowRemoteOption,
                       maxBodyOption, timeScaleOption, quietOption, seedOption});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\" (see --help)")
                        .arg(parser.positionalArguments().first()));

    EmbeddedOptions options;
    QString error;
    if (parser.isSet(configOption) && !options.loadConfigFile(parser.value(configOption), &error))
        return fail(error);
    // The command line over the file, validated as drove-console validates the options it
    // shares (app/common).
    if (!options.applyCommandLine(parser,
                                  QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                      + QStringLiteral("/state"),
                                  &error))
        return fail(error);
    if (parser.isSet(seedOption)) {
        const QStringList parts = parser.value(seedOption).toLower().split(QLatin1Char('x'));
        bool okApps = false, okInstances = parts.size() == 2;
        options.seedApps = parts.value(0).toInt(&okApps);
        options.seedInstancesPerApp = parts.size() == 2 ? parts.value(1).toInt(&okInstances) : 0;
        if (!okApps || !okInstances || options.seedApps < 1 || options.seedApps > 100000
            || options.seedInstancesPerApp < 0 || options.seedInstancesPerApp > 2048)
            return fail(QStringLiteral("--seed-bench expects APPSxINSTANCES, e.g. 1000x10"));
    }
    if (!options.controller.stateDir.isEmpty() && !QDir().mkpath(options.controller.stateDir))
        return fail(
            QStringLiteral("cannot create state directory %1").arg(options.controller.stateDir));

    const bool authOn = options.authEnabled;
    if (!options.listensOnLoopbackOnly() && !authOn && !options.allowUnauthenticatedRemote) {
        return fail(
            QStringLiteral("refusing to listen on %1 with authentication off: anyone who can "
                           "reach it would be EXTERNAL_ROOT. Add --user/userAuth, listen on "
                           "127.0.0.1, or pass --allow-unauthenticated-remote.")
                .arg(options.listenText));
    }
    if (options.tlsCertificate.isEmpty() != options.tlsKey.isEmpty())
        return fail(QStringLiteral("--tls-cert and --tls-key go together"));

    NodeSettings settings;
    settings.address = options.listenAddress;
    settings.port = options.listenPort;
    settings.authEnabled = authOn;
    settings.users = options.users;
    settings.limits = options.limits;
    if (!options.tlsCertificate.isEmpty()) {
#ifndef QT_NO_SSL
        const QList<QSslCertificate> chain
            = QSslCertificate::fromPath(options.tlsCertificate, QSsl::Pem);
        QFile keyFile(options.tlsKey);
        if (chain.isEmpty())
            return fail(QStringLiteral("no PEM certificate in %1").arg(options.tlsCertificate));
        if (!keyFile.open(QIODevice::ReadOnly))
            return fail(
                QStringLiteral("cannot read %1: %2").arg(options.tlsKey, keyFile.errorString()));
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            return fail(QStringLiteral("no usable unencrypted RSA or EC PEM key in %1")
                            .arg(options.tlsKey));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        settings.tls = tls;
#else
        return fail(QStringLiteral("this build has no TLS support"));
#endif
    }

    // Drove reports the leader as "<hostname>:<port>".
    if (!options.leaderAddressGiven && options.listenPort != 0)
        options.controller.leaderAddress
            = QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(options.listenPort);

    // Core, API, authentication and (once seeded) the listener: assembled by ControllerNode,
    // as for the console's embedded cluster, the benches and the tests.
    settings.controller = options.controller;
    ControllerNode node(settings);
    if (!node.startCore(&error))
        return fail(QStringLiteral("cannot start the controller core: ") + error);
    ApiServer &server = *node.server();

    if (options.requestLog) {
        QObject::connect(
            &server, &ApiServer::requestFinished, &server, [](const RequestLogEntry &entry) {
                printLine(stdout,
                          QStringLiteral("%1 %2 %3 %4 %5ms %6")
                              .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                   QString::fromLatin1(entry.method), entry.path)
                              .arg(entry.status)
                              .arg(entry.elapsedMs, 0, 'f', 2)
                              .arg(entry.user));
            });
    }

    SignalWatcher signalWatcher;
    if (!signalWatcher.isValid())
        printLine(stderr, QStringLiteral("drove-embedded: warning: no SIGINT/SIGTERM handling"));
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app, [&](int number) {
        printLine(stderr, QStringLiteral("drove-embedded: signal %1, shutting down").arg(number));
        node.stopListening();
        QCoreApplication::quit();
    });

    const QString scheme
        = options.tlsCertificate.isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
    auto startListening = [&]() -> bool {
        const quint16 port = node.listen(&error);
        if (port == 0) {
            printLine(stderr,
                      QStringLiteral("drove-embedded: cannot listen on %1: %2")
                          .arg(options.listenText, error));
            return false;
        }
        const QString host = options.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(options.listenAddress.toString())
            : options.listenAddress.toString();
        printLine(stdout,
                  QStringLiteral("drove-embedded listening on %1://%2:%3 as %4; state: %5")
                      .arg(scheme, host)
                      .arg(port)
                      .arg(options.controller.leader ? QStringLiteral("leader")
                                                     : QStringLiteral("follower"),
                           options.controller.stateDir.isEmpty() ? QStringLiteral("in memory")
                                                                 : options.controller.stateDir));
        if (!authOn) {
            printLine(stdout,
                      QStringLiteral("authentication: off (every request runs as EXTERNAL_ROOT)"));
        } else if (options.users.isEmpty()) {
            printLine(stdout,
                      QStringLiteral("authentication: on, but no users: every request gets 401"));
        } else {
            QStringList names;
            for (const ApiUser &user : std::as_const(options.users))
                names.append(QStringLiteral("%1 (%2)").arg(user.name, userRoleName(user.role)));
            printLine(stdout, QStringLiteral("users: ") + names.join(QStringLiteral(", ")));
        }
        std::fflush(stdout);
        return true;
    };

    std::unique_ptr<BenchSeeder> seeder;
    if (options.seedApps > 0) {
        seeder = std::make_unique<BenchSeeder>(*node.core(), options.seedApps,
                                               options.seedInstancesPerApp);
        QObject::connect(seeder.get(), &BenchSeeder::progress, [](int healthy, int target) {
            printLine(stderr,
                      QStringLiteral("drove-embedded: seeding: %1/%2 instances healthy")
                          .arg(healthy)
                          .arg(target));
        });
        QObject::connect(
            seeder.get(), &BenchSeeder::finished, &app, [&](bool ok, const QString &message) {
                printLine(
                    stderr,
                    QStringLiteral("drove-embedded: seeding %1: %2")
                        .arg(ok ? QStringLiteral("done") : QStringLiteral("failed"), message));
                if (!ok || !startListening())
                    QCoreApplication::exit(1);
            });
        seeder->start();
    } else if (!startListening()) {
        return 1;
    }

    const int status = app.exec();
    node.stopListening();
    std::fflush(stdout);
    printLine(stderr, QStringLiteral("drove-embedded: stopped"));
    return status;
}
