// Jackson-stage decoding: typed errors naming the field for bad input (wrong JSON types, huge
// numbers, deep nesting, invalid UTF-8), case-insensitive enum values vs case-sensitive `type`
// discriminators, null handling and the envelope rules.
#include "protocol/apiresponse.h"
#include "protocol/applicationoperation.h"
#include "protocol/executornodedata.h"
#include "protocol/instanceinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace drove::protocol;

namespace {

const char *const kScale = R"({"type":"SCALE","appId":"TEST_APP-1","requiredInstances":2,
    "opSpec":{"timeout":"1m","parallelism":20,"failureStrategy":"STOP"}})";

QByteArray minimalCreate(const QByteArray &specExtra = QByteArray(),
                         const QByteArray &placement = R"({"type":"ANY"})")
{
    return R"({"type":"CREATE","opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"},
        "spec":{"name":"A","version":"1","type":"SERVICE",
        "executable":{"type":"DOCKER","url":"x","dockerPullTimeout":"100 seconds"},
        "exposedPorts":[{"name":"main","port":8000,"type":"HTTP"}],
        "resources":[{"type":"CPU","count":1},{"type":"MEMORY","sizeInMB":128}],
        "placementPolicy":)"
        + placement + R"(,
        "healthcheck":{"mode":{"type":"HTTP","protocol":"HTTP","portName":"main","path":"/",
            "verb":"GET","successCodes":[200]},"timeout":"1 second","interval":"5 seconds",
            "attempts":3},
        "readiness":{"mode":{"type":"CMD","command":"true"},"timeout":"1 second",
            "interval":"3 seconds","attempts":3})"
        + specExtra + "}}";
}

// Replace the value at a dotted path in the SCALE op ("opSpec.timeout").
QByteArray scaleWith(const QString &path, const QJsonValue &value)
{
    QJsonObject root = QJsonDocument::fromJson(kScale).object();
    const QStringList parts = path.split(QLatin1Char('.'));
    if (parts.size() == 1) {
        root.insert(parts[0], value);
    } else {
        QJsonObject child = root.value(parts[0]).toObject();
        child.insert(parts[1], value);
        root.insert(parts[0], child);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

std::optional<ApplicationOperation> decodeOp(const QByteArray &bytes, ParseError *error)
{
    const auto document = parseDocument(bytes, error);
    if (!document)
        return std::nullopt;
    return ApplicationOperation::fromJson(document->object(), error);
}

} // namespace

class TestDecoding : public QObject
{
    Q_OBJECT

private slots:
    void scaleDecodes();
    void badOperationValues_data();
    void badOperationValues();
    void acceptedOperationValues_data();
    void acceptedOperationValues();
    void badSpecValues_data();
    void badSpecValues();
    void specEnumsAreCaseInsensitive();
    void deepCompositeNesting();
    void parseDocumentErrors_data();
    void parseDocumentErrors();
    void nonObjectRoot();
    void envelopeRules();
    void envelopeDecoding_data();
    void envelopeDecoding();
    void instanceAlwaysWritesErrorAndMetadata();
    void executorLegacyBlacklisted();
    void opToJsonShapes();
};

void TestDecoding::scaleDecodes()
{
    ParseError error;
    const auto op = decodeOp(kScale, &error);
    QVERIFY2(op, qPrintable(error.toString()));
    QCOMPARE(op->type, OperationType::ScaleInstances);
    QCOMPARE(op->appId, QStringLiteral("TEST_APP-1"));
    QCOMPARE(op->requiredInstances, qint64(2));
    QVERIFY(op->opSpec);
    QCOMPARE(op->opSpec->timeout, Duration::minutes(1));
    QCOMPARE(op->opSpec->parallelism, qint64(20));
    QCOMPARE(op->opSpec->failureStrategy, FailureStrategy::Stop);
    QCOMPARE(op->appIdOrDerived(), QStringLiteral("TEST_APP-1"));
    QCOMPARE(*op,
             ApplicationOperation::scale(QStringLiteral("TEST_APP-1"), 2,
                                         ClusterOpSpec::make(Duration::minutes(1), 20)));
}

void TestDecoding::badOperationValues_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("type SCALE_INSTANCES")
        << scaleWith(QStringLiteral("type"), QStringLiteral("SCALE_INSTANCES")) << "type"
        << "Could not resolve type id 'SCALE_INSTANCES' as a subtype of";
    QTest::newRow("type lowercase scale")
        << scaleWith(QStringLiteral("type"), QStringLiteral("scale")) << "type"
        << "Could not resolve type id 'scale'";
    QTest::newRow("type missing") << QByteArray(R"({"appId":"A-1"})") << "type"
                                  << "missing type id property 'type'";
    QTest::newRow("type null") << scaleWith(QStringLiteral("type"), QJsonValue()) << "type"
                               << "missing type id property";
    QTest::newRow("type number") << scaleWith(QStringLiteral("type"), 5) << "type"
                                 << "expected a string, got a number";
    QTest::newRow("appId number") << scaleWith(QStringLiteral("appId"), 5) << "appId"
                                  << "expected a string, got a number";
    QTest::newRow("appId object") << scaleWith(QStringLiteral("appId"), QJsonObject()) << "appId"
                                  << "expected a string, got an object";
    QTest::newRow("requiredInstances string")
        << scaleWith(QStringLiteral("requiredInstances"), QStringLiteral("5"))
        << "requiredInstances"
        << "expected an integer, got a string";
    QTest::newRow("requiredInstances fractional")
        << scaleWith(QStringLiteral("requiredInstances"), 1.5) << "requiredInstances"
        << "expected an integer, got 1.5";
    QTest::newRow("requiredInstances 1e300")
        << scaleWith(QStringLiteral("requiredInstances"), 1e300) << "requiredInstances"
        << "out of range of long";
    QTest::newRow("requiredInstances beyond int64")
        << QByteArray(R"({"type":"SCALE","appId":"A","requiredInstances":9223372036854775808})")
        << "requiredInstances"
        << "out of range of long";
    QTest::newRow("requiredInstances bool")
        << scaleWith(QStringLiteral("requiredInstances"), true) << "requiredInstances"
        << "got a boolean";
    QTest::newRow("opSpec array") << scaleWith(QStringLiteral("opSpec"), QJsonArray()) << "opSpec"
                                  << "expected an object, got an array";
    QTest::newRow("opSpec.timeout number")
        << scaleWith(QStringLiteral("opSpec.timeout"), 300) << "opSpec.timeout"
        << "expected a duration string";
    QTest::newRow("opSpec.timeout bad unit")
        << scaleWith(QStringLiteral("opSpec.timeout"), QStringLiteral("5 fortnights"))
        << "opSpec.timeout"
        << "Invalid duration: 5 fortnights. Wrong time unit";
    QTest::newRow("opSpec.timeout fractional")
        << scaleWith(QStringLiteral("opSpec.timeout"), QStringLiteral("1.5m")) << "opSpec.timeout"
        << "Invalid duration: 1.5m";
    QTest::newRow("opSpec.parallelism beyond int")
        << scaleWith(QStringLiteral("opSpec.parallelism"), 3000000000.0) << "opSpec.parallelism"
        << "out of range of int";
    QTest::newRow("opSpec.parallelism string")
        << scaleWith(QStringLiteral("opSpec.parallelism"), QStringLiteral("4"))
        << "opSpec.parallelism"
        << "expected an integer";
    QTest::newRow("opSpec.failureStrategy unknown")
        << scaleWith(QStringLiteral("opSpec.failureStrategy"), QStringLiteral("ABORT"))
        << "opSpec.failureStrategy"
        << "not one of the values accepted for Enum class: [STOP, ROLLBACK]";
    QTest::newRow("opSpec.failureStrategy number")
        << scaleWith(QStringLiteral("opSpec.failureStrategy"), 1) << "opSpec.failureStrategy"
        << "expected a string";
    QTest::newRow("instanceIds wrong item")
        << QByteArray(R"({"type":"STOP_INSTANCES","appId":"A","instanceIds":["AI-1",2]})")
        << "instanceIds[1]"
        << "expected a string, got a number";
    QTest::newRow("instanceIds not array")
        << QByteArray(R"({"type":"STOP_INSTANCES","appId":"A","instanceIds":"AI-1"})")
        << "instanceIds"
        << "expected an array, got a string";
    QTest::newRow("skipRespawn string")
        << QByteArray(R"({"type":"STOP_INSTANCES","appId":"A","skipRespawn":"yes"})")
        << "skipRespawn"
        << "expected a boolean";
    QTest::newRow("spec not object") << QByteArray(R"({"type":"CREATE","spec":[]})") << "spec"
                                     << "expected an object, got an array";
}

void TestDecoding::badOperationValues()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QFETCH(QString, messagePart);

    ParseError error;
    QVERIFY(!decodeOp(body, &error));
    QCOMPARE(error.kind, ParseError::Kind::Json);
    QCOMPARE(error.field, field);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    // The envelope a server would send.
    const ApiResponse response = ApiResponse::jsonFailure(error);
    QCOMPARE(response.message, QStringLiteral("JSON validation failure"));
    QCOMPARE(response.validationErrors(), QStringList {error.toString()});
}

void TestDecoding::acceptedOperationValues_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("check");

    QTest::newRow("failureStrategy lowercase")
        << scaleWith(QStringLiteral("opSpec.failureStrategy"), QStringLiteral("stop"))
        << "strategy-stop";
    QTest::newRow("failureStrategy rollback decodes (validator rejects)")
        << scaleWith(QStringLiteral("opSpec.failureStrategy"), QStringLiteral("rollback"))
        << "strategy-rollback";
    QTest::newRow("integral double coerced")
        << scaleWith(QStringLiteral("requiredInstances"), 2.0) << "required-2";
    QTest::newRow("negative count decodes (validator rejects)")
        << scaleWith(QStringLiteral("requiredInstances"), -1) << "required--1";
    QTest::newRow("unknown fields ignored")
        << scaleWith(QStringLiteral("whatever"), QJsonObject {{QStringLiteral("x"), 1}})
        << "required-2";
    QTest::newRow("opSpec null is missing")
        << scaleWith(QStringLiteral("opSpec"), QJsonValue()) << "no-opspec";
    QTest::newRow("parallelism missing is 0")
        << QByteArray(R"({"type":"SCALE","appId":"A","opSpec":{"timeout":"5m"}})")
        << "parallelism-0";
    QTest::newRow("int64 max") << QByteArray(
        R"({"type":"SCALE","appId":"A","requiredInstances":9223372036854775807})")
                               << "required-max";
}

void TestDecoding::acceptedOperationValues()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, check);

    ParseError error;
    const auto op = decodeOp(body, &error);
    QVERIFY2(op, qPrintable(error.toString()));
    if (check == QLatin1String("strategy-stop"))
        QCOMPARE(op->opSpec->failureStrategy, FailureStrategy::Stop);
    else if (check == QLatin1String("strategy-rollback"))
        QCOMPARE(op->opSpec->failureStrategy, FailureStrategy::Rollback);
    else if (check == QLatin1String("required-2"))
        QCOMPARE(op->requiredInstances, qint64(2));
    else if (check == QLatin1String("required--1"))
        QCOMPARE(op->requiredInstances, qint64(-1));
    else if (check == QLatin1String("no-opspec"))
        QVERIFY(!op->opSpec);
    else if (check == QLatin1String("parallelism-0")) {
        QCOMPARE(op->opSpec->parallelism, qint64(0));
        QVERIFY(!op->opSpec->failureStrategy);
    } else if (check == QLatin1String("required-max"))
        QCOMPARE(op->requiredInstances, std::numeric_limits<qint64>::max());
    else
        QFAIL("unknown check");
}

void TestDecoding::badSpecValues_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("messagePart");

    QByteArray portAsString = minimalCreate();
    portAsString.replace(R"("port":8000)", R"("port":"8000")");
    QTest::newRow("port as string") << portAsString << "spec.exposedPorts[0].port"
                                    << "expected an integer";
    QByteArray portHuge = minimalCreate();
    portHuge.replace(R"("port":8000)", R"("port":1e300)");
    QTest::newRow("port 1e300") << portHuge << "spec.exposedPorts[0].port"
                                << "out of range of int";
    QByteArray portType = minimalCreate();
    portType.replace(R"("type":"HTTP"})", R"("type":"SCTP"})");
    QTest::newRow("port type unknown") << portType << "spec.exposedPorts[0].type"
                                       << "[HTTP, HTTPS, TCP, UDP]";
    QTest::newRow("placement type lowercase")
        << minimalCreate(QByteArray(), R"({"type":"any"})") << "spec.placementPolicy.type"
        << "Could not resolve type id 'any'";
    QTest::newRow("placement typo MATH_TAG")
        << minimalCreate(QByteArray(), R"({"type":"MATH_TAG","tag":"x"})")
        << "spec.placementPolicy.type"
        << "Could not resolve type id 'MATH_TAG'";
    QTest::newRow("placement missing type")
        << minimalCreate(QByteArray(), R"({"tag":"x"})") << "spec.placementPolicy.type"
        << "missing type id";
    QTest::newRow("composite child bad") << minimalCreate(
        QByteArray(),
        R"({"type":"COMPOSITE","policies":[{"type":"ANY"},{"type":"MAX_N_PER_HOST","max":"2"}]})")
                                         << "spec.placementPolicy.policies[1].max"
                                         << "expected an integer";
    QByteArray checkType = minimalCreate();
    checkType.replace(R"({"type":"CMD")", R"({"type":"cmd")");
    QTest::newRow("check mode type lowercase") << checkType << "spec.readiness.mode.type"
                                               << "Could not resolve type id 'cmd'";
    QTest::newRow("config bad base64")
        << minimalCreate(R"(,"configs":[{"type":"INLINE","localFilename":"/x","data":"!!!"}])")
        << "spec.configs[0].data"
        << "base64";
    QTest::newRow("config unknown type")
        << minimalCreate(R"(,"configs":[{"type":"S3","localFilename":"/x"}])")
        << "spec.configs[0].type"
        << "Could not resolve type id 'S3'";
    QTest::newRow("tags not object") << minimalCreate(R"(,"tags":["a"])") << "spec.tags"
                                     << "expected an object, got an array";
    QTest::newRow("tag value object") << minimalCreate(R"(,"tags":{"a":{}})") << "spec.tags.a"
                                      << "expected a string, got an object";
    QTest::newRow("args with number") << minimalCreate(R"(,"args":["a",1])") << "spec.args[1]"
                                      << "expected a string";
    QByteArray gpu = minimalCreate();
    gpu.replace(R"({"type":"CPU","count":1})", R"({"type":"GPU","count":1})");
    QTest::newRow("resource type unknown") << gpu << "spec.resources[0].type"
                                           << "Could not resolve type id 'GPU'";
    QTest::newRow("logging type lowercase")
        << minimalCreate(R"(,"logging":{"type":"local","maxSize":"10m","maxFiles":3})")
        << "spec.logging.type"
        << "Could not resolve type id 'local'";
    QTest::newRow("device capabilities inner number")
        << minimalCreate(R"(,"devices":[{"type":"DETAILED","capabilities":[["gpu"],["a",5]]}])")
        << "spec.devices[0].capabilities[1][1]"
        << "expected a string";
    QByteArray attempts = minimalCreate();
    attempts.replace(R"("attempts":3})", R"("attempts":99999999999})");
    QTest::newRow("healthcheck attempts huge") << attempts << "spec.healthcheck.attempts"
                                               << "out of range of int";
    QByteArray oci = minimalCreate();
    oci.replace(R"("type":"DOCKER")", R"("type":"OCI")");
    QTest::newRow("executable type unknown") << oci << "spec.executable.type"
                                             << "Could not resolve type id 'OCI'";
}

void TestDecoding::badSpecValues()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QFETCH(QString, messagePart);

    ParseError error;
    QVERIFY(!decodeOp(body, &error));
    QCOMPARE(error.field, field);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
}

void TestDecoding::specEnumsAreCaseInsensitive()
{
    QByteArray body = minimalCreate(R"(,"volumes":[{"pathInContainer":"/d","pathOnHost":"/h",
        "mode":"read_only"}],"exposureSpec":{"vhost":"v","portName":"main","mode":"all"},
        "logging":{"type":"RSYSLOG","server":"s"})");
    body.replace(R"("type":"SERVICE")", R"("type":"service")");
    body.replace(R"("verb":"GET")", R"("verb":"get")");
    body.replace(R"("protocol":"HTTP")", R"("protocol":"Http")");
    body.replace(R"("port":8000,"type":"HTTP")", R"("port":8000,"type":"tcp")");
    ParseError error;
    const auto op = decodeOp(body, &error);
    QVERIFY2(op, qPrintable(error.toString()));
    const ApplicationSpec &spec = *op->spec;
    QCOMPARE(spec.type, JobType::Service);
    QCOMPARE(spec.exposedPorts.first().type, PortType::Tcp);
    QCOMPARE(spec.volumes->first().mode, VolumeMode::ReadOnly);
    QCOMPARE(spec.exposureSpec->mode, ExposureMode::All);
    QCOMPARE(spec.healthcheck->mode->verb, HttpVerb::Get);
    QCOMPARE(spec.healthcheck->mode->protocol, Protocol::Http);
    QCOMPARE(spec.logging->type, LoggingType::Rsyslog);
    // Output always uses the canonical names.
    const QJsonObject json = spec.toJson();
    QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("SERVICE"));
    QCOMPARE(op->appIdOrDerived(), QStringLiteral("A-1"));
}

void TestDecoding::deepCompositeNesting()
{
    // 40 nested COMPOSITE policies: beyond the decoder's bound, an error rather than a crash.
    QByteArray policy = R"({"type":"ANY"})";
    for (int i = 0; i < 40; ++i)
        policy = R"({"type":"COMPOSITE","policies":[)" + policy + "]}";
    ParseError error;
    QVERIFY(!decodeOp(minimalCreate(QByteArray(), policy), &error));
    QVERIFY2(error.message.contains(QStringLiteral("nesting deeper than")),
             qPrintable(error.toString()));
    QVERIFY(error.field.startsWith(QStringLiteral("spec.placementPolicy.policies[0]")));

    // 10 levels are fine and survive a round trip.
    policy = R"({"type":"MATCH_TAG","tag":"gpu"})";
    for (int i = 0; i < 10; ++i)
        policy = R"({"type":"COMPOSITE","combiner":"or","policies":[)" + policy + "]}";
    const auto op = decodeOp(minimalCreate(QByteArray(), policy), &error);
    QVERIFY2(op, qPrintable(error.toString()));
    QVERIFY(op->spec->placementPolicy->contains(PlacementPolicyType::MatchTag));
    QVERIFY(!op->spec->placementPolicy->contains(PlacementPolicyType::Local));
    QCOMPARE(ApplicationOperation::fromJson(op->toJson()), op);
}

void TestDecoding::parseDocumentErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("empty") << QByteArray() << "empty body";
    QTest::newRow("whitespace") << QByteArray(" \n ") << "empty body";
    QTest::newRow("truncated") << QByteArray(R"({"type":"SCALE")") << "Malformed JSON";
    QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)") << "Malformed JSON";
    QTest::newRow("invalid utf8 in string")
        << QByteArray("{\"appId\":\"\xff\xfe\"}") << "Invalid UTF-8";
    QTest::newRow("overlong utf8") << QByteArray("{\"appId\":\"\xc0\xaf\"}") << "Invalid UTF-8";
    QTest::newRow("deep nesting arrays")
        << QByteArray(5000, '[') + QByteArray(5000, ']') << "nesting too deep";
    QTest::newRow("deep nesting objects") << QByteArray("{\"a\":").repeated(3000) + QByteArray("1")
            + QByteArray(3000, '}') << "nesting too deep";
    QTest::newRow("number literal beyond double") << QByteArray(
        R"({"type":"SCALE","appId":"A","requiredInstances":)" + QByteArray(400, '9') + "}")
                                                  << "number out of range";
    QTest::newRow("single quotes") << QByteArray("{'a':1}") << "Malformed JSON";
    QTest::newRow("bare scalar") << QByteArray("42") << "";
}

void TestDecoding::parseDocumentErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, messagePart);

    ParseError error;
    const auto document = parseDocument(bytes, &error);
    if (messagePart.isEmpty()) {
        // Top-level scalars are either rejected or decoded as a non-object, never a crash; the
        // typed decoders then reject them.
        if (document)
            QVERIFY(!ApplicationOperation::fromJson(document->isObject()
                                                        ? QJsonValue(document->object())
                                                        : QJsonValue(document->array()),
                                                    &error));
        QVERIFY(!error.message.isEmpty());
        return;
    }
    QVERIFY(!document);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    QVERIFY(error.field.isEmpty());
}

void TestDecoding::nonObjectRoot()
{
    ParseError error;
    QVERIFY(!ApplicationOperation::fromJson(QJsonArray {1, 2}, &error));
    QCOMPARE(error.message, QStringLiteral("expected an object, got an array"));
    QVERIFY(!ApplicationSpec::fromJson(QJsonValue(QStringLiteral("x")), &error,
                                       QStringLiteral("spec")));
    QCOMPARE(error.field, QStringLiteral("spec"));
    QVERIFY(!InstanceInfo::listFromJson(QJsonObject(), &error, QStringLiteral("data")));
    QCOMPARE(error.toString(), QStringLiteral("data: expected an array, got an object"));
}

void TestDecoding::envelopeRules()
{
    const QJsonObject failure = ApiResponse::failure(QStringLiteral("App X-1 not found")).toJson();
    QCOMPARE(failure.keys(), (QStringList {QStringLiteral("message"), QStringLiteral("status")}));
    QCOMPARE(failure.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));

    const QJsonObject cancel = ApiResponse::success().toJson();
    QVERIFY(!cancel.contains(QStringLiteral("data")));
    QCOMPARE(cancel.value(QStringLiteral("message")).toString(), QStringLiteral("success"));
    QVERIFY(!ApiResponse::success(QJsonValue()).toJson().contains(QStringLiteral("data")));

    const ApiResponse validation
        = ApiResponse::validationFailure({QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(validation.message, QStringLiteral("Command validation failure"));
    QCOMPARE(validation.validationErrors(),
             (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(validation.errorSummary(), QStringLiteral("a; b"));
    QCOMPARE(validation.toJson()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("validationErrors"))
                 .toArray()
                 .size(),
             2);

    const ApiResponse json = ApiResponse::jsonFailure(QStringList {QStringLiteral("x")});
    QCOMPARE(json.message, QStringLiteral("JSON validation failure"));
    QVERIFY(!json.isSuccess());

    const ApiResponse server = ApiResponse::serverError(QStringLiteral("boom"));
    QCOMPARE(server.failureText(), QStringLiteral("boom"));
    QCOMPARE(server.message, QStringLiteral("Unexpected Server error"));

    // Byte round trip.
    const auto decoded = ApiResponse::fromBytes(validation.toBytes());
    QVERIFY(decoded);
    QCOMPARE(*decoded, validation);
}

void TestDecoding::envelopeDecoding_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("success") << QByteArray(
        R"({"status":"SUCCESS","data":"pong","message":"success"})")
                             << true << "";
    QTest::newRow("status lowercase accepted")
        << QByteArray(R"({"status":"failed","message":"x"})") << true << "";
    QTest::newRow("null data is absent")
        << QByteArray(R"({"status":"FAILED","data":null,"message":"x"})") << true << "";
    QTest::newRow("FAILURE is not a wire value")
        << QByteArray(R"({"status":"FAILURE","message":"x"})") << false << "Enum class";
    QTest::newRow("status missing")
        << QByteArray(R"({"message":"x"})") << false << "missing envelope status";
    QTest::newRow("html error page") << QByteArray("<html>502</html>") << false << "Malformed JSON";
    QTest::newRow("array root") << QByteArray("[]") << false << "expected an object";
}

void TestDecoding::envelopeDecoding()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ok);
    QFETCH(QString, messagePart);
    ParseError error;
    const auto response = ApiResponse::fromBytes(bytes, &error);
    QCOMPARE(response.has_value(), ok);
    if (ok) {
        if (response->data)
            QVERIFY(!response->data->isNull());
        QVERIFY(!response->toJson().value(QStringLiteral("data")).isNull()
                || !response->toJson().contains(QStringLiteral("data")));
    } else {
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    }
}

void TestDecoding::instanceAlwaysWritesErrorAndMetadata()
{
    InstanceInfo info;
    info.appId = QStringLiteral("A-1");
    info.instanceId = QStringLiteral("AI-1");
    info.state = InstanceState::Pending;
    const QJsonObject json = info.toJson();
    QVERIFY(json.contains(QStringLiteral("errorMessage")));
    QCOMPARE(json.value(QStringLiteral("errorMessage")).toString(), QString());
    QVERIFY(json.value(QStringLiteral("errorMessage")).isString());
    QVERIFY(json.value(QStringLiteral("metadata")).isObject());
    QVERIFY(!json.contains(QStringLiteral("localInfo")));
    QVERIFY(json.value(QStringLiteral("created")).isDouble());

    // Timestamps beyond 2^53 survive as integers.
    info.created = 9007199254740993LL;
    const auto back = InstanceInfo::fromJson(
        QJsonDocument::fromJson(QJsonDocument(info.toJson()).toJson()).object());
    QVERIFY(back);
    QCOMPARE(back->created, 9007199254740993LL);
}

void TestDecoding::executorLegacyBlacklisted()
{
    const QByteArray legacy = R"({"type":"EXECUTOR","hostname":"h","port":3000,
        "transportType":"HTTP","updated":1,"state":{"executorId":"e","cpus":{"type":"CPU",
        "freeCores":{"0":[1,2]},"usedCores":{"0":[3]}},"memory":{"type":"MEMORY",
        "freeMemory":{"0":100},"usedMemory":{"0":28}}},"instances":[],"tasks":[],
        "tags":["h"],"blacklisted":true})";
    ParseError error;
    const auto data = ExecutorNodeData::fromJson(parseDocument(legacy)->object(), &error);
    QVERIFY2(data, qPrintable(error.toString()));
    QCOMPARE(data->executorState, ExecutorState::Blacklisted);
    QCOMPARE(data->freeCoreCount(), 2);
    QCOMPARE(data->usedCoreCount(), 1);
    QCOMPARE(data->freeMemoryMb(), qint64(100));
    QVERIFY(!data->toJson().contains(QStringLiteral("blacklisted")));
    QCOMPARE(data->toJson().value(QStringLiteral("executorState")).toString(),
             QStringLiteral("BLACKLISTED"));

    QByteArray badCores = legacy;
    badCores.replace(R"("freeCores":{"0":[1,2]})", R"("freeCores":{"0":[1,"2"]})");
    QVERIFY(!ExecutorNodeData::fromJson(parseDocument(badCores)->object(), &error));
    QCOMPARE(error.field, QStringLiteral("state.cpus.freeCores.0[1]"));
}

void TestDecoding::opToJsonShapes()
{
    const ClusterOpSpec opSpec = ClusterOpSpec::make(Duration::minutes(5), 4);
    const auto keys = [](const ApplicationOperation &op) {
        return op.toJson().keys();
    };
    const QString t = QStringLiteral("type"), a = QStringLiteral("appId"),
                  o = QStringLiteral("opSpec");
    QCOMPARE(keys(ApplicationOperation::scale(QStringLiteral("A-1"), 3, opSpec)),
             (QStringList {a, o, QStringLiteral("requiredInstances"), t}));
    QCOMPARE(keys(ApplicationOperation::suspend(QStringLiteral("A-1"), opSpec)),
             (QStringList {a, o, t}));
    QCOMPARE(keys(ApplicationOperation::recover(QStringLiteral("A-1"))), (QStringList {a, t}));
    QCOMPARE(keys(ApplicationOperation::stopInstances(QStringLiteral("A-1"),
                                                      {QStringLiteral("AI-1")}, false, opSpec)),
             (QStringList {a, QStringLiteral("instanceIds"), o, QStringLiteral("skipRespawn"), t}));
    QCOMPARE(keys(ApplicationOperation::replaceInstances(QStringLiteral("A-1"), {}, true, opSpec)),
             (QStringList {a, QStringLiteral("instanceIds"), o, QStringLiteral("stopFirst"), t}));
    const QJsonObject scale
        = ApplicationOperation::scale(QStringLiteral("A-1"), 3, opSpec).toJson();
    QCOMPARE(scale.value(t).toString(), QStringLiteral("SCALE"));
    QCOMPARE(scale.value(o).toObject(),
             (QJsonObject {{QStringLiteral("timeout"), QStringLiteral("5 minutes")},
                           {QStringLiteral("parallelism"), 4},
                           {QStringLiteral("failureStrategy"), QStringLiteral("STOP")}}));
    QCOMPARE(ClusterOpSpec::defaults(),
             ClusterOpSpec::make(Duration::seconds(300), 1, FailureStrategy::Stop));
    QCOMPARE(ClusterOpSpec::defaults().toJson().value(QStringLiteral("timeout")).toString(),
             QStringLiteral("300 seconds"));
}

QTEST_APPLESS_MAIN(TestDecoding)
#include "tst_decoding.moc"
