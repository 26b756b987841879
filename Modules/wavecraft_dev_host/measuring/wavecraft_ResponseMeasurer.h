namespace wavecraft
{

/** Measures the running build's response (ResponseMeasurement) in the
    background: on an instance of its own, in a worker of its own at the
    lowest normal priority, never the instance that is heard, so the live
    audio neither waits for it nor hears it.

    Each build is copied as it is handed over (BuildSnapshot) and loaded
    once; every measurement resets it and plays it the run at the values
    the build's ParameterStore holds then. A change of values, of build or of
    sample rate makes the newest measurement stale: while measuring
    continuously (a window shows the response) the next one starts at once,
    one after the other however fast the changes come; otherwise only a
    request does. The last measurement of the build before the newest is
    kept, to draw behind it.

    @see ResponseMeasurement, HostSession
*/
class ResponseMeasurer : private juce::Thread
{
public:
    /** What a request gets: the measurement, or why there is none. */
    struct Answer
    {
        std::shared_ptr<const FrequencyResponse> response;
        juce::String error; /**< empty when there is a response */
    };

    /** Answers a request. [the measurer's thread, or the requester's when it is answered at once] */
    using Reply = std::function<void (const Answer&)>;

    /** Told of each new measurement. [the measurer's thread: keep it short] */
    using Callback = std::function<void (std::shared_ptr<const FrequencyResponse>)>;

    ResponseMeasurer (IsolatedPluginInstance::Options workerOptions, Callback onMeasured);

    /** Ends a measurement in progress after its current chunk of 16 blocks. */
    ~ResponseMeasurer() override;

    /** Measures `plugin` (copied now) as build `build` from now on, at the
        values `values` holds, at `sampleRate`. [one thread at a time: the session's message thread]
    */
    void setBuild (const juce::File& plugin, int build, std::shared_ptr<ParameterStore> values, double sampleRate);

    /** Measures nothing from now on and ends the worker; a request is told
        there is no plugin. [one thread at a time: the session's message thread]
    */
    void clearBuild();

    /** Measures at another sample rate from now on. [any thread] */
    void setSampleRate (double sampleRate);

    /** A value of the build's changed: the newest measurement is stale.
        Returns the change's stamp: a FrequencyResponse with a valuesStamp at
        least this was measured after it. [any thread]
    */
    juce::uint64 valuesChanged();

    /** True: one more watcher (a view that shows the response), false: one
        fewer. While any watch, every change is measured as it comes;
        otherwise only requests are. [any thread]
    */
    void setContinuous (bool shouldMeasureEveryChange);

    /** Asks for the response at the values now: `reply` gets the first
        measurement made at them or later (at once when the newest is), or
        why there is none. [any thread]
    */
    void request (Reply reply);

    /** The newest measurement, or null. [any thread] */
    std::shared_ptr<const FrequencyResponse> getLatest() const;

    /** The newest measurement of the build before the newest's, or null. [any thread] */
    std::shared_ptr<const FrequencyResponse> getPreviousBuilds() const;

    /** True while a build is handed over (between setBuild() and clearBuild()). [any thread] */
    bool hasBuild() const;

    /** Why the newest measurement failed, or empty when it didn't. [any thread] */
    juce::String getLastError() const;

    /** Frames per block the measured instance is played in. */
    static constexpr int blockSize = 512;

private:
    /** What the thread measures next. */
    struct Job
    {
        std::shared_ptr<BuildSnapshot> copy;
        std::shared_ptr<ParameterStore> values;
        int build = 0;
        double sampleRate = 0.0;
        juce::uint64 stamp = 0;
    };

    void run() override;
    bool takeJob (Job& job);
    void measure (const Job& job);
    juce::Result loadBuild (const Job& job);
    void publish (const Job& job, std::shared_ptr<const FrequencyResponse> response);
    bool isStale (const Job& job) const;
    void fail (juce::uint64 stamp, const juce::String& error);
    std::vector<Reply> takeWaiting (juce::uint64 measured); // [lock]
    bool isCurrent (juce::uint64 stampNow) const;

    IsolatedPluginInstance::Options workerOptions;
    Callback onMeasured;

    mutable std::mutex lock; // between any thread and the measurer's; never held while measuring
    std::shared_ptr<BuildSnapshot> copy;
    std::shared_ptr<ParameterStore> values;
    int build = 0;
    double sampleRate = 48000.0;
    juce::uint64 stamp = 1;       // each change of what would be measured counts it up
    juce::uint64 failedStamp = 0; // a failed measurement isn't tried again until the next change
    juce::String loadError;       // the build handed over couldn't be copied
    juce::String lastError;       // the newest measurement's failure
    int watchers = 0;
    std::vector<std::pair<juce::uint64, Reply>> waiting;
    std::shared_ptr<const FrequencyResponse> latest, previousBuilds;

    // The measurer's thread only.
    std::unique_ptr<PluginUnderTest> plugin;
    int loadedBuild = 0;
    std::unique_ptr<ResponseMeasurement> measurement;

    JUCE_DECLARE_NON_COPYABLE (ResponseMeasurer)
};

} // namespace wavecraft
