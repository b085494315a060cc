#include "controller/http/controllernode.h"

#include "controller/controllercore.h"
#include "controller/http/apiserver.h"
#include "controller/http/droveapi.h"

#include <QObject>
#include <QThread>

namespace drove::controller::http {

ControllerNode::ControllerNode(NodeSettings settings)
    : m_settings(std::move(settings))
{ }

ControllerNode::~ControllerNode()
{
    run([this] {
        if (m_server)
            m_server->stopListening();
        // The routes hold the core: the server goes first.
        m_server.reset();
        m_core.reset();
    });
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        // Its thread has ended: nothing can be delivered to it any more.
        delete m_threadContext;
    }
}

std::unique_ptr<ApiServer> ControllerNode::makeServer() const
{
    auto server = std::make_unique<ApiServer>();
    server->setLeader(m_settings.controller.leader);
    server->setLimits(m_settings.limits);
    server->setAuthenticator(m_settings.authEnabled ? Authenticator(m_settings.users)
                                                    : Authenticator());
#ifndef QT_NO_SSL
    if (m_settings.tls)
        server->setTlsConfiguration(*m_settings.tls);
#endif
    installDroveApi(server->router(), *m_core);
    return server;
}

bool ControllerNode::startCore(QString *error)
{
    auto core = std::make_unique<ControllerCore>(m_settings.controller, m_settings.clock);
    if (!core->start(error))
        return false;
    m_core = std::move(core);
    m_server = makeServer();
    return true;
}

quint16 ControllerNode::listen(QString *error)
{
    if (!m_server) {
        if (error)
            *error = QStringLiteral("the node has no running core");
        return 0;
    }
    const quint16 bound
        = m_server->listenOn(m_settings.address, m_port ? m_port : m_settings.port, error);
    if (bound) {
        m_port = bound;
        m_serving = true;
    }
    return bound;
}

bool ControllerNode::start(QString *error)
{
    return startCore(error) && listen(error) != 0;
}

bool ControllerNode::startOnThread(QString *error)
{
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("drove-controller"));
    m_thread->start();
    m_threadContext = new QObject;
    m_threadContext->moveToThread(m_thread.get());
    bool ok = false;
    QString failure;
    run([&] { ok = start(&failure); });
    if (!ok && error)
        *error = failure;
    return ok;
}

void ControllerNode::stopListening()
{
    run([this] {
        if (m_server)
            m_server->stopListening();
    });
}

void ControllerNode::stopServing()
{
    run([this] {
        if (!m_server)
            return;
        m_server->stopListening();
        // Destroying the server closes the connections it accepted (keep-alive ones included),
        // so clients see the outage at once instead of at their next request timeout.
        m_server.reset();
        m_serving = false;
    });
}

bool ControllerNode::resumeServing(QString *error)
{
    bool ok = false;
    run([&] {
        if (m_serving) {
            ok = true;
            return;
        }
        if (!m_core) {
            if (error)
                *error = QStringLiteral("the node has no running core");
            return;
        }
        m_server = makeServer();
        ok = listen(error) != 0;
    });
    return ok;
}

bool ControllerNode::replaceCore(const ControllerConfig &config, QString *error)
{
    bool ok = false;
    run([&] {
        auto core = std::make_unique<ControllerCore>(config, m_settings.clock);
        if (!core->start(error))
            return;
        std::unique_ptr<ControllerCore> previous = std::move(m_core);
        m_core = std::move(core);
        m_settings.controller = config;
        if (m_server) {
            // The handlers hold a reference to the core they were installed over: the whole
            // routing table is replaced before the previous core goes away.
            m_server->router() = Router();
            installDroveApi(m_server->router(), *m_core);
            m_server->setLeader(config.leader);
        }
        previous.reset();
        ok = true;
    });
    return ok;
}

void ControllerNode::run(const std::function<void()> &work) const
{
    if (!m_thread || QThread::currentThread() == m_thread.get())
        work();
    else
        QMetaObject::invokeMethod(m_threadContext, work, Qt::BlockingQueuedConnection);
}

QUrl ControllerNode::url() const
{
    const QString host = m_settings.address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[::1]")
        : QStringLiteral("127.0.0.1");
#ifndef QT_NO_SSL
    const QString scheme = m_settings.tls ? QStringLiteral("https") : QStringLiteral("http");
#else
    const QString scheme = QStringLiteral("http");
#endif
    return QUrl(QStringLiteral("%1://%2:%3").arg(scheme, host).arg(m_port));
}

} // namespace drove::controller::http
