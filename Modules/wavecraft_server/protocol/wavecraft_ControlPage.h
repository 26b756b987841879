namespace wavecraft
{

/** The built-in control page: one self-contained HTML file (no external
    assets) that a headless host serves at `/` on its WebSocket port.

    It speaks the same JSON-RPC as any page: it lists the parameters with a
    control each (values shown and typed as the preview window and
    Wavecraft's own ParameterSlider show them), draws the meters from
    meterUpdate and the scope from getOscilloscopeFrame, shows the audio
    status and the plugin's real-time report, and reconnects by itself when
    the host restarts. BrowserUiServer serves it unless its options name
    another page.

    @see BrowserUiServer, WebSocketServer::Options::page
*/
struct ControlPage
{
    /** The whole page. [any thread] */
    static std::string html();
};

} // namespace wavecraft
