// Robustness sweep: every leaf and every object/array of every reference payload is replaced in
// turn by hostile values (null, wrong types, 1e300, a huge string, deep nesting…). Decoding must
// never crash; when it fails it must name a field that exists in the mutated document (or be a
// document-level error), and when it succeeds the value must round-trip.
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/appsummary.h"
#include "protocol/droveeventslist.h"
#include "protocol/executornodedata.h"
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

struct Outcome
{
    bool decoded = false;
    bool stable = true;
    ParseError error;
};

using Decoder = std::function<Outcome(const QJsonValue &)>;

template<typename T>
Outcome decodeAs(const QJsonValue &json)
{
    Outcome outcome;
    const std::optional<T> value = T::fromJson(json, &outcome.error);
    outcome.decoded = value.has_value();
    if (value) {
        const std::optional<T> again = T::fromJson(value->toJson());
        outcome.stable = again && *again == *value;
    }
    return outcome;
}

Outcome decodeInstances(const QJsonValue &json)
{
    Outcome outcome;
    const auto value = InstanceInfo::listFromJson(json, &outcome.error);
    outcome.decoded = value.has_value();
    if (value)
        outcome.stable = InstanceInfo::listFromJson(InstanceInfo::listToJson(*value)) == value;
    return outcome;
}

Outcome decodeApps(const QJsonValue &json)
{
    Outcome outcome;
    const auto value = AppSummary::mapFromJson(json, &outcome.error);
    outcome.decoded = value.has_value();
    if (value)
        outcome.stable = AppSummary::mapFromJson(AppSummary::mapToJson(*value)) == value;
    return outcome;
}

QJsonValue deepArray(int depth)
{
    QJsonValue value = QJsonArray {1};
    for (int i = 0; i < depth; ++i)
        value = QJsonArray {value};
    return value;
}

QList<QJsonValue> hostileValues()
{
    return {QJsonValue(QJsonValue::Null),
            QJsonValue(true),
            QJsonValue(-1),
            QJsonValue(1e300),
            QJsonValue(-1e300),
            QJsonValue(0.5),
            QJsonValue(QStringLiteral("")),
            QJsonValue(QString(100000, QLatin1Char('x'))),
            QJsonValue(QString::fromUtf8("\xf0\x9f\x92\xa5 \xe2\x80\xae")),
            QJsonValue(QJsonArray {}),
            QJsonValue(QJsonObject {}),
            QJsonValue(QJsonObject {{QStringLiteral("type"), QStringLiteral("COMPOSITE")}}),
            deepArray(200)};
}

// Every path in a document: "" for the root, then "a", "a.b", "a[0]"…
void collectPaths(const QJsonValue &value, const QStringList &path, QList<QStringList> &out)
{
    out.append(path);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            collectPaths(*it, path + QStringList {it.key()}, out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectPaths(array.at(i), path + QStringList {QStringLiteral("[%1]").arg(i)}, out);
    }
}

QJsonValue replaced(const QJsonValue &root, const QStringList &path, const QJsonValue &with,
                    qsizetype index = 0)
{
    if (index == path.size())
        return with;
    const QString &step = path.at(index);
    if (step.startsWith(QLatin1Char('['))) {
        QJsonArray array = root.toArray();
        const int i = step.mid(1, step.size() - 2).toInt();
        array[i] = replaced(array.at(i), path, with, index + 1);
        return array;
    }
    QJsonObject object = root.toObject();
    object[step] = replaced(object.value(step), path, with, index + 1);
    return object;
}

QJsonObject load(const QString &name)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestMutations : public QObject
{
    Q_OBJECT

private slots:
    void hostileValuesEverywhere_data();
    void hostileValuesEverywhere();
};

void TestMutations::hostileValuesEverywhere_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("envelope");
    QTest::addColumn<int>("decoder");
    QTest::newRow("create op") << "op-create.json" << false << 0;
    QTest::newRow("docs spec") << "app-spec.docs-sample.json" << false << 1;
    QTest::newRow("instances") << "resp-application-instances.json" << true << 2;
    QTest::newRow("executor details") << "resp-executor-details.json" << true << 3;
    QTest::newRow("events") << "resp-events-latest.json" << true << 4;
    QTest::newRow("applications") << "resp-applications-list.json" << true << 5;
    QTest::newRow("stop op") << "op-stop-instances.json" << false << 0;
}

void TestMutations::hostileValuesEverywhere()
{
    QFETCH(QString, file);
    QFETCH(bool, envelope);
    QFETCH(int, decoder);
    const QList<Decoder> decoders {
        &decodeAs<ApplicationOperation>, &decodeAs<ApplicationSpec>, &decodeInstances,
        &decodeAs<ExecutorNodeData>,     &decodeAs<DroveEventsList>, &decodeApps};
    const Decoder decode = decoders.at(decoder);

    QJsonObject root = load(file);
    QVERIFY(!root.isEmpty());
    const QJsonValue original = envelope ? root.value(QStringLiteral("data")) : QJsonValue(root);
    QVERIFY(decode(original).decoded);

    QList<QStringList> paths;
    collectPaths(original, {}, paths);
    int failures = 0;
    int successes = 0;
    for (const QStringList &path : paths) {
        for (const QJsonValue &hostile : hostileValues()) {
            const QJsonValue mutated = replaced(original, path, hostile);
            const Outcome outcome = decode(mutated);
            if (outcome.decoded) {
                ++successes;
                QVERIFY2(outcome.stable, qPrintable(path.join(QLatin1Char('.'))));
                continue;
            }
            ++failures;
            QVERIFY2(!outcome.error.message.isEmpty(), qPrintable(path.join(QLatin1Char('.'))));
            // The reported field is the mutated path or lies inside/around it.
            const QString reported = outcome.error.field;
            QString expected = path.join(QLatin1Char('.'));
            expected.replace(QStringLiteral(".["), QStringLiteral("["));
            QVERIFY2(reported.isEmpty() || expected.isEmpty() || reported.startsWith(expected)
                         || expected.startsWith(reported),
                     qPrintable(QStringLiteral("mutated %1, error at %2: %3")
                                    .arg(expected, reported, outcome.error.message)));
        }
    }
    // Both outcomes occur: the sweep really exercised the decoders.
    QVERIFY(failures > 0);
    QVERIFY(successes > 0);
}

QTEST_APPLESS_MAIN(TestMutations)
#include "tst_mutations.moc"
