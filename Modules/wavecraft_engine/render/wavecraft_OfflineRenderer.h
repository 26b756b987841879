namespace wavecraft
{

/** Processes an audio file through any juce::AudioProcessor (a dev
    library's DevPluginInstance, a hosted plugin) as fast as it can, writing a
    file of exactly the input's length, sample rate, channel count and sample
    format.

    Mono input is duplicated to both of the processor's channels and the left
    one is kept. Integer samples are converted exactly (a sample survives a gain of
    1 bit for bit) and rounded to nearest on the way out; float files stay float.

    The samples go to a hidden sibling of the output (getPartialFile()) that is
    renamed over the output only once it is complete, so a render that fails,
    is stopped or is killed never leaves a short file at the output path that
    a reader would take for the whole render; a file already there stays as it
    was until then.

    To use one: create the processor (DevPluginFormat::createInstance), set
    its parameters, and call render() on any thread but the audio thread; it
    takes a processor of its own, not one a device is running.

    @see DevPluginFormat, PluginPlayer
*/
class OfflineRenderer
{
public:
    struct Options
    {
        juce::File input;
        juce::File output;
        int blockSize = 512;

        /** Read between blocks when set: once true, the render stops, deletes
            its partial file and returns with `stopped` set. May be written
            from any thread or a signal handler.
        */
        const std::atomic<bool>* shouldStop = nullptr;

        /** A processor whose plugin runs elsewhere (SupervisedProcessing, e.g.
            in a worker process) that takes longer than this over one block
            hangs: the render stops there.
        */
        double hangSeconds = 10.0;

        /** Set, when given, to the first frame of each block before it is
            processed: where a crash or a hang in the plugin happened, for
            whoever watches (any thread, or a signal handler).
        */
        std::atomic<juce::int64>* progress = nullptr;
    };

    /** Why a render stopped in the plugin, when it did. */
    enum class PluginStop
    {
        none,
        ended, /**< its process ended (a crash: the supervisor names it) */
        hung   /**< no answer within Options::hangSeconds */
    };

    struct Result
    {
        juce::String error;        /**< empty on success; one line saying what and where */
        bool stopped = false;      /**< stopped through Options::shouldStop (error says so too) */
        juce::int64 numFrames = 0; /**< rendered, or processed before the stop */
        double sampleRate = 0.0;
        int numChannels = 0;
        PluginStop pluginStop = PluginStop::none;

        /** The first frame whose output held NaN or Inf (it is written as
            the plugin gave it), and on which channel (0 left, 1 right); -1: none.
        */
        juce::int64 firstNonFiniteFrame = -1;
        int nonFiniteChannel = -1;

        bool failed() const noexcept { return error.isNotEmpty(); }
    };

    /** Largest block size accepted. */
    static constexpr int maxBlockSize = 65536;

    /** Renders `options.input` to `options.output`, preparing the processor
        for the file's rate first (prepareToPlay), and releasing it after.
        [any thread but the audio thread]
    */
    [[nodiscard]] static Result render (juce::AudioProcessor& processor, const Options& options);

    /** Where a render to `output` writes until it is complete: a hidden file
        beside it ("." + its name + ".partial"), the same for every render to
        that path, so one left by a killed process is reused, not multiplied.
        [any thread]
    */
    static juce::File getPartialFile (const juce::File& output);

private:
    /** Reads, processes and writes every block; false (with result.error) on a stop or a failure. */
    static bool renderBlocks (juce::AudioProcessor& processor, const Options& options,
                              juce::AudioFormatReader& reader, juce::AudioFormatWriter& writer, Result& result);

    /** One block through the processor, its start told to Options::progress;
        false (with the reason in `result`) where a supervised plugin gave none.
    */
    static bool processBlock (juce::AudioProcessor& processor, juce::AudioBuffer<float>& block, const Options& options,
                              juce::int64 position, Result& result);

    /** Where a supervised plugin gave no block: false, with the reason in `result`. */
    static bool checkAnswered (const SupervisedProcessing& supervised, const Options& options, juce::int64 position, Result& result);

    /** Notes the first non-finite sample of a block at `position`. */
    static void findNonFinite (const float* const* channels, int numChannels, int numSamples, juce::int64 position, Result& result);
};

} // namespace wavecraft
