namespace wavecraft
{

/** The functions the monitor stands in for, in the plugin's own imports. */
enum class MonitoredFunction : uint32_t
{
    malloc = 1,
    calloc,
    realloc,
    posixMemalign,
    alignedAlloc,
    memalign,
    valloc,
    operatorNew,
    operatorNewArray,
    free,
    operatorDelete,
    operatorDeleteArray,
    mutexLock,
    rwlockReadLock,
    rwlockWriteLock,
    conditionWait,
    conditionTimedWait,
    semaphoreWait,
    semaphoreTimedWait,
    last = semaphoreTimedWait
};

/** The name a report gives a MonitoredFunction ("malloc",
    "pthread_mutex_lock", "operator new"), or nullptr for another value.
*/
const char* getMonitoredFunctionName (uint32_t function) noexcept;

/** One place in the plugin that broke a rule: the worker writes it once,
    then only counts it. Lives in the shared memory; the host bounds every
    field it reads.
*/
struct RealtimeFinding
{
    static constexpr int maxFrames = 16;

    std::atomic<uint32_t> published { 0 }; /**< 1 once the fields below are written (release) */
    uint32_t rule = 0;                     /**< a RealtimeRule */
    uint32_t call = 0;                     /**< the PluginCall it happened in */
    uint32_t what = 0;                     /**< the system call's number, or a MonitoredFunction */
    uint64_t key = 0;                      /**< the place: rule, what and frames, hashed */
    uint64_t bytes = 0;                    /**< an allocation's size, or samples outside the block, the first time */
    uint32_t blockSamples = 0;             /**< a buffer rule's block length, the first time */
    int64_t firstSeenNanos = 0;            /**< getMonotonicNanos(), in the worker */
    std::atomic<int64_t> lastSeenNanos { 0 };
    std::atomic<uint64_t> count { 0 };
    uint32_t numFrames = 0;
    uint64_t frames[maxFrames] = {}; /**< return addresses in the plugin's library, as offsets from its load address; innermost first */
};

/** Every place the worker's monitor found, and what it watches. */
struct RealtimeFindings
{
    static constexpr int capacity = 64;

    static constexpr int pathCapacity = 2048;

    uint32_t wanted = 0;                    /**< set by the host before the load: watch the plugin */
    std::atomic<uint32_t> watching { 0 };   /**< a WatchedCalls bit set: what the monitor could arm */
    std::atomic<uint32_t> overflowed { 0 }; /**< places beyond capacity: counted, not kept */
    uint32_t libraryPathLength = 0;         /**< the library the frames are in: the worker's private copy */
    char libraryPath[pathCapacity] = {};
    uint32_t libraryNameLength = 0; /**< the name the developer knows it by: the file it was copied from */
    char libraryName[256] = {};
    RealtimeFinding places[capacity];
};

/** What a RealtimeMonitor watches, in RealtimeFindings::watching. */
enum WatchedCalls : uint32_t
{
    watchesImports = 1,     /**< the plugin's allocations and locks */
    watchesSystemCalls = 2, /**< every system call */
};

} // namespace wavecraft
