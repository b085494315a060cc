#include "client/memorysecretstore.h"

namespace drove::client {

namespace {

template<typename Fn>
void later(QObject *context, Fn fn)
{
    QMetaObject::invokeMethod(context, std::move(fn), Qt::QueuedConnection);
}

} // namespace

void MemorySecretStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    ++m_operations;
    const bool available = m_available;
    const bool found = m_secrets.contains(key);
    const QString secret = m_secrets.value(key);
    later(context ? context : this, [=] {
        if (!available)
            callback(Status::Unavailable, {}, tr("No keychain is available."));
        else if (!found)
            callback(Status::NotFound, {}, {});
        else
            callback(Status::Ok, secret, {});
    });
}

void MemorySecretStore::write(const QString &key, const QString &secret, QObject *context,
                              WriteCallback callback)
{
    ++m_operations;
    const bool available = m_available;
    if (available)
        m_secrets.insert(key, secret);
    later(context ? context : this, [=] {
        if (callback)
            callback(available ? Status::Ok : Status::Unavailable,
                     available ? QString() : tr("No keychain is available."));
    });
}

void MemorySecretStore::remove(const QString &key, QObject *context, WriteCallback callback)
{
    ++m_operations;
    const bool available = m_available;
    const bool removed = available && m_secrets.remove(key) > 0;
    later(context ? context : this, [=] {
        if (callback)
            callback(!available    ? Status::Unavailable
                         : removed ? Status::Ok
                                   : Status::NotFound,
                     {});
    });
}

} // namespace drove::client
