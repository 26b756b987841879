namespace wavecraft::detail
{

/** Builds the frames a server sends (unmasked, RFC 6455 section 5.1). */
struct WebSocketFrameEncoder
{
    /** A whole text message in one frame. */
    static std::string text (std::string_view payload);

    /** The answer to a ping, echoing its payload. */
    static std::string pong (std::string_view payload);

    /** A close frame with a status code and a short reason (cut to fit 125 bytes). */
    static std::string close (WebSocketCloseCode code, std::string_view reason);

    /** Any frame: FIN set, `opcode`, the payload unmasked. */
    static std::string frame (juce::uint8 opcode, std::string_view payload);

    /** Appends a frame to `out`, for a sender that gathers frames in one buffer. */
    static void appendFrame (std::string& out, juce::uint8 opcode, std::string_view payload);

    /** Appends only the header of a frame whose payload the sender sends itself. */
    static void appendHeader (std::string& out, juce::uint8 opcode, size_t payloadSize);
};

} // namespace wavecraft::detail
