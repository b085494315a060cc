// Every real payload in tests/data/drove-reference decodes with its type, re-encodes, decodes
// again to an equal value, and the re-encoded JSON keeps every field (and value) the original
// had. Deliberate exceptions are listed in kExceptions with the reason.
#include "protocol/apiresponse.h"
#include "protocol/appidresponse.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/appsummary.h"
#include "protocol/blacklistoperationresponse.h"
#include "protocol/clusterstatedata.h"
#include "protocol/clustersummary.h"
#include "protocol/droveeventslist.h"
#include "protocol/droveeventssummary.h"
#include "protocol/executornodedata.h"
#include "protocol/executorsummary.h"
#include "protocol/exposedappinfo.h"
#include "protocol/instanceinfo.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace drove::protocol;

namespace {

struct RoundTrip
{
    bool decoded = false;
    QString error;
    QJsonValue encoded;
    bool stable = false; ///< decode(encode(x)) == x
};

using Codec = std::function<RoundTrip(const QJsonValue &)>;

template<typename T>
RoundTrip roundTripValue(const QJsonValue &json)
{
    RoundTrip result;
    ParseError error;
    const std::optional<T> first = T::fromJson(json, &error);
    if (!first) {
        result.error = error.toString();
        return result;
    }
    result.decoded = true;
    result.encoded = first->toJson();
    const std::optional<T> second = T::fromJson(result.encoded, &error);
    result.stable = second && *second == *first;
    return result;
}

template<typename T, typename Decode, typename Encode>
RoundTrip roundTripWith(const QJsonValue &json, Decode decode, Encode encode)
{
    RoundTrip result;
    ParseError error;
    const std::optional<T> first = decode(json, &error, QString());
    if (!first) {
        result.error = error.toString();
        return result;
    }
    result.decoded = true;
    result.encoded = encode(*first);
    const std::optional<T> second = decode(result.encoded, &error, QString());
    result.stable = second && *second == *first;
    return result;
}

// Which type decodes which file (`data` of an envelope, or the whole file).
struct FileKind
{
    bool envelope = true;
    Codec codec; // empty: no data expected
};

QMap<QString, FileKind> fileKinds()
{
    QMap<QString, FileKind> kinds;
    const auto spec = [](const QJsonValue &v) {
        return roundTripValue<ApplicationSpec>(v);
    };
    const auto op = [](const QJsonValue &v) {
        return roundTripValue<ApplicationOperation>(v);
    };
    const auto instances = [](const QJsonValue &v) {
        return roundTripWith<QList<InstanceInfo>>(v, &InstanceInfo::listFromJson,
                                                  &InstanceInfo::listToJson);
    };
    kinds.insert(QStringLiteral("app-spec.docs-sample.json"), {false, spec});
    kinds.insert(QStringLiteral("app-spec.test_app.json"), {false, spec});
    for (const char *name :
         {"op-create.json", "op-destroy.json", "op-replace-instances.json", "op-scale.json",
          "op-start-instances.json", "op-stop-instances.json", "op-suspend.json"})
        kinds.insert(QString::fromLatin1(name), {false, op});
    kinds.insert(QStringLiteral("resp-application-instance-info.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<InstanceInfo>(v);
                  }});
    kinds.insert(QStringLiteral("resp-application-instances.json"), {true, instances});
    kinds.insert(QStringLiteral("resp-application-old-instances.json"), {true, instances});
    kinds.insert(QStringLiteral("resp-application-spec.json"), {true, spec});
    kinds.insert(QStringLiteral("resp-application-summary.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<AppSummary>(v);
                  }});
    kinds.insert(QStringLiteral("resp-applications-list.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripWith<QMap<QString, AppSummary>>(v, &AppSummary::mapFromJson,
                                                                      &AppSummary::mapToJson);
                  }});
    kinds.insert(QStringLiteral("resp-cancel-success.json"), {true, Codec()});
    kinds.insert(QStringLiteral("resp-cluster-summary.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<ClusterSummary>(v);
                  }});
    kinds.insert(QStringLiteral("resp-endpoints.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripWith<QList<ExposedAppInfo>>(v, &ExposedAppInfo::listFromJson,
                                                                  &ExposedAppInfo::listToJson);
                  }});
    kinds.insert(QStringLiteral("resp-events-latest.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<DroveEventsList>(v);
                  }});
    kinds.insert(QStringLiteral("resp-events-legacy-list.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripWith<QList<DroveEvent>>(v, &DroveEventsList::listFromJson,
                                                              &DroveEventsList::listToJson);
                  }});
    kinds.insert(QStringLiteral("resp-events-summary.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<DroveEventsSummary>(v);
                  }});
    kinds.insert(QStringLiteral("resp-executor-details.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<ExecutorNodeData>(v);
                  }});
    kinds.insert(QStringLiteral("resp-executors-blacklist.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<BlacklistOperationResponse>(v);
                  }});
    kinds.insert(QStringLiteral("resp-executors-list.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripWith<QList<ExecutorSummary>>(
                          v, &ExecutorSummary::listFromJson, &ExecutorSummary::listToJson);
                  }});
    const auto stateData = [](const QJsonValue &v) {
        return roundTripValue<ClusterStateData>(v);
    };
    kinds.insert(QStringLiteral("resp-maintenance-set.json"), {true, stateData});
    kinds.insert(QStringLiteral("resp-maintenance-unset.json"), {true, stateData});
    kinds.insert(QStringLiteral("resp-operation-accepted.json"),
                 {true, [](const QJsonValue &v) {
                      return roundTripValue<AppIdResponse>(v);
                  }});
    kinds.insert(QStringLiteral("resp-ping.json"), {true, [](const QJsonValue &v) {
                                                        RoundTrip result;
                                                        result.decoded = v.isString();
                                                        result.encoded = QJsonValue(v.toString());
                                                        result.stable = v.toString()
                                                            == QStringLiteral("pong");
                                                        return result;
                                                    }});
    return kinds;
}

// Paths (relative to the decoded value) deliberately not written back, with the reason.
// "blacklisted": the docs sample predates `executorState`; current Drove no longer emits it
// (drove-api.md §2.2 item 5). It is read and mapped to executorState instead.
const QStringList kExceptions {QStringLiteral("resp-executor-details.json:blacklisted")};

QDir referenceDir()
{
    return QDir(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference"));
}

// Every key/value of `original` must be in `encoded`. Durations may be normalised
// ("5m" → "5 minutes"); numbers compare by value.
void compareSubset(const QJsonValue &original, const QJsonValue &encoded, const QString &path,
                   const QString &file, QStringList &problems)
{
    if (kExceptions.contains(file + QLatin1Char(':') + path))
        return;
    if (original.isObject()) {
        if (!encoded.isObject()) {
            problems << path + QStringLiteral(": object became ") + QString::number(encoded.type());
            return;
        }
        const QJsonObject a = original.toObject();
        const QJsonObject b = encoded.toObject();
        for (auto it = a.constBegin(); it != a.constEnd(); ++it) {
            const QString child = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            if (kExceptions.contains(file + QLatin1Char(':') + child))
                continue;
            if (!b.contains(it.key())) {
                if (!it->isNull())
                    problems << child + QStringLiteral(": missing after re-encoding");
                continue;
            }
            compareSubset(*it, b.value(it.key()), child, file, problems);
        }
        return;
    }
    if (original.isArray()) {
        const QJsonArray a = original.toArray();
        const QJsonArray b = encoded.toArray();
        if (!encoded.isArray() || a.size() != b.size()) {
            problems << path + QStringLiteral(": array size changed");
            return;
        }
        for (qsizetype i = 0; i < a.size(); ++i)
            compareSubset(a.at(i), b.at(i), path + QStringLiteral("[%1]").arg(i), file, problems);
        return;
    }
    if (original == encoded)
        return;
    if (original.isString() && encoded.isString()) {
        const auto duration = Duration::parse(original.toString());
        if (duration && duration->toString() == encoded.toString())
            return;
    }
    if (original.isDouble() && encoded.isDouble() && original.toDouble() == encoded.toDouble())
        return;
    problems << QStringLiteral("%1: %2 became %3")
                    .arg(path,
                         QString::fromUtf8(
                             QJsonDocument(QJsonArray {original}).toJson(QJsonDocument::Compact)),
                         QString::fromUtf8(
                             QJsonDocument(QJsonArray {encoded}).toJson(QJsonDocument::Compact)));
}

} // namespace

class TestReferencePayloads : public QObject
{
    Q_OBJECT

private slots:
    void everyFileHasAType();
    void roundTrip_data();
    void roundTrip();
    void maskedSpecMatchesTheSpecEndpoint();
    void opBodiesAreExactlyTheSeedShapes();
};

void TestReferencePayloads::everyFileHasAType()
{
    const QStringList files = referenceDir().entryList({QStringLiteral("*.json")}, QDir::Files);
    QCOMPARE(files.size(), 28);
    const auto kinds = fileKinds();
    for (const QString &file : files)
        QVERIFY2(kinds.contains(file), qPrintable(file + QStringLiteral(" has no decoder")));
}

void TestReferencePayloads::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    const auto kinds = fileKinds();
    for (auto it = kinds.constBegin(); it != kinds.constEnd(); ++it)
        QTest::newRow(it.key().toLatin1().constData()) << it.key();
}

void TestReferencePayloads::roundTrip()
{
    QFETCH(QString, file);
    QFile input(referenceDir().filePath(file));
    QVERIFY(input.open(QIODevice::ReadOnly));
    ParseError error;
    const std::optional<QJsonDocument> document = parseDocument(input.readAll(), &error);
    QVERIFY2(document, qPrintable(error.toString()));
    const QJsonObject root = document->object();
    const FileKind kind = fileKinds().value(file);

    QJsonValue payload = root;
    if (kind.envelope) {
        const std::optional<ApiResponse> envelope = ApiResponse::fromJson(root, &error);
        QVERIFY2(envelope, qPrintable(error.toString()));
        QVERIFY(envelope->isSuccess());
        QCOMPARE(envelope->message, QStringLiteral("success"));
        QCOMPARE(envelope->data.has_value(), bool(kind.codec));
        // The envelope itself round-trips key by key.
        QStringList problems;
        compareSubset(root, envelope->toJson(), QString(), QString(), problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        if (!kind.codec)
            return;
        payload = *envelope->data;
    }

    const RoundTrip result = kind.codec(payload);
    QVERIFY2(result.decoded, qPrintable(result.error));
    QVERIFY2(result.stable, "decode(encode(x)) != x");
    QStringList problems;
    compareSubset(payload, result.encoded, QString(), file, problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestReferencePayloads::maskedSpecMatchesTheSpecEndpoint()
{
    QFile specFile(referenceDir().filePath(QStringLiteral("app-spec.test_app.json")));
    QVERIFY(specFile.open(QIODevice::ReadOnly));
    const auto spec = ApplicationSpec::fromJson(parseDocument(specFile.readAll())->object());
    QVERIFY(spec);
    QCOMPARE(spec->appId(), QStringLiteral("TEST_APP-1"));
    QCOMPARE(spec->cpuCount(), qint64(1));
    QCOMPARE(spec->memoryMb(), qint64(128));
    QVERIFY(spec->configs && !spec->configs->isEmpty());
    QCOMPARE(spec->configs->first().data, QByteArray("Drove test"));

    const ApplicationSpec masked = spec->masked();
    QVERIFY(masked.configs->first().data.isEmpty());
    QCOMPARE(masked.configs->first().toJson().value(QStringLiteral("data")).toString(), QString());
    // The original is untouched.
    QCOMPARE(spec->configs->first().data, QByteArray("Drove test"));

    // HTTP fetch secrets are masked, absent ones stay absent.
    ConfigSpec fetch;
    fetch.type = ConfigType::ControllerHttpFetch;
    fetch.localFilename = QStringLiteral("/etc/x");
    HttpCallSpec http;
    http.hostname = QStringLiteral("config.local");
    http.username = QStringLiteral("bob");
    http.password = QStringLiteral("secret");
    fetch.http = http;
    ApplicationSpec withFetch = *spec;
    withFetch.configs = QList<ConfigSpec> {fetch};
    const QJsonObject httpJson = withFetch.masked()
                                     .toJson()
                                     .value(QStringLiteral("configs"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QStringLiteral("http"))
                                     .toObject();
    QCOMPARE(httpJson.value(QStringLiteral("username")).toString(), QStringLiteral("***"));
    QCOMPARE(httpJson.value(QStringLiteral("password")).toString(), QStringLiteral("***"));
    QVERIFY(!httpJson.contains(QStringLiteral("authHeader")));
}

void TestReferencePayloads::opBodiesAreExactlyTheSeedShapes()
{
    // For ops the re-encoded body has exactly the keys of the documented body, no more.
    const QStringList files = referenceDir().entryList({QStringLiteral("op-*.json")}, QDir::Files);
    QCOMPARE(files.size(), 7);
    for (const QString &file : files) {
        QFile input(referenceDir().filePath(file));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QJsonObject original = parseDocument(input.readAll())->object();
        const auto op = ApplicationOperation::fromJson(original);
        QVERIFY2(op, qPrintable(file));
        QCOMPARE(op->toJson().keys(), original.keys());
        QCOMPARE(op->toJson().value(QStringLiteral("opSpec")).toObject().keys(),
                 original.value(QStringLiteral("opSpec")).toObject().keys());
    }
}

QTEST_APPLESS_MAIN(TestReferencePayloads)
#include "tst_referencepayloads.moc"
