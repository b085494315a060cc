#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>

namespace drove::client {

/// The extra CA certificates of a profile (a private CA's PEM bundle), read from their file, or
/// why the file cannot be used. One reader for the profile form, ClusterProfile::validate() and
/// the request builder, so the form refuses exactly what connecting would fail on.
class CaBundle
{
    Q_DECLARE_TR_FUNCTIONS(drove::client::CaBundle)

public:
    /// A bundle of CA certificates is a few kilobytes; anything much larger was picked by
    /// mistake and is not read into memory.
    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

    /// Reads `path`; an empty path is an empty bundle without problem.
    static CaBundle read(const QString &path);

    QString path() const { return m_path; }
    const QList<QSslCertificate> &certificates() const { return m_certificates; }
    /// Translated, naming the file: it cannot be read, is too large, or holds no PEM
    /// certificate. Empty when certificates were found (or no file is set).
    QString problem() const { return m_problem; }
    bool isUsable() const { return m_problem.isEmpty(); }
    /// Translated one-liner for the profile form: how many certificates, whose, and how many
    /// of them expired ("2 certificates: Example Root CA, Example Issuing CA").
    QString summary() const;

private:
    QString m_path;
    QList<QSslCertificate> m_certificates;
    QString m_problem;
};

} // namespace drove::client
