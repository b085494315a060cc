#pragma once

#include "placement/placement.h"
#include "protocol/applicationspec.h"
#include "protocol/appsummary.h"
#include "protocol/droveevent.h"
#include "protocol/executorsummary.h"
#include "protocol/instanceinfo.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace drove::models {

class ClusterSession;

/// What a rehearsal puts in place of INLINE config data, which Drove's GET …/spec blanks
/// (@Mask) while a CREATE needs it: no simulated step reads it, and a payload carrying it must
/// never be sent to a real cluster.
inline const QByteArray kMaskedConfigPlaceholder
    = QByteArrayLiteral("rehearsal placeholder: Drove masks inline config data in GET .../spec");

/// One executor of the source cluster as a rehearsal copies it.
struct RehearsalExecutor
{
    QString executorId; ///< the source's id (the copy gets its own, derived from host:port)
    QString hostname;
    int port = 3000;
    /// Configured tags (the hostname tag is implicit).
    QStringList tags;
    protocol::ExecutorState state = protocol::ExecutorState::Active;
    /// Its NUMA nodes with their core ids and memory (from the executor's details), or one
    /// pseudo node of its totals when the details were not known (layoutKnown false).
    QList<placement::NumaNodeConfig> layout;
    bool layoutKnown = true;
    /// What the source's *other* applications use there: held as reserved in the copy.
    QList<placement::ResourceAllocation> reserved;
};

/// One selected application as a rehearsal copies it.
struct RehearsalApp
{
    QString appId;
    protocol::ApplicationSpec spec;
    /// The source's state and counts when the copy was taken.
    protocol::AppSummary summary;
    /// Hostnames of the executors its active instances run on (one entry per instance).
    QStringList placedOn;
    /// PENDING → HEALTHY as measured on the source (median of `startupSamples` recent starts);
    /// 0 when no start was seen (the spec's checks decide the timing then).
    qint64 startupMs = 0;
    int startupSamples = 0;
};

/// What a rehearsal needs from a live cluster, read-only: the executors' shape and what is free
/// on them, and the selected applications with their specs, counts, placements and how long
/// their instances took to start. Built by RehearsalSnapshotBuilder; made into an embedded
/// controller by the console (app/console/rehearsal).
struct RehearsalSnapshot
{
    QString sourceCluster;   ///< the profile's name
    QString sourceProfileId; ///< the profile's id
    QDateTime takenAt;       ///< UTC
    QList<RehearsalExecutor> executors;
    QList<RehearsalApp> apps;
    /// What could not be copied faithfully, said plainly (shown in the rehearsal window).
    QStringList notes;

    /// Assembles a snapshot from what a session knows. `instancesByExecutor`: each executor's
    /// instances from its details (all applications); `events`: recent events (for start
    /// durations). Pure: no network.
    static RehearsalSnapshot
    assemble(const QString &cluster, const QString &profileId,
             const QList<protocol::ExecutorSummary> &executorSummaries,
             const QList<placement::Executor> &executors,
             const QHash<QString, QList<protocol::InstanceInfo>> &instancesByExecutor,
             const QList<protocol::AppSummary> &apps,
             const QHash<QString, protocol::ApplicationSpec> &specs,
             const QList<protocol::DroveEvent> &events);
    /// Median PENDING → HEALTHY of `appId`'s instances from INSTANCE_STATE_CHANGE events to
    /// HEALTHY (event time − CREATED); {0, 0} when none.
    static std::pair<qint64, int> measuredStartup(const QString &appId,
                                                  const QList<protocol::DroveEvent> &events);
};

/// Reads a snapshot from a connected session without changing anything on its cluster: asks
/// for every executor's details and the selected applications' specs (GETs only), waits for
/// them (at most `timeoutMs`), then assembles. Deletes itself after finished() or failed().
class RehearsalSnapshotBuilder : public QObject
{
    Q_OBJECT

public:
    RehearsalSnapshotBuilder(ClusterSession *session, const QStringList &appIds,
                             QObject *parent = nullptr);
    void setTimeout(int ms) { m_timeoutMs = ms; }
    void start();

Q_SIGNALS:
    void finished(const drove::models::RehearsalSnapshot &snapshot);
    void failed(const QString &reason);

private:
    void check();
    void finish();

    QPointer<ClusterSession> m_session;
    QStringList m_appIds;
    QHash<QString, protocol::ApplicationSpec> m_specs;
    QStringList m_specErrors;
    int m_specAnswers = 0;
    int m_timeoutMs = 10000;
    QTimer m_poll;
    qint64 m_startedMs = 0;
    bool m_done = false;
};

} // namespace drove::models
Q_DECLARE_METATYPE(drove::models::RehearsalSnapshot)
