#pragma once

#include "models/stagedrollout.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::models {

/// What became of one stage of a rollout.
struct RolloutStageRecord
{
    enum class Status {
        Pending,   ///< not started
        Running,   ///< its operation was sent and has not been seen to end
        Done,      ///< its operation completed
        Failed,    ///< its operation (or the soak after it) failed
        Cancelled, ///< cancelled while it ran
    };

    Status status = Status::Pending;
    qint64 sentAtMs = 0;
    qint64 finishedAtMs = 0;
    /// The tracker's id of its operation: meaningful to the console that sent it only.
    QString trackedId;
    /// The outcome as the tracker said it ("Completed", "Failed: 0 of 1 replaced …").
    QString outcome;
    /// Restart: the instances it replaced (gone).
    QStringList replacedIds;
    /// The instances it started that became HEALTHY (the ones the soak watches).
    QStringList newInstanceIds;
    /// False when it ended while no console watched it (found done after a restart): its
    /// outcome and new instances were not seen.
    bool watched = true;

    static QString statusName(Status status);
    QJsonObject toJson() const;
    static RolloutStageRecord fromJson(const QJsonObject &json);
    bool operator==(const RolloutStageRecord &other) const;
};

/// A rollout's plan and where it is, as written to its state file after every transition, so a
/// console that restarts can resume the rollout or say why it will not (see
/// StagedRolloutRunner::restore()).
struct RolloutProgress
{
    Q_DECLARE_TR_FUNCTIONS(drove::models::RolloutProgress)

public:
    enum class State {
        NotStarted,
        RunningStage, ///< a stage's operation is in flight
        Soaking,      ///< watching the app after a stage
        WaitingForGo, ///< the next stage waits for the operator's go
        Paused,       ///< the operator paused: nothing starts until resumed
        Checking,     ///< restored after a restart: deciding whether it can resume
        Cancelling,   ///< cancel asked for the stage in flight; waiting for it to end
        Completed,
        Failed,
        Cancelled,
        Abandoned, ///< restored, but the cluster no longer matches the plan
    };

    /// The file format; a file of another version is not resumed.
    static constexpr int kVersion = 1;

    QString clusterName;
    StagedRollout plan;
    State state = State::NotStarted;
    /// The stage running, soaked after, or next (for WaitingForGo/Paused: the one that ran last
    /// is `stage`, the next is `stage + 1`, except when nothing ran yet after a restore).
    int stage = 0;
    /// The stage that starts next (WaitingForGo, Paused, Checking); -1 when none.
    int nextStage = -1;
    bool pauseRequested = false;
    /// Why it failed, was cancelled or abandoned, or a note while it waits (translated).
    QString reason;
    /// Evidence (events, operations) from this time on counts against the app (epoch ms).
    qint64 watchFromMs = 0;
    qint64 soakStartedAtMs = 0;
    qint64 soakEndsAtMs = 0;
    qint64 startedAtMs = 0;
    qint64 updatedAtMs = 0;
    QList<RolloutStageRecord> records;

    static bool isTerminal(State state);
    bool isFinished() const { return isTerminal(state); }
    /// Wire name for the file ("SOAKING").
    static QString stateKey(State state);
    /// Translated, for people ("Soaking").
    static QString stateName(State state);

    QJsonObject toJson() const;
    static std::optional<RolloutProgress> fromJson(const QJsonObject &json,
                                                   QString *error = nullptr);
    /// Writes atomically (QSaveFile), creating the folder.
    bool save(const QString &path, QString *error = nullptr) const;
    static std::optional<RolloutProgress> load(const QString &path, QString *error = nullptr);
};

} // namespace drove::models

Q_DECLARE_METATYPE(drove::models::RolloutProgress::State)
