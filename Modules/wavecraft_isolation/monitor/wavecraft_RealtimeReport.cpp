namespace wavecraft
{

namespace
{
    const char* describeRule (RealtimeRule rule)
    {
        switch (rule)
        {
            case RealtimeRule::allocation: return "the audio thread must not allocate";
            case RealtimeRule::deallocation: return "the audio thread must not free memory";
            case RealtimeRule::lock: return "the audio thread must not wait on a lock";
            case RealtimeRule::systemCall: return "the audio thread must not make system calls";
            case RealtimeRule::bufferUnderrun:
            case RealtimeRule::bufferOverrun: return "a plugin must stay inside its buffers";
        }

        return "";
    }

    /** The ABI's name of a call the monitor arms for; null for anything
        else, which is not believed.
    */
    const char* nameArmedCall (uint32_t call)
    {
        switch (call)
        {
            case (uint32_t) PluginCall::process: return "process";
            case (uint32_t) PluginCall::applyPlainValues: return "apply_plain_values";
            case (uint32_t) PluginCall::reset: return "reset";
            default: return nullptr;
        }
    }
} // namespace

juce::String RealtimeReport::getSystemCallName (uint32_t number)
{
#if JUCE_LINUX
#define WAVECRAFT_SYSCALL(name) { (uint32_t) SYS_##name, #name },
    static const std::pair<uint32_t, const char*> names[] = {
        WAVECRAFT_SYSCALL (read) WAVECRAFT_SYSCALL (write) WAVECRAFT_SYSCALL (openat) WAVECRAFT_SYSCALL (close)
            WAVECRAFT_SYSCALL (mmap) WAVECRAFT_SYSCALL (munmap) WAVECRAFT_SYSCALL (mprotect) WAVECRAFT_SYSCALL (madvise)
                WAVECRAFT_SYSCALL (brk) WAVECRAFT_SYSCALL (futex) WAVECRAFT_SYSCALL (nanosleep) WAVECRAFT_SYSCALL (clock_nanosleep)
                    WAVECRAFT_SYSCALL (clock_gettime) WAVECRAFT_SYSCALL (gettimeofday) WAVECRAFT_SYSCALL (getpid) WAVECRAFT_SYSCALL (gettid)
                        WAVECRAFT_SYSCALL (ioctl) WAVECRAFT_SYSCALL (sched_yield) WAVECRAFT_SYSCALL (writev) WAVECRAFT_SYSCALL (readv)
                            WAVECRAFT_SYSCALL (pread64) WAVECRAFT_SYSCALL (pwrite64) WAVECRAFT_SYSCALL (lseek) WAVECRAFT_SYSCALL (fstat)
                                WAVECRAFT_SYSCALL (newfstatat) WAVECRAFT_SYSCALL (getrandom) WAVECRAFT_SYSCALL (rt_sigprocmask)
                                    WAVECRAFT_SYSCALL (rt_sigaction) WAVECRAFT_SYSCALL (kill) WAVECRAFT_SYSCALL (tgkill) WAVECRAFT_SYSCALL (sendto)
                                        WAVECRAFT_SYSCALL (recvfrom) WAVECRAFT_SYSCALL (socket) WAVECRAFT_SYSCALL (connect) WAVECRAFT_SYSCALL (getuid)
                                            WAVECRAFT_SYSCALL (exit) WAVECRAFT_SYSCALL (exit_group) WAVECRAFT_SYSCALL (clone) WAVECRAFT_SYSCALL (mremap)
#if defined(SYS_open)
                                                WAVECRAFT_SYSCALL (open) WAVECRAFT_SYSCALL (stat) WAVECRAFT_SYSCALL (poll)
#endif
    };
#undef WAVECRAFT_SYSCALL

    for (const auto& [known, name] : names)
        if (known == number)
            return name;
#endif

    return "system call " + juce::String (number);
}

juce::String RealtimeReport::describe (const Violation& violation)
{
    const auto samples = [] (uint64_t count)
    { return juce::String ((juce::int64) count) + (count == 1 ? " sample" : " samples"); };

    const auto place = violation.stack.empty() ? juce::String() : " at " + StackSymbolizer::describe (violation.stack.front());

    if (violation.rule == RealtimeRule::bufferUnderrun)
        return violation.call + "() wrote before the start of the " + violation.what + " (" + samples (violation.bytes) + " before it)" + place
            + ": " + describeRule (violation.rule);

    // Only the zone after a block is watched, so a write may have gone further.
    if (violation.rule == RealtimeRule::bufferOverrun)
        return violation.call + "() wrote past the end of the " + violation.what + " (at least " + samples (violation.bytes) + " beyond its "
            + juce::String (violation.blockSamples) + ")" + place + ": " + describeRule (violation.rule);

    auto text = violation.call + "() called " + violation.what;

    if (violation.rule == RealtimeRule::allocation && violation.bytes > 0)
        text << " (" << countOf ((juce::int64) violation.bytes, "byte", "bytes") << ")";

    text << (violation.stack.empty() ? juce::String (" outside the plugin's own code")
                                     : " at " + StackSymbolizer::describe (violation.stack.front()));
    return text + ": " + describeRule (violation.rule);
}

std::optional<RealtimeReport::Violation> RealtimeReport::read (const RealtimeFinding& place) const
{
    const auto rule = place.rule;
    const auto* call = nameArmedCall (place.call);

    if (rule < (uint32_t) RealtimeRule::allocation || rule > (uint32_t) RealtimeRule::bufferOverrun || call == nullptr)
        return std::nullopt;

    Violation violation;
    violation.rule = (RealtimeRule) rule;
    violation.call = call;

    const auto isBufferRule = violation.rule == RealtimeRule::bufferUnderrun || violation.rule == RealtimeRule::bufferOverrun;

    if (isBufferRule && place.what <= 1)
        violation.what = place.what == 0 ? "left channel" : "right channel"; // as every other message names them
    else if (violation.rule == RealtimeRule::systemCall)
        violation.what = getSystemCallName (place.what);
    else if (const auto* name = getMonitoredFunctionName (place.what))
        violation.what = name;
    else
        return std::nullopt;

    violation.bytes = place.bytes;
    violation.blockSamples = isBufferRule ? juce::jmin (place.blockSamples, (uint32_t) WorkerChannel::maxBlockSize) : 0;
    violation.count = place.count.load (std::memory_order_relaxed);
    violation.firstSeenNanos = place.firstSeenNanos;
    violation.lastSeenNanos = place.lastSeenNanos.load (std::memory_order_relaxed);

    for (uint32_t i = 0; i < juce::jmin (place.numFrames, (uint32_t) RealtimeFinding::maxFrames); ++i)
        for (auto& frame : symbolizer->describe (place.frames[i]))
            violation.stack.push_back (std::move (frame));

    // The developer's own code first: the standard library's inlined
    // helpers (an allocator inside std::vector) go.
    while (violation.stack.size() > 1 && StackSymbolizer::isToolchainSource (violation.stack.front()))
        violation.stack.erase (violation.stack.begin());

    return violation;
}

std::vector<RealtimeReport::Violation> RealtimeReport::update (const RealtimeFindings& findings)
{
    watched = findings.watching.load (std::memory_order_acquire);
    const auto path = juce::String::fromUTF8 (findings.libraryPath, (int) juce::jmin (findings.libraryPathLength, (uint32_t) RealtimeFindings::pathCapacity));

    if (symbolizer == nullptr || path != symbolizedPath)
    {
        const auto name = juce::String::fromUTF8 (findings.libraryName, (int) juce::jmin (findings.libraryNameLength, (uint32_t) sizeof (findings.libraryName)));
        symbolizer = std::make_unique<StackSymbolizer> (juce::File::isAbsolutePath (path) ? juce::File (path) : juce::File(), name);
        symbolizedPath = path;
    }

    std::vector<Violation> added;
    const std::lock_guard<std::mutex> guard (lock);

    for (size_t i = 0; i < (size_t) RealtimeFindings::capacity; ++i)
    {
        const auto& place = findings.places[i];

        if (place.published.load (std::memory_order_acquire) != 1)
            break; // places are published in order

        if (i < violations.size())
        {
            violations[i].count = place.count.load (std::memory_order_relaxed);
            violations[i].lastSeenNanos = place.lastSeenNanos.load (std::memory_order_relaxed);
            continue;
        }

        auto violation = read (place);

        if (! violation.has_value())
            break; // not the worker's writing: believe nothing after it

        violations.push_back (*violation);
        added.push_back (*violation);
    }

    return added;
}

std::vector<RealtimeReport::Violation> RealtimeReport::getViolations() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return violations;
}

} // namespace wavecraft
