// Issue 16: the HTTP front of the embedded controller against hostile clients. Request framing
// (one interpretation per request, no smuggling), the header limit across reads, half-closed
// clients, idle connections and the connection cap, and request-log escaping.
#include "controller/http/apiserver.h"
#include "httptestclient.h"
#include "testcertificate.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#ifndef QT_NO_SSL
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#endif
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace drove::controller::http;

class TestHttpHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void framing_data();
    void framing();
    void headerLimitAcrossReads_data();
    void headerLimitAcrossReads();
    void halfClose_data();
    void halfClose();
    void idleConnectionsClosed_data();
    void idleConnectionsClosed();
    void connectionCap();
    void tlsConnectionCap();
    void logEscaping_data();
    void logEscaping();
    void escapedText_data();
    void escapedText();
    void scannerAgreesWithQtOnSplitHeads_data();
    void scannerAgreesWithQtOnSplitHeads();

private:
    void startServer();
    quint16 m_port = 0;
    ApiServer *m_server = nullptr;
};

namespace {

const QByteArray kCredentials = "Authorization: Basic " + QByteArray("alice:secret").toBase64();

// Every response the server sends on one connection for `bytes`: waits for the connection to
// close, or for `settleMs` of silence after a first complete answer.
QList<int> statusesFor(quint16 port, const QByteArray &bytes, QByteArray *raw = nullptr,
                       int settleMs = 400)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(bytes);
    QByteArray answer;
    QEventLoop loop;
    QTimer settle;
    settle.setSingleShot(true);
    QObject::connect(&settle, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        answer += socket.readAll();
        settle.start(settleMs);
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(6000, &loop, &QEventLoop::quit);
    loop.exec();
    answer += socket.readAll();
    if (raw)
        *raw = answer;
    QList<int> statuses;
    qsizetype at = 0;
    while ((at = answer.indexOf("HTTP/1.1 ", at)) >= 0) {
        // A status line starts the answer or follows the previous answer's body.
        bool ok = false;
        const int status = answer.mid(at + 9, 3).toInt(&ok);
        if (ok && answer.mid(at + 12, 1) == " ")
            statuses.append(status);
        at += 9;
    }
    return statuses;
}

QByteArray fields(int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += "X-Field-" + QByteArray::number(i) + ": v\r\n";
    return out;
}

const QByteArray kSmuggled = "GET /apis/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n";

QByteArray withBody(const QByteArray &head, const QByteArray &body)
{
    return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

void TestHttpHardening::init()
{
    m_server = new ApiServer;
    m_server->router().add(Route {HttpMethod::Get, QStringLiteral("/apis/v1/ping"), Access::AnyUser,
                                  [](const ApiRequest &request) {
                                      return HttpReply::success(request.principal.name);
                                  }});
    m_server->router().add(Route {HttpMethod::Post,
                                  QStringLiteral("/apis/v1/applications/operations"),
                                  Access::Operate, [](const ApiRequest &request) {
                                      return HttpReply::success(qint64(request.body.size()));
                                  }});
    m_server->setAuthenticator(
        Authenticator({{QStringLiteral("alice"), QStringLiteral("secret"), UserRole::Root}}));
}

void TestHttpHardening::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

void TestHttpHardening::startServer()
{
    QString error;
    m_port = m_server->listenOn(QHostAddress::LocalHost, 0, &error);
    QVERIFY2(m_port != 0, qPrintable(error));
}

// Item 2. Before the fix QHttpServer 6.4 served the first four rows as if they had no headers
// (401: the credentials were dropped) and then ran the body as a second request (200).
void TestHttpHardening::framing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<int>>("statuses");

    const QByteArray post = "POST /apis/v1/applications/operations HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\n"
        + kCredentials + "\r\n";
    QTest::newRow("101 fields, smuggled request")
        << withBody(post + fields(101), kSmuggled) << QList<int> {431};
    QTest::newRow("line without colon, smuggled request")
        << withBody(post + "NoColonHere\r\n", kSmuggled) << QList<int> {400};
    QTest::newRow("space before colon")
        << withBody(post + "X-Bad : v\r\n", kSmuggled) << QList<int> {400};
    QTest::newRow("folded line") << withBody(post + "X-A: a\r\n  folded\r\n", kSmuggled)
                                 << QList<int> {400};
    QTest::newRow("field over 8 KiB")
        << withBody(post + "X-Big: " + QByteArray(8200, 'a') + "\r\n", kSmuggled)
        << QList<int> {431};
    QTest::newRow("NUL in a value")
        << withBody(post + QByteArray("X-A: a\0b\r\n", 10), kSmuggled) << QList<int> {400};
    QTest::newRow("bare CR in a value")
        << withBody(post + "X-A: a\rb\r\n", kSmuggled) << QList<int> {400};
    QTest::newRow("two different lengths")
        << QByteArray(post + "Content-Length: 5\r\nContent-Length: 40\r\n\r\n" + kSmuggled)
        << QList<int> {400};
    QTest::newRow("length and chunked")
        << QByteArray(post + "Content-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n" + kSmuggled)
        << QList<int> {400};
    QTest::newRow("unknown transfer coding")
        << QByteArray(post + "Transfer-Encoding: gzip, chunked\r\n\r\n" + kSmuggled)
        << QList<int> {400};
    QTest::newRow("length with a sign")
        << QByteArray(post + "Content-Length: +40\r\n\r\n" + kSmuggled) << QList<int> {400};
    // What QHttpServer serves must stay served, with its headers.
    // Host, Content-Type, Authorization, Connection and Content-Length make five more.
    QTest::newRow("101 fields exactly")
        << withBody(post + fields(96) + "Connection: close\r\n", "{}") << QList<int> {431};
    QTest::newRow("100 fields") << withBody(post + fields(95) + "Connection: close\r\n", "{}")
                                << QList<int> {200};
    QTest::newRow("8 KiB field") << withBody(
        post + "X-Big: " + QByteArray(8192 - 7, 'a') + "\r\nConnection: close\r\n", "{}")
                                 << QList<int> {200};
    QTest::newRow("LF line endings") << QByteArray("GET /apis/v1/ping HTTP/1.1\nHost: x\n"
                                                   + kCredentials + "\nConnection: close\n\n")
                                     << QList<int> {200};
    QTest::newRow("pipelined, both answered") << QByteArray(
        "GET /apis/v1/ping HTTP/1.1\r\n" + kCredentials + "\r\n\r\n"
        + "GET /apis/v1/ping HTTP/1.1\r\n" + kCredentials + "\r\nConnection: close\r\n\r\n")
                                              << QList<int> {200, 200};
}

void TestHttpHardening::framing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<int>, statuses);
    startServer();
    QByteArray raw;
    const QList<int> got = statusesFor(m_port, bytes, &raw);
    QVERIFY2(got == statuses, raw.constData());
    if (statuses.constFirst() != 200) {
        // The rejection is an envelope and says the connection closes.
        QVERIFY2(raw.contains("Connection: close"), raw.constData());
        QVERIFY2(raw.contains("\"status\":\"FAILED\""), raw.constData());
    } else {
        QVERIFY2(raw.contains("\"data\":\"alice\"") || raw.contains("\"data\":2"), raw.constData());
    }
    HttpTestClient client(m_port);
    client.setCredentials(QStringLiteral("alice"), QStringLiteral("secret"));
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
}

// Item 7: the head limit holds when the head arrives in several reads.
void TestHttpHardening::headerLimitAcrossReads_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<int>("status");
    const QByteArray line = "GET /apis/v1/ping HTTP/1.1\r\n";
    QTest::newRow("two reads over the limit")
        << QList<QByteArray> {line + "X-A: " + QByteArray(1500, 'a') + "\r\n",
                              "X-B: " + QByteArray(1500, 'b') + "\r\n\r\n"}
        << 431;
    QTest::newRow("many small reads over the limit")
        << QList<QByteArray> {line, fields(40), fields(40) + "X-Pad: " + QByteArray(900, 'p'),
                              "\r\n\r\n"}
        << 431;
    QTest::newRow("two reads under the limit")
        << QList<QByteArray> {line + "X-A: " + QByteArray(500, 'a') + "\r\n",
                              "X-B: " + QByteArray(500, 'b') + "\r\n" + kCredentials + "\r\n\r\n"}
        << 200;
}

void TestHttpHardening::headerLimitAcrossReads()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(int, status);
    m_server->setLimits({1024 * 1024, 2048});
    startServer();
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    QVERIFY(socket.waitForConnected());
    QByteArray answer;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { answer += socket.readAll(); });
    for (const QByteArray &piece : pieces) {
        socket.write(piece);
        QVERIFY(socket.waitForBytesWritten());
        QTest::qWait(100); // let the server read each piece on its own
    }
    QTRY_VERIFY_WITH_TIMEOUT(HttpTestClient::statusOf(answer) != 0, 5000);
    QCOMPARE(HttpTestClient::statusOf(answer), status);
}

// Item 9: a request followed at once by the client's FIN (`nc -N`) is answered.
void TestHttpHardening::halfClose_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("get") << QByteArray("GET /apis/v1/ping HTTP/1.1\r\nHost: x\r\n" + kCredentials
                                       + "\r\n\r\n")
                         << 200;
    QTest::newRow("post") << withBody("POST /apis/v1/applications/operations HTTP/1.1\r\n"
                                      "Content-Type: application/json\r\n"
                                          + kCredentials + "\r\n",
                                      "{\"a\":1}")
                          << 200;
    QTest::newRow("unauthenticated") << QByteArray("GET /apis/v1/ping HTTP/1.1\r\n\r\n") << 401;
    QTest::newRow("rejected by the guard")
        << QByteArray("GET /apis/v1/ping HTTP/1.1\r\n" + fields(101) + "\r\n") << 431;
}

void TestHttpHardening::halfClose()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    startServer();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QCOMPARE(::send(fd, bytes.constData(), size_t(bytes.size()), 0), ssize_t(bytes.size()));
    QCOMPARE(::shutdown(fd, SHUT_WR), 0);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    bool eof = false;
    while (!eof && timer.elapsed() < 5000) {
        QTest::qWait(10); // the server runs on this thread
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                answer.append(buffer, n);
                continue;
            }
            eof = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
            break;
        }
    }
    ::close(fd);
    QCOMPARE(HttpTestClient::statusOf(answer), status);
}

// Item 3: idle connections are closed; a connection that never sends a byte sooner.
void TestHttpHardening::idleConnectionsClosed_data()
{
    QTest::addColumn<bool>("sendRequest");
    QTest::addColumn<int>("minMs");
    QTest::newRow("never sent a byte") << false << 300;
    QTest::newRow("keep-alive, idle after a request") << true << 600;
}

void TestHttpHardening::idleConnectionsClosed()
{
    QFETCH(bool, sendRequest);
    QFETCH(int, minMs);
    ConnectionLimits limits;
    limits.idleTimeoutMs = 600;
    limits.firstByteTimeoutMs = 300;
    m_server->setLimits(limits);
    startServer();
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    QVERIFY(socket.waitForConnected());
    QElapsedTimer timer;
    timer.start();
    if (sendRequest) {
        socket.write("GET /apis/v1/ping HTTP/1.1\r\n" + kCredentials + "\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY2((answer += socket.readAll()).contains("\"alice\""), answer.constData());
        timer.restart();
    }
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(5000));
    QVERIFY2(timer.elapsed() >= minMs * 9 / 10, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(timer.elapsed() < minMs + 2000, qPrintable(QString::number(timer.elapsed())));
}

// Item 3: beyond the cap a connection gets a 503 envelope and is closed; closing one makes room.
void TestHttpHardening::connectionCap()
{
    ConnectionLimits limits;
    limits.maxConnections = 2;
    m_server->setLimits(limits);
    QSignalSpy log(m_server, &ApiServer::requestFinished);
    startServer();
    auto *first = new QTcpSocket(this);
    QTcpSocket second;
    for (QTcpSocket *socket : {first, &second}) {
        socket->connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket->waitForConnected());
    }
    QTest::qWait(100); // accepted by the server
    QByteArray raw;
    const QList<int> statuses
        = statusesFor(m_port, "GET /apis/v1/ping HTTP/1.1\r\n" + kCredentials + "\r\n\r\n", &raw);
    QCOMPARE(statuses, QList<int> {503});
    QVERIFY2(raw.contains("Too many open connections: the limit is 2"), raw.constData());
    QVERIFY(raw.contains("\"status\":\"FAILED\""));
    QTRY_VERIFY(!log.isEmpty());
    QCOMPARE(log.constLast().at(0).value<RequestLogEntry>().status, 503);

    delete first;
    QTest::qWait(200); // the server sees the close
    HttpTestClient client(m_port);
    client.setCredentials(QStringLiteral("alice"), QStringLiteral("secret"));
    QCOMPARE(client.get(QStringLiteral("/apis/v1/ping")).status, 200);
}

// Item 3 over TLS: before, a client beyond the cap saw its handshake cut without a word; it now
// gets the same 503 envelope, after the handshake.
void TestHttpHardening::tlsConnectionCap()
{
#ifdef QT_NO_SSL
    QSKIP("built without TLS");
#else
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QTemporaryDir dir;
    const std::optional<TestCertificate> certificate
        = TestCertificate::make(dir.path(), TestCertificate::Key::Ec);
    if (!certificate)
        QSKIP("openssl is not available to make a test certificate");
    const QString cert = certificate->certificatePath;
    const QString key = certificate->keyPath;
    QFile keyFile(key);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate::fromPath(cert).value(0));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    QVERIFY(!tls.privateKey().isNull());
    m_server->setTlsConfiguration(tls);
    ConnectionLimits limits;
    limits.maxConnections = 2;
    m_server->setLimits(limits);
    QSignalSpy log(m_server, &ApiServer::requestFinished);
    startServer();

    const auto connectTls = [this](QSslSocket *socket) {
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
    };
    // The server runs in this thread: wait with the event loop running, not waitFor…().
    QSslSocket first;
    QSslSocket second;
    for (QSslSocket *socket : {&first, &second}) {
        connectTls(socket);
        QTRY_VERIFY_WITH_TIMEOUT(socket->isEncrypted(), 5000);
    }
    QTest::qWait(100); // accepted by the server

    QSslSocket third;
    QByteArray raw;
    connect(&third, &QIODevice::readyRead, this, [&] { raw += third.readAll(); });
    QSignalSpy encrypted(&third, &QSslSocket::encrypted);
    connectTls(&third);
    // The server answers as soon as the handshake ends, and closes.
    QTRY_COMPARE_WITH_TIMEOUT(third.state(), QAbstractSocket::UnconnectedState, 5000);
    raw += third.readAll();
    QCOMPARE(encrypted.size(), 1);
    QVERIFY2(raw.startsWith("HTTP/1.1 503 "), raw.constData());
    QVERIFY2(raw.contains("Too many open connections: the limit is 2"), raw.constData());
    QVERIFY(raw.contains("\"status\":\"FAILED\""));
    QTRY_VERIFY(!log.isEmpty());
    QCOMPARE(log.constLast().at(0).value<RequestLogEntry>().status, 503);
#endif
}

// Item 4: no client can write a line, a NUL or broken UTF-8 into the request log.
void TestHttpHardening::logEscaping_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("logged");
    QTest::newRow("CR LF") << QByteArray("/apis/v1/ping%0d%0a2026-01-01%20GET%20/forged%20200")
                           << QStringLiteral("/apis/v1/ping\\x0d\\x0a2026-01-01 GET /forged 200");
    QTest::newRow("NUL") << QByteArray("/apis/%00x") << QStringLiteral("/apis/\\x00x");
    QTest::newRow("escape sequence")
        << QByteArray("/apis/%1b[31mred") << QStringLiteral("/apis/\\x1b[31mred");
    QTest::newRow("not UTF-8") << QByteArray("/apis/%ff%c3") << QStringLiteral("/apis/\\xff\\xc3");
    QTest::newRow("backslash") << QByteArray("/apis/%5cx0a") << QStringLiteral("/apis/\\x5cx0a");
    QTest::newRow("UTF-8 kept") << QByteArray("/apis/caf%c3%a9") << QStringLiteral("/apis/café");
}

void TestHttpHardening::logEscaping()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, logged);
    QSignalSpy log(m_server, &ApiServer::requestFinished);
    startServer();
    statusesFor(m_port, "GET " + target + " HTTP/1.1\r\nConnection: close\r\n\r\n");
    QTRY_COMPARE(log.size(), 1);
    const auto entry = log.at(0).at(0).value<RequestLogEntry>();
    QCOMPARE(entry.path, logged);
    for (QChar c : entry.path)
        QVERIFY(c.unicode() >= 0x20 && c.unicode() != 0x7f);
}

void TestHttpHardening::escapedText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QByteArray("alice") << QStringLiteral("alice");
    QTest::newRow("tab") << QByteArray("a\tb") << QStringLiteral("a\\x09b");
    QTest::newRow("DEL") << QByteArray("a\x7f") << QStringLiteral("a\\x7f");
    QTest::newRow("C1 control") << QByteArray("a\xc2\x85") << QStringLiteral("a\\xc2\\x85");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QStringLiteral("\\xc0\\xaf");
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QStringLiteral("\\xed\\xa0\\x80");
    QTest::newRow("truncated") << QByteArray("\xe2\x82") << QStringLiteral("\\xe2\\x82");
    QTest::newRow("euro") << QByteArray("\xe2\x82\xac") << QStringLiteral("€");
}

void TestHttpHardening::escapedText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QCOMPARE(RequestLogEntry::escaped(bytes), text);
}

// The scanner frames a head the same way whatever the read boundaries are.
void TestHttpHardening::scannerAgreesWithQtOnSplitHeads_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("state");
    QTest::newRow("complete") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                              << int(RequestHeadScanner::State::Complete);
    QTest::newRow("LF only") << QByteArray("GET / HTTP/1.1\nHost: x\n\n")
                             << int(RequestHeadScanner::State::Complete);
    QTest::newRow("leading blank lines")
        << QByteArray("\r\n\r\nGET / HTTP/1.1\r\n\r\n") << int(RequestHeadScanner::State::Complete);
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nbad\r\n\r\n")
                              << int(RequestHeadScanner::State::Rejected);
    QTest::newRow("incomplete") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n")
                                << int(RequestHeadScanner::State::NeedMore);
}

void TestHttpHardening::scannerAgreesWithQtOnSplitHeads()
{
    QFETCH(QByteArray, head);
    QFETCH(int, state);
    const QByteArray body = "tail";
    for (qsizetype split = 0; split <= head.size(); ++split) {
        RequestHeadScanner scanner;
        qsizetype used = scanner.feed(head.left(split));
        if (scanner.state() == RequestHeadScanner::State::NeedMore)
            used += scanner.feed(head.mid(split) + body);
        QCOMPARE(int(scanner.state()), state);
        if (state == int(RequestHeadScanner::State::Complete))
            QCOMPARE(used, head.size());
    }
}

QTEST_MAIN(TestHttpHardening)
#include "tst_httphardening.moc"
