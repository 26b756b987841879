namespace wavecraft
{

/** The developer's own web UI (e.g. a Vite dev server on
    http://localhost:5173) in a juce::WebBrowserComponent (WebKitGTK on
    Linux). The page reaches the host over the WebSocket as it would in a
    browser; allow its origin on the server (WebSocketServer::Options).

    A dev server that isn't up yet (or went down for a restart) is normal
    while developing: the page then says so, and the URL is tried again every
    two seconds until it loads.

    Create it only when juce::Desktop isn't headless: a web view made without
    a display takes the process down.
*/
class WebUiPage : public juce::WebBrowserComponent,
                  private juce::Timer
{
public:
    static constexpr int retryIntervalMs = 2000;

    /** Starts loading `url`. [message thread] */
    explicit WebUiPage (const juce::String& url);
    /** [message thread] */
    ~WebUiPage() override;

    /** [message thread] */
    const juce::String& getUrl() const noexcept { return url; }

    /** True once the page itself (not the "not reachable" note) has loaded. [message thread] */
    bool hasLoaded() const noexcept { return loaded; }

    /** @internal */
    void pageFinishedLoading (const juce::String& loadedUrl) override;
    /** @internal */
    bool pageLoadHadNetworkError (const juce::String& errorInfo) override;

private:
    void timerCallback() override;
    void showUnreachable (const juce::String& errorInfo);

    const juce::String url;
    bool loaded = false, showingNote = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WebUiPage)
};

} // namespace wavecraft
