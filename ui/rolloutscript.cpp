#include "ui/rolloutscript.h"

#include "models/formatting.h"

namespace drove::ui {

using models::StagedRollout;

qint64 RolloutScript::sleepSeconds(qint64 ms)
{
    return ms <= 0 ? 0 : (ms + 999) / 1000;
}

CliCommand RolloutScript::script(const StagedRollout &plan, const QString &clusterName)
{
    const int count = plan.stageCount();
    QStringList stageCommands;
    for (int i = 0; i < count; ++i) {
        const CliCommand cli = OperationCommands::cliCommand(plan.operation(i), clusterName);
        if (!cli.isAvailable())
            return {
                QString(),
                tr("No script: stage %1 has no drove CLI command. %2").arg(i + 1).arg(cli.note)};
        // The CLI's --wait polls until the replaced instances are gone (replace) or the healthy
        // count is reached (scale).
        stageCommands << cli.command + QStringLiteral(" --wait");
    }

    const QString drove = QStringLiteral("drove -c ") + OperationCommands::shellQuote(clusterName);
    const QString app = OperationCommands::shellQuote(plan.appId);
    const bool restart = plan.kind == StagedRollout::Kind::Restart;
    QStringList sizes;
    for (int i = 0; i < count; ++i)
        sizes << QString::number(plan.stageSize(i));

    QStringList lines;
    lines << QStringLiteral("#!/bin/sh");
    if (restart)
        lines << QStringLiteral("# Staged restart of %1 on cluster %2: %3 stage(s) of %4 "
                                "instance(s).")
                     .arg(plan.appId, clusterName)
                     .arg(count)
                     .arg(sizes.join(QStringLiteral(", ")));
    else
        lines << QStringLiteral("# Staged scale of %1 on cluster %2 from %3 to %4 instances: %5 "
                                "stage(s) of %6.")
                     .arg(plan.appId, clusterName)
                     .arg(plan.initialInstances)
                     .arg(plan.finalInstances())
                     .arg(count)
                     .arg(sizes.join(QStringLiteral(", ")));
    lines << QStringLiteral("# Written by the Drove console. Each stage waits with the CLI's "
                            "--wait; after a stage");
    lines << QStringLiteral("# the script sleeps for the soak, then stops if the app lists an "
                            "UNHEALTHY instance.");
    lines << QStringLiteral("# It looks only at the end of each soak (the console watches every "
                            "instance event");
    lines << QStringLiteral("# during it), and it does not check failed starts.");
    lines << QStringLiteral("# To stop: Ctrl+C. If a stage is running, cancel it too: %1")
                 .arg(OperationCommands::cancelCliCommand(plan.appId, clusterName).command);
    lines << QStringLiteral("set -eu");
    lines << QString();
    lines << QStringLiteral("soak() {");
    lines << QStringLiteral("    echo \"Soaking for $2 after stage $1...\"");
    lines << QStringLiteral("    sleep \"$3\"");
    lines << QStringLiteral("    if %1 appinstances list %2 | grep -q UNHEALTHY; then")
                 .arg(drove, app);
    lines << QStringLiteral("        echo \"An instance of %1 is UNHEALTHY after stage $1: "
                            "stopping.\" >&2")
                 .arg(plan.appId);
    lines << QStringLiteral("        exit 1");
    lines << QStringLiteral("    fi");
    lines << QStringLiteral("}");

    for (int i = 0; i < count; ++i) {
        const auto &stage = plan.stages.at(i);
        lines << QString();
        const QString what = restart
            ? QStringLiteral("replaces %1 instance(s)").arg(plan.stageSize(i))
            : QStringLiteral("scales to %1").arg(stage.targetInstances);
        if (i > 0 && stage.waitForGo) {
            lines << QStringLiteral("printf 'Stage %1 of %2 %3. Press Enter to go on, Ctrl+C to "
                                    "stop: '")
                         .arg(i + 1)
                         .arg(count)
                         .arg(what);
            lines << QStringLiteral("read -r _");
        }
        lines << QStringLiteral("echo 'Stage %1 of %2: %3'").arg(i + 1).arg(count).arg(what);
        lines << stageCommands.at(i);
        if (i + 1 < count) {
            const qint64 seconds = sleepSeconds(stage.soakMs);
            lines << QStringLiteral("soak %1 %2 %3")
                         .arg(i + 1)
                         .arg(OperationCommands::shellQuote(models::format::elapsed(stage.soakMs)))
                         .arg(seconds);
        }
    }
    lines << QString();
    lines << QStringLiteral("echo 'All %1 stage(s) ran.'").arg(count);
    return {lines.join(QLatin1Char('\n')) + QLatin1Char('\n'), QString()};
}

} // namespace drove::ui
