#pragma once

#include <QString>

namespace drove::client {

/// A piece of an instance's log file, as read from the controller.
struct LogChunk
{
    QString data;
    qint64 offset = 0; ///< file offset of `data` (for a tail request: where the tail starts)
};

} // namespace drove::client
