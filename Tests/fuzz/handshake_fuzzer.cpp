// Arbitrary bytes as a client's HTTP upgrade request, and as an Origin.
// Beyond "no crash": the answer is a well-formed HTTP response whose status
// says whether the connection upgrades (or serves the page, whole), and no
// origin other than a loopback one is ever allowed when none was added with
// --allow-origin.
#include "FuzzSupport.h"

namespace
{
bool startsWith (std::string_view text, std::string_view prefix)
{
    return text.substr (0, prefix.size()) == prefix;
}

bool startsWithIgnoreCase (std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;

    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower ((unsigned char) text[i]) != prefix[i])
            return false;

    return true;
}

const std::string page = "<!doctype html><title>page</title>";

void checkResponse (const wavecraft::detail::WebSocketHandshake::Result& result)
{
    const std::string_view response = result.response;

    if (! startsWith (response, "HTTP/1.1 " + std::to_string (result.status) + " "))
        __builtin_trap();

    const auto headEnd = response.find ("\r\n\r\n");

    if (headEnd == std::string_view::npos)
        __builtin_trap(); // a response head that never ends

    const auto head = response.substr (0, headEnd + 4);
    const auto body = response.substr (headEnd + 4);

    if (result.accepted())
    {
        // 101 with the 28-character accept key, nothing after the head
        const auto accept = head.find ("\r\nSec-WebSocket-Accept: ");

        if (accept == std::string_view::npos || head.find ("\r\n", accept + 2) != accept + 24 + 28 || ! body.empty()
            || ! result.reason.empty())
            __builtin_trap();
    }
    else if (result.status == 200)
    {
        // The page, whole (or only its head, for a HEAD), said to be HTML.
        if ((! body.empty() && body != page) || head.find ("\r\nContent-Length: " + std::to_string (page.size()) + "\r\n") == std::string_view::npos
            || head.find ("\r\nContent-Type: text/html; charset=utf-8\r\n") == std::string_view::npos)
            __builtin_trap();
    }
    else
    {
        const auto status = result.status;

        if ((status != 400 && status != 403 && status != 404 && status != 405 && status != 426) || result.reason.empty()
            || head.find ("Sec-WebSocket-Accept") != std::string_view::npos
            || head.find ("\r\nContent-Length: " + std::to_string (body.size()) + "\r\n") == std::string_view::npos)
            __builtin_trap();
    }
}

/** What the contract allows without --allow-origin, checked apart from the
    host's own parsing: http(s)://, then localhost, 127.0.0.1 or [::1], then at
    most a :port of digits; only spaces and slashes may follow. */
bool looksLikeLoopback (std::string_view origin)
{
    // JUCE's trim() also takes Unicode spaces, so bytes outside ASCII may start or end it.
    while (! origin.empty() && ((unsigned char) origin.front() <= ' ' || (unsigned char) origin.front() >= 0x80))
        origin.remove_prefix (1);

    if (startsWithIgnoreCase (origin, "http://"))
        origin.remove_prefix (7);
    else if (startsWithIgnoreCase (origin, "https://"))
        origin.remove_prefix (8);
    else
        return false;

    if (startsWithIgnoreCase (origin, "localhost"))
        origin.remove_prefix (9);
    else if (startsWith (origin, "127.0.0.1") || startsWith (origin, "[::1]"))
        origin.remove_prefix (origin[0] == '[' ? 5 : 9);
    else
        return false;

    if (startsWith (origin, ":"))
    {
        origin.remove_prefix (1);

        if (origin.empty() || ! std::isdigit ((unsigned char) origin.front()))
            return false;

        while (! origin.empty() && std::isdigit ((unsigned char) origin.front()))
            origin.remove_prefix (1);
    }

    for (const auto c : origin)
        if (c != '/' && (unsigned char) c > ' ' && (unsigned char) c < 0x80)
            return false;

    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput (const uint8_t* data, size_t size)
{
    if (size > wavecraft::detail::WebSocketHandshake::maxRequestSize)
        return 0; // the connection refuses a longer head before parsing it

    const std::string_view request (reinterpret_cast<const char*> (data), size);

    static const juce::StringArray none, someOrigin { "https://example.com" };
    const auto headEnd = request.find ("\r\n\r\n");

    if (wavecraft::detail::WebSocketHandshake::isComplete (request) != (headEnd != std::string_view::npos))
        __builtin_trap();

    // As the connection does: the head, up to and with its blank line, once it's all there.
    if (headEnd != std::string_view::npos)
    {
        const auto head = request.substr (0, headEnd + 4);
        const auto result = wavecraft::detail::WebSocketHandshake::respond (head, none);
        checkResponse (result);

        // Allowing one more origin never turns an accepted request away.
        const auto withOrigin = wavecraft::detail::WebSocketHandshake::respond (head, someOrigin);
        checkResponse (withOrigin);

        if (result.accepted() && ! withOrigin.accepted())
            __builtin_trap();

        // A page to serve changes plain requests only: an upgrade is answered as before.
        const auto withPage = wavecraft::detail::WebSocketHandshake::respond (head, none, nullptr, page);
        checkResponse (withPage);

        if (withPage.status != result.status && ! (result.status == 404 && withPage.status == 200))
            __builtin_trap();
    }

    // The whole input as an Origin header's value (respond() passes it only valid UTF-8).
    if (wavecraft::detail::Utf8Validator::isValid (data, size))
    {
        const auto origin = juce::String::fromUTF8 (request.data(), (int) request.size());

        if (wavecraft::detail::WebSocketHandshake::isOriginAllowed (origin, none) && ! looksLikeLoopback (origin.toStdString()))
            __builtin_trap();
    }

    return 0;
}
