#include "embeddednode.h"

#include "controller/controllercore.h"
#include "controller/http/controllernode.h"

using namespace drove::controller;

namespace {

ControllerConfig configOf(const EmbeddedNode::Options &options)
{
    ControllerConfig config;
    config.timeScale = options.timeScale;
    config.leader = options.leader;
    config.stateDir = options.stateDir;
    config.randomSeed = options.randomSeed;
    config.executorReportIntervalMs = options.executorReportIntervalMs;
    config.instanceStaleMs = options.instanceStaleMs;
    return config;
}

} // namespace

EmbeddedNode::EmbeddedNode() = default;

EmbeddedNode::~EmbeddedNode()
{
    stop();
}

bool EmbeddedNode::start(const Options &options, quint16 port, QString *error)
{
    stop();
    m_options = options;
    http::NodeSettings settings;
    // No clock: the core runs on its own RealTimeClock, on this (the test's) thread.
    settings.controller = configOf(options);
    settings.port = port;
    settings.authEnabled = !options.users.isEmpty();
    settings.users = options.users;
    auto node = std::make_unique<http::ControllerNode>(settings);
    if (!node->start(error))
        return false;
    m_port = node->port();
    m_node = std::move(node);
    return true;
}

void EmbeddedNode::stopServing()
{
    if (m_node)
        m_node->stopServing();
}

bool EmbeddedNode::resumeServing(QString *error)
{
    if (!m_node) {
        if (error)
            *error = QStringLiteral("the node has no core");
        return false;
    }
    return m_node->resumeServing(error);
}

void EmbeddedNode::stop()
{
    m_node.reset();
}

bool EmbeddedNode::promoteToLeader(const QString &stateDir, QString *error)
{
    if (!isServing()) {
        if (error)
            *error = QStringLiteral("the node is not serving");
        return false;
    }
    Options options = m_options;
    options.leader = true;
    options.stateDir = stateDir;
    if (!m_node->replaceCore(configOf(options), error))
        return false;
    m_options = options;
    return true;
}

bool EmbeddedNode::isServing() const
{
    return m_node && m_node->isServing();
}

ControllerCore *EmbeddedNode::core() const
{
    return m_node ? m_node->core() : nullptr;
}

QUrl EmbeddedNode::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}
