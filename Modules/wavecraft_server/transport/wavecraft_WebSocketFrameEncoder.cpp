namespace wavecraft::detail
{

std::string WebSocketFrameEncoder::frame (juce::uint8 opcode, std::string_view payload)
{
    std::string out;
    out.reserve (payload.size() + 10);
    appendFrame (out, opcode, payload);
    return out;
}

void WebSocketFrameEncoder::appendFrame (std::string& out, juce::uint8 opcode, std::string_view payload)
{
    appendHeader (out, opcode, payload.size());
    out.append (payload);
}

void WebSocketFrameEncoder::appendHeader (std::string& out, juce::uint8 opcode, size_t payloadSize)
{
    out.push_back ((char) (WebSocketProtocol::finBit | opcode));

    const auto size = (juce::uint64) payloadSize;

    if (size < WebSocketProtocol::length16)
    {
        out.push_back ((char) size);
    }
    else if (size <= 0xFFFF)
    {
        out.push_back ((char) WebSocketProtocol::length16);
        out.push_back ((char) (size >> 8));
        out.push_back ((char) size);
    }
    else
    {
        out.push_back ((char) WebSocketProtocol::length64);

        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back ((char) (size >> shift));
    }
}

std::string WebSocketFrameEncoder::text (std::string_view payload)
{
    return frame (WebSocketProtocol::text, payload);
}

std::string WebSocketFrameEncoder::pong (std::string_view payload)
{
    return frame (WebSocketProtocol::pong, payload.substr (0, WebSocketProtocol::maxControlPayload));
}

std::string WebSocketFrameEncoder::close (WebSocketCloseCode code, std::string_view reason)
{
    std::string payload;
    payload.push_back ((char) ((juce::uint16) code >> 8));
    payload.push_back ((char) ((juce::uint16) code & 0xFF));

    // Keep the reason whole characters: cut to fit, then back off a partial one.
    auto cut = std::min<size_t> (reason.size(), WebSocketProtocol::maxCloseReason);

    while (cut > 0 && cut < reason.size() && ((juce::uint8) reason[cut] & 0xC0) == 0x80)
        --cut;

    payload.append (reason.substr (0, cut));
    return frame (WebSocketProtocol::close, payload);
}

} // namespace wavecraft::detail
