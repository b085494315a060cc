#pragma once

#include "protocol/applicationoperation.h"
#include "ui/operationcontext.h"

#include <QCoreApplication>
#include <QString>

namespace drove::ui {

/// A command line equivalent to an operation, or the reason there is none.
struct CliCommand
{
    /// Empty when the drove CLI cannot express the operation at all.
    QString command;
    /// Translated remark when the command differs from what the dialog sends (or cannot exist).
    QString note;

    bool isAvailable() const { return !command.isEmpty(); }
};

/// Turns operations into the exact curl and `drove` CLI commands an operator could paste into a
/// shell. Secrets are never written: Basic auth names the user and lets curl prompt, header auth
/// reads the value from $DROVE_AUTH_HEADER.
class OperationCommands
{
    Q_DECLARE_TR_FUNCTIONS(drove::ui::OperationCommands)

public:
    /// POST of the operation's JSON to /apis/v1/applications/operations.
    static QString curlCommand(const protocol::ApplicationOperation &operation,
                               const OperationContext &context);
    /// POST to /apis/v1/applications/operations/<appId>/cancel.
    static QString cancelCurlCommand(const QString &appId, const OperationContext &context);

    /// The `drove -c <cluster> …` command (PhonePe/drove-cli syntax). For CREATE, `specFile` is
    /// the file the spec was loaded from (a placeholder name otherwise).
    static CliCommand cliCommand(const protocol::ApplicationOperation &operation,
                                 const QString &clusterName, const QString &specFile = QString());
    static CliCommand cancelCliCommand(const QString &appId, const QString &clusterName);

    /// Single-quotes `text` for a POSIX shell unless it is made only of safe characters.
    static QString shellQuote(const QString &text);
    /// A duration as the CLI's --timeout accepts it: "5m", "90s", "2h".
    static QString compactDuration(const protocol::Duration &duration);
};

} // namespace drove::ui
