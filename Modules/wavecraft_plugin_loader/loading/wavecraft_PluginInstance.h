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

    /** What became of a block. Only an isolated instance can be late: its
        answer comes from another process, and the caller waits for it only
        so long.
    */
    enum class BlockResult
    {
        processed, /**< the plugin's output is in the channels */
        late,      /**< silence: the answer was late, or (a plugin late block after block) the block wasn't sent; the plugin answered since the last call (it works, slowly) */
        owing,     /**< silence: the plugin answered nothing since the last call (it hangs, if that lasts) */
        ended      /**< silence: the plugin's process has ended (its fault is reported on its own) */
    };

    /** Applies the store's values (version 2), then processes two channels of
        `numSamples` in place, and says whether the plugin's output is there
        (see BlockResult). The store must be the one made for this plugin's
        parameters. [audio thread: no locks, no allocation]
    */
    virtual BlockResult process (float* const* channels, int numSamples, const ParameterStore& parameters) noexcept = 0;

    /** The time (getMonotonicNanos) by which the next process() call's
        answer is due, where the caller knows it (a device callback); 0: the
        instance's own budget. Only an isolated instance waits for an answer;
        one in this process ignores it. [audio thread]
    */
    virtual void setAnswerDeadline (juce::int64 nanos) noexcept { juce::ignoreUnused (nanos); }

    /** Ends the plugin's code while it hangs, where that can be done without
        touching the caller: an isolated instance kills its worker, freeing
        the core it spins on, and process() gives silence from then on.
        Returns false where it can't be done (in this process, the plugin's
        code runs on the audio thread itself) or isn't (a worker a debugger
        is attached to: it is paused, not hung). [message thread]
    */
    virtual bool stopWhileHung() { return false; }

    /** [any thread] */
    virtual const PluginInfo& getInfo() const noexcept = 0;
};

} // namespace wavecraft
