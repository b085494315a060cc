#include "ui/rolloutpanel.h"

#include "models/stagedrolloutrunner.h"
#include "ui/confirmationpolicy.h"
#include "ui/criticalitystyle.h"
#include "ui/guarddialog.h"
#include "ui/rolloutscript.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace drove::ui {

using models::RolloutProgress;
using models::RolloutStageRecord;
using models::StagedRollout;
using State = RolloutProgress::State;

RolloutPanel::RolloutPanel(models::StagedRolloutRunner *runner, const OperationContext &context,
                           QWidget *parent)
    : QDialog(parent)
    , m_runner(runner)
    , m_context(context)
{
    setObjectName(QStringLiteral("rolloutPanel"));
    const StagedRollout &plan = runner->plan();
    setWindowTitle(plan.kind == StagedRollout::Kind::Restart
                       ? tr("Staged restart of %1").arg(plan.appId)
                       : tr("Staged scale of %1").arg(plan.appId));
    auto *layout = new QVBoxLayout(this);

    auto *cluster
        = new QLabel(criticalityBannerText(context.criticality, context.clusterName), this);
    cluster->setObjectName(QStringLiteral("clusterLabel"));
    cluster->setStyleSheet(criticalityStyleSheet(context.criticality));
    layout->addWidget(cluster);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    QFont bold = m_statusLabel->font();
    bold.setBold(true);
    m_statusLabel->setFont(bold);
    m_statusLabel->setWordWrap(true);
    layout->addWidget(m_statusLabel);

    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("stageProgressBar"));
    m_progressBar->setRange(0, plan.stageCount());
    m_progressBar->setFormat(tr("%v of %m stages done"));
    layout->addWidget(m_progressBar);

    m_reasonLabel = new QLabel(this);
    m_reasonLabel->setObjectName(QStringLiteral("reasonLabel"));
    m_reasonLabel->setWordWrap(true);
    m_reasonLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_reasonLabel);

    m_logCheckLabel = new QLabel(this);
    m_logCheckLabel->setObjectName(QStringLiteral("logCheckLabel"));
    m_logCheckLabel->setWordWrap(true);
    layout->addWidget(m_logCheckLabel);

    m_stagesTable = new QTableWidget(plan.stageCount(), 5, this);
    m_stagesTable->setObjectName(QStringLiteral("stagesTable"));
    m_stagesTable->setHorizontalHeaderLabels(
        {tr("Stage"), plan.kind == StagedRollout::Kind::Restart ? tr("Replaces") : tr("Scales"),
         tr("Status"), tr("New instances"), tr("Outcome")});
    m_stagesTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stagesTable->verticalHeader()->setVisible(false);
    m_stagesTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_stagesTable->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    layout->addWidget(m_stagesTable, 1);

    m_persistLabel = new QLabel(this);
    m_persistLabel->setObjectName(QStringLiteral("persistErrorLabel"));
    m_persistLabel->setWordWrap(true);
    m_persistLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    layout->addWidget(m_persistLabel);

    auto *buttons = new QHBoxLayout;
    const auto button = [this, buttons](const char *name, const QString &text) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setAutoDefault(false);
        buttons->addWidget(b);
        return b;
    };
    m_goButton = button("goButton", tr("&Go"));
    m_goButton->setToolTip(tr("Start the next stage"));
    m_pauseButton = button("pauseButton", tr("&Pause"));
    m_pauseButton->setToolTip(
        tr("Start nothing new until you resume; a stage in flight runs to its end"));
    m_resumeButton = button("resumeButton", tr("&Resume"));
    m_cancelButton = button("cancelRolloutButton", tr("&Cancel rollout…"));
    m_cancelButton->setToolTip(tr("Between stages nothing more is sent; during a stage its "
                                  "operation is cancelled"));
    buttons->addStretch();
    m_copyScriptButton = button("copyScriptButton", tr("Copy as script"));
    auto *close = button("closeButton", tr("Close"));
    layout->addLayout(buttons);

    connect(m_goButton, &QPushButton::clicked, runner, &models::StagedRolloutRunner::go);
    connect(m_pauseButton, &QPushButton::clicked, runner, &models::StagedRolloutRunner::pause);
    connect(m_resumeButton, &QPushButton::clicked, runner, &models::StagedRolloutRunner::resume);
    connect(m_cancelButton, &QPushButton::clicked, this, &RolloutPanel::requestCancel);
    connect(m_copyScriptButton, &QPushButton::clicked, this, [this] {
        if (!m_runner)
            return;
        const CliCommand cli = RolloutScript::script(m_runner->plan(), m_context.clusterName);
        if (cli.isAvailable())
            QGuiApplication::clipboard()->setText(cli.command);
    });
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(runner, &models::StagedRolloutRunner::changed, this, &RolloutPanel::refresh);
    connect(runner, &QObject::destroyed, this, &RolloutPanel::refresh);
    auto *timer = new QTimer(this);
    timer->setInterval(1000);
    connect(timer, &QTimer::timeout, this, &RolloutPanel::refresh);
    timer->start();

    const CliCommand cli = RolloutScript::script(plan, context.clusterName);
    m_copyScriptButton->setEnabled(cli.isAvailable());
    m_copyScriptButton->setToolTip(cli.isAvailable() ? tr("The plan as drove CLI commands")
                                                     : cli.note);
    resize(720, 420);
    refresh();
}

RolloutPanel::~RolloutPanel() = default;

void RolloutPanel::refresh()
{
    if (!m_runner) {
        m_statusLabel->setText(tr("This rollout's connection is closed; it resumes or is "
                                  "abandoned when the console connects to %1 again.")
                                   .arg(m_context.clusterName));
        for (QPushButton *b : {m_goButton, m_pauseButton, m_resumeButton, m_cancelButton})
            b->setEnabled(false);
        return;
    }
    const RolloutProgress &progress = m_runner->progress();
    const StagedRollout &plan = progress.plan;
    m_statusLabel->setText(m_runner->statusText());
    m_reasonLabel->setText(progress.reason);
    m_reasonLabel->setVisible(!progress.reason.isEmpty());
    const bool bad = progress.state == State::Failed || progress.state == State::Abandoned;
    m_reasonLabel->setStyleSheet(bad ? QStringLiteral("color: #b71c1c;") : QString());
    m_persistLabel->setText(m_runner->persistError());
    m_persistLabel->setVisible(!m_runner->persistError().isEmpty());
    m_logCheckLabel->setText(m_runner->logCheckText());
    m_logCheckLabel->setVisible(!m_runner->logCheckText().isEmpty());

    int done = 0;
    for (int i = 0; i < plan.stageCount(); ++i) {
        const RolloutStageRecord &record = progress.records.at(i);
        done += record.status == RolloutStageRecord::Status::Done ? 1 : 0;
        const auto set = [this, i](int column, const QString &text) {
            QTableWidgetItem *item = m_stagesTable->item(i, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_stagesTable->setItem(i, column, item);
            }
            if (item->text() != text) {
                item->setText(text);
                item->setToolTip(text);
            }
        };
        const auto &stage = plan.stages.at(i);
        set(0, QString::number(i + 1));
        set(1,
            plan.kind == StagedRollout::Kind::Restart
                ? stage.instanceIds.join(QStringLiteral(", "))
                : tr("%1 → %2").arg(plan.countBefore(i)).arg(stage.targetInstances));
        QString status = RolloutStageRecord::statusName(record.status);
        if (record.status == RolloutStageRecord::Status::Pending && stage.waitForGo && i > 0)
            status = tr("%1 (waits for your go)").arg(status);
        if (!record.watched)
            status = tr("%1 (not watched)").arg(status);
        set(2, status);
        set(3, record.newInstanceIds.join(QStringLiteral(", ")));
        set(4, record.outcome);
    }
    m_progressBar->setValue(done);

    m_goButton->setEnabled(m_runner->canGo());
    m_pauseButton->setEnabled(m_runner->canPause());
    m_resumeButton->setEnabled(m_runner->canResume());
    m_cancelButton->setEnabled(m_runner->canCancel());
}

void RolloutPanel::requestCancel()
{
    if (!m_runner)
        return;
    const QPointer<models::StagedRolloutRunner> runner(m_runner);
    if (m_runner->state() != State::RunningStage) {
        // Between stages nothing is sent to the cluster: cancelling only ends the plan.
        m_runner->cancel();
        return;
    }
    const QString appId = m_runner->appId();
    GuardDialog::ask(this, tr("Cancel the rollout"),
                     tr("Stop the staged rollout of <b>%1</b> and cancel its stage in flight? "
                        "Drove stops the stage after the jobs in flight finish; no later stage "
                        "starts.")
                         .arg(appId.toHtmlEscaped()),
                     requiredConfirmation(ClusterAction::CancelOperation, m_context.criticality),
                     appId, m_context.criticality, m_context.clusterName, [runner] {
                         if (runner)
                             runner->cancel();
                     });
}

} // namespace drove::ui
