namespace wavecraft
{

namespace
{
    std::atomic<bool> droppedByGuard { false };

    constexpr rlim_t realtimeWithoutPauseMicros = 200000;

    /** The guard: RLIMIT_RTTIME's soft limit sends SIGXCPU (and raises
        itself by a second, which beforeWaiting() undoes).
    */
    void armGuard()
    {
        const rlimit limit { realtimeWithoutPauseMicros, RLIM_INFINITY };
        setrlimit (RLIMIT_RTTIME, &limit);
    }
} // namespace

WorkerPriority::WorkerPriority (int hostId)
    : hostProcessId (hostId)
{
}

bool WorkerPriority::start()
{
    struct sigaction action = {};
    action.sa_handler = [] (int)
    {
        sched_param normal {};
        sched_setscheduler (0, SCHED_OTHER, &normal); // async-signal-safe: a system call
        droppedByGuard.store (true);
    };
    sigaction (SIGXCPU, &action, nullptr);

    lastLookMs = getMonotonicMillis();
    realtime = take (priorityToTake());

    if (realtime)
        armGuard();

    return realtime;
}

void WorkerPriority::beforeWaiting()
{
    if (! realtime)
        return;

    // It waits: it answered, so it was only behind, or slow for a while.
    if (droppedByGuard.exchange (false))
    {
        armGuard();
        take (priority);
    }

    if (const auto now = getMonotonicMillis(); now - lastLookMs >= followIntervalMs)
    {
        lastLookMs = now;

        if (const auto wanted = priorityToTake(); wanted != priority)
            take (wanted);
    }
}

int WorkerPriority::priorityToTake() const
{
    const auto lowest = sched_get_priority_min (SCHED_FIFO);
    const auto highest = sched_get_priority_max (SCHED_FIFO);
    return juce::jlimit (lowest, highest, highestRealtimePriorityOf (hostProcessId) + 1);
}

bool WorkerPriority::take (int newPriority)
{
    sched_param parameters {};
    parameters.sched_priority = newPriority;

    if (sched_setscheduler (0, SCHED_FIFO, &parameters) != 0)
        return false;

    priority = newPriority;
    return true;
}

int WorkerPriority::highestRealtimePriorityOf (int processId)
{
    auto* threads = ::opendir (("/proc/" + std::to_string (processId) + "/task").c_str());

    if (threads == nullptr)
        return 0;

    int highest = 0;

    while (const auto* entry = ::readdir (threads))
    {
        const auto threadId = std::atoi (entry->d_name);
        const auto policy = threadId > 0 ? sched_getscheduler (threadId) & ~SCHED_RESET_ON_FORK : -1;
        sched_param parameters {};

        if ((policy == SCHED_FIFO || policy == SCHED_RR) && sched_getparam (threadId, &parameters) == 0)
            highest = juce::jmax (highest, parameters.sched_priority);
    }

    ::closedir (threads);
    return highest;
}

} // namespace wavecraft
