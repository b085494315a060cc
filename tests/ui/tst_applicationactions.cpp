#include "ui/applicationactions.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace drove;
using protocol::ApplicationState;
using protocol::OperationType;
using ui::ApplicationActions;
using Action = ApplicationActions::Action;

Q_DECLARE_METATYPE(drove::protocol::ApplicationState)

class TestApplicationActions : public QObject
{
    Q_OBJECT

private slots:
    void enablingPerState_data();
    void enablingPerState();
    void everyStateIsCovered();
    void noApplicationSelected();
    void forbiddenDisablesEveryWriteAction();
    void disconnectedDisablesEverything();
    void trackedOperationDecidesCancel();
    void triggerCarriesTheApp();
    void shortcutsAreUnique();
    void rolloutKeepsItsWindowReachable();
};

namespace {

const QString kApp = QStringLiteral("APP-1");

// The expected enabled actions, written out from drove-api.md §4.2 and the project decisions
// (SUSPEND allowed from MONITORING, one operation at a time, cancel for every job-running op).
QString enabledNames(const ApplicationActions &actions)
{
    const QHash<Action, QString> names {{Action::Create, QStringLiteral("create")},
                                        {Action::Start, QStringLiteral("start")},
                                        {Action::Scale, QStringLiteral("scale")},
                                        {Action::ScaleInStages, QStringLiteral("scale-staged")},
                                        {Action::Suspend, QStringLiteral("suspend")},
                                        {Action::Restart, QStringLiteral("restart")},
                                        {Action::RestartInStages, QStringLiteral("restart-staged")},
                                        {Action::StopSelected, QStringLiteral("stop")},
                                        {Action::Destroy, QStringLiteral("destroy")},
                                        {Action::CancelOperation, QStringLiteral("cancel")}};
    QStringList enabled;
    for (const auto which : ApplicationActions::allActions()) {
        if (actions.action(which)->isEnabled())
            enabled << names.value(which);
    }
    return enabled.join(QLatin1Char(' '));
}

} // namespace

namespace {

struct Expected
{
    const char *tag;
    ApplicationState state;
    int selected;
    const char *enabled;
};

using S = ApplicationState;
const Expected kExpected[] = {
    {"INIT", S::Init, 0, "create"},
    {"MONITORING", S::Monitoring, 0, "create start scale scale-staged suspend destroy"},
    {"MONITORING with selection", S::Monitoring, 2,
     "create start scale scale-staged suspend destroy"},
    {"RUNNING", S::Running, 0, "create start scale scale-staged suspend restart restart-staged"},
    {"RUNNING with selection", S::Running, 2,
     "create start scale scale-staged suspend restart restart-staged stop"},
    {"OUTAGE_DETECTED", S::OutageDetected, 0, "create"},
    {"SCALING_REQUESTED", S::ScalingRequested, 1, "create cancel"},
    {"STOP_INSTANCES_REQUESTED", S::StopInstancesRequested, 1, "create cancel"},
    {"REPLACE_INSTANCES_REQUESTED", S::ReplaceInstancesRequested, 1, "create cancel"},
    {"DESTROY_REQUESTED", S::DestroyRequested, 0, "create"},
    {"DESTROYED", S::Destroyed, 0, "create"},
    {"FAILED", S::Failed, 0, "create"},
};

} // namespace

void TestApplicationActions::enablingPerState_data()
{
    QTest::addColumn<ApplicationState>("state");
    QTest::addColumn<int>("selected");
    QTest::addColumn<QString>("enabled");
    for (const auto &row : kExpected)
        QTest::newRow(row.tag) << row.state << row.selected << QString::fromLatin1(row.enabled);
}

void TestApplicationActions::enablingPerState()
{
    QFETCH(ApplicationState, state);
    QFETCH(int, selected);
    QFETCH(QString, enabled);

    ApplicationActions actions;
    actions.setApplication(kApp, state);
    actions.setSelectedInstanceCount(selected);
    QCOMPARE(enabledNames(actions), enabled);

    // Every disabled action says why, and the tooltip carries it.
    for (const auto which : ApplicationActions::allActions()) {
        QAction *action = actions.action(which);
        const QString reason = actions.disabledReason(which);
        QCOMPARE(reason.isEmpty(), action->isEnabled());
        if (!action->isEnabled())
            QVERIFY2(action->toolTip().contains(reason), qPrintable(action->toolTip()));
    }
}

void TestApplicationActions::everyStateIsCovered()
{
    // The table must name every state, so a new state cannot slip through untested.
    QSet<ApplicationState> covered;
    for (const auto &row : kExpected)
        covered.insert(row.state);
    for (const auto state : protocol::allApplicationStates())
        QVERIFY2(covered.contains(state), qPrintable(protocol::toString(state)));
}

void TestApplicationActions::noApplicationSelected()
{
    ApplicationActions actions;
    actions.setApplication(QString(), std::nullopt);
    QCOMPARE(enabledNames(actions), QStringLiteral("create"));
    QVERIFY(actions.disabledReason(Action::Scale).contains(QLatin1String("Select an application")));

    actions.setApplication(kApp, std::nullopt);
    QCOMPARE(actions.disabledReason(Action::Scale),
             QStringLiteral("No state found for app: APP-1"));
}

void TestApplicationActions::forbiddenDisablesEveryWriteAction()
{
    ApplicationActions actions;
    actions.setApplication(kApp, ApplicationState::Running);
    actions.setSelectedInstanceCount(1);
    const QString reason
        = QStringLiteral("The controller refused: your role cannot operate (403).");
    actions.setForbidden(reason);
    QCOMPARE(enabledNames(actions), QString());
    QCOMPARE(actions.disabledReason(Action::Create), reason);
    QVERIFY(actions.action(Action::Scale)->toolTip().contains(reason));
    actions.clearForbidden();
    QCOMPARE(enabledNames(actions),
             QStringLiteral("create start scale scale-staged suspend restart restart-staged stop"));
}

void TestApplicationActions::disconnectedDisablesEverything()
{
    ApplicationActions actions;
    actions.setApplication(kApp, ApplicationState::Running);
    actions.setConnected(false);
    QCOMPARE(enabledNames(actions), QString());
}

void TestApplicationActions::trackedOperationDecidesCancel()
{
    ApplicationActions actions;
    actions.setApplication(kApp, ApplicationState::DestroyRequested);
    QVERIFY(actions.disabledReason(Action::CancelOperation).contains(QLatin1String("DESTROY")));
    actions.setApplication(kApp, ApplicationState::ScalingRequested);
    actions.setActiveOperation(OperationType::Suspend);
    QVERIFY(actions.action(Action::CancelOperation)->isEnabled());
    // The busy message names the running operation.
    QVERIFY2(actions.disabledReason(Action::Scale).contains(QLatin1String("SUSPEND")),
             qPrintable(actions.disabledReason(Action::Scale)));
    // A state reached after recovery with no tracked op: RECOVER is not cancellable.
    actions.setApplication(QStringLiteral("OTHER-1"), ApplicationState::OutageDetected);
    QVERIFY(!actions.action(Action::CancelOperation)->isEnabled());
}

void TestApplicationActions::triggerCarriesTheApp()
{
    ApplicationActions actions;
    actions.setApplication(kApp, ApplicationState::Running);
    QSignalSpy spy(&actions, &ApplicationActions::actionTriggered);
    actions.action(Action::Scale)->trigger();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<Action>(), Action::Scale);
    QCOMPARE(spy.at(0).at(1).toString(), kApp);
    // A disabled action does not fire.
    actions.action(Action::Destroy)->trigger();
    QCOMPARE(spy.count(), 1);
}

void TestApplicationActions::rolloutKeepsItsWindowReachable()
{
    ApplicationActions actions;
    // A stage keeps the app busy: without a rollout the staged actions wait like any other.
    actions.setApplication(kApp, ApplicationState::ReplaceInstancesRequested);
    actions.setActiveOperation(OperationType::ReplaceInstances);
    QVERIFY(!actions.action(Action::RestartInStages)->isEnabled());
    // With this console's rollout on the app they show its window, mid-stage too.
    actions.setRolloutActive(true);
    QVERIFY(actions.action(Action::RestartInStages)->isEnabled());
    QVERIFY(actions.action(Action::ScaleInStages)->isEnabled());
    QVERIFY(actions.action(Action::RestartInStages)->toolTip().contains(QLatin1String("Show")));
    // Nothing else is unlocked by it.
    QVERIFY(!actions.action(Action::Restart)->isEnabled());
    QVERIFY(!actions.action(Action::Scale)->isEnabled());
    actions.setConnected(false);
    QVERIFY(!actions.action(Action::RestartInStages)->isEnabled());
}

void TestApplicationActions::shortcutsAreUnique()
{
    ApplicationActions actions;
    QSet<QString> seen;
    for (auto *action : actions.actions()) {
        QVERIFY(!action->shortcut().isEmpty());
        QVERIFY(!action->objectName().isEmpty());
        const QString key = action->shortcut().toString();
        QVERIFY2(!seen.contains(key), qPrintable(key));
        seen.insert(key);
    }
    QVERIFY(!seen.contains(QStringLiteral("F5")));
    QVERIFY(!seen.contains(QStringLiteral("Ctrl+F")));
}

QTEST_MAIN(TestApplicationActions)
#include "tst_applicationactions.moc"
