namespace wavecraft
{

/** Plays one juce::AudioProcessor (a dev library's DevPluginInstance, any
    JUCE processor, a hosted plugin) on two channels, block by block, and
    keeps what its health needs to be judged by: how long the audio thread
    has been inside it, its late blocks, and the blocks whose output was NaN
    or Inf.

    - Swaps: setProcessor() prepares the new processor off the audio thread
      and swaps it in at a block boundary. When one replaces another (a
      rebuild, another file), both run for getCrossfadeSamples() and the
      output fades from the old to the new, so the swap makes no click.
    - Bypass: the input goes out as it came, the processor left out.
    - NaN and Inf: the block goes out as silence and the processor is reset
      (its state likely holds the NaN); the first such block is noted.
    - A processor whose code runs in a worker (SupervisedProcessing) is told
      each block's deadline, and its late blocks are counted.

    The audio thread never allocates, locks, logs or makes a system call here:
    processors are swapped under a spin lock the audio thread only try-locks,
    and everything it reports goes out through atomics.

    @see PluginAudioCallback, OutputTap, PluginHealth
*/
class PluginPlayer
{
public:
    PluginPlayer();
    ~PluginPlayer();

    //==============================================================================
    /** Prepares `processor` for the current stream and swaps it in at the
        next block boundary; null plays silence. Returns the processor it
        replaced, unless that one fades out (collectFadedOutProcessor()
        hands it back then); a fade still running is cut short, and its old
        processor returned. Destroy what comes back off the audio thread.
        [any thread but the audio thread, one at a time: the message thread
        where a watchdog calls stopHungPlugin()]
    */
    std::unique_ptr<juce::AudioProcessor> setProcessor (std::unique_ptr<juce::AudioProcessor> processor);

    /** The processor a finished cross-fade left behind, or null (also while
        the audio thread is in a block). Never waits. [the thread that sets processors]
    */
    std::unique_ptr<juce::AudioProcessor> collectFadedOutProcessor();

    /** How long a swap cross-fades, in samples (0: swaps at once). [any thread] */
    void setCrossfadeSamples (int numSamples) noexcept { crossfadeSamples.store (juce::jmax (0, numSamples)); }

    /** [any thread] */
    int getCrossfadeSamples() const noexcept { return crossfadeSamples.load(); }

    /** 5 ms at 48 kHz. */
    static constexpr int defaultCrossfadeSamples = 240;

    /** From the next block on, passes the input straight out. [any thread] */
    void setBypassed (bool shouldBypass) noexcept { bypassed.store (shouldBypass); }

    /** [any thread] */
    bool isBypassed() const noexcept { return bypassed.load(); }

    /** Prepares the processors for a stream. [not the audio thread, never while a block plays] */
    void prepare (double sampleRate, int maximumBlockSize);

    //==============================================================================
    /** Plays a block of two channels in place. `startedNanos` is when the
        block's callback started, `answerByNanos` when a processor in a
        worker must have answered. False when a swap held the processors:
        the channels are then silent. [audio thread]
    */
    bool play (float* const* channels, int numSamples, juce::int64 startedNanos, juce::int64 answerByNanos) noexcept;

    /** The block just played held NaN or Inf on `badChannels` (bit 0 left,
        bit 1 right), as OutputTap::publish found: silences it, resets the
        processors and notes it. [audio thread]
    */
    void silenceNonFinite (float* const* channels, int numSamples, int badChannels) noexcept;

    //==============================================================================
    /** Blocks the processor played (an owed answer excluded), and those that
        went out silent because its answer was late. [any thread]
    */
    juce::uint64 getProcessedBlocks() const noexcept { return processedBlocks.load(); }
    juce::uint64 getLateBlocks() const noexcept { return lateBlocks.load(); }

    /** When the processor set last was first heard: the start of the first
        block it answered (getMonotonicNanos), or 0 while it hasn't. What a
        reload is timed by, to the new build's first block. [any thread]
    */
    juce::int64 getFirstHeardNanos() const noexcept { return firstHeardNanos.load(); }

    /** How long the processor has owed the current block's output: the
        audio thread inside it, or a worker that has not answered. 0 while
        nothing is owed. [any thread]
    */
    juce::int64 getMicrosInPlugin() const noexcept;

    /** True while the audio thread itself is in the processor (its code runs
        in this process), as opposed to a worker that owes an answer while
        the blocks go on. [any thread]
    */
    bool isAudioThreadInPlugin() const noexcept
    {
        const auto started = pluginCallStartedNanos.load (std::memory_order_relaxed);
        return started != 0 && lastPlayedNanos.load (std::memory_order_relaxed) < started;
    }

    /** Ends the processor's code while it hangs, where it runs in a worker
        (SupervisedProcessing::stopWhileHung); false otherwise. [message thread]
    */
    bool stopHungPlugin();

    /** The call into the processor's code it is in, where a worker runs it
        and says (SupervisedProcessing::getCallInProgress); else null.
        [message thread]
    */
    const char* getSupervisedCallInProgress() const noexcept;

    /** Blocks whose output held a NaN or an infinity, since the processor was set. */
    struct NonFiniteOutput
    {
        juce::uint64 blocks = 0;     /**< how many */
        juce::uint64 firstBlock = 0; /**< the first of them, counted in processed blocks (0 is the first) */
        int firstChannels = 0;       /**< in that block: bit 0 left, bit 1 right */
    };

    /** [any thread] */
    NonFiniteOutput getNonFiniteOutput() const noexcept;

    /** [any thread] */
    double getSampleRate() const noexcept { return sampleRate.load(); }
    int getBlockSize() const noexcept { return blockSize.load(); }

private:
    /** A processor, and its supervision when its code runs in a worker. */
    struct Slot
    {
        std::unique_ptr<juce::AudioProcessor> processor;
        SupervisedProcessing* supervision = nullptr;
    };

    SupervisedProcessing::BlockResult run (Slot& slot, float* const* channels, int numSamples, juce::int64 answerByNanos) noexcept;
    void crossfadeFromOld (float* const* channels, int numSamples, juce::int64 answerByNanos) noexcept;
    void countBlock (SupervisedProcessing::BlockResult result) noexcept;
    static void prepareProcessor (juce::AudioProcessor& processor, double sampleRate, int maximumBlockSize);

    juce::SpinLock swapLock;              // the audio thread only try-locks it
    Slot current, fadingOut;              // fadingOut: the old build, for the length of a fade
    int fadePosition = 0, fadeLength = 0; // touched under swapLock
    std::atomic<int> crossfadeSamples { defaultCrossfadeSamples };
    juce::AudioBuffer<float> view, fadeScratch; // view: refers to the block's channels, never allocates
    juce::MidiBuffer midi;

    std::atomic<double> sampleRate { 0.0 };
    std::atomic<int> blockSize { 0 };
    std::atomic<bool> bypassed { false };
    std::atomic<juce::uint64> processedBlocks { 0 }, lateBlocks { 0 };
    std::atomic<juce::int64> lastPlayedNanos { 0 }, pluginCallStartedNanos { 0 }, firstHeardNanos { 0 };
    std::atomic<juce::uint64> nonFiniteBlocks { 0 }, firstNonFinite { 0 }; // firstNonFinite: block << 2 | channels

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginPlayer)
};

} // namespace wavecraft
