namespace wavecraft
{

WebSocketConnection::WebSocketConnection (WebSocketServer& owner, int id, std::unique_ptr<juce::StreamingSocket> s, bool refuseIt)
    : juce::Thread ("wavecraft ws client " + juce::String (id)),
      server (owner),
      clientId (id),
      socket (std::move (s)),
      refuse (refuseIt)
{
    if (::pipe (wakePipe) == 0)
    {
        ::fcntl (wakePipe[0], F_SETFL, O_NONBLOCK);
        ::fcntl (wakePipe[1], F_SETFL, O_NONBLOCK);
    }
}

WebSocketConnection::~WebSocketConnection()
{
    requestStop();
    stopThread (3000);
    socket->close();

    for (auto fd : wakePipe)
        if (fd >= 0)
            ::close (fd);
}

void WebSocketConnection::requestStop()
{
    signalThreadShouldExit();
    wake();
}

void WebSocketConnection::wake()
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write (wakePipe[1], &byte, 1);
}

void WebSocketConnection::sendText (const std::string& text, bool droppable)
{
    if (open)
        queueFrame (WebSocketFrameEncoder::text (text), droppable);
}

void WebSocketConnection::queueFrame (std::string frame, bool droppable)
{
    {
        const std::lock_guard<std::mutex> lock (queueLock);

        // A client that doesn't read loses its oldest meter frames, not memory.
        if (droppable && queuedDroppable >= server.options.maxQueuedDroppable)
        {
            for (auto it = queue.begin(); it != queue.end(); ++it)
            {
                if (it->droppable)
                {
                    queuedBytes -= it->frame.size();
                    queue.erase (it);
                    --queuedDroppable;
                    ++server.dropped;
                    break;
                }
            }
        }

        queuedBytes += frame.size();
        queuedDroppable += droppable ? 1 : 0;
        queue.push_back ({ std::move (frame), droppable });
    }

    wake();
}

bool WebSocketConnection::waitForSocket (bool wantWrite, int timeoutMs)
{
    pollfd fds[2] = { { socket->getRawSocketHandle(), (short) (POLLIN | (wantWrite ? POLLOUT : 0)), 0 },
                      { wakePipe[0], POLLIN, 0 } };
    const auto ready = ::poll (fds, 2, timeoutMs);

    if (ready > 0 && (fds[1].revents & POLLIN) != 0)
    {
        char drain[64];
        while (::read (wakePipe[0], drain, sizeof (drain)) > 0)
        {}
    }

    return ready > 0 && fds[0].revents != 0;
}

void WebSocketConnection::sendAllWithin (const std::string& bytes, int timeoutMs)
{
    const auto deadline = juce::Time::getMillisecondCounter() + (juce::uint32) timeoutMs;
    size_t sent = 0;

    while (sent < bytes.size() && juce::Time::getMillisecondCounter() < deadline)
    {
        const auto result = ::send (socket->getRawSocketHandle(), bytes.data() + sent, bytes.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);

        if (result > 0)
            sent += (size_t) result;
        else if (result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            waitForSocket (true, 50);
        else
            return;
    }
}

void WebSocketConnection::run()
{
    if (handshake())
    {
        open = true;
        server.handler.clientConnected (clientId);
        serve();
        open = false;
        server.handler.clientDisconnected (clientId);
    }

    ::shutdown (socket->getRawSocketHandle(), SHUT_RDWR);
    finished = true;
}

bool WebSocketConnection::handshake()
{
    const auto deadline = juce::Time::getMillisecondCounter() + (juce::uint32) server.options.handshakeTimeoutMs;
    std::string request;
    char buffer[2048];

    while (! WebSocketHandshake::isComplete (request))
    {
        const auto now = juce::Time::getMillisecondCounter();

        if (threadShouldExit() || now >= deadline)
            return false; // too slow: drop it, it only ever held up this thread

        if (! waitForSocket (false, (int) juce::jmin<juce::uint32> (deadline - now, 100)))
            continue;

        const auto received = ::recv (socket->getRawSocketHandle(), buffer, sizeof (buffer), MSG_DONTWAIT);

        if (received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return false;

        if (received > 0)
            request.append (buffer, (size_t) received);

        if (request.size() > WebSocketHandshake::maxRequestSize)
        {
            sendAllWithin ("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 1000);
            return false;
        }
    }

    if (refuse)
    {
        const std::string body = "the server has its maximum of " + std::to_string (server.options.maxClients)
            + " clients; close another page or start the host with a larger --max-clients\n";
        sendAllWithin ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                           + std::to_string (body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                       1000);
        return false;
    }

    const auto headEnd = request.find ("\r\n\r\n") + 4;
    const auto result = WebSocketHandshake::respond (std::string_view (request).substr (0, headEnd), server.options.allowedOrigins);
    sendAllWithin (result.response, 2000);

    if (! result.accepted())
        return false;

    // Bytes after the head are the client's first frames.
    pendingInput = request.substr (headEnd);
    return true;
}

void WebSocketConnection::serve()
{
    WebSocketFrameParser parser (server.options.maxMessageSize);
    std::vector<WebSocketFrameParser::Event> events;
    char buffer[65536];
    lastProgressMs = juce::Time::getMillisecondCounter();

    auto handleEvents = [&]
    {
        for (auto& event : events)
        {
            using Type = WebSocketFrameParser::Event::Type;

            switch (event.type)
            {
                case Type::text:
                {
                    auto reply = server.handler.handleMessage (clientId, event.payload);

                    if (! reply.empty())
                        queueFrame (WebSocketFrameEncoder::text (reply), false);

                    break;
                }

                case Type::ping:
                    queueFrame (WebSocketFrameEncoder::pong (event.payload), false);
                    break;

                case Type::pong:
                    break;

                case Type::close:
                    queueFrame (WebSocketFrameEncoder::close (event.closeCode == 1005 ? WebSocketCloseCode::normal
                                                                                      : (WebSocketCloseCode) event.closeCode,
                                                              {}),
                                false);
                    closeAfterFlush = true;
                    break;

                case Type::error:
                    queueFrame (WebSocketFrameEncoder::close ((WebSocketCloseCode) event.closeCode, event.reason), false);
                    closeAfterFlush = true;
                    break;
            }

            if (closeAfterFlush)
                break;
        }

        events.clear();
    };

    if (! pendingInput.empty())
    {
        parser.feed (pendingInput.data(), pendingInput.size(), events);
        pendingInput.clear();
        handleEvents();
    }

    for (;;)
    {
        if (threadShouldExit() && ! closeAfterFlush)
        {
            queueFrame (WebSocketFrameEncoder::close (WebSocketCloseCode::goingAway, "the host is shutting down"), false);
            closeAfterFlush = true;
        }

        if (! flush())
            return;

        bool hasPending;
        {
            const std::lock_guard<std::mutex> lock (queueLock);
            hasPending = ! queue.empty() || written < writing.size();
        }

        if (closeAfterFlush && ! hasPending)
        {
            lingerUntilClientCloses();
            return;
        }

        if (hasPending && juce::Time::getMillisecondCounter() - lastProgressMs > (juce::uint32) server.options.stuckTimeoutMs)
            return; // stuck: it hasn't read anything for too long

        if (! waitForSocket (hasPending, closeAfterFlush ? 50 : 250))
            continue;

        if (closeAfterFlush)
            continue; // don't read more once closing; just drain what's queued

        const auto received = ::recv (socket->getRawSocketHandle(), buffer, sizeof (buffer), MSG_DONTWAIT);

        if (received == 0)
            return;

        if (received < 0)
        {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                continue;

            return;
        }

        parser.feed (buffer, (size_t) received, events);
        handleEvents();
    }
}

void WebSocketConnection::lingerUntilClientCloses()
{
    // Closing with unread input would reset the connection and could destroy
    // our close frame before the client reads it; so stop writing, then
    // discard what still arrives until the client closes too (or a deadline).
    ::shutdown (socket->getRawSocketHandle(), SHUT_WR);
    const auto deadline = juce::Time::getMillisecondCounter() + 2000;
    char discard[16384];

    while (juce::Time::getMillisecondCounter() < deadline)
    {
        if (! waitForSocket (false, 50))
            continue;

        const auto received = ::recv (socket->getRawSocketHandle(), discard, sizeof (discard), MSG_DONTWAIT);

        if (received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return;
    }
}

bool WebSocketConnection::flush()
{
    for (;;)
    {
        if (written >= writing.size())
        {
            writing.clear();
            written = 0;

            const std::lock_guard<std::mutex> lock (queueLock);

            if (queuedBytes > server.options.maxQueuedBytes)
                return false; // far behind: drop the client rather than the memory

            // Coalesce what's queued into one send.
            while (! queue.empty() && writing.size() < 65536)
            {
                writing += queue.front().frame;
                queuedBytes -= queue.front().frame.size();
                queuedDroppable -= queue.front().droppable ? 1 : 0;
                queue.pop_front();
            }

            if (writing.empty())
            {
                lastProgressMs = juce::Time::getMillisecondCounter();
                return true;
            }
        }

        const auto result = ::send (socket->getRawSocketHandle(), writing.data() + written, writing.size() - written,
                                    MSG_DONTWAIT | MSG_NOSIGNAL);

        if (result > 0)
        {
            written += (size_t) result;
            lastProgressMs = juce::Time::getMillisecondCounter();
            continue;
        }

        if (result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return true;

        return false;
    }
}

} // namespace wavecraft
