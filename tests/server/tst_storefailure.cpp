// Issue 16 item 1: a write that backs an acknowledgement must be stored before the 200. A failing
// SQLite write (injected with a trigger that raises the error SQLite reports for I/O failures, on
// a second connection to the same database) is answered 500, leaves memory as stored, and
// degrades the server: ping stays up, operations and cluster changes get 503 with the reason,
// until a write succeeds again.
#include "serverfixture.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>

using namespace drove::controller;

namespace {

const QString kSubmit = QStringLiteral("/apis/v1/applications/operations");
const QString kApp = QStringLiteral("TEST_APP-1");

/// A second connection to the controller's database that makes writes to one table fail.
class WriteFailure
{
public:
    WriteFailure(const QString &stateDir, const QString &table)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(stateDir + QStringLiteral("/controller.db"));
        QVERIFY(db.open());
        // The table under test, and the key-value table too, as on a full disk where every write
        // fails (the server's recovery probe writes there).
        QStringList tables {table};
        if (table != QLatin1String("kv"))
            tables.append(QStringLiteral("kv"));
        for (const QString &name : std::as_const(tables)) {
            for (const char *when : {"INSERT", "UPDATE"}) {
                QSqlQuery query(db);
                QVERIFY2(
                    query.exec(QStringLiteral("CREATE TRIGGER fail_%1_%2 BEFORE %2 ON %1 BEGIN "
                                              "SELECT RAISE(ABORT, 'disk I/O error (injected)'); "
                                              "END")
                                   .arg(name, QLatin1String(when))),
                    qPrintable(query.lastError().text()));
                m_triggers.append(QStringLiteral("fail_%1_%2").arg(name, QLatin1String(when)));
            }
        }
    }
    void heal()
    {
        QSqlDatabase db = QSqlDatabase::database(m_name);
        for (const QString &trigger : std::as_const(m_triggers))
            QSqlQuery(db).exec(QStringLiteral("DROP TRIGGER ") + trigger);
        m_triggers.clear();
    }
    ~WriteFailure()
    {
        heal();
        QSqlDatabase::database(m_name).close();
        QSqlDatabase::removeDatabase(m_name);
    }

private:
    QString m_name;
    QStringList m_triggers;
};

/// Captures log messages (the failure must be logged, with SQLite's error).
QStringList g_log;
void capture(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtCriticalMsg || type == QtWarningMsg)
        g_log.append(message);
}

bool logged(const QString &needle)
{
    for (const QString &line : std::as_const(g_log))
        if (line.contains(needle))
            return true;
    return false;
}

/// The SQLite error a 500 carries in data.failure.
QString failureOf(const HttpTestClient::Response &response)
{
    return response.data().toObject().value(QStringLiteral("failure")).toString();
}

QByteArray scaleBody(int count)
{
    return QStringLiteral("{\"type\":\"SCALE\",\"appId\":\"%1\",\"requiredInstances\":%2,"
                          "\"opSpec\":{\"timeout\":\"5m\",\"parallelism\":1,"
                          "\"failureStrategy\":\"STOP\"}}")
        .arg(kApp)
        .arg(count)
        .toUtf8();
}

} // namespace

class TestStoreFailure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        g_log.clear();
        qInstallMessageHandler(capture);
    }
    void cleanup() { qInstallMessageHandler(nullptr); }
    void failedWriteIsNeverAcknowledged_data();
    void failedWriteIsNeverAcknowledged();
    void clusterChangesAreStoredOrRefused();
    void fileDeletedUnderTheServer_data();
    void fileDeletedUnderTheServer();
};

void TestStoreFailure::failedWriteIsNeverAcknowledged_data()
{
    QTest::addColumn<bool>("create");
    QTest::addColumn<QString>("table");
    QTest::newRow("create, operation row fails") << true << "operations";
    QTest::newRow("create, app row fails") << true << "apps";
    QTest::newRow("scale, operation row fails") << false << "operations";
    QTest::newRow("scale, app row fails") << false << "apps";
}

void TestStoreFailure::failedWriteIsNeverAcknowledged()
{
    QFETCH(bool, create);
    QFETCH(QString, table);
    QTemporaryDir dir;
    ControllerConfig config;
    config.stateDir = dir.path();
    const QByteArray createBody
        = ServerFixture::readData(QStringLiteral("drove-reference/op-create.json"));
    QJsonObject before;
    {
        ServerFixture f(config);
        if (!create) {
            QCOMPARE(f.client->post(kSubmit, createBody).status, 200);
            QVERIFY(f.settle(kApp));
        }
        const auto summaryBefore = f.core->appSummary(kApp);
        const qsizetype operationsBefore = f.core->operations().size();

        WriteFailure failure(dir.path(), table);
        const auto refused = f.client->post(kSubmit, create ? createBody : scaleBody(3));
        QCOMPARE(refused.status, 500);
        QVERIFY(logged(QStringLiteral("StateStore: write failed, state is not being stored: "
                                      "disk I/O error (injected)")));
        QCOMPARE(refused.envelopeStatus(), QStringLiteral("FAILED"));
        QCOMPARE(refused.message(), QStringLiteral("Unexpected Server error"));
        QVERIFY2(failureOf(refused).contains(QStringLiteral("injected")), refused.body.constData());

        // Memory is what is stored: no app (create), or the app as it was (scale); no operation.
        QCOMPARE(f.core->operations().size(), operationsBefore);
        QVERIFY(!f.core->activeOperation(kApp));
        if (create) {
            QVERIFY(!f.core->appSummary(kApp));
        } else {
            QCOMPARE(f.core->appSummary(kApp)->requiredInstances, summaryBefore->requiredInstances);
            QCOMPARE(f.core->appSummary(kApp)->state, summaryBefore->state);
        }

        // Degraded: ping answers, operations are refused with the reason.
        QCOMPARE(f.client->get(QStringLiteral("/apis/v1/ping")).status, 200);
        const auto degraded = f.client->post(kSubmit, create ? createBody : scaleBody(3));
        QCOMPARE(degraded.status, 503);
        QVERIFY2(degraded.message().contains(QStringLiteral("could not store its state")),
                 degraded.body.constData());
        QVERIFY(degraded.message().contains(QStringLiteral("injected")));

        // A write that succeeds ends it.
        failure.heal();
        QCOMPARE(f.client->post(kSubmit, create ? createBody : scaleBody(1)).status, 200);
        QVERIFY(f.settle(kApp));
        QVERIFY(logged(QStringLiteral("accepts writes again")));
        before = f.core->appSummary(kApp)->toJson();
    }
    // What was acknowledged is what comes back.
    VirtualClock clock;
    ControllerCore core(config, &clock);
    QVERIFY(core.start());
    QVERIFY(core.appSummary(kApp));
    QCOMPARE(core.appSummary(kApp)->requiredInstances,
             before.value(QStringLiteral("requiredInstances")).toInteger());
}

void TestStoreFailure::clusterChangesAreStoredOrRefused()
{
    QTemporaryDir dir;
    ControllerConfig config;
    config.stateDir = dir.path();
    ServerFixture f(config);
    {
        WriteFailure failure(dir.path(), QStringLiteral("kv"));
        const auto refused = f.client->post(QStringLiteral("/apis/v1/cluster/maintenance/set"), {});
        QCOMPARE(refused.status, 500);
        QCOMPARE(f.core->clusterState().state, drove::protocol::ClusterState::Normal);
        const auto degraded
            = f.client->post(QStringLiteral("/apis/v1/cluster/maintenance/set"), {});
        QCOMPARE(degraded.status, 503);
        QCOMPARE(f.client->get(QStringLiteral("/apis/v1/ping")).status, 200);
    }
    QCOMPARE(f.client->post(QStringLiteral("/apis/v1/cluster/maintenance/set"), {}).status, 200);
    QCOMPARE(f.core->clusterState().state, drove::protocol::ClusterState::Maintenance);
}

void TestStoreFailure::fileDeletedUnderTheServer_data()
{
    QTest::addColumn<bool>("replace");
    QTest::newRow("deleted") << false;
    QTest::newRow("replaced by a copy") << true;
}

// SQLite keeps writing to its open descriptor when the file goes away: without a check, the
// SCALE below was answered 200 and stored in an unlinked inode that no restart can read.
void TestStoreFailure::fileDeletedUnderTheServer()
{
    QFETCH(bool, replace);
    QTemporaryDir dir;
    ControllerConfig config;
    config.stateDir = dir.path();
    ServerFixture f(config);
    QCOMPARE(f.client
                 ->post(kSubmit,
                        ServerFixture::readData(QStringLiteral("drove-reference/op-create.json")))
                 .status,
             200);
    QVERIFY(f.settle(kApp));
    const qint64 requiredBefore = f.core->appSummary(kApp)->requiredInstances;

    const QString path = dir.filePath(QStringLiteral("controller.db"));
    if (replace) {
        QVERIFY(QFile::copy(path, path + QStringLiteral(".copy")));
        QVERIFY(::rename(QFile::encodeName(path + QStringLiteral(".copy")).constData(),
                         QFile::encodeName(path).constData())
                == 0);
    } else {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
    }

    const auto refused = f.client->post(kSubmit, scaleBody(3));
    QCOMPARE(refused.status, 500);
    QCOMPARE(refused.envelopeStatus(), QStringLiteral("FAILED"));
    QVERIFY2(failureOf(refused).contains(QStringLiteral("deleted or replaced")),
             refused.body.constData());
    QVERIFY(logged(QStringLiteral("was deleted or replaced while the server ran")));
    QCOMPARE(f.core->appSummary(kApp)->requiredInstances, requiredBefore);
    QVERIFY(!f.core->activeOperation(kApp));

    QCOMPARE(f.client->get(QStringLiteral("/apis/v1/ping")).status, 200);
    const auto degraded = f.client->post(kSubmit, scaleBody(3));
    QCOMPARE(degraded.status, 503);
    QVERIFY2(degraded.message().contains(QStringLiteral("deleted or replaced")),
             degraded.body.constData());
}

QTEST_MAIN(TestStoreFailure)
#include "tst_storefailure.moc"
