#pragma once

#include <QByteArray>
#include <QString>

namespace drove::controller {

/// Java's UUID.nameUUIDFromBytes: MD5 of the bytes (no namespace), version 3, IETF variant.
/// Drove derives executor ids from "hostname:port" this way.
QString javaNameUuid(const QByteArray &name);

} // namespace drove::controller
