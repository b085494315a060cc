#pragma once

#include "models/stagedrollout.h"
#include "models/trackedoperation.h"
#include "protocol/instanceinfo.h"
#include "ui/operationdialog.h"

#include <QHash>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class StagedRolloutForm;
}

namespace drove::ui {

/// "Restart in stages…" and "Scale in stages…": the operator shapes a staged rollout (stage
/// sizes such as "1, 25%, rest", the soak between stages, where to wait for a go, each stage's
/// parallelism) and sees the plan before anything starts: the instance ids of every stage (a
/// restart takes the app's HEALTHY instances, the selected ones first, then the oldest), each
/// stage's op spec, and how long it may take — an estimate only when this console measured an
/// earlier operation of the same kind on the app, "not known" otherwise.
///
/// Like every operation dialog it validates (every stage with the protocol's rules), warns
/// when the cluster cannot place what the stages need, asks for the confirmation the cluster's
/// criticality requires (a scale down or a stopFirst restart takes capacity away), and shows
/// the first stage's request. "Copy as script" gives the whole plan as drove CLI commands.
/// The dialog returns the plan; StagedRolloutRunner runs it.
class StagedRolloutDialog : public OperationDialog
{
    Q_OBJECT

public:
    /// The app's active instances as the session knows them (nullopt: not known yet).
    using InstancesProvider = std::function<std::optional<QList<protocol::InstanceInfo>>()>;
    /// Operations this console measured (for the estimate).
    using HistoryProvider = std::function<QList<models::TrackedOperation>()>;

    /// `requiredInstances`: the app's count now (a scale's start). `selectedInstanceIds` go
    /// first in a restart.
    StagedRolloutDialog(const OperationContext &context, models::StagedRollout::Kind kind,
                        const QString &appId, qint64 requiredInstances,
                        const QStringList &selectedInstanceIds, InstancesProvider instances,
                        HistoryProvider history, QWidget *parent = nullptr);
    ~StagedRolloutDialog() override;

    /// The plan as shown (nullopt while it cannot be made; validationErrors() says why).
    std::optional<models::StagedRollout> plan() const { return m_plan; }
    /// The whole plan as a shell script (or the reason there is none).
    CliCommand script() const;
    /// The estimate shown.
    models::RolloutEstimate estimate() const;

    /// Rebuilds the plan from the inputs and the app's instances now (a timer calls it too).
    void updatePlan();

protected:
    protocol::ApplicationOperation buildOperation() const override;
    QStringList formErrors() const override;
    bool reducesCapacity() const override;

private:
    static OperationContext withStagedCapacity(const OperationContext &context,
                                               StagedRolloutDialog *self);
    QStringList capacityWarningsOfStages() const;
    void fillTable();
    qint64 soakMs() const;
    models::StagedRollout::Gates gates() const;

    std::unique_ptr<::Ui::StagedRolloutForm> m_ui;
    models::StagedRollout::Kind m_kind;
    qint64 m_required;
    QStringList m_selected;
    InstancesProvider m_instances;
    HistoryProvider m_history;
    CapacityCheckFunction m_stageCapacityCheck;

    std::optional<models::StagedRollout> m_plan;
    QString m_planError;
    QStringList m_orderedIds;
    bool m_instancesKnown = false;
    /// The operator's changes to single stages, kept while the number of stages stays.
    QHash<int, int> m_parallelismOverride;
    QHash<int, bool> m_goOverride;
    int m_tableStages = -1;
    QString m_tableShape; ///< what the table's rows were built from
};

} // namespace drove::ui
