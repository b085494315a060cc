// HTTP request framing fed raw bytes: the ConnectionGuard's RequestHeadScanner must frame a head
// the same way whatever the read boundaries (the first two bytes pick two split points), and the
// request it frames goes through the router and, for GET/HEAD, the whole Drove API pipeline
// (ApiServer::dispatch over an in-memory controller).
#include "fuzzsupport.h"

#include "controller/clock.h"
#include "controller/http/apiserver.h"
#include "controller/http/connectionguard.h"
#include "controller/http/controllernode.h"

#include <QUrl>
#include <QUrlQuery>

using namespace drove::controller;
using namespace drove::controller::http;

namespace {

/// The embedded node as drove-embedded assembles it, without the listener: requests go
/// straight to ApiServer::dispatch.
struct Api
{
    Api()
        : node(settings(&clock))
    {
        if (!node.startCore())
            std::abort();
    }
    static NodeSettings settings(Clock *clock)
    {
        NodeSettings s;
        s.controller.randomSeed = 1;
        s.clock = clock;
        return s;
    }
    ApiServer &server() const { return *node.server(); }
    VirtualClock clock;
    ControllerNode node;
};

struct Outcome
{
    RequestHeadScanner::State state;
    int status;
    qsizetype used;
    int fields;
    qint64 contentLength;
    bool chunked;
    QByteArray target;
};

Outcome scan(const QByteArray &head, qsizetype split1, qsizetype split2)
{
    RequestHeadScanner scanner(64 * 1024);
    qsizetype used = 0;
    qsizetype from = 0;
    for (qsizetype to : {split1, split2, head.size()}) {
        to = qBound(from, to, head.size());
        if (scanner.state() == RequestHeadScanner::State::NeedMore)
            used += scanner.feed(head.mid(from, to - from));
        from = to;
    }
    if (scanner.state() == RequestHeadScanner::State::Rejected)
        used = -1; // where a rejection stops does not matter, only that it rejects
    return {scanner.state(),      scanner.status(),        used,
            scanner.fieldCount(), scanner.contentLength(), scanner.isChunked(),
            scanner.target()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const QByteArray head = drove::fuzz::bytes(data + 2, size - 2);
    const Outcome whole = scan(head, head.size(), head.size());
    const Outcome pieces = scan(head, data[0] % (head.size() + 1), data[1] % (head.size() + 1));
    if (whole.state != pieces.state || whole.status != pieces.status || whole.used != pieces.used
        || whole.fields != pieces.fields || whole.contentLength != pieces.contentLength
        || whole.chunked != pieces.chunked || whole.target != pieces.target)
        drove::fuzz::violated("the request head frames differently when split across reads");
    if (whole.state != RequestHeadScanner::State::Complete)
        return 0;

    static Api api;
    RequestHeadScanner scanner;
    scanner.feed(head);
    const QByteArray method = scanner.method();
    if (method != "GET" && method != "HEAD")
        return 0;
    // The full target (with its query), as QHttpServer hands it over.
    const qsizetype lineEnd = head.indexOf('\n');
    const QList<QByteArray> parts = head.left(lineEnd).trimmed().split(' ');
    const QUrl url = QUrl::fromEncoded(parts.value(1));
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    const HttpReply reply
        = api.server().dispatch(method == "GET" ? HttpMethod::Get : HttpMethod::Head, path,
                                QUrlQuery(url), QByteArray(), QByteArray(), QByteArray());
    if (reply.status < 200 || reply.status > 599)
        drove::fuzz::violated("a request answered with an impossible status");
    (void)reply.serialize(method == "HEAD", false);
    (void)RequestLogEntry::escaped(QByteArray::fromPercentEncoding(path));
    return 0;
}
