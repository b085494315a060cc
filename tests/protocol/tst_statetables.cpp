// State names and sets (drove-api.md §5), the allowed-operations table (§4.2 plus the project's
// SUSPEND-from-MONITORING change), wire/enum names and the cancellable set.
#include "protocol/applicationstate.h"
#include "protocol/clusterstate.h"
#include "protocol/droveevent.h"
#include "protocol/executorstate.h"
#include "protocol/instancestate.h"
#include "protocol/operationprogress.h"
#include "protocol/operationtype.h"
#include "protocol/operationvalidator.h"
#include "protocol/qtestprinters.h"

#include <QTest>

using namespace drove::protocol;

Q_DECLARE_METATYPE(drove::protocol::ApplicationState)
Q_DECLARE_METATYPE(drove::protocol::OperationType)
Q_DECLARE_METATYPE(drove::protocol::InstanceState)

class TestStateTables : public QObject
{
    Q_OBJECT

private slots:
    void applicationStateNames();
    void applicationStateSets();
    void instanceStateSets_data();
    void instanceStateSets();
    void enumValuesAreCaseInsensitive_data();
    void enumValuesAreCaseInsensitive();
    void operationNames_data();
    void operationNames();
    void allowedOperationsTable_data();
    void allowedOperationsTable();
    void allowedListIsSortedByEnumName();
    void cancellable_data();
    void cancellable();
    void operationOfState_data();
    void operationOfState();
    void rejectionMessages_data();
    void rejectionMessages();
    void busyMessageNamesTheWireType();
};

void TestStateTables::applicationStateNames()
{
    const QStringList expected {QStringLiteral("INIT"),
                                QStringLiteral("MONITORING"),
                                QStringLiteral("RUNNING"),
                                QStringLiteral("OUTAGE_DETECTED"),
                                QStringLiteral("SCALING_REQUESTED"),
                                QStringLiteral("STOP_INSTANCES_REQUESTED"),
                                QStringLiteral("REPLACE_INSTANCES_REQUESTED"),
                                QStringLiteral("DESTROY_REQUESTED"),
                                QStringLiteral("DESTROYED"),
                                QStringLiteral("FAILED")};
    QStringList actual;
    for (ApplicationState state : allApplicationStates()) {
        actual << toString(state);
        QCOMPARE(applicationStateFromString(toString(state)), state);
    }
    QCOMPARE(actual, expected);
    QCOMPARE(toString(ExecutorState::BlacklistRequested), QStringLiteral("BLACKLIST_REQUESTED"));
    QCOMPARE(toString(ClusterState::Maintenance), QStringLiteral("MAINTENANCE"));
    QCOMPARE(toString(DroveEventType::ExecutorUnBlacklisted),
             QStringLiteral("EXECUTOR_UN_BLACKLISTED"));
    // QCOMPARE prints the names (protocol/qtestprinters.h).
    const QScopedArrayPointer<char> printed(QTest::toString(ApplicationState::ScalingRequested));
    QCOMPARE(QByteArray(printed.data()), QByteArray("SCALING_REQUESTED"));
    const QScopedArrayPointer<char> op(QTest::toString(OperationType::ScaleInstances));
    QCOMPARE(QByteArray(op.data()), QByteArray("SCALE_INSTANCES"));
    QVERIFY(!applicationStateFromString(u"RUNNING_"));
    QVERIFY(!applicationStateFromString(u""));
}

void TestStateTables::applicationStateSets()
{
    const QList<ApplicationState> active {ApplicationState::Running,
                                          ApplicationState::OutageDetected,
                                          ApplicationState::ScalingRequested,
                                          ApplicationState::StopInstancesRequested,
                                          ApplicationState::ReplaceInstancesRequested,
                                          ApplicationState::DestroyRequested};
    QCOMPARE(activeAppStates(), active);
    QVERIFY(!isActiveAppState(ApplicationState::Monitoring));
    QVERIFY(!isActiveAppState(ApplicationState::Init));
    for (ApplicationState state : allApplicationStates()) {
        const bool terminal
            = state == ApplicationState::Destroyed || state == ApplicationState::Failed;
        QCOMPARE(isTerminal(state), terminal);
        QCOMPARE(isParked(state),
                 state == ApplicationState::Monitoring || state == ApplicationState::Running);
    }
}

void TestStateTables::instanceStateSets_data()
{
    QTest::addColumn<InstanceState>("state");
    QTest::addColumn<bool>("active");
    QTest::addColumn<bool>("running");
    QTest::addColumn<bool>("terminal");
    QTest::addColumn<bool>("error");

    QTest::newRow("PENDING") << InstanceState::Pending << true << false << false << false;
    QTest::newRow("PROVISIONING") << InstanceState::Provisioning << true << false << false << false;
    QTest::newRow("PROVISIONING_FAILED")
        << InstanceState::ProvisioningFailed << false << false << false << true;
    QTest::newRow("STARTING") << InstanceState::Starting << true << false << false << false;
    QTest::newRow("START_FAILED") << InstanceState::StartFailed << false << false << false << true;
    QTest::newRow("UNREADY") << InstanceState::Unready << true << true << false << false;
    QTest::newRow("READINESS_CHECK_FAILED")
        << InstanceState::ReadinessCheckFailed << false << false << false << true;
    QTest::newRow("READY") << InstanceState::Ready << true << true << false << false;
    QTest::newRow("HEALTHY") << InstanceState::Healthy << true << true << false << false;
    QTest::newRow("UNHEALTHY") << InstanceState::Unhealthy << true << false << false << false;
    QTest::newRow("DEPROVISIONING")
        << InstanceState::Deprovisioning << true << false << false << false;
    QTest::newRow("STOPPING") << InstanceState::Stopping << true << false << false << false;
    QTest::newRow("STOPPED") << InstanceState::Stopped << false << false << true << false;
    QTest::newRow("LOST") << InstanceState::Lost << false << false << true << false;
    QTest::newRow("UNKNOWN") << InstanceState::Unknown << false << false << false << false;
}

void TestStateTables::instanceStateSets()
{
    QFETCH(InstanceState, state);
    QFETCH(bool, active);
    QFETCH(bool, running);
    QFETCH(bool, terminal);
    QFETCH(bool, error);

    QCOMPARE(toString(state), QString::fromLatin1(QTest::currentDataTag()));
    QCOMPARE(isActive(state), active);
    QCOMPARE(isOld(state), !active);
    QCOMPARE(isRunning(state), running);
    QCOMPARE(isTerminal(state), terminal);
    QCOMPARE(isError(state), error);
    QCOMPARE(isHealthy(state), state == InstanceState::Healthy);
    QCOMPARE(activeInstanceStates().contains(state), active);
}

void TestStateTables::enumValuesAreCaseInsensitive_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("upper") << "SCALING_REQUESTED" << true;
    QTest::newRow("lower") << "scaling_requested" << true;
    QTest::newRow("mixed") << "Scaling_Requested" << true;
    QTest::newRow("spaces") << "SCALING REQUESTED" << false;
    QTest::newRow("prefix") << "SCALING" << false;
}

void TestStateTables::enumValuesAreCaseInsensitive()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto state = applicationStateFromString(text);
    QCOMPARE(state.has_value(), valid);
    if (valid)
        QCOMPARE(*state, ApplicationState::ScalingRequested);
}

void TestStateTables::operationNames_data()
{
    QTest::addColumn<OperationType>("type");
    QTest::addColumn<QString>("wire");
    QTest::addColumn<QString>("enumText");
    QTest::newRow("CREATE") << OperationType::Create << "CREATE"
                            << "CREATE";
    QTest::newRow("START_INSTANCES") << OperationType::StartInstances << "START_INSTANCES"
                                     << "START_INSTANCES";
    QTest::newRow("SCALE") << OperationType::ScaleInstances << "SCALE"
                           << "SCALE_INSTANCES";
    QTest::newRow("SUSPEND") << OperationType::Suspend << "SUSPEND"
                             << "SUSPEND";
    QTest::newRow("STOP_INSTANCES") << OperationType::StopInstances << "STOP_INSTANCES"
                                    << "STOP_INSTANCES";
    QTest::newRow("REPLACE_INSTANCES") << OperationType::ReplaceInstances << "REPLACE_INSTANCES"
                                       << "REPLACE_INSTANCES";
    QTest::newRow("DESTROY") << OperationType::Destroy << "DESTROY"
                             << "DESTROY";
    QTest::newRow("RECOVER") << OperationType::Recover << "RECOVER"
                             << "RECOVER";
}

void TestStateTables::operationNames()
{
    QFETCH(OperationType, type);
    QFETCH(QString, wire);
    QFETCH(QString, enumText);
    QCOMPARE(wireName(type), wire);
    QCOMPARE(enumName(type), enumText);
    QCOMPARE(operationTypeFromWireName(wire), type);
    QCOMPARE(operationTypeFromEnumName(enumText.toLower()), type);
    // Discriminators are case-sensitive.
    QVERIFY(!operationTypeFromWireName(wire.toLower()));
    if (wire != enumText)
        QVERIFY(!operationTypeFromWireName(enumText));
}

void TestStateTables::allowedOperationsTable_data()
{
    QTest::addColumn<ApplicationState>("state");
    QTest::addColumn<OperationType>("type");
    QTest::addColumn<bool>("allowed");

    // The full cross product; the expected table is written out here independently of the
    // implementation (drove-api.md §4.2 with SUSPEND also allowed from MONITORING).
    const QMap<ApplicationState, QList<OperationType>> table {
        {ApplicationState::Monitoring,
         {OperationType::StartInstances, OperationType::ScaleInstances, OperationType::Suspend,
          OperationType::Destroy, OperationType::Recover}},
        {ApplicationState::Running,
         {OperationType::StartInstances, OperationType::StopInstances,
          OperationType::ScaleInstances, OperationType::ReplaceInstances, OperationType::Suspend,
          OperationType::Recover}},
        {ApplicationState::ScalingRequested, {OperationType::ScaleInstances}},
    };
    for (ApplicationState state : allApplicationStates()) {
        for (OperationType type : allOperationTypes()) {
            const QByteArray tag = toString(state).toLatin1() + " x " + enumName(type).toLatin1();
            QTest::newRow(tag.constData()) << state << type << table.value(state).contains(type);
        }
    }
}

void TestStateTables::allowedOperationsTable()
{
    QFETCH(ApplicationState, state);
    QFETCH(OperationType, type);
    QFETCH(bool, allowed);
    QCOMPARE(isOperationAllowed(state, type), allowed);
    QCOMPARE(allowedOperations(state).contains(type), allowed);
    QCOMPARE(OperationValidator::checkState(QStringLiteral("APP-1"), state, type).isEmpty(),
             allowed);
}

void TestStateTables::allowedListIsSortedByEnumName()
{
    for (ApplicationState state : allApplicationStates()) {
        QStringList names;
        for (OperationType type : allowedOperations(state))
            names << enumName(type);
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(names, sorted);
    }
}

void TestStateTables::cancellable_data()
{
    QTest::addColumn<OperationType>("type");
    QTest::addColumn<bool>("cancellable");
    QTest::newRow("CREATE") << OperationType::Create << false;
    QTest::newRow("START_INSTANCES") << OperationType::StartInstances << true;
    QTest::newRow("SCALE") << OperationType::ScaleInstances << true;
    QTest::newRow("SUSPEND") << OperationType::Suspend << true;
    QTest::newRow("STOP_INSTANCES") << OperationType::StopInstances << true;
    QTest::newRow("REPLACE_INSTANCES") << OperationType::ReplaceInstances << true;
    QTest::newRow("DESTROY") << OperationType::Destroy << false;
    QTest::newRow("RECOVER") << OperationType::Recover << false;
}

void TestStateTables::cancellable()
{
    QFETCH(OperationType, type);
    QFETCH(bool, cancellable);
    QCOMPARE(isCancellable(type), cancellable);
}

void TestStateTables::operationOfState_data()
{
    // What the console infers an app is doing from its state alone: the tracker (operations
    // another client or the controller began) and the actions (what Cancel would cancel) share it.
    QTest::addColumn<ApplicationState>("state");
    QTest::addColumn<int>("expected"); // an OperationType, or -1 for none
    QTest::newRow("INIT") << ApplicationState::Init << int(OperationType::Create);
    QTest::newRow("MONITORING") << ApplicationState::Monitoring << -1;
    QTest::newRow("RUNNING") << ApplicationState::Running << -1;
    QTest::newRow("OUTAGE_DETECTED")
        << ApplicationState::OutageDetected << int(OperationType::Recover);
    QTest::newRow("SCALING_REQUESTED")
        << ApplicationState::ScalingRequested << int(OperationType::ScaleInstances);
    QTest::newRow("STOP_INSTANCES_REQUESTED")
        << ApplicationState::StopInstancesRequested << int(OperationType::StopInstances);
    QTest::newRow("REPLACE_INSTANCES_REQUESTED")
        << ApplicationState::ReplaceInstancesRequested << int(OperationType::ReplaceInstances);
    QTest::newRow("DESTROY_REQUESTED")
        << ApplicationState::DestroyRequested << int(OperationType::Destroy);
    QTest::newRow("DESTROYED") << ApplicationState::Destroyed << -1;
    QTest::newRow("FAILED") << ApplicationState::Failed << -1;
}

void TestStateTables::operationOfState()
{
    QFETCH(ApplicationState, state);
    QFETCH(int, expected);
    const auto type = drove::protocol::operationOfState(state);
    QCOMPARE(type ? int(*type) : -1, expected);
}

void TestStateTables::rejectionMessages_data()
{
    QTest::addColumn<ApplicationState>("state");
    QTest::addColumn<QString>("message");
    QTest::newRow("MONITORING")
        << ApplicationState::Monitoring
        << "Only [DESTROY, RECOVER, SCALE_INSTANCES, START_INSTANCES, SUSPEND] allowed for "
           "app TEST_APP-1 as it is in MONITORING state";
    QTest::newRow("RUNNING") << ApplicationState::Running
                             << "Only [RECOVER, REPLACE_INSTANCES, SCALE_INSTANCES, "
                                "START_INSTANCES, STOP_INSTANCES, SUSPEND] allowed for app "
                                "TEST_APP-1 as it is in RUNNING state";
    QTest::newRow("SCALING_REQUESTED")
        << ApplicationState::ScalingRequested
        << "Only [SCALE_INSTANCES] allowed for app TEST_APP-1 as it is in SCALING_REQUESTED "
           "state";
    QTest::newRow("STOP_INSTANCES_REQUESTED")
        << ApplicationState::StopInstancesRequested
        << "No operations allowed for TEST_APP-1 as it is in STOP_INSTANCES_REQUESTED state";
    QTest::newRow("OUTAGE_DETECTED")
        << ApplicationState::OutageDetected
        << "No operations allowed for TEST_APP-1 as it is in OUTAGE_DETECTED state";
    QTest::newRow("INIT") << ApplicationState::Init
                          << "No operations allowed for TEST_APP-1 as it is in INIT state";
}

void TestStateTables::rejectionMessages()
{
    QFETCH(ApplicationState, state);
    QFETCH(QString, message);
    QCOMPARE(OperationValidator::stateRejectionMessage(QStringLiteral("TEST_APP-1"), state),
             message);
}

void TestStateTables::busyMessageNamesTheWireType()
{
    QCOMPARE(OperationValidator::busyMessage(QStringLiteral("TEST_APP-1"),
                                             OperationType::ScaleInstances),
             QStringLiteral("Operation SCALE is already in progress for app TEST_APP-1; wait for "
                            "it to finish or cancel it"));
    QCOMPARE(OperationValidator::noStateMessage(QStringLiteral("X-1")),
             QStringLiteral("No state found for app: X-1"));
    QCOMPARE(OperationValidator::alreadyExistsMessage(QStringLiteral("X-1")),
             QStringLiteral("App X-1 already exists"));
    QCOMPARE(OperationValidator::cancelFailedMessage(),
             QStringLiteral("Current operation could not be cancelled"));
}

QTEST_APPLESS_MAIN(TestStateTables)
#include "tst_statetables.moc"
