namespace wavecraft
{

class WebSocketConnection;

/** A WebSocket server (RFC 6455) on JUCE's sockets, bound to 127.0.0.1.

    One thread accepts; each client gets its own thread that reads, answers
    and writes, so a slow or half-open client only ever holds up itself. Each
    client has a bounded send queue: droppable messages (meters) are dropped
    oldest-first when a client doesn't read, and a client that stays stuck is
    disconnected. Nothing here runs on the message or the audio thread.
*/
class WebSocketServer
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;

        /** A text message; returns the reply to send, or "". [a connection thread] */
        virtual std::string handleMessage (int clientId, std::string_view message) = 0;

        /** [a connection thread] */
        virtual void clientConnected (int clientId) { juce::ignoreUnused (clientId); }
        virtual void clientDisconnected (int clientId) { juce::ignoreUnused (clientId); }
    };

    struct Options
    {
        int port = 9000;                  /**< 0 picks a free port */
        juce::StringArray allowedOrigins; /**< besides the loopback origins */
        int maxClients = 64;
        size_t maxMessageSize = WebSocketFrameParser::defaultMaxMessageSize;
        int handshakeTimeoutMs = 5000;    /**< a handshake slower than this is dropped */
        int stuckTimeoutMs = 10000;       /**< a client that reads nothing this long is dropped */
        int maxQueuedDroppable = 16;      /**< meter frames queued per client; older ones go */
        size_t maxQueuedBytes = 8u << 20; /**< a client with more unsent than this is dropped */
    };

    explicit WebSocketServer (Handler& handler);
    ~WebSocketServer();

    /** Listens on 127.0.0.1. Returns an error naming the port when it can't
        (taken, or not allowed). [message thread]
    */
    juce::String start (const Options& options);

    /** Closes every connection (1001 going away) and stops listening. [message thread] */
    void stop();

    /** The port actually bound (the free one chosen for port 0). */
    int getPort() const noexcept { return boundPort; }

    /** Open (handshaken) connections now. [any thread] */
    int getNumClients() const;

    /** Sends a text message to every open client except `exceptClientId`.
        A droppable one may be dropped for a client that isn't reading. [any thread]
    */
    void broadcast (const std::string& text, bool droppable, int exceptClientId = -1);

    /** Messages dropped for slow clients, over the server's life. [any thread] */
    juce::uint64 getNumDroppedMessages() const noexcept { return dropped.load(); }

private:
    class AcceptThread;
    friend class WebSocketConnection;

    void accept (std::unique_ptr<juce::StreamingSocket> socket);
    void reapFinishedConnections();

    Handler& handler;
    Options options;
    juce::StreamingSocket listener;
    std::unique_ptr<AcceptThread> acceptThread;
    int boundPort = 0;
    int nextClientId = 1;
    std::atomic<juce::uint64> dropped { 0 };

    mutable std::mutex connectionsLock;
    std::vector<std::unique_ptr<WebSocketConnection>> connections;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WebSocketServer)
};

} // namespace wavecraft
