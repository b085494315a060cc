// Rehearse against a Drove this project did not write its controller for: FakeDrove (a second
// Drove written from the docs, tests/fakedrove) in the standard configurations. The rehearsal is
// built from what that controller says (executor details where it offers them, the specs, the
// instances), placed in an embedded core, and the fake sees nothing but reads.
#include "fakedrove.h"

#include "app/console/embeddedcluster.h"
#include "app/console/rehearsal.h"
#include "controller/controllercore.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/executorsmodel.h"
#include "models/rehearsalsnapshot.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QtTest>

using namespace drove;

Q_DECLARE_METATYPE(FakeDroveConfig)

namespace {
constexpr int kTimeoutMs = 20000;
const QString kWeb = QStringLiteral("web-1");
} // namespace

class TestFakeDroveRehearsal : public QObject
{
    Q_OBJECT

private slots:
    void rehearsalOfAnotherDrove_data();
    void rehearsalOfAnotherDrove();
};

void TestFakeDroveRehearsal::rehearsalOfAnotherDrove_data()
{
    QTest::addColumn<FakeDroveConfig>("config");
    for (const FakeDroveConfig &config : FakeDroveConfig::standard())
        if (!config.tls) // the private-CA case is tst_fakedrove's; nothing here depends on it
            QTest::newRow(qPrintable(config.name)) << config;
    FakeDroveConfig noDetails;
    noDetails.name = QStringLiteral("no executor details");
    noDetails.executorDetails = false;
    QTest::newRow("no executor details") << noDetails;
}

void TestFakeDroveRehearsal::rehearsalOfAnotherDrove()
{
    QFETCH(FakeDroveConfig, config);
    FakeDrove fake(config);
    fake.addExecutor(QStringLiteral("ex-1"), QStringLiteral("host-1"), 8, 4096);
    fake.addExecutor(QStringLiteral("ex-2"), QStringLiteral("host-2"), 8, 4096);
    fake.addApp(kWeb, 3);
    fake.addApp(QStringLiteral("api-1"), 2);
    QVERIFY(fake.start());

    QNetworkAccessManager network;
    client::ClusterProfile profile;
    profile.id = QStringLiteral("fake");
    profile.name = QStringLiteral("fake-drove");
    profile.endpoints = {fake.url()};
    profile.refreshIntervalMs = 1000;
    models::ClusterSession session(&network, profile, false, nullptr);
    QSignalSpy probed(&session, &models::ClusterSession::writeAccessKnown);
    client::ConnectionSettings settings;
    settings.endpoints = {fake.url()};
    settings.requestTimeoutMs = 5000;
    session.start(settings);
    QTRY_VERIFY_WITH_TIMEOUT(session.applications()->application(kWeb)
                                 && session.executors()->rowCount() == 2,
                             kTimeoutMs);
    // The session's own write-access probe (a POST the controller refuses before reading it) is
    // the connection's, not the rehearsal's: counted before the rehearsal starts.
    QTRY_VERIFY_WITH_TIMEOUT(!probed.isEmpty(), kTimeoutMs);
    const QString operations = QStringLiteral("/apis/v1/applications/operations");
    const int operationsBefore = fake.requestCount(operations);

    auto *builder = new models::RehearsalSnapshotBuilder(&session, {kWeb});
    builder->setTimeout(5000);
    QSignalSpy done(builder, &models::RehearsalSnapshotBuilder::finished);
    QSignalSpy failed(builder, &models::RehearsalSnapshotBuilder::failed);
    builder->start();
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty() || !failed.isEmpty(), kTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    const auto snapshot = done.constFirst().constFirst().value<models::RehearsalSnapshot>();
    QCOMPARE(snapshot.executors.size(), 2);
    QCOMPARE(snapshot.apps.size(), 1);
    QCOMPARE(snapshot.apps.constFirst().summary.requiredInstances, qint64(3));
    if (!config.executorDetails) {
        // Only totals: said, and the copy still has both executors with their size.
        QVERIFY2(snapshot.notes.join(QStringLiteral(" ")).contains(QLatin1String("NUMA layout")),
                 qPrintable(snapshot.notes.join(QStringLiteral("; "))));
        for (const auto &executor : snapshot.executors)
            QVERIFY(!executor.layoutKnown);
    } else {
        // Where the fake puts instances (all on its first executor), the copy is asked to put them.
        QCOMPARE(snapshot.apps.constFirst().placedOn,
                 (QStringList {QStringLiteral("host-1"), QStringLiteral("host-1"),
                               QStringLiteral("host-1")}));
    }

    console::RehearsalCluster rehearsal(snapshot);
    QString error;
    QVERIFY2(rehearsal.start(&error), qPrintable(error));
    QSignalSpy seeded(&rehearsal, &console::RehearsalCluster::seeded);
    QVERIFY(seeded.wait(kTimeoutMs) || rehearsal.isSeeded());
    qint64 healthy = 0;
    qint64 cores = 0;
    rehearsal.cluster()->runOnCore([&](controller::ControllerCore &core) {
        if (const auto app = core.appSummary(kWeb))
            healthy = app->healthyInstances;
        for (const auto &executor : core.executors())
            cores += executor.freeCores + executor.usedCores;
    });
    QCOMPARE(healthy, qint64(3));
    QCOMPARE(cores, qint64(16));
    // The fake's masked config shows up as a said difference, nothing else went wrong.
    for (const QString &problem : rehearsal.problems())
        QVERIFY2(problem.contains(QLatin1String("masked")), qPrintable(problem));

    // Reads only: no operation, maintenance or blacklist request reached the fake.
    QCOMPARE(fake.requestCount(operations), operationsBefore);
    QCOMPARE(fake.requestCount(QStringLiteral("/apis/v1/cluster/maintenance")), 0);
    QCOMPARE(fake.requestCount(QStringLiteral("/apis/v1/cluster/executors/blacklist")), 0);
    session.stop();
}

QTEST_MAIN(TestFakeDroveRehearsal)
#include "tst_fakedroverehearsal.moc"
