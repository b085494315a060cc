// The byte-level /apis/v1/applications decoder against the regular one (ReplyClassifier +
// AppSummary::mapFromJson): same result, or the fast one refuses (the caller then falls back).
#include "fuzzsupport.h"

#include "client/replyclassifier.h"
#include "protocol/appsummary.h"
#include "protocol/fastdecode.h"

using namespace drove::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = drove::fuzz::bytes(data, size);
    const std::optional<QList<AppSummary>> fast = fastDecodeApplicationsEnvelope(body);
    if (!fast)
        return 0; // refusing is always allowed: the regular path decides
    drove::client::RawReply reply;
    reply.httpStatus = 200;
    reply.contentType = QByteArrayLiteral("application/json");
    reply.body = body;
    const auto envelope = drove::client::ReplyClassifier::decode(
        reply, drove::client::ApiRequest::Payload::Envelope);
    if (!envelope.ok())
        drove::fuzz::violated("fast decoder accepted a body the envelope check refuses");
    ParseError error;
    const auto map = AppSummary::mapFromJson(envelope.value(), &error);
    if (!map)
        drove::fuzz::violated("fast decoder accepted a body the regular decoder refuses");
    const QList<AppSummary> regular = map->values();
    if (regular.size() != fast->size())
        drove::fuzz::violated("fast and regular decoders found different numbers of apps");
    for (qsizetype i = 0; i < regular.size(); ++i)
        if (regular.at(i).toJson() != fast->at(i).toJson())
            drove::fuzz::violated("fast and regular decoders decoded an app differently");
    return 0;
}
