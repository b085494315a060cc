#pragma once

#include "models/trackedoperation.h"
#include "protocol/applicationoperation.h"
#include "protocol/clusteropspec.h"
#include "protocol/instanceinfo.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::models {

/// One stage of a staged rollout: one ordinary Drove operation, then (unless it is the last
/// stage) a soak during which the app is watched before the next stage may start.
struct RolloutStage
{
    /// Restart: the instances this stage replaces (REPLACE_INSTANCES with these ids).
    QStringList instanceIds;
    /// Scale: the requiredInstances this stage sets (SCALE to this count).
    qint64 targetInstances = -1;
    /// The stage's own op spec.
    protocol::ClusterOpSpec opSpec;
    /// Wait for the operator's go before this stage starts. The first stage starts when the
    /// rollout is started, so it is never asked for there.
    bool waitForGo = false;
    /// How long the app is watched after this stage before the next one may start; the last
    /// stage's is not used (the rollout ends when its operation completes).
    qint64 soakMs = 0;

    bool operator==(const RolloutStage &other) const;
    bool operator!=(const RolloutStage &other) const { return !(*this == other); }
};

/// A staged rollout plan: a restart (REPLACE_INSTANCES of chosen instance ids, stage by stage)
/// or a scale (SCALE steps toward a target), each stage with its own op spec, soak and gate.
/// A plain value: the dialog builds it, StagedRolloutRunner executes it, the state file keeps
/// it. Nothing in it is specific to one session, so the same plan can run on another cluster
/// that has the same app and instances.
struct StagedRollout
{
    Q_DECLARE_TR_FUNCTIONS(drove::models::StagedRollout)

public:
    enum class Kind { Restart, Scale };
    /// Where the operator's go is asked for (the dialog's choice; per stage in `stages`).
    enum class Gates {
        BeforeEachStage, ///< every stage after the first waits for a go
        AfterFirstStage, ///< a go after the canary, then automatic while healthy
        Never,           ///< continue whenever the soak passes
    };

    Kind kind = Kind::Restart;
    QString appId;
    /// Restart only: stop each old instance before its replacement starts.
    bool stopFirst = false;
    /// Restart: the healthy instances when planned; scale: requiredInstances when planned.
    qint64 initialInstances = 0;
    QList<RolloutStage> stages;
    /// When it was planned (epoch ms); 0 when not recorded.
    qint64 plannedAtMs = 0;
    /// While a stage soaks, a log line of an instance the rollout started that matches this
    /// regular expression stops the rollout ("" turns the log check off).
    QString logErrorPattern;

    int stageCount() const { return int(stages.size()); }
    /// The operation stage `index` sends.
    protocol::ApplicationOperation operation(int index) const;
    /// Instances a stage replaces (restart) or adds/removes (scale).
    int stageSize(int index) const;
    /// requiredInstances before stage `index` (scale) — initialInstances for the first.
    qint64 countBefore(int index) const;
    /// The final count (scale) or the instances replaced (restart).
    qint64 finalInstances() const;
    /// Every instance id the plan replaces, in stage order.
    QStringList allInstanceIds() const;
    /// The soaks that will run (between stages), in ms.
    qint64 totalSoakMs() const;
    /// Whether it takes serving instances away (a scale down, a restart with stopFirst): the
    /// confirmation policy asks more for those.
    bool reducesCapacity() const;
    /// What keeps the plan from running (translated; empty when it may run): no stage, an empty
    /// stage, an instance in two stages, a scale stage that does not move toward the target, and
    /// every stage's operation as protocol::OperationValidator sees it.
    QStringList problems() const;
    /// "stage 2 of 3" style name for messages.
    static QString stageName(int index, int count);
    /// "Restart" / "Scale" for titles.
    QString kindName() const;

    QJsonObject toJson() const;
    static std::optional<StagedRollout> fromJson(const QJsonObject &json, QString *error = nullptr);
    bool operator==(const StagedRollout &other) const;
    bool operator!=(const StagedRollout &other) const { return !(*this == other); }

    // Planning.

    /// The sizes of the stages over `total` units from a list like "1, 25%, rest": `N` is N
    /// units, `P%` is P percent of the total rounded up (at least 1), `rest` is what is left
    /// (last item only). Each stage takes at most what is left. nullopt with `error` set when an
    /// item is not understood, a stage would be empty, or the stages do not cover the total.
    static std::optional<QList<int>> parseStageSizes(const QString &text, int total,
                                                     QString *error = nullptr);
    /// The order a restart takes the app's HEALTHY instances in: those in `first` (the
    /// operator's selection) first, in that order, then the oldest first (by created, then id).
    /// Instances that are not HEALTHY are left out.
    static QStringList restartOrder(const QList<protocol::InstanceInfo> &instances,
                                    const QStringList &first = {});
    /// A restart of `orderedIds` in stages of `sizes` (which must sum to their count).
    static StagedRollout restart(const QString &appId, const QStringList &orderedIds,
                                 const QList<int> &sizes, const protocol::ClusterOpSpec &opSpec,
                                 bool stopFirst, qint64 soakMs, Gates gates);
    /// A scale from `fromRequired` to `toRequired` in steps of `sizes` (summing to the change).
    static StagedRollout scale(const QString &appId, qint64 fromRequired, qint64 toRequired,
                               const QList<int> &sizes, const protocol::ClusterOpSpec &opSpec,
                               qint64 soakMs, Gates gates);
};

/// How long a plan may take, said honestly: the soaks are known exactly; the operations' time
/// is an estimate only when this console measured an earlier operation of the same kind on the
/// same app, and "not known" otherwise. Waits for the operator's go are never counted.
struct RolloutEstimate
{
    Q_DECLARE_TR_FUNCTIONS(drove::models::RolloutEstimate)

public:
    bool workKnown = false;
    qint64 workMs = 0; ///< estimated time of the stages' operations (when workKnown)
    qint64 soakMs = 0; ///< the soaks between stages (exact)
    int gates = 0;     ///< stages that wait for a go (time not counted)
    /// Where the estimate comes from, or why there is none (translated).
    QString basis;

    /// Estimates `plan` from `history` (the tracker's operations, any app; only finished
    /// operations of the plan's app and kind that this console measured from their beginning
    /// are used, the most recent first).
    static RolloutEstimate of(const StagedRollout &plan, const QList<TrackedOperation> &history);
    /// One line for the dialog: "About 12m (an estimate) …" or "Not known …".
    QString text() const;
};

} // namespace drove::models
