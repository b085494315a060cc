#include "embeddedcluster.h"

#include "app/common/demoseeder.h"

#include "controller/controllercore.h"
#include "controller/http/authenticator.h"
#include "controller/http/controllernode.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QSaveFile>

namespace drove::console {

using namespace drove::controller;

/// Lives on the controller thread; everything it owns is created and destroyed there.
class EmbeddedWorker : public QObject
{
public:
    std::unique_ptr<http::ControllerNode> node;
    ControllerCore *core = nullptr; ///< the node's
};

namespace {

QString sessionPassword()
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString password;
    for (int i = 0; i < 24; ++i)
        password
            += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet) - 1)]);
    return password;
}

// Runs `work` on the worker's thread and waits for it.
template<typename F>
void onThread(EmbeddedWorker *worker, F &&work)
{
    if (worker)
        QMetaObject::invokeMethod(worker, std::forward<F>(work), Qt::BlockingQueuedConnection);
}

} // namespace

EmbeddedCluster::EmbeddedCluster(const ControllerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_password(sessionPassword())
{
    m_thread.setObjectName(QStringLiteral("drove-controller"));
}

EmbeddedCluster::~EmbeddedCluster()
{
    if (m_worker) {
        onThread(m_worker, [this] {
            m_worker->core = nullptr;
            m_worker->node.reset();
        });
        m_worker->deleteLater();
    }
    m_thread.quit();
    m_thread.wait();
}

bool EmbeddedCluster::start(QString *error)
{
    m_thread.start();
    m_worker = new EmbeddedWorker;
    m_worker->moveToThread(&m_thread);
    bool ok = false;
    QString failure;
    quint16 port = 0;
    onThread(m_worker, [&] {
        http::NodeSettings settings;
        settings.controller = m_config;
        settings.address = m_listenAddress;
        settings.port = m_listenPort;
        settings.authEnabled = true;
        settings.users = {{username(), m_password, http::UserRole::Root}};
        for (const http::ApiUser &user : std::as_const(m_extraUsers)) {
            if (user.name != username())
                settings.users.append(user);
        }
        settings.limits = m_limits;
        m_worker->node = std::make_unique<http::ControllerNode>(settings);
        ok = m_worker->node->start(&failure);
        m_worker->core = m_worker->node->core();
        port = m_worker->node->port();
        if (ok && m_seedOnStart)
            m_seedErrors = app::seedDemoCluster(*m_worker->core).errors;
    });
    if (!ok) {
        if (error)
            *error = failure;
        return false;
    }
    // The console itself always talks over loopback, whatever address the API listens on.
    const QString host = m_listenAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[::1]")
        : QStringLiteral("127.0.0.1");
    m_endpoint = QUrl(QStringLiteral("http://%1:%2").arg(host).arg(port));
    return true;
}

bool EmbeddedCluster::writeNetrc(const QString &path, QString *error) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    // Owner-only before anything secret is written.
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const QString host = m_endpoint.host();
    file.write(QStringLiteral("machine %1 login %2 password %3\n")
                   .arg(host, username(), m_password)
                   .toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

QStringList EmbeddedCluster::executorIds() const
{
    QStringList ids;
    onThread(m_worker, [&] {
        for (const auto &executor : m_worker->core->executors()) {
            if (executor.state != protocol::ExecutorState::Removed)
                ids << executor.executorId;
        }
    });
    return ids;
}

QString EmbeddedCluster::addExecutor()
{
    const QString host = QStringLiteral("sim-exec-%1.local").arg(++m_addedExecutors);
    QString id;
    onThread(m_worker, [&] { id = m_worker->core->addExecutor(ExecutorConfig::make(host)); });
    return id;
}

bool EmbeddedCluster::removeExecutor(const QString &executorId)
{
    bool ok = false;
    onThread(m_worker, [&] { ok = m_worker->core->removeExecutor(executorId); });
    return ok;
}

bool EmbeddedCluster::disappearExecutor(const QString &executorId)
{
    bool ok = false;
    onThread(m_worker, [&] { ok = m_worker->core->disappearExecutor(executorId); });
    return ok;
}

void EmbeddedCluster::setStartFailureRate(double rate)
{
    onThread(m_worker, [&] {
        FaultConfig faults = m_worker->core->faults();
        faults.startFailure = rate;
        m_worker->core->setFaults(faults);
    });
}

void EmbeddedCluster::setHealthFailureRate(double rate)
{
    onThread(m_worker, [&] {
        FaultConfig faults = m_worker->core->faults();
        faults.healthFailure = rate;
        m_worker->core->setFaults(faults);
    });
}

void EmbeddedCluster::setLogErrorRate(double rate)
{
    onThread(m_worker, [&] {
        FaultConfig faults = m_worker->core->faults();
        faults.logError = rate;
        m_worker->core->setFaults(faults);
    });
}

void EmbeddedCluster::setTimeScale(double scale)
{
    onThread(m_worker, [&] { m_worker->core->setTimeScale(scale); });
}

void EmbeddedCluster::runOnCore(const std::function<void(ControllerCore &)> &work)
{
    onThread(m_worker, [&] {
        if (m_worker->core)
            work(*m_worker->core);
    });
}

double EmbeddedCluster::timeScale() const
{
    double scale = 1.0;
    onThread(m_worker, [&] { scale = m_worker->core->timeScale(); });
    return scale;
}

} // namespace drove::console
