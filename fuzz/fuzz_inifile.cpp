// The ~/.drove reader: the INI parser (sections, interpolation) and the cluster importer.
#include "fuzzsupport.h"

#include "client/droveconfigimporter.h"
#include "client/inifile.h"

using namespace drove::client;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(drove::fuzz::bytes(data, size));
    QString error;
    if (const std::optional<IniFile> ini = IniFile::parse(text, &error)) {
        for (const QString &section : ini->sections())
            for (const QString &key : ini->keys(section))
                (void)ini->value(section, key);
    }
    const DroveConfigImport imported = DroveConfigImporter::importText(text);
    (void)imported.ok();
    return 0;
}
