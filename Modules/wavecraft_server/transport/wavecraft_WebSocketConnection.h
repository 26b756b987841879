namespace wavecraft::detail
{

/** One client of the WebSocketServer: its socket, the opening handshake, the
    frame parser and the bounded queue of frames waiting to be sent.

    It has no thread of its own. The server's I/O thread calls it when its
    socket is ready and never blocks in it: every read and write is
    non-blocking, so a slow or stalled client only ever delays itself. Each
    turn it reads once, and while more of its answers wait unsent than
    WebSocketServer::Options::pauseReadingAboveBytes it reads nothing: its
    requests wait in its socket (backpressure), its answers are kept, and
    it is read again once they drain.
*/
class WebSocketConnection
{
public:
    enum class State
    {
        handshaking,
        open,
        answering, /**< a plain HTTP answer (the page, or a refusal) is going out; closed once sent */
        closing,   /**< the close frame is queued or sent; draining until the client closes */
        finished   /**< remove it */
    };

    WebSocketConnection (WebSocketServer& server, int clientId, std::unique_ptr<juce::StreamingSocket> socket, bool refuse);
    ~WebSocketConnection();

    int getClientId() const noexcept { return clientId; }
    int getSocketHandle() const noexcept { return socket->getRawSocketHandle(); }
    State getState() const noexcept { return state; }

    /** Whether the server's poller wakes for this one being readable and writable. [I/O thread] */
    bool pollsForReads = true, pollsForWrites = false;

    /** Set when a send found the socket full; the server clears it when the
        socket is writable again, and until then sends nothing to it. [I/O thread]
    */
    bool socketFull = false;

    /** Bytes waiting to go out: answers, notifications and held meter frames. */
    size_t getUnsentBytes() const noexcept { return writing.size() - written + queuedBytes; }

    /** True while its requests wait unread: too many of its answers are unsent. */
    bool isReadingPaused() const noexcept { return readingPaused; }

    /** True when there are bytes waiting to be written. */
    bool wantsToWrite() const noexcept { return ! outgoing.empty() || written < writing.size(); }

    /** True when something other than held meter frames waits: it goes out
        this turn, and waits for the socket if the socket is full.
    */
    bool hasUrgentOutput() const noexcept { return written < writing.size() || (int) outgoing.size() > queuedDroppable; }

    /** When the meter frames held for this client must go, answer or not
        (see WebSocketServer::Options::holdMeterFramesMs); only meaningful
        while it holds some.
    */
    juce::uint32 getHeldFramesDeadline() const noexcept;

    /** True when there is something to send at `nowMs`. [I/O thread] */
    bool wantsToWriteAt (juce::uint32 nowMs) const noexcept
    {
        return hasUrgentOutput() || (queuedDroppable > 0 && (juce::int32) (nowMs - getHeldFramesDeadline()) >= 0);
    }

    int getNumHeldFrames() const noexcept { return queuedDroppable; }

    /** The socket is readable, or the peer hung up: read once and act on
        what came. While reading is paused only a hang-up is acted on. [I/O thread]
    */
    void onReadable (bool hungUp);

    /** The socket is writable: send what's queued. [I/O thread] */
    void onWritable();

    /** Deadlines: handshake, stuck client, closing. [I/O thread] */
    void checkTimeouts (juce::uint32 nowMs);

    /** Queues an encoded frame; droppable ones may be dropped for a slow client. [I/O thread] */
    void queueFrame (std::string frame, bool droppable);

    /** Starts the close handshake with this code and reason. [I/O thread] */
    void close (WebSocketCloseCode code, std::string_view reason);

private:
    /** Queues the text frame of an answer, straight into the send buffer when nothing else waits. */
    void queueReply (const WebSocketServer::Reply& reply);

    /** Sends a reply with a shared part now, the shared text straight from
        where it is (one sendmsg), keeping only what the socket didn't take.
    */
    void sendSharedReply (const WebSocketServer::Reply& reply);

    /** Moves the queued frames into the send buffer, oldest first. */
    void takeQueuedIntoSendBuffer();

    /** Drops the sent front of the send buffer once it is most of it, so
        the buffer holds what is unsent and not much more.
    */
    void compactSendBuffer();

    /** Stops acting on requests while too much waits unsent; acts on the
        ones held back once enough has gone.
    */
    bool pauseReadingIfBehind();
    void resumeReadingIfDrained();

    void setState (State newState);
    void handshake();
    void handleEvents();
    void finish();
    void answerAndClose (std::string response);

    WebSocketServer& server;
    const int clientId;
    std::unique_ptr<juce::StreamingSocket> socket;
    const bool refuse;
    State state = State::handshaking;
    const juce::uint32 acceptedAtMs;
    juce::uint32 lastProgressMs, closingSinceMs = 0;

    std::string request; // the handshake so far
    WebSocketFrameParser parser;
    std::vector<WebSocketFrameParser::Event> events;
    size_t nextEvent = 0; // the first of `events` not yet acted on (reading paused before it)
    bool readingPaused = false;

    struct Outgoing
    {
        std::string frame;
        bool droppable;
    };

    std::deque<Outgoing> outgoing;
    size_t queuedBytes = 0;
    int queuedDroppable = 0;
    juce::uint32 heldSinceMs = 0; // when the oldest droppable frame was queued
    std::string writing;          // coalesced frames being sent
    size_t written = 0;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WebSocketConnection)
};

} // namespace wavecraft::detail
