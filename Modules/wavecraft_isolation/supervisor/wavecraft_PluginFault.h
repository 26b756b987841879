namespace wavecraft
{

/** How an isolated plugin's process ended when nobody asked it to: the
    signal (or exit code), the call it was in, and how much audio it had
    processed.
*/
struct PluginFault
{
    juce::File file;  /**< the plugin */
    int signal = 0;   /**< e.g. SIGSEGV; 0 when it exited */
    int exitCode = 0; /**< when it exited (signal 0) */
    PluginCall call = PluginCall::none;
    double secondsOfAudio = 0.0; /**< processed before the fault */

    /** The guard page around the audio the fault hit: the plugin went past
        its buffers (a bad memory access that is its own kind of bug).
    */
    WorkerChannel::Guard overrun = WorkerChannel::Guard::none;

    /** e.g. "libmine.so crashed with SIGSEGV (a bad memory access) in process() after 0.52 s of audio",
        or "libmine.so went past the end of its left channel's buffer in process() (SIGSEGV) after 0.52 s of audio".
    */
    juce::String describe() const;

    /** describe() without the time: for a fault before any audio played (while loading). */
    juce::String describeWhatAndWhere() const;

    /** The status's diagnostic: what happened and where, with a hint. */
    Diagnostic toDiagnostic() const;

    /** e.g. "SIGSEGV (a bad memory access)". */
    static juce::String describeSignal (int signal);

    /** e.g. "SIGSEGV", or "signal 42" for one without a name. */
    static juce::String nameOfSignal (int signal);
};

} // namespace wavecraft
