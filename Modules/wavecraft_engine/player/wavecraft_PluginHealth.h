namespace wavecraft
{

/** The one place that judges the plugin's health, from what its
    PluginPlayer counts and the faults its owner reports: a hang, NaN or Inf
    in the output, answers too often late, a crash or a failed load. The
    status is built from it (applyTo()).

    - A hang: the processor has owed a block for hangAfterMicros (or 8
      blocks, if longer). A plugin in a worker that hangs on is ended after
      stopHungPluginAfterMicros, to free the core it spins on.
    - NaN or Inf: said once per processor, with the first block and its
      channels (the player silences every such block).
    - Late answers: see LateAnswerWatch.
    - A fault the owner reports (setFault): a crash, a failed load.

    @see PluginPlayer, AudioEngine
*/
class PluginHealth
{
public:
    /** Judges `player`, which must outlive it. [message thread] */
    explicit PluginHealth (PluginPlayer& player);

    /** A new processor plays: what was said of the old one goes. [message thread] */
    void processorChanged();

    /** Looks at the player once per watchdog tick, with the callback's
        counters and a block's length. [message thread]
    */
    void check (const PluginAudioCallback::Counters& counters, double blockSeconds);

    /** A fault the plugin's owner saw (a crash, a failed load), or nullopt
        once it is fine again. [message thread]
    */
    void setFault (std::optional<Diagnostic> fault);

    /** True while the processor has owed a block for far longer than a
        block lasts. [message thread]
    */
    bool isHanging() const noexcept { return hangDiagnostic.has_value(); }

    /** True while it hangs on the audio thread itself (its code runs in
        this process): nothing that waits for the audio thread can be done
        until it returns. [message thread]
    */
    bool isAudioThreadStuck() const noexcept { return isHanging() && player.isAudioThreadInPlugin(); }

    /** Says the plugin's part in a status the device side built: a fault or
        a hang fails it; late answers degrade a running one; otherwise a
        running status without a diagnostic carries the NaN note.
        [message thread]
    */
    void applyTo (AudioStatus& status) const;

    static constexpr juce::int64 hangAfterMicros = 250000; /**< or 8 blocks, if longer */

    /** A plugin in a worker that hangs this long is ended, to free the core
        it spins on; it still hangs, as said, until the next processor.
    */
    static constexpr juce::int64 stopHungPluginAfterMicros = 5000000;

private:
    bool checkHang (double blockSeconds);
    void checkNonFiniteOutput();
    Diagnostic describeHang (double secondsHung, bool ended) const;

    PluginPlayer& player;
    std::optional<Diagnostic> fault, hangDiagnostic, outputDiagnostic;
    juce::int64 lastHangMicros = 0;
    bool hungPluginStopped = false;
    juce::uint64 nonFiniteBlocksSeen = 0;
    LateAnswerWatch lateAnswers;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginHealth)
};

} // namespace wavecraft
