#include "TestHelpers.h"
#include "WebSocketTestClient.h"

using namespace wavecraft;
using namespace wavecraft::detail; // unit tests of internals
using Event = WebSocketFrameParser::Event;

namespace
{
std::string hex (const std::array<juce::uint8, 20>& digest)
{
    return juce::String::toHexString (digest.data(), (int) digest.size(), 0).toStdString();
}

/** A frame as a client sends it: masked, with any header form. */
std::string clientFrame (int opcode, const std::string& payload, bool fin = true, bool masked = true, int rsv = 0)
{
    std::string frame;
    frame.push_back ((char) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
    const auto size = payload.size();
    const char maskBit = masked ? (char) 0x80 : 0;

    if (size < 126)
    {
        frame.push_back ((char) (maskBit | (char) size));
    }
    else if (size <= 0xFFFF)
    {
        frame.push_back ((char) (maskBit | 126));
        frame.push_back ((char) (size >> 8));
        frame.push_back ((char) size);
    }
    else
    {
        frame.push_back ((char) (maskBit | 127));

        for (int shift = 56; shift >= 0; shift -= 8)
            frame.push_back ((char) ((juce::uint64) size >> shift));
    }

    const char mask[] = { 0x12, 0x34, 0x56, 0x78 };

    if (masked)
        frame.append (mask, 4);

    for (size_t i = 0; i < size; ++i)
        frame.push_back (masked ? (char) (payload[i] ^ mask[i % 4]) : payload[i]);

    return frame;
}

std::vector<Event> parse (const std::string& bytes, size_t maxMessage = WebSocketFrameParser::defaultMaxMessageSize)
{
    WebSocketFrameParser parser (maxMessage);
    std::vector<Event> events;
    parser.feed (bytes.data(), bytes.size(), events);
    return events;
}

juce::uint16 errorCodeOf (const std::string& bytes)
{
    const auto events = parse (bytes);
    REQUIRE_FALSE (events.empty());
    REQUIRE (events.back().type == Event::Type::error);
    return events.back().closeCode;
}

std::string closePayload (juce::uint16 code, const std::string& reason = {})
{
    std::string payload;
    payload.push_back ((char) (code >> 8));
    payload.push_back ((char) code);
    return payload + reason;
}
} // namespace

TEST_CASE ("SHA-1 and the RFC 6455 accept key", "[websocket]")
{
    CHECK (hex (Sha1::digest ("abc", 3)) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK (hex (Sha1::digest ("", 0)) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const std::string million (1000000, 'a');
    CHECK (hex (Sha1::digest (million.data(), million.size())) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");

    // The example of RFC 6455 section 1.3.
    CHECK (WebSocketHandshake::acceptKeyFor ("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE ("UTF-8 validation follows Unicode's well-formed table, across fragments", "[websocket]")
{
    const auto valid = [] (const std::string& s)
    { return Utf8Validator::isValid (s.data(), s.size()); };

    CHECK (valid ("plain ascii"));
    CHECK (valid ("h\xc3\xa9llo \xe2\x82\xac \xf0\x9d\x84\x9e")); // é € 𝄞
    CHECK_FALSE (valid ("\xc0\x80"));                             // overlong NUL
    CHECK_FALSE (valid ("\xe0\x80\xaf"));                         // overlong /
    CHECK_FALSE (valid ("\xed\xa0\x80"));                         // a surrogate
    CHECK_FALSE (valid ("\xf4\x90\x80\x80"));                     // above U+10FFFF
    CHECK_FALSE (valid ("\xff"));
    CHECK_FALSE (valid ("\xe2\x82")); // cut short
    CHECK_FALSE (valid ("\x80"));     // a lone continuation

    Utf8Validator split;
    CHECK (split.feed (reinterpret_cast<const juce::uint8*> ("\xf0\x9d"), 2));
    CHECK_FALSE (split.isComplete());
    CHECK (split.feed (reinterpret_cast<const juce::uint8*> ("\x84\x9e"), 2));
    CHECK (split.isComplete());
}

TEST_CASE ("The frame parser reassembles messages and answers control frames", "[websocket]")
{
    SECTION ("one masked text frame, fed a byte at a time")
    {
        const auto bytes = clientFrame (0x1, R"({"jsonrpc":"2.0"})");
        WebSocketFrameParser parser;
        std::vector<Event> events;

        for (auto byte : bytes)
            REQUIRE (parser.feed (&byte, 1, events));

        REQUIRE (events.size() == 1);
        CHECK (events[0].type == Event::Type::text);
        CHECK (events[0].payload == R"({"jsonrpc":"2.0"})");
    }
    SECTION ("fragments with a ping between them, and UTF-8 split across fragments")
    {
        const auto events = parse (clientFrame (0x1, "caf\xc3", false) + clientFrame (0x9, "are you there")
                                   + clientFrame (0x0, "\xa9 ", false) + clientFrame (0x0, "au lait"));
        REQUIRE (events.size() == 2);
        CHECK (events[0].type == Event::Type::ping);
        CHECK (events[0].payload == "are you there");
        CHECK (events[1].type == Event::Type::text);
        CHECK (events[1].payload == "caf\xc3\xa9 au lait");
    }
    SECTION ("16- and 64-bit lengths")
    {
        const std::string medium (300, 'm'), large (70000, 'l');
        const auto events = parse (clientFrame (0x1, medium) + clientFrame (0x1, large));
        REQUIRE (events.size() == 2);
        CHECK (events[0].payload == medium);
        CHECK (events[1].payload == large);
    }
    SECTION ("a handed-back payload's memory carries the next messages, whole or in fragments")
    {
        WebSocketFrameParser parser;
        std::vector<Event> events;
        const std::string first (200, 'a');
        const auto feed = [&] (const std::string& bytes)
        { REQUIRE (parser.feed (bytes.data(), bytes.size(), events)); };

        feed (clientFrame (0x1, first));
        REQUIRE (events.size() == 1);
        const auto* memory = events[0].payload.data();
        parser.recycle (std::move (events[0].payload));
        events.clear();

        feed (clientFrame (0x1, "short"));
        feed (clientFrame (0x1, "in ", false) + clientFrame (0x0, "two ", false) + clientFrame (0x0, "parts"));
        REQUIRE (events.size() == 2);
        CHECK (events[0].payload == "short");
        CHECK (events[0].payload.data() == memory); // no new allocation for it
        CHECK (events[1].payload == "in two parts");
    }
    SECTION ("close with a code and a reason")
    {
        const auto events = parse (clientFrame (0x8, closePayload (1000, "bye")));
        REQUIRE (events.size() == 1);
        CHECK (events[0].type == Event::Type::close);
        CHECK (events[0].closeCode == 1000);
        CHECK (events[0].reason == "bye");
        CHECK (parse (clientFrame (0x8, ""))[0].closeCode == 1005);
    }
}

TEST_CASE ("The frame parser refuses what a server must refuse, with the right close code", "[websocket]")
{
    CHECK (errorCodeOf (clientFrame (0x1, "hi", true, false)) == 1002);                         // unmasked
    CHECK (errorCodeOf (clientFrame (0x1, "hi", true, true, 0x4)) == 1002);                     // RSV1 without an extension
    CHECK (errorCodeOf (clientFrame (0x3, "hi")) == 1002);                                      // reserved opcode
    CHECK (errorCodeOf (clientFrame (0x0, "hi")) == 1002);                                      // continuation of nothing
    CHECK (errorCodeOf (clientFrame (0x1, "a", false) + clientFrame (0x1, "b")) == 1002);       // new message mid-message
    CHECK (errorCodeOf (clientFrame (0x9, "p", false)) == 1002);                                // fragmented control frame
    CHECK (errorCodeOf (clientFrame (0x9, std::string (126, 'p'))) == 1002);                    // control frame too long
    CHECK (errorCodeOf (clientFrame (0x2, "\x01\x02")) == 1003);                                // binary
    CHECK (errorCodeOf (clientFrame (0x1, "\xc0\x80")) == 1007);                                // invalid UTF-8
    CHECK (errorCodeOf (clientFrame (0x1, "\xe2\x82", false) + clientFrame (0x0, "")) == 1007); // ends mid-character
    CHECK (errorCodeOf (clientFrame (0x8, "\x03")) == 1002);                                    // 1-byte close payload
    CHECK (errorCodeOf (clientFrame (0x8, closePayload (1005))) == 1002);                       // a code that is never sent
    CHECK (errorCodeOf (clientFrame (0x8, closePayload (1000, "\xff"))) == 1007);

    // Too big is decided from the header, before the payload arrives.
    const auto header = clientFrame (0x1, std::string (70000, 'x')).substr (0, 14);
    const auto events = parse (header, 65536);
    REQUIRE (events.size() == 1);
    CHECK (events[0].closeCode == 1009);

    // The same across fragments.
    CHECK (parse (clientFrame (0x1, std::string (40000, 'a'), false) + clientFrame (0x0, std::string (40000, 'b')), 65536)
               .back()
               .closeCode
           == 1009);
}

TEST_CASE ("The frame encoder writes unmasked frames with the shortest length form", "[websocket]")
{
    const auto small = WebSocketFrameEncoder::text ("hello");
    CHECK (small == std::string ("\x81\x05hello"));

    const auto medium = WebSocketFrameEncoder::text (std::string (126, 'x'));
    CHECK ((juce::uint8) medium[1] == 126);
    CHECK (medium.size() == 4 + 126);

    const auto large = WebSocketFrameEncoder::text (std::string (65536, 'x'));
    CHECK ((juce::uint8) large[1] == 127);
    CHECK ((juce::uint8) large[7] == 1); // 0x10000, big-endian
    CHECK (large.size() == 10 + 65536);

    // A close reason is cut to fit 125 bytes, never inside a character.
    std::string euros;
    for (int i = 0; i < 60; ++i)
        euros += "\xe2\x82\xac";
    const auto close = WebSocketFrameEncoder::close (WebSocketCloseCode::messageTooBig, euros);
    CHECK ((juce::uint8) close[0] == 0x88);
    CHECK ((juce::uint8) close[1] <= 125);
    CHECK (Utf8Validator::isValid (close.data() + 4, close.size() - 4));
    CHECK ((juce::uint8) close[2] == 0x03);
    CHECK ((juce::uint8) close[3] == 0xF1); // 1009
}

TEST_CASE ("The handshake: 101, 426, 400 and the Origin policy's 403", "[websocket]")
{
    const std::string base = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const juce::StringArray none;

    const auto ok = WebSocketHandshake::respond (base + "Sec-WebSocket-Version: 13\r\n\r\n", none);
    CHECK (ok.status == 101);
    CHECK (ok.response.find ("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);

    const auto lowerCase = WebSocketHandshake::respond ("GET / HTTP/1.1\r\nupgrade: WebSocket\r\nconnection: upgrade\r\n"
                                                        "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n",
                                                        none);
    CHECK (lowerCase.status == 101);

    const auto oldVersion = WebSocketHandshake::respond (base + "Sec-WebSocket-Version: 8\r\n\r\n", none);
    CHECK (oldVersion.status == 426);
    CHECK (oldVersion.response.find ("Sec-WebSocket-Version: 13\r\n") != std::string::npos);

    CHECK (WebSocketHandshake::respond ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", none).status == 404); // no page given
    CHECK (WebSocketHandshake::respond ("hello\r\n\r\n", none).status == 400);
    CHECK (WebSocketHandshake::respond ("GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                        "Sec-WebSocket-Key: c2hvcnQ=\r\n\r\n",
                                        none)
               .status
           == 400);

    const auto evil = WebSocketHandshake::respond (base + "Sec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n", none);
    CHECK (evil.status == 403);
    CHECK (evil.response.find ("origin http://evil.example is not allowed; add it to the server's allowed origins to accept it") != std::string::npos);

    struct OptionHints : public DiagnosticHints
    {
        juce::String hintFor (const Diagnostic& diagnostic) const override
        {
            return "allow " + diagnostic.fields[Diagnostic::Fields::origin].toString() + " in the app";
        }
    } hints;

    const auto hinted = WebSocketHandshake::respond (base + "Sec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n", none, &hints);
    CHECK (hinted.response.find ("; allow http://evil.example in the app") != std::string::npos);

    const auto allowed = WebSocketHandshake::respond (base + "Sec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n",
                                                      { "http://evil.example" });
    CHECK (allowed.status == 101);
}

TEST_CASE ("A plain request gets the page at /, 404 elsewhere and 405 for another method", "[websocket]")
{
    const juce::StringArray none;
    const std::string page = "<!doctype html><title>the page</title>";

    const auto served = WebSocketHandshake::respond ("GET /?ws=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n\r\n", none, nullptr, page);
    CHECK (served.status == 200);
    CHECK (served.response.find ("Content-Type: text/html; charset=utf-8\r\n") != std::string::npos);
    CHECK (served.response.find ("Content-Length: " + std::to_string (page.size()) + "\r\n") != std::string::npos);
    CHECK (served.response.substr (served.response.size() - page.size()) == page);

    const auto head = WebSocketHandshake::respond ("HEAD / HTTP/1.1\r\n\r\n", none, nullptr, page);
    CHECK (head.status == 200);
    CHECK (head.response.find ("<title>") == std::string::npos);

    const auto elsewhere = WebSocketHandshake::respond ("GET /favicon.ico HTTP/1.1\r\n\r\n", none, nullptr, page);
    CHECK (elsewhere.status == 404);
    CHECK (elsewhere.reason == "nothing at /favicon.ico: the control page is at /; the Wavecraft protocol is a WebSocket on this port");

    const auto posted = WebSocketHandshake::respond ("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", none, nullptr, page);
    CHECK (posted.status == 405);
    CHECK (posted.response.find ("Allow: GET, HEAD\r\n") != std::string::npos);
    CHECK (posted.reason == "POST is not allowed: GET / for the control page, or a WebSocket upgrade");

    // An upgrade is an upgrade on any path, and only as a GET.
    const std::string upgrade = " /anything HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    CHECK (WebSocketHandshake::respond ("GET" + upgrade, none, nullptr, page).status == 101);
    CHECK (WebSocketHandshake::respond ("PUT" + upgrade, none, nullptr, page).status == 405);
}

TEST_CASE ("Loopback origins are recognised exactly", "[websocket]")
{
    const juce::StringArray none;
    CHECK (WebSocketHandshake::isOriginAllowed ("http://localhost", none));
    CHECK (WebSocketHandshake::isOriginAllowed ("http://localhost:5173", none));
    CHECK (WebSocketHandshake::isOriginAllowed ("https://127.0.0.1:8443", none));
    CHECK (WebSocketHandshake::isOriginAllowed ("http://[::1]:3000", none));
    CHECK (WebSocketHandshake::isOriginAllowed ("HTTP://LOCALHOST", none));
    CHECK_FALSE (WebSocketHandshake::isOriginAllowed ("http://localhost.evil.example", none));
    CHECK_FALSE (WebSocketHandshake::isOriginAllowed ("http://127.0.0.1.evil.example", none));
    CHECK_FALSE (WebSocketHandshake::isOriginAllowed ("http://evil.example/localhost", none));
    CHECK_FALSE (WebSocketHandshake::isOriginAllowed ("http://localhost:80x", none));
    CHECK_FALSE (WebSocketHandshake::isOriginAllowed ("file://", none));
    CHECK_FALSE (WebSocketHandshake::isOriginAllowed ("null", none));
    CHECK (WebSocketHandshake::isOriginAllowed ("https://app.example/", { "https://app.example" }));
}

namespace
{
/** Answers "ping" with "pong", and anything else with itself and 64 KiB of
    shared text; counts what it was asked.
*/
class BigAnswers : public WebSocketServer::Handler
{
public:
    WebSocketServer::Reply handleMessage (int, std::string_view message) override
    {
        ++handled;

        if (message == "ping")
            return { "pong", nullptr, {} };

        return { std::string (message) + ":", block, {} };
    }

    std::atomic<int> handled { 0 };
    const std::shared_ptr<const std::string> block = std::make_shared<const std::string> (65536, 'x');
};
} // namespace

TEST_CASE ("A client that asks without reading is read no more until its answers drain, and then gets every one", "[websocket]")
{
    BigAnswers handler;
    WebSocketServer server (handler);
    WebSocketServer::Options options;
    options.port = 0;
    REQUIRE (server.start (options).wasOk());

    test::WebSocketTestClient stalled, other;
    REQUIRE (stalled.connectTo (server.getPort()));
    REQUIRE (stalled.handshake() == 101);
    REQUIRE (other.connectTo (server.getPort()));
    REQUIRE (other.handshake() == 101);

    // 1000 requests whose answers come to 64 MiB, and not a byte read.
    constexpr int numRequests = 1000;

    for (int i = 0; i < numRequests; ++i)
        stalled.sendText (std::to_string (i));

    int handledBefore = -1;

    for (int tries = 0; tries < 50 && handler.handled.load() != handledBefore; ++tries)
    {
        handledBefore = handler.handled.load();
        juce::Thread::sleep (100);
    }

    // The server stopped reading once the answers it held passed its bound
    // (what it handled beyond that fills the kernel's socket buffers).
    const auto handledWhileStalled = handler.handled.load();
    INFO (handledWhileStalled << " of " << numRequests << " requests handled while the client read nothing");
    CHECK (handledWhileStalled < numRequests / 2);

    // Another client is served meanwhile.
    std::string answer;
    other.sendText ("ping");
    REQUIRE (other.readMessage (answer));
    CHECK (answer == "pong");

    // Reading again, the client gets every answer, in order, none dropped.
    for (int i = 0; i < numRequests; ++i)
    {
        REQUIRE (stalled.readMessage (answer));
        REQUIRE (answer.size() == std::to_string (i).size() + 1 + handler.block->size());
        REQUIRE (answer.compare (0, std::to_string (i).size() + 1, std::to_string (i) + ":") == 0);
    }

    CHECK (handler.handled.load() == numRequests + 1);
    server.stop();
}

TEST_CASE ("A page many times a socket buffer reaches its reader whole, while the server answers other clients", "[websocket]")
{
    BigAnswers handler;
    WebSocketServer server (handler);
    WebSocketServer::Options options;
    options.port = 0;
    options.page = "<!doctype html>" + std::string (4 << 20, 'p');
    REQUIRE (server.start (options).wasOk());

    juce::StreamingSocket reader;
    REQUIRE (reader.connect ("127.0.0.1", server.getPort(), 2000));
    const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    REQUIRE (reader.write (request.data(), (int) request.size()) == (int) request.size());

    // Not reading yet: the page waits in the server's queue, not in a blocked send.
    juce::Thread::sleep (200);
    test::WebSocketTestClient other;
    REQUIRE (other.connectTo (server.getPort()));
    REQUIRE (other.handshake() == 101);
    std::string answer;
    other.sendText ("ping");
    REQUIRE (other.readMessage (answer));
    CHECK (answer == "pong");

    std::string response;
    std::vector<char> buffer (65536);

    // Until the server closes its side (a read of 0), or nothing comes for 5 s.
    while (reader.waitUntilReady (true, 5000) == 1)
    {
        const auto got = reader.read (buffer.data(), (int) buffer.size(), false);

        if (got <= 0)
            break;

        response.append (buffer.data(), (size_t) got);
    }

    REQUIRE (response.rfind ("HTTP/1.1 200 OK\r\n", 0) == 0);
    REQUIRE (response.size() > options.page.size());
    CHECK (response.compare (response.size() - options.page.size(), options.page.size(), options.page) == 0);

    // The answered connection closed itself, and the other is still served.
    other.sendText ("ping");
    REQUIRE (other.readMessage (answer));
    CHECK (answer == "pong");
    server.stop();
}
