namespace wavecraft
{

/** A plugin worker's real-time priority: one above the highest real-time
    thread of its host, which is the audio thread that waits for its answers.

    The host's audio thread spins while the worker runs its block. A worker
    below that thread, and below whatever else real-time holds the other
    cores (another audio program's thread, or another host's), waits for a
    core until the spinning gives up, so its answer comes late, block after
    block, for as long as the machine stays that way: a priority inversion.
    One above the waiting thread, it runs at once, on that thread's own core
    if need be, and the waiting ends sooner.

    A plugin that hangs must not hold a core at that priority: after
    RLIMIT_RTTIME's 200 ms of real-time work without a pause, SIGXCPU drops
    the worker to normal priority. The next time it waits for a block (it
    answers again, and has caught up), it takes its priority back. The
    host's threads are looked at again once a second, at the same place, so
    an audio thread started after the worker (or a device with another
    priority) is followed.

    Everything here runs on the worker's serving thread, between blocks
    (the guard's signal handler included: it drops that thread, wherever
    the signal lands).

    That is Linux's backend. The POSIX one (WAVECRAFT_POSIX_BACKENDS) takes
    the lowest SCHED_FIFO priority and keeps it: a host's threads can't be
    listed portably, and without RLIMIT_RTTIME nothing would drop a hung
    plugin from a higher one.
*/
class WorkerPriority
{
public:
    explicit WorkerPriority (int hostProcessId);

    /** Takes real-time priority and arms the guard against hangs. False
        where real-time priority isn't allowed (no CAP_SYS_NICE or RTPRIO
        limit). [the worker's thread, once]
    */
    bool start();

    /** Before the worker sleeps waiting for a block: takes its priority
        back when the guard dropped it, and follows the host's threads.
        [the worker's thread, between blocks]
    */
    void beforeWaiting();

    /** Puts the calling thread below the threads of normal priority (nice 19
        on Linux, SCHED_OTHER's lowest priority elsewhere): for work beside
        live audio, such as a validation's worker and the thread that waits
        for it. [any thread]
    */
    static bool moveToBackground();

    /** How often the host's threads are looked at. */
    static constexpr int followIntervalMs = 1000;

private:
    /** The highest SCHED_FIFO or SCHED_RR priority among the threads of
        `processId` (0 when none is real-time).
    */
    static int highestRealtimePriorityOf (int processId);

    int priorityToTake() const;
    bool take (int wanted);

    const int hostProcessId;
    int priority = 0;
    bool realtime = false;
    juce::int64 lastLookMs = 0;

    JUCE_DECLARE_NON_COPYABLE (WorkerPriority)
};

} // namespace wavecraft
