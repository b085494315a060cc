#pragma once

#include "client/apierror.h"
#include "client/clusterauth.h"
#include "client/requestbuilder.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace drove::client {

/// Finds the leader among a cluster's controller endpoints the way the Drove CLI and Java
/// client do: `GET /apis/v1/ping` answers 200 only on the leader (non-leaders answer 400
/// "This node is not the leader controller"). All endpoints are probed in parallel; the first
/// 200 wins. With a single endpoint (often a gateway that routes to the leader) that endpoint
/// is the leader without probing.
class LeaderDiscovery : public QObject
{
    Q_OBJECT

public:
    explicit LeaderDiscovery(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~LeaderDiscovery() override;

    /// New cluster or credentials: forgets the leader and aborts probes in flight.
    void setSettings(const ConnectionSettings &settings);
    const ConnectionSettings &settings() const { return m_builder.settings(); }

    /// The current leader; empty while unknown.
    QUrl leader() const { return m_leader; }
    bool isDiscovering() const { return !m_probes.isEmpty(); }

    /// Probes the endpoints unless a probe round is already running. Ends with
    /// leaderFound() or discoveryFailed().
    void discover();
    /// The leader `suspect` stopped answering or said it is not the leader: forget it (if it
    /// still is the current one). The next discover() probes again.
    void invalidate(const QUrl &suspect);

signals:
    /// A probe round found `leader` (also when it is the same as before).
    void leaderFound(const QUrl &leader);
    /// The leader differs from the last one announced (first discovery included).
    void leaderChanged(const QUrl &leader);
    /// No endpoint answered as leader. `error` is the most telling answer: credentials or TLS
    /// problems first, then "not leader", then network errors.
    void discoveryFailed(const drove::client::ApiError &error);

private:
    struct Probe
    {
        QPointer<QNetworkReply> reply;
        QUrl endpoint;
    };

    void onProbeFinished(QNetworkReply *reply);
    void abortProbes();
    void setLeader(const QUrl &leader);
    static int severity(const ApiError &error);

    QNetworkAccessManager *m_network;
    RequestBuilder m_builder;
    QList<Probe> m_probes;
    QUrl m_leader;
    QUrl m_announced;
    ApiError m_worstError;
    bool m_haveError = false;
};

} // namespace drove::client
