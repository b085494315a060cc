#include "ui/jsonlinelocator.h"

#include <QTest>

using drove::ui::JsonLineLocator;

class TestJsonLineLocator : public QObject
{
    Q_OBJECT

private slots:
    void paths_data();
    void paths();
    void malformedTextStillLocatesWhatWasRead();
    void offsets();
};

namespace {

const QString kSpec = QStringLiteral(R"({
    "name": "TEST_APP",
    "version": "1",
    "exposedPorts": [
        {
            "name": "main",
            "port": 8000
        },
        { "name": "admin", "port": 8001 }
    ],
    "resources": [{"type": "CPU", "count": 1}],
    "tags": {"quote\"key": "v"},
    "healthcheck": {
        "mode": {
            "portName": "main"
        }
    }
})");

} // namespace

void TestJsonLineLocator::paths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("line");
    QTest::newRow("document") << "" << 1;
    QTest::newRow("top-level string") << "name" << 2;
    QTest::newRow("array") << "exposedPorts" << 4;
    QTest::newRow("array element") << "exposedPorts[0]" << 5;
    QTest::newRow("nested number") << "exposedPorts[0].port" << 7;
    QTest::newRow("second element inline") << "exposedPorts[1].port" << 9;
    QTest::newRow("one-line array") << "resources[0].count" << 11;
    QTest::newRow("escaped key") << "tags.quote\"key" << 12;
    QTest::newRow("deep") << "healthcheck.mode.portName" << 15;
    QTest::newRow("unknown child falls back to parent") << "healthcheck.timeout" << 13;
    QTest::newRow("unknown index falls back to array") << "exposedPorts[5].name" << 4;
}

void TestJsonLineLocator::paths()
{
    QFETCH(QString, path);
    QFETCH(int, line);
    QCOMPARE(JsonLineLocator(kSpec).lineOf(path), line);
}

void TestJsonLineLocator::malformedTextStillLocatesWhatWasRead()
{
    const JsonLineLocator locator(QStringLiteral("{\n \"a\": 1,\n \"b\": [1, \n"));
    QCOMPARE(locator.lineOf(QStringLiteral("a")), 2);
    QCOMPARE(locator.lineOf(QStringLiteral("b[1]")), 3);
    QVERIFY(!locator.contains(QStringLiteral("c")));
}

void TestJsonLineLocator::offsets()
{
    const JsonLineLocator locator(QStringLiteral("ab\ncd\nef"));
    QCOMPARE(locator.lineAtOffset(0), 1);
    QCOMPARE(locator.lineAtOffset(3), 2);
    QCOMPARE(locator.lineAtOffset(7), 3);
    QCOMPARE(locator.lineAtOffset(999), 3);
}

QTEST_GUILESS_MAIN(TestJsonLineLocator)
#include "tst_jsonlinelocator.moc"
