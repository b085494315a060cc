#include "controller/nameuuid.h"

#include <QCryptographicHash>
#include <QUuid>

namespace drove::controller {

QString javaNameUuid(const QByteArray &name)
{
    QByteArray md5 = QCryptographicHash::hash(name, QCryptographicHash::Md5);
    md5[6] = char((quint8(md5[6]) & 0x0f) | 0x30);
    md5[8] = char((quint8(md5[8]) & 0x3f) | 0x80);
    return QUuid::fromRfc4122(md5).toString(QUuid::WithoutBraces);
}

} // namespace drove::controller
