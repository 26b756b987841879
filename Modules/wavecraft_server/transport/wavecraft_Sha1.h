namespace wavecraft::detail
{

/** SHA-1, for the one place the WebSocket handshake needs it
    (Sec-WebSocket-Accept, RFC 6455 section 4.2.2). JUCE's cryptography
    module has no SHA-1, and pulling in a crypto library for one hash of a
    60-byte string would not pay.
*/
struct Sha1
{
    /** The 20-byte digest of `data`. */
    static std::array<juce::uint8, 20> digest (const void* data, size_t size);

private:
    static std::vector<juce::uint8> pad (const juce::uint8* data, size_t size);
    static void processChunk (const juce::uint8* chunk, juce::uint32 (&state)[5]) noexcept;
};

} // namespace wavecraft::detail
