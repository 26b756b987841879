namespace wavecraft
{

// The POSIX backend: the lowest SCHED_FIFO priority, through
// pthread_setschedparam. It beats every thread of normal priority, but
// not the host's audio thread: the host's threads can't be listed
// portably, and there is no RLIMIT_RTTIME to drop a hung plugin, so a
// higher one could let a hung plugin hold a core against the host.

WorkerPriority::WorkerPriority (int hostId)
    : hostProcessId (hostId)
{
}

bool WorkerPriority::start()
{
    juce::ignoreUnused (hostProcessId, lastLookMs);
    realtime = take (priorityToTake());
    return realtime;
}

bool WorkerPriority::moveToBackground()
{
    // The thread's own lowest priority: a process's nice value (macOS) would
    // slow the host's window and server too.
    sched_param parameters {};
    parameters.sched_priority = sched_get_priority_min (SCHED_OTHER);
    return pthread_setschedparam (pthread_self(), SCHED_OTHER, &parameters) == 0;
}

void WorkerPriority::beforeWaiting()
{
}

int WorkerPriority::priorityToTake() const
{
    return sched_get_priority_min (SCHED_FIFO);
}

bool WorkerPriority::take (int wanted)
{
    sched_param parameters {};
    parameters.sched_priority = wanted;

    if (pthread_setschedparam (pthread_self(), SCHED_FIFO, &parameters) != 0)
        return false;

    priority = wanted;
    return true;
}

int WorkerPriority::highestRealtimePriorityOf (int)
{
    return 0; // not known: see above
}

} // namespace wavecraft
