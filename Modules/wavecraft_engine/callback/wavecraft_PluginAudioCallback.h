namespace wavecraft
{

/** The audio device callback that plays a plugin on live audio: the device
    side of the flow device → player → processor → output tap → readers.

    Each block: take the input (the device's first two input channels, or an
    InputSource), let the PluginPlayer play its processor on two channels,
    publish the result to the OutputTap (meters, scope, recorder), and write
    it to the device's outputs. It also counts what the device did: the
    callbacks, their length and the time they took.

    The audio thread never allocates, locks, logs or makes a system call here:
    buffers are sized in prepare(), the input source is swapped under a spin
    lock the audio thread only try-locks, and the counters are atomics.

    @see PluginPlayer, OutputTap, AudioEngine
*/
class PluginAudioCallback : public juce::AudioIODeviceCallback
{
public:
    PluginAudioCallback();
    ~PluginAudioCallback() override;

    /** What plays the processor: swap it, bypass it, judge its health. */
    PluginPlayer& getPlayer() noexcept { return player; }
    const PluginPlayer& getPlayer() const noexcept { return player; }

    /** Where the output leaves the audio thread: claim it to read it. */
    OutputTap& getOutputTap() noexcept { return tap; }

    /** Where the plugin's input leaves the audio thread, while
        setInputTapped (true): for a spectrum of the input beside the
        output's. [any thread]
    */
    OutputTap& getInputTap() noexcept { return inputTap; }

    /** Publishes each block's input to getInputTap() (off by default: a
        copy per block that only a view of the input needs). [any thread]
    */
    void setInputTapped (bool shouldPublish) noexcept { inputTapped.store (shouldPublish, std::memory_order_relaxed); }

    /** A gain on the output, after the plugin and before the tap (1 unless
        set: the level matching of an A/B of builds). [any thread]
    */
    GainRamp& getOutputGain() noexcept { return outputGain; }

    /** Swaps in an input source; null means the device's input. Returns the
        previous source. On a device an AudioEngine runs, use
        AudioEngine::setInputSource, which also keeps the status right.
        [message thread]
    */
    std::unique_ptr<InputSource> setInputSource (std::unique_ptr<InputSource> source);

    /** Sizes the buffers and prepares the player and source for a stream.
        Called by audioDeviceAboutToStart; call it yourself to drive
        processBlock() without a device. [not the audio thread]
    */
    void prepare (double sampleRate, int maximumBlockSize);

    /** One block, exactly as the device callback does it. [audio thread] */
    void processBlock (const float* const* inputs, int numInputs,
                       float* const* outputs, int numOutputs, int numSamples) noexcept;

    /** What the callback and its player and tap have seen so far. [any thread] */
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

    double getSampleRate() const noexcept { return player.getSampleRate(); }
    int getBlockSize() const noexcept { return player.getBlockSize(); }

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

private:
    void processChunk (const float* const* inputs, int numInputs, float* const* outputs,
                       int numOutputs, int offset, int numSamples, juce::int64 startedNanos, juce::int64 answerByNanos) noexcept;
    void fillWithInput (float* const* work, const float* const* inputs, int numInputs, int offset, int numSamples) noexcept;

    PluginPlayer player;
    GainRamp outputGain;
    OutputTap tap, inputTap;
    std::atomic<bool> inputTapped { false };
    juce::SpinLock sourceLock; // the audio thread only try-locks it
    std::unique_ptr<InputSource> inputSource;
    juce::AudioBuffer<float> scratch;
    double answerNanosPerSample = 0.0; // set in prepare(), under sourceLock

    std::atomic<juce::uint64> callbacks { 0 }, skippedBlocks { 0 };
    std::atomic<int> mostInputChannels { 0 };
    std::atomic<juce::uint64> busyNanos { 0 }, processedFrames { 0 };
    std::atomic<juce::int64> lastCallbackNanos { 0 };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginAudioCallback)
};

} // namespace wavecraft
