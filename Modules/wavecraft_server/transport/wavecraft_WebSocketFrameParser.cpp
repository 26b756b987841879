namespace wavecraft
{

namespace
{
    enum Opcode
    {
        continuation = 0x0,
        text = 0x1,
        binary = 0x2,
        close = 0x8,
        ping = 0x9,
        pong = 0xA
    };

    bool isValidCloseCode (juce::uint16 code) noexcept
    {
        // RFC 6455 7.4.1/7.4.2: 1004-1006 and 1015 are never sent; 1016-2999 are reserved.
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
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

    for (;;)
    {
        size_t consumed = 0;

        if (! parseFrame (events, consumed) || consumed == 0)
            break;

        buffer.erase (0, consumed);
    }

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

bool WebSocketFrameParser::parseFrame (std::vector<Event>& events, size_t& consumed)
{
    const auto* bytes = reinterpret_cast<const juce::uint8*> (buffer.data());
    const auto available = buffer.size();

    if (available < 2)
        return false;

    const auto fin = (bytes[0] & 0x80) != 0;
    const auto opcode = bytes[0] & 0x0F;
    const auto masked = (bytes[1] & 0x80) != 0;
    juce::uint64 length = bytes[1] & 0x7F;
    size_t headerSize = 2;

    if ((bytes[0] & 0x70) != 0)
        return fail (events, WebSocketCloseCode::protocolError, "reserved bits set without an extension"), false;

    const auto isControl = (opcode & 0x8) != 0;

    if (opcode != continuation && opcode != text && opcode != binary && opcode != close && opcode != ping && opcode != pong)
        return fail (events, WebSocketCloseCode::protocolError, "unknown opcode " + std::to_string (opcode)), false;

    if (! masked)
        return fail (events, WebSocketCloseCode::protocolError, "client frames must be masked"), false;

    if (isControl && (! fin || length > 125))
        return fail (events, WebSocketCloseCode::protocolError, "control frames must be whole and at most 125 bytes"), false;

    if (length == 126)
    {
        if (available < 4)
            return false;

        length = (juce::uint64) bytes[2] << 8 | bytes[3];
        headerSize = 4;
    }
    else if (length == 127)
    {
        if (available < 10)
            return false;

        length = 0;

        for (int i = 0; i < 8; ++i)
            length = length << 8 | bytes[2 + i];

        if ((length >> 63) != 0)
            return fail (events, WebSocketCloseCode::protocolError, "payload length has its top bit set"), false;

        headerSize = 10;
    }

    if (opcode == binary)
        return fail (events, WebSocketCloseCode::unsupportedData, "binary messages are not supported; send JSON text"), false;

    if (opcode == continuation && ! inMessage)
        return fail (events, WebSocketCloseCode::protocolError, "continuation frame outside a message"), false;

    if (opcode == text && inMessage)
        return fail (events, WebSocketCloseCode::protocolError, "new message before the last one finished"), false;

    // Checked from the header, before buffering: a client can't make us hold more.
    const auto messageSoFar = (opcode == continuation) ? (juce::uint64) message.size() : 0;

    if (! isControl && messageSoFar + length > maxMessageSize)
        return fail (events, WebSocketCloseCode::messageTooBig,
                     "message larger than " + std::to_string (maxMessageSize) + " bytes"),
               false;

    const auto frameSize = headerSize + 4 + (size_t) length;

    if (available < frameSize)
        return false;

    const auto* mask = bytes + headerSize;
    const auto unmaskInto = [&] (std::string& destination)
    {
        const auto start = destination.size();
        destination.resize (start + (size_t) length);

        for (size_t i = 0; i < (size_t) length; ++i)
            destination[start + i] = (char) (bytes[headerSize + 4 + i] ^ mask[i % 4]);
    };

    consumed = frameSize;

    if (opcode == text || opcode == continuation)
    {
        if (opcode == text)
        {
            inMessage = true;
            message.clear();
            messageUtf8.reset();
        }

        // Text is unmasked straight onto the message it belongs to.
        const auto start = message.size();
        unmaskInto (message);

        if (! messageUtf8.feed (reinterpret_cast<const juce::uint8*> (message.data() + start), message.size() - start))
            return fail (events, WebSocketCloseCode::invalidPayload, "text is not valid UTF-8"), false;

        if (fin)
        {
            if (! messageUtf8.isComplete())
                return fail (events, WebSocketCloseCode::invalidPayload, "text ends inside a UTF-8 character"), false;

            inMessage = false;
            events.push_back ({ Event::Type::text, std::move (message), 0, {} });
            message = {};
        }

        return true;
    }

    std::string payload;
    unmaskInto (payload);

    switch (opcode)
    {
        case ping:
            events.push_back ({ Event::Type::ping, std::move (payload), 0, {} });
            return true;

        case pong:
            events.push_back ({ Event::Type::pong, std::move (payload), 0, {} });
            return true;

        case close:
        {
            if (payload.size() == 1)
                return fail (events, WebSocketCloseCode::protocolError, "close frame with a 1-byte payload"), false;

            juce::uint16 code = 1005; // "no status received"

            if (payload.size() >= 2)
            {
                code = (juce::uint16) ((juce::uint8) payload[0] << 8 | (juce::uint8) payload[1]);

                if (! isValidCloseCode (code))
                    return fail (events, WebSocketCloseCode::protocolError, "invalid close code " + std::to_string (code)), false;

                if (! Utf8Validator::isValid (payload.data() + 2, payload.size() - 2))
                    return fail (events, WebSocketCloseCode::invalidPayload, "close reason is not valid UTF-8"), false;
            }

            events.push_back ({ Event::Type::close, {}, code, payload.size() > 2 ? payload.substr (2) : std::string() });
            return true;
        }

        default:
            break;
    }

    return true;
}

} // namespace wavecraft
