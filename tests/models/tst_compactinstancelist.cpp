// What the session keeps of every executor's instances (CompactInstanceList): the fields it
// keeps come back exactly, the ones it drops come back empty (never invented), repeated texts
// are held once, and it is small enough for 100,000 instances (issue 18: ≤ 80 MiB in all).

#include "models/compactinstancelist.h"
#include "protocol/executornodedata.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace drove;
using namespace drove::models;
using protocol::InstanceInfo;
using protocol::InstanceState;

class TestCompactInstanceList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realExecutorDetailsComeBackWithoutWhatIsNotKept();
    void everyKeptFieldRoundTrips();
    void repeatedTextsAreHeldOnce();
    void aHundredInstancesTakeAFewKilobytes();
};

namespace {

/// What CompactInstanceList keeps of `info`: the same record without app name, ports,
/// metadata and error message.
InstanceInfo kept(InstanceInfo info)
{
    info.appName.clear();
    info.metadata.clear();
    info.errorMessage.clear();
    if (info.localInfo)
        info.localInfo->ports.clear();
    return info;
}

InstanceInfo sample(int i)
{
    InstanceInfo info;
    info.appId = QStringLiteral("APP-%1").arg(i % 7);
    info.appName = QStringLiteral("APP");
    info.instanceId = QStringLiteral("AI-%1-0c5d7e1a-8f3b-4c3e-9b7a-1f2e3d4c5b6a").arg(i);
    info.executorId = QStringLiteral("ex-1");
    info.localInfo.emplace();
    info.localInfo->hostname = QStringLiteral("host-1.example");
    protocol::InstancePort port;
    port.containerPort = 8000;
    port.hostPort = 30000 + i;
    port.portType = protocol::PortType::Http;
    info.localInfo->ports.insert(QStringLiteral("main"), port);
    info.resources << protocol::ResourceAllocation::cpu({{QStringLiteral("0"), {2 * i, 2 * i + 1}}})
                   << protocol::ResourceAllocation::memory({{QStringLiteral("0"), 512}});
    info.state = i % 3 == 0 ? InstanceState::Healthy : InstanceState::Starting;
    info.stateText = protocol::toString(info.state);
    info.created = 1719892354194 + i;
    info.updated = 1719897100104 + i;
    return info;
}

} // namespace

void TestCompactInstanceList::realExecutorDetailsComeBackWithoutWhatIsNotKept()
{
    // A real controller's answer (shared/drove-reference), decoded the way the client does.
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/resp-executor-details.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonValue data
        = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("data"));
    const auto node = protocol::ExecutorNodeData::fromJson(data);
    QVERIFY(node);
    QCOMPARE(node->instances.size(), 1);

    StringPool pool;
    const CompactInstanceList list = CompactInstanceList::pack(node->instances, pool);
    QCOMPARE(list.size(), 1);
    const InstanceInfo &original = node->instances.constFirst();
    QCOMPARE(list.instance(0), kept(original));
    QCOMPARE(list.appId(0), QStringLiteral("TEST_APP-1"));
    QCOMPARE(list.instanceId(0), QStringLiteral("AI-58eb1111-8c2c-4ea2-a159-8fc68010a146"));
    QCOMPARE(list.hostname(0), QStringLiteral("ppessdev"));
    QCOMPARE(list.state(0), InstanceState::Healthy);
    // The ports are not kept: the record says none rather than a wrong one.
    QVERIFY(list.instance(0).localInfo->ports.isEmpty());
    QCOMPARE(list.instances(), QList<InstanceInfo> {kept(original)});
}

void TestCompactInstanceList::everyKeptFieldRoundTrips()
{
    QList<InstanceInfo> instances;
    for (int i = 0; i < 20; ++i)
        instances << sample(i);
    // The unusual ones: no local info, no state text, no resources, several NUMA nodes, memory
    // above 2^32 MB and negative times, a non-ASCII id, an executor other than the list's.
    instances[3].localInfo.reset();
    instances[4].stateText.clear();
    instances[5].resources.clear();
    instances[6].resources
        = {protocol::ResourceAllocation::cpu(
               {{QStringLiteral("0"), {1, 3}}, {QStringLiteral("1"), {17}}}),
           protocol::ResourceAllocation::memory(
               {{QStringLiteral("0"), 5'000'000'000'000LL}, {QStringLiteral("1"), 1}})};
    instances[7].created = -5;
    instances[7].updated = std::numeric_limits<qint64>::max();
    instances[8].instanceId = QStringLiteral("AI-über-€-%1").arg(8);
    instances[9].executorId = QStringLiteral("ex-other");
    instances[10].state = InstanceState::Unknown;
    instances[10].stateText = QStringLiteral("SOMETHING_NEWER");

    StringPool pool;
    const CompactInstanceList list = CompactInstanceList::pack(instances, pool);
    QCOMPARE(list.size(), instances.size());
    for (int i = 0; i < instances.size(); ++i) {
        QCOMPARE(list.instance(i), kept(instances.at(i)));
        QCOMPARE(list.instanceId(i), instances.at(i).instanceId);
        QCOMPARE(list.appId(i), instances.at(i).appId);
        QCOMPARE(list.executorId(i), instances.at(i).executorId);
        QCOMPARE(list.state(i), instances.at(i).state);
        QCOMPARE(list.stateText(i), instances.at(i).stateText);
        QCOMPARE(list.created(i), instances.at(i).created);
        QCOMPARE(list.updated(i), instances.at(i).updated);
    }
    QVERIFY(!list.instance(3).localInfo);
    QCOMPARE(list.hostname(3), QString());

    // Equal lists compare equal; one field apart, not.
    QVERIFY(CompactInstanceList::pack(instances, pool) == list);
    instances[11].resources[0].cores[QStringLiteral("0")] = {99};
    QVERIFY(CompactInstanceList::pack(instances, pool) != list);
    QVERIFY(CompactInstanceList() != list);
    QVERIFY(CompactInstanceList::pack({}, pool).isEmpty());
}

void TestCompactInstanceList::repeatedTextsAreHeldOnce()
{
    StringPool pool;
    const CompactInstanceList first = CompactInstanceList::pack({sample(0), sample(1)}, pool);
    // Another executor's list, decoded separately: its own copies of the same texts (sample(7)
    // is of APP-0 too).
    const InstanceInfo other = sample(7);
    QVERIFY(other.appId.constData() != first.appId(0).constData());
    const CompactInstanceList second = CompactInstanceList::pack({other}, pool);
    QCOMPARE(second.appId(0), first.appId(0));
    QCOMPARE(second.appId(0).constData(), first.appId(0).constData());
    QCOMPARE(second.hostname(0).constData(), first.hostname(1).constData());
    QCOMPARE(second.stateText(0).constData(), first.stateText(1).constData()); // STARTING
    // APP-0, APP-1, ex-1, host-1.example, HEALTHY, STARTING, "0"
    QCOMPARE(pool.size(), 7);
}

void TestCompactInstanceList::aHundredInstancesTakeAFewKilobytes()
{
    QList<InstanceInfo> instances;
    for (int i = 0; i < 100; ++i)
        instances << sample(i);
    StringPool pool;
    const CompactInstanceList list = CompactInstanceList::pack(instances, pool);
    // 100,000 instances within ~15 MiB: the budget left of 80 MiB beside 10,000 apps.
    const qsizetype perInstance = list.bytes() / list.size();
    qInfo("%lld bytes an instance", qlonglong(perInstance));
    QVERIFY2(perInstance <= 160, qPrintable(QString::number(perInstance)));
}

QTEST_GUILESS_MAIN(TestCompactInstanceList)
#include "tst_compactinstancelist.moc"
