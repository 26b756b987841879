namespace wavecraft::detail
{

namespace
{
    std::string httpResponse (int status, const char* statusText, const std::string& extraHeaders, const std::string& body)
    {
        return "HTTP/1.1 " + std::to_string (status) + " " + statusText + "\r\n"
            + extraHeaders
            + "Content-Type: text/plain; charset=utf-8\r\n"
              "Content-Length: "
            + std::to_string (body.size()) + "\r\n"
            + "Connection: close\r\n\r\n"
            + body;
    }

    WebSocketHandshake::Result refuse (int status, const char* statusText, std::string reason, const std::string& extraHeaders = {})
    {
        return { status, httpResponse (status, statusText, extraHeaders, reason + "\n"), reason };
    }

    /** The page and what a browser needs to keep it to itself: it runs only
        its own inline code and talks only to this server's WebSockets.
    */
    WebSocketHandshake::Result servePage (std::string_view page, bool withBody)
    {
        const std::string head = "HTTP/1.1 200 OK\r\n"
                                 "Content-Type: text/html; charset=utf-8\r\n"
                                 "Content-Length: "
            + std::to_string (page.size()) + "\r\n"
            + "Cache-Control: no-store\r\n"
              "X-Content-Type-Options: nosniff\r\n"
              "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src data:; base-uri 'none'; "
              "form-action 'none'\r\n"
              "Connection: close\r\n\r\n";
        return { 200, withBody ? head + std::string (page) : head, {} };
    }

    /** A request that is no WebSocket upgrade: the page, or why not. */
    WebSocketHandshake::Result answerPlainRequest (const juce::String& method, const juce::String& target, std::string_view page)
    {
        const auto path = target.upToFirstOccurrenceOf ("?", false, false).upToFirstOccurrenceOf ("#", false, false);
        const auto readsOnly = method == "GET" || method == "HEAD";

        if (readsOnly && path == "/" && ! page.empty())
            return servePage (page, method == "GET");

        if (readsOnly)
            return refuse (404, "Not Found", "nothing at " + path.toStdString() + (page.empty() ? std::string() : ": the control page is at /") + "; the Wavecraft protocol is a WebSocket on this port");

        return refuse (405, "Method Not Allowed", method.toStdString() + " is not allowed: GET / for the control page, or a WebSocket upgrade",
                       "Allow: GET, HEAD\r\n");
    }

    bool headerHasToken (const juce::String& value, const char* token)
    {
        for (const auto& part : juce::StringArray::fromTokens (value, ",", {}))
            if (part.trim().equalsIgnoreCase (token))
                return true;

        return false;
    }
} // namespace

bool WebSocketHandshake::isComplete (std::string_view buffer) noexcept
{
    return buffer.find ("\r\n\r\n") != std::string_view::npos;
}

std::string WebSocketHandshake::acceptKeyFor (std::string_view key)
{
    const auto input = std::string (key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    const auto digest = Sha1::digest (input.data(), input.size());
    return juce::Base64::toBase64 (digest.data(), digest.size()).toStdString();
}

bool WebSocketHandshake::isOriginAllowed (const juce::String& origin, const juce::StringArray& allowedOrigins)
{
    const auto trimmed = origin.trim().trimCharactersAtEnd ("/");

    for (const auto& allowed : allowedOrigins)
        if (trimmed.equalsIgnoreCase (allowed.trim().trimCharactersAtEnd ("/")))
            return true;

    juce::String rest;

    if (trimmed.startsWithIgnoreCase ("http://"))
        rest = trimmed.substring (7);
    else if (trimmed.startsWithIgnoreCase ("https://"))
        rest = trimmed.substring (8);
    else
        return false;

    // host[:port], with no path, user info or anything else
    juce::String host = rest, port;

    if (rest.startsWith ("["))
    {
        host = rest.upToFirstOccurrenceOf ("]", true, false);
        port = rest.fromFirstOccurrenceOf ("]", false, false);
    }
    else if (rest.contains (":"))
    {
        host = rest.upToFirstOccurrenceOf (":", false, false);
        port = rest.fromFirstOccurrenceOf (":", true, false);
    }

    if (port.isNotEmpty() && ! (port.startsWith (":") && port.length() > 1 && port.substring (1).containsOnly ("0123456789")))
        return false;

    return host.equalsIgnoreCase ("localhost") || host == "127.0.0.1" || host == "[::1]";
}

juce::String WebSocketHandshake::describeRefusedOrigin (const juce::String& origin, const DiagnosticHints* hints)
{
    Diagnostic diagnostic { DiagnosticCode::unknown, "origin " + origin + " is not allowed", "add it to the server's allowed origins to accept it", {} };
    diagnostic.subject = Diagnostic::Subject::origin;
    diagnostic.fields.set (Diagnostic::Fields::origin, origin);
    return DiagnosticHints::apply (hints, std::move (diagnostic)).describe();
}

WebSocketHandshake::Result WebSocketHandshake::respond (std::string_view request, const juce::StringArray& allowedOrigins,
                                                        const DiagnosticHints* hints, std::string_view page)
{
    // juce::String needs valid UTF-8: on a stray continuation or lead byte its
    // iterators step past the end (fromTokens then copies (size_t) -1 bytes).
    if (! Utf8Validator::isValid (request.data(), request.size()))
        return refuse (400, "Bad Request", "the request is not valid UTF-8");

    const auto head = juce::String::fromUTF8 (request.data(), (int) request.size());
    auto lines = juce::StringArray::fromLines (head.upToFirstOccurrenceOf ("\r\n\r\n", false, false));
    const auto requestLine = juce::StringArray::fromTokens (lines[0], " ", {});

    if (requestLine.size() != 3 || ! requestLine[2].startsWith ("HTTP/1."))
        return refuse (400, "Bad Request", "not an HTTP request");

    juce::StringPairArray headers (true); // header names are case-insensitive

    for (int i = 1; i < lines.size(); ++i)
    {
        const auto& line = lines[i];

        if (! line.contains (":"))
            return refuse (400, "Bad Request", "malformed header line");

        const auto name = line.upToFirstOccurrenceOf (":", false, false).trim();
        const auto value = line.fromFirstOccurrenceOf (":", false, false).trim();
        const auto existing = headers[name];
        headers.set (name, existing.isEmpty() ? value : existing + ", " + value);
    }

    const auto upgrades = headerHasToken (headers["Upgrade"], "websocket") && headerHasToken (headers["Connection"], "upgrade");

    if (! upgrades || requestLine[0] != "GET")
        return answerPlainRequest (requestLine[0], requestLine[1], page);

    if (headers["Sec-WebSocket-Version"].trim() != "13")
        return refuse (426, "Upgrade Required", "only WebSocket version 13 is supported", "Sec-WebSocket-Version: 13\r\n");

    const auto key = headers["Sec-WebSocket-Key"].trim();
    juce::MemoryOutputStream decodedKey;

    if (key.isEmpty() || ! juce::Base64::convertFromBase64 (decodedKey, key) || decodedKey.getDataSize() != 16)
        return refuse (400, "Bad Request", "Sec-WebSocket-Key must be 16 bytes in base64");

    if (headers.containsKey ("Origin") && ! isOriginAllowed (headers["Origin"], allowedOrigins))
        return refuse (403, "Forbidden", describeRefusedOrigin (headers["Origin"], hints).toStdString());

    Result result;
    result.status = 101;
    result.response = "HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: "
        + acceptKeyFor (key.toStdString()) + "\r\n\r\n";
    return result;
}

} // namespace wavecraft::detail
