#pragma once

#include "client/secretstore.h"

namespace drove::client {

/// The system keychain through QtKeychain (Secret Service / KWallet on Linux, Keychain on
/// macOS, Credential Manager on Windows), under the service name given. QtKeychain's
/// "insecure fallback" (plain text in QSettings) is explicitly off.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(QString service = QStringLiteral("drove-console"),
                                 QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QString &secret, QObject *context,
               WriteCallback callback) override;
    void remove(const QString &key, QObject *context, WriteCallback callback) override;

private:
    QString m_service;
};

} // namespace drove::client
