namespace wavecraft
{

namespace detail
{
    class WebSocketConnection;
}

/** A WebSocket server (RFC 6455) on JUCE's sockets, bound to 127.0.0.1.

    One I/O thread serves every client with non-blocking sockets and epoll,
    like the event loops of dedicated servers: no thread per client, and a
    broadcast costs the caller one wake-up however many clients there are.
    Each client gets a bounded share of each turn (one read), and bounded
    memory: droppable messages (meters) are dropped oldest-first when it
    doesn't read, its requests are left unread while too many of its answers
    wait unsent (and read again, every answer kept, once they drain), and a
    client that stays stuck is disconnected. Apart from start() and stop() (message thread),
    nothing here runs on the message or audio thread.

    To use one: implement Handler (it answers every text message), construct
    the server with it, start() it with Options, and broadcast() to every
    client from any thread. BrowserUiServer does this for the Wavecraft
    protocol.

    @see WebSocketServer::Handler, WebSocketReply, BrowserUiServer
*/
class WebSocketServer
{
public:
    /** The answer to a message (see WebSocketReply). */
    using Reply = WebSocketReply;

    /** What answers the clients: implemented by the object that serves them
        (e.g. BrowserUiServer). Every callback runs on the server's I/O thread.
    */
    class Handler
    {
    public:
        virtual ~Handler() = default;

        /** A text message; returns the reply to send, or an empty one. Keep
            it quick: it runs on the server's I/O thread. [I/O thread]
        */
        virtual Reply handleMessage (int clientId, std::string_view message) = 0;

        /** A client finished its handshake. [I/O thread] */
        virtual void clientConnected (int clientId) { juce::ignoreUnused (clientId); }

        /** A client went away. [I/O thread] */
        virtual void clientDisconnected (int clientId) { juce::ignoreUnused (clientId); }
    };

    struct Options
    {
        int port = 9000;                  /**< 0 picks a free port */
        juce::StringArray allowedOrigins; /**< besides the loopback origins */
        int maxClients = 0;               /**< 0: as many as the open-file limit allows */
        size_t maxMessageSize = detail::WebSocketFrameParser::defaultMaxMessageSize;
        int handshakeTimeoutMs = 5000;            /**< a handshake slower than this is dropped */
        int stuckTimeoutMs = 60000;               /**< a client that reads nothing this long is dropped (a page paused in a debugger keeps its connection this long) */
        int maxQueuedDroppable = 16;              /**< meter frames queued per client; older ones go */
        size_t pauseReadingAboveBytes = 1u << 20; /**< a client's requests wait unread while more of its answers than this wait unsent */
        size_t maxQueuedBytes = 8u << 20;         /**< a client with more than this queued (notifications it never reads: answers pause reading first) is dropped */
        int busyPollMicros = 50;                  /**< after a request, poll this long without sleeping (0: never) ... */
        int busyPollMaxClients = 4;               /**< ... while this many clients or fewer are connected */
        int holdMeterFramesMs = 12;               /**< a droppable frame waits this long for an answer to go with (0: never) */
        const DiagnosticHints* hints = nullptr;   /**< the app's words for a taken port and a refused origin; read on the I/O thread until stop(), so it must outlive the server */
        std::string page;                         /**< HTML served to a plain GET of / on the same port (BrowserUiServer gives its control page); empty: 404 */
    };

    /** Serves `handler`, which must outlive the server. [message thread] */
    explicit WebSocketServer (Handler& handler);
    /** Stops the server. [message thread] */
    ~WebSocketServer();

    /** Listens on 127.0.0.1. Returns an error naming the port when it can't
        (taken, or not allowed). [message thread]
    */
    [[nodiscard]] juce::Result start (const Options& options);

    /** Closes every connection (1001 going away) and stops listening. [message thread] */
    void stop();

    /** The port actually bound (the free one chosen for port 0). [any thread, after start()] */
    int getPort() const noexcept { return boundPort; }

    /** The most clients at once: Options::maxClients, or what the descriptor
        limit allowed when start() was called. [any thread, after start()]
    */
    int getMaxClients() const noexcept { return options.maxClients; }

    /** Open (handshaken) connections now. [any thread] */
    int getNumClients() const noexcept { return numOpen.load(); }

    /** Sends a text message to every open client except `exceptClientId`.
        A droppable one may be dropped for a client that isn't reading. [any thread]
    */
    void broadcast (const std::string& text, bool droppable, int exceptClientId = -1);

    /** Sends a text message to those of `clientIds` that are open. [any thread] */
    void sendTo (std::vector<int> clientIds, const std::string& text);

    /** Messages dropped for slow clients, over the server's life. [any thread] */
    juce::uint64 getNumDroppedMessages() const noexcept { return dropped.load(); }

private:
    class IoThread;
    friend class detail::WebSocketConnection;

    struct Broadcast
    {
        std::string frame;
        bool droppable;
        int exceptClientId;
        std::vector<int> onlyClients; // empty: every one

        bool isFor (int clientId) const;
    };

    void serve (juce::Thread& thread);
    bool handleReady (const std::vector<detail::SocketPoller::Ready>& ready);
    juce::uint32 writeDue (detail::SocketPoller& socketPoller);
    void drainWakePipeAndDeliver();
    void endTurn();
    void closeAll();
    void acceptPending();
    void deliverBroadcasts();
    void wake();

    /** A browser shows nothing of a refused handshake's answer: the log says
        it, once for each of the first few origins. [I/O thread]
    */
    void logRefusedOrigin (const std::string& reason);

    static constexpr juce::uint32 sweepIntervalMs = 10; /**< how often deadlines are looked at */
    static constexpr int idlePollMs = 100;              /**< how long an idle poll sleeps (stop() waits at most this) */
    static constexpr int goingAwayGraceMs = 500;        /**< how long closing clients get to read the close frame */
    static constexpr int refusedWithAnswer = 16;        /**< connections past the limit that still get a 503 */

    Handler& handler;
    Options options;
    juce::StreamingSocket listener;
    std::unique_ptr<IoThread> ioThread;
    int wakePipe[2] = { -1, -1 };
    int boundPort = 0;
    int nextClientId = 1;
    std::atomic<int> numOpen { 0 };
    juce::uint32 turnStartedMs = (juce::uint32) (getMonotonicMicros() / 1000); // when the I/O thread's poll last returned
    std::atomic<juce::uint64> dropped { 0 };

    std::vector<std::unique_ptr<detail::WebSocketConnection>> connections; // the I/O thread's alone
    detail::SocketPoller* poller = nullptr;                                // the I/O thread's, while it serves
    bool connectionsChanged = false;                                       // a state changed this turn: count and sweep
    std::vector<std::string> refusalsLogged;                               // the I/O thread's alone
    juce::uint32 lastSweepMs = 0;
    char listenerTag = 0, wakeTag = 0; // what the poller hands back for these

    std::mutex broadcastLock;
    std::vector<Broadcast> pendingBroadcasts;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WebSocketServer)
};

} // namespace wavecraft
