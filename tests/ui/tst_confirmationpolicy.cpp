#include "ui/confirmationpolicy.h"

#include <QTest>

Q_DECLARE_METATYPE(drove::client::Criticality)
Q_DECLARE_METATYPE(drove::protocol::OperationType)
Q_DECLARE_METATYPE(drove::ui::Confirmation)

using namespace drove;
using client::Criticality;
using protocol::OperationType;
using ui::Confirmation;

class TestConfirmationPolicy : public QObject
{
    Q_OBJECT

private slots:
    void policy_data();
    void policy();
    void productionIsNeverWeakerThanLocal();
};

void TestConfirmationPolicy::policy_data()
{
    QTest::addColumn<OperationType>("type");
    QTest::addColumn<bool>("reduces");
    QTest::addColumn<Criticality>("criticality");
    QTest::addColumn<Confirmation>("expected");

    QTest::newRow("destroy local")
        << OperationType::Destroy << true << Criticality::Local << Confirmation::TypeAppId;
    QTest::newRow("destroy integration")
        << OperationType::Destroy << true << Criticality::Integration << Confirmation::TypeAppId;
    QTest::newRow("destroy production") << OperationType::Destroy << true << Criticality::Production
                                        << Confirmation::TypeAppIdAndAcknowledge;
    QTest::newRow("suspend local")
        << OperationType::Suspend << true << Criticality::Local << Confirmation::None;
    QTest::newRow("suspend development")
        << OperationType::Suspend << true << Criticality::Development << Confirmation::Acknowledge;
    QTest::newRow("suspend production")
        << OperationType::Suspend << true << Criticality::Production << Confirmation::TypeAppId;
    QTest::newRow("scale down production") << OperationType::ScaleInstances << true
                                           << Criticality::Production << Confirmation::TypeAppId;
    QTest::newRow("scale up production")
        << OperationType::ScaleInstances << false << Criticality::Production << Confirmation::None;
    QTest::newRow("kill production") << OperationType::StopInstances << true
                                     << Criticality::Production << Confirmation::TypeAppId;
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

QTEST_GUILESS_MAIN(TestConfirmationPolicy)
#include "tst_confirmationpolicy.moc"
