namespace wavecraft::detail
{

namespace
{
    using namespace WebSocketProtocol;

    void unmask (const juce::uint8* maskedPayload, size_t length, char* destination) noexcept
    {
        const auto* mask = maskedPayload - maskSize;

        for (size_t i = 0; i < length; ++i)
            destination[i] = (char) (maskedPayload[i] ^ mask[i % maskSize]);
    }
} // namespace

WebSocketFrameParser::WebSocketFrameParser (size_t maxSize)
    : maxMessageSize (maxSize)
{
}

void WebSocketFrameParser::fail (std::vector<Event>& events, WebSocketCloseCode code, std::string reason)
{
    failed = true;
    buffer.clear();
    message.clear();
    events.push_back ({ Event::Type::error, {}, (juce::uint16) code, std::move (reason) });
}

bool WebSocketFrameParser::feed (const void* data, size_t size, std::vector<Event>& events)
{
    if (failed)
        return false;

    buffer.append (static_cast<const char*> (data), size);

    for (size_t consumed = 0; parseFrame (events, consumed) == Step::done; consumed = 0)
        buffer.erase (0, consumed);

    return ! failed;
}

void WebSocketFrameParser::recycle (std::string&& usedPayload) noexcept
{
    // Small ones only: one huge message mustn't pin its memory for good.
    if (! inMessage && usedPayload.capacity() > message.capacity() && usedPayload.capacity() <= 65536)
    {
        message = std::move (usedPayload);
        message.clear();
    }
}

WebSocketFrameParser::Step WebSocketFrameParser::parseFrame (std::vector<Event>& events, size_t& consumed)
{
    FrameHeader header;

    if (const auto step = readHeader (header, events); step != Step::done)
        return step;

    if (! checkFitsMessage (header, events))
        return Step::failed;

    const auto frameSize = header.size + maskSize + (size_t) header.length;

    if (buffer.size() < frameSize)
        return Step::needMore;

    consumed = frameSize;
    const auto* payload = reinterpret_cast<const juce::uint8*> (buffer.data()) + header.size + maskSize;

    if (header.opcode == text || header.opcode == continuation)
        return takeTextFrame (header, payload, events) ? Step::done : Step::failed;

    std::string controlPayload ((size_t) header.length, '\0');
    unmask (payload, controlPayload.size(), controlPayload.data());
    return takeControlFrame (header, std::move (controlPayload), events) ? Step::done : Step::failed;
}

WebSocketFrameParser::Step WebSocketFrameParser::readHeader (FrameHeader& header, std::vector<Event>& events)
{
    const auto* bytes = reinterpret_cast<const juce::uint8*> (buffer.data());
    const auto available = buffer.size();

    if (available < 2)
        return Step::needMore;

    header.fin = (bytes[0] & finBit) != 0;
    header.opcode = bytes[0] & opcodeBits;
    header.length = bytes[1] & lengthBits;
    header.size = 2;
    const auto opcode = header.opcode;

    if ((bytes[0] & reservedBits) != 0)
        return fail (events, WebSocketCloseCode::protocolError, "reserved bits set without an extension"), Step::failed;

    if (opcode != continuation && opcode != text && opcode != binary && opcode != close && opcode != ping && opcode != pong)
        return fail (events, WebSocketCloseCode::protocolError, "unknown opcode " + std::to_string (opcode)), Step::failed;

    if ((bytes[1] & maskBit) == 0)
        return fail (events, WebSocketCloseCode::protocolError, "client frames must be masked"), Step::failed;

    if (header.isControl() && (! header.fin || header.length > maxControlPayload))
        return fail (events, WebSocketCloseCode::protocolError, "control frames must be whole and at most 125 bytes"), Step::failed;

    if (header.length == length16 || header.length == length64)
    {
        const size_t lengthBytes = header.length == length16 ? 2 : 8;

        if (available < 2 + lengthBytes)
            return Step::needMore;

        header.length = 0;

        for (size_t i = 0; i < lengthBytes; ++i)
            header.length = header.length << 8 | bytes[2 + i];

        if ((header.length >> 63) != 0)
            return fail (events, WebSocketCloseCode::protocolError, "payload length has its top bit set"), Step::failed;

        header.size = 2 + lengthBytes;
    }

    return Step::done;
}

bool WebSocketFrameParser::checkFitsMessage (const FrameHeader& header, std::vector<Event>& events)
{
    if (header.opcode == binary)
        return fail (events, WebSocketCloseCode::unsupportedData, "binary messages are not supported; send JSON text"), false;

    if (header.opcode == continuation && ! inMessage)
        return fail (events, WebSocketCloseCode::protocolError, "continuation frame outside a message"), false;

    if (header.opcode == text && inMessage)
        return fail (events, WebSocketCloseCode::protocolError, "new message before the last one finished"), false;

    // Checked from the header, before buffering: a client can't make us hold more.
    const auto messageSoFar = header.opcode == continuation ? (juce::uint64) message.size() : 0;

    if (! header.isControl() && messageSoFar + header.length > maxMessageSize)
        return fail (events, WebSocketCloseCode::messageTooBig, "message larger than " + std::to_string (maxMessageSize) + " bytes"), false;

    return true;
}

bool WebSocketFrameParser::takeTextFrame (const FrameHeader& header, const juce::uint8* maskedPayload, std::vector<Event>& events)
{
    if (header.opcode == text)
    {
        inMessage = true;
        message.clear();
        messageUtf8.reset();
    }

    // Text is unmasked straight onto the message it belongs to.
    const auto start = message.size();
    message.resize (start + (size_t) header.length);
    unmask (maskedPayload, (size_t) header.length, message.data() + start);

    if (! messageUtf8.feed (reinterpret_cast<const juce::uint8*> (message.data() + start), message.size() - start))
        return fail (events, WebSocketCloseCode::invalidPayload, "text is not valid UTF-8"), false;

    if (! header.fin)
        return true;

    if (! messageUtf8.isComplete())
        return fail (events, WebSocketCloseCode::invalidPayload, "text ends inside a UTF-8 character"), false;

    inMessage = false;
    events.push_back ({ Event::Type::text, std::move (message), 0, {} });
    message = {};
    return true;
}

bool WebSocketFrameParser::takeControlFrame (const FrameHeader& header, std::string payload, std::vector<Event>& events)
{
    if (header.opcode == ping)
        events.push_back ({ Event::Type::ping, std::move (payload), 0, {} });
    else if (header.opcode == pong)
        events.push_back ({ Event::Type::pong, std::move (payload), 0, {} });
    else
        return takeClose (std::move (payload), events);

    return true;
}

bool WebSocketFrameParser::takeClose (std::string payload, std::vector<Event>& events)
{
    if (payload.size() == 1)
        return fail (events, WebSocketCloseCode::protocolError, "close frame with a 1-byte payload"), false;

    if (payload.empty())
    {
        events.push_back ({ Event::Type::close, {}, noStatusReceived, {} });
        return true;
    }

    const auto code = (juce::uint16) ((juce::uint8) payload[0] << 8 | (juce::uint8) payload[1]);

    if (! isValidCloseCode (code))
        return fail (events, WebSocketCloseCode::protocolError, "invalid close code " + std::to_string (code)), false;

    if (! Utf8Validator::isValid (payload.data() + 2, payload.size() - 2))
        return fail (events, WebSocketCloseCode::invalidPayload, "close reason is not valid UTF-8"), false;

    events.push_back ({ Event::Type::close, {}, code, payload.substr (2) });
    return true;
}

} // namespace wavecraft::detail
