namespace wavecraft::detail
{

/** The server side of the opening handshake (RFC 6455 section 4.2), plus the
    Wavecraft protocol's Origin policy: browsers may connect from a loopback origin
    (http(s)://localhost, 127.0.0.1 or [::1], any port) or one of the allowed
    origins; a request without Origin (not a browser) is accepted.

    A plain HTTP request on the same port gets the server's page at `/` (a
    GET or HEAD without an upgrade), 404 on any other path, and 405 for any
    other method; each answer closes its connection.
*/
class WebSocketHandshake
{
public:
    /** The most bytes a request head may take. */
    static constexpr size_t maxRequestSize = 8192;

    struct Result
    {
        int status = 400;     /**< 101 when the connection upgrades, 200 for the page */
        std::string response; /**< the whole HTTP response to send */
        std::string reason;   /**< why it was refused, for the log */

        bool accepted() const noexcept { return status == 101; }
    };

    /** True when `buffer` holds a whole request head (ends with CRLF CRLF). */
    static bool isComplete (std::string_view buffer) noexcept;

    /** Checks a request head and builds the response; a refused origin's
        403 carries the app's hint when `hints` has one. `page` is the HTML
        served at `/` (empty: 404 there too).
    */
    static Result respond (std::string_view request, const juce::StringArray& allowedOrigins,
                           const DiagnosticHints* hints = nullptr, std::string_view page = {});

    /** "origin X is not allowed (hint)". */
    static juce::String describeRefusedOrigin (const juce::String& origin, const DiagnosticHints* hints);

    /** Sec-WebSocket-Accept for a Sec-WebSocket-Key. */
    static std::string acceptKeyFor (std::string_view key);

    /** True for a loopback origin, or one of `allowedOrigins`. */
    static bool isOriginAllowed (const juce::String& origin, const juce::StringArray& allowedOrigins);
};

} // namespace wavecraft::detail
