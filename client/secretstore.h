#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace drove::client {

/// Where passwords and Authorization header values live: never in QSettings, never in plain
/// text on disk. Asynchronous, because the system keychain is.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Status {
        Ok,
        NotFound,    ///< nothing stored under this key
        Unavailable, ///< no keychain on this system / session (e.g. no D-Bus secret service)
        Error,       ///< the keychain refused (access denied, …); see the message
    };
    Q_ENUM(Status)

    using ReadCallback
        = std::function<void(Status status, const QString &secret, const QString &message)>;
    using WriteCallback = std::function<void(Status status, const QString &message)>;

    using QObject::QObject;

    /// Callbacks run on the caller's thread, later (never inside the call), and not at all
    /// when `context` is gone.
    virtual void read(const QString &key, QObject *context, ReadCallback callback) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context,
                       WriteCallback callback)
        = 0;
    virtual void remove(const QString &key, QObject *context, WriteCallback callback) = 0;
};

} // namespace drove::client
