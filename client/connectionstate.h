#pragma once

#include <QObject>

namespace drove::client {
Q_NAMESPACE

/// How a session's view of its cluster stands (SyncEngine decides; the UI shows it).
enum class ConnectionState {
    Idle,       ///< not started
    Connecting, ///< started, nothing has succeeded yet
    Connected,  ///< the last request succeeded
    Stale,      ///< requests fail; the data shown is from the last success
    Offline,    ///< requests fail and nothing ever succeeded
};
Q_ENUM_NS(ConnectionState)

} // namespace drove::client
