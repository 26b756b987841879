namespace wavecraft
{

/** The project's UI dev server (`npm run dev`, Vite in a project made by
    `wavecraft create`), run as upstream's `wavecraft start` runs it, in a
    process group of its own, and told where the host's WebSocket server
    is (`VITE_WS_URL`), which upstream leaves out, so a UI on another port
    than the default still finds the host.

    It says when the server answers, and when it ends by itself: the host
    keeps running without it.
*/
class UiDevServer : private juce::Timer
{
public:
    struct Options
    {
        juce::File uiFolder;
        int port = defaultPort;
        juce::String webSocketUrl; /**< e.g. ws://127.0.0.1:9000, as VITE_WS_URL */
    };

    static constexpr int defaultPort = 5173;

    UiDevServer();

    /** Ends the server's whole group. [message thread] */
    ~UiDevServer() override;

    /** Once it answers on its port. [message thread] */
    std::function<void()> onReady;

    /** When it ended by itself, with its exit code and the last lines it wrote. [message thread] */
    std::function<void (int exitCode, const juce::String& lastLines)> onExit;

    /** Each line it writes. [the reading thread] */
    std::function<void (const juce::String& line)> onLine;

    /** Starts it; false with `error` when npm can't be run. [message thread] */
    [[nodiscard]] bool start (const Options& options, juce::String& error);

    /** Ends it and all it started. [message thread] */
    void stop();

    /** http://localhost:PORT/ [any thread] */
    juce::String getUrl() const { return "http://localhost:" + juce::String (port) + "/"; }

    /** Empty when something may listen on `port` here, else why not, naming `what` it was meant for. [any thread] */
    static juce::String checkPortFree (int port, const juce::String& what);

    /** True while something answers on localhost:`port`. [any thread] */
    static bool answersOn (int port);

private:
    void timerCallback() override;

    std::unique_ptr<ProcessGroup> process;
    int port = defaultPort;
    bool ready = false, stopping = false;
    std::shared_ptr<std::atomic<int>> exitCode = std::make_shared<std::atomic<int>> (-1);
    std::mutex linesLock;
    juce::StringArray lastLines; // [linesLock]

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (UiDevServer)
};

} // namespace wavecraft
