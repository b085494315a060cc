// The embedded cluster's configuration file reader (drove-embedded --config, drove-console
// --config): JSON syntax errors with line:column, unknown keys, every value check. Fed from
// memory through loadConfigText(), the whole of loadConfigFile() after its read: writing each
// input to a file first cost ~4 ms of disk wait per execution (ext4 flushes a truncated and
// rewritten file on close), 75 % of the wall time.
#include "fuzzsupport.h"

#include "app/common/embeddedconfigfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    drove::app::EmbeddedConfigFile config;
    QString error;
    if (!config.loadConfigText(drove::fuzz::bytes(data, size), QStringLiteral("fuzz.json"), &error)
        && error.isEmpty())
        drove::fuzz::violated("a refused configuration file without an error message");
    return 0;
}
