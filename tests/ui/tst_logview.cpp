// The Logs tab against the embedded controller core served over HTTP on 127.0.0.1:0: the real
// client reads the simulated instance's output.log, which grows with simulated traffic.
#include "client/clusterprofile.h"
#include "client/droveclient.h"
#include "client/syncengine.h"
#include "controller/controllercore.h"
#include "controller/http/controllernode.h"
#include "models/clustersession.h"
#include "models/operationjournal.h"
#include "protocol/applicationoperation.h"
#include "protocol/applicationspec.h"
#include "protocol/clusteropspec.h"
#include "ui/logviewwidget.h"
#include "ui/mainwindow.h"

#include <QBuffer>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;

class TestLogView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void followsGrowingLog();
    void pauseStopsGrowth();
    void searchFindsKnownLines_data();
    void searchFindsKnownLines();
    void unknownInstanceShowsError();
    void instanceGoneStopsTail();
    void hiddenStopsTail();
    void applicationChangeClears();
    void downloadWritesTheWholeFile();
    void mainWindowOpensLogsOfInstance();

private:
    QPlainTextEdit *textView() const
    {
        return m_view->findChild<QPlainTextEdit *>(QStringLiteral("logTextView"));
    }
    QLabel *statusLabel() const
    {
        return m_view->findChild<QLabel *>(QStringLiteral("logStatusLabel"));
    }
    void followInstance();

    std::unique_ptr<controller::http::ControllerNode> m_node;
    controller::ControllerCore *m_core = nullptr; ///< the node's
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<client::DroveClient> m_client;
    std::unique_ptr<models::ClusterSession> m_session;
    std::unique_ptr<ui::LogViewWidget> m_view;
    QString m_appId;
    QString m_instanceId;
    QUrl m_endpoint;
};

namespace {

constexpr int kTimeoutMs = 20000;

std::optional<protocol::ApplicationSpec> testSpec()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return protocol::ApplicationSpec::fromJson(QJsonDocument::fromJson(file.readAll()).object());
}

} // namespace

void TestLogView::initTestCase()
{
    controller::ControllerConfig config;
    config.timeScale = 0.05; // healthy in a fraction of a second; traffic lines follow real time
    config.monitorInitialDelayMs = 600000;
    config.monitorPeriodMs = 600000;
    controller::http::NodeSettings node;
    node.controller = config;
    m_node = std::make_unique<controller::http::ControllerNode>(node);
    QString error;
    QVERIFY2(m_node->start(&error), qPrintable(error));
    m_core = m_node->core();
    const quint16 port = m_node->port();
    QVERIFY2(port != 0, qPrintable(error));

    const auto spec = testSpec();
    QVERIFY(spec);
    const auto created = m_core->submit(
        protocol::ApplicationOperation::create(*spec, 1, protocol::ClusterOpSpec::defaults()));
    QVERIFY(created.accepted);
    m_appId = created.appId;
    QTRY_VERIFY_WITH_TIMEOUT(!m_core->activeOperation(m_appId), kTimeoutMs);
    QVERIFY(m_core
                ->submit(protocol::ApplicationOperation::startInstances(
                    m_appId, 1, protocol::ClusterOpSpec::defaults()))
                .accepted);
    QTRY_VERIFY_WITH_TIMEOUT(
        !m_core->instances(m_appId, {protocol::InstanceState::Healthy}).isEmpty(), kTimeoutMs);
    m_instanceId
        = m_core->instances(m_appId, {protocol::InstanceState::Healthy}).constFirst().instanceId;

    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<client::DroveClient>(m_network.get());
    client::ClusterProfile profile;
    profile.id = QStringLiteral("test");
    profile.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
    m_client->setConnectionSettings(profile.connectionSettings());
    m_endpoint = profile.endpoints.constFirst();
    // The widget reads through a session; this one borrows the test's client (no sync loop).
    m_session
        = std::make_unique<models::ClusterSession>(m_client.get(), nullptr, profile, true, nullptr);

    m_view = std::make_unique<ui::LogViewWidget>(m_session.get());
    m_view->setPollInterval(200);
    m_view->resize(800, 600);
    m_view->show();
    m_view->activateWindow(); // F3 is a shortcut, and shortcuts need an active window
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
}

void TestLogView::cleanupTestCase()
{
    m_view.reset();
    m_session.reset();
    m_client.reset();
    m_core = nullptr;
    m_node.reset();
}

void TestLogView::followInstance()
{
    m_view->setApplication(m_appId);
    m_view->setInstances({m_instanceId});
    QVERIFY(m_view->showInstance(m_instanceId));
    QCOMPARE(m_view->currentInstanceId(), m_instanceId);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->currentFile(), QStringLiteral("output.log"), kTimeoutMs);
    QTRY_VERIFY(m_view->isFollowing());
}

void TestLogView::followsGrowingLog()
{
    followInstance();
    // Lifecycle lines are there first ...
    QTRY_VERIFY_WITH_TIMEOUT(textView()->toPlainText().contains(m_instanceId), kTimeoutMs);
    QVERIFY(textView()->toPlainText().contains(QStringLiteral("HEALTHY")));
    // ... then simulated traffic keeps arriving.
    const int lines = textView()->blockCount();
    QTRY_VERIFY_WITH_TIMEOUT(textView()->blockCount() > lines + 1, kTimeoutMs);
    QVERIFY(textView()->toPlainText().contains(QStringLiteral("HTTP/1.1")));
    QVERIFY(statusLabel()->text().isEmpty());
    QVERIFY(m_view->findChild<QPushButton *>(QStringLiteral("downloadButton"))->isEnabled());
}

void TestLogView::pauseStopsGrowth()
{
    followInstance();
    QTRY_VERIFY_WITH_TIMEOUT(textView()->toPlainText().contains(QStringLiteral("HTTP/1.1")),
                             kTimeoutMs);
    auto *pause = m_view->findChild<QPushButton *>(QStringLiteral("pauseButton"));
    QVERIFY(pause && pause->isCheckable());
    pause->click();
    QVERIFY(m_view->isPaused());
    QVERIFY(!m_view->isFollowing());
    const QString frozen = textView()->toPlainText();
    QSignalSpy appended(m_view.get(), &ui::LogViewWidget::textAppended);
    // Traffic lines come every 1.5 s; three seconds paused would have shown at least one.
    QVERIFY(!appended.wait(3500));
    QCOMPARE(textView()->toPlainText(), frozen);
    pause->click();
    QVERIFY(!m_view->isPaused());
    QVERIFY(appended.wait(kTimeoutMs));
    QVERIFY(textView()->toPlainText().startsWith(frozen));
    QVERIFY(textView()->toPlainText().size() > frozen.size());
}

void TestLogView::searchFindsKnownLines_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("found");
    QTest::newRow("state-name") << QStringLiteral("PENDING -> PROVISIONING") << true;
    QTest::newRow("executor-line") << QStringLiteral("accepted by executor") << true;
    QTest::newRow("traffic") << QStringLiteral("HTTP/1.1") << true;
    QTest::newRow("absent") << QStringLiteral("no such text in any log") << false;
}

void TestLogView::searchFindsKnownLines()
{
    QFETCH(QString, needle);
    QFETCH(bool, found);
    followInstance();
    QTRY_VERIFY_WITH_TIMEOUT(textView()->toPlainText().contains(QStringLiteral("HTTP/1.1")),
                             kTimeoutMs);
    m_view->setPaused(true);
    auto *search = m_view->findChild<QLineEdit *>(QStringLiteral("logSearchLineEdit"));
    QVERIFY(search);
    search->setText(needle);
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(textView()->textCursor().selectedText() == needle, found);
    QCOMPARE(textView()->extraSelections().isEmpty(), !found);
    if (found) {
        // F3 moves on to the next match (or wraps to the same one when it is the only one).
        const int before = textView()->textCursor().position();
        QTest::keyClick(search, Qt::Key_F3);
        QCOMPARE(textView()->textCursor().selectedText(), needle);
        QVERIFY(textView()->textCursor().position() >= before
                || textView()->toPlainText().count(needle) > 1);
    } else {
        QVERIFY(!statusLabel()->text().isEmpty());
    }
    search->clear();
    m_view->setPaused(false);
}

void TestLogView::unknownInstanceShowsError()
{
    followInstance();
    QTRY_VERIFY_WITH_TIMEOUT(!textView()->toPlainText().isEmpty(), kTimeoutMs);
    const QString missing = QStringLiteral("AI-00000000-0000-0000-0000-000000000000");
    m_view->setInstances({m_instanceId, missing});
    QVERIFY(m_view->showInstance(missing));
    QTRY_VERIFY_WITH_TIMEOUT(!statusLabel()->text().isEmpty(), kTimeoutMs);
    QVERIFY(!m_view->isFollowing());
}

void TestLogView::instanceGoneStopsTail()
{
    followInstance();
    QTRY_VERIFY_WITH_TIMEOUT(!textView()->toPlainText().isEmpty(), kTimeoutMs);
    const QString shown = textView()->toPlainText();
    m_view->setInstances({});
    QVERIFY(!m_view->isFollowing());
    QVERIFY(statusLabel()->text().contains(m_instanceId));
    QVERIFY(textView()->toPlainText().startsWith(shown)); // what was read stays for reading
    QSignalSpy appended(m_view.get(), &ui::LogViewWidget::textAppended);
    QVERIFY(!appended.wait(2000));
}

void TestLogView::hiddenStopsTail()
{
    followInstance();
    m_view->hide();
    QVERIFY(!m_view->isFollowing());
    m_view->show();
    QVERIFY(m_view->isFollowing());
}

void TestLogView::applicationChangeClears()
{
    followInstance();
    QTRY_VERIFY_WITH_TIMEOUT(!textView()->toPlainText().isEmpty(), kTimeoutMs);
    m_view->setApplication(QStringLiteral("OTHER_APP-1"));
    QVERIFY(!m_view->isFollowing());
    QVERIFY(textView()->toPlainText().isEmpty());
    QVERIFY(m_view->instances().isEmpty());
    auto *combo = m_view->findChild<QComboBox *>(QStringLiteral("logInstanceCombo"));
    QCOMPARE(combo->count(), 0);
    m_view->setApplication(QString());
}

void TestLogView::downloadWritesTheWholeFile()
{
    followInstance();
    QTRY_VERIFY_WITH_TIMEOUT(textView()->toPlainText().contains(QStringLiteral("HTTP/1.1")),
                             kTimeoutMs);
    QTemporaryDir dir;
    QString suggested;
    const QString path = dir.filePath(QStringLiteral("saved.log"));
    m_view->setSavePathProvider([&](const QString &, const QString &name, const QString &) {
        suggested = name;
        return path;
    });
    QSignalSpy finished(m_view.get(), &ui::LogViewWidget::downloadFinished);
    auto *download = m_view->findChild<QPushButton *>(QStringLiteral("downloadButton"));
    QVERIFY(download->isEnabled());
    QTest::mouseClick(download, Qt::LeftButton);
    QVERIFY(finished.count() == 1 || finished.wait(kTimeoutMs));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toString(), path);
    QCOMPARE(suggested, m_instanceId + QStringLiteral("-output.log"));
    QVERIFY(statusLabel()->text().contains(path));

    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray content = saved.readAll();
    QVERIFY(content.contains(m_instanceId.toUtf8()));

    // The same file read through the log API afterwards: the simulated log only grows, so what
    // was saved is exactly its beginning (and everything up to the download's end).
    QBuffer fromApi;
    fromApi.open(QIODevice::WriteOnly);
    bool done = false;
    m_client->downloadInstanceLog(m_appId, m_instanceId, QStringLiteral("output.log"), &fromApi,
                                  this, [&](const client::Result<qint64> &result) {
                                      QVERIFY(result.ok());
                                      done = true;
                                  });
    QTRY_VERIFY_WITH_TIMEOUT(done, kTimeoutMs);
    QVERIFY(fromApi.data().size() >= content.size());
    QCOMPARE(fromApi.data().left(content.size()), content);
    // The text shown in the tab came from the same file.
    const QString lastShownLine = textView()->toPlainText().section(QLatin1Char('\n'), -2, -2);
    QVERIFY(!lastShownLine.isEmpty());
    QVERIFY(QString::fromUtf8(fromApi.data()).contains(lastShownLine));

    // A path that cannot be written: an error, and no file left behind.
    finished.clear();
    const QString bad = dir.filePath(QStringLiteral("no/such/dir/x.log"));
    m_view->setSavePathProvider(
        [&](const QString &, const QString &, const QString &) { return bad; });
    QTest::mouseClick(download, Qt::LeftButton);
    QVERIFY(statusLabel()->text().contains(bad));
    QVERIFY(!QFile::exists(bad));
    // Cancelling the dialog does nothing.
    m_view->setSavePathProvider(
        [](const QString &, const QString &, const QString &) { return QString(); });
    QTest::mouseClick(download, Qt::LeftButton);
    QCOMPARE(finished.count(), 0);
    m_view->setSavePathProvider({});
}

void TestLogView::mainWindowOpensLogsOfInstance()
{
    m_view->hide();
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    client::ClusterProfile profile;
    profile.id = QStringLiteral("test");
    profile.name = QStringLiteral("test");
    profile.endpoints = {m_endpoint};
    profile.criticality = client::Criticality::Local;
    profile.refreshIntervalMs = 200;
    models::OperationJournal journal(settingsDir.filePath(QStringLiteral("journal.jsonl")));
    models::ClusterSession session(m_network.get(), profile, true, &journal);
    ui::MainWindow window(&journal);
    window.setSession(&session);
    window.show();
    session.start(profile.connectionSettings());
    QTRY_VERIFY_WITH_TIMEOUT(window.selectApplication(m_appId), kTimeoutMs);
    ui::LogViewWidget *logs = window.logView();
    QVERIFY(logs);
    QTRY_VERIFY_WITH_TIMEOUT(logs->instances().contains(m_instanceId), kTimeoutMs);
    QVERIFY(!logs->isFollowing()); // the Logs tab is not shown yet

    QVERIFY(window.showInstanceLogs(m_instanceId));
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("detailTabs"));
    QCOMPARE(tabs->currentWidget(), logs);
    QCOMPARE(logs->currentInstanceId(), m_instanceId);
    QTRY_VERIFY_WITH_TIMEOUT(logs->isFollowing(), kTimeoutMs);
    auto *text = logs->findChild<QPlainTextEdit *>(QStringLiteral("logTextView"));
    QTRY_VERIFY_WITH_TIMEOUT(text->toPlainText().contains(m_instanceId), kTimeoutMs);

    // Another tab hides the log: no more polling.
    tabs->setCurrentIndex(0);
    QVERIFY(!logs->isFollowing());
    QVERIFY(!window.showInstanceLogs(QStringLiteral("not-an-instance")));
    window.setSession(nullptr);
}

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
