#include "client/clusterauth.h"

namespace drove::client {

QByteArray ClusterAuth::authorizationHeader() const
{
    switch (mode) {
    case Mode::None:
        return {};
    case Mode::Basic:
        return QByteArrayLiteral("Basic ")
            + (username + QLatin1Char(':') + secret).toUtf8().toBase64();
    case Mode::Header: {
        // Line breaks would let a value inject further headers; never send them.
        QByteArray value = secret.trimmed().toUtf8();
        value.replace('\r', ' ').replace('\n', ' ');
        return value;
    }
    }
    return {};
}

QString ClusterAuth::modeName(Mode mode)
{
    switch (mode) {
    case Mode::None:
        return QStringLiteral("none");
    case Mode::Basic:
        return QStringLiteral("basic");
    case Mode::Header:
        return QStringLiteral("header");
    }
    return QStringLiteral("none");
}

ClusterAuth::Mode ClusterAuth::modeFromName(const QString &name)
{
    if (name == QLatin1String("basic"))
        return Mode::Basic;
    if (name == QLatin1String("header"))
        return Mode::Header;
    return Mode::None;
}

} // namespace drove::client
