namespace wavecraft
{

namespace
{
    std::atomic<bool> droppedByGuard { false };
    std::atomic<pid_t> servingThread { 0 }; // the thread the guard drops: the signal may land on another

    constexpr rlim_t realtimeWithoutPauseMicros = 200000;

    /** The guard: RLIMIT_RTTIME's soft limit sends SIGXCPU (and raises
        itself by a second, which beforeWaiting() undoes). The hard limit is
        left as it is (raising it takes a privilege), and the soft one kept
        under it: at the hard limit the kernel kills instead.
    */
    void armGuard()
    {
        rlimit limit {};
        getrlimit (RLIMIT_RTTIME, &limit);
        limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? realtimeWithoutPauseMicros
                                                         : juce::jmin (realtimeWithoutPauseMicros, limit.rlim_max / 2);
        setrlimit (RLIMIT_RTTIME, &limit);
    }
} // namespace

WorkerPriority::WorkerPriority (int hostId)
    : hostProcessId (hostId)
{
}

bool WorkerPriority::start()
{
    servingThread = (pid_t)::syscall (SYS_gettid);
    struct sigaction action = {};
    action.sa_handler = [] (int)
    {
        RealtimeMonitor::disarm(); // the worker's own calls, not the plugin's: unwatched from here
        sched_param normal {};
        sched_setscheduler (servingThread.load(), SCHED_OTHER, &normal); // async-signal-safe: a system call
        droppedByGuard.store (true);
    };
    sigaction (SIGXCPU, &action, nullptr);

    lastLookMs = getMonotonicMillis();
    realtime = take (priorityToTake());

    if (realtime)
        armGuard();

    return realtime;
}

bool WorkerPriority::moveToBackground()
{
    // Linux's nice value is the thread's own. Not SCHED_IDLE: that starves
    // outright while normal work fills the cores (a build, a test run), and
    // a starved block would pass for a hang; real-time audio threads come
    // first either way.
    return setpriority (PRIO_PROCESS, (id_t)::syscall (SYS_gettid), 19) == 0;
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

bool WorkerPriority::take (int wanted)
{
    // One above the host's audio thread where that is allowed; else the
    // highest the RTPRIO limit allows, else the lowest real-time priority,
    // which still beats every thread of normal priority. Threads the plugin
    // starts get normal priority (SCHED_RESET_ON_FORK): only the one the
    // host waits for is worth putting above the host's audio thread.
    rlimit limit {};
    getrlimit (RLIMIT_RTPRIO, &limit);
    const auto allowed = limit.rlim_cur == RLIM_INFINITY ? wanted : juce::jmin (wanted, (int) limit.rlim_cur);

    for (const auto candidate : { wanted, allowed, sched_get_priority_min (SCHED_FIFO) })
    {
        sched_param parameters {};
        parameters.sched_priority = candidate;

        if (sched_setscheduler (0, SCHED_FIFO | SCHED_RESET_ON_FORK, &parameters) == 0)
        {
            priority = candidate;
            return true;
        }
    }

    return false;
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
