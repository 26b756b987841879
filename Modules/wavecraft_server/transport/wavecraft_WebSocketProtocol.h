namespace wavecraft::detail
{

/** The numbers of RFC 6455 this server reads and writes, in one place. */
namespace WebSocketProtocol
{
    /** Frame opcodes (section 5.2). */
    enum Opcode : juce::uint8
    {
        continuation = 0x0,
        text = 0x1,
        binary = 0x2,
        close = 0x8,
        ping = 0x9,
        pong = 0xA
    };

    constexpr juce::uint8 finBit = 0x80;
    constexpr juce::uint8 reservedBits = 0x70;
    constexpr juce::uint8 opcodeBits = 0x0F;
    constexpr juce::uint8 controlBit = 0x08; /**< set in every control opcode */
    constexpr juce::uint8 maskBit = 0x80;
    constexpr juce::uint8 lengthBits = 0x7F;
    constexpr juce::uint8 length16 = 126; /**< the length follows in 2 bytes */
    constexpr juce::uint8 length64 = 127; /**< the length follows in 8 bytes */
    constexpr size_t maskSize = 4;
    constexpr size_t maxControlPayload = 125;
    constexpr size_t maxCloseReason = maxControlPayload - 2; /**< after the 2-byte code */

    /** Close codes this server sends (section 7.4.1). */
    enum class CloseCode : juce::uint16
    {
        normal = 1000,
        goingAway = 1001,
        protocolError = 1002,
        unsupportedData = 1003,
        invalidPayload = 1007,
        policyViolation = 1008,
        messageTooBig = 1009,
        internalError = 1011
    };

    /** What a close event reports when the client's close frame had no code
        (section 7.1.5); never sent.
    */
    constexpr juce::uint16 noStatusReceived = 1005;

    /** True for a code a peer may send (sections 7.4.1 and 7.4.2): 1004-1006
        and 1015 are never sent, 1016-2999 are reserved.
    */
    constexpr bool isValidCloseCode (juce::uint16 code) noexcept
    {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
} // namespace WebSocketProtocol

using WebSocketCloseCode = WebSocketProtocol::CloseCode;

} // namespace wavecraft::detail
