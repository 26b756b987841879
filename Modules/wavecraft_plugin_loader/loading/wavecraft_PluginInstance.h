namespace wavecraft
{

/** One running instance of a plugin's processor at the ABI's level,
    wherever its code runs: in this process (InProcessPluginInstance) or in a
    supervised child process (IsolatedPluginInstance, module
    wavecraft_isolation). A JUCE host plays one as a DevPluginInstance.

    To use one: setSampleRate() and reset() before the first block, then
    process() each block on the audio thread with every parameter's value.

    @see InProcessPluginInstance, DevPluginInstance
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

    /** Hands the plugin `values` (every parameter's plain value, in the
        order of getInfo().parameters; version 2), then processes two channels
        of `numSamples` in place, and says whether the plugin's output is
        there (see BlockResult). [audio thread: no locks, no allocation]
    */
    virtual BlockResult process (float* const* channels, int numSamples, const float* values, size_t numValues) noexcept = 0;

    /** [any thread] */
    virtual const PluginInfo& getInfo() const noexcept = 0;

    /** The plugin's own state beyond its parameters' values (a VST3's or
        LV2's getStateInformation), for the next build to take; false when it
        keeps none (a dev library), or didn't give it.
        [any thread but the audio thread; may run while it processes]
    */
    virtual bool getPluginState (juce::MemoryBlock& state) = 0;

    /** Gives the plugin a state getPluginState() gave (setStateInformation);
        false when it keeps none, or the state couldn't reach it.
        [any thread but the audio thread; may run while it processes]
    */
    virtual bool setPluginState (const juce::MemoryBlock& state) = 0;
};

} // namespace wavecraft
