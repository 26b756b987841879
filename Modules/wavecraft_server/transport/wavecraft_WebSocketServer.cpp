#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wavecraft
{

class WebSocketServer::IoThread : public juce::Thread
{
public:
    explicit IoThread (WebSocketServer& s)
        : juce::Thread ("wavecraft ws server"),
          server (s)
    {}
    void run() override { server.serve (*this); }

private:
    WebSocketServer& server;
};

namespace
{
    /** JUCE opens sockets without close-on-exec, so every process the host
        starts (a build command, and whatever that leaves running, such as
        a compiler cache's server) would hold the port and the pages'
        connections open after the host has gone: the next host could not
        listen, and a page would not notice that this one had crashed.
    */
    void keepFromChildProcesses (int handle)
    {
        ::fcntl (handle, F_SETFD, ::fcntl (handle, F_GETFD) | FD_CLOEXEC);

#if defined(SO_NOSIGPIPE) && ! defined(MSG_NOSIGNAL)
        // Where a send can't say it (macOS), the socket does: see sendFlags.
        const int on = 1;
        ::setsockopt (handle, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof (on));
#endif
    }
} // namespace

WebSocketServer::WebSocketServer (Handler& h)
    : handler (h)
{
    if (::pipe (wakePipe) == 0)
        for (auto fd : wakePipe)
            ::fcntl (fd, F_SETFL, O_NONBLOCK);
}

WebSocketServer::~WebSocketServer()
{
    stop();

    for (auto fd : wakePipe)
        if (fd >= 0)
            ::close (fd);
}

juce::Result WebSocketServer::start (const Options& newOptions)
{
    stop();
    options = newOptions;

    if (options.maxClients <= 0)
        options.maxClients = detail::FileDescriptorLimit::clientsAllowed();

    if (! listener.createListener (options.port, "127.0.0.1"))
    {
        if (options.port == 0)
            return juce::Result::fail ("could not open a WebSocket port on 127.0.0.1");

        Diagnostic taken { DiagnosticCode::unknown, "port " + juce::String (options.port) + " on 127.0.0.1 is taken", "pick another port, or port 0 for any free one", {} };
        taken.subject = Diagnostic::Subject::port;
        taken.fields.set (Diagnostic::Fields::port, options.port);
        return juce::Result::fail (DiagnosticHints::apply (options.hints, std::move (taken)).describe());
    }

    const auto handle = listener.getRawSocketHandle();
    ::fcntl (handle, F_SETFL, ::fcntl (handle, F_GETFL) | O_NONBLOCK);
    keepFromChildProcesses (handle);
    boundPort = listener.getBoundPort();
    ioThread = std::make_unique<IoThread> (*this);
    ioThread->startThread();
    return juce::Result::ok();
}

void WebSocketServer::stop()
{
    if (ioThread != nullptr)
    {
        ioThread->signalThreadShouldExit();
        wake();
        ioThread->stopThread (5000);
        ioThread.reset();
    }

    listener.close();
    boundPort = 0;
}

void WebSocketServer::wake()
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write (wakePipe[1], &byte, 1);
}

void WebSocketServer::broadcast (const std::string& text, bool droppable, int exceptClientId)
{
    {
        const std::lock_guard<std::mutex> lock (broadcastLock);
        pendingBroadcasts.push_back ({ detail::WebSocketFrameEncoder::text (text), droppable, exceptClientId, {} });
    }

    wake();
}

void WebSocketServer::sendTo (std::vector<int> clientIds, const std::string& text)
{
    if (clientIds.empty())
        return;

    {
        const std::lock_guard<std::mutex> lock (broadcastLock);
        pendingBroadcasts.push_back ({ detail::WebSocketFrameEncoder::text (text), false, -1, std::move (clientIds) });
    }

    wake();
}

bool WebSocketServer::Broadcast::isFor (int clientId) const
{
    return clientId != exceptClientId
        && (onlyClients.empty() || std::find (onlyClients.begin(), onlyClients.end(), clientId) != onlyClients.end());
}

void WebSocketServer::deliverBroadcasts()
{
    std::vector<Broadcast> taken;
    {
        const std::lock_guard<std::mutex> lock (broadcastLock);
        taken.swap (pendingBroadcasts);
    }

    for (auto& message : taken)
        for (auto& connection : connections)
            if (connection->getState() == detail::WebSocketConnection::State::open && message.isFor (connection->getClientId()))
                connection->queueFrame (message.frame, message.droppable);
}

void WebSocketServer::acceptPending()
{
    for (;;)
    {
        std::unique_ptr<juce::StreamingSocket> socket (listener.waitForNextConnection());

        if (socket == nullptr)
            return; // nothing more waiting (the listener is non-blocking)

        keepFromChildProcesses (socket->getRawSocketHandle());

        const auto live = (int) connections.size();

        // Past the limit a few more get a clean 503; a flood beyond that is just closed.
        if (live >= options.maxClients + refusedWithAnswer)
            continue;

        // Connections on their way out (closing) don't count against the limit.
        int admitted = 0;

        for (auto& connection : connections)
            admitted += (connection->getState() == detail::WebSocketConnection::State::open
                         || connection->getState() == detail::WebSocketConnection::State::handshaking)
                ? 1
                : 0;

        connections.push_back (std::make_unique<detail::WebSocketConnection> (*this, nextClientId++, std::move (socket),
                                                                              admitted >= options.maxClients));
        connectionsChanged = true;
        poller->add (connections.back()->getSocketHandle(), connections.back().get());
    }
}

void WebSocketServer::serve (juce::Thread& thread)
{
    detail::SocketPoller socketPoller;
    poller = &socketPoller;
    socketPoller.add (listener.getRawSocketHandle(), &listenerTag);
    socketPoller.add (wakePipe[0], &wakeTag);

    std::vector<detail::SocketPoller::Ready> ready;
    juce::int64 turnStartedMicros = getMonotonicMicros(), busyUntilMicros = 0;
    juce::uint32 nextWakeMs = turnStartedMs + (juce::uint32) idlePollMs;

    while (! thread.threadShouldExit())
    {
        // Right after a request the next one is likely close behind: polling
        // without sleeping for a moment saves the wake-up on the way in, which
        // is most of a loopback round trip. Idle, the thread sleeps as usual.
        const auto busy = turnStartedMicros < busyUntilMicros;

        const auto untilHeldFramesDue = juce::jlimit (0, idlePollMs, (int) (juce::int32) (nextWakeMs - (juce::uint32) (getMonotonicMicros() / 1000)));

        if (! socketPoller.wait (busy ? 0 : untilHeldFramesDue, ready))
            break;

        // One clock read a turn serves every deadline in it.
        turnStartedMicros = getMonotonicMicros();
        turnStartedMs = (juce::uint32) (turnStartedMicros / 1000);

        // A few clients each wait on their round trips, and spinning shortens
        // them; many pages ask at their own pace, and it would only burn the
        // core between their requests.
        if (handleReady (ready) && numOpen.load() <= options.busyPollMaxClients)
            busyUntilMicros = turnStartedMicros + options.busyPollMicros;

        nextWakeMs = writeDue (socketPoller);
        endTurn();
    }

    closeAll();
    poller = nullptr;
}

juce::uint32 WebSocketServer::writeDue (detail::SocketPoller& socketPoller)
{
    // Replies go out in the same turn, without waiting for another poll;
    // meter frames held for a client go with its next answer, or when due.
    auto nextWakeMs = turnStartedMs + (juce::uint32) idlePollMs;

    for (auto& connection : connections)
    {
        // A full socket is written to again once the poller says it has room.
        if (! connection->socketFull && connection->wantsToWriteAt (turnStartedMs))
            connection->onWritable();

        if (connection->getNumHeldFrames() > 0 && ! connection->hasUrgentOutput()
            && (juce::int32) (connection->getHeldFramesDeadline() - nextWakeMs) < 0)
            nextWakeMs = connection->getHeldFramesDeadline();

        // Only a full socket is waited for; held frames wait for the clock.
        // A client too far behind on its answers isn't read (backpressure).
        const auto reads = ! connection->isReadingPaused();
        const auto writes = connection->hasUrgentOutput();

        if (reads != connection->pollsForReads || writes != connection->pollsForWrites)
        {
            connection->pollsForReads = reads;
            connection->pollsForWrites = writes;
            socketPoller.watch (connection->getSocketHandle(), connection.get(), reads, writes);
        }
    }

    return nextWakeMs;
}

bool WebSocketServer::handleReady (const std::vector<detail::SocketPoller::Ready>& ready)
{
    bool anyRead = false, accept = false;

    for (const auto& event : ready)
    {
        if (event.tag == &wakeTag)
            drainWakePipeAndDeliver();
        else if (event.tag == &listenerTag)
            accept = true;
        else
        {
            auto* connection = static_cast<detail::WebSocketConnection*> (event.tag);

            if (event.writable)
                connection->socketFull = false;

            if (event.readable)
            {
                connection->onReadable (event.hungUp);
                anyRead = true;
            }
        }
    }

    // After the reads: a connection accepted now has no event in this list.
    if (accept)
        acceptPending();

    return anyRead;
}

void WebSocketServer::drainWakePipeAndDeliver()
{
    char drain[256];

    while (::read (wakePipe[0], drain, sizeof (drain)) > 0)
    {}

    deliverBroadcasts();
}

void WebSocketServer::logRefusedOrigin (const std::string& reason)
{
    // Bounded: a page cycling made-up origins gets a few lines, not a flood.
    if (refusalsLogged.size() >= 16 || std::find (refusalsLogged.begin(), refusalsLogged.end(), reason) != refusalsLogged.end())
        return;

    refusalsLogged.push_back (reason);
    juce::Logger::writeToLog ("refused a WebSocket connection: " + juce::String (reason));
}

void WebSocketServer::endTurn()
{
    // Deadlines are seconds long: looking every few milliseconds is enough,
    // and a turn that changed no connection's state needs no count or sweep.
    if (! connectionsChanged && turnStartedMs - lastSweepMs < sweepIntervalMs)
        return;

    connectionsChanged = false;
    lastSweepMs = turnStartedMs;
    int open = 0;

    for (auto& connection : connections)
    {
        connection->checkTimeouts (turnStartedMs);
        open += connection->getState() == detail::WebSocketConnection::State::open ? 1 : 0;
    }

    const auto finished = [this] (auto& c)
    {
        if (c->getState() != detail::WebSocketConnection::State::finished)
            return false;

        poller->remove (c->getSocketHandle());
        return true;
    };

    connections.erase (std::remove_if (connections.begin(), connections.end(), finished), connections.end());
    numOpen = open;
}

void WebSocketServer::closeAll()
{
    // Going away: tell every client, give them a moment to read it, then close.
    for (auto& connection : connections)
        connection->close (detail::WebSocketCloseCode::goingAway, "the host is shutting down");

    const auto deadline = getMonotonicMillis() + goingAwayGraceMs;

    for (bool pending = true; pending && getMonotonicMillis() < deadline;)
    {
        pending = false;

        for (auto& connection : connections)
        {
            if (connection->wantsToWrite())
            {
                connection->onWritable();
                pending = pending || connection->wantsToWrite();
            }
        }

        if (pending)
            juce::Thread::sleep (5);
    }

    connections.clear();
    numOpen = 0;
}

} // namespace wavecraft
