#include "client/cabundle.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace drove::client {

CaBundle CaBundle::read(const QString &path)
{
    CaBundle bundle;
    bundle.m_path = path;
    if (path.isEmpty())
        return bundle;
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        bundle.m_problem = tr("The CA certificate file %1 is a folder, not a file.").arg(path);
        return bundle;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        bundle.m_problem
            = tr("The CA certificate file %1 cannot be read: %2").arg(path, file.errorString());
        return bundle;
    }
    if (file.size() > kMaxFileBytes) {
        bundle.m_problem = tr("The CA certificate file %1 is too large to be a certificate "
                              "bundle (%2 MB).")
                               .arg(path)
                               .arg(file.size() / (1024 * 1024));
        return bundle;
    }
    bundle.m_certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (bundle.m_certificates.isEmpty())
        bundle.m_problem = tr("The CA certificate file %1 holds no PEM certificate.").arg(path);
    return bundle;
}

QString CaBundle::summary() const
{
    if (m_certificates.isEmpty())
        return {};
    QStringList names;
    int expired = 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QSslCertificate &certificate : m_certificates) {
        QString name = certificate.subjectInfo(QSslCertificate::CommonName).value(0);
        if (name.isEmpty())
            name = certificate.subjectDisplayName();
        names << name;
        if (certificate.expiryDate().isValid() && certificate.expiryDate() < now)
            ++expired;
    }
    constexpr int kNamesShown = 3;
    QString shown = names.mid(0, kNamesShown).join(QStringLiteral(", "));
    if (names.size() > kNamesShown)
        shown += QStringLiteral(", …");
    QString text = tr("%n certificate(s): %1", nullptr, int(names.size())).arg(shown);
    if (expired > 0)
        text += QLatin1Char(' ') + tr("(%n of them expired)", nullptr, expired);
    return text;
}

} // namespace drove::client
