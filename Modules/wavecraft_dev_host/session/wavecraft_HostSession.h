namespace wavecraft
{

/** A live session: one plugin running on an audio device, with its output
    analysed and optionally recorded: what a JUCE app creates to host a
    plugin live.

    The plugin is a DevPluginInstance (made by DevPluginFormat, in a worker
    process or in this one) that the engine's PluginPlayer plays; its
    parameters are served through ProcessorParameters. A VST3 or LV2 bundle
    runs the same way, as a dev library (FormatPluginLibrary); its binary
    inside the bundle is the file watched.

    A plugin that fails to load doesn't end the session: the status says why
    (phase failed) and the audio keeps running silent. The plugin file is
    watched, and a rebuilt library (fixed or changed) is loaded and swapped in
    without restarting audio as soon as it lands (a rename over the file, or
    the close of a write to it; see FileChangeWatcher); parameters keep the
    values they had where the new build still has them, and a VST3 or LV2
    gets the old build's own state (getStateInformation) before it plays.

    To use one: create it on the app's AudioDeviceManager (or with none, and
    it owns one), call start() with the plugin file and device options, and
    read getEngine(), getAnalyser() and getParameters(); it is a
    BrowserUiBackend, so a BrowserUiServer serves it to the browser UI.

    Every parameter change goes through setParameter(), whoever makes it (a
    page, a window, the app's code), and reaches every listener; a reload
    tells listeners parametersReplaced().

    @see AudioEngine, BrowserUiServer, BrowserUiBackend
*/
class HostSession : public ProcessorBackend,
                    private AudioEngine::Listener,
                    private juce::Timer,
                    private juce::AsyncUpdater
{
public:
    /** Where the plugin's code runs. */
    enum class PluginIsolation
    {
        /** In a child process the session supervises (IsolatedPluginInstance):
            a crash or a hang there can't end the app, and the status names
            it. The app's main() must let workers run (see PluginWorker);
            where it doesn't, the plugin runs in-process, and the log says so.
        */
        childProcess,
        inProcess /**< in this process: a crash in the plugin ends the app; to debug the plugin */
    };

    struct Options
    {
        juce::File plugin; /**< a dev library, or a VST3 or LV2 bundle (see FormatPluginLibrary) */
        PluginIsolation isolation = PluginIsolation::childProcess;
        AudioEngine::DeviceOptions device;
        juce::String inputSource; /**< an InputSource spec (e.g. "sine:440"); empty: the device's input */
        juce::File recordFile;    /**< empty: no recording */

        /** Each build (an isolated plugin's) gets the quick validation in the
            background when it lands; new problems are logged and in the
            report (BuildChecker).
        */
        bool checkEachBuild = true;
    };

    /** Told of parameter changes, reloads (parametersReplaced: a plugin was
        loaded, reloaded or failed) and audio status changes.
    */
    using Listener = BrowserUiBackend::Listener;

    /** A session with a device manager of its own. [message thread] */
    HostSession();

    /** A session on the app's device manager, which must outlive it. [message thread] */
    explicit HostSession (juce::AudioDeviceManager& deviceManager);
    /** Stops the session. [message thread] */
    ~HostSession() override;

    /** Starts audio and loads the plugin. Returns an error only for options
        that can never work (a bad input source, an unknown device, an
        unwritable recording), with the app's hint if it gave hints; plugin
        problems are reported in the status. [message thread]
    */
    [[nodiscard]] juce::Result start (const Options& options);

    /** The app's own hints for start()'s errors and the status's
        diagnostics, in its own terms (see DiagnosticHints); null for the
        module's. Must outlive the session, or be reset first.
        [message thread, before start()]
    */
    void setDiagnosticHints (const DiagnosticHints* hints);

    /** Stops audio and recording, and unloads the plugin: getParameters()
        and getLibrary() are null afterwards (listeners are not told; a
        server keeps the list it had). While the plugin hangs in process()
        in this process, this waits for it, as stopping the device does: an
        app that must end then exits without stopping (after
        AudioEngine::isAudioThreadStuck() says so, or a time limit), as the
        standalone app does.
        [message thread]
    */
    void stop();

    /** The engine on the app's device manager. [message thread] */
    AudioEngine& getEngine() noexcept { return engine; }

    /** The reader of the plugin's output: meters, scope, recording. [message thread] */
    OutputAnalyser& getAnalyser() noexcept { return analyser; }

    /** The running plugin's parameters, or null while no plugin runs. [any thread but the audio thread] */
    std::shared_ptr<ParameterStore> getParameters() const override;

    /** Sets a parameter of the running plugin and tells every listener. The
        value must fit the parameter's spec (ParameterSpec::checkValue).
        Returns false when the running plugin has no parameter with that id.
        [any thread but the audio thread]
    */
    [[nodiscard]] bool setParameter (const juce::String& id, float value, const void* origin) override;

    /** The analyser's meter frames. [any thread but the audio thread] */
    const MeterTap& getMeterTap() const override { return analyser.getMeterTap(); }

    /** [any thread but the audio thread] */
    bool getLatestScopeFrame (ScopeFrame& frame) const override { return analyser.getLatestScopeFrame (frame); }

    /** The engine's status. [message thread] */
    AudioStatus getAudioStatus() const override { return engine.getStatus(); }

    /** The running build's: where its audio-thread calls broke a real-time
        rule (an isolated plugin's; one in this process is not watched).
        [any thread but the audio thread]
    */
    PluginReport getPluginReport() const override;
    juce::uint64 getLateBlocks() const override { return engine.getCallback().getPlayer().getLateBlocks(); }

    /** Measures the running build's response at its values now, in a worker
        of its own (ResponseMeasurer), and answers once measured.
        [any thread]
    */
    void measureResponse (int points, ResponseReply reply) override;

    /** What measures the running build's response, or null in an app whose
        main() starts no plugin workers. [any thread]
    */
    ResponseMeasurer* getResponseMeasurer() const noexcept { return responseMeasurer.get(); }

    /** Hears the previous build (true) or the newest (false), cross-faded:
        after a rebuild the build it replaced stays loaded (in a worker of
        its own, for an isolated plugin), at the same values, until the next
        rebuild. False when there is no such build (no rebuild yet, or the
        newest failed to load), or while the plugin hangs in process().
        While the previous build is heard the status's plugin diagnostics
        name it; one that crashed or hung then is dropped once the newest is
        heard again (the newest's own crash, if it had one, is said again).
        [message thread]
    */
    bool hearPreviousBuild (bool previous);

    /** hearPreviousBuild() on the message thread, for a page: `role` is
        "current" or "previous". [any thread]
    */
    void selectBuild (const juce::String& role, SelectionReply reply) override;

    /** The newest build and, after a rebuild, the previous one. [any thread] */
    std::vector<LoadedBuild> getBuilds() const override;

    /** True while the previous build is heard. [message thread] */
    bool isPreviousBuildHeard() const noexcept { return previousBuild.isHeard(); }

    /** Level matching of the A/B (off by default): while on, the previous
        build is heard at the newest build's RMS over the last second each
        played (LevelMatcher). [message thread]
    */
    void setLevelMatching (bool shouldMatch) { levelMatcher.setEnabled (shouldMatch); }
    bool isLevelMatching() const noexcept { return levelMatcher.isEnabled(); }

    /** The gain that matches the previous build to the newest, in dB, once
        both played a second; nullopt before. [message thread]
    */
    std::optional<float> getLevelMatchDb() const { return levelMatcher.getMatchDb(); }

    /** Logs the page's audio client. [any thread] */
    void audioClientRegistered (const juce::String& clientId, double sampleRate, int bufferSize) override;

    /** Feeds the plugin from another InputSource spec (e.g. "sine:440",
        "file:/path/take.wav"; empty: the device's input), live. Returns an
        error for a spec that can't work, and then keeps the old source.
        [message thread]
    */
    [[nodiscard]] juce::Result setInputSource (const juce::String& spec);

    /** The input source's spec, as last set. [message thread] */
    const juce::String& getInputSource() const noexcept { return inputSourceSpec; }

    /** Takes a page's requestResize, e.g. a preview window. */
    class ResizeHandler
    {
    public:
        virtual ~ResizeHandler() = default;

        /** True when the request was taken (a window shows); the handler
            resizes on the message thread. [any thread; keep it short]
        */
        virtual bool resizeRequested (int width, int height) = 0;
    };

    /** Sets who answers requestResize; null: nobody (the answer is false).
        Waits for a request in progress, so the old handler may be destroyed
        afterwards. [any thread]
    */
    void setResizeHandler (ResizeHandler* handler);

    /** Hands the request to the resize handler. [any thread] */
    bool requestResize (int width, int height) override;

    /** The plugin file given to start(). [message thread] */
    const juce::File& getPluginFile() const noexcept { return pluginFile; }

    /** How many times the plugin was loaded again after its first load
        (each rebuild, or reloadPlugin()). [message thread]
    */
    int getNumReloads() const noexcept { return juce::jmax (0, numLoads - 1); }

    /** The running plugin's library, or null (also when the plugin runs in
        a child process). [message thread]
    */
    std::shared_ptr<PluginLibrary> getLibrary() const { return instance != nullptr ? instance->getLibrary() : nullptr; }

    /** The running plugin, or null; valid until the next load or stop().
        [message thread]
    */
    DevPluginInstance* getPluginInstance() const noexcept { return instance; }

    /** The running plugin (getPluginInstance()). [message thread] */
    juce::AudioProcessor* getServedProcessor() const override { return instance; }

    /** What the running plugin is, or nullopt while none runs. [message thread] */
    const std::optional<PluginInfo>& getPluginInfo() const noexcept { return pluginInfo; }

    /** The last load failure, if the plugin is not running. [message thread] */
    const std::optional<PluginLoadError>& getLoadError() const noexcept { return loadError; }

    /** Loads (or reloads) the plugin file now; false when the load failed
        (see getLoadError()), or while the running plugin hangs in process()
        (then the file is loaded once it returns). [message thread, after start()]
    */
    bool reloadPlugin();

    /** Loads the plugin file if a new build landed since the one playing
        was loaded (as the session's own watch would, for a build tool
        whose way of writing it no watch sees, e.g. a hard link); true when
        a new build was loaded. [message thread, after start()]
    */
    bool reloadPluginIfChanged();

    /** The file a new build of `plugin` replaces, which a session watches:
        the library itself, or a VST3's or LV2's binary in its bundle.
        [any thread]
    */
    static juce::File watchedFileOf (const juce::File& plugin);

    /** How often the plugin file is checked for a new build where the file
        system can't tell (see FileChangeWatcher); a build is then loaded once
        the file has stayed the same for one interval.
    */
    static constexpr int watchIntervalMs = 250;

    /** True when the plugin file's changes are notified (inotify on Linux),
        so a new build is loaded as soon as it lands. [message thread]
    */
    bool isWatchingPluginFile() const noexcept { return fileWatch != nullptr && fileWatch->isWatching(); }

private:
    /** What isolated plugins' threads tell the message thread: faults (from
        their supervisors) and new places in their real-time report; shared
        with the callbacks, which may outlive the session by a moment.
    */
    struct WorkerInbox
    {
        std::mutex lock;
        std::vector<std::pair<int, PluginFault>> faults; // with the load they are of
        std::vector<std::pair<int, RealtimeViolation>> violations;
        std::vector<BuildChecker::Result> buildChecks;
        juce::AsyncUpdater* owner = nullptr;
    };

    void tellParametersReplaced();
    void reportOn (DevPluginInstance* reported);
    [[nodiscard]] std::unique_ptr<DevPluginInstance> loadPlugin (PluginLoadError& error);
    void handleAsyncUpdate() override;
    void timerCallback() override;
    void pluginFileChanged();
    void watchBuildFile();
    void followBuildFile();
    void showLoadFailure (const PluginLoadError& error);
    void carryValuesOver (ProcessorParameters& next) const;
    void carryPluginStateOver (DevPluginInstance& next) const;
    std::unique_ptr<ProcessorParameters> serve (std::unique_ptr<ProcessorParameters> next); // returns the replaced
    void initialise();
    void updateBuilds();
    void keepReplacedBuild (juce::AudioProcessor* build, std::unique_ptr<ProcessorParameters> parameters,
                            std::unique_ptr<juce::AudioProcessor> replaced);
    void newestBuildFailed (const PluginFault& fault);
    void previousBuildFailed (const PluginFault& fault);
    void describeStatusAsOf (bool previousHeard);
    void leaveHungNewestBuild (const Diagnostic& hang);
    bool canKeepNewestBuild() const;
    void startBackgroundWorkOnBuild(); // the newest build's check and measurement
    void forgetBuildFaults();
    void dropPreviousBuild();
    void forgetPreviousBuild(); // the build, whether it is heard, and what either build did wrong
    void processorChangedParameter (const juce::String& id, float value);
    void audioStatusChanged (const AudioStatus& status) override;
    juce::String describeStartError (const juce::String& message, Diagnostic::Subject subject, const char* field,
                                     const juce::String& value) const;

    std::unique_ptr<juce::AudioDeviceManager> ownDeviceManager; // only without the app's
    const DiagnosticHints* hints = nullptr;
    AudioEngine engine;
    OutputAnalyser analyser { engine.getCallback().getOutputTap(), &engine.getCallback().getInputTap() };
    juce::File pluginFile;
    juce::File buildFile; // what a new build replaces: the library, or a bundle's binary
    PluginIsolation isolation = PluginIsolation::childProcess;
    std::shared_ptr<WorkerInbox> workerInbox = std::make_shared<WorkerInbox>();
    FileStamp loadedStamp, pendingStamp;
    // Held while a parameter is set, so the processor a setter reaches
    // outlives the call: setParameter comes from any thread. Recursive: a
    // parameter's own listener may set another.
    juce::CriticalSection parametersLock;
    std::unique_ptr<ProcessorParameters> served;
    std::shared_ptr<ParameterStore> lastGoodParameters;
    DevPluginInstance* instance = nullptr; // owned by the engine's player
    std::optional<PluginInfo> pluginInfo;
    std::optional<PluginLoadError> loadError;
    std::unique_ptr<FileChangeWatcher> fileWatch;
    std::unique_ptr<BuildChecker> buildChecker; // null: builds are not checked
    // Lives as long as the session, for a server's thread that asks.
    const std::unique_ptr<ResponseMeasurer> responseMeasurer = PluginWorker::canRunWorkers()
        ? std::make_unique<ResponseMeasurer> (IsolatedPluginInstance::Options {}, nullptr)
        : nullptr;
    juce::String inputSourceSpec;
    int numLoads = 0;
    bool toldOfHang = false;
    bool buildFileMoved = false;                   // a load found the build file elsewhere: watched from the next message on
    std::mutex resizeLock;                         // requestResize comes from the server's thread
    mutable std::mutex reportLock;                 // getPluginReport comes from the server's thread, and the instance goes on the message thread
    DevPluginInstance* reportedInstance = nullptr; // [reportLock]
    int reportedBuild = 0;                         // [reportLock]
    BuildCheckSummary buildCheck;                  // [reportLock] the newest build's background check
    ResizeHandler* resizeHandler = nullptr;

    PreviousBuild previousBuild; // [parametersLock] where setParameter reaches it; otherwise the message thread's
    LevelMatcher levelMatcher { analyser.getMeterTap(), engine.getCallback().getOutputGain() };
    LoadedBuild currentRecord; // the newest build: [message thread]
    // Each build's crash, which the status says while that build is heard: [message thread]
    std::optional<Diagnostic> newestBuildFault, previousBuildFault;
    mutable std::mutex buildsLock;   // getBuilds comes from the server's thread
    std::vector<LoadedBuild> builds; // [buildsLock]
    juce::WeakReference<HostSession> weakThis;

    JUCE_DECLARE_WEAK_REFERENCEABLE (HostSession)
    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (HostSession)
};

} // namespace wavecraft
