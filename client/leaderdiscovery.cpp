#include "client/leaderdiscovery.h"

#include "client/droveapi.h"
#include "client/replyclassifier.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace drove::client {

LeaderDiscovery::LeaderDiscovery(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{ }

LeaderDiscovery::~LeaderDiscovery()
{
    abortProbes();
}

void LeaderDiscovery::setSettings(const ConnectionSettings &settings)
{
    abortProbes();
    m_builder = RequestBuilder(settings);
    m_leader.clear();
    m_announced.clear();
}

void LeaderDiscovery::discover()
{
    if (isDiscovering())
        return;
    const QList<QUrl> endpoints = m_builder.settings().endpoints;
    if (endpoints.isEmpty()) {
        // Asynchronous like every other outcome, so callers can rely on the order of events.
        QTimer::singleShot(0, this, [this] {
            emit discoveryFailed(ApiError::make(ApiError::Kind::CannotConnect,
                                                tr("The cluster profile has no endpoint.")));
        });
        return;
    }
    if (endpoints.size() == 1) {
        const QUrl only = endpoints.first();
        QTimer::singleShot(0, this, [this, only] {
            setLeader(only);
            emit leaderFound(only);
        });
        return;
    }
    m_haveError = false;
    m_worstError = ApiError();
    const ApiRequest ping = DroveApi::ping();
    for (const QUrl &endpoint : endpoints) {
        QNetworkReply *reply
            = m_network->get(m_builder.build(endpoint, ping, m_builder.settings().probeTimeoutMs));
        if (m_builder.settings().insecure)
            connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
        m_probes.append({reply, endpoint});
        connect(reply, &QNetworkReply::finished, this, [this, reply] { onProbeFinished(reply); });
    }
}

void LeaderDiscovery::invalidate(const QUrl &suspect)
{
    if (!m_leader.isEmpty() && m_leader == suspect)
        m_leader.clear();
}

void LeaderDiscovery::onProbeFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    QUrl endpoint;
    for (qsizetype i = 0; i < m_probes.size(); ++i) {
        if (m_probes.at(i).reply == reply) {
            endpoint = m_probes.at(i).endpoint;
            m_probes.removeAt(i);
            break;
        }
    }
    if (endpoint.isEmpty())
        return; // aborted by a newer round

    const RawReply raw = RawReply::fromReply(reply, false);
    const Result<QJsonValue> result = ReplyClassifier::decode(raw, ApiRequest::Payload::Envelope);
    if (result.ok()) {
        abortProbes();
        setLeader(endpoint);
        emit leaderFound(endpoint);
        return;
    }
    if (!m_haveError || severity(result.error()) > severity(m_worstError)) {
        m_worstError = result.error();
        m_haveError = true;
    }
    if (m_probes.isEmpty())
        emit discoveryFailed(m_worstError);
}

void LeaderDiscovery::abortProbes()
{
    const QList<Probe> probes = std::exchange(m_probes, {});
    for (const Probe &probe : probes) {
        if (probe.reply) {
            // Let a losing ping end by itself: aborting a reply whose answer is already
            // queued makes Qt 6.4 report its error twice. Its result is ignored.
            probe.reply->disconnect(this);
            if (probe.reply->isFinished())
                probe.reply->deleteLater();
            else
                connect(probe.reply, &QNetworkReply::finished, probe.reply, &QObject::deleteLater);
        }
    }
}

void LeaderDiscovery::setLeader(const QUrl &leader)
{
    m_leader = leader;
    if (m_announced != leader) {
        m_announced = leader;
        emit leaderChanged(leader);
    }
}

int LeaderDiscovery::severity(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::Forbidden:
    case ApiError::Kind::Tls:
        return 3; // the user must fix the profile
    case ApiError::Kind::NotLeader:
        return 2; // controllers alive, election under way
    case ApiError::Kind::DroveFailure:
    case ApiError::Kind::HttpStatus:
    case ApiError::Kind::Decode:
        return 1;
    default:
        return 0;
    }
}

} // namespace drove::client
