namespace wavecraft
{

static_assert (sizeof (std::atomic<uint32_t>) == sizeof (uint32_t), "the futex word must be the atomic itself");

std::unique_ptr<WorkerLink> WorkerLink::createForHost (juce::String&)
{
    return std::unique_ptr<WorkerLink> (new WorkerLink());
}

std::unique_ptr<WorkerLink> WorkerLink::openInWorker (juce::String&)
{
    return std::unique_ptr<WorkerLink> (new WorkerLink());
}

WorkerLink::~WorkerLink() = default;

std::vector<int> WorkerLink::getDescriptorsForWorker() const
{
    return {};
}

int WorkerLink::getNumInheritedDescriptors() noexcept
{
    return 0;
}

void WorkerLink::ring (Bell, std::atomic<uint32_t>& word) noexcept
{
    // Not FUTEX_PRIVATE_FLAG: the sleeper is in the other process.
    ::syscall (SYS_futex, reinterpret_cast<uint32_t*> (&word), FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

void WorkerLink::waitWhileEquals (Bell, std::atomic<uint32_t>& word, uint32_t value, int timeoutMs) noexcept
{
    const timespec timeout { timeoutMs / 1000, (long) (timeoutMs % 1000) * 1000000L };
    ::syscall (SYS_futex, reinterpret_cast<uint32_t*> (&word), FUTEX_WAIT, value, &timeout, nullptr, 0);
}

void WorkerLink::dieWithHost()
{
    // The signal comes when the thread that started the worker ends: the
    // host's SpareWorker starts workers on a thread that lives as long as it.
    ::prctl (PR_SET_PDEATHSIG, SIGKILL);
}

} // namespace wavecraft
