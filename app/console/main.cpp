// drove-console: the operator's GUI. With a cluster (--endpoint, --cluster, or the current saved
// profile) it connects to that cluster; with none, or with --embedded, it starts the embedded
// controller core on its own thread, listening on 127.0.0.1 with session credentials, and connects
// to that instead. The embedded cluster keeps its state in a directory under the user's data
// location and is seeded with sample applications the first time that directory is created.
#include "clusterswitcher.h"
#include "embeddedcluster.h"
#include "firstrunbanner.h"
#include "rehearsal.h"
#include "simulationmenu.h"

#include "app/common/demoseeder.h"
#include "app/common/embeddedconfigfile.h"
#include "client/clusterprofile.h"
#include "client/droveconfigimporter.h"
#include "client/keychainsecretstore.h"
#include "client/profilestore.h"
#include "ui/appearance.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>
#include <QToolBar>

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

#include <memory>

using namespace drove;

namespace {

const QString kBannerDismissedKey = QStringLiteral("firstRun/bannerDismissed");
/// Where the console's embedded cluster listens unless its configuration says otherwise.
constexpr quint16 kEmbeddedDefaultPort = 47000;

client::ClusterProfile embeddedProfile(const console::EmbeddedCluster &cluster,
                                       const QString &netrcFile)
{
    client::ClusterProfile profile;
    profile.id = ui::ConnectDialog::kEmbeddedId;
    profile.name = QObject::tr("embedded");
    profile.endpoints = {cluster.endpoint()};
    profile.authMode = client::ClusterAuth::Mode::Basic;
    profile.username = cluster.username();
    profile.criticality = client::Criticality::Local;
    profile.confirmEveryChange = false;
    profile.refreshIntervalMs = 1000;
    profile.netrcFile = netrcFile;
    return profile;
}

int fail(const QString &message)
{
    QTextStream(stderr) << "drove-console: " << message << '\n';
    return 2;
}

struct AdHocCluster
{
    client::ClusterProfile profile;
    QString secret;
};

/// --endpoint with its auth options: a profile for this run only (nothing is saved).
std::optional<AdHocCluster> adHocCluster(const QCommandLineParser &parser, QString *error)
{
    QStringList problems;
    AdHocCluster cluster;
    cluster.profile.endpoints = client::ClusterProfile::parseEndpoints(
        parser.value(QStringLiteral("endpoint")), &problems);
    if (!problems.isEmpty() || cluster.profile.endpoints.isEmpty()) {
        *error = QObject::tr("bad --endpoint: %1").arg(problems.join(QStringLiteral("; ")));
        return std::nullopt;
    }
    cluster.profile.id = QStringLiteral("command-line");
    cluster.profile.name = cluster.profile.endpoints.constFirst().host();
    cluster.profile.insecure = parser.isSet(QStringLiteral("insecure"));
    // The operator says how careful to be; nothing is guessed for a one-off run (a guess once
    // called a tunnel to production LOCAL). Without --criticality: UNKNOWN, guarded like
    // PRODUCTION and shown in a neutral colour. LOCAL is the embedded cluster's alone.
    cluster.profile.criticality = client::Criticality::Unknown;
    if (parser.isSet(QStringLiteral("criticality"))) {
        const QString given = parser.value(QStringLiteral("criticality"));
        const auto chosen = client::ClusterProfile::criticalityFromName(given);
        if (!chosen || *chosen == client::Criticality::Local) {
            *error = QObject::tr("bad --criticality %1: one of DEVELOPMENT, INTEGRATION, "
                                 "PRODUCTION, UNKNOWN (LOCAL is the embedded cluster's)")
                         .arg(given);
            return std::nullopt;
        }
        cluster.profile.criticality = *chosen;
    }
    cluster.profile.confirmEveryChange
        = cluster.profile.criticality == client::Criticality::Production
        || cluster.profile.criticality == client::Criticality::Unknown;
    if (parser.isSet(QStringLiteral("auth-header"))) {
        cluster.profile.authMode = client::ClusterAuth::Mode::Header;
        cluster.secret = parser.value(QStringLiteral("auth-header"));
    } else if (parser.isSet(QStringLiteral("user"))) {
        cluster.profile.authMode = client::ClusterAuth::Mode::Basic;
        cluster.profile.username = parser.value(QStringLiteral("user"));
        const QString passwordFile = parser.value(QStringLiteral("password-file"));
        if (passwordFile.isEmpty()) {
            *error = QObject::tr("--user needs --password-file (a file holding the password)");
            return std::nullopt;
        }
        QFile file(passwordFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QObject::tr("cannot read %1: %2").arg(passwordFile, file.errorString());
            return std::nullopt;
        }
        cluster.secret = QString::fromUtf8(file.readAll()).trimmed();
    }
    const QStringList invalid = cluster.profile.validate();
    if (!invalid.isEmpty()) {
        *error = invalid.join(QStringLiteral("; "));
        return std::nullopt;
    }
    return cluster;
}

std::optional<client::ClusterProfile> profileByIdOrName(const client::ProfileStore &profiles,
                                                        const QString &key)
{
    if (auto byId = profiles.profile(key))
        return byId;
    for (const client::ClusterProfile &profile : profiles.profiles())
        if (profile.name == key)
            return profile;
    return std::nullopt;
}

/// --embedded, or any option that only means something for the embedded cluster.
bool embeddedAsked(const QCommandLineParser &parser)
{
    for (const char *option :
         {"embedded", "config", "state-dir", "in-memory", "empty", "time-scale"}) {
        if (parser.isSet(QLatin1String(option)))
            return true;
    }
    return false;
}

/// What of drove-embedded's file the console cannot honour, said rather than silently dropped.
QStringList consoleConfigWarnings(const app::EmbeddedConfigFile &config)
{
    QStringList warnings;
    if (!config.tlsCertificate.isEmpty() || !config.tlsKey.isEmpty())
        warnings << QObject::tr("server.tlsCertificate/tlsKey are ignored: the console's embedded "
                                "cluster serves plain HTTP");
    if (!config.controller.leader)
        warnings << QObject::tr("server.follower is ignored: the console's embedded cluster is "
                                "always the leader");
    if (config.authEnabled && config.users.isEmpty())
        warnings << QObject::tr("userAuth has no users: only the console's session user can "
                                "use the embedded cluster");
    if (config.listenGiven && !config.listenAddress.isLoopback())
        warnings << QObject::tr("the embedded cluster's API listens on %1, reachable from other "
                                "machines (basic authentication is always on)")
                        .arg(config.listenText);
    return warnings;
}

/// The command line: what --help prints and what main() reads.
void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QObject::tr(
        "Operations console for Drove clusters.\n\n"
        "With no cluster configured it starts on the embedded cluster: a Drove controller running "
        "in-process on simulated executors, seeded with sample applications the first time.\n"
        "Cluster > Connect… manages cluster profiles (add, edit, test the connection, import the "
        "drove CLI's ~/.drove); saved profiles are also in the cluster selector of the window.\n\n"
        "The embedded cluster can be shaped with --config FILE, the configuration file format of "
        "drove-embedded (documented key by key in share/drove-console/"
        "drove-embedded.sample.json)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("embedded"),
         QObject::tr("Start on the embedded simulated cluster even when a cluster profile is "
                     "current (implied by the embedded cluster's options below).")},
        {{QStringLiteral("cluster"), QStringLiteral("profile")},
         QObject::tr("Connect to the saved cluster profile with this name (or id)."),
         QObject::tr("name")},
        {QStringLiteral("endpoint"),
         QObject::tr("Connect to this controller URL for this run (several: comma separated; "
                     "the leader is found among them). Not saved."),
         QObject::tr("url")},
        {QStringLiteral("user"), QObject::tr("With --endpoint: basic-auth user name."),
         QObject::tr("name")},
        {QStringLiteral("password-file"),
         QObject::tr("With --user: file holding the password (keeps it out of process lists)."),
         QObject::tr("file")},
        {QStringLiteral("auth-header"),
         QObject::tr("With --endpoint: raw Authorization header value (e.g. \"Bearer …\"). "
                     "Visible in process lists."),
         QObject::tr("value")},
        {QStringLiteral("insecure"),
         QObject::tr("With --endpoint: do not verify the controller's TLS certificate (flagged "
                     "in the window).")},
        {QStringLiteral("criticality"),
         QObject::tr("With --endpoint: how careful the console must be with this cluster: "
                     "DEVELOPMENT, INTEGRATION, PRODUCTION or UNKNOWN (the default: guarded like "
                     "PRODUCTION, shown in grey)."),
         QObject::tr("level")},
        {QStringLiteral("config"),
         QObject::tr("Embedded cluster: read its configuration from this JSON file, in the format "
                     "drove-embedded reads: "
                     "cluster shape (executors), time scale, default op spec, users (accepted "
                     "besides the console's own session user), fault injection, engine timings, "
                     "controller options, state directory and the API's listen address "
                     "(default: a free port on 127.0.0.1). Implies --embedded. --time-scale, "
                     "--state-dir and --in-memory override the file."),
         QObject::tr("file")},
        {QStringLiteral("state-dir"),
         QObject::tr("Embedded cluster: directory of its durable state (default: %1).")
             .arg(QDir::toNativeSeparators(
                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                 + QStringLiteral("/embedded-cluster"))),
         QObject::tr("dir")},
        {QStringLiteral("in-memory"),
         QObject::tr("Embedded cluster: keep nothing on disk (a new seeded cluster each run).")},
        {QStringLiteral("empty"),
         QObject::tr("Embedded cluster: do not seed sample applications into a new cluster.")},
        {QStringLiteral("time-scale"),
         QObject::tr("Embedded cluster: multiply simulated instance timings (default 1, or the "
                     "configuration file's timeScale; 0.1 is ten times faster)."),
         QObject::tr("factor")},
    });
}

/// Milliseconds since this process was started by the kernel (before main(), loading included),
/// from /proc; -1 where that cannot be read.
qint64 msSinceProcessStart()
{
#ifdef Q_OS_LINUX
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    // Field 22 (starttime, clock ticks after boot) counts from after the ")" of the command.
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const long ticks = sysconf(_SC_CLK_TCK);
    if (fields.size() < 20 || ticks <= 0)
        return -1;
    const double started = double(fields.at(19).toLongLong()) / double(ticks);
    const double now = uptime.readAll().split(' ').value(0).toDouble();
    return qint64((now - started) * 1000.0);
#else
    return -1;
#endif
}

/// Bench hook (bench/client/coldstart.sh, issue 18): with DROVE_CONSOLE_FIRST_PAINT_ROWS=N the
/// console prints, when the applications table first paints with at least N rows, how long
/// that took since the process started and since main(), then exits.
class FirstPaintProbe : public QObject
{
public:
    FirstPaintProbe(QAbstractItemView *view, int rows, const QElapsedTimer &sinceMain)
        : QObject(view)
        , m_view(view)
        , m_rows(rows)
        , m_sinceMain(sinceMain)
    {
        view->viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (!m_done && event->type() == QEvent::Paint && m_view->model()
            && m_view->model()->rowCount() >= m_rows) {
            m_done = true;
            const qint64 main = m_sinceMain.elapsed();
            // After this paint has been handled: the rows are on screen.
            QTimer::singleShot(0, qApp, [main, rows = m_view->model()->rowCount()] {
                QTextStream(stdout)
                    << "first-paint rows " << rows << " ms-since-process-start "
                    << msSinceProcessStart() << " ms-since-main " << main << Qt::endl;
                QCoreApplication::exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QAbstractItemView *m_view;
    int m_rows;
    QElapsedTimer m_sinceMain;
    bool m_done = false;
};

/// Names and version, for QApplication and for the display-less --help / --version.
void setApplicationInfo()
{
    QCoreApplication::setApplicationName(QStringLiteral("drove-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("drove-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DROVE_CONSOLE_VERSION));
}

/// --help and --version answer without a display (on a server, over ssh, in scripts).
bool onlyAsksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v"
            || arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    if (onlyAsksForHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        setApplicationInfo();
        QCommandLineParser parser;
        describeOptions(parser);
        parser.process(core); // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setApplicationDisplayName(QObject::tr("Drove console"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);

    // The embedded cluster's configuration file is read first so that a mistake in it is
    // reported before any window opens.
    app::EmbeddedConfigFile embeddedConfig;
    if (parser.isSet(QStringLiteral("config"))) {
        if (parser.isSet(QStringLiteral("endpoint")) || parser.isSet(QStringLiteral("cluster")))
            return fail(QObject::tr("--config configures the embedded cluster; it cannot be "
                                    "combined with --endpoint or --cluster"));
        QString error;
        if (!embeddedConfig.loadConfigFile(parser.value(QStringLiteral("config")), &error))
            return fail(error);
        for (const QString &warning : consoleConfigWarnings(embeddedConfig))
            QTextStream(stderr) << "drove-console: --config: " << warning << '\n';
        embeddedConfig.controller.leader = true;
    }

    QSettings settings;
    client::KeychainSecretStore secrets;
    client::ProfileStore profiles(&settings, &secrets);

    // Before any widget exists, so everything is polished once, in the chosen look.
    ui::Appearance appearance(&settings);
    appearance.applySaved();

    // Decide the cluster before importing ~/.drove, so that importing never moves a user who had
    // no profile off the embedded cluster by surprise.
    std::optional<AdHocCluster> adHoc;
    std::optional<client::ClusterProfile> chosen;
    if (parser.isSet(QStringLiteral("endpoint"))) {
        QString error;
        adHoc = adHocCluster(parser, &error);
        if (!adHoc)
            return fail(error);
    } else if (parser.isSet(QStringLiteral("cluster"))) {
        chosen = profileByIdOrName(profiles, parser.value(QStringLiteral("cluster")));
        if (!chosen)
            return fail(QObject::tr("no saved cluster profile named \"%1\"")
                            .arg(parser.value(QStringLiteral("cluster"))));
    } else if (!embeddedAsked(parser)) {
        const QString current = profiles.currentProfileId();
        if (!current.isEmpty())
            chosen = profiles.profile(current);
    }

    // The drove CLI's clusters become profiles the first time the console finds none.
    const QString droveConfig = client::DroveConfigImporter::defaultPath();
    if (profiles.profiles().isEmpty() && QFileInfo::exists(droveConfig))
        profiles.importClusters(client::DroveConfigImporter::importFile(droveConfig));

    // Once for the process: profiles on "system" proxy (the default) then go through the
    // desktop's settings or http_proxy/https_proxy/no_proxy; a profile's own override is set on
    // the manager (DroveClient::setConnectionSettings).
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkAccessManager network;
    ui::MainWindow window;

    // One path to change cluster: start-up, the cluster bar, Cluster ▸ Connect…; one
    // ClusterSession per connection, owned by the switcher.
    console::ClusterSwitcher switcher(&profiles, &window, &network);
    // Rehearse…: copies of the cluster shown, each in its own window; they close with the console.
    console::Rehearsals rehearsals(
        &window, [&switcher] { return switcher.session(); }, &network);

    std::unique_ptr<console::EmbeddedCluster> embedded;
    if (adHoc) {
        switcher.connectAdHoc(adHoc->profile, adHoc->secret);
    } else if (!chosen) {
        // The same rules as drove-embedded's, in one place (EmbeddedConfigFile): --time-scale
        // 0.0001..1000, --in-memory and --state-dir not both, else the file's stateDir, else
        // the default directory.
        QString optionError;
        if (!embeddedConfig.applyCommandLine(
                parser,
                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                    + QStringLiteral("/embedded-cluster"),
                &optionError))
            return fail(optionError);
        controller::ControllerConfig config = embeddedConfig.controller;
        bool fresh = true;
        if (!config.stateDir.isEmpty()) {
            fresh = app::isFreshStateDirectory(config.stateDir);
            if (!QDir().mkpath(config.stateDir))
                return fail(
                    QObject::tr("cannot create the state directory %1").arg(config.stateDir));
        }
        // What GET /apis/v1/cluster reports as leader: where clients can reach this one.
        if (!embeddedConfig.leaderAddressGiven && embeddedConfig.listenGiven
            && embeddedConfig.listenPort != 0)
            config.leaderAddress = embeddedConfig.listenText;
        const bool seed = fresh && !parser.isSet(QStringLiteral("empty"));
        const controller::ControllerConfig configForFreePort = config;
        if (!embeddedConfig.leaderAddressGiven && !embeddedConfig.listenGiven)
            config.leaderAddress = QStringLiteral("127.0.0.1:%1").arg(kEmbeddedDefaultPort);
        embedded = std::make_unique<console::EmbeddedCluster>(config);
        embedded->setSeedOnStart(seed);
        embedded->setExtraUsers(embeddedConfig.users);
        embedded->setLimits(embeddedConfig.limits);
        // A stable address, so commands copied today still work tomorrow: 127.0.0.1:47000
        // unless the configuration says otherwise; when it is taken (a second console), a free
        // port, said in the cluster bar.
        if (embeddedConfig.listenGiven)
            embedded->setListenAddress(embeddedConfig.listenAddress, embeddedConfig.listenPort);
        else
            embedded->setListenAddress(QHostAddress::LocalHost, kEmbeddedDefaultPort);
        QString error;
        bool started = embedded->start(&error);
        if (!started && !embeddedConfig.listenGiven) {
            embedded = std::make_unique<console::EmbeddedCluster>(configForFreePort);
            embedded->setSeedOnStart(seed);
            embedded->setExtraUsers(embeddedConfig.users);
            embedded->setLimits(embeddedConfig.limits);
            embedded->setListenAddress(QHostAddress::LocalHost, 0);
            started = embedded->start(&error);
        }
        if (!started) {
            QMessageBox::critical(
                nullptr, QObject::tr("Drove console"),
                QObject::tr("The embedded cluster could not start: %1").arg(error));
            return 1;
        }
        for (const QString &problem : embedded->seedErrors())
            QTextStream(stderr) << "drove-console: seeding: " << problem << '\n';
        // Copied curl commands work as printed: the session user's credentials in a file only
        // the user can read.
        const QString netrc = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/embedded-cluster.netrc");
        QString netrcError;
        if (!embedded->writeNetrc(netrc, &netrcError))
            QTextStream(stderr) << "drove-console: cannot write " << netrc << ": " << netrcError
                                << '\n';
        switcher.setEmbeddedCluster(
            embeddedProfile(*embedded, netrcError.isEmpty() ? netrc : QString()),
            embedded->password());
        switcher.connectTo(ui::ConnectDialog::kEmbeddedId, false);
        window.addEmbeddedMenu(new console::SimulationMenu(embedded.get(), &window));
        if (fresh || !settings.value(kBannerDismissedKey).toBool()) {
            auto *bannerBar = new QToolBar(QObject::tr("Welcome"), &window);
            bannerBar->setObjectName(QStringLiteral("firstRunToolBar"));
            bannerBar->setMovable(false);
            auto *banner
                = new console::FirstRunBanner(seed        ? console::FirstRunBanner::Start::Seeded
                                                  : fresh ? console::FirstRunBanner::Start::Empty
                                                          : console::FirstRunBanner::Start::Kept,
                                              bannerBar);
            bannerBar->addWidget(banner);
            window.addToolBarBreak();
            window.addToolBar(Qt::TopToolBarArea, bannerBar);
            QObject::connect(banner, &console::FirstRunBanner::dismissed, bannerBar,
                             [&] { settings.setValue(kBannerDismissedKey, true); });
            QObject::connect(banner, &console::FirstRunBanner::dismissed, bannerBar,
                             &QToolBar::hide);
        }
    } else {
        switcher.connectTo(chosen->id, false);
    }

    // View ▸ Appearance: follow the system, light or dark (remembered).
    appearance.addMenuTo(&window);

    if (const int rows = qEnvironmentVariableIntValue("DROVE_CONSOLE_FIRST_PAINT_ROWS"); rows > 0) {
        if (auto *view = window.findChild<QAbstractItemView *>(QStringLiteral("applicationsView")))
            new FirstPaintProbe(view, rows, sinceMain);
    }
    window.show();
    return QApplication::exec();
}
