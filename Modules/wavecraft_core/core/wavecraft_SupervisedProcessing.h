namespace wavecraft
{

/** What a player asks of a processor whose plugin code runs elsewhere,
    under supervision (a worker process): it may answer a block late, and a
    hang there can be ended without touching the caller.

    A juce::AudioProcessor that runs its plugin that way implements this
    beside AudioProcessor (DevPluginInstance does). A PluginPlayer finds it
    with a dynamic_cast when the processor is set, never per block; a
    processor without it is taken to answer every block in time.

    @see PluginPlayer, DevPluginInstance
*/
class SupervisedProcessing
{
public:
    virtual ~SupervisedProcessing() = default;

    /** What became of a block. Only a plugin in another process can be
        late: its answer comes from there, and the caller waits only so long.
    */
    enum class BlockResult
    {
        processed, /**< the plugin's output is in the channels */
        late,      /**< silence: the answer was late, or (a plugin late block after block) the block wasn't sent; the plugin answered since the last call (it works, slowly) */
        owing,     /**< silence: the plugin answered nothing since the last call (it hangs, if that lasts) */
        ended      /**< silence: the plugin's process has ended (its fault is reported on its own) */
    };

    /** The time (getMonotonicNanos) by which the next block's answer is
        due, where the caller knows it (a device callback); 0: the
        processor's own budget. [audio thread]
    */
    virtual void setAnswerDeadline (juce::int64 nanos) noexcept = 0;

    /** What became of the last block processed. [audio thread, or after it] */
    virtual BlockResult getLastBlockResult() const noexcept = 0;

    /** Ends the plugin's code while it hangs, where that can be done without
        touching the caller (a worker is killed, freeing the core it spins
        on; blocks are silent from then on). False where it can't be done
        (the code runs on the caller's thread) or isn't (a worker a debugger
        holds is paused, not hung). [message thread]
    */
    virtual bool stopWhileHung() = 0;

    /** The call into the plugin's code the processor is in now, by the
        name its API gives it ("process", "apply_plain_values", "reset"...),
        or null when it is in none or can't tell: what a hang is named by.
        [any thread]
    */
    virtual const char* getCallInProgress() const noexcept { return nullptr; }

    /** Where the plugin's audio-thread calls broke a real-time rule so far,
        where that is watched (a worker's RealtimeMonitor). [any thread but the audio thread]
    */
    virtual std::vector<RealtimeViolation> getRealtimeViolations() const { return {}; }

    /** True where the plugin's audio-thread calls are watched. [any thread] */
    virtual bool watchesRealtimeRules() const { return false; }
};

} // namespace wavecraft
