#include "embeddednode.h"

#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/droveapi.h"

using namespace drove::controller;

EmbeddedNode::EmbeddedNode() = default;

EmbeddedNode::~EmbeddedNode()
{
    stop();
}

bool EmbeddedNode::makeCore(const Options &options, QString *error)
{
    ControllerConfig config;
    config.timeScale = options.timeScale;
    config.leader = options.leader;
    config.stateDir = options.stateDir;
    config.randomSeed = options.randomSeed;
    config.executorReportIntervalMs = options.executorReportIntervalMs;
    config.instanceStaleMs = options.instanceStaleMs;
    // A null clock: the core runs on its own RealTimeClock, on this (the test's) thread.
    auto core = std::make_unique<ControllerCore>(config, nullptr);
    if (!core->start(error))
        return false;
    m_core = std::move(core);
    return true;
}

bool EmbeddedNode::listen(QString *error)
{
    auto server = std::make_unique<http::ApiServer>();
    server->setLeader(m_options.leader);
    if (!m_options.users.isEmpty())
        server->setAuthenticator(http::Authenticator(m_options.users));
    http::installDroveApi(server->router(), *m_core);
    const quint16 bound = server->listenOn(QHostAddress::LocalHost, m_port, error);
    if (!bound)
        return false;
    m_port = bound;
    m_server = std::move(server);
    return true;
}

bool EmbeddedNode::start(const Options &options, quint16 port, QString *error)
{
    stop();
    m_options = options;
    m_port = port;
    return makeCore(options, error) && listen(error);
}

void EmbeddedNode::stopServing()
{
    if (!m_server)
        return;
    m_server->stopListening();
    // Destroying the server closes the connections it accepted (keep-alive ones included), so
    // clients see the outage at once instead of on their next request timeout.
    m_server.reset();
}

bool EmbeddedNode::resumeServing(QString *error)
{
    if (m_server)
        return true;
    if (!m_core) {
        if (error)
            *error = QStringLiteral("the node has no core");
        return false;
    }
    return listen(error);
}

void EmbeddedNode::stop()
{
    stopServing();
    m_core.reset();
}

bool EmbeddedNode::promoteToLeader(const QString &stateDir, QString *error)
{
    if (!m_server) {
        if (error)
            *error = QStringLiteral("the node is not serving");
        return false;
    }
    Options options = m_options;
    options.leader = true;
    options.stateDir = stateDir;
    std::unique_ptr<ControllerCore> follower = std::move(m_core);
    if (!makeCore(options, error)) {
        m_core = std::move(follower);
        return false;
    }
    m_options = options;
    // The handlers hold a reference to the core they were installed over: replace the whole
    // routing table before the follower's core goes away.
    m_server->router() = http::Router();
    http::installDroveApi(m_server->router(), *m_core);
    m_server->setLeader(true);
    follower.reset();
    return true;
}

QUrl EmbeddedNode::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}
