// ApplicationSpec decoding (create bodies, GET .../spec) and its checks; what decodes must encode
// and decode again; masking must not crash.
#include "fuzzsupport.h"

#include "protocol/applicationspec.h"
#include "protocol/operationvalidator.h"

using namespace drove::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (const auto spec = drove::fuzz::decodeRoundTrip<ApplicationSpec>(data, size)) {
        (void)OperationValidator::validateSpecFields(*spec);
        (void)OperationValidator::validateSpecSemantics(*spec);
        (void)spec->masked().toJson();
    }
    return 0;
}
