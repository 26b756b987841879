#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>

namespace wavecraft::detail
{

namespace
{
    // A page that went must not end the host with SIGPIPE: MSG_NOSIGNAL on
    // each send where the OS has it (Linux, the BSDs), else the socket's
    // SO_NOSIGPIPE, set when it is accepted (macOS).
#ifdef MSG_NOSIGNAL
    constexpr int sendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
#else
    constexpr int sendFlags = MSG_DONTWAIT;
#endif
} // namespace

namespace
{
    bool wouldBlock() noexcept
    {
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
} // namespace

WebSocketConnection::WebSocketConnection (WebSocketServer& owner, int id, std::unique_ptr<juce::StreamingSocket> s, bool refuseIt)
    : server (owner),
      clientId (id),
      socket (std::move (s)),
      refuse (refuseIt),
      acceptedAtMs (server.turnStartedMs),
      lastProgressMs (acceptedAtMs),
      parser (owner.options.maxMessageSize)
{
    const auto handle = socket->getRawSocketHandle();
    ::fcntl (handle, F_SETFL, ::fcntl (handle, F_GETFL) | O_NONBLOCK);
}

WebSocketConnection::~WebSocketConnection()
{
    socket->close();
}

void WebSocketConnection::setState (State newState)
{
    state = newState;
    server.connectionsChanged = true; // the server counts and sweeps at the end of this turn
}

void WebSocketConnection::finish()
{
    const auto wasConnected = state == State::open || state == State::closing;
    setState (State::finished);

    if (wasConnected)
        server.handler.clientDisconnected (clientId);
}

void WebSocketConnection::answerAndClose (std::string response)
{
    // The page is bigger than a socket's first buffer: it goes out as the
    // socket takes it, like any queued frame, and the write side closes after.
    queueFrame (std::move (response), false);
    setState (State::answering);
    lastProgressMs = server.turnStartedMs;
}

void WebSocketConnection::onReadable (bool hungUp)
{
    if (readingPaused)
    {
        // Its requests wait in the socket until its answers drain; a peer
        // that is gone will read none of them.
        if (hungUp)
            finish();

        return;
    }

    // One read a turn: a client with a long backlog of requests gets its
    // turn like every other one, and the poller reports it again while
    // there is more.
    char buffer[65536];
    const auto received = ::recv (socket->getRawSocketHandle(), buffer, sizeof (buffer), MSG_DONTWAIT);

    if (received == 0)
        return finish();

    if (received < 0)
    {
        if (! wouldBlock())
            finish();

        return;
    }

    if (state == State::closing || state == State::answering)
        return; // after our close frame or answer, input is only drained

    if (state == State::handshaking)
    {
        request.append (buffer, (size_t) received);
        return handshake();
    }

    parser.feed (buffer, (size_t) received, events);
    handleEvents();
}

void WebSocketConnection::handshake()
{
    if (request.size() > WebSocketHandshake::maxRequestSize)
        return answerAndClose ("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    if (! WebSocketHandshake::isComplete (request))
        return;

    if (refuse)
    {
        const std::string body = "the server has its maximum of " + countOf (server.options.maxClients, "client", "clients").toStdString()
            + "; close another page to make room\n";
        return answerAndClose ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                               + std::to_string (body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    }

    const auto headEnd = request.find ("\r\n\r\n") + 4;
    const auto result = WebSocketHandshake::respond (std::string_view (request).substr (0, headEnd), server.options.allowedOrigins,
                                                     server.options.hints, server.options.page);

    if (result.status == 403)
        server.logRefusedOrigin (result.reason);

    if (! result.accepted())
        return answerAndClose (result.response);

    setState (State::open);
    queueFrame (result.response, false); // not a frame, but the same queue keeps the order
    server.handler.clientConnected (clientId);

    // Bytes after the head are the client's first frames.
    const auto rest = request.substr (headEnd);
    request.clear();
    request.shrink_to_fit();

    if (! rest.empty())
    {
        parser.feed (rest.data(), rest.size(), events);
        handleEvents();
    }
}

void WebSocketConnection::handleEvents()
{
    using Type = WebSocketFrameParser::Event::Type;

    for (; nextEvent < events.size(); ++nextEvent)
    {
        if (state != State::open || pauseReadingIfBehind())
            break;

        auto& event = events[nextEvent];

        switch (event.type)
        {
            case Type::text:
            {
                const auto reply = server.handler.handleMessage (clientId, event.payload);
                parser.recycle (std::move (event.payload));

                if (! reply.isEmpty())
                    queueReply (reply);

                break;
            }

            case Type::ping:
                queueFrame (WebSocketFrameEncoder::pong (event.payload), false);
                break;

            case Type::pong:
                break;

            case Type::close:
                close (event.closeCode == WebSocketProtocol::noStatusReceived ? WebSocketCloseCode::normal : (WebSocketCloseCode) event.closeCode, {});
                break;

            case Type::error:
                close ((WebSocketCloseCode) event.closeCode, event.reason);
                break;
        }
    }

    if (! readingPaused)
    {
        events.clear();
        nextEvent = 0;
    }
}

bool WebSocketConnection::pauseReadingIfBehind()
{
    // A page that asks and doesn't read (paused in a debugger) would
    // otherwise have every answer to everything it sent held here.
    if (getUnsentBytes() > server.options.pauseReadingAboveBytes)
        readingPaused = true;

    return readingPaused;
}

void WebSocketConnection::resumeReadingIfDrained()
{
    // Half the bound: a client that reads slowly is paused and resumed
    // once per half a bound it reads, not once per answer.
    if (! readingPaused || getUnsentBytes() > server.options.pauseReadingAboveBytes / 2)
        return;

    readingPaused = false;
    handleEvents(); // the requests already read first, in order
}

void WebSocketConnection::close (WebSocketCloseCode code, std::string_view reason)
{
    if (state != State::open)
        return;

    queueFrame (WebSocketFrameEncoder::close (code, reason), false);
    setState (State::closing);
    closingSinceMs = server.turnStartedMs;
}

juce::uint32 WebSocketConnection::getHeldFramesDeadline() const noexcept
{
    return heldSinceMs + (juce::uint32) server.options.holdMeterFramesMs;
}

void WebSocketConnection::queueReply (const WebSocketServer::Reply& reply)
{
    if (state != State::open)
        return;

    // What waits goes out ahead of the answer, in order and in the same send.
    takeQueuedIntoSendBuffer();

    // While the socket takes more, a shared text goes straight from where it
    // is, in one sendmsg with what waits ahead of it (held meter frames).
    if (reply.shared != nullptr && ! socketFull)
        return sendSharedReply (reply);

    // A full socket: the answer joins the send buffer, which goes out when
    // the socket takes more; one copy, however far behind the client is.
    compactSendBuffer();
    WebSocketFrameEncoder::appendHeader (writing, WebSocketProtocol::text, reply.size());
    writing += reply.text;

    if (reply.shared != nullptr)
        writing += *reply.shared;

    writing += reply.tail;

    if (getUnsentBytes() > server.options.maxQueuedBytes)
        finish(); // reading pauses well before this: only a huge answer, or notifications it never reads, get here
}

void WebSocketConnection::takeQueuedIntoSendBuffer()
{
    if (outgoing.empty())
        return;

    compactSendBuffer();

    for (auto& entry : outgoing)
        writing += entry.frame;

    outgoing.clear();
    queuedBytes = 0;
    queuedDroppable = 0;
}

void WebSocketConnection::compactSendBuffer()
{
    if (written >= writing.size())
    {
        writing.clear();
        written = 0;
    }
    else if (written > writing.size() / 2)
    {
        writing.erase (0, written);
        written = 0;
    }
}

void WebSocketConnection::sendSharedReply (const WebSocketServer::Reply& reply)
{
    std::string head;
    WebSocketFrameEncoder::appendHeader (head, WebSocketProtocol::text, reply.size());
    head += reply.text;

    iovec parts[] = { { writing.data() + written, writing.size() - written },
                      { head.data(), head.size() },
                      { const_cast<char*> (reply.shared->data()), reply.shared->size() },
                      { const_cast<char*> (reply.tail.data()), reply.tail.size() } };
    msghdr message {};
    message.msg_iov = parts;
    message.msg_iovlen = 4;
    const auto sent = ::sendmsg (socket->getRawSocketHandle(), &message, sendFlags);

    if (sent < 0 && ! wouldBlock())
        return finish();

    if (sent > 0)
        lastProgressMs = server.turnStartedMs;

    size_t total = 0;

    for (const auto& part : parts)
        total += part.iov_len;

    auto done = (size_t) juce::jmax<ssize_t> (0, sent);

    if (done >= total)
    {
        writing.clear();
        written = 0;
        return;
    }

    // The socket took part of it, so it is full: keep the rest, in order,
    // for when it takes more (only this once: what follows is appended).
    socketFull = true;
    std::string rest;
    rest.reserve (total - done);

    for (const auto& part : parts)
    {
        const auto skip = juce::jmin (done, part.iov_len);
        rest.append (static_cast<const char*> (part.iov_base) + skip, part.iov_len - skip);
        done -= skip;
    }

    writing = std::move (rest);
    written = 0;
}

void WebSocketConnection::queueFrame (std::string frame, bool droppable)
{
    if (state == State::finished || (state == State::closing && droppable))
        return;

    // A client that doesn't read loses its oldest meter frames, not our memory.
    if (droppable && queuedDroppable >= server.options.maxQueuedDroppable)
    {
        for (auto it = outgoing.begin(); it != outgoing.end(); ++it)
        {
            if (it->droppable)
            {
                queuedBytes -= it->frame.size();
                outgoing.erase (it);
                --queuedDroppable;
                ++server.dropped;
                break;
            }
        }
    }

    if (droppable && queuedDroppable == 0)
        heldSinceMs = server.turnStartedMs;

    queuedBytes += frame.size();
    queuedDroppable += droppable ? 1 : 0;
    outgoing.push_back ({ std::move (frame), droppable });

    if (queuedBytes > server.options.maxQueuedBytes)
        finish(); // far behind and not catching up: drop the client
}

void WebSocketConnection::onWritable()
{
    while (state != State::finished)
    {
        if (written >= writing.size())
        {
            writing.clear();
            written = 0;

            // Coalesce what's queued into one send.
            while (! outgoing.empty() && writing.size() < 65536)
            {
                writing += outgoing.front().frame;
                queuedBytes -= outgoing.front().frame.size();
                queuedDroppable -= outgoing.front().droppable ? 1 : 0;
                outgoing.pop_front();
            }

            if (writing.empty())
            {
                lastProgressMs = server.turnStartedMs;

                // Our close frame or answer is out: stop writing, and drain until the client closes.
                if (state == State::closing || state == State::answering)
                    ::shutdown (socket->getRawSocketHandle(), SHUT_WR);

                return resumeReadingIfDrained();
            }
        }

        const auto sent = ::send (socket->getRawSocketHandle(), writing.data() + written, writing.size() - written,
                                  sendFlags);

        if (sent > 0)
        {
            written += (size_t) sent;
            lastProgressMs = server.turnStartedMs;
            continue;
        }

        if (sent < 0 && wouldBlock())
        {
            socketFull = true; // the server tries again once the poller says it is writable
            return resumeReadingIfDrained();
        }

        finish();
    }
}

void WebSocketConnection::checkTimeouts (juce::uint32 nowMs)
{
    const auto& options = server.options;

    if (state == State::handshaking && nowMs - acceptedAtMs > (juce::uint32) options.handshakeTimeoutMs)
        finish(); // too slow to say hello: it only ever held up itself
    else if (state == State::closing && nowMs - closingSinceMs > 2000)
        finish();
    else if (state == State::answering && nowMs - lastProgressMs > (juce::uint32) options.handshakeTimeoutMs)
        finish(); // it neither reads the answer nor closes
    else if (state == State::open && wantsToWrite() && nowMs - lastProgressMs > (juce::uint32) options.stuckTimeoutMs)
        finish(); // stuck: it hasn't read anything for too long
}

} // namespace wavecraft::detail
