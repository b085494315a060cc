#include "ui/operationcommands.h"

#include "protocol/apipaths.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace drove::ui {

using protocol::ApplicationOperation;
using protocol::Duration;
using protocol::OperationType;

namespace {

const QString kLineBreak = QStringLiteral(" \\\n");

QString baseUrl(const OperationContext &context)
{
    QString url = context.endpoint.toString();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.isEmpty())
        url = QStringLiteral("http://localhost:10000");
    return url;
}

// URLs are always quoted, as in Drove's documentation, so `?` and `&` never reach the shell.
QString quotedUrl(const QString &url)
{
    QString quoted = url;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QStringList authArguments(const OperationContext &context)
{
    QStringList args;
    switch (context.authMode) {
    case client::ClusterAuth::Mode::None:
        break;
    case client::ClusterAuth::Mode::Basic:
        // The embedded cluster's session user: its credentials file (0600) makes the command
        // work as printed. Elsewhere curl asks for the password itself, so the clipboard never
        // holds it.
        if (!context.netrcFile.isEmpty())
            args << QStringLiteral("--netrc-file ")
                    + OperationCommands::shellQuote(context.netrcFile);
        else
            args << QStringLiteral("--user ") + OperationCommands::shellQuote(context.username);
        break;
    case client::ClusterAuth::Mode::Header:
        args << QStringLiteral("--header \"Authorization: ${DROVE_AUTH_HEADER}\"");
        break;
    }
    if (context.insecure)
        args << QStringLiteral("--insecure");
    return args;
}

// The CLI's -p/-t flags; it always sends failureStrategy STOP.
QString opSpecFlags(const ApplicationOperation &operation)
{
    const auto spec = operation.opSpec.value_or(protocol::ClusterOpSpec::defaults());
    QString flags = QStringLiteral(" --parallelism ") + QString::number(spec.parallelism);
    if (spec.timeout)
        flags += QStringLiteral(" --timeout ") + OperationCommands::compactDuration(*spec.timeout);
    return flags;
}

QString joinedIds(const QStringList &ids)
{
    QStringList quoted;
    quoted.reserve(ids.size());
    for (const auto &id : ids)
        quoted << OperationCommands::shellQuote(id);
    return quoted.join(QLatin1Char(' '));
}

bool isCliFixedOpSpec(const ApplicationOperation &operation)
{
    // `apps create` and `apps destroy` hard-code this opSpec.
    return !operation.opSpec
        || *operation.opSpec
        == protocol::ClusterOpSpec::make(Duration::minutes(5), 1, protocol::FailureStrategy::Stop);
}

} // namespace

QString OperationCommands::shellQuote(const QString &text)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString OperationCommands::compactDuration(const Duration &duration)
{
    const char *suffix = "s";
    switch (duration.unit()) {
    case Duration::Unit::Nanoseconds:
        suffix = "ns";
        break;
    case Duration::Unit::Microseconds:
        suffix = "us";
        break;
    case Duration::Unit::Milliseconds:
        suffix = "ms";
        break;
    case Duration::Unit::Seconds:
        suffix = "s";
        break;
    case Duration::Unit::Minutes:
        suffix = "m";
        break;
    case Duration::Unit::Hours:
        suffix = "h";
        break;
    case Duration::Unit::Days:
        suffix = "d";
        break;
    }
    return QString::number(duration.count()) + QLatin1String(suffix);
}

QString OperationCommands::curlCommand(const ApplicationOperation &operation,
                                       const OperationContext &context)
{
    const QByteArray body = QJsonDocument(operation.toJson()).toJson(QJsonDocument::Compact);
    QStringList parts;
    parts << QStringLiteral("curl --location ")
            + quotedUrl(baseUrl(context) + protocol::apiPath(protocol::ApiPath::SubmitOperation));
    parts << QStringLiteral("--header 'Content-Type: application/json'");
    parts << authArguments(context);
    parts << QStringLiteral("--data ") + shellQuote(QString::fromUtf8(body));
    return parts.join(kLineBreak);
}

QString OperationCommands::cancelCurlCommand(const QString &appId, const OperationContext &context)
{
    const QString url
        = baseUrl(context) + protocol::apiPath(protocol::ApiPath::CancelOperation, {appId});
    QStringList parts;
    parts << QStringLiteral("curl --location --request POST ") + quotedUrl(url);
    parts << authArguments(context);
    return parts.join(kLineBreak);
}

CliCommand OperationCommands::cliCommand(const ApplicationOperation &operation,
                                         const QString &clusterName, const QString &specFile)
{
    const QString prefix = QStringLiteral("drove -c ") + shellQuote(clusterName) + QLatin1Char(' ');
    const QString app = shellQuote(operation.appIdOrDerived());
    CliCommand cli;
    switch (operation.type) {
    case OperationType::Create: {
        const QString file = specFile.isEmpty() ? QStringLiteral("spec.json") : specFile;
        cli.command = prefix + QStringLiteral("apps create ") + shellQuote(file);
        QStringList notes;
        if (specFile.isEmpty())
            notes << tr("Save the spec as spec.json first.");
        if (operation.instances > 0) {
            // The CLI always creates with zero instances; deploying right after gives the same app.
            cli.command += QStringLiteral(" && ") + prefix + QStringLiteral("apps deploy ") + app
                + QLatin1Char(' ') + QString::number(operation.instances) + opSpecFlags(operation);
            notes << tr("The drove CLI creates apps with no instances, so the instances are "
                        "started by a separate deploy.");
        }
        if (!isCliFixedOpSpec(operation))
            notes << tr("`apps create` always sends timeout 5m and parallelism 1.");
        cli.note = notes.join(QLatin1Char(' '));
        break;
    }
    case OperationType::StartInstances:
        cli.command = prefix + QStringLiteral("apps deploy ") + app + QLatin1Char(' ')
            + QString::number(operation.instances) + opSpecFlags(operation);
        break;
    case OperationType::ScaleInstances:
        cli.command = prefix + QStringLiteral("apps scale ") + app + QLatin1Char(' ')
            + QString::number(operation.requiredInstances) + opSpecFlags(operation);
        break;
    case OperationType::Suspend:
        cli.command = prefix + QStringLiteral("apps suspend ") + app + opSpecFlags(operation);
        break;
    case OperationType::ReplaceInstances:
        if (operation.instanceIds.isEmpty())
            cli.command = prefix + QStringLiteral("apps restart ") + app + opSpecFlags(operation);
        else
            cli.command = prefix + QStringLiteral("appinstances replace ") + app + QLatin1Char(' ')
                + joinedIds(operation.instanceIds) + opSpecFlags(operation);
        if (operation.stopFirst) {
            cli.command.clear();
            cli.note = tr("The drove CLI has no option for stopping old instances first.");
        }
        break;
    case OperationType::StopInstances:
        if (operation.skipRespawn) {
            cli.command = prefix + QStringLiteral("appinstances kill ") + app + QLatin1Char(' ')
                + joinedIds(operation.instanceIds) + opSpecFlags(operation);
        } else {
            cli.note = tr("The drove CLI always kills without respawn (`appinstances kill`); "
                          "it has no command for stopping with replacements.");
        }
        break;
    case OperationType::Destroy:
        cli.command = prefix + QStringLiteral("apps destroy ") + app;
        if (!isCliFixedOpSpec(operation))
            cli.note = tr("`apps destroy` always sends timeout 5m and parallelism 1.");
        break;
    case OperationType::Recover:
        cli.note = tr("RECOVER is internal; the drove CLI has no command for it.");
        break;
    }
    return cli;
}

CliCommand OperationCommands::cancelCliCommand(const QString &appId, const QString &clusterName)
{
    return {QStringLiteral("drove -c ") + shellQuote(clusterName)
                + QStringLiteral(" apps cancelop ") + shellQuote(appId),
            QString()};
}

} // namespace drove::ui
