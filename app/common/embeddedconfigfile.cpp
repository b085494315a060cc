#include "app/common/embeddedconfigfile.h"

#include "protocol/duration.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace drove::app {

using namespace drove::controller;
using namespace drove::controller::http;

namespace {

/// Reports keys of `object` outside `allowed` as an error naming the section.
bool checkKeys(const QJsonObject &object, const QStringList &allowed, const QString &section,
               QString *error)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        // "$comment" (any "$…" key) documents a section and is ignored.
        if (!it.key().startsWith(QLatin1Char('$')) && !allowed.contains(it.key())) {
            *error = QStringLiteral("unknown key \"%1\" in %2 (allowed: %3)")
                         .arg(it.key(), section, allowed.join(QStringLiteral(", ")));
            return false;
        }
    }
    return true;
}

bool readNumber(const QJsonObject &object, const QString &key, const QString &section, double min,
                double max, double *out, QString *error)
{
    if (!object.contains(key))
        return true;
    const QJsonValue value = object.value(key);
    if (!value.isDouble() || value.toDouble() < min || value.toDouble() > max) {
        *error = QStringLiteral("%1.%2 must be a number in [%3, %4]")
                     .arg(section, key)
                     .arg(min)
                     .arg(max);
        return false;
    }
    *out = value.toDouble();
    return true;
}

bool readInteger(const QJsonObject &object, const QString &key, const QString &section, qint64 min,
                 qint64 max, qint64 *out, QString *error)
{
    double value = double(*out);
    if (!readNumber(object, key, section, double(min), double(max), &value, error))
        return false;
    if (value != double(qint64(value))) {
        *error = QStringLiteral("%1.%2 must be an integer").arg(section, key);
        return false;
    }
    *out = qint64(value);
    return true;
}

bool readBool(const QJsonObject &object, const QString &key, const QString &section, bool *out,
              QString *error)
{
    if (!object.contains(key))
        return true;
    if (!object.value(key).isBool()) {
        *error = QStringLiteral("%1.%2 must be true or false").arg(section, key);
        return false;
    }
    *out = object.value(key).toBool();
    return true;
}

bool readString(const QJsonObject &object, const QString &key, const QString &section, QString *out,
                QString *error)
{
    if (!object.contains(key))
        return true;
    if (!object.value(key).isString()) {
        *error = QStringLiteral("%1.%2 must be a string").arg(section, key);
        return false;
    }
    *out = object.value(key).toString();
    return true;
}

bool readDurationMs(const QJsonObject &object, const QString &key, const QString &section,
                    qint64 *outMs, QString *error)
{
    if (!object.contains(key))
        return true;
    QString message;
    const auto duration = object.value(key).isString()
        ? drove::protocol::Duration::parse(object.value(key).toString(), &message)
        : std::nullopt;
    if (!duration) {
        *error = QStringLiteral("%1.%2 must be a duration such as \"300 seconds\" or \"5m\"%3")
                     .arg(section, key,
                          message.isEmpty() ? QString() : QStringLiteral(": ") + message);
        return false;
    }
    // Zero or tiny intervals would spin the engine: each key has a range.
    const QString outOfRange = drove::controller::ControllerConfig::checkDuration(
        key, QStringLiteral("%1.%2").arg(section, key), duration->toMilliseconds());
    if (!outOfRange.isEmpty()) {
        *error = outOfRange;
        return false;
    }
    *outMs = duration->toMilliseconds();
    return true;
}

bool readStringList(const QJsonObject &object, const QString &key, const QString &section,
                    QStringList *out, QString *error)
{
    if (!object.contains(key))
        return true;
    if (!object.value(key).isArray()) {
        *error = QStringLiteral("%1.%2 must be a list of strings").arg(section, key);
        return false;
    }
    QStringList values;
    for (const QJsonValue &value : object.value(key).toArray()) {
        if (!value.isString()) {
            *error = QStringLiteral("%1.%2 must be a list of strings").arg(section, key);
            return false;
        }
        values.append(value.toString());
    }
    *out = values;
    return true;
}

// The whole cluster, over every entry: "count" expands one entry into up to 10,000 executors and
// each holds a core id per core, so without a total a 1 KB file asked for millions of executors
// and billions of cores (found by fuzz_embeddedconfig: its rate fell and its memory grew with
// such inputs). 10,000 executors is the scale the console is built and measured for; 2^22 cores
// is 10,000 machines of about 400 cores.
constexpr qint64 kMaxExecutorsInAll = 10000;
constexpr qint64 kMaxCoresInAll = qint64(1) << 22;

bool readExecutors(const QJsonArray &array, QList<ExecutorConfig> *out, QString *error)
{
    QList<ExecutorConfig> executors;
    QHash<int, QSet<QString>> seenByPort; // host names in use on each port
    qint64 coresInAll = 0;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString section = QStringLiteral("cluster.executors[%1]").arg(i);
        if (!array.at(i).isObject()) {
            *error = section + QStringLiteral(" must be an object");
            return false;
        }
        const QJsonObject e = array.at(i).toObject();
        if (!checkKeys(e,
                       {QStringLiteral("hostname"), QStringLiteral("port"), QStringLiteral("count"),
                        QStringLiteral("numaNodes"), QStringLiteral("coresPerNode"),
                        QStringLiteral("memoryMbPerNode"), QStringLiteral("tags"),
                        QStringLiteral("transportType"), QStringLiteral("metadata")},
                       section, error))
            return false;
        QString hostname;
        if (!readString(e, QStringLiteral("hostname"), section, &hostname, error))
            return false;
        if (hostname.isEmpty()) {
            *error = section + QStringLiteral(".hostname is required");
            return false;
        }
        qint64 port = 3000, count = 1, nodes = 2, cores = 8, memory = 16 * 1024;
        if (!readInteger(e, QStringLiteral("port"), section, 1, 65535, &port, error)
            || !readInteger(e, QStringLiteral("count"), section, 1, 10000, &count, error)
            || !readInteger(e, QStringLiteral("numaNodes"), section, 1, 64, &nodes, error)
            || !readInteger(e, QStringLiteral("coresPerNode"), section, 1, 1024, &cores, error)
            || !readInteger(e, QStringLiteral("memoryMbPerNode"), section, 1, 1LL << 30, &memory,
                            error))
            return false;
        QStringList tags;
        QString transport = QStringLiteral("HTTP");
        if (!readStringList(e, QStringLiteral("tags"), section, &tags, error)
            || !readString(e, QStringLiteral("transportType"), section, &transport, error))
            return false;
        if (transport != QLatin1String("HTTP") && transport != QLatin1String("HTTPS")) {
            *error = section + QStringLiteral(".transportType must be HTTP or HTTPS");
            return false;
        }
        if (executors.size() + count > kMaxExecutorsInAll) {
            *error = section
                + QStringLiteral(": the cluster would have %1 executors; at most %2 in all")
                      .arg(executors.size() + count)
                      .arg(kMaxExecutorsInAll);
            return false;
        }
        coresInAll += count * nodes * cores;
        if (coresInAll > kMaxCoresInAll) {
            *error = section
                + QStringLiteral(": the cluster would have %1 CPU cores (count × numaNodes × "
                                 "coresPerNode over every entry); at most %2 in all")
                      .arg(coresInAll)
                      .arg(kMaxCoresInAll);
            return false;
        }
        QMap<QString, QString> metadata;
        const QJsonObject meta = e.value(QStringLiteral("metadata")).toObject();
        for (auto it = meta.constBegin(); it != meta.constEnd(); ++it)
            metadata.insert(it.key(), it.value().toVariant().toString());
        // "count" > 1 expands "exec" into exec-1, exec-2, … so a big cluster is one entry. The
        // executors of an entry differ only in their names: one layout is built and shared
        // (implicitly) by all of them, so 10,000 executors do not build 10,000 core lists.
        ExecutorConfig entry
            = ExecutorConfig::make(hostname, int(port), int(nodes), int(cores), memory, tags);
        entry.transportType = transport;
        entry.metadata = metadata;
        QSet<QString> &seen = seenByPort[int(port)];
        // Grown geometrically: reserving the exact size per entry re-allocated the list and
        // rehashed the whole set once per entry (quadratic over a file of many small entries).
        const qsizetype needed = executors.size() + count;
        if (executors.capacity() < needed)
            executors.reserve(std::max(needed, 2 * executors.capacity()));
        if (seen.capacity() < seen.size() + count)
            seen.reserve(std::max(seen.size() + count, 2 * seen.capacity()));
        for (qint64 n = 1; n <= count; ++n) {
            QString name = hostname;
            if (count > 1)
                name += QLatin1Char('-') + QString::number(n);
            if (seen.contains(name)) {
                *error = section + QStringLiteral(": duplicate executor %1:%2").arg(name).arg(port);
                return false;
            }
            seen.insert(name);
            executors.append(entry);
            executors.last().hostname = std::move(name);
        }
    }
    *out = executors;
    return true;
}

} // namespace

bool EmbeddedConfigFile::parseListen(const QString &text, QHostAddress *address, quint16 *port,
                                     QString *error)
{
    QString host;
    QString portText = text;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1String("]:"));
        if (close < 0) {
            *error = QStringLiteral("expected [IPv6]:PORT");
            return false;
        }
        host = text.mid(1, close - 1);
        portText = text.mid(close + 2);
    } else if (text.contains(QLatin1Char(':'))) {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        host = text.left(colon);
        portText = text.mid(colon + 1);
    }
    bool ok = false;
    const uint value = portText.toUInt(&ok);
    if (!ok || value > 65535) {
        *error = QStringLiteral("bad port \"%1\"").arg(portText);
        return false;
    }
    *port = quint16(value);
    if (host.isEmpty() || host == QLatin1String("localhost")) {
        *address = QHostAddress::LocalHost;
        return true;
    }
    QHostAddress parsed;
    if (!parsed.setAddress(host)) {
        *error = QStringLiteral("\"%1\" is not an IP address (use an address such as 127.0.0.1, "
                                "::1 or 0.0.0.0)")
                     .arg(host);
        return false;
    }
    *address = parsed;
    return true;
}

bool EmbeddedConfigFile::loadConfigFile(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("configuration file %1 does not exist").arg(path);
        return false;
    }
    if (info.isDir()) {
        *error = QStringLiteral("%1 is a directory, not a configuration file").arg(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    return loadConfigText(file.readAll(), path, error);
}

bool EmbeddedConfigFile::loadConfigText(const QByteArray &bytes, const QString &path,
                                        QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Editors show line:column, not byte offsets.
        const int offset = qBound(0, parseError.offset, int(bytes.size()));
        const QByteArray before = bytes.left(offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
        *error = QStringLiteral("%1:%2:%3: not valid JSON: %4 (at offset %5)")
                     .arg(path)
                     .arg(line)
                     .arg(column)
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("%1: the JSON document must be an object ({ … })").arg(path);
        return false;
    }
    if (!applyConfig(document.object(), error)) {
        *error = path + QStringLiteral(": ") + *error;
        return false;
    }
    return true;
}

bool EmbeddedConfigFile::applyConfig(const QJsonObject &root, QString *error)
{
    // A section given as something else than an object would otherwise be read as empty.
    for (const QString &section :
         {QStringLiteral("server"), QStringLiteral("userAuth"), QStringLiteral("cluster"),
          QStringLiteral("defaultOpSpec"), QStringLiteral("faults"), QStringLiteral("timings"),
          QStringLiteral("options")}) {
        if (root.contains(section) && !root.value(section).isObject()) {
            *error = QStringLiteral("%1 must be an object ({ … })").arg(section);
            return false;
        }
    }
    if (!checkKeys(root,
                   {QStringLiteral("server"), QStringLiteral("userAuth"), QStringLiteral("cluster"),
                    QStringLiteral("timeScale"), QStringLiteral("defaultOpSpec"),
                    QStringLiteral("faults"), QStringLiteral("timings"), QStringLiteral("options"),
                    QStringLiteral("stateDir"), QStringLiteral("randomSeed")},
                   QStringLiteral("the top level"), error))
        return false;

    const QJsonObject server = root.value(QStringLiteral("server")).toObject();
    if (!checkKeys(server,
                   {QStringLiteral("listen"), QStringLiteral("maxBodyBytes"),
                    QStringLiteral("requestLog"), QStringLiteral("tlsCertificate"),
                    QStringLiteral("tlsKey"), QStringLiteral("allowUnauthenticatedRemote"),
                    QStringLiteral("follower"), QStringLiteral("idleTimeout"),
                    QStringLiteral("firstByteTimeout"), QStringLiteral("requestTimeout"),
                    QStringLiteral("maxConnections")},
                   QStringLiteral("server"), error))
        return false;
    if (server.contains(QStringLiteral("listen"))) {
        listenGiven = true;
        listenText = server.value(QStringLiteral("listen")).toString();
        if (!parseListen(listenText, &listenAddress, &listenPort, error)) {
            *error = QStringLiteral("server.listen: ") + *error;
            return false;
        }
    }
    qint64 maxBody = limits.maxBodyBytes;
    qint64 maxConnections = limits.maxConnections;
    bool follower = !controller.leader;
    const QString serverSection = QStringLiteral("server");
    if (!readDurationMs(server, QStringLiteral("idleTimeout"), serverSection, &limits.idleTimeoutMs,
                        error)
        || !readDurationMs(server, QStringLiteral("firstByteTimeout"), serverSection,
                           &limits.firstByteTimeoutMs, error)
        || !readDurationMs(server, QStringLiteral("requestTimeout"), serverSection,
                           &limits.incompleteRequestTimeoutMs, error)
        || !readInteger(server, QStringLiteral("maxConnections"), serverSection, 0, 100000,
                        &maxConnections, error))
        return false;
    limits.maxConnections = int(maxConnections);
    if (!readInteger(server, QStringLiteral("maxBodyBytes"), QStringLiteral("server"), 1024,
                     256LL * 1024 * 1024, &maxBody, error)
        || !readBool(server, QStringLiteral("requestLog"), QStringLiteral("server"), &requestLog,
                     error)
        || !readString(server, QStringLiteral("tlsCertificate"), QStringLiteral("server"),
                       &tlsCertificate, error)
        || !readString(server, QStringLiteral("tlsKey"), QStringLiteral("server"), &tlsKey, error)
        || !readBool(server, QStringLiteral("allowUnauthenticatedRemote"), QStringLiteral("server"),
                     &allowUnauthenticatedRemote, error)
        || !readBool(server, QStringLiteral("follower"), QStringLiteral("server"), &follower,
                     error))
        return false;
    limits.maxBodyBytes = maxBody;
    controller.leader = !follower;

    // Same shape as Drove's controller config: userAuth {enabled, encoding, users[]}.
    const QJsonObject userAuth = root.value(QStringLiteral("userAuth")).toObject();
    if (!checkKeys(userAuth,
                   {QStringLiteral("enabled"), QStringLiteral("encoding"), QStringLiteral("users")},
                   QStringLiteral("userAuth"), error))
        return false;
    if (userAuth.contains(QStringLiteral("encoding"))
        && userAuth.value(QStringLiteral("encoding")).toString() != QLatin1String("PLAIN")) {
        *error = QStringLiteral("userAuth.encoding: only PLAIN is supported");
        return false;
    }
    bool enabled = !userAuth.isEmpty();
    if (!readBool(userAuth, QStringLiteral("enabled"), QStringLiteral("userAuth"), &enabled, error))
        return false;
    if (userAuth.contains(QStringLiteral("users"))
        && !userAuth.value(QStringLiteral("users")).isArray()) {
        *error = QStringLiteral("userAuth.users must be a list of users");
        return false;
    }
    const QJsonArray usersArray = userAuth.value(QStringLiteral("users")).toArray();
    for (qsizetype i = 0; i < usersArray.size(); ++i) {
        const QString section = QStringLiteral("userAuth.users[%1]").arg(i);
        if (!usersArray.at(i).isObject()) {
            *error = section + QStringLiteral(" must be an object");
            return false;
        }
        const QJsonObject u = usersArray.at(i).toObject();
        if (!checkKeys(
                u, {QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("role")},
                section, error))
            return false;
        ApiUser user;
        user.name = u.value(QStringLiteral("username")).toString();
        user.password = u.value(QStringLiteral("password")).toString();
        const auto role = userRoleFromString(u.value(QStringLiteral("role")).toString());
        if (user.name.isEmpty() || user.password.isEmpty() || !role) {
            *error = section
                + QStringLiteral(" needs username, password and a role (EXTERNAL_READ_ONLY, "
                                 "EXTERNAL_READ_WRITE, DROVE_EXTERNAL_MAINTENANCE, EXTERNAL_ROOT)");
            return false;
        }
        user.role = *role;
        if (enabled)
            users.append(user);
    }
    authEnabled = authEnabled || enabled;

    const QJsonObject cluster = root.value(QStringLiteral("cluster")).toObject();
    if (!checkKeys(cluster, {QStringLiteral("executors"), QStringLiteral("leaderAddress")},
                   QStringLiteral("cluster"), error))
        return false;
    if (cluster.contains(QStringLiteral("executors"))
        && !cluster.value(QStringLiteral("executors")).isArray()) {
        *error = QStringLiteral("cluster.executors must be a list of executors");
        return false;
    }
    if (cluster.contains(QStringLiteral("executors"))
        && !readExecutors(cluster.value(QStringLiteral("executors")).toArray(),
                          &controller.executors, error))
        return false;
    if (!readString(cluster, QStringLiteral("leaderAddress"), QStringLiteral("cluster"),
                    &controller.leaderAddress, error))
        return false;
    leaderAddressGiven = leaderAddressGiven || cluster.contains(QStringLiteral("leaderAddress"));

    if (!readNumber(root, QStringLiteral("timeScale"), QStringLiteral("config"), 0.0001, 1000,
                    &controller.timeScale, error))
        return false;
    timeScaleGiven = timeScaleGiven || root.contains(QStringLiteral("timeScale"));
    qint64 seed = qint64(controller.randomSeed);
    if (!readInteger(root, QStringLiteral("randomSeed"), QStringLiteral("config"), 0, (1LL << 53),
                     &seed, error))
        return false;
    controller.randomSeed = quint64(seed);
    if (root.contains(QStringLiteral("stateDir"))) {
        if (!readString(root, QStringLiteral("stateDir"), QStringLiteral("config"),
                        &controller.stateDir, error))
            return false;
        stateDirGiven = true;
    }

    const QJsonObject opSpec = root.value(QStringLiteral("defaultOpSpec")).toObject();
    if (!checkKeys(opSpec, {QStringLiteral("timeout"), QStringLiteral("parallelism")},
                   QStringLiteral("defaultOpSpec"), error))
        return false;
    qint64 parallelism = controller.defaultOpParallelism;
    if (!readDurationMs(opSpec, QStringLiteral("timeout"), QStringLiteral("defaultOpSpec"),
                        &controller.defaultOpTimeoutMs, error)
        || !readInteger(opSpec, QStringLiteral("parallelism"), QStringLiteral("defaultOpSpec"), 1,
                        32, &parallelism, error))
        return false;
    controller.defaultOpParallelism = int(parallelism);

    const QJsonObject faults = root.value(QStringLiteral("faults")).toObject();
    if (!checkKeys(faults,
                   {QStringLiteral("provisioningFailure"), QStringLiteral("startFailure"),
                    QStringLiteral("readinessFailure"), QStringLiteral("healthFailure")},
                   QStringLiteral("faults"), error))
        return false;
    if (!readNumber(faults, QStringLiteral("provisioningFailure"), QStringLiteral("faults"), 0, 1,
                    &controller.faults.provisioningFailure, error)
        || !readNumber(faults, QStringLiteral("startFailure"), QStringLiteral("faults"), 0, 1,
                       &controller.faults.startFailure, error)
        || !readNumber(faults, QStringLiteral("readinessFailure"), QStringLiteral("faults"), 0, 1,
                       &controller.faults.readinessFailure, error)
        || !readNumber(faults, QStringLiteral("healthFailure"), QStringLiteral("faults"), 0, 1,
                       &controller.faults.healthFailure, error))
        return false;

    const QJsonObject timings = root.value(QStringLiteral("timings")).toObject();
    const QString t = QStringLiteral("timings");
    if (!checkKeys(timings,
                   {QStringLiteral("monitorPeriod"), QStringLiteral("monitorInitialDelay"),
                    QStringLiteral("executorReportInterval"), QStringLiteral("instanceStale"),
                    QStringLiteral("eventRetention"), QStringLiteral("maintenanceTail"),
                    QStringLiteral("jobRetryInterval"), QStringLiteral("jobRetryCount"),
                    QStringLiteral("maxOldInstances")},
                   t, error))
        return false;
    qint64 retryCount = controller.jobRetryCount;
    qint64 maxOld = controller.maxOldInstances;
    if (!readDurationMs(timings, QStringLiteral("monitorPeriod"), t, &controller.monitorPeriodMs,
                        error)
        || !readDurationMs(timings, QStringLiteral("monitorInitialDelay"), t,
                           &controller.monitorInitialDelayMs, error)
        || !readDurationMs(timings, QStringLiteral("executorReportInterval"), t,
                           &controller.executorReportIntervalMs, error)
        || !readDurationMs(timings, QStringLiteral("instanceStale"), t, &controller.instanceStaleMs,
                           error)
        || !readDurationMs(timings, QStringLiteral("eventRetention"), t,
                           &controller.eventRetentionMs, error)
        || !readDurationMs(timings, QStringLiteral("maintenanceTail"), t,
                           &controller.maintenanceTailMs, error)
        || !readDurationMs(timings, QStringLiteral("jobRetryInterval"), t,
                           &controller.jobRetryIntervalMs, error)
        || !readInteger(timings, QStringLiteral("jobRetryCount"), t, 0, 100, &retryCount, error)
        || !readInteger(timings, QStringLiteral("maxOldInstances"), t, 0, 100000, &maxOld, error))
        return false;
    if (controller.instanceStaleMs <= controller.executorReportIntervalMs) {
        // Every instance would be stale between two reports.
        *error
            = QStringLiteral("timings.instanceStale (%1) must be longer than "
                             "timings.executorReportInterval (%2)")
                  .arg(drove::controller::ControllerConfig::describeMs(controller.instanceStaleMs),
                       drove::controller::ControllerConfig::describeMs(
                           controller.executorReportIntervalMs));
        return false;
    }
    controller.jobRetryCount = int(retryCount);
    controller.maxOldInstances = int(maxOld);

    const QJsonObject options = root.value(QStringLiteral("options")).toObject();
    if (!checkKeys(options,
                   {QStringLiteral("allowedMountDirs"), QStringLiteral("disableCmdlArgs"),
                    QStringLiteral("enableRawDeviceAccess")},
                   QStringLiteral("options"), error))
        return false;
    if (!readStringList(options, QStringLiteral("allowedMountDirs"), QStringLiteral("options"),
                        &controller.allowedMountDirs, error)
        || !readBool(options, QStringLiteral("disableCmdlArgs"), QStringLiteral("options"),
                     &controller.disableCmdlArgs, error)
        || !readBool(options, QStringLiteral("enableRawDeviceAccess"), QStringLiteral("options"),
                     &controller.enableRawDeviceAccess, error))
        return false;
    return true;
}

bool EmbeddedConfigFile::applyCommandLine(const QCommandLineParser &parser,
                                          const QString &defaultStateDir, QString *error)
{
    // optionNames() lists what was given; isSet() would warn about options not defined here.
    const QStringList given = parser.optionNames();
    auto has = [&given](const char *name) {
        return given.contains(QLatin1String(name));
    };
    auto value = [&parser](const char *name) {
        return parser.value(QLatin1String(name));
    };
    auto failed = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QString problem;
    if (has("listen")) {
        listenText = value("listen");
        if (!parseListen(listenText, &listenAddress, &listenPort, &problem))
            return failed(QStringLiteral("--listen: ") + problem);
    }
    if (has("user")) {
        for (const QString &spec : parser.values(QStringLiteral("user"))) {
            const auto user = controller::http::Authenticator::parseUserSpec(spec, &problem);
            if (!user)
                return failed(QStringLiteral("--user: ") + problem);
            users.append(*user);
            authEnabled = true;
        }
    }
    if (has("follower"))
        controller.leader = false;
    if (has("allow-unauthenticated-remote"))
        allowUnauthenticatedRemote = true;
    if (has("no-request-log"))
        requestLog = false;
    if (has("tls-cert"))
        tlsCertificate = value("tls-cert");
    if (has("tls-key"))
        tlsKey = value("tls-key");
    if (has("max-body-bytes")) {
        bool ok = false;
        const qint64 bytes = value("max-body-bytes").toLongLong(&ok);
        if (!ok || bytes < 1024 || bytes > 256LL * 1024 * 1024)
            return failed(QStringLiteral("--max-body-bytes must be between 1024 and 268435456"));
        limits.maxBodyBytes = bytes;
    }
    if (has("time-scale")) {
        bool ok = false;
        const double scale = value("time-scale").toDouble(&ok);
        if (!ok || scale < 0.0001 || scale > 1000)
            return failed(QStringLiteral("--time-scale must be a number between 0.0001 and 1000"));
        controller.timeScale = scale;
    }
    if (has("in-memory") && has("state-dir"))
        return failed(QStringLiteral("--in-memory and --state-dir exclude each other"));
    if (has("in-memory")) {
        controller.stateDir.clear();
    } else if (has("state-dir")) {
        controller.stateDir = value("state-dir");
    } else if (!stateDirGiven) {
        controller.stateDir = defaultStateDir;
    }
    return true;
}

} // namespace drove::app
