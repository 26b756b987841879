namespace wavecraft
{

namespace detail
{
    class JsonRpcDispatcher;
}

/** Serves a BrowserUiBackend to browser UIs (@wavecraft/core) over
    WebSockets: the JSON-RPC methods of the protocol and its notifications
    (meterUpdate, parameterChanged, parametersChanged, audioStatusChanged).

    To use one: create it on the message thread with the backend it serves
    (which must outlive it), call start() with WebSocketServer::Options
    (port, allowed origins, hints), and let it run; it
    needs no calls after that. stop() or the destructor closes every
    connection.

    How it reads the backend: a juce::Timer on the message thread reads the
    backend's meter tap at 60 Hz (a reader of its own, so other readers see
    every frame too) and broadcasts one meterUpdate per tick, the levels held
    over the frames it read. The server's I/O thread answers requests from
    locked snapshots and the lock-free parameter store, and never touch the audio
    thread. A parameter a page sets is sent to every other page at once, and
    reaches the backend's listeners on the I/O thread with `origin` == this
    server; a parameter set on the backend's side (any other origin) is sent
    to every page.

    @see BrowserUiBackend, HostSession, WebSocketServer
*/
class BrowserUiServer : private detail::RpcBackend,
                        private WebSocketServer::Handler,
                        private BrowserUiBackend::Listener,
                        private juce::Timer
{
public:
    /** [message thread] */
    explicit BrowserUiServer (BrowserUiBackend& backend);
    /** Closes every connection. [message thread] */
    ~BrowserUiServer() override;

    /** Starts listening. A plain GET of / gets options.page, or the
        built-in ControlPage when that is empty. Returns an error naming the
        port when it can't. [message thread]
    */
    [[nodiscard]] juce::Result start (const WebSocketServer::Options& options);

    /** Closes every connection and stops listening. [message thread] */
    void stop();

    /** The port it listens on (useful after starting on port 0). [any thread, after start()] */
    int getPort() const noexcept { return server.getPort(); }

    /** [any thread] */
    int getNumClients() const noexcept { return server.getNumClients(); }

    /** The most clients at once (see WebSocketServer::getMaxClients). [any thread, after start()] */
    int getMaxClients() const noexcept { return server.getMaxClients(); }

    /** Meter frames dropped for clients that didn't read them. [any thread] */
    juce::uint64 getNumDroppedMessages() const noexcept { return server.getNumDroppedMessages(); }

    /** Meter broadcasts per second. */
    static constexpr int meterRateHz = 60;

private:
    // detail::RpcBackend, for the dispatcher
    std::shared_ptr<ParameterStore> getParameterStore() override;
    [[nodiscard]] bool setParameterFromClient (int clientId, const juce::String& parameterId, float value) override;
    bool getLatestMeterFrame (MeterFrame& frame, juce::int64& timestampMs) override;
    bool getLatestScopeFrame (ScopeFrame& frame, juce::int64& timestampMs) override;
    std::optional<AudioStatus> getAudioStatus() override;
    PluginReport getPluginReport (int clientId) override;
    bool requestResize (int width, int height) override;
    void registerAudioClient (const juce::String& clientId, double sampleRate, int bufferSize) override;
    LateAnswer lateAnswerTo (int clientId) override;
    void measureResponse (const std::string& requestId, int points, LateAnswer answer) override;
    std::vector<LoadedBuild> getBuilds() override;
    void selectBuild (const std::string& requestId, const juce::String& role, LateAnswer answer) override;

    // WebSocketServer::Handler
    WebSocketServer::Reply handleMessage (int clientId, std::string_view message) override;

    // BrowserUiBackend::Listener
    void parameterChanged (const juce::String& id, float value, const void* origin) override;
    void parametersReplaced() override;
    void audioStatusChanged (const AudioStatus& status) override;
    void pluginReportChanged() override;

    void timerCallback() override;

    /** Where answers that come after their request (measureResponse) go:
        shared with the backend's callbacks, which may come after the server
        stopped.
    */
    struct LateAnswers
    {
        std::mutex lock;
        WebSocketServer* server = nullptr; // null once stopped: [lock]

        void send (int clientId, const std::string& text);
    };

    BrowserUiBackend& backend;
    std::shared_ptr<LateAnswers> lateAnswers = std::make_shared<LateAnswers>();
    MeterTap::Reader meterReader { backend.getMeterTap() };
    WebSocketServer server { *this };
    std::unique_ptr<detail::JsonRpcDispatcher> dispatcher;

    std::mutex stateLock;           // the I/O thread reads, the message thread writes
    std::vector<int> reportClients; // those that asked for the plugin report: [stateLock]
    std::shared_ptr<ParameterStore> parameters;
    AudioStatus status;
    MeterFrame latestMeter;
    juce::int64 latestMeterMs = 0;
    bool hasMeter = false;
    bool servedParametersOnce = false; // the first list is what a page finds; later ones are news

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (BrowserUiServer)
};

} // namespace wavecraft
