namespace wavecraft
{

/** The worker's watch on its plugin's audio-thread calls (process(),
    apply_plain_values(), reset()): every allocation, free and lock the
    plugin's own code calls (its imports are redirected through here) and
    every system call the thread makes (Linux's syscall user dispatch, which
    catches raw `syscall` instructions and futexes too). Each call is carried
    out as asked; its place, the plugin's frames, is counted in the
    RealtimeFindings the host reads, and the plugin keeps playing.

    Off while the plugin prepares (create(), set_sample_rate()): allocating
    there is its business. Where the OS or CPU has no such mechanism (other
    than Linux on x86-64 for system calls; other than ELF for imports),
    RealtimeFindings::watching says what is watched.

    @see RealtimeFindings, RealtimeReport, PluginWorker
*/
class RealtimeMonitor
{
public:
    /** Redirects `library`'s imports and sets the system-call trap up on the
        calling thread, which must be the one that calls the plugin.
        [the worker's audio thread, before its first block]
    */
    static void start (const PluginLibrary& library, RealtimeFindings& findings);

    /** Watches the thread until disarm(), as in `call`. [the worker's audio thread] */
    static void arm (PluginCall call) noexcept;

    /** [the worker's audio thread] */
    static void disarm() noexcept;

    /** Fills the `roomBefore` samples (up to canarySamples) before each of
        the two blocks with a value no plugin writes, to be looked at by
        checkBlocks() after the call. [the worker's audio thread, armed]
    */
    static void guardBlocks (float* const* blocks, int roomBefore) noexcept;

    /** Counts a write into what guardBlocks() filled as a bufferUnderrun
        place (what: the channel; bytes: how many samples before its start).
        [the worker's audio thread, armed]
    */
    static void checkBlocks() noexcept;

    static constexpr int canarySamples = 64;
};

} // namespace wavecraft
