namespace wavecraft
{

/** The host's reading of a worker's RealtimeFindings: each place the
    plugin broke a real-time rule, with its stack named (StackSymbolizer)
    and counted, and every value bounded before it is believed (the shared
    memory is the plugin's to overwrite).

    [one thread calls update(); any thread reads under the report's lock]
*/
class RealtimeReport
{
public:
    /** One place in the plugin that broke a rule; its times are the
        worker's getMonotonicNanos(), the same clock as this process's.
    */
    using Violation = RealtimeViolation;

    /** Reads the places the worker added and the counts of the known ones;
        returns the new places. [the reading thread]
    */
    std::vector<Violation> update (const RealtimeFindings& findings);

    /** Every place so far. [any thread] */
    std::vector<Violation> getViolations() const;

    /** What the worker's monitor watches (a WatchedCalls bit set). [any thread] */
    uint32_t getWatchedCalls() const noexcept { return watched.load(); }

    /** One line for a person: "process() called malloc (2048 bytes) at
        my_reverb::Reverb::process (src/reverb.rs:120): the audio thread must
        not allocate".
    */
    static juce::String describe (const Violation& violation);

    /** The name of a system call ("write", "futex"), or "system call N". */
    static juce::String getSystemCallName (uint32_t number);

private:
    std::optional<Violation> read (const RealtimeFinding& place) const;

    std::unique_ptr<StackSymbolizer> symbolizer;
    juce::String symbolizedPath;
    mutable std::mutex lock;
    std::vector<Violation> violations;
    std::atomic<uint32_t> watched { 0 };
};

} // namespace wavecraft
