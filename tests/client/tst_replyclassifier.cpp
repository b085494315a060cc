// Every error kind from a finished reply, without a network, plus the one user-text function.
#include "client/replyclassifier.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace drove::client;

Q_DECLARE_METATYPE(drove::client::RawReply)

namespace {

RawReply http(int status, const QByteArray &body, const QByteArray &type = "application/json")
{
    RawReply reply;
    reply.httpStatus = status;
    reply.body = body;
    reply.contentType = type;
    reply.url = QUrl(QStringLiteral("http://ctl:10000/apis/v1/applications"));
    if (status >= 400)
        reply.networkError = status >= 500 ? QNetworkReply::InternalServerError
                                           : QNetworkReply::ProtocolInvalidOperationError;
    return reply;
}

RawReply network(QNetworkReply::NetworkError error)
{
    RawReply reply;
    reply.networkError = error;
    reply.errorString = QStringLiteral("Connection refused");
    reply.url = QUrl(QStringLiteral("http://ctl:10000/apis/v1/ping"));
    return reply;
}

} // namespace

class TestReplyClassifier : public QObject
{
    Q_OBJECT

private slots:
    void kinds_data();
    void kinds();
    void successData();
    void bareJsonAndRaw();
    void userText_data();
    void userText();
    void transience();
};

void TestReplyClassifier::kinds_data()
{
    QTest::addColumn<RawReply>("reply");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("validationErrors");

    using K = ApiError::Kind;
    QTest::newRow("connection refused") << network(QNetworkReply::ConnectionRefusedError)
                                        << int(K::CannotConnect) << "" << QStringList();
    QTest::newRow("host not found") << network(QNetworkReply::HostNotFoundError)
                                    << int(K::CannotConnect) << "" << QStringList();
    QTest::newRow("remote closed") << network(QNetworkReply::RemoteHostClosedError)
                                   << int(K::CannotConnect) << "" << QStringList();
    QTest::newRow("tls handshake")
        << network(QNetworkReply::SslHandshakeFailedError) << int(K::Tls) << "" << QStringList();
    QTest::newRow("connect timeout")
        << network(QNetworkReply::TimeoutError) << int(K::Timeout) << "" << QStringList();
    {
        RawReply timedOut = network(QNetworkReply::OperationCanceledError);
        timedOut.timedOut = true;
        QTest::newRow("transfer timeout") << timedOut << int(K::Timeout) << "" << QStringList();
        RawReply cancelled = network(QNetworkReply::OperationCanceledError);
        cancelled.cancelled = true;
        QTest::newRow("cancelled by us") << cancelled << int(K::Cancelled) << "" << QStringList();
    }
    QTest::newRow("401 plain text")
        << http(401, "Credentials are required to access this resource.", "text/plain")
        << int(K::Unauthorized) << "Credentials are required to access this resource."
        << QStringList();
    QTest::newRow("403 empty") << http(403, "") << int(K::Forbidden) << "" << QStringList();
    QTest::newRow("not leader") << http(
        400, R"({"status":"FAILED","message":"This node is not the leader controller"})")
                                << int(K::NotLeader) << "This node is not the leader controller"
                                << QStringList();
    QTest::newRow("FAILED with validationErrors") << http(
        400,
        R"({"status":"FAILED","data":{"validationErrors":["Parallelism must be between 1 and 32","App TEST_APP-1 is in SCALING_REQUESTED state"]},"message":"Command validation failure"})")
                                                  << int(K::DroveFailure)
                                                  << "Command validation failure"
                                                  << QStringList {
                                                         QStringLiteral("Parallelism must be "
                                                                        "between 1 and 32"),
                                                         QStringLiteral("App TEST_APP-1 is in "
                                                                        "SCALING_REQUESTED state")};
    QTest::newRow("cancel not possible")
        << http(400, R"({"status":"FAILED","message":"Current operation could not be cancelled"})")
        << int(K::DroveFailure) << "Current operation could not be cancelled" << QStringList();
    QTest::newRow("200 FAILED lookup")
        << http(200, R"({"status":"FAILED","message":"App X-1 not found"})") << int(K::DroveFailure)
        << "App X-1 not found" << QStringList();
    QTest::newRow("500 envelope") << http(
        500, R"({"status":"FAILED","data":{"failure":"NPE"},"message":"Unexpected Server error"})")
                                  << int(K::DroveFailure) << "Unexpected Server error"
                                  << QStringList();
    QTest::newRow("503 from gateway, html")
        << http(503, "<html><body>Service Unavailable</body></html>", "text/html")
        << int(K::HttpStatus) << "" << QStringList();
    QTest::newRow("404 plain") << http(404, "Not Found", "text/plain") << int(K::HttpStatus)
                               << "Not Found" << QStringList();
    QTest::newRow("bad JSON on 200")
        << http(200, "{\"status\":\"SUCC") << int(K::Decode) << "" << QStringList();
    QTest::newRow("empty 200") << http(200, "") << int(K::Decode) << "" << QStringList();
    QTest::newRow("array instead of envelope")
        << http(200, "[1,2]") << int(K::Decode) << "" << QStringList();
    // Other Drove versions and gateways: any status but SUCCESS is a refusal in their words.
    QTest::newRow("FAILURE status") << http(200, R"({"status":"FAILURE","message":"x"})")
                                    << int(K::DroveFailure) << "x" << QStringList();
    QTest::newRow("ERROR without message")
        << http(200, R"({"status":"ERROR"})") << int(K::DroveFailure) << "" << QStringList();
    QTest::newRow("object without status")
        << http(200, R"({"apps":[]})") << int(K::Decode) << "" << QStringList();
}

void TestReplyClassifier::kinds()
{
    QFETCH(RawReply, reply);
    QFETCH(int, kind);
    QFETCH(QString, message);
    QFETCH(QStringList, validationErrors);

    const Result<QJsonValue> result = ReplyClassifier::decode(reply, ApiRequest::Payload::Envelope);
    QVERIFY(!result.ok());
    QCOMPARE(ApiError::kindName(result.error().kind), ApiError::kindName(ApiError::Kind(kind)));
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().validationErrors, validationErrors);
    QCOMPARE(result.error().httpStatus, reply.httpStatus);
    QCOMPARE(result.error().url, reply.url);
    QVERIFY(!result.error().userText().isEmpty());
}

void TestReplyClassifier::successData()
{
    const auto ok = ReplyClassifier::decode(
        http(200, R"({"status":"SUCCESS","data":{"appId":"A-1"},"message":"success"})"),
        ApiRequest::Payload::Envelope);
    QVERIFY(ok.ok());
    QCOMPARE(ok.value().toObject().value(QLatin1String("appId")).toString(), QStringLiteral("A-1"));

    const auto noData = ReplyClassifier::decode(
        http(200, R"({"status":"SUCCESS","message":"success"})"), ApiRequest::Payload::Envelope);
    QVERIFY(noData.ok());
    QVERIFY(noData.value().isUndefined());

    QVERIFY(!ReplyClassifier::transportError(http(200, "garbage")).has_value());
    QVERIFY(ReplyClassifier::transportError(http(401, "")).has_value());
}

void TestReplyClassifier::bareJsonAndRaw()
{
    const auto files = ReplyClassifier::decode(http(200, R"({"files":["output.log"]})"),
                                               ApiRequest::Payload::BareJson);
    QVERIFY(files.ok());
    QCOMPARE(files.value().toObject().value(QLatin1String("files")).toArray().size(), 1);

    const auto raw = ReplyClassifier::decode(http(200, "line 1\nline 2\n", "text/plain"),
                                             ApiRequest::Payload::Raw);
    QVERIFY(raw.ok());
    QCOMPARE(raw.value().toString(), QStringLiteral("line 1\nline 2\n"));

    const auto badLogs
        = ReplyClassifier::decode(http(200, "<html>"), ApiRequest::Payload::BareJson);
    QVERIFY(!badLogs.ok());
    QCOMPARE(badLogs.error().kind, ApiError::Kind::Decode);
}

void TestReplyClassifier::userText_data()
{
    QTest::addColumn<RawReply>("reply");
    QTest::addColumn<QStringList>("mustContain");

    QTest::newRow("validation errors are listed") << http(
        400,
        R"({"status":"FAILED","data":{"validationErrors":["first problem","second problem"]},"message":"Command validation failure"})")
                                                  << QStringList {
                                                         QStringLiteral(
                                                             "Command validation failure"),
                                                         QStringLiteral("\u2022 first problem"),
                                                         QStringLiteral("\u2022 second problem")};
    QTest::newRow("controller message verbatim")
        << http(200, R"({"status":"FAILED","message":"App X-1 not found"})")
        << QStringList {QStringLiteral("App X-1 not found")};
    QTest::newRow("server failure detail") << http(
        500, R"({"status":"FAILED","data":{"failure":"boom"},"message":"Unexpected Server error"})")
                                           << QStringList {
                                                  QStringLiteral("Unexpected Server error"),
                                                  QStringLiteral("boom")};
    QTest::newRow("401 names credentials")
        << http(401, "", "text/plain")
        << QStringList {QStringLiteral("401"), QStringLiteral("credentials")};
    QTest::newRow("403 names the roles")
        << http(403, "") << QStringList {QStringLiteral("403"), QStringLiteral("maintenance role")};
    QTest::newRow("cannot connect names the host")
        << network(QNetworkReply::ConnectionRefusedError)
        << QStringList {QStringLiteral("ctl:10000"), QStringLiteral("Connection refused")};
    QTest::newRow("operation dropped before an answer says it may have been applied")
        << network(QNetworkReply::ContentReSendError)
        << QStringList {QStringLiteral("may or may not have been applied")};
    QTest::newRow("http status") << http(502, "Bad Gateway", "text/plain")
                                 << QStringList {QStringLiteral("502"),
                                                 QStringLiteral("Bad Gateway")};
}

void TestReplyClassifier::userText()
{
    QFETCH(RawReply, reply);
    QFETCH(QStringList, mustContain);
    const auto result = ReplyClassifier::decode(reply, ApiRequest::Payload::Envelope);
    QVERIFY(!result.ok());
    const QString text = result.error().userText();
    for (const QString &part : mustContain)
        QVERIFY2(text.contains(part), qPrintable(text));
}

void TestReplyClassifier::transience()
{
    using K = ApiError::Kind;
    QVERIFY(ApiError::make(K::CannotConnect).isTransient());
    QVERIFY(ApiError::make(K::Timeout).isTransient());
    QVERIFY(ApiError::make(K::NotLeader).isTransient());
    QVERIFY(ApiError::make(K::HttpStatus, {}, 503).isTransient());
    QVERIFY(!ApiError::make(K::HttpStatus, {}, 404).isTransient());
    QVERIFY(!ApiError::make(K::Unauthorized).isTransient());
    QVERIFY(!ApiError::make(K::DroveFailure).isTransient());
    QVERIFY(!ApiError::make(K::Decode).isTransient());
    QVERIFY(!ApiError::make(K::Tls).isTransient());
}

QTEST_GUILESS_MAIN(TestReplyClassifier)
#include "tst_replyclassifier.moc"
