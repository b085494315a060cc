// What the tables print for sizes, times and durations (models/formatting.h).
#include "models/formatting.h"

#include <QLocale>
#include <QTest>

using namespace drove::models;

class TestFormatting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void timestampPutsTheTimeOfDayFirst_data();
    void timestampPutsTheTimeOfDayFirst();
    void elapsed_data();
    void elapsed();
};

void TestFormatting::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void TestFormatting::timestampPutsTheTimeOfDayFirst_data()
{
    // A narrow column cut "7 Dec 2026 0…": the time of day must come first, the date only when
    // it is not today.
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QString>("expected");
    QTest::newRow("today") << QDateTime(QDate(2026, 12, 7), QTime(4, 21, 1)) << "04:21:01";
    QTest::newRow("just after midnight")
        << QDateTime(QDate(2026, 12, 7), QTime(0, 0, 5)) << "00:00:05";
    QTest::newRow("yesterday") << QDateTime(QDate(2026, 12, 6), QTime(23, 59, 59))
                               << "23:59:59, 6 Dec";
    QTest::newRow("last year") << QDateTime(QDate(2025, 12, 31), QTime(12, 0, 0))
                               << "12:00:00, 31 Dec 2025";
}

void TestFormatting::timestampPutsTheTimeOfDayFirst()
{
    QFETCH(QDateTime, when);
    QFETCH(QString, expected);
    const QDateTime now(QDate(2026, 12, 7), QTime(14, 0, 0));
    QCOMPARE(format::timestamp(when.toMSecsSinceEpoch(), now), expected);
    QCOMPARE(format::timestamp(0, now), QString());
    QVERIFY(format::fullTimestamp(when.toMSecsSinceEpoch())
                .contains(QString::number(when.date().year())));
}

void TestFormatting::elapsed_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("expected");
    QTest::newRow("seconds") << qint64(45'000) << "45s";
    QTest::newRow("negative is zero") << qint64(-5) << "0s";
}

void TestFormatting::elapsed()
{
    QFETCH(qint64, ms);
    QFETCH(QString, expected);
    QCOMPARE(format::elapsed(ms), expected);
}

QTEST_GUILESS_MAIN(TestFormatting)
#include "tst_formatting.moc"
