namespace wavecraft
{

// Neither syscall user dispatch nor ELF imports to redirect: nothing is
// watched, and RealtimeFindings::watching says so.
void RealtimeMonitor::start (const PluginLibrary&, RealtimeFindings& findings)
{
    findings.watching.store (0, std::memory_order_release);
}

void RealtimeMonitor::noteLibrariesBeforePlugin() {}

void RealtimeMonitor::arm (PluginCall) noexcept {}

void RealtimeMonitor::disarm() noexcept {}

RealtimeMonitor::Pause::Pause() noexcept
    : call (PluginCall::none)
{
}

RealtimeMonitor::Pause::~Pause() {}

void RealtimeMonitor::guardBlocks (float**, int, int, int) noexcept {}

void RealtimeMonitor::checkBlocks() noexcept {}

bool RealtimeMonitor::springBufferTrap (const siginfo_t*, void*) noexcept
{
    return false;
}

} // namespace wavecraft
