namespace wavecraft
{

/** The real-time rules a plugin's audio-thread calls (process(),
    apply_plain_values(), reset()) must keep.
*/
enum class RealtimeRule : uint32_t
{
    allocation = 1,
    deallocation,
    lock,
    systemCall,
    bufferUnderrun, /**< a write before the start of a channel's block */
    bufferOverrun   /**< a write past the end of a channel's block */
};

/** One frame of a stack in a plugin's code. */
struct StackFrame
{
    juce::String function; /**< "?" when the library doesn't say */
    juce::String file;     /**< as the compiler was given it; empty without debug information */
    int line = 0;
    juce::String library; /**< the library's file name */
};

/** One place in a plugin that broke a real-time rule, counted. */
struct RealtimeViolation
{
    RealtimeRule rule = RealtimeRule::allocation;
    juce::String call;         /**< the ABI's name of the call it happened in: "process", "apply_plain_values", "reset" */
    juce::String what;         /**< "malloc", "pthread_mutex_lock", "write" ... */
    uint64_t bytes = 0;        /**< an allocation's size, or how many samples outside its block a buffer rule's write went, the first time */
    uint32_t blockSamples = 0; /**< a buffer rule's block length, the first time */
    uint64_t count = 0;
    juce::int64 firstSeenNanos = 0, lastSeenNanos = 0; /**< getMonotonicNanos() */
    std::vector<StackFrame> stack;                     /**< the plugin's own frames, innermost first */
};

/** The quick validation of a build, run in the background when it landed. */
struct BuildCheckSummary
{
    int build = 0; /**< the build it checked; 0: none has been checked yet */
    int passed = 0, warned = 0, failed = 0;
    bool comparedWithPrevious = false; /**< another build was checked before: newProblems are what is new since */
    juce::StringArray newProblems;     /**< "FAIL realtime.process: ...": new since the build checked before (every problem, for the first) */
};

/** What the host found wrong with the build it runs. */
struct PluginReport
{
    int build = 0;        /**< which load of the plugin file (1 for the first) */
    bool watched = false; /**< its audio-thread calls are watched (a worker's monitor) */
    std::vector<RealtimeViolation> violations;
    BuildCheckSummary buildCheck; /**< the newest build's quick check, when one ran */
};

} // namespace wavecraft
