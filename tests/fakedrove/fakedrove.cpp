#include "fakedrove.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>

namespace {

const QString kApi = QStringLiteral("/apis/v1");

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar `data` ("pong"): wrap and unwrap to write it as JSON.
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

bool isHealthy(const QString &state)
{
    return state == QLatin1String("HEALTHY");
}

} // namespace

QList<FakeDroveConfig> FakeDroveConfig::standard()
{
    QList<FakeDroveConfig> configs;
    configs << FakeDroveConfig();
    FakeDroveConfig c;
    c.name = QStringLiteral("no events/latest");
    c.eventsLatest = false;
    c.shapes = Shapes::Older;
    configs << c;
    c = FakeDroveConfig();
    c.name = QStringLiteral("no events at all");
    c.eventsLatest = false;
    c.eventsLegacy = false;
    c.missingStatus = 405;
    configs << c;
    c = FakeDroveConfig();
    c.name = QStringLiteral("no dashboard");
    c.dashboard = false;
    c.shapes = Shapes::Newer;
    configs << c;
    c = FakeDroveConfig();
    c.name = QStringLiteral("no log APIs");
    c.logs = false;
    configs << c;
    c = FakeDroveConfig();
    c.name = QStringLiteral("path prefix");
    c.prefix = QStringLiteral("/drove");
    configs << c;
    c = FakeDroveConfig();
    c.name = QStringLiteral("TLS with a private CA");
    c.tls = true;
    configs << c;
    return configs;
}

FakeDrove::FakeDrove(const FakeDroveConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_http.setHandler([this](const StubRequest &request) { return handle(request); });
    m_steps.setInterval(150);
    connect(&m_steps, &QTimer::timeout, this, &FakeDrove::step);
}

bool FakeDrove::start(const QString &certificateFile, const QString &keyFile)
{
    if (m_config.tls && !m_http.enableTls(certificateFile, keyFile))
        return false;
    return m_http.start();
}

QUrl FakeDrove::url() const
{
    QUrl url = m_http.url();
    url.setHost(QStringLiteral("localhost")); // the name in the test certificate
    url.setPath(m_config.prefix);
    return url;
}

qint64 FakeDrove::now()
{
    // Strictly increasing, so that every event has its own millisecond on this fake.
    m_lastTime = qMax(m_lastTime + 1, QDateTime::currentMSecsSinceEpoch());
    return m_lastTime;
}

void FakeDrove::addExecutor(const QString &executorId, const QString &hostname, int cores,
                            int memoryMb)
{
    m_executors.append(Executor {executorId, hostname, cores, memoryMb});
}

void FakeDrove::addApp(const QString &appId, int healthy)
{
    App app;
    app.id = appId;
    app.name = appId.section(QLatin1Char('-'), 0, 0);
    app.required = healthy;
    app.created = app.updated = now();
    for (int i = 0; i < healthy; ++i) {
        Instance instance;
        instance.id = QStringLiteral("AI-%1").arg(m_nextInstance++);
        instance.executorId = m_executors.isEmpty() ? QString() : m_executors.first().id;
        instance.state = QStringLiteral("HEALTHY");
        instance.created = instance.updated = now();
        app.instances.append(instance);
    }
    m_apps.append(app);
}

void FakeDrove::scale(const QString &appId, int requiredInstances)
{
    for (App &app : m_apps) {
        if (app.id != appId)
            continue;
        app.required = requiredInstances;
        setAppState(app, QStringLiteral("SCALING_REQUESTED"));
        m_steps.start();
    }
}

QString FakeDrove::appState(const QString &appId) const
{
    for (const App &app : m_apps)
        if (app.id == appId)
            return app.state;
    return {};
}

int FakeDrove::healthyInstances(const QString &appId) const
{
    for (const App &app : m_apps) {
        if (app.id == appId)
            return int(std::count_if(app.instances.cbegin(), app.instances.cend(),
                                     [](const Instance &i) { return isHealthy(i.state); }));
    }
    return 0;
}

int FakeDrove::requestCount(const QString &apiPath) const
{
    int n = 0;
    for (const StubRequest &request : m_http.requests())
        n += request.path.startsWith(m_config.prefix + apiPath) ? 1 : 0;
    return n;
}

void FakeDrove::step()
{
    bool moving = false;
    for (App &app : m_apps) {
        if (app.state == QLatin1String("RUNNING"))
            continue;
        moving = true;
        // One change per app and step, like a slow executor.
        auto inFlight = std::find_if(app.instances.begin(), app.instances.end(),
                                     [](const Instance &i) { return !isHealthy(i.state); });
        if (inFlight != app.instances.end()) {
            if (inFlight->state == QLatin1String("PROVISIONING")) {
                setInstanceState(app, *inFlight, QStringLiteral("STARTING"));
            } else if (inFlight->state == QLatin1String("STARTING")) {
                setInstanceState(app, *inFlight, QStringLiteral("HEALTHY"));
            } else {
                setInstanceState(app, *inFlight, QStringLiteral("STOPPED"));
                app.instances.erase(inFlight);
            }
        } else if (app.instances.size() < app.required) {
            Instance instance;
            instance.id = QStringLiteral("AI-%1").arg(m_nextInstance++);
            instance.executorId = m_executors.isEmpty() ? QString() : m_executors.first().id;
            instance.created = now();
            app.instances.append(instance);
            setInstanceState(app, app.instances.last(), QStringLiteral("PROVISIONING"));
        } else if (app.instances.size() > app.required) {
            setInstanceState(app, app.instances.last(), QStringLiteral("STOPPING"));
        } else {
            setAppState(app, QStringLiteral("RUNNING"));
        }
    }
    if (!moving)
        m_steps.stop();
}

void FakeDrove::setAppState(App &app, const QString &state)
{
    app.state = state;
    app.updated = now();
    addEvent(QStringLiteral("APP_STATE_CHANGE"),
             QJsonObject {{QStringLiteral("APP_ID"), app.id},
                          {QStringLiteral("APP_NAME"), app.name},
                          {QStringLiteral("CURRENT_INSTANCES"), int(app.instances.size())},
                          {QStringLiteral("CURRENT_STATE"), state}});
}

void FakeDrove::setInstanceState(App &app, Instance &instance, const QString &state)
{
    instance.state = state;
    instance.updated = now();
    app.updated = instance.updated;
    addEvent(QStringLiteral("INSTANCE_STATE_CHANGE"),
             QJsonObject {{QStringLiteral("APP_ID"), app.id},
                          {QStringLiteral("APP_NAME"), app.name},
                          {QStringLiteral("INSTANCE_ID"), instance.id},
                          {QStringLiteral("EXECUTOR_ID"), instance.executorId},
                          {QStringLiteral("CREATED"), instance.created},
                          {QStringLiteral("CURRENT_STATE"), state}});
}

void FakeDrove::emitEvent(const QString &type, const QJsonObject &metadata)
{
    now();
    addEvent(type, metadata);
}

void FakeDrove::addEvent(const QString &type, const QJsonObject &metadata)
{
    m_events.append(
        QJsonObject {{QStringLiteral("type"), type},
                     {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                     {QStringLiteral("time"), m_lastTime},
                     {QStringLiteral("metadata"), metadata}});
}

QJsonArray FakeDrove::eventsAfter(qint64 lastSyncTime, int size) const
{
    QJsonArray newestFirst;
    for (qsizetype i = m_events.size() - 1; i >= 0 && newestFirst.size() < size; --i) {
        const QJsonObject event = m_events.at(i).toObject();
        if (event.value(QStringLiteral("time")).toInteger() > lastSyncTime)
            newestFirst.append(event);
    }
    return newestFirst;
}

// ---- HTTP ----

StubResponse FakeDrove::missing() const
{
    // What Dropwizard (Jersey) answers for a route it does not have: JSON, but no envelope.
    if (m_config.missingStatus == 405)
        return StubResponse::json(405, R"({"code":405,"message":"HTTP 405 Method Not Allowed"})");
    return StubResponse::json(404, R"({"code":404,"message":"HTTP 404 Not Found"})");
}

StubResponse FakeDrove::ok(const QJsonValue &data) const
{
    QByteArray body = "{\"status\":\"SUCCESS\",\"data\":" + compact(data);
    switch (m_config.shapes) {
    case FakeDroveConfig::Shapes::Older:
        break; // no message
    case FakeDroveConfig::Shapes::Current:
        body += ",\"message\":\"success\"";
        break;
    case FakeDroveConfig::Shapes::Newer:
        body += ",\"message\":\"success\",\"requestId\":\"r-1\"";
        break;
    }
    return StubResponse::json(200, body + '}');
}

StubResponse FakeDrove::failed(int status, const QString &message) const
{
    return StubResponse::json(
        status,
        QJsonDocument(QJsonObject {{QStringLiteral("status"), QStringLiteral("FAILED")},
                                   {QStringLiteral("message"), message}})
            .toJson(QJsonDocument::Compact));
}

bool FakeDrove::enabled(const QString &path, const QString &method) const
{
    Q_UNUSED(method);
    if (path.startsWith(kApi + QStringLiteral("/cluster/events/latest")))
        return m_config.eventsLatest;
    if (path == kApi + QStringLiteral("/cluster/events"))
        return m_config.eventsLegacy;
    if (path.startsWith(kApi + QStringLiteral("/cluster/dashboard")))
        return m_config.dashboard;
    if (path.startsWith(kApi + QStringLiteral("/endpoints")))
        return m_config.endpoints;
    if (path.startsWith(kApi + QStringLiteral("/logfiles/")))
        return m_config.logs;
    if (path.startsWith(kApi + QStringLiteral("/applications/validate")))
        return m_config.validateSpec;
    if (path.startsWith(kApi + QStringLiteral("/cluster/maintenance")))
        return m_config.maintenance;
    if (path.endsWith(QStringLiteral("blacklist")))
        return m_config.blacklist;
    if (path.startsWith(kApi + QStringLiteral("/cluster/executors/")))
        return m_config.executorDetails;
    return true;
}

StubResponse FakeDrove::handle(const StubRequest &request)
{
    QString path = request.path;
    if (!m_config.prefix.isEmpty()) {
        if (!path.startsWith(m_config.prefix + QLatin1Char('/')))
            return StubResponse::text(404, "<html><body>gateway: no route</body></html>",
                                      "text/html");
        path = path.mid(m_config.prefix.size());
    }
    if (!m_leader)
        return failed(400, QStringLiteral("This node is not the leader controller"));
    const QString method = QString::fromLatin1(request.method);
    if (!enabled(path, method))
        return missing();
    return route(method, path, request);
}

StubResponse FakeDrove::route(const QString &method, const QString &path,
                              const StubRequest &request)
{
    const QUrlQuery query(request.query);
    const QStringList parts = path.mid(kApi.size() + 1).split(QLatin1Char('/'));
    const auto findApp = [this](const QString &id) -> App * {
        for (App &app : m_apps)
            if (app.id == id)
                return &app;
        return nullptr;
    };
    if (!path.startsWith(kApi + QLatin1Char('/')))
        return missing();
    const QString head = parts.value(0);

    if (method == QLatin1String("GET")) {
        if (head == QLatin1String("ping"))
            return ok(QStringLiteral("pong"));
        if (head == QLatin1String("applications") && parts.size() == 1) {
            QJsonObject map;
            for (const App &app : std::as_const(m_apps))
                map.insert(app.id, appJson(app));
            return ok(map);
        }
        if (head == QLatin1String("applications") && parts.size() >= 2) {
            const App *app = findApp(parts.at(1));
            if (!app)
                return failed(404, QStringLiteral("App %1 not found").arg(parts.at(1)));
            if (parts.size() == 2)
                return ok(appJson(*app));
            if (parts.size() == 3 && parts.at(2) == QLatin1String("instances")) {
                QJsonArray list;
                for (const Instance &instance : app->instances)
                    list.append(instanceJson(*app, instance));
                return ok(list);
            }
            if (parts.size() == 4 && parts.at(3) == QLatin1String("old"))
                return ok(QJsonArray());
            if (parts.size() == 3 && parts.at(2) == QLatin1String("spec"))
                return ok(specJson(*app));
            return missing();
        }
        if (head == QLatin1String("endpoints"))
            return ok(QJsonArray());
        if (head == QLatin1String("cluster")) {
            const QString what = parts.value(1);
            if (parts.size() == 1)
                return ok(clusterJson());
            if (what == QLatin1String("dashboard"))
                return ok(QJsonObject {{QStringLiteral("cluster"), clusterJson()}});
            if (what == QLatin1String("executors") && parts.size() == 2) {
                QJsonArray list;
                for (const Executor &executor : std::as_const(m_executors))
                    list.append(executorJson(executor));
                return ok(list);
            }
            if (what == QLatin1String("executors")) {
                for (const Executor &executor : std::as_const(m_executors))
                    if (executor.id == parts.at(2))
                        return ok(executorDetailsJson(executor));
                return failed(404, QStringLiteral("No executor found with id ") + parts.at(2));
            }
            if (what == QLatin1String("events")) {
                const qint64 since
                    = query.queryItemValue(QStringLiteral("lastSyncTime")).toLongLong();
                const int size = query.hasQueryItem(QStringLiteral("size"))
                    ? query.queryItemValue(QStringLiteral("size")).toInt()
                    : 1024;
                const QJsonArray events = eventsAfter(since, size);
                if (parts.size() == 2)
                    return ok(events);
                if (parts.value(2) == QLatin1String("latest")) {
                    qint64 newest = since;
                    if (!m_events.isEmpty())
                        newest
                            = m_events.last().toObject().value(QStringLiteral("time")).toInteger();
                    return ok(QJsonObject {{QStringLiteral("events"), events},
                                           {QStringLiteral("lastSyncTime"), newest}});
                }
            }
            return missing();
        }
        if (head == QLatin1String("logfiles") && parts.size() >= 5) {
            const QString action = parts.value(4);
            if (action == QLatin1String("list"))
                return StubResponse::json(200, R"({"files":["output.log"]})");
            if (action == QLatin1String("read"))
                return StubResponse::json(200, R"({"data":"started\n","offset":0})");
            if (action == QLatin1String("download"))
                return StubResponse::text(200, "started\n", "application/octet-stream");
        }
        return missing();
    }

    // POST
    if (head == QLatin1String("applications") && parts.value(1) == QLatin1String("operations")) {
        if (parts.size() == 4 && parts.at(3) == QLatin1String("cancel"))
            return ok(QJsonObject());
        const QJsonObject operation = QJsonDocument::fromJson(request.body).object();
        const QString appId = operation.value(QStringLiteral("appId")).toString();
        if (operation.value(QStringLiteral("type")).toString() != QLatin1String("SCALE"))
            return failed(400, QStringLiteral("This test controller only scales"));
        App *app = findApp(appId);
        if (!app)
            return failed(400, QStringLiteral("No app found with id: ") + appId);
        if (app->state != QLatin1String("RUNNING"))
            return failed(400, QStringLiteral("App is busy"));
        scale(appId, operation.value(QStringLiteral("requiredInstances")).toInt());
        return ok(QJsonObject {{QStringLiteral("appId"), appId}});
    }
    if (head == QLatin1String("applications") && parts.value(1) == QLatin1String("validate"))
        return ok(QJsonObject());
    if (head == QLatin1String("cluster") && parts.value(1) == QLatin1String("maintenance")) {
        return ok(
            QJsonObject {{QStringLiteral("state"),
                          parts.value(2) == QLatin1String("set") ? QStringLiteral("MAINTENANCE")
                                                                 : QStringLiteral("NORMAL")},
                         {QStringLiteral("updated"), now()}});
    }
    if (head == QLatin1String("cluster") && path.endsWith(QStringLiteral("blacklist"))) {
        return ok(QJsonObject {
            {QStringLiteral("successful"),
             QJsonArray::fromStringList(query.allQueryItemValues(QStringLiteral("id")))},
            {QStringLiteral("failed"), QJsonArray()}});
    }
    return missing();
}

// ---- payloads ----

QJsonObject FakeDrove::appJson(const App &app) const
{
    const int healthy = int(std::count_if(app.instances.cbegin(), app.instances.cend(),
                                          [](const Instance &i) { return isHealthy(i.state); }));
    QJsonObject json {{QStringLiteral("id"), app.id},
                      {QStringLiteral("name"), app.name},
                      {QStringLiteral("requiredInstances"), app.required},
                      {QStringLiteral("healthyInstances"), healthy},
                      {QStringLiteral("totalCPUs"), app.required},
                      {QStringLiteral("totalMemory"), app.required * 128},
                      {QStringLiteral("state"), app.state},
                      {QStringLiteral("created"), app.created},
                      {QStringLiteral("updated"), app.updated}};
    switch (m_config.shapes) {
    case FakeDroveConfig::Shapes::Older:
        break;
    case FakeDroveConfig::Shapes::Current:
        json.insert(QStringLiteral("tags"), QJsonObject());
        break;
    case FakeDroveConfig::Shapes::Newer:
        json.insert(QStringLiteral("tags"), QJsonValue::Null);
        json.insert(QStringLiteral("deploymentUnit"), QStringLiteral("blue"));
        break;
    }
    return json;
}

QJsonObject FakeDrove::specJson(const App &app) const
{
    // The reference TEST_APP spec (1 core, 128 MB) under this app's name and version, with the
    // INLINE config data blanked as Drove's @Mask does in GET .../spec.
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    QJsonObject spec;
    if (file.open(QIODevice::ReadOnly))
        spec = QJsonDocument::fromJson(file.readAll()).object();
    spec.insert(QStringLiteral("name"), app.name);
    spec.insert(QStringLiteral("version"), app.id.section(QLatin1Char('-'), 1));
    QJsonArray configs = spec.value(QStringLiteral("configs")).toArray();
    for (qsizetype i = 0; i < configs.size(); ++i) {
        QJsonObject config = configs.at(i).toObject();
        if (config.value(QStringLiteral("type")).toString() == QLatin1String("INLINE"))
            config.insert(QStringLiteral("data"), QString());
        configs.replace(i, config);
    }
    if (!configs.isEmpty())
        spec.insert(QStringLiteral("configs"), configs);
    return spec;
}

QJsonObject FakeDrove::instanceJson(const App &app, const Instance &instance) const
{
    const Executor *executor = nullptr;
    for (const Executor &e : m_executors)
        if (e.id == instance.executorId)
            executor = &e;
    // The Drove of 2021 had no appName, resources or errorMessage on an instance.
    QJsonObject json {{QStringLiteral("appId"), app.id},
                      {QStringLiteral("instanceId"), instance.id},
                      {QStringLiteral("executorId"), instance.executorId},
                      {QStringLiteral("state"), instance.state},
                      {QStringLiteral("metadata"), QJsonObject()},
                      {QStringLiteral("created"), instance.created},
                      {QStringLiteral("updated"), instance.updated}};
    if (executor) {
        json.insert(
            QStringLiteral("localInfo"),
            QJsonObject {{QStringLiteral("hostname"), executor->hostname},
                         {QStringLiteral("ports"),
                          QJsonObject {{QStringLiteral("main"),
                                        QJsonObject {{QStringLiteral("containerPort"), 8000},
                                                     {QStringLiteral("hostPort"), 30000},
                                                     {QStringLiteral("portType"),
                                                      QStringLiteral("HTTP")}}}}}});
    }
    if (m_config.shapes == FakeDroveConfig::Shapes::Older)
        return json;
    json.insert(QStringLiteral("appName"), app.name);
    json.insert(QStringLiteral("resources"),
                QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("CPU")},
                                         {QStringLiteral("cores"),
                                          QJsonObject {{QStringLiteral("0"), QJsonArray {1}}}}},
                            QJsonObject {{QStringLiteral("type"), QStringLiteral("MEMORY")},
                                         {QStringLiteral("memoryInMB"),
                                          QJsonObject {{QStringLiteral("0"), 128}}}}});
    json.insert(QStringLiteral("errorMessage"), QStringLiteral(""));
    if (m_config.shapes == FakeDroveConfig::Shapes::Newer) {
        json.insert(QStringLiteral("errorMessage"), QJsonValue::Null);
        json.insert(QStringLiteral("lifecycle"), QJsonObject {{QStringLiteral("phase"), 3}});
    }
    return json;
}

QJsonObject FakeDrove::executorJson(const Executor &executor) const
{
    int used = 0;
    for (const App &app : m_apps)
        for (const Instance &instance : app.instances)
            used += instance.executorId == executor.id ? 1 : 0;
    QJsonObject json {{QStringLiteral("executorId"), executor.id},
                      {QStringLiteral("hostname"), executor.hostname},
                      {QStringLiteral("port"), 3000},
                      {QStringLiteral("freeCores"), executor.cores - used},
                      {QStringLiteral("usedCores"), used},
                      {QStringLiteral("freeMemory"), executor.memory - used * 128},
                      {QStringLiteral("usedMemory"), used * 128},
                      {QStringLiteral("state"), QStringLiteral("ACTIVE")}};
    if (m_config.shapes != FakeDroveConfig::Shapes::Older) {
        json.insert(QStringLiteral("transportType"), QStringLiteral("HTTP"));
        json.insert(QStringLiteral("tags"), QJsonArray {executor.hostname});
    }
    return json;
}

QJsonObject FakeDrove::executorDetailsJson(const Executor &executor) const
{
    QJsonArray instances;
    for (const App &app : m_apps)
        for (const Instance &instance : app.instances)
            if (instance.executorId == executor.id)
                instances.append(instanceJson(app, instance));
    QJsonArray freeCores;
    for (int core = 0; core < executor.cores; ++core)
        freeCores.append(core);
    return QJsonObject {
        {QStringLiteral("type"), QStringLiteral("EXECUTOR")},
        {QStringLiteral("hostname"), executor.hostname},
        {QStringLiteral("port"), 3000},
        {QStringLiteral("transportType"), QStringLiteral("HTTP")},
        {QStringLiteral("updated"), m_lastTime},
        {QStringLiteral("state"),
         QJsonObject {{QStringLiteral("executorId"), executor.id},
                      {QStringLiteral("cpus"),
                       QJsonObject {{QStringLiteral("type"), QStringLiteral("CPU")},
                                    {QStringLiteral("freeCores"),
                                     QJsonObject {{QStringLiteral("0"), freeCores}}},
                                    {QStringLiteral("usedCores"),
                                     QJsonObject {{QStringLiteral("0"), QJsonArray()}}}}},
                      {QStringLiteral("memory"),
                       QJsonObject {{QStringLiteral("type"), QStringLiteral("MEMORY")},
                                    {QStringLiteral("freeMemory"),
                                     QJsonObject {{QStringLiteral("0"), executor.memory}}},
                                    {QStringLiteral("usedMemory"),
                                     QJsonObject {{QStringLiteral("0"), 0}}}}}}},
        {QStringLiteral("instances"), instances},
        {QStringLiteral("tasks"), QJsonArray()},
        {QStringLiteral("tags"), QJsonArray {executor.hostname}},
        {QStringLiteral("blacklisted"), false}};
}

QJsonObject FakeDrove::clusterJson() const
{
    int cores = 0;
    int memory = 0;
    int used = 0;
    for (const Executor &executor : m_executors) {
        cores += executor.cores;
        memory += executor.memory;
    }
    int active = 0;
    for (const App &app : m_apps) {
        used += int(app.instances.size());
        active += app.instances.isEmpty() ? 0 : 1;
    }
    return QJsonObject {{QStringLiteral("leader"), QStringLiteral("fake-drove:4000")},
                        {QStringLiteral("state"), QStringLiteral("NORMAL")},
                        {QStringLiteral("numExecutors"), int(m_executors.size())},
                        {QStringLiteral("numApplications"), int(m_apps.size())},
                        {QStringLiteral("numActiveApplications"), active},
                        {QStringLiteral("freeCores"), cores - used},
                        {QStringLiteral("usedCores"), used},
                        {QStringLiteral("totalCores"), cores},
                        {QStringLiteral("freeMemory"), memory - used * 128},
                        {QStringLiteral("usedMemory"), used * 128},
                        {QStringLiteral("totalMemory"), memory}};
}
