namespace wavecraft
{

/** The memory a host and its plugin worker share: one request at a time
    from the host (a block to process, or quit), one reply from the worker,
    the load's answer, the call the worker is in, and the audio itself.

    The plugin writes to the audio in place, so the audio is kept apart from
    the rest: each channel has a region of its own between guard pages
    (PROT_NONE). A block lies near the end of its region (getBlock()), with
    an overrun zone of overrunZoneSize samples after it, where the worker's
    monitor counts a write past the end and the plugin plays on. A plugin
    that goes further faults at the guard page, in its own process, instead
    of writing over the other channel or the words the host reads.
    findGuard() says which guard an address is in, for the worker's fault
    handler to leave in guardHit. Nothing the host reads back is trusted
    beyond its bounds.

    Either side maps the same named object: the host creates it, the worker
    opens it by the name on its command line, and the host then removes the
    name, so nothing is left behind whoever dies.

    Wake-ups go through the channel's WorkerLink (a futex on the shared
    words on Linux): the worker sleeps on `request` and the host wakes it
    once per block; the host's audio thread spins on `reply` (no wake-up
    needed), and a host thread that sleeps on it (loading, quitting) sets
    `hostWaiting` so the worker wakes it.

    @see PluginWorker, IsolatedPluginInstance
*/
class WorkerChannel
{
public:
    /** What the host asks for. */
    enum class Command : uint32_t
    {
        load = 0, /**< the first request, implied: the worker starts with it */
        process,
        quit,
        recreate /**< drop the processor, create another, and say what the worker holds (a leak check) */
    };

    /** What the host asks on the control lane, beside the audio. */
    enum class ControlCommand : uint32_t
    {
        getState = 0, /**< the plugin's own state into controlData */
        setState      /**< controlData's state to the plugin */
    };

    /** How a control request went, in Shared::controlResult. */
    enum class ControlResult : uint32_t
    {
        done = 0,
        noState, /**< the plugin keeps none, or gave none */
        tooBig   /**< the state is over stateCapacity */
    };

    /** The most bytes of a plugin's state that cross. */
    static constexpr int stateCapacity = 4 << 20;

    /** Done before the block a process request carries, in this order. */
    enum Flags : uint32_t
    {
        setSampleRateFirst = 1,
        resetFirst = 2
    };

    /** The most samples one request carries; a bigger block is split. */
    static constexpr int maxBlockSize = 8192;

    /** The samples after each block that a plugin may write past its end
        into and play on: a loop that runs a whole block too far stays inside.
    */
    static constexpr int overrunZoneSize = maxBlockSize;

    /** Room for the load's answer: the params JSON and the processor ids, or the error. */
    static constexpr int textCapacity = 4 << 20;

    /** The load's outcome, in Shared::loadResult. */
    enum class LoadResult : uint32_t
    {
        pending = 0,
        loaded,
        failed
    };

    /** A guard page around the audio, by where it is. */
    enum class Guard : uint32_t
    {
        none = 0,
        beforeLeft, /**< before the left channel's region */
        pastLeft,   /**< past the end of the left channel (before the right one's region) */
        pastRight,  /**< past the end of the right channel */
        last = pastRight
    };

    struct Shared
    {
        uint32_t layoutSize = 0; /**< getMappedSize() in the host: a worker of another build refuses it */
        std::atomic<uint32_t> request { 0 }, reply { 0 }, hostWaiting { 0 };
        std::atomic<uint32_t> call { 0 }; /**< a PluginCall: the one the worker is in */
        std::atomic<uint64_t> framesProcessed { 0 };
        std::atomic<uint32_t> loadResult { 0 };
        uint32_t workerIsRealtime = 0; /**< it got a real-time priority; without one its blocks are often late */
        uint32_t inBackground = 0;     /**< set by the host before the load: run below every normal thread, not in real time */

        // Written by the host before it bumps `request`.
        uint32_t command = 0, flags = 0, numSamples = 0, numValues = 0;
        double sampleRate = 0.0;

        // Written by the worker before it answers the load.
        int32_t loadErrorKind = 0;
        uint32_t abiVersion = 0;
        uint32_t textLengths[2] = {}; /**< loaded: params JSON, processor ids; failed: message, hint */
        char text[textCapacity];

        float values[WAVECRAFT_MAX_PARAMETERS];

        /** The guard the worker's plugin hit (a Guard), written by its fault
            handler just before it dies of that fault.
        */
        std::atomic<uint32_t> guardHit { 0 };

        // Written by the worker before it answers a recreate.
        uint32_t recreated = 0; /**< 1, or 0 when create() returned null */
        uint32_t openFiles = 0; /**< the worker's open file descriptors */
        uint64_t heapInUse = 0; /**< bytes the C library's malloc has handed out and not had back */

        /** Where the plugin broke a real-time rule (the worker's RealtimeMonitor). */
        RealtimeFindings findings;

        // The control lane: one request at a time from a host thread that
        // isn't the audio's, served by the worker's control thread while
        // blocks go on (see WorkerControlThread).
        std::atomic<uint32_t> controlRequest { 0 }, controlReply { 0 };
        std::atomic<uint32_t> controlCall { 0 }; /**< a PluginCall: the one the control thread is in */
        uint32_t controlCommand = 0;             /**< a ControlCommand */
        uint32_t controlResult = 0;              /**< a ControlResult, written before controlReply */
        uint32_t controlLength = 0;              /**< the bytes of controlData: the state to set, or the one got */
        char controlData[stateCapacity];
    };

    /** A new channel for a worker to open (host side); null and `error` on failure. */
    [[nodiscard]] static std::unique_ptr<WorkerChannel> create (juce::String& error);

    /** The host's channel, by its name (worker side); null and `error` on failure. */
    [[nodiscard]] static std::unique_ptr<WorkerChannel> open (const juce::String& name, juce::String& error);

    /** Unmaps it (and removes the name, if the creator still has it). */
    ~WorkerChannel();

    /** Removes the name once the worker has the mapping, or has died. [host] */
    void removeName();

    /** The name a worker opens it by. */
    const juce::String& getName() const noexcept { return name; }

    /** [either process, any thread] */
    Shared& get() noexcept { return *shared; }

    /** Where a block of `numSamples` of `channel` (0 or 1) lies: its last
        sample just before the channel's overrun zone, which ends at a guard
        page. [either process, any thread]
    */
    float* getBlock (int channel, int numSamples) const noexcept;

    /** The guard page `address` is in, or Guard::none. [any thread, a signal handler included] */
    Guard findGuard (const void* address) const noexcept;

    /** The bytes mapped: the control block, the two channels' regions and the guards between. */
    static size_t getMappedSize() noexcept;

    /** Wakes the side that sleeps on `bell`'s word (`request` or `reply`),
        in either process: one system call. [any thread]
    */
    void ring (WorkerLink::Bell bell) noexcept;

    /** One turn of a spin-wait: lets the core's other thread (and the
        power) have it for a moment. [any thread] */
    static inline void pauseWhileSpinning() noexcept
    {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
    }

    /** Sleeps while `bell`'s word holds `value`, for at most `timeoutMs`. [not the audio thread] */
    void waitWhileEquals (WorkerLink::Bell bell, uint32_t value, int timeoutMs) noexcept;

    /** The wake-ups, and what a worker inherits. */
    WorkerLink& getLink() noexcept
    {
        return *link;
    }

    /** Text from the answer's area, `length` bytes at `offset`. */
    std::string readText (size_t offset, uint32_t length) const;

private:
    WorkerChannel (juce::String name, Shared* shared, bool owner, std::unique_ptr<WorkerLink> link);

    std::atomic<uint32_t>& getWord (WorkerLink::Bell bell) noexcept;

    juce::String name;
    Shared* shared;
    bool ownsName;
    std::unique_ptr<WorkerLink> link;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (WorkerChannel)
};

} // namespace wavecraft
