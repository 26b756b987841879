namespace wavecraft
{

/** Says when a plugin's answers come late often enough to be heard: an
    isolated plugin whose answer misses its block leaves that block silent,
    and a few such blocks a second are a stutter, many a silence.

    Fed the callback's counters at each watchdog tick, it keeps the last
    second of them. When more than enterShare of that second's blocks were
    late, it gives a diagnostic that says so (status degraded); once fewer
    than leaveShare were, it clears. The diagnostic's text is fixed when it
    is raised, so the status doesn't change (nor a notification go out) at
    every tick while it lasts.
*/
class LateAnswerWatch
{
public:
    /** Takes the counters of a tick; true when the diagnostic came or went. [message thread] */
    bool update (const PluginAudioCallback::Counters& counters, double blockSeconds);

    /** Forgets what it saw (a new plugin gets a fresh start). [message thread] */
    void reset();

    /** Set while the plugin's answers are too often late. [message thread] */
    const std::optional<Diagnostic>& getDiagnostic() const noexcept { return diagnostic; }

    static constexpr double enterShare = 0.05; /**< late blocks in a second that raise the diagnostic */
    static constexpr double leaveShare = 0.01; /**< ... and below which it clears */
    static constexpr int ticksPerWindow = 5;   /**< a second of the engine's 200 ms watchdog ticks */

private:
    struct Tick
    {
        juce::uint64 callbacks = 0, lateBlocks = 0;
    };

    static Diagnostic describe (juce::uint64 late, juce::uint64 blocks, double blockSeconds);

    std::array<Tick, ticksPerWindow + 1> ticks {};
    int numTicks = 0;
    std::optional<Diagnostic> diagnostic;
};

} // namespace wavecraft
