// ~/.drove import with Python configparser semantics, on real-world-shaped files.
#include "client/droveconfigimporter.h"
#include "client/inifile.h"

#include <QtTest>

using namespace drove::client;

namespace {

QString dataFile(const char *name)
{
    return QStringLiteral(DROVE_CLIENT_TEST_DATA "/") + QLatin1String(name);
}

const ImportedCluster *find(const DroveConfigImport &import, const QString &name)
{
    for (const ImportedCluster &cluster : import.clusters) {
        if (cluster.profile.name == name)
            return &cluster;
    }
    return nullptr;
}

} // namespace

class TestDroveConfigImporter : public QObject
{
    Q_OBJECT

private slots:
    void multiCluster();
    void defaultOnly();
    void oldHeaderlessFile();
    void inheritedDefaults();
    void badValuesAreSkippedWithWarnings();
    void multilineValue();
    void unreadableFiles_data();
    void unreadableFiles();
    void iniSemantics_data();
    void iniSemantics();
    void booleans_data();
    void booleans();
};

void TestDroveConfigImporter::multiCluster()
{
    const DroveConfigImport import
        = DroveConfigImporter::importFile(dataFile("multi-cluster.drove"));
    QVERIFY2(import.ok(), qPrintable(import.error));
    QCOMPARE(import.clusters.size(), 3);
    QCOMPARE(import.currentCluster, QStringLiteral("stage"));

    const ImportedCluster *local = find(import, QStringLiteral("local"));
    QVERIFY(local);
    QCOMPARE(local->profile.endpoints,
             QList<QUrl> {QUrl(QStringLiteral("http://localhost:10000"))});
    QCOMPARE(local->profile.authMode, ClusterAuth::Mode::Basic);
    QCOMPARE(local->profile.username, QStringLiteral("admin"));
    QCOMPARE(local->secret, QStringLiteral("admin"));
    QCOMPARE(local->profile.criticality, Criticality::Local);
    QVERIFY(!local->profile.isInsecure()); // DEFAULT insecure = false inherited

    const ImportedCluster *stage = find(import, QStringLiteral("stage"));
    QVERIFY(stage);
    QCOMPARE(stage->profile.endpoints,
             QList<QUrl> {QUrl(QStringLiteral("https://drove.stage.example.com"))});
    QCOMPARE(stage->profile.authMode, ClusterAuth::Mode::Header);
    QCOMPARE(stage->secret, QStringLiteral("O-Bearer eyJhbGciOi%2Fabc==")); // %% unescaped
    QVERIFY(stage->profile.isInsecure());
    QCOMPARE(stage->profile.criticality, Criticality::Integration);

    const ImportedCluster *prod = find(import, QStringLiteral("prod-blr"));
    QVERIFY(prod);
    QCOMPARE(prod->secret, QStringLiteral("Bearer   s3cr3t")); // ':' delimiter, inner spaces kept
    QCOMPARE(prod->profile.criticality, Criticality::Production);
    QVERIFY(!prod->profile.id.isEmpty());
    QVERIFY(prod->profile.id != stage->profile.id);
    QVERIFY(prod->profile.validate().isEmpty());
}

void TestDroveConfigImporter::defaultOnly()
{
    const DroveConfigImport import
        = DroveConfigImporter::importFile(dataFile("default-only.drove"));
    QVERIFY(import.ok());
    QCOMPARE(import.clusters.size(), 1);
    QCOMPARE(import.clusters.first().profile.name, QStringLiteral("DEFAULT"));
    QCOMPARE(import.currentCluster, QStringLiteral("DEFAULT"));
    QCOMPARE(import.clusters.first().secret, QStringLiteral("50%off"));
    QCOMPARE(import.clusters.first().profile.criticality, Criticality::Development);
}

void TestDroveConfigImporter::oldHeaderlessFile()
{
    const DroveConfigImport import
        = DroveConfigImporter::importFile(dataFile("old-headerless.drove"));
    QVERIFY2(import.ok(), qPrintable(import.error));
    QCOMPARE(import.clusters.size(), 1);
    QCOMPARE(import.clusters.first().profile.name, QStringLiteral("default"));
    QCOMPARE(import.currentCluster, QStringLiteral("default"));
    QCOMPARE(import.clusters.first().profile.endpoints.first().port(), 10000);
}

void TestDroveConfigImporter::inheritedDefaults()
{
    const DroveConfigImport import = DroveConfigImporter::importFile(dataFile("inherited.drove"));
    QVERIFY(import.ok());
    QCOMPARE(import.clusters.size(), 2); // "broken" has no endpoint
    const ImportedCluster *a = find(import, QStringLiteral("int-a"));
    const ImportedCluster *b = find(import, QStringLiteral("int-b"));
    QVERIFY(a && b);
    QCOMPARE(a->profile.username, QStringLiteral("deployer"));
    QCOMPARE(a->secret, QStringLiteral("from-default"));
    QVERIFY(a->profile.insecure);
    QCOMPARE(b->secret, QStringLiteral("own-deployer")); // %(username)s interpolation
    QVERIFY(import.warnings.join(QLatin1Char('\n')).contains(QLatin1String("[broken]")));
    QVERIFY(import.currentCluster.isEmpty());
}

void TestDroveConfigImporter::badValuesAreSkippedWithWarnings()
{
    const DroveConfigImport import = DroveConfigImporter::importFile(dataFile("bad-percent.drove"));
    QVERIFY(import.ok());
    const QString warnings = import.warnings.join(QLatin1Char('\n'));
    const ImportedCluster *good = find(import, QStringLiteral("good"));
    QVERIFY(good);
    QCOMPARE(good->secret, QStringLiteral("Token 100%"));
    // A lone % in a password: configparser refuses the value; the user is asked instead.
    const ImportedCluster *bad = find(import, QStringLiteral("bad"));
    QVERIFY(bad);
    QVERIFY(bad->secret.isEmpty());
    QVERIFY(warnings.contains(QLatin1String("[bad] password")));
    QVERIFY(!find(import, QStringLiteral("notaurl")));
    QVERIFY(warnings.contains(QLatin1String("ftp://files.example.com")));
    QVERIFY(warnings.contains(QLatin1String("ghost")));
    QVERIFY(import.currentCluster.isEmpty());
}

void TestDroveConfigImporter::multilineValue()
{
    const DroveConfigImport import = DroveConfigImporter::importFile(dataFile("multiline.drove"));
    QVERIFY(import.ok());
    QCOMPARE(import.clusters.size(), 1);
    QCOMPARE(import.clusters.first().secret, QStringLiteral("Bearer continued-token"));
    QCOMPARE(import.currentCluster, QStringLiteral("wrapped"));
}

void TestDroveConfigImporter::unreadableFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("errorMentions");
    QTest::newRow("missing file") << dataFile("no-such-file.drove") << "does not exist";
    QTest::newRow("duplicate section") << dataFile("duplicate-section.drove") << "line 4";
    QTest::newRow("not ini") << dataFile("garbage.drove") << "line 1";
}

void TestDroveConfigImporter::unreadableFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, errorMentions);
    const DroveConfigImport import = DroveConfigImporter::importFile(path);
    QVERIFY(!import.ok());
    QVERIFY2(import.error.contains(errorMentions), qPrintable(import.error));
    QVERIFY(import.clusters.isEmpty());
}

void TestDroveConfigImporter::iniSemantics_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected"); // "<absent>" / "<error>"

    QTest::newRow("keys are case-insensitive") << "[s]\nEndPoint = x\n"
                                               << "s"
                                               << "ENDPOINT"
                                               << "x";
    QTest::newRow("no inline comments") << "[s]\na = b ; c\n"
                                        << "s"
                                        << "a"
                                        << "b ; c";
    QTest::newRow("hash comment line") << "[s]\n# a = 1\na = 2\n"
                                       << "s"
                                       << "a"
                                       << "2";
    QTest::newRow("indented comment line") << "[s]\n   ; note\na = 2\n"
                                           << "s"
                                           << "a"
                                           << "2";
    QTest::newRow("colon delimiter, first wins") << "[s]\nurl: http://h:1\n"
                                                 << "s"
                                                 << "url"
                                                 << "http://h:1";
    QTest::newRow("equals before colon") << "[s]\na = b:c\n"
                                         << "s"
                                         << "a"
                                         << "b:c";
    QTest::newRow("empty value") << "[s]\na =\n"
                                 << "s"
                                 << "a"
                                 << "";
    QTest::newRow("continuation with blank line") << "[s]\na = one\n  two\n\n  three\nb = 4\n"
                                                  << "s"
                                                  << "a"
                                                  << "one\ntwo\n\nthree";
    QTest::newRow("comment ends continuation") << "[s]\na = one\n# note\n  b = two\n"
                                               << "s"
                                               << "b"
                                               << "two";
    QTest::newRow("default inherited") << "[DEFAULT]\nk = d\n[s]\n"
                                       << "s"
                                       << "k"
                                       << "d";
    QTest::newRow("section overrides default") << "[DEFAULT]\nk = d\n[s]\nk = s\n"
                                               << "s"
                                               << "k"
                                               << "s";
    QTest::newRow("missing key") << "[s]\na = 1\n"
                                 << "s"
                                 << "b"
                                 << "<absent>";
    QTest::newRow("percent escape") << "[s]\na = 100%%\n"
                                    << "s"
                                    << "a"
                                    << "100%";
    QTest::newRow("reference") << "[s]\nhost = h\nurl = http://%(host)s:1\n"
                               << "s"
                               << "url"
                               << "http://h:1";
    QTest::newRow("reference to default") << "[DEFAULT]\nhost = h\n[s]\nurl = %(HOST)s\n"
                                          << "s"
                                          << "url"
                                          << "h";
    QTest::newRow("lone percent") << "[s]\na = 5%\n"
                                  << "s"
                                  << "a"
                                  << "<error>";
    QTest::newRow("missing reference") << "[s]\na = %(nope)s\n"
                                       << "s"
                                       << "a"
                                       << "<error>";
    QTest::newRow("reference loop") << "[s]\na = %(b)s\nb = %(a)s\n"
                                    << "s"
                                    << "a"
                                    << "<error>";
    // Ten levels of keys that each name the next four times: 4^9 references and 2.6 M characters
    // for one value before the expansion budget; with more references per line it never ends.
    const auto chain = [](int levels, int fanOut, const QString &leaf) -> QString {
        QString text = QStringLiteral("[s]\n");
        for (int level = 0; level < levels; ++level) {
            text += QStringLiteral("k%1 = ").arg(level);
            for (int i = 0; i < fanOut; ++i)
                text += QStringLiteral("%(k%1)s").arg(level + 1);
            text += QLatin1Char('\n');
        }
        return text + QStringLiteral("k%1 = %2\n").arg(levels).arg(leaf);
    };
    QTest::newRow("references expanding exponentially")
        << chain(9, 4, QStringLiteral("0123456789")) << "s"
        << "k0"
        << "<error>";
    QTest::newRow("references within the budget")
        << chain(3, 9, QStringLiteral("ab")) << "s"
        << "k0" << QStringLiteral("ab").repeated(9 * 9 * 9); // 819 references
    QTest::newRow("one value over the expansion budget")
        << chain(3, 9, QStringLiteral("x").repeated(100)) << "s"
        << "k0"
        << "<error>"; // every level counts: 3 x 729 x 100 = 218,700 characters > 65,536
    QTest::newRow("one value just within the expansion budget")
        << chain(3, 9, QStringLiteral("x").repeated(29)) << "s"
        << "k0" << QStringLiteral("x").repeated(729 * 29); // 21,141; the budget counts 63,423
    QTest::newRow("crlf line ends") << "[s]\r\na = 1\r\n"
                                    << "s"
                                    << "a"
                                    << "1";
    QTest::newRow("utf-8 bom") << QStringLiteral("\ufeff[s]\na = 1\n") << "s"
                               << "a"
                               << "1";
    QTest::newRow("section names are case-sensitive") << "[S]\na = 1\n"
                                                      << "s"
                                                      << "a"
                                                      << "<absent>";
}

void TestDroveConfigImporter::iniSemantics()
{
    QFETCH(QString, text);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, expected);

    QString parseError;
    const std::optional<IniFile> ini = IniFile::parse(text, &parseError);
    QVERIFY2(ini.has_value(), qPrintable(parseError));
    QString error;
    const std::optional<QString> value = ini->value(section, key, &error);
    if (expected == QLatin1String("<absent>")) {
        QVERIFY(!value.has_value());
        QVERIFY(error.isEmpty());
    } else if (expected == QLatin1String("<error>")) {
        QVERIFY(!value.has_value());
        QVERIFY(!error.isEmpty());
    } else {
        QVERIFY2(value.has_value(), qPrintable(error));
        QCOMPARE(*value, expected);
    }
}

void TestDroveConfigImporter::booleans_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); // -1 = not a boolean
    for (const char *t : {"1", "yes", "TRUE", "On", " true "})
        QTest::newRow(t) << QString::fromLatin1(t) << 1;
    for (const char *f : {"0", "no", "False", "OFF"})
        QTest::newRow(f) << QString::fromLatin1(f) << 0;
    for (const char *x : {"", "maybe", "2", "y"})
        QTest::newRow(qPrintable(QStringLiteral("bad '%1'").arg(QLatin1String(x))))
            << QString::fromLatin1(x) << -1;
}

void TestDroveConfigImporter::booleans()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    const std::optional<bool> value = IniFile::toBool(text);
    QCOMPARE(value.has_value() ? int(*value) : -1, expected);
}

QTEST_GUILESS_MAIN(TestDroveConfigImporter)
#include "tst_droveconfigimporter.moc"
