#include "ui/stagedrolloutdialog.h"

#include "models/formatting.h"
#include "ui/opspeceditor.h"
#include "ui/rolloutscript.h"
#include "ui_stagedrolloutform.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QHeaderView>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTimer>

namespace drove::ui {

using models::StagedRollout;

namespace {

enum Column {
    StageColumn,
    InstancesColumn,
    ParallelismColumn,
    TimeoutColumn,
    GoColumn,
    ThenColumn
};

// What the table's widgets are built from; the per-stage parallelism and go are theirs.
QString shapeOf(const StagedRollout &plan, int gatesIndex)
{
    QStringList parts;
    parts << QString::number(int(plan.kind)) << QString::number(gatesIndex)
          << QString::number(plan.initialInstances);
    for (const auto &stage : plan.stages)
        parts << stage.instanceIds.join(QLatin1Char(' ')) << QString::number(stage.targetInstances)
              << QString::number(stage.soakMs)
              << (stage.opSpec.timeout ? stage.opSpec.timeout->toString() : QString());
    return parts.join(QLatin1Char('|'));
}

} // namespace

StagedRolloutDialog::StagedRolloutDialog(const OperationContext &context, StagedRollout::Kind kind,
                                         const QString &appId, qint64 requiredInstances,
                                         const QStringList &selectedInstanceIds,
                                         InstancesProvider instances, HistoryProvider history,
                                         QWidget *parent)
    : OperationDialog(withStagedCapacity(context, this),
                      kind == StagedRollout::Kind::Restart
                          ? protocol::OperationType::ReplaceInstances
                          : protocol::OperationType::ScaleInstances,
                      appId, parent)
    , m_ui(std::make_unique<::Ui::StagedRolloutForm>())
    , m_kind(kind)
    , m_required(requiredInstances)
    , m_selected(selectedInstanceIds)
    , m_instances(std::move(instances))
    , m_history(std::move(history))
    , m_stageCapacityCheck(context.capacityCheck)
{
    const bool restart = kind == StagedRollout::Kind::Restart;
    setWindowTitle(restart ? tr("Restart %1 in stages").arg(appId)
                           : tr("Scale %1 in stages").arg(appId));
    auto *form = new QWidget(this);
    m_ui->setupUi(form);
    m_ui->targetLabel->setVisible(!restart);
    m_ui->targetSpinBox->setVisible(!restart);
    m_ui->targetSpinBox->setValue(int(requiredInstances));
    m_ui->stopFirstCheckBox->setVisible(restart);
    m_ui->soakUnitComboBox->setCurrentIndex(1); // 5 minutes
    m_ui->planTable->setColumnCount(6);
    m_ui->planTable->setHorizontalHeaderLabels(
        {tr("Stage"), restart ? tr("Instances replaced") : tr("Instances"), tr("Parallelism"),
         tr("Timeout"), tr("Wait for go"), tr("Then")});
    m_ui->planTable->horizontalHeader()->setSectionResizeMode(InstancesColumn,
                                                              QHeaderView::Stretch);
    m_ui->planTable->verticalHeader()->setVisible(false);
    setFormWidget(form);
    setOkText(tr("Start rollout"));
    setPreviewTitle(tr("First stage's request (each stage sends its own when it starts)"));
    setCommandCopyVisible(false);

    const auto update = [this] {
        updatePlan();
    };
    connect(m_ui->stagesLineEdit, &QLineEdit::textChanged, this, update);
    connect(m_ui->targetSpinBox, qOverload<int>(&QSpinBox::valueChanged), this, update);
    connect(m_ui->soakSpinBox, qOverload<int>(&QSpinBox::valueChanged), this, update);
    connect(m_ui->soakUnitComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this, update);
    connect(m_ui->gatesComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_goOverride.clear();
        updatePlan();
    });
    connect(m_ui->stopFirstCheckBox, &QCheckBox::toggled, this, update);
    connect(m_ui->logCheckBox, &QCheckBox::toggled, this, update);
    connect(m_ui->logCheckBox, &QCheckBox::toggled, m_ui->logPatternLineEdit, &QWidget::setEnabled);
    connect(m_ui->logPatternLineEdit, &QLineEdit::textChanged, this, update);
    connect(opSpecEditor(), &OpSpecEditor::opSpecChanged, this, [this] {
        m_parallelismOverride.clear();
        updatePlan();
    });
    connect(m_ui->copyScriptButton, &QPushButton::clicked, this, [this] {
        const CliCommand cli = script();
        if (cli.isAvailable())
            QGuiApplication::clipboard()->setText(cli.command);
    });
    // The app's instances arrive and change while the dialog is open.
    auto *timer = new QTimer(this);
    timer->setObjectName(QStringLiteral("planRefreshTimer"));
    timer->setInterval(2000);
    connect(timer, &QTimer::timeout, this, update);
    timer->start();
    updatePlan();
}

StagedRolloutDialog::~StagedRolloutDialog() = default;

OperationContext StagedRolloutDialog::withStagedCapacity(const OperationContext &context,
                                                         StagedRolloutDialog *self)
{
    OperationContext staged = context;
    if (context.capacityCheck)
        staged.capacityCheck = [self](const protocol::ApplicationOperation &) {
            return self->capacityWarningsOfStages();
        };
    return staged;
}

QStringList StagedRolloutDialog::capacityWarningsOfStages() const
{
    if (!m_stageCapacityCheck || !m_plan)
        return {};
    // The first stage whose operation the cluster cannot hold now is what to warn about.
    for (int i = 0; i < m_plan->stageCount(); ++i) {
        const QStringList warnings = m_stageCapacityCheck(m_plan->operation(i));
        if (!warnings.isEmpty()) {
            QStringList labelled;
            for (const QString &warning : warnings)
                labelled << tr("Stage %1: %2").arg(i + 1).arg(warning);
            return labelled;
        }
    }
    return {};
}

qint64 StagedRolloutDialog::soakMs() const
{
    static const qint64 unitMs[] = {1000, 60000, 3600000};
    return qint64(m_ui->soakSpinBox->value())
        * unitMs[qBound(0, m_ui->soakUnitComboBox->currentIndex(), 2)];
}

StagedRollout::Gates StagedRolloutDialog::gates() const
{
    switch (m_ui->gatesComboBox->currentIndex()) {
    case 1:
        return StagedRollout::Gates::BeforeEachStage;
    case 2:
        return StagedRollout::Gates::Never;
    default:
        return StagedRollout::Gates::AfterFirstStage;
    }
}

void StagedRolloutDialog::updatePlan()
{
    const bool restart = m_kind == StagedRollout::Kind::Restart;
    m_plan.reset();
    m_planError.clear();
    int total = 0;
    if (restart) {
        const auto instances = m_instances ? m_instances() : std::nullopt;
        m_instancesKnown = instances.has_value();
        if (!instances) {
            m_ui->instancesStatusLabel->setText(
                tr("Waiting for the instances of %1: the plan appears when the console knows "
                   "them.")
                    .arg(appId()));
            m_planError = tr("The instances of %1 are not known yet.").arg(appId());
        } else {
            m_orderedIds = StagedRollout::restartOrder(*instances, m_selected);
            total = int(m_orderedIds.size());
            int selectedFirst = 0;
            for (const QString &id : m_selected)
                selectedFirst += m_orderedIds.contains(id) ? 1 : 0;
            m_ui->instancesStatusLabel->setText(
                selectedFirst > 0
                    ? tr("%n healthy instance(s) of %1, in this order: the %2 you selected, "
                         "then the oldest first.",
                         nullptr, total)
                          .arg(appId())
                          .arg(selectedFirst)
                    : tr("%n healthy instance(s) of %1, oldest first.", nullptr, total)
                          .arg(appId()));
        }
    } else {
        const int target = m_ui->targetSpinBox->value();
        total = int(qAbs(target - m_required));
        m_ui->instancesStatusLabel->setText(
            tr("%1 requires %2 instance(s) now.").arg(appId()).arg(m_required));
        if (total == 0)
            m_planError = tr("Choose a target other than the current %1.").arg(m_required);
    }

    if (m_planError.isEmpty()) {
        QString error;
        const auto sizes
            = StagedRollout::parseStageSizes(m_ui->stagesLineEdit->text(), total, &error);
        if (!sizes) {
            m_planError = error;
        } else {
            const protocol::ClusterOpSpec opSpec = opSpecEditor()->opSpec();
            StagedRollout plan = restart
                ? StagedRollout::restart(appId(), m_orderedIds, *sizes, opSpec,
                                         m_ui->stopFirstCheckBox->isChecked(), soakMs(), gates())
                : StagedRollout::scale(appId(), m_required, m_ui->targetSpinBox->value(), *sizes,
                                       opSpec, soakMs(), gates());
            if (plan.stageCount() != m_tableStages) {
                m_parallelismOverride.clear();
                m_goOverride.clear();
            }
            for (int i = 0; i < plan.stageCount(); ++i) {
                if (const auto p = m_parallelismOverride.constFind(i);
                    p != m_parallelismOverride.cend())
                    plan.stages[i].opSpec.parallelism = *p;
                if (const auto go = m_goOverride.constFind(i); i > 0 && go != m_goOverride.cend())
                    plan.stages[i].waitForGo = *go;
            }
            plan.plannedAtMs = QDateTime::currentMSecsSinceEpoch();
            if (m_ui->logCheckBox->isChecked()) {
                const QString pattern = m_ui->logPatternLineEdit->text();
                const QRegularExpression expression(pattern);
                if (pattern.isEmpty())
                    m_planError = tr("Give the log check a pattern, or untick it.");
                else if (!expression.isValid())
                    m_planError = tr("The log check's pattern is not a valid regular expression: "
                                     "%1 (at %2)")
                                      .arg(expression.errorString())
                                      .arg(expression.patternErrorOffset());
                plan.logErrorPattern = pattern;
            }
            m_plan = plan;
        }
    }

    // The table's widgets are rebuilt only when what they show changed, so that a spin box
    // being edited keeps its focus.
    const QString shape
        = m_plan ? shapeOf(*m_plan, m_ui->gatesComboBox->currentIndex()) : QString();
    if (shape != m_tableShape || !m_plan) {
        m_tableShape = shape;
        fillTable();
    }

    if (m_plan) {
        m_ui->durationLabel->setText(tr("Expected duration: %1").arg(estimate().text()));
        const CliCommand cli = script();
        m_ui->copyScriptButton->setEnabled(cli.isAvailable());
        m_ui->scriptNoteLabel->setText(cli.note);
    } else {
        m_ui->durationLabel->setText(tr("Expected duration: not known until there is a plan."));
        m_ui->copyScriptButton->setEnabled(false);
        m_ui->scriptNoteLabel->clear();
    }
    refresh();
}

void StagedRolloutDialog::fillTable()
{
    QTableWidget *table = m_ui->planTable;
    const int count = m_plan ? m_plan->stageCount() : 0;
    m_tableStages = m_plan ? count : -1;
    // The table deletes replaced cell widgets later; until then they must not answer to the
    // stable names the new ones take.
    for (int row = 0; row < table->rowCount(); ++row)
        for (const int column : {int(ParallelismColumn), int(GoColumn)})
            if (QWidget *old = table->cellWidget(row, column)) {
                old->setObjectName(QString());
                old->blockSignals(true);
            }
    table->setRowCount(count);
    for (int i = 0; i < count; ++i) {
        const models::RolloutStage &stage = m_plan->stages.at(i);
        const auto item = [table, i](int column, const QString &text) {
            auto *cell = new QTableWidgetItem(text);
            cell->setToolTip(text);
            table->setItem(i, column, cell);
        };
        item(StageColumn, QString::number(i + 1));
        if (m_kind == StagedRollout::Kind::Restart)
            item(InstancesColumn,
                 tr("%1: %2")
                     .arg(stage.instanceIds.size())
                     .arg(stage.instanceIds.join(QStringLiteral(", "))));
        else
            item(InstancesColumn,
                 tr("%1 → %2").arg(m_plan->countBefore(i)).arg(stage.targetInstances));
        item(TimeoutColumn, stage.opSpec.timeout ? stage.opSpec.timeout->toString() : QString());
        item(ThenColumn,
             i + 1 < count ? tr("soak %1").arg(models::format::elapsed(stage.soakMs)) : tr("done"));

        auto *parallelism = new QSpinBox(table);
        parallelism->setObjectName(QStringLiteral("stageParallelismSpinBox%1").arg(i + 1));
        parallelism->setRange(1, 32);
        parallelism->setValue(int(stage.opSpec.parallelism));
        connect(parallelism, qOverload<int>(&QSpinBox::valueChanged), this, [this, i](int value) {
            m_parallelismOverride.insert(i, value);
            updatePlan();
        });
        table->setCellWidget(i, ParallelismColumn, parallelism);

        auto *go = new QCheckBox(table);
        go->setObjectName(QStringLiteral("stageGoCheckBox%1").arg(i + 1));
        go->setChecked(stage.waitForGo);
        // The first stage starts with "Start rollout".
        go->setEnabled(i > 0);
        go->setToolTip(i > 0 ? tr("Wait for your go before this stage starts")
                             : tr("The first stage starts when you start the rollout"));
        connect(go, &QCheckBox::toggled, this, [this, i](bool checked) {
            m_goOverride.insert(i, checked);
            updatePlan();
        });
        table->setCellWidget(i, GoColumn, go);
    }
    table->resizeColumnToContents(StageColumn);
}

CliCommand StagedRolloutDialog::script() const
{
    if (!m_plan)
        return {QString(), QString()};
    return RolloutScript::script(*m_plan, context().clusterName);
}

models::RolloutEstimate StagedRolloutDialog::estimate() const
{
    if (!m_plan)
        return {};
    return models::RolloutEstimate::of(*m_plan,
                                       m_history ? m_history() : QList<models::TrackedOperation>());
}

protocol::ApplicationOperation StagedRolloutDialog::buildOperation() const
{
    if (m_plan && m_plan->stageCount() > 0)
        return m_plan->operation(0);
    const protocol::ClusterOpSpec opSpec = opSpecEditor()->opSpec();
    if (m_kind == StagedRollout::Kind::Restart)
        return protocol::ApplicationOperation::replaceInstances(
            appId(), {}, m_ui->stopFirstCheckBox->isChecked(), opSpec);
    return protocol::ApplicationOperation::scale(appId(), m_ui->targetSpinBox->value(), opSpec);
}

QStringList StagedRolloutDialog::formErrors() const
{
    if (!m_planError.isEmpty())
        return {m_planError};
    if (!m_plan)
        return {tr("There is no plan yet.")};
    return m_plan->problems();
}

bool StagedRolloutDialog::reducesCapacity() const
{
    if (m_plan)
        return m_plan->reducesCapacity();
    if (m_kind == StagedRollout::Kind::Restart)
        return m_ui->stopFirstCheckBox->isChecked();
    return m_ui->targetSpinBox->value() < m_required;
}

} // namespace drove::ui
