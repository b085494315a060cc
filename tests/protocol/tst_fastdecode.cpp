// The fast GET /applications decoder against the regular one (QJsonDocument + mapFromJson): the
// same values on every document it accepts, and no acceptance of a document the regular path
// refuses, checked on generated clusters, hand-written edge cases and random byte mutations.
#include "protocol/appsummary.h"
#include "protocol/executorsummary.h"
#include "protocol/fastdecode.h"
#include "protocol/instanceinfo.h"
#include "protocol/jsonreader.h"
#include "protocol/jsonwriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace drove::protocol;

Q_DECLARE_METATYPE(drove::protocol::InstanceInfo)

namespace {

/// What the console did before the fast path: envelope check, then AppSummary::mapFromJson.
std::optional<QList<AppSummary>> regularDecode(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject envelope = document.object();
    if (envelope.value(QLatin1String("status")).toString() != QLatin1String("SUCCESS"))
        return std::nullopt;
    const auto map = AppSummary::mapFromJson(envelope.value(QLatin1String("data")));
    if (!map)
        return std::nullopt;
    return map->values();
}

QByteArray envelope(const QByteArray &data)
{
    return QByteArray(R"({"status":"SUCCESS","data":)") + data + R"(,"message":"success"})";
}

QByteArray app(const QByteArray &id, const QByteArray &fields)
{
    return '"' + id + R"(":{"id":")" + id + '"' + (fields.isEmpty() ? "" : ",") + fields + '}';
}

QString randomText(QRandomGenerator &random)
{
    static const QStringList pieces {QStringLiteral("api"),         QStringLiteral("payments"),
                                     QStringLiteral("é"),           QStringLiteral("日本"),
                                     QStringLiteral("\"quoted\""),  QStringLiteral("back\\slash"),
                                     QStringLiteral("line\nbreak"), QStringLiteral("tab\t"),
                                     QStringLiteral("😀"),           QStringLiteral(""),
                                     QStringLiteral("-"),           QStringLiteral("/")};
    QString text;
    const int count = int(random.bounded(4));
    for (int i = 0; i < count; ++i)
        text += pieces.at(int(random.bounded(pieces.size())));
    return text;
}

QByteArray generatedCluster(int apps, quint32 seed)
{
    QRandomGenerator random(seed);
    const QList<ApplicationState> states = enumValues<ApplicationState>();
    QJsonObject data;
    for (int i = 0; i < apps; ++i) {
        AppSummary summary;
        summary.id = QStringLiteral("APP_%1-%2").arg(i).arg(random.bounded(5) + 1);
        summary.name = randomText(random);
        summary.requiredInstances = random.bounded(100);
        summary.healthyInstances = random.bounded(100);
        summary.totalCPUs = random.bounded(1000);
        summary.totalMemory = qint64(random.bounded(1 << 30)) * 16;
        if (random.bounded(3) != 0) {
            QMap<QString, QString> tags;
            for (int t = 0; t < int(random.bounded(4)); ++t)
                tags.insert(randomText(random), randomText(random));
            summary.tags = tags;
        }
        if (random.bounded(10) != 0)
            summary.state = states.at(int(random.bounded(states.size())));
        summary.created = 1700000000000 + random.bounded(100000000);
        summary.updated = summary.created + random.bounded(1000000);
        QJsonObject json = summary.toJson();
        if (random.bounded(5) == 0) // fields a newer controller might add are ignored
            json.insert(QStringLiteral("futureField"),
                        QJsonObject {{QStringLiteral("nested"), QJsonArray {1, 2.5, true}}});
        if (random.bounded(7) == 0)
            json.insert(QStringLiteral("healthyInstances"), QJsonValue::Null);
        data.insert(summary.id, json);
    }
    return envelope(QJsonDocument(data).toJson(QJsonDocument::Compact));
}

/// What the client does with a list response without the fast path: the envelope check, then
/// `decode` on its data, strictly or tolerantly (as the console decodes answers).
template<typename Decode>
auto regularList(const QByteArray &body, bool tolerant, Decode decode)
    -> decltype(decode(QJsonValue()))
{
    std::optional<TolerantDecoding> tolerance;
    if (tolerant)
        tolerance.emplace();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject envelope = document.object();
    if (envelope.value(QLatin1String("status")).toString() != QLatin1String("SUCCESS"))
        return std::nullopt;
    return decode(envelope.value(QLatin1String("data")));
}

std::optional<QList<ExecutorSummary>> regularExecutors(const QByteArray &body, bool tolerant)
{
    return regularList(body, tolerant,
                       [](const QJsonValue &data) { return ExecutorSummary::listFromJson(data); });
}

QByteArray generatedExecutors(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    const QList<ExecutorState> states = enumValues<ExecutorState>();
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        ExecutorSummary e;
        e.executorId = QStringLiteral("ex-%1-%2").arg(i).arg(random.bounded(1000));
        e.hostname = randomText(random) + QStringLiteral(".drove.local");
        e.port = int(random.bounded(65536));
        if (random.bounded(4) != 0)
            e.transportType = random.bounded(2) ? TransportType::Http : TransportType::Https;
        e.freeCores = int(random.bounded(512));
        e.usedCores = int(random.bounded(512));
        e.freeMemory = qint64(random.bounded(1 << 30)) * 8;
        e.usedMemory = qint64(random.bounded(1 << 30)) * 8;
        for (int t = 0; t < int(random.bounded(4)); ++t)
            e.tags.append(randomText(random));
        if (random.bounded(6) != 0)
            e.state = states.at(int(random.bounded(states.size())));
        QJsonObject json = e.toJson();
        if (random.bounded(5) == 0)
            json.insert(QStringLiteral("futureField"), QJsonArray {QJsonObject {}, false, -1});
        if (random.bounded(7) == 0)
            json.insert(QStringLiteral("usedCores"), QJsonValue::Null);
        list.append(json);
    }
    return envelope(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

std::optional<QList<InstanceInfo>> regularInstances(const QByteArray &body, bool tolerant)
{
    return regularList(body, tolerant, [](const QJsonValue &data) {
        return decodeList<InstanceInfo>(data, nullptr, QString());
    });
}

QByteArray generatedInstances(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    const QList<InstanceState> states = enumValues<InstanceState>();
    const QList<PortType> portTypes = enumValues<PortType>();
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        InstanceInfo x;
        x.appId = QStringLiteral("APP-1");
        x.appName = randomText(random);
        x.instanceId = QStringLiteral("AI-%1-%2").arg(i).arg(random.bounded(100000));
        x.executorId = QStringLiteral("ex-%1").arg(random.bounded(50));
        if (random.bounded(5) != 0) {
            LocalInstanceInfo local;
            local.hostname = randomText(random);
            for (int p = 0; p < int(random.bounded(3)); ++p) {
                InstancePort port;
                port.containerPort = int(random.bounded(65536));
                port.hostPort = int(random.bounded(65536));
                if (random.bounded(2))
                    port.portType = portTypes.at(int(random.bounded(portTypes.size())));
                local.ports.insert(randomText(random) + QString::number(p), port);
            }
            x.localInfo = local;
        }
        for (int r = 0; r < int(random.bounded(3)); ++r) {
            if (random.bounded(2))
                x.resources.append(ResourceAllocation::cpu(
                    {{QString::number(r), {int(random.bounded(64)), int(random.bounded(64))}}}));
            else
                x.resources.append(
                    ResourceAllocation::memory({{QString::number(r), random.bounded(1 << 20)}}));
        }
        x.state = states.at(int(random.bounded(states.size())));
        if (random.bounded(3) == 0)
            x.metadata.insert(randomText(random), randomText(random));
        x.errorMessage = random.bounded(4) == 0 ? randomText(random) : QString();
        x.created = 1700000000000 + random.bounded(100000000);
        x.updated = x.created + random.bounded(1000000);
        QJsonObject json = x.toJson();
        if (random.bounded(5) == 0)
            json.insert(QStringLiteral("futureField"), QJsonObject {{QStringLiteral("a"), 1.5}});
        list.append(json);
    }
    return envelope(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

/// Random byte edits of `original` (1-3 per round, 20,000 rounds): whenever `fast` accepts a
/// body, `regular` must accept it too and decode the same values; both outcomes must occur often
/// enough for that to mean something.
/// One edge case: whether `fast` accepts `body`, and if it does, that the regular decoder
/// gives the same values strictly and tolerantly.
template<typename Fast, typename Regular>
void checkEdgeCase(const QByteArray &body, bool fastAccepts, Fast fast, Regular regular)
{
    const auto decoded = fast(body);
    QCOMPARE(decoded.has_value(), fastAccepts);
    if (decoded) {
        QCOMPARE(*decoded, *regular(body, false));
        QCOMPARE(*decoded, *regular(body, true));
    }
}

template<typename Fast, typename Regular>
void checkMutations(const QByteArray &original, quint32 seed, Fast fast, Regular regular)
{
    static const QByteArray interesting
        = QByteArrayLiteral("{}[]\",:\\0123456789.eE-+ntfu \x01\x7f\xc3\xa9\xff");
    QRandomGenerator random(seed);
    int accepted = 0;
    int refusedByBoth = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray body = original;
        const int edits = 1 + int(random.bounded(3));
        for (int e = 0; e < edits && !body.isEmpty(); ++e) {
            const qsizetype at = random.bounded(body.size());
            const char byte = interesting.at(random.bounded(interesting.size()));
            switch (random.bounded(3)) {
            case 0:
                body[at] = byte;
                break;
            case 1:
                body.insert(at, byte);
                break;
            default:
                body.remove(at, 1);
            }
        }
        const auto fastResult = fast(body);
        const auto regularResult = regular(body);
        if (fastResult) {
            ++accepted;
            QVERIFY2(regularResult, body.constData());
            QVERIFY2(*fastResult == *regularResult, body.constData());
        } else if (!regularResult) {
            ++refusedByBoth;
        }
    }
    QVERIFY2(accepted > 500, qPrintable(QString::number(accepted)));
    QVERIFY2(refusedByBoth > 5000, qPrintable(QString::number(refusedByBoth)));
}

} // namespace

class TestFastDecode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referencePayload();
    void generatedClusters_data();
    void generatedClusters();
    void edgeCases_data();
    void edgeCases();
    void mutationsNeverAcceptWhatTheRegularPathRefuses();
    void memoReusesOnlyAppsWhoseBytesAreUnchanged();
    void memoizedMutationsNeverAcceptWhatTheRegularPathRefuses();
    void executorsReferencePayload();
    void generatedExecutorLists();
    void executorEdgeCases_data();
    void executorEdgeCases();
    void executorMutationsNeverAcceptWhatTheRegularPathRefuses();
    void instancesReferencePayloads();
    void generatedInstanceLists();
    void instanceEdgeCases_data();
    void instanceEdgeCases();
    void instanceMutationsNeverAcceptWhatTheRegularPathRefuses();
    void writerMatchesQJsonDocument_data();
    void writerMatchesQJsonDocument();
    void writerEscapes();
    void instanceWriterMatchesQJsonDocument_data();
    void instanceWriterMatchesQJsonDocument();
};

void TestFastDecode::referencePayload()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/resp-applications-list.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    const auto fast = fastDecodeApplicationsEnvelope(body);
    QVERIFY(fast);
    QCOMPARE(fast->size(), 1);
    QCOMPARE(*fast, *regularDecode(body));
}

void TestFastDecode::generatedClusters_data()
{
    QTest::addColumn<int>("apps");
    QTest::addColumn<bool>("indented");
    QTest::newRow("empty") << 0 << false;
    QTest::newRow("one") << 1 << false;
    QTest::newRow("2000 compact") << 2000 << false;
    QTest::newRow("300 indented") << 300 << true;
}

void TestFastDecode::generatedClusters()
{
    QFETCH(int, apps);
    QFETCH(bool, indented);
    QByteArray body = generatedCluster(apps, 42 + quint32(apps));
    if (indented)
        body = QJsonDocument::fromJson(body).toJson(QJsonDocument::Indented);
    const auto regular = regularDecode(body);
    QVERIFY(regular);
    const auto fast = fastDecodeApplicationsEnvelope(body);
    QVERIFY(fast);
    QCOMPARE(fast->size(), apps);
    for (qsizetype i = 0; i < fast->size(); ++i)
        QVERIFY2(fast->at(i) == regular->at(i), qPrintable(regular->at(i).id));
}

void TestFastDecode::edgeCases_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("fastAccepts");

    const QByteArray plain = app("A-1", R"("requiredInstances":2,"state":"RUNNING")");
    QTest::newRow("plain") << envelope('{' + plain + '}') << true;
    QTest::newRow("escaped strings")
        << envelope('{' + app("A-1", R"("name":"a\"b\\c\/d\u00e9\ud83d\ude00\n\t\b\f\r")") + '}')
        << true;
    QTest::newRow("state in lower case")
        << envelope('{' + app("A-1", R"("state":"running")") + '}') << true;
    QTest::newRow("nulls") << envelope(
        '{' + app("A-1", R"("name":null,"tags":null,"state":null,"created":null)") + '}')
                           << true;
    QTest::newRow("message first, extra envelope key") << QByteArray(
        R"({"message":"success","extra":[1,{"x":null}],"status":"SUCCESS","data":{}})")
                                                       << true;
    QTest::newRow("negative zero") << envelope('{' + app("A-1", R"("created":-0)") + '}') << true;
    QTest::newRow("whitespace everywhere")
        << QByteArray(" \r\n\t{ \"status\" : \"SUCCESS\" , \"data\" : { } } \n") << true;

    // Refused: the regular path gives the error (or decides what it means).
    QTest::newRow("FAILED envelope")
        << QByteArray(R"({"status":"FAILED","message":"No app found"})") << false;
    QTest::newRow("no data") << QByteArray(R"({"status":"SUCCESS","message":"success"})") << false;
    QTest::newRow("data is a list") << envelope("[]") << false;
    QTest::newRow("fraction") << envelope('{' + app("A-1", R"("totalCPUs":1.5)") + '}') << false;
    QTest::newRow("exponent") << envelope('{' + app("A-1", R"("totalCPUs":1e3)") + '}') << false;
    QTest::newRow("leading zero") << envelope('{' + app("A-1", R"("totalCPUs":01)") + '}') << false;
    QTest::newRow("huge number") << envelope(
        '{' + app("A-1", R"("totalCPUs":123456789012345678901)") + '}')
                                 << false;
    QTest::newRow("number as string")
        << envelope('{' + app("A-1", R"("totalCPUs":"3")") + '}') << false;
    QTest::newRow("unknown state")
        << envelope('{' + app("A-1", R"("state":"SLEEPING")") + '}') << false;
    QTest::newRow("tag value not a string")
        << envelope('{' + app("A-1", R"("tags":{"a":1})") + '}') << false;
    QTest::newRow("duplicate app id") << envelope('{' + plain + ',' + plain + '}') << false;
    QTest::newRow("duplicate field") << envelope('{' + app("A-1", R"("id":"B-1")") + '}') << false;
    QTest::newRow("trailing comma") << envelope('{' + plain + ",}") << false;
    QTest::newRow("trailing garbage") << envelope('{' + plain + '}') + "x" << false;
    QTest::newRow("truncated") << envelope('{' + plain + '}').chopped(3) << false;
    QTest::newRow("invalid utf8") << envelope('{' + app("A-1", "\"name\":\"\xff\xfe\"") + '}')
                                  << false;
    QTest::newRow("overlong utf8")
        << envelope('{' + app("A-1", "\"name\":\"\xc0\xaf\"") + '}') << false;
    QTest::newRow("lone surrogate")
        << envelope('{' + app("A-1", R"("name":"\ud800")") + '}') << false;
    QTest::newRow("raw control character")
        << envelope('{' + app("A-1", "\"name\":\"a\x01\"") + '}') << false;
    // simdjson decodes escaped keys (the hand-written scanner refused them): same values.
    QTest::newRow("escaped key") << envelope(R"({"A\u002d1":{"id":"A-1"}})") << true;
    QTest::newRow("escaped field name")
        << envelope('{' + app("A-1", R"("\u006eame":"n")") + '}') << true;
    // On-Demand skips what it is not asked for without checking numbers or literals inside;
    // every ignored value is read in full, so these are refused as the regular path refuses them.
    QTest::newRow("broken literal in an ignored field")
        << envelope('{' + app("A-1", R"("x":[1,tru])") + '}') << false;
    QTest::newRow("broken number in an ignored field")
        << envelope('{' + app("A-1", R"("x":{"y":1.})") + '}') << false;
    QTest::newRow("broken literal in the message")
        << QByteArray(R"({"status":"SUCCESS","data":{},"message":nul})") << false;
    QTest::newRow("broken literal in an unknown envelope key")
        << QByteArray(R"({"status":"SUCCESS","data":{},"extra":[fals]})") << false;
    QTest::newRow("deep unknown value")
        << envelope('{' + app("A-1", "\"x\":" + QByteArray(100, '[') + QByteArray(100, ']')) + '}')
        << false;
    QTest::newRow("empty body") << QByteArray() << false;
}

void TestFastDecode::edgeCases()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, fastAccepts);
    const auto fast = fastDecodeApplicationsEnvelope(body);
    QCOMPARE(fast.has_value(), fastAccepts);
    if (fast) {
        const auto regular = regularDecode(body);
        QVERIFY(regular);
        QCOMPARE(*fast, *regular);
    }
}

void TestFastDecode::mutationsNeverAcceptWhatTheRegularPathRefuses()
{
    checkMutations(
        generatedCluster(4, 7), 20261126,
        [](const QByteArray &body) { return fastDecodeApplicationsEnvelope(body); }, regularDecode);
}

void TestFastDecode::memoReusesOnlyAppsWhoseBytesAreUnchanged()
{
    const QByteArray body = generatedCluster(300, 99);
    const auto regular = regularDecode(body);
    QVERIFY(regular);
    ApplicationsDecodeMemo memo;
    qsizetype reused = -1;
    // First: nothing to reuse, every app decoded and remembered.
    auto first = fastDecodeApplicationsEnvelope(body, &memo, &reused);
    QVERIFY(first);
    QCOMPARE(*first, *regular);
    QCOMPARE(reused, 0);
    QCOMPARE(memo.size(), 300);
    // Same bytes: every app from the memo, the same values.
    auto second = fastDecodeApplicationsEnvelope(body, &memo, &reused);
    QVERIFY(second);
    QCOMPARE(*second, *regular);
    QCOMPARE(reused, 300);

    // One app's count changes, one app goes, one is renamed under the same bytes otherwise:
    // each of them is decoded from its new bytes.
    QJsonObject root = QJsonDocument::fromJson(body).object();
    QJsonObject data = root.value(QStringLiteral("data")).toObject();
    const QStringList ids = data.keys();
    QJsonObject changed = data.value(ids.at(10)).toObject();
    changed.insert(QStringLiteral("healthyInstances"),
                   changed.value(QStringLiteral("healthyInstances")).toInt() + 1);
    data.insert(ids.at(10), changed);
    data.remove(ids.at(20));
    const QJsonObject moved = data.value(ids.at(30)).toObject();
    data.remove(ids.at(30));
    data.insert(QStringLiteral("ZZ_NEW"), moved); // same value bytes under another key
    root.insert(QStringLiteral("data"), data);
    const QByteArray next = QJsonDocument(root).toJson(QJsonDocument::Compact);
    const auto expected = regularDecode(next);
    QVERIFY(expected);
    const auto third = fastDecodeApplicationsEnvelope(next, &memo, &reused);
    QVERIFY(third);
    QCOMPARE(*third, *expected);
    QCOMPARE(reused, 297);
    QCOMPARE(memo.size(), 299);

    // A refused body leaves the memo as it was.
    QVERIFY(!fastDecodeApplicationsEnvelope(next.left(next.size() - 1), &memo, &reused));
    QCOMPARE(memo.size(), 299);
    QVERIFY(fastDecodeApplicationsEnvelope(next, &memo, &reused));
    QCOMPARE(reused, 299);
    memo.clear();
    QCOMPARE(memo.size(), 0);
}

void TestFastDecode::memoizedMutationsNeverAcceptWhatTheRegularPathRefuses()
{
    // The memo holds the original's apps: a mutated body reuses the apps it left alone and
    // must still never differ from, or accept more than, the regular path.
    const QByteArray original = generatedCluster(4, 7);
    ApplicationsDecodeMemo memo;
    QVERIFY(fastDecodeApplicationsEnvelope(original, &memo));
    QCOMPARE(memo.size(), 4);
    qsizetype reusedInAll = 0;
    const auto fast = [&](const QByteArray &body) {
        // Each round starts from the original's apps (an accepted mutation replaces them).
        qsizetype primed = 0;
        fastDecodeApplicationsEnvelope(original, &memo, &primed);
        qsizetype reused = 0;
        auto result = fastDecodeApplicationsEnvelope(body, &memo, &reused);
        reusedInAll += reused;
        return result;
    };
    checkMutations(original, 20261208, fast, regularDecode);
    QVERIFY2(reusedInAll > 10000, qPrintable(QString::number(reusedInAll))); // it was exercised
}

void TestFastDecode::executorsReferencePayload()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/resp-executors-list.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    const auto fast = fastDecodeExecutorsEnvelope(body);
    QVERIFY(fast);
    QVERIFY(!fast->isEmpty());
    QCOMPARE(*fast, *regularExecutors(body, false));
}

void TestFastDecode::generatedExecutorLists()
{
    for (int count : {0, 1, 800}) {
        const QByteArray body = generatedExecutors(count, 7 + quint32(count));
        const auto regular = regularExecutors(body, false);
        QVERIFY(regular);
        const auto fast = fastDecodeExecutorsEnvelope(body);
        QVERIFY(fast);
        QCOMPARE(fast->size(), count);
        QCOMPARE(*fast, *regular);
    }
}

void TestFastDecode::executorEdgeCases_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("fastAccepts");
    const QByteArray plain = R"({"executorId":"e1","hostname":"h","port":3000,"freeCores":2,)"
                             R"("usedCores":1,"freeMemory":10,"usedMemory":5,"tags":["h"],)"
                             R"("state":"ACTIVE","transportType":"HTTP"})";
    QTest::newRow("plain") << envelope('[' + plain + ']') << true;
    QTest::newRow("nulls everywhere") << envelope(
        R"([{"executorId":null,"port":null,"tags":null,"state":null,"transportType":null}])")
                                      << true;
    QTest::newRow("empty object") << envelope("[{}]") << true;
    QTest::newRow("state in lower case") << envelope(R"([{"state":"active"}])") << true;
    QTest::newRow("unknown field") << envelope(R"([{"x":{"y":[null,true,-1.5e3]}}])") << true;

    // Refused: the regular path words the error, or decides (tolerantly) what it means.
    QTest::newRow("data is an object") << envelope("{}") << false;
    QTest::newRow("null element") << envelope("[null]") << false;
    QTest::newRow("port beyond int32") << envelope(R"([{"port":2147483648}])") << false;
    QTest::newRow("cores below int32") << envelope(R"([{"freeCores":-2147483649}])") << false;
    QTest::newRow("integral float") << envelope(R"([{"port":3000.0}])") << false;
    QTest::newRow("numeric string") << envelope(R"([{"port":"3000"}])") << false;
    QTest::newRow("unknown state") << envelope(R"([{"state":"DRAINING"}])") << false;
    QTest::newRow("unknown transport") << envelope(R"([{"transportType":"QUIC"}])") << false;
    QTest::newRow("tag not a string") << envelope(R"([{"tags":["a",1]}])") << false;
    QTest::newRow("tags an object") << envelope(R"([{"tags":{}}])") << false;
    QTest::newRow("duplicate field") << envelope(R"([{"port":1,"port":2}])") << false;
    QTest::newRow("broken literal in an unknown field") << envelope(R"([{"x":nulll}])") << false;
    QTest::newRow("trailing comma") << envelope('[' + plain + ",]") << false;
    QTest::newRow("FAILED envelope")
        << QByteArray(R"({"status":"FAILED","data":[],"message":"nope"})") << false;
}

void TestFastDecode::executorEdgeCases()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, fastAccepts);
    checkEdgeCase(body, fastAccepts, fastDecodeExecutorsEnvelope, regularExecutors);
}

void TestFastDecode::executorMutationsNeverAcceptWhatTheRegularPathRefuses()
{
    checkMutations(generatedExecutors(4, 11), 20261207, fastDecodeExecutorsEnvelope,
                   [](const QByteArray &body) { return regularExecutors(body, false); });
}

void TestFastDecode::instancesReferencePayloads()
{
    for (const char *name :
         {"resp-application-instances.json", "resp-application-old-instances.json"}) {
        QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/") + QLatin1String(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray body = file.readAll();
        const auto fast = fastDecodeInstancesEnvelope(body);
        QVERIFY2(fast, name);
        QVERIFY(!fast->isEmpty());
        QCOMPARE(*fast, *regularInstances(body, false));
    }
}

void TestFastDecode::generatedInstanceLists()
{
    // 20,000 instances make a body over 4 MiB: decoded with a parser of its own.
    for (int count : {0, 1, 2000, 20000}) {
        const QByteArray body = generatedInstances(count, 3 + quint32(count));
        if (count == 20000)
            QVERIFY(body.size() > 4 * 1024 * 1024);
        const auto regular = regularInstances(body, false);
        QVERIFY(regular);
        const auto fast = fastDecodeInstancesEnvelope(body);
        QVERIFY(fast);
        QCOMPARE(fast->size(), count);
        for (qsizetype i = 0; i < fast->size(); ++i)
            QVERIFY2(fast->at(i) == regular->at(i), qPrintable(regular->at(i).instanceId));
    }
}

void TestFastDecode::instanceEdgeCases_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("fastAccepts");
    QTest::newRow("plain") << envelope(
        R"([{"appId":"A-1","instanceId":"I1","state":"HEALTHY","localInfo":{"hostname":"h",)"
        R"("ports":{"main":{"containerPort":8000,"hostPort":31000,"portType":"HTTP"}}},)"
        R"("resources":[{"type":"CPU","cores":{"0":[1,2]}},{"memoryInMB":{"0":512},)"
        R"("type":"MEMORY"}],"metadata":{"k":"v"},"created":1,"updated":2}])")
                           << true;
    QTest::newRow("nulls") << envelope(
        R"([{"appId":null,"localInfo":null,"resources":null,"state":null,"metadata":null}])")
                           << true;
    QTest::newRow("empty object") << envelope("[{}]") << true;
    QTest::newRow("port type in lower case")
        << envelope(R"([{"localInfo":{"ports":{"m":{"portType":"tcp"}}}}])") << true;
    QTest::newRow("the other map of a resource is ignored, as the regular reader does")
        << envelope(R"([{"resources":[{"type":"CPU","cores":{},"memoryInMB":{"0":5}}]}])") << true;

    // Refused: the regular path words the error, or decides (tolerantly) what it means.
    QTest::newRow("unknown state") << envelope(R"([{"state":"HIBERNATING"}])") << false;
    QTest::newRow("resource type in lower case")
        << envelope(R"([{"resources":[{"type":"cpu","cores":{}}]}])") << false;
    QTest::newRow("resource without type")
        << envelope(R"([{"resources":[{"cores":{}}]}])") << false;
    QTest::newRow("core id beyond int32")
        << envelope(R"([{"resources":[{"type":"CPU","cores":{"0":[2147483648]}}]}])") << false;
    QTest::newRow("null core id") << envelope(
        R"([{"resources":[{"type":"CPU","cores":{"0":[null]}}]}])")
                                  << false;
    QTest::newRow("memory as a string")
        << envelope(R"([{"resources":[{"type":"MEMORY","memoryInMB":{"0":"5"}}]}])") << false;
    QTest::newRow("metadata number") << envelope(R"([{"metadata":{"k":1}}])") << false;
    QTest::newRow("metadata null value") << envelope(R"([{"metadata":{"k":null}}])") << false;
    QTest::newRow("duplicate port")
        << envelope(R"([{"localInfo":{"ports":{"m":{"hostPort":1},"m":{"hostPort":2}}}}])")
        << false;
    QTest::newRow("duplicate field")
        << envelope(R"([{"state":"HEALTHY","state":"LOST"}])") << false;
    QTest::newRow("ports a list") << envelope(R"([{"localInfo":{"ports":[]}}])") << false;
    QTest::newRow("broken literal in an unknown field")
        << envelope(R"([{"x":{"y":[fals]}}])") << false;
}

void TestFastDecode::instanceEdgeCases()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, fastAccepts);
    checkEdgeCase(body, fastAccepts, fastDecodeInstancesEnvelope, regularInstances);
}

void TestFastDecode::instanceMutationsNeverAcceptWhatTheRegularPathRefuses()
{
    checkMutations(generatedInstances(3, 5), 20261208, fastDecodeInstancesEnvelope,
                   [](const QByteArray &body) { return regularInstances(body, false); });
}

void TestFastDecode::writerMatchesQJsonDocument_data()
{
    QTest::addColumn<int>("apps");
    QTest::newRow("one") << 1;
    QTest::newRow("500") << 500;
}

void TestFastDecode::writerMatchesQJsonDocument()
{
    // The server writes summaries with JsonWriter; what a client reads must be what toJson()
    // says, byte for byte where QJsonDocument's escaping is plain (and always after parsing).
    QFETCH(int, apps);
    const QByteArray generated = generatedCluster(apps, 99);
    const QList<AppSummary> summaries = *regularDecode(generated);
    QByteArray written;
    JsonWriter writer(&written);
    writer.beginObject();
    QJsonObject expected;
    for (const AppSummary &summary : summaries) {
        writer.key(summary.id);
        summary.writeJson(writer);
        expected.insert(summary.id, summary.toJson());

        QByteArray one;
        JsonWriter single(&one);
        summary.writeJson(single);
        QCOMPARE(QJsonDocument::fromJson(one).object(), summary.toJson());
        const QByteArray qt = QJsonDocument(summary.toJson()).toJson(QJsonDocument::Compact);
        if (QString::fromUtf8(qt).toLatin1() == qt) // ASCII only: the bytes must be identical
            QCOMPARE(one, qt);
    }
    writer.endObject();
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(written, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(parsed.object(), expected);
}

void TestFastDecode::writerEscapes()
{
    QByteArray out;
    JsonWriter::appendString(&out, QStringLiteral("a\"b\\c\n\t\x01/é😀"));
    QCOMPARE(out, QByteArray("\"a\\\"b\\\\c\\n\\t\\u0001/") + QStringLiteral("é😀").toUtf8() + '"');
    QCOMPARE(QJsonDocument::fromJson("[" + out + "]").array().at(0).toString(),
             QStringLiteral("a\"b\\c\n\t\x01/é😀"));
}

void TestFastDecode::instanceWriterMatchesQJsonDocument_data()
{
    QTest::addColumn<InstanceInfo>("info");
    InstanceInfo plain;
    plain.appId = QStringLiteral("TEST_APP-1");
    plain.appName = QStringLiteral("TEST_APP");
    plain.instanceId = QStringLiteral("AI-3f1c2a9e-0d6b-4c55-9b7e-1a2b3c4d5e6f");
    plain.executorId = QStringLiteral("0d6b3f1c-2a9e-3c55-9b7e-1a2b3c4d5e6f");
    plain.state = InstanceState::Pending;
    plain.created = 1733568000123;
    plain.updated = 1733568000456;
    QTest::newRow("pending, no localInfo, no resources") << plain;

    InstanceInfo healthy = plain;
    healthy.state = InstanceState::Healthy;
    LocalInstanceInfo local;
    local.hostname = QStringLiteral("executor-7.internal.example.com");
    InstancePort main;
    main.containerPort = 8000;
    main.hostPort = 32768;
    main.portType = PortType::Http;
    InstancePort admin;
    admin.containerPort = 8001;
    admin.hostPort = 40001;
    local.ports.insert(QStringLiteral("main"), main);
    local.ports.insert(QStringLiteral("Admin"), admin); // no portType; sorts before "main"
    healthy.localInfo = local;
    healthy.resources
        = {ResourceAllocation::cpu({{QStringLiteral("0"), {2, 3}}, {QStringLiteral("1"), {17}}}),
           ResourceAllocation::memory({{QStringLiteral("0"), 512}, {QStringLiteral("1"), 128}})};
    healthy.metadata = {{QStringLiteral("zone"), QStringLiteral("b")},
                        {QStringLiteral("Build"), QStringLiteral("42")}};
    QTest::newRow("healthy, two ports, two NUMA nodes, metadata") << healthy;

    InstanceInfo failed = healthy;
    failed.state = InstanceState::StartFailed;
    failed.errorMessage = QStringLiteral("Error: \"docker\" said\tno\\n\nat line 1 \x01");
    failed.localInfo->ports.clear();
    failed.metadata.clear();
    QTest::newRow("failed, escaped error, empty ports and metadata") << failed;

    InstanceInfo unicode = healthy;
    unicode.state = InstanceState::Lost;
    unicode.errorMessage = QStringLiteral("Instance lost — exécuteur 😀");
    unicode.localInfo->hostname = QStringLiteral("hôte");
    QTest::newRow("lost, non-ASCII error and host") << unicode;
}

void TestFastDecode::instanceWriterMatchesQJsonDocument()
{
    // The server writes instance lists with JsonWriter: the bytes must be QJsonDocument's of
    // toJson(), byte for byte, for every shape an instance takes.
    QFETCH(InstanceInfo, info);
    QByteArray written;
    JsonWriter writer(&written);
    info.writeJson(writer);
    const QByteArray qt = QJsonDocument(info.toJson()).toJson(QJsonDocument::Compact);
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(written, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(parsed.object(), info.toJson());
    QCOMPARE(written, qt);
}

QTEST_APPLESS_MAIN(TestFastDecode)
#include "tst_fastdecode.moc"
