// Admission as a pure function of (operation, read-only view of the cluster): every refusal of
// drove-controller engine/ApplicationCommandValidator.java (validate(): app id, existence, then
// the per-operation checks) and the project's one-operation slot, from a table, with no core.
#include "controller/admission.h"
#include "controllertestsupport.h"

#include "protocol/operationvalidator.h"

#include <QHash>
#include <QtTest>

using namespace drove::controller;
using namespace drove::controller::test;
using drove::protocol::ApplicationOperation;
using drove::protocol::ApplicationState;
using drove::protocol::InstanceState;
using drove::protocol::OperationType;
using drove::protocol::OperationValidator;

namespace {

const QString AppId = QStringLiteral("TEST_APP-1");

/// A cluster described by a table; counts every question so tests can see what was asked.
struct TableView : ClusterView
{
    bool maintenance = false;
    QHash<QString, App> apps;
    QHash<QString, Instance> instances;
    qint64 starting = 0;
    QStringList resourceErrors;
    mutable QList<qint64> resourceQuestions;

    bool inMaintenanceWindow() const override { return maintenance; }
    std::optional<App> app(const QString &appId) const override
    {
        return apps.contains(appId) ? std::optional(apps.value(appId)) : std::nullopt;
    }
    std::optional<Instance> instance(const QString &instanceId) const override
    {
        return instances.contains(instanceId) ? std::optional(instances.value(instanceId))
                                              : std::nullopt;
    }
    qint64 startingOrHealthy(const QString &) const override { return starting; }
    QStringList resourceProblems(const QString &, qint64 count) const override
    {
        resourceQuestions.append(count);
        return resourceErrors;
    }
    QStringList specProblems(const drove::protocol::ApplicationSpec &) const override { return {}; }
};

} // namespace

Q_DECLARE_METATYPE(ApplicationOperation)

class TestAdmission : public QObject
{
    Q_OBJECT
private slots:
    void decisions_data();
    void decisions();
    void maintenanceAndInternal();
};

void TestAdmission::decisions_data()
{
    QTest::addColumn<ApplicationOperation>("operation");
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QStringList>("errors");
    QTest::addColumn<QList<qint64>>("resourceQuestions");
    const auto running = QStringLiteral("running");
    QTest::newRow("unknown app") << ApplicationOperation::scale(AppId, 2, opSpec())
                                 << QStringLiteral("none")
                                 << QStringList {OperationValidator::noStateMessage(AppId)}
                                 << QList<qint64>();
    QTest::newRow("create over an existing app")
        << ApplicationOperation::create(testSpec(), 0, opSpec()) << running
        << QStringList {OperationValidator::alreadyExistsMessage(AppId)} << QList<qint64>();
    QTest::newRow("create") << ApplicationOperation::create(testSpec(), 0, opSpec())
                            << QStringLiteral("none") << QStringList() << QList<qint64>();
    QTest::newRow("busy app") << ApplicationOperation::scale(AppId, 2, opSpec())
                              << QStringLiteral("busy")
                              << QStringList {OperationValidator::busyMessage(
                                     AppId, OperationType::ReplaceInstances)}
                              << QList<qint64>();
    QTest::newRow("state table")
        << ApplicationOperation::replaceInstances(AppId, {}, false, opSpec())
        << QStringLiteral("monitoring")
        << QStringList {OperationValidator::checkState(AppId, ApplicationState::Monitoring,
                                                       OperationType::ReplaceInstances)}
        << QList<qint64>();
    QTest::newRow("scale within what is starting asks nothing")
        << ApplicationOperation::scale(AppId, 3, opSpec()) << running << QStringList()
        << QList<qint64>();
    QTest::newRow("scale beyond asks for the difference")
        << ApplicationOperation::scale(AppId, 7, opSpec()) << running << QStringList()
        << QList<qint64> {4};
    QTest::newRow("scale without room")
        << ApplicationOperation::scale(AppId, 7, opSpec()) << QStringLiteral("full")
        << QStringList {QStringLiteral("no room")} << QList<qint64> {4};
    QTest::newRow("start instances asks for all")
        << ApplicationOperation::startInstances(AppId, 2, opSpec()) << running << QStringList()
        << QList<qint64> {2};
    QTest::newRow("stop: unknown, other app's, stale")
        << ApplicationOperation::stopInstances(AppId,
                                               {QStringLiteral("AI-1"), QStringLiteral("AI-x"),
                                                QStringLiteral("AI-o"), QStringLiteral("AI-s")},
                                               false, opSpec())
        << running
        << QStringList {QStringLiteral("App TEST_APP-1 does not have any instances with the "
                                       "following ids: AI-x,AI-o,AI-s")}
        << QList<qint64>();
    QTest::newRow("replace: only HEALTHY ones")
        << ApplicationOperation::replaceInstances(
               AppId, {QStringLiteral("AI-1"), QStringLiteral("AI-2")}, false, opSpec())
        << running
        << QStringList {QStringLiteral(
               "There are no replaceable healthy instances with ids: [AI-2]")}
        << QList<qint64>();
}

void TestAdmission::decisions()
{
    QFETCH(ApplicationOperation, operation);
    QFETCH(QString, setup);
    QFETCH(QStringList, errors);
    QFETCH(QList<qint64>, resourceQuestions);
    TableView view;
    view.starting = 3;
    if (setup != QLatin1String("none")) {
        ClusterView::App app;
        app.state = setup == QLatin1String("monitoring") ? ApplicationState::Monitoring
                                                         : ApplicationState::Running;
        if (setup == QLatin1String("busy"))
            app.busyWith = OperationType::ReplaceInstances;
        view.apps.insert(AppId, app);
    }
    if (setup == QLatin1String("full"))
        view.resourceErrors = {QStringLiteral("no room")};
    view.instances.insert(QStringLiteral("AI-1"), {AppId, InstanceState::Healthy, false});
    view.instances.insert(QStringLiteral("AI-2"), {AppId, InstanceState::Starting, false});
    view.instances.insert(QStringLiteral("AI-o"),
                          {QStringLiteral("OTHER-1"), InstanceState::Healthy, false});
    view.instances.insert(QStringLiteral("AI-s"), {AppId, InstanceState::Healthy, true});

    QVERIFY(Admission::admitRequest(operation, false, view).accepted());
    const AdmissionDecision decision = Admission::admit(operation, view);
    QCOMPARE(decision.accepted(), errors.isEmpty());
    QCOMPARE(decision.rejection, errors.isEmpty() ? Rejection::None : Rejection::InvalidCommand);
    QCOMPARE(decision.errors, errors);
    QCOMPARE(view.resourceQuestions, resourceQuestions);
}

void TestAdmission::maintenanceAndInternal()
{
    TableView view;
    view.maintenance = true;
    const auto scale = ApplicationOperation::scale(AppId, 2, opSpec());
    const AdmissionDecision refused = Admission::admitRequest(scale, false, view);
    QCOMPARE(refused.rejection, Rejection::InvalidCommand);
    QCOMPARE(refused.errors, QStringList {OperationValidator::maintenanceMessage()});
    // The controller's own operations (recovery) are not refused by the window or bean rules.
    QVERIFY(Admission::admitRequest(ApplicationOperation::recover(AppId), true, view).accepted());
    // Bean validation first: a bad op spec is named before the window.
    const auto bad = ApplicationOperation::scale(AppId, 2, opSpec(0));
    const AdmissionDecision bean = Admission::admitRequest(bad, false, view);
    QCOMPARE(bean.rejection, Rejection::InvalidCommand);
    QVERIFY(!bean.errors.contains(OperationValidator::maintenanceMessage()));
    // validate/spec: the spec's bean rules, then the window, then the semantic checks.
    QCOMPARE(Admission::admitSpec(testSpec(), view).errors,
             QStringList {OperationValidator::maintenanceMessage()});
    auto nameless = testSpec();
    nameless.name.clear();
    const AdmissionDecision specBean = Admission::admitSpec(nameless, view);
    QCOMPARE(specBean.rejection, Rejection::InvalidCommand);
    QVERIFY(!specBean.errors.contains(OperationValidator::maintenanceMessage()));
    view.maintenance = false;
    QVERIFY(Admission::admitSpec(testSpec(), view).accepted());
}

QTEST_APPLESS_MAIN(TestAdmission)
#include "tst_admission.moc"
