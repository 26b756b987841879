// Arbitrary bytes from a client, in arbitrary pieces, through the frame parser.
// Beyond "no crash, no sanitizer report": every text message it hands out is
// valid UTF-8 and within the size cap, and nothing follows an error.
#include "FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput (const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;

    constexpr size_t maxMessage = 4096;
    wavecraft::detail::WebSocketFrameParser parser (maxMessage);
    std::vector<wavecraft::detail::WebSocketFrameParser::Event> events;

    // The first byte picks the piece size, so splits at every position get tried.
    const auto piece = (size_t) data[0] % 17 + 1;
    bool sawError = false;

    for (size_t offset = 1; offset < size; offset += piece)
    {
        events.clear();
        const auto ok = parser.feed (data + offset, std::min (piece, size - offset), events);

        for (const auto& event : events)
        {
            if (sawError)
                __builtin_trap(); // events after a fatal error

            if (event.type == wavecraft::detail::WebSocketFrameParser::Event::Type::error)
                sawError = true;

            if (event.type == wavecraft::detail::WebSocketFrameParser::Event::Type::text
                && (event.payload.size() > maxMessage || ! wavecraft::detail::Utf8Validator::isValid (event.payload.data(), event.payload.size())))
                __builtin_trap();
        }

        if (! ok && ! sawError)
            __builtin_trap(); // failed without saying why
    }

    return 0;
}
