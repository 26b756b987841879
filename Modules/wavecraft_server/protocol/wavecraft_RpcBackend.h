namespace wavecraft::detail
{

/** What the JSON-RPC dispatcher needs from its server (BrowserUiServer). Called from the
    server's socket threads, so every method must be safe on any thread and
    must never touch the audio thread directly (atomics and locked snapshots
    only).
*/
class RpcBackend
{
public:
    virtual ~RpcBackend() = default;

    /** The running plugin's parameters, or null while none runs. [any thread] */
    virtual std::shared_ptr<ParameterStore> getParameterStore() = 0;

    /** A client sets a parameter to a value checked against its spec: store
        it and tell everyone else. False when the id is gone (a reload came
        between). [any thread]
    */
    [[nodiscard]] virtual bool setParameterFromClient (int clientId, const juce::String& parameterId, float value) = 0;

    /** The newest meter frame, with its wall-clock time in ms. [any thread] */
    virtual bool getLatestMeterFrame (MeterFrame& frame, juce::int64& timestampMs) = 0;

    /** The newest scope frame. [any thread] */
    virtual bool getLatestScopeFrame (ScopeFrame& frame, juce::int64& timestampMs) = 0;

    /** The audio status, or nullopt before audio was set up. [any thread] */
    virtual std::optional<AudioStatus> getAudioStatus() = 0;

    /** The plugin report, for `clientId`, who is told of its changes from
        now on (pluginReportChanged). [the server's thread]
    */
    virtual PluginReport getPluginReport (int clientId)
    {
        juce::ignoreUnused (clientId);
        return {};
    }

    /** Takes the text of an answer that comes after its request (once). [any thread] */
    using LateAnswer = std::function<void (const std::string& answer)>;

    /** Sends late answers to client `clientId`: safe to call from any
        thread, also after the server stopped (they are dropped then).
        [the server's thread]
    */
    virtual LateAnswer lateAnswerTo (int clientId) = 0;

    /** A client asks for the plugin's response at `points` frequencies:
        once measured, give `answer` JsonRpcDispatcher::answerMeasurement
        for the request whose id is `requestId` (its JSON text).
        [the server's thread: never wait here]
    */
    virtual void measureResponse (const std::string& requestId, int points, LateAnswer answer) = 0;
    /** The builds loaded now. [any thread] */
    virtual std::vector<LoadedBuild> getBuilds() = 0;
    /** A client asks to hear `role` ("current" or "previous"): once it
        plays, give `answer` JsonRpcDispatcher::answerSelection. [the server's thread: never wait here]
    */
    virtual void selectBuild (const std::string& requestId, const juce::String& role, LateAnswer answer) = 0;
    /** A page asks for a window size; true when the host's window took it. [any thread] */
    virtual bool requestResize (int width, int height) = 0;

    /** A page's audio client announced itself. [any thread] */
    virtual void registerAudioClient (const juce::String& clientId, double sampleRate, int bufferSize) = 0;
};

} // namespace wavecraft::detail
