namespace wavecraft
{

/** Serves a HostSession to browser UIs: the WebSocket server, the JSON-RPC
    methods over the session's state, and the notifications of the contract.

    A juce::Timer on the message thread reads the analyser's meter tap at
    60 Hz (a reader of its own, so other readers see every frame too) and
    broadcasts one meterUpdate per tick (peaks and RMS held over the frames
    it read). Socket threads only read locked snapshots and
    write the lock-free parameter store; they never touch the audio thread.
*/
class SessionServer : private RpcBackend,
                      private WebSocketServer::Handler,
                      private AudioEngine::Listener,
                      private HostSession::Listener,
                      private juce::Timer
{
public:
    explicit SessionServer (HostSession& session);
    ~SessionServer() override;

    /** Starts listening. Returns an error naming the port when it can't. [message thread] */
    juce::String start (const WebSocketServer::Options& options);
    void stop();

    int getPort() const noexcept { return server.getPort(); }
    int getNumClients() const noexcept { return server.getNumClients(); }

    /** The most clients at once (see WebSocketServer::getMaxClients). [any thread, after start()] */
    int getMaxClients() const noexcept { return server.getMaxClients(); }

    /** Meter frames dropped for clients that didn't read them. [any thread] */
    juce::uint64 getNumDroppedMessages() const noexcept { return server.getNumDroppedMessages(); }

    /** Meter broadcasts per second. */
    static constexpr int meterRateHz = 60;

private:
    // RpcBackend
    std::shared_ptr<ParameterStore> getParameterStore() override;
    void parameterSetByClient (int clientId, const juce::String& parameterId, float value) override;
    bool getLatestMeterFrame (MeterFrame& frame, juce::int64& timestampMs) override;
    bool getLatestScopeFrame (ScopeFrame& frame, juce::int64& timestampMs) override;
    std::optional<AudioStatus> getAudioStatus() override;
    bool requestResize (int width, int height) override;
    void registerAudioClient (const juce::String& clientId, double sampleRate, int bufferSize) override;

    // WebSocketServer::Handler
    std::string handleMessage (int clientId, std::string_view message) override;

    // AudioEngine::Listener, HostSession::Listener
    void audioStatusChanged (const AudioStatus& status) override;
    void pluginChanged() override;

    void timerCallback() override;

    static juce::int64 toWallClockMicros (juce::int64 monotonicMicros);

    HostSession& session;
    MeterTap::Reader meterReader { session.getAnalyser().getMeterTap() };
    WebSocketServer server { *this };
    JsonRpcDispatcher dispatcher { *this };

    std::mutex stateLock; // socket threads read, the message thread writes
    std::shared_ptr<ParameterStore> parameters;
    AudioStatus status;
    MeterFrame latestMeter;
    juce::int64 latestMeterMs = 0;
    bool hasMeter = false;
    bool pluginLoadedOnce = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SessionServer)
};

} // namespace wavecraft
