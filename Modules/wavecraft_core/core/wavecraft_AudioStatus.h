namespace wavecraft
{

/** The phases of the audio status, as the Wavecraft protocol names them. */
enum class AudioPhase
{
    disabled,
    initializing,
    runningFullDuplex,
    runningInputOnly,
    degraded,
    failed
};

/** The Wavecraft protocol's spelling of a phase, e.g. "runningFullDuplex". */
juce::String toString (AudioPhase phase);

/** A phase in words, e.g. "running, full duplex" or "stopped". */
juce::String describe (AudioPhase phase);

/** What the host's audio is doing, and why not when it isn't. */
struct AudioStatus
{
    AudioPhase phase = AudioPhase::disabled;
    std::optional<Diagnostic> diagnostic;
    double sampleRate = 0.0;     /**< 0 when no device runs */
    int bufferSize = 0;          /**< 0 when no device runs */
    juce::int64 updatedAtMs = 0; /**< wall clock, ms since the epoch */

    /** Blocks that went out silent because the plugin's answer was late (an
        isolated plugin), since the audio started: a count, not a change of
        status (differsFrom() ignores it).
    */
    juce::uint64 lateBlocks = 0;

    bool isRunning() const noexcept
    {
        return phase == AudioPhase::runningFullDuplex || phase == AudioPhase::runningInputOnly;
    }

    /** True when the phase, rate, block size or the diagnostic (its code,
        message or hint) differ: what a person or page would see change.
    */
    bool differsFrom (const AudioStatus& other) const;

    /** e.g. "running, full duplex, 48000 Hz, 512 frames", or with a
        diagnostic "degraded, 48000 Hz, 512 frames: message; hint".
    */
    juce::String describe() const;
};

} // namespace wavecraft
