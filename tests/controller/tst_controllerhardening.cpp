// Issue 16 items 5 and 6: stored records that cannot be read are never deleted (the controller
// refuses to start and names them), and enormous operation timeouts saturate instead of
// overflowing into a deadline in the past.
#include "controllertestsupport.h"
#include "protocol/checkspec.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace drove::controller;
using namespace drove::controller::test;
using drove::protocol::ApplicationOperation;
using drove::protocol::ClusterOpSpec;
using drove::protocol::Duration;

namespace {

const QString AppId = QStringLiteral("TEST_APP-1");

/// Runs \a sql on the state database from a second connection; returns the first column of the
/// first row (for SELECT count(*)).
qint64 sql(const QString &stateDir, const QString &statement)
{
    const QString name = QUuid::createUuid().toString();
    qint64 result = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(stateDir + QStringLiteral("/controller.db"));
        if (!db.open())
            qFatal("cannot open the state database");
        QSqlQuery query(db);
        if (!query.exec(statement))
            qFatal("sql failed: %s", qPrintable(statement));
        if (query.next())
            result = query.value(0).toLongLong();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestControllerHardening : public QObject
{
    Q_OBJECT
private slots:
    // Item 5. Before: the app row was skipped at start and its instance rows deleted.
    void unreadableRowsAreNeverDeleted_data()
    {
        QTest::addColumn<QString>("corruption");
        QTest::addColumn<QString>("named");
        QTest::newRow("app row not JSON")
            << "UPDATE apps SET data = '{broken' WHERE id = 'TEST_APP-1'"
            << "apps row 'TEST_APP-1'";
        QTest::newRow("app spec does not decode")
            << "UPDATE apps SET data = '{\"appId\":\"TEST_APP-1\",\"spec\":{\"name\":1}}'"
               " WHERE id = 'TEST_APP-1'"
            << "apps row 'TEST_APP-1'";
        QTest::newRow("instance row not JSON")
            << "UPDATE instances SET data = 'garbage' WHERE seq = (SELECT min(seq) FROM instances)"
            << "instances row '";
        QTest::newRow("operation row not JSON")
            << "UPDATE operations SET data = '[]' WHERE seq = (SELECT min(seq) FROM operations)"
            << "operations row '";
    }

    void unreadableRowsAreNeverDeleted()
    {
        QFETCH(QString, corruption);
        QFETCH(QString, named);
        QTemporaryDir dir;
        ControllerConfig config;
        config.stateDir = dir.path();
        {
            Harness h(config);
            h.running(testSpec(), 2);
        }
        sql(dir.path(), corruption);
        const qint64 apps = sql(dir.path(), QStringLiteral("SELECT count(*) FROM apps"));
        const qint64 instances = sql(dir.path(), QStringLiteral("SELECT count(*) FROM instances"));
        const qint64 operations
            = sql(dir.path(), QStringLiteral("SELECT count(*) FROM operations"));
        QVERIFY(instances >= 2);
        {
            VirtualClock clock;
            ControllerCore core(config, &clock);
            QString error;
            QVERIFY(!core.start(&error));
            QVERIFY2(error.contains(named), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("nothing was changed")), qPrintable(error));
        }
        QCOMPARE(sql(dir.path(), QStringLiteral("SELECT count(*) FROM apps")), apps);
        QCOMPARE(sql(dir.path(), QStringLiteral("SELECT count(*) FROM instances")), instances);
        QCOMPARE(sql(dir.path(), QStringLiteral("SELECT count(*) FROM operations")), operations);
    }

    // Item 6. Before: acceptedAt + timeout overflowed (undefined behaviour) into a deadline in
    // the past and the operation timed out at once, starting nothing.
    void hugeTimeoutsSaturate_data()
    {
        QTest::addColumn<QString>("timeout");
        QTest::newRow("200000000000000000 days") << "200000000000000000 days";
        QTest::newRow("max milliseconds") << "9223372036854775807 milliseconds";
        QTest::newRow("max nanoseconds") << "9223372036854775807 nanoseconds";
        QTest::newRow("max seconds") << "9223372036854775807 seconds";
    }

    void hugeTimeoutsSaturate()
    {
        QFETCH(QString, timeout);
        const auto duration = Duration::parse(timeout);
        QVERIFY(duration);
        Harness h;
        h.create(testSpec());
        const auto result = h.core->submit(
            ApplicationOperation::scale(AppId, 2, ClusterOpSpec::make(*duration, 1)));
        QVERIFY(result.accepted);
        QVERIFY(h.settle(AppId));
        const auto record = h.core->operation(result.operationId);
        QVERIFY(record);
        QCOMPARE(record->outcome, OperationOutcome::Completed);
        QCOMPARE(h.core->appSummary(AppId)->healthyInstances, qint64(2));
    }

    // A check whose timeout and interval are both enormous: the per-attempt sum overflowed
    // (signed overflow) before the saturating multiply.
    void checkWorstCaseSaturates()
    {
        drove::protocol::CheckSpec check;
        check.timeout = Duration::parse(QStringLiteral("9223372036854775807 milliseconds"));
        check.interval = Duration::parse(QStringLiteral("200000000000000000 days"));
        check.attempts = 3;
        QCOMPARE(check.worstCaseMilliseconds(), std::numeric_limits<qint64>::max());
        check.timeout = Duration::parse(QStringLiteral("1 second"));
        check.interval = Duration::parse(QStringLiteral("2 seconds"));
        QCOMPARE(check.worstCaseMilliseconds(), qint64(9000));
    }

    void saturatingAdd_data()
    {
        QTest::addColumn<qint64>("a");
        QTest::addColumn<qint64>("b");
        QTest::addColumn<qint64>("sum");
        const qint64 max = std::numeric_limits<qint64>::max();
        const qint64 min = std::numeric_limits<qint64>::min();
        QTest::newRow("plain") << qint64(5) << qint64(7) << qint64(12);
        QTest::newRow("overflow") << qint64(1000) << max << max;
        QTest::newRow("max + max") << max << max << max;
        QTest::newRow("underflow") << qint64(-1000) << min << min;
        QTest::newRow("mixed") << max << min << qint64(-1);
    }

    void saturatingAdd()
    {
        QFETCH(qint64, a);
        QFETCH(qint64, b);
        QFETCH(qint64, sum);
        QCOMPARE(drove::controller::saturatingAdd(a, b), sum);
    }
};

QTEST_MAIN(TestControllerHardening)
#include "tst_controllerhardening.moc"
