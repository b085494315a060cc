#include "client/droveclient.h"

#include "client/leaderdiscovery.h"
#include "client/oneshotbody.h"

#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace drove::client {

DroveClient::DroveClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_discovery(new LeaderDiscovery(network, this))
{
    // One worker keeps large decodes in arrival order and off the GUI thread.
    m_decodePool.setMaxThreadCount(1);
    connect(m_discovery, &LeaderDiscovery::leaderFound, this, &DroveClient::onLeaderFound);
    connect(m_discovery, &LeaderDiscovery::discoveryFailed, this, &DroveClient::onDiscoveryFailed);
    // Another controller may be another version: what it serves is found out again (the first
    // leader of a connection is no change).
    connect(m_discovery, &LeaderDiscovery::leaderChanged, this, [this](const QUrl &leader) {
        const bool changed = !m_knownLeader.isEmpty() && leader != m_knownLeader;
        m_knownLeader = leader;
        if (!changed)
            return;
        forgetCapabilities();
        if (m_probed)
            probeCapabilities();
    });
    connect(m_discovery, &LeaderDiscovery::leaderChanged, this, &DroveClient::leaderChanged);
}

DroveClient::~DroveClient()
{
    // No callbacks from a dying client: drop handlers first, then abort.
    const QList<RequestId> ids = m_pending.keys();
    for (RequestId id : ids) {
        auto it = m_pending.find(id);
        if (it == m_pending.end())
            continue;
        QObject::disconnect(it->contextConnection);
        QPointer<QNetworkReply> reply = it->reply;
        m_pending.erase(it);
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    // Decodes in flight post back to this object; let them end before it goes away.
    m_decodePool.waitForDone();
}

void DroveClient::setConnectionSettings(const ConnectionSettings &settings)
{
    cancelAll();
    // QNAM keeps connections (and the TLS settings they were opened with) per host; a
    // profile switched from insecure back to verified must not reuse an unverified one.
    m_network->clearConnectionCache();
    m_applicationsMemo->clear(); // another cluster's apps would only take memory
    m_settings = settings;
    m_builder = RequestBuilder(settings);
    // QNAM has one proxy; the console talks to one cluster at a time through it (a profile
    // being tested has a manager of its own). The system's configuration is the application
    // proxy factory, chosen once by the executable (app/console/main.cpp): switching it here
    // would change every manager in the process, per connection.
    switch (settings.proxyMode) {
    case ProxyMode::System:
        m_network->setProxy(QNetworkProxy(QNetworkProxy::DefaultProxy));
        break;
    case ProxyMode::None:
        m_network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyMode::Manual:
        m_network->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, settings.proxyUrl.host(),
                                          quint16(settings.proxyUrl.port(8080)),
                                          settings.proxyUrl.userName(),
                                          settings.proxyUrl.password()));
        break;
    }
    m_discovery->setSettings(settings);
    m_knownLeader.clear();
    m_probed = false;
    forgetCapabilities();
}

QString DroveClient::describeSslErrors(const QList<QSslError> &errors, const QString &host)
{
    QStringList problems;
    bool unknownIssuer = false;
    for (const QSslError &error : errors) {
        const QSslCertificate certificate = error.certificate();
        QString text;
        switch (error.error()) {
        case QSslError::CertificateExpired:
            text = tr("the certificate expired on %1")
                       .arg(certificate.expiryDate().toString(Qt::ISODate));
            break;
        case QSslError::CertificateNotYetValid:
            text = tr("the certificate is valid only from %1")
                       .arg(certificate.effectiveDate().toString(Qt::ISODate));
            break;
        case QSslError::HostNameMismatch: {
            QStringList names = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
            names += certificate.subjectInfo(QSslCertificate::CommonName);
            names.removeDuplicates();
            text = tr("the certificate is for %1, not for %2")
                       .arg(names.isEmpty() ? tr("no host name") : names.join(QStringLiteral(", ")),
                            host);
            break;
        }
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::CertificateUntrusted:
            unknownIssuer = true;
            text = tr("the certificate was issued by \"%1\", which is not a trusted authority")
                       .arg(certificate.issuerDisplayName());
            break;
        default:
            text = error.errorString();
            break;
        }
        if (!problems.contains(text))
            problems << text;
    }
    QString description = problems.join(QStringLiteral("; "));
    if (unknownIssuer)
        description += QLatin1String(". ")
            + tr("If the controller uses a private certificate authority, give its certificate "
                 "(PEM) as the profile's CA certificate file");
    return description;
}

void DroveClient::forgetCapabilities()
{
    if (m_capabilities == ControllerCapabilities())
        return;
    m_capabilities = ControllerCapabilities();
    emit capabilitiesChanged(m_capabilities);
}

void DroveClient::noteCapability(const ApiRequest &request, const RawReply &raw,
                                 const std::optional<ApiError> &error)
{
    if (request.feature == Feature::None)
        return;
    using Support = ControllerCapabilities::Support;
    Support support = Support::Unknown;
    if (!error && raw.httpStatus >= 200 && raw.httpStatus < 300)
        support = Support::Present;
    else if (error && error->isMissingEndpoint())
        support = Support::Absent;
    else if (error && error->kind == ApiError::Kind::DroveFailure)
        support = Support::Present; // the route answered in Drove's own words
    if (support != Support::Unknown && m_capabilities.set(request.feature, support))
        emit capabilitiesChanged(m_capabilities);
}

QUrl DroveClient::leader() const
{
    return m_discovery->leader();
}

DroveClient::RequestId DroveClient::sendRaw(const ApiRequest &request, QObject *context,
                                            RawHandler handler, QIODevice *sink)
{
    const RequestId id = m_nextId++;
    Pending pending;
    pending.id = id;
    pending.request = request;
    pending.context = context ? context : this;
    pending.handler = std::move(handler);
    pending.sink = sink;
    if (context && context != this) {
        pending.contextConnection
            = connect(context, &QObject::destroyed, this, [this, id] { abortForDeadContext(id); });
    }
    m_pending.insert(id, std::move(pending));
    dispatch(id);
    return id;
}

void DroveClient::dispatch(RequestId id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    ++it->attempt;
    const QUrl leader = m_discovery->leader();
    if (!leader.isEmpty()) {
        start(*it, leader);
        return;
    }
    it->waitingForLeader = true;
    m_discovery->discover();
}

void DroveClient::start(Pending &pending, const QUrl &endpoint)
{
    pending.waitingForLeader = false;
    pending.endpoint = endpoint;
    QNetworkRequest networkRequest = m_builder.build(endpoint, pending.request);
    QNetworkReply *reply = nullptr;
    if (pending.request.method == ApiRequest::Method::Get) {
        reply = m_network->get(networkRequest);
    } else {
        // At most once on the wire: see OneShotBody.
        auto *body = new OneShotBody(pending.request.body);
        networkRequest.setHeader(QNetworkRequest::ContentLengthHeader, pending.request.body.size());
        networkRequest.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        reply = m_network->post(networkRequest, body);
        body->setParent(reply);
    }
    pending.reply = reply;
    const RequestId id = pending.id;
    if (m_settings.insecure) {
        // Belt and braces with the request's VerifyNone: a connection QNAM reuses keeps the
        // TLS configuration of the request that opened it.
        connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    }
    connect(reply, &QNetworkReply::sslErrors, this,
            [this, id, host = endpoint.host()](const QList<QSslError> &errors) {
                auto it = m_pending.find(id);
                if (it != m_pending.end())
                    it->tlsProblems = describeSslErrors(errors, host);
            });
    connect(reply, &QNetworkReply::finished, this,
            [this, id, reply] { onReplyFinished(id, reply); });
    pending.body.clear(); // a retry starts over
    pending.replyFinished = false;
    if (!pending.sink) {
        // The body is taken as it arrives, a slice per turn of the event loop: read all at once
        // at the end, a 2.5 MB answer (10,000 applications) held the GUI thread 11–24 ms, most
        // of it faulting in the pages of the fresh buffer.
        connect(reply, &QIODevice::readyRead, this, [this, id, reply] {
            auto it = m_pending.find(id);
            if (it != m_pending.end() && it->reply == reply && !it->drainScheduled
                && takeBodySlice(*it))
                scheduleDrain(*it);
        });
    } else {
        connect(reply, &QIODevice::readyRead, this, [this, id, reply] {
            auto it = m_pending.find(id);
            if (it == m_pending.end() || it->reply != reply)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status < 200 || status >= 300)
                return; // an error body is classified, not saved as the log
            if (!it->sink) {
                cancel(id);
                return;
            }
            const QByteArray chunk = reply->readAll();
            if (it->sink->write(chunk) != chunk.size()) {
                cancel(id);
                return;
            }
            it->written += chunk.size();
        });
    }
}

bool DroveClient::takeBodySlice(Pending &pending)
{
    QNetworkReply *reply = pending.reply;
    if (!reply || !reply->isOpen())
        return false;
    const qint64 available = reply->bytesAvailable();
    if (available <= 0)
        return false;
    if (pending.body.isEmpty()) {
        const qint64 expected = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (expected > 0 && expected <= kMaxReservedBody)
            pending.body.reserve(qsizetype(expected));
    }
    const qint64 slice = std::min(available, kBodySlice);
    const qsizetype had = pending.body.size();
    pending.body.resize(had + qsizetype(slice));
    const qint64 read = reply->read(pending.body.data() + had, slice);
    pending.body.resize(had + qsizetype(std::max<qint64>(read, 0)));
    return read > 0 && reply->bytesAvailable() > 0;
}

void DroveClient::scheduleDrain(Pending &pending)
{
    pending.drainScheduled = true;
    QTimer::singleShot(0, this, [this, id = pending.id] {
        auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        it->drainScheduled = false;
        if (takeBodySlice(*it)) {
            scheduleDrain(*it);
            return;
        }
        if (it->replyFinished && it->reply)
            onReplyFinished(id, it->reply);
    });
}

void DroveClient::onReplyFinished(RequestId id, QNetworkReply *reply)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end() || it->reply != reply) {
        reply->deleteLater();
        return;
    }
    // The rest of the body first, a slice per turn; this runs again when it is all in.
    it->replyFinished = true;
    if (it->drainScheduled)
        return;
    if (!it->sink && !it->cancelled && takeBodySlice(*it)) {
        scheduleDrain(*it);
        return;
    }
    reply->deleteLater();
    it->reply = nullptr;

    if (it->sink && !it->cancelled) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300 && it->sink) {
            const QByteArray rest = reply->readAll();
            if (!rest.isEmpty() && it->sink->write(rest) == rest.size())
                it->written += rest.size();
        }
    }
    RawReply raw = RawReply::fromReply(reply, it->cancelled);
    if (!it->body.isEmpty()) {
        // Most of it was taken as it arrived (see start()); what fromReply() read is the rest.
        it->body.append(raw.body);
        raw.body = std::exchange(it->body, QByteArray());
    }
    if (it->sink && raw.httpStatus >= 200 && raw.httpStatus < 300)
        raw.body = QByteArray::number(it->written);

    std::optional<ApiError> error = ReplyClassifier::transportError(raw);
    if (error)
        error->feature = it->request.feature;
    if (error && error->kind == ApiError::Kind::Tls) {
        if (!it->tlsProblems.isEmpty())
            error->detail = it->tlsProblems;
        else if (!m_builder.caFileProblem().isEmpty())
            error->detail += QLatin1Char(' ') + m_builder.caFileProblem();
    }
    noteCapability(it->request, raw, error);
    if (!error) {
        finish(id, raw, std::nullopt);
        return;
    }
    if (error->suggestsLeaderChange() && m_settings.endpoints.size() > 1)
        m_discovery->invalidate(it->endpoint);
    if (!retryIfAllowed(id, *error))
        finish(id, raw, error);
}

bool DroveClient::retryIfAllowed(RequestId id, const ApiError &error)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return false;
    // Operations are never repeated behind the user's back, and a streamed download cannot
    // take back the bytes it has written.
    if (it->cancelled || !it->request.isRead() || it->sink || !error.isTransient()
        || it->attempt >= m_retryPolicy.maxAttempts)
        return false;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const int delay = m_retryPolicy.delayMs(it->attempt, uniform(m_random));
    QTimer::singleShot(delay, this, [this, id] { dispatch(id); });
    return true;
}

void DroveClient::onLeaderFound(const QUrl &leader)
{
    const QList<RequestId> ids = m_pending.keys();
    for (RequestId id : ids) {
        auto it = m_pending.find(id);
        if (it != m_pending.end() && it->waitingForLeader)
            start(*it, leader);
    }
}

void DroveClient::onDiscoveryFailed(const ApiError &error)
{
    const QList<RequestId> ids = m_pending.keys();
    for (RequestId id : ids) {
        auto it = m_pending.find(id);
        if (it == m_pending.end() || !it->waitingForLeader)
            continue;
        it->waitingForLeader = false;
        if (!retryIfAllowed(id, error))
            finish(id, RawReply(), error);
    }
}

void DroveClient::finish(RequestId id, const RawReply &raw, const std::optional<ApiError> &error)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    QObject::disconnect(it->contextConnection);
    const QPointer<QObject> context = it->context;
    const RawHandler handler = std::move(it->handler);
    m_pending.erase(it);
    if (context && handler)
        handler(raw, error);
}

void DroveClient::cancel(RequestId id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    it->cancelled = true;
    if (QPointer<QNetworkReply> reply = it->reply) {
        if (reply->isFinished()) {
            // Finished, its body still being taken in slices: nothing to abort.
            it->reply = nullptr;
            reply->deleteLater();
        } else {
            reply->abort(); // finishes the reply, which lands in onReplyFinished as Cancelled
            if (!m_pending.contains(id))
                return;
        }
    }
    RawReply raw;
    raw.cancelled = true;
    finish(id, raw, ReplyClassifier::transportError(raw));
}

void DroveClient::cancelAll()
{
    const QList<RequestId> ids = m_pending.keys();
    for (RequestId id : ids)
        cancel(id);
}

void DroveClient::abortForDeadContext(RequestId id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    it->handler = nullptr;
    it->context = nullptr;
    cancel(id);
}

} // namespace drove::client
