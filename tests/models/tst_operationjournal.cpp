#include "models/modelroles.h"
#include "models/operationjournal.h"
#include "models/operationjournalmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using drove::models::OperationJournal;
using Outcome = OperationJournal::Outcome;

namespace {

// A small RFC 4180 reader, independent of the writer under test.
QList<QStringList> parseCsv(const QByteArray &data)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    const QString text = QString::fromUtf8(data);
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row.append(field);
            field.clear();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

QJsonObject payload()
{
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("SCALE")},
                        {QStringLiteral("appId"), QStringLiteral("APP-1")},
                        {QStringLiteral("requiredInstances"), 3}};
}

} // namespace

class TestOperationJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void recordsPersistAndReload();
    void outcomeUpdatesSurviveReload();
    void badLinesAreSkipped();
    void missingFileIsAnEmptyJournal();
    void historyModelFollowsTheJournal();
    void csvQuotesAwkwardFields_data();
    void csvQuotesAwkwardFields();
    void jsonExportRoundTrips();
    void exportToUnwritablePathFails();
    void defaultPathIsUnderAppData();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path() const { return m_dir->filePath(QStringLiteral("journal/ops.jsonl")); }
};

void TestOperationJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOperationJournal::recordsPersistAndReload()
{
    const QDateTime sent = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
    QString id;
    {
        OperationJournal journal(path());
        QSignalSpy added(&journal, &OperationJournal::entryAdded);
        id = journal.record(QStringLiteral("prod-eu"), QStringLiteral("APP-1"),
                            QStringLiteral("SCALE"), payload(), sent);
        QCOMPARE(added.count(), 1);
        QVERIFY(!id.isEmpty());
    }
    OperationJournal reloaded(path());
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.entries().size(), 1);
    const auto entry = reloaded.entry(id);
    QVERIFY(entry);
    QCOMPARE(entry->cluster, QStringLiteral("prod-eu"));
    QCOMPARE(entry->appId, QStringLiteral("APP-1"));
    QCOMPARE(entry->operation, QStringLiteral("SCALE"));
    QCOMPARE(entry->payload, payload());
    QCOMPARE(entry->sentAt, sent);
    QCOMPARE(entry->outcome, Outcome::Pending);
}

void TestOperationJournal::outcomeUpdatesSurviveReload()
{
    QString id;
    {
        OperationJournal journal(path());
        id = journal.record(QStringLiteral("local"), QStringLiteral("APP-1"),
                            QStringLiteral("SCALE"), payload());
        QVERIFY(journal.setOutcome(id, Outcome::TimedOut, QStringLiteral("2 of 3 healthy")));
        QVERIFY(!journal.setOutcome(QStringLiteral("unknown"), Outcome::Completed));
    }
    OperationJournal reloaded(path());
    QVERIFY(reloaded.load());
    const auto entry = reloaded.entry(id);
    QCOMPARE(entry->outcome, Outcome::TimedOut);
    QCOMPARE(entry->detail, QStringLiteral("2 of 3 healthy"));
    QVERIFY(entry->finishedAt.isValid());
}

void TestOperationJournal::badLinesAreSkipped()
{
    QDir().mkpath(m_dir->filePath(QStringLiteral("journal")));
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"kind\":\"sent\",\"id\":\"a\",\"appId\":\"X-1\",\"operation\":\"SUSPEND\"}\n");
    file.write("not json at all\n");
    file.write("{\"kind\":\"outcome\",\"id\":\"missing\",\"outcome\":\"completed\"}\n");
    file.write("{\"kind\":\"outcome\",\"id\":\"a\",\"outcome\":\"nonsense\"}\n");
    file.write("{\"kind\":\"sent\",\"id\":\"b\",\"appId\":\"Y-1\""); // truncated by a crash
    file.close();
    OperationJournal journal(path());
    QVERIFY(journal.load());
    QCOMPARE(journal.entries().size(), 1);
    QCOMPARE(journal.skippedLines(), 4);
    QCOMPARE(journal.entries().first().appId, QStringLiteral("X-1"));
}

void TestOperationJournal::missingFileIsAnEmptyJournal()
{
    OperationJournal journal(m_dir->filePath(QStringLiteral("none.jsonl")));
    QString error;
    QVERIFY(journal.load(&error));
    QVERIFY(journal.entries().isEmpty());
}

void TestOperationJournal::csvQuotesAwkwardFields_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::addColumn<QString>("detail");
    QTest::newRow("comma") << QStringLiteral("prod, eu") << QStringLiteral("a,b");
    QTest::newRow("quotes") << QStringLiteral("the \"big\" one") << QStringLiteral("say \"no\"");
    QTest::newRow("newlines") << QStringLiteral("multi\nline") << QStringLiteral("x\r\ny");
    QTest::newRow("unicode") << QStringLiteral("clüster-ß") << QStringLiteral("→ ok ✓");
    QTest::newRow("spaces") << QStringLiteral(" padded ") << QString();
}

void TestOperationJournal::csvQuotesAwkwardFields()
{
    QFETCH(QString, cluster);
    QFETCH(QString, detail);
    OperationJournal journal(path());
    const QString id
        = journal.record(cluster, QStringLiteral("APP-1"), QStringLiteral("SCALE"), payload());
    journal.setOutcome(id, Outcome::Failed, detail);
    const QList<QStringList> rows = parseCsv(journal.toCsv());
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).first(), QStringLiteral("sentAt"));
    QCOMPARE(rows.at(1).size(), rows.at(0).size());
    QCOMPARE(rows.at(1).at(1), cluster);
    QCOMPARE(rows.at(1).at(4), QStringLiteral("failed"));
    QCOMPARE(rows.at(1).at(5), detail);
    // The payload column is the compact JSON, itself quoted (it contains quotes and commas).
    const QJsonDocument doc = QJsonDocument::fromJson(rows.at(1).at(7).toUtf8());
    QCOMPARE(doc.object(), payload());
}

void TestOperationJournal::jsonExportRoundTrips()
{
    OperationJournal journal(path());
    const QString id = journal.record(QStringLiteral("c\"1"), QStringLiteral("APP-1"),
                                      QStringLiteral("SCALE"), payload());
    journal.setOutcome(id, Outcome::Completed);
    const QString file = m_dir->filePath(QStringLiteral("export.json"));
    QString error;
    QVERIFY2(journal.exportJson(file, &error), qPrintable(error));
    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(in.readAll()).array();
    QCOMPARE(array.size(), 1);
    const QJsonObject entry = array.first().toObject();
    QCOMPARE(entry.value(QStringLiteral("cluster")).toString(), QStringLiteral("c\"1"));
    QCOMPARE(entry.value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
    QCOMPARE(entry.value(QStringLiteral("payload")).toObject(), payload());
    QVERIFY(entry.value(QStringLiteral("sentAt")).toString().endsWith(QLatin1Char('Z')));
}

void TestOperationJournal::exportToUnwritablePathFails()
{
    OperationJournal journal(path());
    QString error;
    QVERIFY(!journal.exportCsv(m_dir->filePath(QStringLiteral("no/such/dir/x.csv")), &error));
    QVERIFY(!error.isEmpty());
}

void TestOperationJournal::defaultPathIsUnderAppData()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(
        OperationJournal::defaultFilePath().endsWith(QStringLiteral("/operations-journal.jsonl")));
    OperationJournal journal;
    QCOMPARE(journal.filePath(), OperationJournal::defaultFilePath());
}

void TestOperationJournal::historyModelFollowsTheJournal()
{
    OperationJournal journal(path());
    const QString first = journal.record(QStringLiteral("prod"), QStringLiteral("APP-1"),
                                         QStringLiteral("SCALE"), payload());
    drove::models::OperationJournalModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJournal(&journal);
    QCOMPARE(model.rowCount(), 1); // entries already there are shown
    QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    const QString second = journal.record(QStringLiteral("prod"), QStringLiteral("APP-2"),
                                          QStringLiteral("DESTROY"), QJsonObject());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    const auto cell = [&model](int row, int column) {
        return model.index(row, column).data();
    };
    QCOMPARE(cell(1, drove::models::OperationJournalModel::AppColumn).toString(),
             QStringLiteral("APP-2"));
    QCOMPARE(cell(1, drove::models::OperationJournalModel::OperationColumn).toString(),
             QStringLiteral("DESTROY"));
    QCOMPARE(cell(1, drove::models::OperationJournalModel::OutcomeColumn).toString(),
             QStringLiteral("pending"));
    QCOMPARE(model.index(1, 0).data(drove::models::RowKeyRole).toString(), second);

    journal.setOutcome(first, OperationJournal::Outcome::Cancelled, QStringLiteral("by alice"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(cell(0, drove::models::OperationJournalModel::OutcomeColumn).toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(cell(0, drove::models::OperationJournalModel::DetailColumn).toString(),
             QStringLiteral("by alice"));
    QCOMPARE(model.index(0, 0).data(drove::models::OutcomeRole).toInt(),
             int(OperationJournal::Outcome::Cancelled));
    QVERIFY(model.index(0, 0)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("requiredInstances")));
    QVERIFY(!cell(0, drove::models::OperationJournalModel::FinishedColumn).toString().isEmpty());
    QCOMPARE(resets.count(), 0);

    model.setJournal(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestOperationJournal)
#include "tst_operationjournal.moc"
