// ApplicationOperation decoding (POST /apis/v1/applications/operations bodies) and validation;
// what decodes must encode and decode again.
#include "fuzzsupport.h"

#include "protocol/applicationoperation.h"
#include "protocol/operationvalidator.h"

using namespace drove::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (const auto operation = drove::fuzz::decodeRoundTrip<ApplicationOperation>(data, size)) {
        (void)OperationValidator::validate(*operation);
        (void)OperationValidator::validateForSend(*operation);
        (void)operation->appIdOrDerived();
    }
    return 0;
}
