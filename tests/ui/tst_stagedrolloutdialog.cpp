// "Restart in stages…" / "Scale in stages…" and the rollout panel, driven by object name: the
// plan shown before it starts, validation, the confirmation policy, "Copy as script", and the
// panel's buttons following the runner. Also the entry points in ApplicationActions and
// OperationRunner (the dialog opens; a saved rollout comes back with its panel).

#include "client/droveclient.h"
#include "models/clustersession.h"
#include "models/rolloutprogress.h"
#include "models/stagedrolloutrunner.h"
#include "ui/applicationactions.h"
#include "ui/operationrunner.h"
#include "ui/rolloutpanel.h"
#include "ui/rolloutscript.h"
#include "ui/stagedrolloutdialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(drove::client::Criticality)
Q_DECLARE_METATYPE(drove::models::StagedRollout::Kind)
Q_DECLARE_METATYPE(drove::ui::Confirmation)

using namespace drove;
using client::Criticality;
using models::RolloutProgress;
using models::StagedRollout;
using models::StagedRolloutRunner;
using ui::Confirmation;
using ui::OperationContext;
using ui::StagedRolloutDialog;
using State = RolloutProgress::State;

class TestStagedRolloutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsThePlanBeforeItStarts();
    void invalidStagesKeepOkDisabled();
    void waitsForTheInstancesBeforeThereIsAPlan();
    void perStageParallelismAndGo();
    void scaleInStagesShowsEachStep();
    void confirmationFollowsThePolicy_data();
    void confirmationFollowsThePolicy();
    void copyAsScriptGivesTheWholePlan();
    void scriptRefusesWhatTheCliCannotDo();
    void panelButtonsFollowTheRunner();
    void panelCancelDuringAStageAsksOnProduction();
    void actionsOpenTheDialogAndRestoreSavedRollouts();

private:
    std::unique_ptr<models::ClusterSession> unreachableSession(const QString &cluster,
                                                               Criticality criticality);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<client::DroveClient> m_client;
};

namespace {

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list << QString::fromUtf8(item);
    return list;
}

const QString kApp = QStringLiteral("TEST_APP-1");

OperationContext context(Criticality criticality = Criticality::Local)
{
    OperationContext context;
    context.clusterName = QStringLiteral("local");
    context.endpoint = QUrl(QStringLiteral("http://127.0.0.1:10000"));
    context.criticality = criticality;
    return context;
}

template<typename T>
T *child(QObject *parent, const QString &name)
{
    auto *widget = parent->findChild<T *>(name);
    if (!widget)
        qWarning("no child %s", qPrintable(name));
    return widget;
}

QPushButton *okButton(QWidget *dialog)
{
    return child<QPushButton>(dialog, QStringLiteral("okButton"));
}

QList<protocol::InstanceInfo> healthyInstances(int count)
{
    QList<protocol::InstanceInfo> list;
    for (int i = 1; i <= count; ++i) {
        protocol::InstanceInfo instance;
        instance.appId = kApp;
        instance.instanceId = QStringLiteral("AI-%1").arg(i);
        instance.created = 1000 + i;
        instance.state = protocol::InstanceState::Healthy;
        list << instance;
    }
    return list;
}

StagedRolloutDialog *restartDialog(Criticality criticality = Criticality::Local,
                                   const QStringList &selected = {})
{
    return new StagedRolloutDialog(
        context(criticality), StagedRollout::Kind::Restart, kApp, 8, selected,
        [] { return std::optional(healthyInstances(8)); },
        [] { return QList<models::TrackedOperation>(); });
}

void setText(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

QString cell(QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace

void TestStagedRolloutDialog::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("drove-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_stagedrolloutdialog"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<client::DroveClient>(m_network.get());
    client::ConnectionSettings settings;
    // Nothing listens there: every request is refused at once.
    settings.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:1"))};
    m_client->setConnectionSettings(settings);
}

void TestStagedRolloutDialog::init()
{
    QSettings().clear();
}

std::unique_ptr<models::ClusterSession>
TestStagedRolloutDialog::unreachableSession(const QString &cluster, Criticality criticality)
{
    client::ClusterProfile profile;
    profile.name = cluster;
    profile.criticality = criticality;
    return std::make_unique<models::ClusterSession>(m_client.get(), nullptr, profile, false,
                                                    nullptr);
}

void TestStagedRolloutDialog::showsThePlanBeforeItStarts()
{
    std::unique_ptr<StagedRolloutDialog> dialog(
        restartDialog(Criticality::Local, {QStringLiteral("AI-6")}));
    dialog->show();
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Restart TEST_APP-1 in stages"));
    auto *status = child<QLabel>(dialog.get(), QStringLiteral("instancesStatusLabel"));
    QVERIFY2(status->text().contains(QLatin1String("8 healthy instance(s)")),
             qPrintable(status->text()));
    QVERIFY(!child<QSpinBox>(dialog.get(), QStringLiteral("targetSpinBox"))->isVisible());

    setText(child<QLineEdit>(dialog.get(), QStringLiteral("stagesLineEdit")),
            QStringLiteral("1, 3, rest"));
    auto *table = child<QTableWidget>(dialog.get(), QStringLiteral("planTable"));
    QCOMPARE(table->rowCount(), 3);
    // The selected instance is the canary; then the oldest first.
    QCOMPARE(cell(table, 0, 1), QStringLiteral("1: AI-6"));
    QCOMPARE(cell(table, 1, 1), QStringLiteral("3: AI-1, AI-2, AI-3"));
    QCOMPARE(cell(table, 2, 1), QStringLiteral("4: AI-4, AI-5, AI-7, AI-8"));
    QCOMPARE(cell(table, 0, 3), QStringLiteral("5 minutes"));
    QCOMPARE(cell(table, 0, 5), QStringLiteral("soak 5m 00s"));
    QCOMPARE(cell(table, 2, 5), QStringLiteral("done"));
    // Default gates: a go after the canary only.
    QVERIFY(!child<QCheckBox>(table, QStringLiteral("stageGoCheckBox1"))->isEnabled());
    QVERIFY(child<QCheckBox>(table, QStringLiteral("stageGoCheckBox2"))->isChecked());
    QVERIFY(!child<QCheckBox>(table, QStringLiteral("stageGoCheckBox3"))->isChecked());

    // Duration: nothing measured, so not known — with what is known said.
    const QString duration = child<QLabel>(dialog.get(), QStringLiteral("durationLabel"))->text();
    QVERIFY2(duration.contains(QLatin1String("Not known")), qPrintable(duration));
    QVERIFY2(duration.contains(QLatin1String("soaks alone take 10m 00s")), qPrintable(duration));
    QVERIFY2(!duration.contains(QLatin1String("About")), qPrintable(duration));

    // The first stage's exact request is shown.
    const QString json
        = child<QPlainTextEdit>(dialog.get(), QStringLiteral("jsonPreview"))->toPlainText();
    QVERIFY2(json.contains(QLatin1String("\"REPLACE_INSTANCES\"")), qPrintable(json));
    QVERIFY2(json.contains(QLatin1String("\"AI-6\"")), qPrintable(json));
    QVERIFY(!json.contains(QLatin1String("\"AI-1\"")));
    QVERIFY(!child<QPushButton>(dialog.get(), QStringLiteral("copyCliButton"))->isVisible());

    QVERIFY(okButton(dialog.get())->isEnabled());
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    QTest::mouseClick(okButton(dialog.get()), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    const auto plan = dialog->plan();
    QVERIFY(plan);
    QCOMPARE(plan->stageCount(), 3);
    QCOMPARE(plan->stages.at(2).instanceIds, strings({"AI-4", "AI-5", "AI-7", "AI-8"}));
    QCOMPARE(plan->stages.at(0).soakMs, 5 * 60000);
    QVERIFY(plan->problems().isEmpty());
}

void TestStagedRolloutDialog::invalidStagesKeepOkDisabled()
{
    std::unique_ptr<StagedRolloutDialog> dialog(restartDialog());
    dialog->show();
    auto *stages = child<QLineEdit>(dialog.get(), QStringLiteral("stagesLineEdit"));
    auto *errors = child<QLabel>(dialog.get(), QStringLiteral("validationErrorLabel"));
    setText(stages, QStringLiteral("1, 3"));
    QVERIFY(!okButton(dialog.get())->isEnabled());
    QVERIFY2(errors->text().contains(QLatin1String("take 4 of 8")), qPrintable(errors->text()));
    QVERIFY(!dialog->plan());
    QVERIFY(!child<QPushButton>(dialog.get(), QStringLiteral("copyScriptButton"))->isEnabled());
    QTest::mouseClick(okButton(dialog.get()), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    setText(stages, QStringLiteral("1, 3, rest"));
    QVERIFY(okButton(dialog.get())->isEnabled());
    QVERIFY(errors->isHidden());
}

void TestStagedRolloutDialog::waitsForTheInstancesBeforeThereIsAPlan()
{
    std::optional<QList<protocol::InstanceInfo>> known;
    StagedRolloutDialog dialog(
        context(), StagedRollout::Kind::Restart, kApp, 8, {}, [&known] { return known; },
        [] { return QList<models::TrackedOperation>(); });
    dialog.show();
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY2(dialog.validationErrors().join(QString()).contains(QLatin1String("not known yet")),
             qPrintable(dialog.validationErrors().join(QString())));
    QCOMPARE(child<QTableWidget>(&dialog, QStringLiteral("planTable"))->rowCount(), 0);
    known = healthyInstances(4);
    dialog.updatePlan(); // the dialog's own timer does this every 2 s
    QVERIFY(okButton(&dialog)->isEnabled());
    QCOMPARE(child<QTableWidget>(&dialog, QStringLiteral("planTable"))->rowCount(), 3);
}

void TestStagedRolloutDialog::perStageParallelismAndGo()
{
    std::unique_ptr<StagedRolloutDialog> dialog(restartDialog());
    dialog->show();
    setText(child<QLineEdit>(dialog.get(), QStringLiteral("stagesLineEdit")),
            QStringLiteral("1, 3, rest"));
    auto *table = child<QTableWidget>(dialog.get(), QStringLiteral("planTable"));
    child<QSpinBox>(table, QStringLiteral("stageParallelismSpinBox3"))->setValue(4);
    child<QCheckBox>(table, QStringLiteral("stageGoCheckBox3"))->setChecked(true);
    const auto plan = dialog->plan();
    QVERIFY(plan);
    QCOMPARE(plan->stages.at(0).opSpec.parallelism, 1);
    QCOMPARE(plan->stages.at(2).opSpec.parallelism, 4);
    QVERIFY(plan->stages.at(2).waitForGo);
    // Choosing another gate policy starts the per-stage choices over.
    child<QComboBox>(dialog.get(), QStringLiteral("gatesComboBox"))->setCurrentIndex(2);
    QVERIFY(!dialog->plan()->stages.at(1).waitForGo);
    QVERIFY(!dialog->plan()->stages.at(2).waitForGo);
    QVERIFY(!child<QCheckBox>(table, QStringLiteral("stageGoCheckBox3"))->isChecked());
}

void TestStagedRolloutDialog::scaleInStagesShowsEachStep()
{
    StagedRolloutDialog dialog(context(), StagedRollout::Kind::Scale, kApp, 4, {}, nullptr,
                               [] { return QList<models::TrackedOperation>(); });
    dialog.show();
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Scale TEST_APP-1 in stages"));
    QVERIFY(!child<QCheckBox>(&dialog, QStringLiteral("stopFirstCheckBox"))->isVisible());
    // Until a target is chosen there is nothing to do.
    QVERIFY(!okButton(&dialog)->isEnabled());
    child<QSpinBox>(&dialog, QStringLiteral("targetSpinBox"))->setValue(10);
    setText(child<QLineEdit>(&dialog, QStringLiteral("stagesLineEdit")),
            QStringLiteral("1, 50%, rest"));
    auto *table = child<QTableWidget>(&dialog, QStringLiteral("planTable"));
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(cell(table, 0, 1), QStringLiteral("4 → 5"));
    QCOMPARE(cell(table, 1, 1), QStringLiteral("5 → 8"));
    QCOMPARE(cell(table, 2, 1), QStringLiteral("8 → 10"));
    QVERIFY(okButton(&dialog)->isEnabled());
    const QString json
        = child<QPlainTextEdit>(&dialog, QStringLiteral("jsonPreview"))->toPlainText();
    QVERIFY2(json.contains(QLatin1String("\"requiredInstances\": 5")), qPrintable(json));
}

void TestStagedRolloutDialog::confirmationFollowsThePolicy_data()
{
    QTest::addColumn<StagedRollout::Kind>("kind");
    QTest::addColumn<bool>("takesCapacity"); // stopFirst, or a scale down
    QTest::addColumn<Criticality>("criticality");
    QTest::addColumn<Confirmation>("confirmation");
    using K = StagedRollout::Kind;
    QTest::newRow("restart, local")
        << K::Restart << false << Criticality::Local << Confirmation::None;
    QTest::newRow("restart, production")
        << K::Restart << false << Criticality::Production << Confirmation::None;
    QTest::newRow("stopFirst restart, development")
        << K::Restart << true << Criticality::Development << Confirmation::Acknowledge;
    QTest::newRow("stopFirst restart, production")
        << K::Restart << true << Criticality::Production << Confirmation::TypeName;
    QTest::newRow("scale up, production")
        << K::Scale << false << Criticality::Production << Confirmation::None;
    QTest::newRow("scale down, production")
        << K::Scale << true << Criticality::Production << Confirmation::TypeName;
    QTest::newRow("scale down, integration")
        << K::Scale << true << Criticality::Integration << Confirmation::Acknowledge;
}

void TestStagedRolloutDialog::confirmationFollowsThePolicy()
{
    QFETCH(StagedRollout::Kind, kind);
    QFETCH(bool, takesCapacity);
    QFETCH(Criticality, criticality);
    QFETCH(Confirmation, confirmation);
    StagedRolloutDialog dialog(
        context(criticality), kind, kApp, 8, {}, [] { return std::optional(healthyInstances(8)); },
        [] { return QList<models::TrackedOperation>(); });
    dialog.show();
    if (kind == StagedRollout::Kind::Restart)
        child<QCheckBox>(&dialog, QStringLiteral("stopFirstCheckBox"))->setChecked(takesCapacity);
    else
        child<QSpinBox>(&dialog, QStringLiteral("targetSpinBox"))->setValue(takesCapacity ? 4 : 12);
    QCOMPARE(dialog.confirmation(), confirmation);
    auto *tick = child<QCheckBox>(&dialog, QStringLiteral("confirmCheckBox"));
    auto *typed = child<QLineEdit>(&dialog, QStringLiteral("confirmIdLineEdit"));
    switch (confirmation) {
    case Confirmation::None:
        QVERIFY(okButton(&dialog)->isEnabled());
        break;
    case Confirmation::Acknowledge:
        QVERIFY(!okButton(&dialog)->isEnabled());
        tick->setChecked(true);
        QVERIFY(okButton(&dialog)->isEnabled());
        break;
    case Confirmation::TypeName:
    case Confirmation::TypeNameAndAcknowledge:
        QVERIFY(!okButton(&dialog)->isEnabled());
        setText(typed, kApp);
        QVERIFY(okButton(&dialog)->isEnabled());
        break;
    }
}

void TestStagedRolloutDialog::copyAsScriptGivesTheWholePlan()
{
    std::unique_ptr<StagedRolloutDialog> dialog(restartDialog());
    dialog->show();
    setText(child<QLineEdit>(dialog.get(), QStringLiteral("stagesLineEdit")),
            QStringLiteral("1, 3, rest"));
    child<QSpinBox>(dialog.get(), QStringLiteral("soakSpinBox"))->setValue(90);
    child<QComboBox>(dialog.get(), QStringLiteral("soakUnitComboBox"))->setCurrentIndex(0);
    QApplication::clipboard()->clear();
    QTest::mouseClick(child<QPushButton>(dialog.get(), QStringLiteral("copyScriptButton")),
                      Qt::LeftButton);
    const QString script = QApplication::clipboard()->text();
    QVERIFY2(script.startsWith(QLatin1String("#!/bin/sh\n")), qPrintable(script));
    const QStringList expectedInOrder {
        QStringLiteral("echo 'Stage 1 of 3: replaces 1 instance(s)'"),
        QStringLiteral("drove -c local appinstances replace TEST_APP-1 AI-1 --parallelism 1 "
                       "--timeout 5m --wait"),
        QStringLiteral("soak 1 '1m 30s' 90"),
        QStringLiteral("read -r _"),
        QStringLiteral("drove -c local appinstances replace TEST_APP-1 AI-2 AI-3 AI-4 "
                       "--parallelism 1 --timeout 5m --wait"),
        QStringLiteral("soak 2 '1m 30s' 90"),
        QStringLiteral("drove -c local appinstances replace TEST_APP-1 AI-5 AI-6 AI-7 AI-8 "
                       "--parallelism 1 --timeout 5m --wait"),
        QStringLiteral("echo 'All 3 stage(s) ran.'"),
    };
    qsizetype at = 0;
    for (const QString &line : expectedInOrder) {
        const qsizetype found = script.indexOf(line, at);
        QVERIFY2(found >= 0, qPrintable(line + QStringLiteral("\n---\n") + script));
        at = found + line.size();
    }
    // One go, before stage 2 only; the cancel command is named for Ctrl+C.
    QCOMPARE(script.count(QStringLiteral("read -r _")), 1);
    QVERIFY(script.contains(QLatin1String("drove -c local apps cancelop TEST_APP-1")));
    QVERIFY(script.contains(QLatin1String("appinstances list TEST_APP-1 | grep -q UNHEALTHY")));
}

void TestStagedRolloutDialog::scriptRefusesWhatTheCliCannotDo()
{
    const StagedRollout plan
        = StagedRollout::restart(kApp, {QStringLiteral("AI-1"), QStringLiteral("AI-2")}, {1, 1},
                                 protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1),
                                 true, 0, StagedRollout::Gates::Never);
    const ui::CliCommand cli = ui::RolloutScript::script(plan, QStringLiteral("local"));
    QVERIFY(!cli.isAvailable());
    QVERIFY2(cli.note.contains(QLatin1String("stopping old instances first")),
             qPrintable(cli.note));

    const StagedRollout scale = StagedRollout::scale(
        kApp, 2, 5, {1, 2}, protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 2), 30000,
        StagedRollout::Gates::BeforeEachStage);
    const QString script = ui::RolloutScript::script(scale, QStringLiteral("prod blr")).command;
    QVERIFY2(script.contains(QLatin1String("drove -c 'prod blr' apps scale TEST_APP-1 3 "
                                           "--parallelism 2 --timeout 5m --wait")),
             qPrintable(script));
    QVERIFY(script.contains(QLatin1String("apps scale TEST_APP-1 5 --parallelism 2")));
    QCOMPARE(script.count(QStringLiteral("read -r _")), 1);
}

void TestStagedRolloutDialog::panelButtonsFollowTheRunner()
{
    QTemporaryDir dir;
    auto session = unreachableSession(QStringLiteral("local"), Criticality::Local);
    const StagedRollout plan
        = StagedRollout::restart(kApp, {QStringLiteral("AI-1"), QStringLiteral("AI-2")}, {1, 1},
                                 protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1),
                                 false, 60000, StagedRollout::Gates::AfterFirstStage);
    auto *runner = new StagedRolloutRunner(session.get(), plan,
                                           dir.filePath(QStringLiteral("r.json")), session.get());
    ui::RolloutPanel panel(runner, context());
    panel.show();
    auto *go = child<QPushButton>(&panel, QStringLiteral("goButton"));
    auto *pause = child<QPushButton>(&panel, QStringLiteral("pauseButton"));
    auto *resume = child<QPushButton>(&panel, QStringLiteral("resumeButton"));
    auto *cancel = child<QPushButton>(&panel, QStringLiteral("cancelRolloutButton"));
    auto *status = child<QLabel>(&panel, QStringLiteral("statusLabel"));
    auto *stages = child<QTableWidget>(&panel, QStringLiteral("stagesTable"));
    QCOMPARE(stages->rowCount(), 2);
    QCOMPARE(cell(stages, 1, 2), QStringLiteral("not started (waits for your go)"));

    runner->start();
    QCOMPARE(runner->state(), State::RunningStage);
    QVERIFY2(status->text().startsWith(QLatin1String("Stage 1 of 2")), qPrintable(status->text()));
    QCOMPARE(cell(stages, 0, 2), QStringLiteral("running"));
    QVERIFY(!go->isEnabled());
    QVERIFY(pause->isEnabled());
    QVERIFY(!resume->isEnabled());
    QVERIFY(cancel->isEnabled());

    // click(), not a mouse event: no event is processed before the answer is wanted.
    pause->click();
    QVERIFY(runner->progress().pauseRequested);
    QVERIFY(!pause->isEnabled());
    QVERIFY(resume->isEnabled());
    QVERIFY2(status->text().contains(QLatin1String("pauses after this stage")),
             qPrintable(status->text()));
    resume->click();
    QVERIFY(!runner->progress().pauseRequested);

    // Nothing listens at the cluster's address: the stage is not accepted and the rollout
    // stops, saying so.
    QTRY_COMPARE_WITH_TIMEOUT(runner->state(), State::Failed, 10000);
    auto *reason = child<QLabel>(&panel, QStringLiteral("reasonLabel"));
    QVERIFY2(reason->text().contains(QLatin1String("Stage 1 of 2 was not accepted")),
             qPrintable(reason->text()));
    QVERIFY(!go->isEnabled());
    QVERIFY(!pause->isEnabled());
    QVERIFY(!resume->isEnabled());
    QVERIFY(!cancel->isEnabled());
    QCOMPARE(cell(stages, 0, 2), QStringLiteral("failed"));
}

void TestStagedRolloutDialog::panelCancelDuringAStageAsksOnProduction()
{
    QTemporaryDir dir;
    auto session = unreachableSession(QStringLiteral("prod"), Criticality::Production);
    const StagedRollout plan
        = StagedRollout::restart(kApp, {QStringLiteral("AI-1")}, {1},
                                 protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1),
                                 false, 0, StagedRollout::Gates::Never);
    auto *runner = new StagedRolloutRunner(session.get(), plan,
                                           dir.filePath(QStringLiteral("r.json")), session.get());
    ui::RolloutPanel panel(runner, context(Criticality::Production));
    panel.show();
    runner->start();
    QCOMPARE(runner->state(), State::RunningStage);
    child<QPushButton>(&panel, QStringLiteral("cancelRolloutButton"))->click();
    // Cancelling an operation on PRODUCTION is ticked first; nothing happens before.
    auto *guard = child<QDialog>(&panel, QStringLiteral("guardDialog"));
    QVERIFY(guard);
    QCOMPARE(runner->state(), State::RunningStage);
    auto *ok = child<QPushButton>(guard, QStringLiteral("okButton"));
    QVERIFY(!ok->isEnabled());
    child<QCheckBox>(guard, QStringLiteral("confirmCheckBox"))->setChecked(true);
    QVERIFY(ok->isEnabled());
    ok->click();
    QCOMPARE(runner->state(), State::Cancelling);
    QTRY_COMPARE_WITH_TIMEOUT(runner->state(), State::Cancelled, 10000);
}

void TestStagedRolloutDialog::actionsOpenTheDialogAndRestoreSavedRollouts()
{
    // The two actions exist, with their own shortcuts, and follow Restart's and Scale's rules.
    ui::ApplicationActions actions;
    using Action = ui::ApplicationActions::Action;
    QAction *restart = actions.action(Action::RestartInStages);
    QAction *scale = actions.action(Action::ScaleInStages);
    QCOMPARE(restart->objectName(), QStringLiteral("actionRestartInStages"));
    QCOMPARE(scale->objectName(), QStringLiteral("actionScaleInStages"));
    actions.setApplication(kApp, protocol::ApplicationState::Monitoring);
    QVERIFY(!restart->isEnabled());
    QCOMPARE(actions.disabledReason(Action::RestartInStages),
             actions.disabledReason(Action::Restart));
    QVERIFY(scale->isEnabled());
    actions.setApplication(kApp, protocol::ApplicationState::Running);
    QVERIFY(restart->isEnabled());

    // The runner opens the staged dialog for them.
    QTemporaryDir dir;
    QWidget window;
    ui::OperationRunner runner(&window);
    runner.setRolloutBaseDirectory(dir.path());
    auto session = unreachableSession(QStringLiteral("stage blr"), Criticality::Development);
    runner.setSession(session.get());
    runner.run(Action::RestartInStages, kApp, {});
    auto *dialog = qobject_cast<StagedRolloutDialog *>(runner.lastDialog());
    QVERIFY(dialog);
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Restart TEST_APP-1 in stages"));
    dialog->close();
    runner.run(Action::ScaleInStages, kApp, {});
    QVERIFY(qobject_cast<StagedRolloutDialog *>(runner.lastDialog()));
    runner.lastDialog()->close();

    // A rollout saved for this cluster comes back when the session is set, with its panel.
    RolloutProgress saved;
    saved.clusterName = QStringLiteral("stage blr");
    saved.plan
        = StagedRollout::restart(kApp, {QStringLiteral("AI-1"), QStringLiteral("AI-2")}, {1, 1},
                                 protocol::ClusterOpSpec::make(protocol::Duration::minutes(5), 1),
                                 false, 60000, StagedRollout::Gates::AfterFirstStage);
    saved.state = State::WaitingForGo;
    saved.stage = 0;
    saved.nextStage = 1;
    saved.records = {models::RolloutStageRecord(), models::RolloutStageRecord()};
    saved.records[0].status = models::RolloutStageRecord::Status::Done;
    const QString folder
        = StagedRolloutRunner::defaultDirectory(QStringLiteral("stage blr"), dir.path());
    QVERIFY(folder.startsWith(dir.path()));
    QVERIFY(saved.save(StagedRolloutRunner::statePathFor(folder, kApp)));
    // A finished one stays history.
    RolloutProgress done = saved;
    done.plan.appId = QStringLiteral("OTHER-1");
    done.state = State::Completed;
    QVERIFY(done.save(StagedRolloutRunner::statePathFor(folder, QStringLiteral("OTHER-1"))));

    auto next = unreachableSession(QStringLiteral("stage blr"), Criticality::Development);
    runner.setSession(next.get());
    StagedRolloutRunner *restored = runner.activeRollout(kApp);
    QVERIFY(restored);
    QCOMPARE(restored->state(), State::Checking);
    QVERIFY(!runner.activeRollout(QStringLiteral("OTHER-1")));
    auto *panel = qobject_cast<ui::RolloutPanel *>(runner.lastDialog());
    QVERIFY(panel);
    QCOMPARE(panel->runner(), restored);
    // Asking for a staged restart of that app again shows the same rollout.
    runner.run(Action::RestartInStages, kApp, {});
    QCOMPARE(runner.lastDialog(), panel);
    runner.setSession(nullptr);
}

QTEST_MAIN(TestStagedRolloutDialog)
#include "tst_stagedrolloutdialog.moc"
