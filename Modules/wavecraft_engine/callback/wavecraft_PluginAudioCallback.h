namespace wavecraft
{

/** The audio device callback that runs a plugin on live audio.

    Each block: take the input (the device's first two input channels, or an
    InputSource), hand the plugin its parameter values and two channels to
    process in place, write the result to the outputs, and send its levels
    (one MeterFrame per block) and its samples (an AudioFifo) off the audio
    thread for meters, the scope and the recorder.

    The audio thread never allocates, locks, logs or makes a system call here:
    buffers are sized in prepare(), the plugin and input source are swapped
    under a spin lock that the audio thread only ever try-locks, and everything
    it reports goes out through atomics and lock-free queues.
*/
class PluginAudioCallback : public juce::AudioIODeviceCallback
{
public:
    PluginAudioCallback();
    ~PluginAudioCallback() override;

    //==============================================================================
    /** Prepares `plugin` for the current sample rate and swaps it in at the next
        block boundary. Null stops processing (silence out).

        When one plugin replaces another (a rebuild), both run for
        getCrossfadeSamples() and the output fades from the old to the new,
        so the swap makes no click; the old one then comes back through
        collectFadedOutPlugin(). Otherwise the previous plugin is returned
        here (and a fade still running is cut short, its old plugin
        returned). Whatever is returned is destroyed by the caller, off the
        audio thread. [message thread]
    */
    std::unique_ptr<LoadedPlugin> setPlugin (std::unique_ptr<LoadedPlugin> plugin);

    /** The plugin a finished cross-fade left behind, or null (also while
        the audio thread is in a block): call it now and then (the engine's
        watchdog does) to destroy it off the audio thread. Never waits.
        [message thread]
    */
    std::unique_ptr<LoadedPlugin> collectFadedOutPlugin();

    /** How long a swap cross-fades, in samples (0: swaps at once). [any thread] */
    void setCrossfadeSamples (int numSamples) noexcept { crossfadeSamples.store (juce::jmax (0, numSamples)); }

    /** [any thread] */
    int getCrossfadeSamples() const noexcept { return crossfadeSamples.load(); }

    /** 5 ms at 48 kHz. */
    static constexpr int defaultCrossfadeSamples = 240;

    /** Swaps in an input source; null means the device's input. Returns the
        previous source. On a device an AudioEngine runs, use
        AudioEngine::setInputSource, which also keeps the status right.
        [message thread]
    */
    std::unique_ptr<InputSource> setInputSource (std::unique_ptr<InputSource> source);

    /** Passes the input straight to the output, the plugin left out, from
        the next block on; the meters, scope and recording then show the
        input. [any thread]
    */
    void setBypassed (bool shouldBypass) noexcept { bypassed.store (shouldBypass); }

    /** [any thread] */
    bool isBypassed() const noexcept { return bypassed.load(); }

    /** Sizes the buffers and prepares the plugin and source for a stream.
        Called by audioDeviceAboutToStart; call it yourself to drive
        processBlock() without a device. [not the audio thread]
    */
    void prepare (double sampleRate, int maximumBlockSize);

    /** One block, exactly as the device callback does it. [audio thread] */
    void processBlock (const float* const* inputs, int numInputs,
                       float* const* outputs, int numOutputs, int numSamples) noexcept;

    //==============================================================================
    /** The one reader's hold on what the callback sends off the audio
        thread: one MeterFrame per processed block, and the output samples.
        Both are single-reader queues, where a second reader would silently
        take frames from the first, so only one claim exists at a time. A
        HostSession's OutputAnalyser holds it; read meters from its MeterTap,
        which has room for any number of readers.
    */
    class OutputClaim
    {
    public:
        /** Gives the outputs back. [the reader's thread] */
        ~OutputClaim();

        /** [the reader's thread] */
        LockFreeQueue<MeterFrame>& getMeterQueue() noexcept { return owner.meterQueue; }

        /** [the reader's thread] */
        AudioFifo& getOutputFifo() noexcept { return owner.outputFifo; }

    private:
        friend class PluginAudioCallback;
        explicit OutputClaim (PluginAudioCallback& callback)
            : owner (callback)
        {}

        PluginAudioCallback& owner;

        JUCE_DECLARE_NON_COPYABLE (OutputClaim)
    };

    /** Claims the outputs for one reader; null (and an assertion) while
        another claim is held. The claim must not outlive the callback.
        [any thread but the audio thread]
    */
    std::unique_ptr<OutputClaim> claimOutputs();

    /** What the callback has seen so far. [any thread] */
    struct Counters
    {
        juce::uint64 callbacks = 0;
        juce::uint64 processedBlocks = 0;
        juce::uint64 skippedBlocks = 0; /**< a swap was in progress: the block was silent */
        juce::uint64 lateBlocks = 0;    /**< silent because the plugin's answer was late (an isolated plugin) */
        juce::uint64 droppedMeterFrames = 0;
        juce::uint64 droppedOutputSamples = 0;
        int mostInputChannels = 0;        /**< above 2: only the first two are used */
        juce::uint64 busyNanos = 0;       /**< time spent in callbacks */
        juce::uint64 processedFrames = 0; /**< frames the callbacks were handed */

        /** The time the callbacks took over the time their blocks lasted,
            between `earlier` and these counters: the audio thread's CPU load.
        */
        float cpuLoadSince (const Counters& earlier, double sampleRate) const noexcept;
    };

    Counters getCounters() const noexcept;

    double getSampleRate() const noexcept { return sampleRate.load(); }
    int getBlockSize() const noexcept { return blockSize.load(); }

    /** How long the audio thread has been inside the plugin's process() in
        this call, or 0 while it isn't in there. A plugin that stays in far
        longer than a block lasts hangs. [any thread]
    */
    juce::int64 getMicrosInPlugin() const noexcept;

    /** True while the audio thread itself is in the plugin's process() call
        (a plugin in this process), as opposed to an isolated plugin that owes
        an answer while the callbacks go on. [any thread]
    */
    bool isAudioThreadInPlugin() const noexcept
    {
        const auto started = pluginCallStartedNanos.load (std::memory_order_relaxed);
        return started != 0 && lastCallbackNanos.load (std::memory_order_relaxed) < started;
    }

    /** Ends the current plugin's code while it hangs, where its instance can
        (PluginInstance::stopWhileHung); false where not, or with no plugin.
        [message thread]
    */
    bool stopHungPlugin();

    /** Blocks whose output held a NaN or an infinity: each went out (to the
        device, meters, scope and recording) as silence, and the plugin was
        reset after it.
    */
    struct NonFiniteOutput
    {
        juce::uint64 blocks = 0;     /**< how many since the plugin was set */
        juce::uint64 firstBlock = 0; /**< the first of them, counted in processed blocks (0 is the first) */
        int firstChannels = 0;       /**< in that block: bit 0 left, bit 1 right */
    };

    /** [any thread] */
    NonFiniteOutput getNonFiniteOutput() const noexcept;

    /** Microseconds (monotonic) of the last callback, or 0. [any thread] */
    juce::int64 getLastCallbackMicros() const noexcept { return lastCallbackNanos.load() / 1000; }

    //==============================================================================
    void audioDeviceIOCallbackWithContext (const float* const* inputChannelData, int numInputChannels,
                                           float* const* outputChannelData, int numOutputChannels,
                                           int numSamples, const juce::AudioIODeviceCallbackContext&) override;
    void audioDeviceAboutToStart (juce::AudioIODevice* device) override;
    void audioDeviceStopped() override;

    /** The share of a callback's length an isolated plugin has to answer in. */
    static constexpr double isolatedAnswerBudget = 0.9;

    static constexpr int meterQueueCapacity = 4096;
    static constexpr int outputFifoCapacity = 1 << 17; // ~2.7 s at 48 kHz

private:
    void processChunk (const float* const* inputs, int numInputs, float* const* outputs,
                       int numOutputs, int offset, int numSamples, juce::int64 timestampNanos) noexcept;
    void fillWithInput (float* const* work, const float* const* inputs, int numInputs, int offset, int numSamples) noexcept;
    void runPlugin (float* const* work, int numSamples, juce::int64 timestampNanos) noexcept;
    void publishOutput (float* const* work, int numSamples, juce::int64 timestampNanos) noexcept;
    void silenceNonFiniteBlock (float* const* work, int numSamples, int badChannels) noexcept;
    void crossfadeFromOldPlugin (float* const* work, int numSamples) noexcept;

    juce::SpinLock swapLock;                         // the audio thread only try-locks it
    std::unique_ptr<LoadedPlugin> plugin, fadingOut; // fadingOut: the old build, for the length of a fade
    int fadePosition = 0, fadeLength = 0;            // touched under swapLock
    juce::int64 answerByNanos = 0;                   // [audio thread] this callback's deadline for an isolated plugin
    double answerNanosPerSample = 0.0;               // set in prepare(), under swapLock
    std::atomic<int> crossfadeSamples { defaultCrossfadeSamples };
    std::unique_ptr<InputSource> inputSource;

    juce::AudioBuffer<float> scratch, fadeScratch;
    LockFreeQueue<MeterFrame> meterQueue { meterQueueCapacity };
    AudioFifo outputFifo { outputFifoCapacity };

    std::atomic<double> sampleRate { 0.0 };
    std::atomic<int> blockSize { 0 };
    std::atomic<juce::uint64> callbacks { 0 }, processedBlocks { 0 }, skippedBlocks { 0 }, lateBlocks { 0 };
    std::atomic<int> mostInputChannels { 0 };
    std::atomic<bool> bypassed { false }, outputsClaimed { false };
    std::atomic<juce::uint64> busyNanos { 0 }, processedFrames { 0 };
    std::atomic<juce::int64> lastCallbackNanos { 0 }, pluginCallStartedNanos { 0 };
    std::atomic<juce::uint64> nonFiniteBlocks { 0 }, firstNonFinite { 0 }; // firstNonFinite: block << 2 | channels

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginAudioCallback)
};

} // namespace wavecraft
