// Child process for the kill -9 test: runs a controller core on a real clock over a state
// directory, submits an operation, reports it on stdout and keeps running until killed.
#include "controller/controllercore.h"
#include "protocol/applicationoperation.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

using namespace drove::controller;
using drove::protocol::ApplicationOperation;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        QTextStream(stderr) << "usage: crashhelper <stateDir> <specFile>\n";
        return 2;
    }
    ControllerConfig config;
    config.stateDir = QString::fromLocal8Bit(argv[1]);
    config.timeScale = 0.05; // instances become HEALTHY in ~150 ms of wall time
    config.randomSeed = 7;
    ControllerCore core(config);
    QString error;
    if (!core.start(&error)) {
        QTextStream(stderr) << "start failed: " << error << "\n";
        return 1;
    }
    QFile file(QString::fromLocal8Bit(argv[2]));
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    const auto spec = drove::protocol::ApplicationSpec::fromJson(
        QJsonDocument::fromJson(file.readAll()).object());
    if (!spec)
        return 1;
    const auto opSpec
        = drove::protocol::ClusterOpSpec::make(drove::protocol::Duration::minutes(5), 2);
    const auto created = core.submit(ApplicationOperation::create(*spec, 0, opSpec));
    const auto scaled = core.submit(ApplicationOperation::scale(created.appId, 20, opSpec));
    QTextStream out(stdout);
    out << "ACCEPTED " << created.appId << ' ' << scaled.operationId << '\n';
    out.flush();
    // Progress, so the parent can kill us at a known point in the operation.
    qint64 reported = 0;
    QObject::connect(&core, &ControllerCore::applicationChanged, &core, [&](const QString &appId) {
        const auto summary = core.appSummary(appId);
        if (summary && summary->healthyInstances != reported) {
            reported = summary->healthyInstances;
            out << "HEALTHY " << reported << '\n';
            out.flush();
        }
    });
    return app.exec();
}
