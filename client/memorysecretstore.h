#pragma once

#include "client/secretstore.h"

namespace drove::client {

/// Secrets held in memory only (lost at exit): the fallback when no keychain exists, and the
/// store tests use. `setAvailable(false)` makes it behave like a missing keychain.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    void setAvailable(bool available) { m_available = available; }
    bool contains(const QString &key) const { return m_secrets.contains(key); }
    int operationCount() const { return m_operations; }

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QString &secret, QObject *context,
               WriteCallback callback) override;
    void remove(const QString &key, QObject *context, WriteCallback callback) override;

private:
    QHash<QString, QString> m_secrets;
    bool m_available = true;
    int m_operations = 0;
};

} // namespace drove::client
