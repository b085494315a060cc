// drove-console: the operator's GUI. With a cluster profile it connects to that cluster; with
// none (or --embedded) it starts the embedded controller core on its own thread, listening on
// 127.0.0.1 with session credentials, and connects to that instead.
#include "embeddedcluster.h"
#include "simulationmenu.h"

#include "client/clusterprofile.h"
#include "client/droveclient.h"
#include "client/keychainsecretstore.h"
#include "client/profilestore.h"
#include "client/syncengine.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>

#include <memory>

using namespace drove;

namespace {

client::ClusterProfile embeddedProfile(const console::EmbeddedCluster &cluster)
{
    client::ClusterProfile profile;
    profile.id = QStringLiteral("embedded");
    profile.name = QObject::tr("embedded");
    profile.endpoints = {cluster.endpoint()};
    profile.authMode = client::ClusterAuth::Mode::Basic;
    profile.username = cluster.username();
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 1000;
    return profile;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("drove-console"));
    QApplication::setOrganizationName(QStringLiteral("drove-console"));
    QApplication::setApplicationDisplayName(QObject::tr("Drove console"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Operations console for Drove clusters."));
    parser.addHelpOption();
    const QCommandLineOption embeddedOption(
        QStringLiteral("embedded"),
        QObject::tr("Start the embedded simulated cluster even when profiles exist."));
    const QCommandLineOption profileOption(QStringLiteral("profile"),
                                           QObject::tr("Connect to the profile with this id."),
                                           QStringLiteral("id"));
    const QCommandLineOption timeScaleOption(
        QStringLiteral("time-scale"),
        QObject::tr("Embedded cluster: multiply simulated instance timings (default 1)."),
        QStringLiteral("factor"), QStringLiteral("1"));
    parser.addOptions({embeddedOption, profileOption, timeScaleOption});
    parser.process(app);

    QSettings settings;
    client::KeychainSecretStore secrets;
    client::ProfileStore profiles(&settings, &secrets);

    QNetworkAccessManager network;
    client::DroveClient droveClient(&network);
    client::SyncEngine sync(&droveClient);
    ui::MainWindow window(&droveClient, &sync);

    QString profileId = parser.value(profileOption);
    if (profileId.isEmpty())
        profileId = profiles.currentProfileId();
    const auto chosen = profileId.isEmpty() ? std::nullopt : profiles.profile(profileId);

    std::unique_ptr<console::EmbeddedCluster> embedded;
    if (parser.isSet(embeddedOption) || !chosen) {
        controller::ControllerConfig config;
        bool ok = false;
        const double scale = parser.value(timeScaleOption).toDouble(&ok);
        config.timeScale = ok && scale > 0 ? scale : 1.0;
        embedded = std::make_unique<console::EmbeddedCluster>(config);
        QString error;
        if (!embedded->start(&error)) {
            QMessageBox::critical(
                nullptr, QObject::tr("Drove console"),
                QObject::tr("The embedded cluster could not start: %1").arg(error));
            return 1;
        }
        const client::ClusterProfile profile = embeddedProfile(*embedded);
        droveClient.setConnectionSettings(profile.connectionSettings(embedded->password()));
        sync.setRefreshInterval(profile.refreshIntervalMs);
        window.setCluster(profile, true);
        window.addEmbeddedMenu(new console::SimulationMenu(embedded.get(), &window));
        sync.start();
    } else {
        window.setCluster(*chosen, false);
        sync.setRefreshInterval(chosen->refreshIntervalMs);
        profiles.requestConnectionSettings(
            chosen->id, &window, [&](const std::optional<client::ConnectionSettings> &connection) {
                if (!connection)
                    return;
                droveClient.setConnectionSettings(*connection);
                sync.start();
            });
    }
    window.setProfiles(profiles.profiles(), embedded ? QString() : profileId);

    // Switching cluster: stop syncing, point the client elsewhere, start again.
    QObject::connect(
        &window, &ui::MainWindow::profileSwitchRequested, &window, [&](const QString &id) {
            const auto profile = profiles.profile(id);
            if (!profile)
                return;
            sync.stop();
            profiles.setCurrentProfileId(id);
            window.setCluster(*profile, false);
            sync.setRefreshInterval(profile->refreshIntervalMs);
            profiles.requestConnectionSettings(
                id, &window, [&](const std::optional<client::ConnectionSettings> &connection) {
                    if (!connection)
                        return;
                    droveClient.setConnectionSettings(*connection);
                    sync.start();
                });
        });

    window.show();
    const int result = QApplication::exec();
    sync.stop();
    return result;
}
