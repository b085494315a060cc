// Every response type the console decodes, through the console's own envelope classifier
// (ReplyClassifier) and the type's decoder. The first byte picks the type; the rest is the body.
#include "fuzzsupport.h"

#include "client/replyclassifier.h"
#include "protocol/applicationspec.h"
#include "protocol/appsummary.h"
#include "protocol/blacklistoperationresponse.h"
#include "protocol/clusterstatedata.h"
#include "protocol/clustersummary.h"
#include "protocol/droveeventslist.h"
#include "protocol/droveeventssummary.h"
#include "protocol/executornodedata.h"
#include "protocol/executorsummary.h"
#include "protocol/exposedappinfo.h"
#include "protocol/instanceinfo.h"

using namespace drove::protocol;
using drove::client::ApiRequest;
using drove::client::RawReply;
using drove::client::ReplyClassifier;

namespace {

template<typename T>
void one(const QJsonValue &data)
{
    ParseError error;
    if (const std::optional<T> value = T::fromJson(data, &error))
        (void)value->toJson();
    else
        (void)error.toString();
}

template<typename T>
void list(const QJsonValue &data)
{
    for (const QJsonValue &item : data.toArray())
        one<T>(item);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    RawReply reply;
    reply.httpStatus = data[0] & 0x80 ? 400 : 200;
    reply.contentType = QByteArrayLiteral("application/json");
    reply.body = drove::fuzz::bytes(data + 1, size - 1);
    const auto decoded = ReplyClassifier::decode(reply, ApiRequest::Payload::Envelope);
    if (!decoded.ok())
        return 0;
    const QJsonValue value = decoded.value();
    switch (data[0] % 12) {
    case 0: {
        ParseError error;
        (void)AppSummary::mapFromJson(value, &error);
        break;
    }
    case 1:
        one<AppSummary>(value);
        break;
    case 2:
        one<ApplicationSpec>(value);
        break;
    case 3:
        list<InstanceInfo>(value);
        break;
    case 4:
        one<InstanceInfo>(value);
        break;
    case 5:
        list<ExposedAppInfo>(value);
        break;
    case 6:
        one<ClusterSummary>(value);
        break;
    case 7:
        list<ExecutorSummary>(value);
        break;
    case 8:
        one<ExecutorNodeData>(value);
        break;
    case 9:
        one<BlacklistOperationResponse>(value);
        break;
    case 10:
        one<ClusterStateData>(value);
        break;
    default:
        one<DroveEventsList>(value);
        one<DroveEventsSummary>(value);
        break;
    }
    return 0;
}
