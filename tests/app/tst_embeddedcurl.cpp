// Copy as curl on the embedded cluster works as printed (issue: it failed with 401: random port,
// unknown password of the console's session user). The console writes the session user's
// credentials to a netrc file only the user can read, and the command reads it.

#include "app/console/embeddedcluster.h"
#include "protocol/applicationoperation.h"
#include "ui/operationcommands.h"
#include "ui/operationcontext.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;

class TestEmbeddedCurl : public QObject
{
    Q_OBJECT

private slots:
    void copiedCurlWorksAsPrinted();
};

void TestEmbeddedCurl::copiedCurlWorksAsPrinted()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QFAIL("curl is missing: scripts/lib/common.sh installs it");
    controller::ControllerConfig config; // in memory: no state directory
    console::EmbeddedCluster cluster(config);
    cluster.setListenAddress(QHostAddress::LocalHost, 0);
    QString error;
    QVERIFY2(cluster.start(&error), qPrintable(error));

    QTemporaryDir dir;
    const QString netrc = dir.filePath(QStringLiteral("embedded-cluster.netrc"));
    QVERIFY2(cluster.writeNetrc(netrc, &error), qPrintable(error));
    QCOMPARE(QFile(netrc).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    ui::OperationContext context;
    context.endpoint = cluster.endpoint();
    context.authMode = client::ClusterAuth::Mode::Basic;
    context.username = cluster.username();
    context.netrcFile = netrc;
    // An operation the controller refuses on its merits (no such app): the answer shows the
    // request went past authentication, which is what the 401 used to stop.
    const QString command = ui::OperationCommands::curlCommand(
        protocol::ApplicationOperation::scale(
            QStringLiteral("NO_SUCH_APP-1"), 2,
            protocol::ClusterOpSpec::make(protocol::Duration::minutes(1), 1)),
        context);
    QVERIFY(command.contains(QLatin1String("--netrc-file")));
    QVERIFY(!command.contains(cluster.password()));
    QProcess shell;
    shell.start(
        QStringLiteral("sh"),
        {QStringLiteral("-c"), command + QStringLiteral(" --silent --write-out ' %{http_code}'")});
    QVERIFY(shell.waitForFinished(20000));
    const QString output = QString::fromUtf8(shell.readAllStandardOutput());
    QVERIFY2(!output.endsWith(QLatin1String(" 401")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("\"status\"")), qPrintable(output));

    // Without the file, the same command is refused: the test can fail.
    QFile::remove(netrc);
    shell.start(
        QStringLiteral("sh"),
        {QStringLiteral("-c"), command + QStringLiteral(" --silent --write-out ' %{http_code}'")});
    QVERIFY(shell.waitForFinished(20000));
    QVERIFY(
        !QString::fromUtf8(shell.readAllStandardOutput()).contains(QLatin1String("\"status\"")));
}

QTEST_GUILESS_MAIN(TestEmbeddedCurl)
#include "tst_embeddedcurl.moc"
