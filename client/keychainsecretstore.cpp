#include "client/keychainsecretstore.h"

#include <qt6keychain/keychain.h>

namespace drove::client {

namespace {

SecretStore::Status statusOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return SecretStore::Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretStore::Status::Unavailable;
    case QKeychain::OtherError:
        // On Linux a missing session bus or secret service surfaces as OtherError.
        return SecretStore::Status::Unavailable;
    default:
        return SecretStore::Status::Error;
    }
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent)
    , m_service(std::move(service))
{ }

void KeychainSecretStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context ? context : this,
            [callback](QKeychain::Job *finished) {
                auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
                const Status status = statusOf(read->error());
                callback(status, status == Status::Ok ? read->textData() : QString(),
                         status == Status::Ok ? QString() : read->errorString());
            });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QString &secret, QObject *context,
                                WriteCallback callback)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, context ? context : this,
            [callback](QKeychain::Job *finished) {
                if (callback)
                    callback(statusOf(finished->error()), finished->errorString());
            });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, WriteCallback callback)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context ? context : this,
            [callback](QKeychain::Job *finished) {
                if (callback)
                    callback(statusOf(finished->error()), finished->errorString());
            });
    job->start();
}

} // namespace drove::client
