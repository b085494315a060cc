// Dropwizard durations ("5 minutes", "300s"): parsing, conversions, and the round trip through
// toString().
#include "fuzzsupport.h"

#include "protocol/duration.h"

using drove::protocol::Duration;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(drove::fuzz::bytes(data, size));
    QString message;
    const std::optional<Duration> duration = Duration::parse(text, &message);
    if (!duration)
        return 0;
    (void)duration->toMilliseconds();
    (void)duration->toSeconds();
    const std::optional<Duration> again = Duration::parse(duration->toString());
    if (!again || !again->isEquivalent(*duration))
        drove::fuzz::violated("a parsed duration does not parse back from its own text");
    return 0;
}
