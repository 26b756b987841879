namespace wavecraft
{

/** One running instance of a plugin's processor, wherever its code runs:
    in this process (PluginProcessor) or in a supervised child process
    (IsolatedPluginInstance, module wavecraft_isolation).

    To use one: setSampleRate() and reset() before the first block, then
    process() each block on the audio thread with the ParameterStore made
    for getInfo().parameters.

    @see PluginProcessor, LoadedPlugin
*/
class PluginInstance
{
public:
    virtual ~PluginInstance() = default;

    /** The number of channels every process() call hands the plugin (the ABI's stereo). */
    static constexpr int numChannels = 2;

    /** Forwards set_sample_rate (an isolated instance: before the next block).
        [audio thread, or before processing starts]
    */
    virtual void setSampleRate (double sampleRate) noexcept = 0;

    /** Forwards reset (an isolated instance: before the next block).
        [audio thread, or before processing starts]
    */
    virtual void reset() noexcept = 0;

    /** What became of a block (see SupervisedProcessing::BlockResult):
        only an isolated instance can be late.
    */
    using BlockResult = SupervisedProcessing::BlockResult;

    /** Applies the store's values (version 2), then processes two channels of
        `numSamples` in place, and says whether the plugin's output is there
        (see BlockResult). The store must be the one made for this plugin's
        parameters. [audio thread: no locks, no allocation]
    */
    virtual BlockResult process (float* const* channels, int numSamples, const ParameterStore& parameters) noexcept = 0;

    /** [any thread] */
    virtual const PluginInfo& getInfo() const noexcept = 0;
};

} // namespace wavecraft
