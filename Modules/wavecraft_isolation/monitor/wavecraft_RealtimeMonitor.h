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
    /** Remembers the libraries loaded before the plugin: those that come
        with it (its own shared libraries, loaded with it) are watched too,
        the others (the C and C++ runtimes the worker uses too) are not.
        [the worker, before it loads the plugin]
    */
    static void noteLibrariesBeforePlugin();

    /** Redirects `library`'s imports, and those of the libraries loaded with
        it, and sets the system-call trap up on the calling thread, which
        must be the one that calls the plugin.
        [the worker's audio thread, before its first block]
    */
    static void start (const PluginLibrary& library, RealtimeFindings& findings);

    /** Watches the thread until disarm(), as in `call`. [the worker's audio thread] */
    static void arm (PluginCall call) noexcept;

    /** [the worker's audio thread] */
    static void disarm() noexcept;

    /** Not watched while one exists, then watched as before: the host's own
        work on the watched thread, done for the plugin (a hosted VST3's
        reset handed to its message thread, where its format calls it).
        [the worker's audio thread]
    */
    class Pause
    {
    public:
        Pause() noexcept;
        ~Pause();

    private:
        PluginCall call;
        JUCE_DECLARE_NON_COPYABLE (Pause)
    };

    /** Fills up to canarySamples of the `roomBefore` samples before each of
        the two blocks (the room to its region's start), and the `roomAfter`
        samples after them, with a value no plugin writes, to be looked at by
        checkBlocks() after the call. Sets the trap a write outside a block
        asked for; for the one before, the block is moved for this call, and
        `blocks` says where to. [the worker's audio thread, armed]
    */
    static void guardBlocks (float** blocks, int numSamples, int roomBefore, int roomAfter) noexcept;

    /** Counts a write into what guardBlocks() filled as a bufferUnderrun or
        bufferOverrun place (what: the channel, 0 or 1; bytes: how many
        samples outside the block the furthest write went), and fills it
        again. Before a block every sample is looked at; after it, the first
        canarySamples, then the whole zone once one was written. An overrun
        is named by its place: the first one found sets a trap for the next
        block's (springBufferTrap()).
        [the worker's audio thread, armed]
    */
    static void checkBlocks() noexcept;

    /** Takes a fault at the page after a block that checkBlocks() asked to be
        trapped, after the canaries found a write past the end with no place
        to it: the faulting write's stack is the place, and the write goes on.
        False for any other fault. [the worker's fault handler]
    */
    static bool springBufferTrap (const siginfo_t* info, void* context) noexcept;

    static constexpr int canarySamples = 64;
};

} // namespace wavecraft
