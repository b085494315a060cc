// Dropwizard Duration grammar both ways (drove-api.md §0).
#include "protocol/duration.h"

#include <QJsonValue>
#include <QTest>

using drove::protocol::Duration;
using drove::protocol::ParseError;

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parsesValid_data();
    void parsesValid();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void fromMilliseconds_data();
    void fromMilliseconds();
    void conversionsSaturate();
    void equalityIsPerUnit();
    void jsonDecodingNamesTheField();
};

void TestDuration::parsesValid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("output");
    QTest::addColumn<qint64>("milliseconds");

    QTest::newRow("5m short minutes") << "5m"
                                      << "5 minutes" << qint64(300000);
    QTest::newRow("5 minutes") << "5 minutes"
                               << "5 minutes" << qint64(300000);
    QTest::newRow("300s") << "300s"
                          << "300 seconds" << qint64(300000);
    QTest::newRow("100 seconds") << "100 seconds"
                                 << "100 seconds" << qint64(100000);
    QTest::newRow("1 second singular") << "1 second"
                                       << "1 second" << qint64(1000);
    QTest::newRow("1s becomes singular") << "1s"
                                         << "1 second" << qint64(1000);
    QTest::newRow("1 seconds becomes singular") << "1 seconds"
                                                << "1 second" << qint64(1000);
    QTest::newRow("0 seconds plural") << "0 seconds"
                                      << "0 seconds" << qint64(0);
    QTest::newRow("min") << "2min"
                         << "2 minutes" << qint64(120000);
    QTest::newRow("mins") << "2 mins"
                          << "2 minutes" << qint64(120000);
    QTest::newRow("1 minute") << "1 minute"
                              << "1 minute" << qint64(60000);
    QTest::newRow("h") << "2h"
                       << "2 hours" << qint64(7200000);
    QTest::newRow("hour") << "1 hour"
                          << "1 hour" << qint64(3600000);
    QTest::newRow("d") << "1d"
                       << "1 day" << qint64(86400000);
    QTest::newRow("days") << "3 days"
                          << "3 days" << qint64(259200000);
    QTest::newRow("ms") << "1500ms"
                        << "1500 milliseconds" << qint64(1500);
    QTest::newRow("millisecond") << "1 millisecond"
                                 << "1 millisecond" << qint64(1);
    QTest::newRow("us truncates to ms") << "2500us"
                                        << "2500 microseconds" << qint64(2);
    QTest::newRow("microsecond") << "1 microsecond"
                                 << "1 microsecond" << qint64(0);
    QTest::newRow("ns") << "5000000ns"
                        << "5000000 nanoseconds" << qint64(5);
    QTest::newRow("nanoseconds") << "7 nanoseconds"
                                 << "7 nanoseconds" << qint64(0);
    QTest::newRow("tab between") << "5\tm"
                                 << "5 minutes" << qint64(300000);
    QTest::newRow("several spaces") << "5   seconds"
                                    << "5 seconds" << qint64(5000);
    QTest::newRow("leading zeros") << "007s"
                                   << "7 seconds" << qint64(7000);
    QTest::newRow("max long") << "9223372036854775807ns"
                              << "9223372036854775807 nanoseconds" << qint64(9223372036854);
}

void TestDuration::parsesValid()
{
    QFETCH(QString, input);
    QFETCH(QString, output);
    QFETCH(qint64, milliseconds);

    QString error;
    const std::optional<Duration> duration = Duration::parse(input, &error);
    QVERIFY2(duration.has_value(), qPrintable(error));
    QCOMPARE(duration->toString(), output);
    QCOMPARE(duration->toMilliseconds(), milliseconds);
    // Output parses back to the same value (stable round trip).
    QCOMPARE(Duration::parse(output), duration);
}

void TestDuration::rejectsInvalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << ""
                           << "Invalid duration: ";
    QTest::newRow("no unit") << "5"
                             << "Invalid duration: 5";
    QTest::newRow("digits only") << "300"
                                 << "Invalid duration: 300. Wrong time unit";
    QTest::newRow("no count") << "minutes"
                              << "Invalid duration: minutes";
    QTest::newRow("fraction") << "1.5s"
                              << "Invalid duration: 1.5s. Wrong time unit";
    QTest::newRow("negative") << "-5s"
                              << "Invalid duration: -5s";
    QTest::newRow("uppercase unit") << "5M"
                                    << "Invalid duration: 5M. Wrong time unit";
    QTest::newRow("capitalised unit") << "5 Minutes"
                                      << "Invalid duration: 5 Minutes. Wrong time unit";
    QTest::newRow("unknown unit") << "5 parsecs"
                                  << "Invalid duration: 5 parsecs. Wrong time unit";
    QTest::newRow("weeks not supported") << "1w"
                                         << "Invalid duration: 1w. Wrong time unit";
    QTest::newRow("leading space") << " 5s"
                                   << "Invalid duration:  5s";
    QTest::newRow("trailing space") << "5s "
                                    << "Invalid duration: 5s ";
    QTest::newRow("two words") << "5 m s"
                               << "Invalid duration: 5 m s";
    QTest::newRow("count beyond long")
        << "9223372036854775808s"
        << "Invalid duration: 9223372036854775808s. Count out of range";
    QTest::newRow("unicode digits") << QString::fromUtf8("\xef\xbc\x95s")
                                    << QString::fromUtf8("Invalid duration: \xef\xbc\x95s");
    QTest::newRow("non-breaking space")
        << QString::fromUtf8("5\xc2\xa0s")
        << QString::fromUtf8("Invalid duration: 5\xc2\xa0s. Wrong time unit");
}

void TestDuration::rejectsInvalid()
{
    QFETCH(QString, input);
    QFETCH(QString, message);

    QString error;
    QVERIFY(!Duration::parse(input, &error).has_value());
    QCOMPARE(error, message);
}

void TestDuration::fromMilliseconds_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << "0 seconds";
    QTest::newRow("negative clamps") << qint64(-5) << "0 seconds";
    QTest::newRow("ms") << qint64(1500) << "1500 milliseconds";
    QTest::newRow("seconds") << qint64(30000) << "30 seconds";
    QTest::newRow("minutes") << qint64(300000) << "5 minutes";
    QTest::newRow("one hour") << qint64(3600000) << "1 hour";
    QTest::newRow("days") << qint64(172800000) << "2 days";
    QTest::newRow("90 minutes") << qint64(5400000) << "90 minutes";
}

void TestDuration::fromMilliseconds()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    const Duration duration = Duration::fromMilliseconds(ms);
    QCOMPARE(duration.toString(), text);
    QCOMPARE(duration.toMilliseconds(), qMax<qint64>(ms, 0));
}

void TestDuration::conversionsSaturate()
{
    const Duration huge = Duration::days(std::numeric_limits<qint64>::max() / 2);
    QCOMPARE(huge.toMilliseconds(), std::numeric_limits<qint64>::max());
    QCOMPARE(huge.toSeconds(), std::numeric_limits<qint64>::max());
    QCOMPARE(Duration::minutes(5).toSeconds(), qint64(300));
}

void TestDuration::equalityIsPerUnit()
{
    QVERIFY(Duration::minutes(5) != Duration::seconds(300));
    QVERIFY(Duration::minutes(5).isEquivalent(Duration::seconds(300)));
    QVERIFY(Duration::seconds(300).isEquivalent(Duration::minutes(5)));
    QVERIFY(!Duration::minutes(5).isEquivalent(Duration::seconds(301)));
    QVERIFY(!Duration::days(std::numeric_limits<qint64>::max())
                 .isEquivalent(Duration::nanoseconds(std::numeric_limits<qint64>::max())));
    QCOMPARE(Duration::parse(QStringLiteral("5m")), Duration::parse(QStringLiteral("5 minutes")));
}

void TestDuration::jsonDecodingNamesTheField()
{
    ParseError error;
    QVERIFY(!Duration::fromJson(QJsonValue(300), &error, QStringLiteral("opSpec.timeout")));
    QCOMPARE(error.field, QStringLiteral("opSpec.timeout"));
    QVERIFY(error.message.contains(QStringLiteral("duration string")));

    QVERIFY(!Duration::fromJson(QJsonValue(QStringLiteral("5 fortnights")), &error,
                                QStringLiteral("opSpec.timeout")));
    QCOMPARE(error.toString(),
             QStringLiteral("opSpec.timeout: Invalid duration: 5 fortnights. Wrong time unit"));

    const auto ok = Duration::fromJson(QJsonValue(QStringLiteral("5m")), &error);
    QVERIFY(ok);
    QCOMPARE(ok->toJson(), QJsonValue(QStringLiteral("5 minutes")));
}

QTEST_APPLESS_MAIN(TestDuration)
#include "tst_duration.moc"
