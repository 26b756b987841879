namespace wavecraft
{

juce::File WorkerProcess::getOwnExecutable()
{
    // However this binary was started (a name found on PATH, a build since
    // written over it): the kernel's link, not argv[0].
    return juce::File ("/proc/self/exe");
}

void WorkerProcess::closeDescriptorsFrom (int first)
{
    if (::syscall (SYS_close_range, (unsigned) first, ~0u, 0u) != 0)
        for (int fd = first; fd < 4096; ++fd)
            ::close (fd);
}

bool WorkerProcess::isBeingDebugged (pid_t processId)
{
    const auto status = juce::File ("/proc/" + juce::String ((int) processId) + "/status").loadFileAsString();
    const auto tracer = status.fromFirstOccurrenceOf ("TracerPid:", false, false).upToFirstOccurrenceOf ("\n", false, false);
    return tracer.trim().getIntValue() != 0;
}

} // namespace wavecraft
