// The one mapping from the core's typed rejections to Drove's HTTP answers
// (controller/http/rejectionreply.*): status, envelope and the default messages, per kind. A new
// kind is caught at compile time (-Wswitch in the mapping, which has no default) and needs a row.
#include "controller/http/rejectionreply.h"

#include <QJsonDocument>
#include <QTest>

using drove::controller::Rejection;
using namespace drove::controller::http;

Q_DECLARE_METATYPE(drove::controller::Rejection)

class TestRejections : public QObject
{
    Q_OBJECT
private slots:
    void mapping_data();
    void mapping();
};

void TestRejections::mapping_data()
{
    QTest::addColumn<Rejection>("rejection");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("errors");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    // drove-controller errorhandlers/ValidationErrorHandler.java: 400 with validationErrors.
    QTest::newRow("invalid command")
        << Rejection::InvalidCommand << QStringLiteral("Command validation failure")
        << QStringList {QStringLiteral("App TEST_APP-1 not found")} << 400
        << QByteArray(R"({"data":{"validationErrors":["App TEST_APP-1 not found"]},)"
                      R"("message":"Command validation failure","status":"FAILED"})");
    QTest::newRow("invalid command, default message")
        << Rejection::InvalidCommand << QString() << QStringList {QStringLiteral("x")} << 400
        << QByteArray(R"({"data":{"validationErrors":["x"]},)"
                      R"("message":"Command validation failure","status":"FAILED"})");
    // ApplicationResource cancel: 400 FAILED without data when nothing can be cancelled.
    QTest::newRow("not cancellable")
        << Rejection::NotCancellable << QString() << QStringList() << 400
        << QByteArray(
               R"({"message":"Current operation could not be cancelled","status":"FAILED"})");
    // errorhandlers/CatchAllErrorHandler.java:16-18: a write that throws.
    QTest::newRow("not stored") << Rejection::NotStored << QStringLiteral("disk full")
                                << QStringList() << 500
                                << QByteArray(R"({"data":{"failure":"disk full"},)"
                                              R"("message":"Unexpected Server error",)"
                                              R"("status":"FAILED"})");
    QTest::newRow("store unavailable")
        << Rejection::StoreUnavailable << QStringLiteral("the state store is read-only")
        << QStringList() << 503
        << QByteArray(R"({"message":"the state store is read-only","status":"FAILED"})");
    QTest::newRow("none") << Rejection::None << QString() << QStringList() << 200
                          << QByteArray(R"({"message":"success","status":"SUCCESS"})");
}

void TestRejections::mapping()
{
    QFETCH(Rejection, rejection);
    QFETCH(QString, message);
    QFETCH(QStringList, errors);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QCOMPARE(httpStatus(rejection), status);
    const HttpReply reply = rejectionReply(rejection, message, errors);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.contentType, QByteArray("application/json"));
    QCOMPARE(reply.body, body);
}

QTEST_APPLESS_MAIN(TestRejections)
#include "tst_rejections.moc"
