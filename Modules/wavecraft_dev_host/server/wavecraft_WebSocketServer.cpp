namespace wavecraft
{

/** Waits for connections; polls, so stop() never depends on waking accept(). */
class WebSocketServer::AcceptThread : public juce::Thread
{
public:
    explicit AcceptThread (WebSocketServer& s)
        : juce::Thread ("wavecraft ws accept"),
          server (s)
    {}

    void run() override
    {
        while (! threadShouldExit())
        {
            if (server.listener.waitUntilReady (true, 100) != 1)
                continue;

            if (auto* socket = server.listener.waitForNextConnection())
                server.accept (std::unique_ptr<juce::StreamingSocket> (socket));

            server.reapFinishedConnections();
        }
    }

private:
    WebSocketServer& server;
};

WebSocketServer::WebSocketServer (Handler& h)
    : handler (h)
{
}

WebSocketServer::~WebSocketServer()
{
    stop();
}

juce::String WebSocketServer::start (const Options& newOptions)
{
    stop();
    options = newOptions;

    if (! listener.createListener (options.port, "127.0.0.1"))
    {
        if (options.port == 0)
            return "could not open a WebSocket port on 127.0.0.1";

        return "port " + juce::String (options.port) + " on 127.0.0.1 is taken (is another wavecraft-host running?); "
                                                       "pick another with --port N, or --port 0 for any free port";
    }

    boundPort = listener.getBoundPort();
    acceptThread = std::make_unique<AcceptThread> (*this);
    acceptThread->startThread();
    return {};
}

void WebSocketServer::stop()
{
    if (acceptThread != nullptr)
        acceptThread->stopThread (2000);

    acceptThread.reset();
    listener.close();

    std::vector<std::unique_ptr<WebSocketConnection>> closing;
    {
        const std::lock_guard<std::mutex> lock (connectionsLock);
        closing.swap (connections);
    }

    for (auto& connection : closing)
        connection->requestStop();

    closing.clear(); // each waits for its thread, which sends 1001 on the way out
    boundPort = 0;
}

void WebSocketServer::accept (std::unique_ptr<juce::StreamingSocket> socket)
{
    const std::lock_guard<std::mutex> lock (connectionsLock);

    int live = 0;

    for (auto& connection : connections)
        live += connection->hasFinished() ? 0 : 1;

    // Past the limit a few more get a clean 503; a flood beyond that is just closed.
    if (live >= options.maxClients + 16)
        return;

    const auto refuse = live >= options.maxClients;
    auto connection = std::make_unique<WebSocketConnection> (*this, nextClientId++, std::move (socket), refuse);
    connection->start();
    connections.push_back (std::move (connection));
}

void WebSocketServer::reapFinishedConnections()
{
    std::vector<std::unique_ptr<WebSocketConnection>> finished;
    {
        const std::lock_guard<std::mutex> lock (connectionsLock);

        for (auto it = connections.begin(); it != connections.end();)
        {
            if ((*it)->hasFinished())
            {
                finished.push_back (std::move (*it));
                it = connections.erase (it);
            }
            else
            {
                ++it;
            }
        }
    }
}

int WebSocketServer::getNumClients() const
{
    const std::lock_guard<std::mutex> lock (connectionsLock);
    int open = 0;

    for (auto& connection : connections)
        open += connection->isOpen() ? 1 : 0;

    return open;
}

void WebSocketServer::broadcast (const std::string& text, bool droppable, int exceptClientId)
{
    const auto frame = WebSocketFrameEncoder::text (text);
    const std::lock_guard<std::mutex> lock (connectionsLock);

    for (auto& connection : connections)
        if (connection->getClientId() != exceptClientId && connection->isOpen())
            connection->queueFrame (frame, droppable);
}

} // namespace wavecraft
