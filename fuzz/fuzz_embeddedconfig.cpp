// The embedded cluster's configuration file reader (drove-embedded --config, drove-console
// --config): JSON syntax errors with line:column, unknown keys, every value check.
#include "fuzzsupport.h"

#include "app/common/embeddedconfigfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QString path = QDir::temp().filePath(
        QStringLiteral("drove-fuzz-config-%1.json").arg(QCoreApplication::applicationPid()));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    drove::app::EmbeddedConfigFile config;
    QString error;
    if (!config.loadConfigFile(path, &error) && error.isEmpty())
        drove::fuzz::violated("a refused configuration file without an error message");
    return 0;
}
