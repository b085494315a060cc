// The fast (simdjson) decoders against the regular ones, on the same bytes: /apis/v1/applications
// (ReplyClassifier + AppSummary::mapFromJson), /apis/v1/cluster/executors (+
// ExecutorSummary::listFromJson) and instance lists (+ decodeList<InstanceInfo>): same result,
// or the fast one refuses (the caller then falls back to the regular path, which words the
// error). /apis/v1/applications also with the memo of earlier inputs, against itself without.
#include "fuzzsupport.h"

#include "client/replyclassifier.h"
#include "protocol/appsummary.h"
#include "protocol/executorsummary.h"
#include "protocol/fastdecode.h"
#include "protocol/instanceinfo.h"
#include "protocol/jsonreader.h"

using namespace drove::protocol;

namespace {

std::optional<QJsonValue> regularEnvelope(const QByteArray &body)
{
    drove::client::RawReply reply;
    reply.httpStatus = 200;
    reply.contentType = QByteArrayLiteral("application/json");
    reply.body = body;
    const auto envelope = drove::client::ReplyClassifier::decode(
        reply, drove::client::ApiRequest::Payload::Envelope);
    if (!envelope.ok())
        return std::nullopt;
    return envelope.value();
}

/// A list decoder's fast path against its regular one (`decodeRegular` on the envelope's data):
/// when the fast one accepts, the regular one accepts and decodes the same values.
template<typename T, typename DecodeRegular>
void checkList(const QByteArray &body, const std::optional<QList<T>> &fast,
               DecodeRegular decodeRegular)
{
    if (!fast)
        return;
    const std::optional<QJsonValue> envelope = regularEnvelope(body);
    if (!envelope)
        drove::fuzz::violated("a fast list decoder accepted a body the envelope check refuses");
    ParseError error;
    const std::optional<QList<T>> regular = decodeRegular(*envelope, &error);
    if (!regular)
        drove::fuzz::violated("a fast list decoder accepted a body the regular one refuses");
    if (*regular != *fast)
        drove::fuzz::violated("fast and regular decoders decoded a list differently");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = drove::fuzz::bytes(data, size);
    checkList(body, fastDecodeExecutorsEnvelope(body), [](const QJsonValue &data, ParseError *e) {
        return ExecutorSummary::listFromJson(data, e);
    });
    checkList(body, fastDecodeInstancesEnvelope(body), [](const QJsonValue &data, ParseError *e) {
        return decodeList<InstanceInfo>(data, e, QString());
    });
    const std::optional<QList<AppSummary>> fast = fastDecodeApplicationsEnvelope(body);
    // The memo (apps of the last body it accepted, carried from input to input) is a cache:
    // with it the decoder must refuse what it refuses without and decode the same values.
    static ApplicationsDecodeMemo memo;
    const std::optional<QList<AppSummary>> memoized = fastDecodeApplicationsEnvelope(body, &memo);
    if (memoized.has_value() != fast.has_value())
        drove::fuzz::violated("the memo changed whether the fast decoder accepts a body");
    if (memoized && *memoized != *fast)
        drove::fuzz::violated("the memo changed what the fast decoder decoded");
    if (!fast)
        return 0; // refusing is always allowed: the regular path decides
    const std::optional<QJsonValue> envelope = regularEnvelope(body);
    if (!envelope)
        drove::fuzz::violated("fast decoder accepted a body the envelope check refuses");
    ParseError error;
    const auto map = AppSummary::mapFromJson(*envelope, &error);
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
