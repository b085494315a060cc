#pragma once

#include <QString>

#include <optional>

/// A self-signed certificate for CN=127.0.0.1 (no subjectAltName), valid for a day, made with
/// the openssl command in a directory the caller owns.
struct TestCertificate
{
    enum class Key { Rsa, Ec };

    QString certificatePath; ///< PEM
    QString keyPath;         ///< PEM, unencrypted

    /// Writes cert.pem and key.pem into \a directory; nullopt when openssl is missing or fails
    /// (callers skip).
    static std::optional<TestCertificate> make(const QString &directory, Key key = Key::Rsa);
};
