// Codec throughput of the protocol layer (QBENCHMARK; run with -median 5 for stable numbers).
#include "protocol/applicationoperation.h"
#include "protocol/droveeventslist.h"
#include "protocol/instanceinfo.h"
#include "protocol/operationvalidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace drove::protocol;

namespace {

QJsonObject readObject(const QString &name)
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing reference file");
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray instancesBody(int count)
{
    const QJsonObject one = readObject(QStringLiteral("resp-application-instance-info.json"))
                                .value(QStringLiteral("data"))
                                .toObject();
    QJsonArray array;
    for (int i = 0; i < count; ++i) {
        QJsonObject copy = one;
        copy.insert(QStringLiteral("instanceId"), QStringLiteral("AI-%1").arg(i));
        array.append(copy);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray eventsBody(int count)
{
    const QJsonArray sample = readObject(QStringLiteral("resp-events-legacy-list.json"))
                                  .value(QStringLiteral("data"))
                                  .toArray();
    QJsonArray events;
    for (int i = 0; i < count; ++i)
        events.append(sample.at(i % sample.size()));
    return QJsonDocument(QJsonObject {{QStringLiteral("events"), events},
                                      {QStringLiteral("lastSyncTime"), 1}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class BenchProtocol : public QObject
{
    Q_OBJECT

private slots:
    void createOperationDecodeValidateEncode();
    void instanceList1000Decode();
    void instanceList1000Encode();
    void events1024Decode();
    void durationParse();
};

void BenchProtocol::createOperationDecodeValidateEncode()
{
    const QByteArray body = QJsonDocument(readObject(QStringLiteral("op-create.json")))
                                .toJson(QJsonDocument::Compact);
    QBENCHMARK
    {
        const auto document = parseDocument(body);
        const auto op = ApplicationOperation::fromJson(document->object());
        const QStringList errors = OperationValidator::validate(*op)
            + OperationValidator::validateSpecSemantics(*op->spec);
        const QByteArray out = QJsonDocument(op->toJson()).toJson(QJsonDocument::Compact);
        if (!errors.isEmpty() || out.isEmpty())
            QFAIL("unexpected");
    }
}

void BenchProtocol::instanceList1000Decode()
{
    const QByteArray body = instancesBody(1000);
    QBENCHMARK
    {
        const auto list = InstanceInfo::listFromJson(parseDocument(body)->array());
        if (!list || list->size() != 1000)
            QFAIL("decode failed");
    }
}

void BenchProtocol::instanceList1000Encode()
{
    const auto list = InstanceInfo::listFromJson(parseDocument(instancesBody(1000))->array());
    QBENCHMARK
    {
        const QByteArray out
            = QJsonDocument(InstanceInfo::listToJson(*list)).toJson(QJsonDocument::Compact);
        if (out.isEmpty())
            QFAIL("encode failed");
    }
}

void BenchProtocol::events1024Decode()
{
    const QByteArray body = eventsBody(1024);
    QBENCHMARK
    {
        const auto list = DroveEventsList::fromJson(parseDocument(body)->object());
        if (!list || list->events.size() != 1024)
            QFAIL("decode failed");
    }
}

void BenchProtocol::durationParse()
{
    const QString text = QStringLiteral("300 seconds");
    QBENCHMARK
    {
        if (!Duration::parse(text))
            QFAIL("parse failed");
    }
}

QTEST_GUILESS_MAIN(BenchProtocol)
#include "bench_protocol.moc"
