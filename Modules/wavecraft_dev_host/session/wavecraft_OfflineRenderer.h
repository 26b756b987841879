namespace wavecraft
{

/** Processes an audio file through a plugin as fast as it can, writing a file
    of exactly the input's length, sample rate, channel count and sample format.

    Mono input is duplicated to both of the plugin's channels and the left one
    is kept. Integer samples are converted exactly (a sample survives a gain of
    1 bit for bit) and rounded to nearest on the way out; float files stay float.
*/
class OfflineRenderer
{
public:
    struct Options
    {
        juce::File input;
        juce::File output;
        int blockSize = 512;
    };

    struct Result
    {
        juce::String error; /**< empty on success; one line saying what and where */
        juce::int64 numFrames = 0;
        double sampleRate = 0.0;
        int numChannels = 0;

        bool failed() const noexcept { return error.isNotEmpty(); }
    };

    /** Largest block size accepted. */
    static constexpr int maxBlockSize = 65536;

    /** Renders `options.input` to `options.output`, calling the processor's
        set_sample_rate and reset first. [any thread but the audio thread]
    */
    static Result render (PluginProcessor& processor, const ParameterStore& parameters, const Options& options);
};

} // namespace wavecraft
