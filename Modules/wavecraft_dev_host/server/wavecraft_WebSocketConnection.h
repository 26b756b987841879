namespace wavecraft
{

/** One client of the WebSocketServer, served by its own thread: the opening
    handshake (with a deadline), then frames in, replies and queued messages
    out, without ever blocking on the socket.
*/
class WebSocketConnection : private juce::Thread
{
public:
    /** `refuse` answers the handshake with 503 (the server is full). */
    WebSocketConnection (WebSocketServer& server, int clientId, std::unique_ptr<juce::StreamingSocket> socket, bool refuse);
    ~WebSocketConnection() override;

    void start() { startThread(); }

    int getClientId() const noexcept { return clientId; }

    /** True between a successful handshake and the end of the connection. [any thread] */
    bool isOpen() const noexcept { return open.load(); }

    /** True once the thread has ended; the server then deletes it. [any thread] */
    bool hasFinished() const noexcept { return finished.load(); }

    /** Queues a text message. [any thread] */
    void sendText (const std::string& text, bool droppable);

    /** Asks the thread to close (1001) and end. [any thread] */
    void requestStop();

    /** Queues an encoded frame. [any thread] */
    void queueFrame (std::string frame, bool droppable);

private:
    struct Outgoing
    {
        std::string frame;
        bool droppable;
    };

    void run() override;
    bool handshake();
    void serve();
    bool flush();
    void lingerUntilClientCloses();
    void wake();
    bool waitForSocket (bool wantWrite, int timeoutMs);
    void sendAllWithin (const std::string& bytes, int timeoutMs);

    WebSocketServer& server;
    const int clientId;
    std::unique_ptr<juce::StreamingSocket> socket;
    const bool refuse;
    int wakePipe[2] = { -1, -1 };

    std::mutex queueLock;
    std::deque<Outgoing> queue;
    size_t queuedBytes = 0;
    int queuedDroppable = 0;
    bool closeAfterFlush = false;

    std::string pendingInput; // frames that arrived with the handshake
    std::string writing;      // the frame(s) being sent; only this thread touches it
    size_t written = 0;
    juce::uint32 lastProgressMs = 0;

    std::atomic<bool> open { false }, finished { false };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WebSocketConnection)
};

} // namespace wavecraft
