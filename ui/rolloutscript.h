#pragma once

#include "models/stagedrollout.h"
#include "ui/operationcommands.h"

#include <QCoreApplication>
#include <QString>

namespace drove::ui {

/// "Copy as script": a staged rollout as a POSIX shell script of `drove` CLI commands, for an
/// operator who wants to run the same plan without the console. Each stage is the command
/// OperationCommands gives for its operation, with the CLI's own `--wait`; between stages the
/// script sleeps for the soak and then stops if `appinstances list` shows an UNHEALTHY
/// instance; a stage that waits for a go asks for Enter. The script says in its header what it
/// checks less closely than the console does.
class RolloutScript
{
    Q_DECLARE_TR_FUNCTIONS(drove::ui::RolloutScript)

public:
    /// The script, or no command and the reason (a stage the CLI cannot express, e.g. a
    /// restart with stopFirst).
    static CliCommand script(const models::StagedRollout &plan, const QString &clusterName);
    /// Seconds for `sleep`, rounded up.
    static qint64 sleepSeconds(qint64 ms);
};

} // namespace drove::ui
