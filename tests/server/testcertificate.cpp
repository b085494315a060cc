#include "testcertificate.h"

#include <QDir>
#include <QProcess>
#include <QStringList>

std::optional<TestCertificate> TestCertificate::make(const QString &directory, Key key)
{
    TestCertificate made;
    made.certificatePath = QDir(directory).filePath(QStringLiteral("cert.pem"));
    made.keyPath = QDir(directory).filePath(QStringLiteral("key.pem"));
    const QStringList newKey = key == Key::Rsa
        ? QStringList {QStringLiteral("rsa:2048")}
        : QStringList {QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                       QStringLiteral("ec_paramgen_curve:prime256v1")};
    QProcess openssl;
    openssl.start(
        QStringLiteral("openssl"),
        QStringList {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey")}
            + newKey
            + QStringList {QStringLiteral("-nodes"), QStringLiteral("-keyout"), made.keyPath,
                           QStringLiteral("-out"), made.certificatePath, QStringLiteral("-days"),
                           QStringLiteral("1"), QStringLiteral("-subj"),
                           QStringLiteral("/CN=127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit
        || openssl.exitCode() != 0)
        return std::nullopt;
    return made;
}
