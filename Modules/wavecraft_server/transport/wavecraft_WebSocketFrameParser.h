namespace wavecraft::detail
{

/** Reads what a WebSocket client sends (RFC 6455 section 5), incrementally:
    feed it bytes as they arrive and it hands back whole messages.

    It enforces what a server must: masked frames, no reserved bits, control
    frames short and unfragmented, continuations only inside a message, text
    that is valid UTF-8 across fragments, and a cap on the message size that is
    checked from the frame header, before any of the payload is buffered.
    Binary messages are refused (this protocol is text only).
*/
class WebSocketFrameParser
{
public:
    struct Event
    {
        enum class Type
        {
            text, /**< a whole text message in `payload` */
            ping, /**< answer with a pong carrying `payload` */
            pong,
            close, /**< the client closes; `closeCode` is 1005 when it gave none */
            error  /**< fatal: close with `closeCode`; `reason` says why */
        };

        Type type;
        std::string payload;
        juce::uint16 closeCode = 0;
        std::string reason;
    };

    static constexpr size_t defaultMaxMessageSize = 1 << 20; // 1 MiB

    explicit WebSocketFrameParser (size_t maxMessageSize = defaultMaxMessageSize);

    /** Consumes bytes and appends the events they complete. After an error
        event it ignores everything. Returns false once an error occurred.
    */
    bool feed (const void* data, size_t size, std::vector<Event>& events);

    /** Hands back a text event's payload once it's been handled, so the next
        message is assembled in its memory instead of a new allocation.
    */
    void recycle (std::string&& usedPayload) noexcept;

    bool hasFailed() const noexcept { return failed; }

private:
    struct FrameHeader
    {
        bool fin = false;
        juce::uint8 opcode = 0;
        juce::uint64 length = 0;
        size_t size = 0; /**< the header's bytes, the mask key not included */

        bool isControl() const noexcept { return (opcode & WebSocketProtocol::controlBit) != 0; }
    };

    enum class Step
    {
        needMore,
        done,
        failed
    };

    Step parseFrame (std::vector<Event>& events, size_t& consumed);
    Step readHeader (FrameHeader& header, std::vector<Event>& events);
    bool checkFitsMessage (const FrameHeader& header, std::vector<Event>& events);
    bool takeTextFrame (const FrameHeader& header, const juce::uint8* maskedPayload, std::vector<Event>& events);
    bool takeControlFrame (const FrameHeader& header, std::string payload, std::vector<Event>& events);
    bool takeClose (std::string payload, std::vector<Event>& events);
    void fail (std::vector<Event>& events, WebSocketCloseCode code, std::string reason);

    size_t maxMessageSize;
    std::string buffer;
    std::string message; // the text message being reassembled
    bool inMessage = false;
    Utf8Validator messageUtf8;
    bool failed = false;
};

} // namespace wavecraft::detail
