#pragma once

#include "placement/executorresources.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace drove::controller {

using placement::ExecutorResources;
using placement::NumaNodeConfig;
using placement::ResourceAllocation;

/// One simulated executor of the embedded cluster.
struct ExecutorConfig
{
    QString hostname;
    int port = 3000;
    /// "HTTP" or "HTTPS".
    QString transportType = QStringLiteral("HTTP");
    /// Extra tags; every executor also carries its hostname as a tag, as real ones do.
    QStringList tags;
    QList<NumaNodeConfig> numaNodes;
    QMap<QString, QString> metadata;
    /// Cores and memory held by something outside this cluster's applications (a rehearsal
    /// copies what the source cluster's other applications use on this executor): taken at
    /// start and never released, so they show as used and placement cannot have them.
    QList<ResourceAllocation> reserved;

    /// \a nodes NUMA nodes of \a coresPerNode cores (ids numbered across nodes) and \a memoryMb
    /// each.
    static ExecutorConfig make(const QString &hostname, int port = 3000, int nodes = 2,
                               int coresPerNode = 8, qint64 memoryMbPerNode = 16 * 1024,
                               const QStringList &tags = {});
};

/// Probabilities (0..1) of the simulated failures. Settable in configuration and at run time.
struct FaultConfig
{
    /// Image pull fails: PROVISIONING → PROVISIONING_FAILED.
    double provisioningFailure = 0.0;
    /// Container run fails: STARTING → START_FAILED.
    double startFailure = 0.0;
    /// Readiness never passes: UNREADY → READINESS_CHECK_FAILED.
    double readinessFailure = 0.0;
    /// Per health-check interval, chance that a HEALTHY instance starts failing its checks
    /// (HEALTHY → UNHEALTHY after `attempts` failed checks, then stopped).
    double healthFailure = 0.0;
    /// Per line of a HEALTHY instance's simulated traffic log, chance that it is an ERROR line
    /// (an exception while serving): what a staged rollout's log check looks for.
    double logError = 0.0;
};

/// Everything the embedded controller needs to start. Defaults give a working three-executor
/// cluster in memory.
struct ControllerConfig
{
    /// Empty → defaultCluster().
    QList<ExecutorConfig> executors;
    /// Multiplies every simulated instance timing (pull, start, checks, waitBeforeKill). 1.0 makes
    /// an instance HEALTHY in about 2–5 s; 0.1 ten times faster.
    double timeScale = 1.0;

    /// Default op spec for controller-generated operations (RECOVER, blacklist moves, restarts).
    qint64 defaultOpTimeoutMs = 300000;
    int defaultOpParallelism = 1;

    FaultConfig faults;

    /// Directory of the SQLite database; empty → in-memory only.
    QString stateDir;
    /// synchronous=FULL instead of NORMAL (both with WAL); see StateStore.
    bool synchronousFull = false;

    qint64 eventRetentionMs = 60LL * 60 * 1000;
    qint64 monitorPeriodMs = 30000;
    qint64 monitorInitialDelayMs = 5000;
    /// Executors refresh every instance's `updated` this often; reads hide instances older than
    /// instanceStaleMs and the monitor turns them LOST.
    qint64 executorReportIntervalMs = 20000;
    qint64 instanceStaleMs = 60000;
    /// Old (terminal) instances kept per app.
    int maxOldInstances = 100;
    /// Finished operation records kept per app (the oldest are dropped first).
    int maxOperationRecordsPerApp = 200;
    /// Start-job retries after the first attempt, and their spacing.
    int jobRetryCount = 2;
    qint64 jobRetryIntervalMs = 1000;
    /// Tail of the maintenance window after any cluster-state change.
    qint64 maintenanceTailMs = 40000;
    /// How long REMOVED executors stay listed.
    qint64 removedExecutorRetentionMs = 10LL * 60 * 1000;

    /// Host ports handed to instances come from this range on each executor.
    int hostPortFirst = 32768;
    int hostPortLast = 60999;

    /// Whether this node is the leader (false: a non-leader for testing clients' leader discovery).
    bool leader = true;
    /// Cluster summary `leader` ("host:port").
    QString leaderAddress = QStringLiteral("localhost:4000");

    /// Seed of every random choice (placement shuffle, faults, timings); 0 → random.
    quint64 randomSeed = 0;

    /// Semantic spec checks of the real controller options (drove-api.md §3.6).
    QStringList allowedMountDirs;
    bool disableCmdlArgs = false;
    bool enableRawDeviceAccess = false;

    /// Three executors × two NUMA nodes × eight cores × 16 GiB.
    static QList<ExecutorConfig> defaultCluster();

    /// The range a duration setting may take, by its key in the configuration ("monitorPeriod",
    /// "executorReportInterval", "idleTimeout"...), in milliseconds; nullopt for unknown keys.
    /// Zero or tiny intervals would spin the engine ("0 seconds" report interval pegs a core).
    static std::optional<std::pair<qint64, qint64>> durationRangeMs(const QString &key);
    /// Empty when \a ms is in the key's range; otherwise "<displayKey> must be between <min>
    /// and <max> (got <value>)".
    static QString checkDuration(const QString &key, const QString &displayKey, qint64 ms);
    /// "250 ms", "1 second", "5 minutes", "1 day": for messages.
    static QString describeMs(qint64 ms);
};

} // namespace drove::controller
