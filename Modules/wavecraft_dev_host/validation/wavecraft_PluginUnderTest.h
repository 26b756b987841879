namespace wavecraft
{

/** One validation check's plugin: a worker of its own (an
    IsolatedPluginInstance), driven offline, so a crash or hang there fails
    that check alone. Each block waits up to hangSeconds for its answer.

    [the validating thread]
    @see PluginValidator
*/
class PluginUnderTest
{
public:
    /** What a worker's monitor found, told when the worker ends. */
    struct Findings
    {
        std::vector<RealtimeViolation> violations;
        bool watched = false;       /**< the monitor watched at all */
        double secondsPlayed = 0.0; /**< the audio it watched */
    };

    using FindingsCallback = std::function<void (const Findings&)>;

    /** Loads `file` in a new worker; null and `error` (the load's message and hint) on failure. */
    static std::unique_ptr<PluginUnderTest> load (const juce::File& file, const IsolatedPluginInstance::Options& options,
                                                  FindingsCallback onEnd, juce::String& error);

    /** Tells onEnd what the monitor found, and ends the worker. */
    ~PluginUnderTest();

    const PluginInfo& getInfo() const noexcept { return instance->getInfo(); }

    /** Every parameter at its default, in the specs' order. */
    std::vector<float> getDefaultValues() const;

    /** set_sample_rate, then reset, before the next block. */
    void prepare (double sampleRate);

    /** reset, before the next block. */
    void reset();

    /** Chooses each block's length and values: called before each block with
        the frame it starts at; returns its length (at most the frames left).
    */
    using BlockPlan = std::function<int (int startFrame, std::vector<float>& values)>;

    /** Processes `audio` in place, block by block as `plan` says, and adds
        each block's round trip to `blockNanos` when given. Fails naming a
        crash or a hang (which ends the worker).
    */
    juce::Result process (juce::AudioBuffer<float>& audio, const BlockPlan& plan, std::vector<juce::int64>* blockNanos = nullptr);

    /** process() in blocks of `blockSize`, every parameter at `values`. */
    juce::Result process (juce::AudioBuffer<float>& audio, int blockSize, const std::vector<float>& values);

    /** Drops the processor and creates another in the worker (see
        IsolatedPluginInstance::recreateProcessor); empty and `error` when
        that failed.
    */
    std::optional<IsolatedPluginInstance::WorkerFootprint> recreate (juce::String& error);

    /** Where the plugin broke a real-time rule or its buffers so far. */
    std::vector<RealtimeViolation> readViolations();

    /** Whether the worker's monitor watches anything here. */
    bool isWatched() const { return instance->watchesRealtimeRules(); }

    /** How long a block may take before the plugin is said to hang. */
    static constexpr double hangSeconds = 2.0;

private:
    PluginUnderTest() = default;
    juce::Result describeEnd (const juce::String& fallback);

    std::unique_ptr<IsolatedPluginInstance> instance;
    std::mutex faultLock;
    juce::String fault; // the worker's end, told by its supervisor
    juce::File file;
    FindingsCallback onEnd;
    double sampleRate = 48000.0, secondsPlayed = 0.0;

    JUCE_DECLARE_NON_COPYABLE (PluginUnderTest)
};

} // namespace wavecraft
