#include "ui/confirmationpolicy.h"

#include <QTest>

Q_DECLARE_METATYPE(drove::client::Criticality)
Q_DECLARE_METATYPE(drove::protocol::OperationType)
Q_DECLARE_METATYPE(drove::ui::Confirmation)
Q_DECLARE_METATYPE(drove::ui::ClusterAction)

using namespace drove;
using client::Criticality;
using protocol::OperationType;
using ui::ClusterAction;
using ui::Confirmation;

class TestConfirmationPolicy : public QObject
{
    Q_OBJECT

private slots:
    void policy_data();
    void policy();
    void productionIsNeverWeakerThanLocal();
    void clusterActions_data();
    void clusterActions();
    void unknownIsGuardedLikeProduction();
    void guardAsksAtLeastATick_data();
    void guardAsksAtLeastATick();
};

void TestConfirmationPolicy::policy_data()
{
    QTest::addColumn<OperationType>("type");
    QTest::addColumn<bool>("reduces");
    QTest::addColumn<Criticality>("criticality");
    QTest::addColumn<Confirmation>("expected");

    QTest::newRow("destroy local")
        << OperationType::Destroy << true << Criticality::Local << Confirmation::TypeName;
    QTest::newRow("destroy integration")
        << OperationType::Destroy << true << Criticality::Integration << Confirmation::TypeName;
    QTest::newRow("destroy production") << OperationType::Destroy << true << Criticality::Production
                                        << Confirmation::TypeNameAndAcknowledge;
    QTest::newRow("suspend local")
        << OperationType::Suspend << true << Criticality::Local << Confirmation::None;
    QTest::newRow("suspend development")
        << OperationType::Suspend << true << Criticality::Development << Confirmation::Acknowledge;
    QTest::newRow("suspend production")
        << OperationType::Suspend << true << Criticality::Production << Confirmation::TypeName;
    QTest::newRow("scale down production") << OperationType::ScaleInstances << true
                                           << Criticality::Production << Confirmation::TypeName;
    QTest::newRow("scale up production")
        << OperationType::ScaleInstances << false << Criticality::Production << Confirmation::None;
    QTest::newRow("kill production") << OperationType::StopInstances << true
                                     << Criticality::Production << Confirmation::TypeName;
    QTest::newRow("start production")
        << OperationType::StartInstances << false << Criticality::Production << Confirmation::None;
}

void TestConfirmationPolicy::policy()
{
    QFETCH(OperationType, type);
    QFETCH(bool, reduces);
    QFETCH(Criticality, criticality);
    QFETCH(Confirmation, expected);
    QCOMPARE(ui::requiredConfirmation(type, reduces, criticality), expected);
}

void TestConfirmationPolicy::productionIsNeverWeakerThanLocal()
{
    for (const auto type : protocol::allOperationTypes()) {
        for (const bool reduces : {false, true}) {
            const auto local = ui::requiredConfirmation(type, reduces, Criticality::Local);
            const auto production
                = ui::requiredConfirmation(type, reduces, Criticality::Production);
            QVERIFY(int(production) >= int(local));
        }
    }
}

void TestConfirmationPolicy::clusterActions_data()
{
    // Every cluster action × every criticality: blacklisting and maintenance on production
    // ask for the target's name, never one click anywhere (issue: blacklisting moved every
    // instance of a production executor with one click).
    QTest::addColumn<ClusterAction>("action");
    QTest::addColumn<Criticality>("criticality");
    QTest::addColumn<Confirmation>("expected");
    const struct
    {
        const char *name;
        ClusterAction action;
        Confirmation local, development, integration, production;
    } rows[] = {
        {"blacklist", ClusterAction::Blacklist, Confirmation::Acknowledge,
         Confirmation::Acknowledge, Confirmation::Acknowledge, Confirmation::TypeName},
        {"maintenance on", ClusterAction::MaintenanceOn, Confirmation::Acknowledge,
         Confirmation::Acknowledge, Confirmation::Acknowledge, Confirmation::TypeName},
        {"maintenance off", ClusterAction::MaintenanceOff, Confirmation::Acknowledge,
         Confirmation::Acknowledge, Confirmation::Acknowledge, Confirmation::TypeName},
        {"unblacklist", ClusterAction::Unblacklist, Confirmation::None, Confirmation::Acknowledge,
         Confirmation::Acknowledge, Confirmation::Acknowledge},
        {"cancel", ClusterAction::CancelOperation, Confirmation::None, Confirmation::None,
         Confirmation::None, Confirmation::Acknowledge},
    };
    for (const auto &row : rows) {
        QTest::addRow("%s local", row.name) << row.action << Criticality::Local << row.local;
        QTest::addRow("%s development", row.name)
            << row.action << Criticality::Development << row.development;
        QTest::addRow("%s integration", row.name)
            << row.action << Criticality::Integration << row.integration;
        QTest::addRow("%s production", row.name)
            << row.action << Criticality::Production << row.production;
    }
}

void TestConfirmationPolicy::clusterActions()
{
    QFETCH(ClusterAction, action);
    QFETCH(Criticality, criticality);
    QFETCH(Confirmation, expected);
    QCOMPARE(ui::requiredConfirmation(action, criticality), expected);
}

void TestConfirmationPolicy::unknownIsGuardedLikeProduction()
{
    // An --endpoint run without --criticality: not known, so never treated as calmer than
    // PRODUCTION.
    for (const auto type : protocol::allOperationTypes())
        for (const bool reduces : {false, true})
            QCOMPARE(ui::requiredConfirmation(type, reduces, Criticality::Unknown),
                     ui::requiredConfirmation(type, reduces, Criticality::Production));
    for (const auto action :
         {ClusterAction::Blacklist, ClusterAction::Unblacklist, ClusterAction::MaintenanceOn,
          ClusterAction::MaintenanceOff, ClusterAction::CancelOperation})
        QCOMPARE(ui::requiredConfirmation(action, Criticality::Unknown),
                 ui::requiredConfirmation(action, Criticality::Production));
}

void TestConfirmationPolicy::guardAsksAtLeastATick_data()
{
    QTest::addColumn<Confirmation>("policy");
    QTest::addColumn<bool>("guard");
    QTest::addColumn<Confirmation>("expected");
    QTest::newRow("none, no guard") << Confirmation::None << false << Confirmation::None;
    QTest::newRow("none, guard") << Confirmation::None << true << Confirmation::Acknowledge;
    QTest::newRow("tick, guard") << Confirmation::Acknowledge << true << Confirmation::Acknowledge;
    QTest::newRow("type, guard") << Confirmation::TypeName << true << Confirmation::TypeName;
    QTest::newRow("type and tick, guard")
        << Confirmation::TypeNameAndAcknowledge << true << Confirmation::TypeNameAndAcknowledge;
}

void TestConfirmationPolicy::guardAsksAtLeastATick()
{
    QFETCH(Confirmation, policy);
    QFETCH(bool, guard);
    QFETCH(Confirmation, expected);
    QCOMPARE(ui::withGuard(policy, guard), expected);
}

QTEST_GUILESS_MAIN(TestConfirmationPolicy)
#include "tst_confirmationpolicy.moc"
